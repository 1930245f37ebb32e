"""The command line: parses options, calls the library, prints. The only module that uses click.

Every `TranslatorError` is turned into `Error: <place>: <message>` lines on stderr here, and
nowhere else; its exit code is 1, or 2 for usage errors.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import click

from translator import __version__

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from translator.errors import TranslatorError
    from translator.glossary import Entry, EntryChanges, Glossary
    from translator.progress import Steps
    from translator.workspace import Workspace

# Library modules are imported inside the commands that use them, so that `translator --help`,
# `--version` and shell completion load click and little else (tests/test_startup.py).

F = TypeVar("F", bound=Callable[..., Any])


class _Reported(click.ClickException):
    """A TranslatorError on its way out: one `Error:` line per problem."""

    def __init__(self, error: TranslatorError) -> None:
        super().__init__(str(error))
        self.error = error
        self.exit_code = error.exit_code  # type: ignore[misc]  # click reads it per instance

    def show(self, file: Any = None) -> None:
        for problem in self.error.problems:
            click.echo(f"Error: {problem}", err=True)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        from translator.errors import TranslatorError

        try:
            return super().invoke(ctx)
        except TranslatorError as error:
            raise _Reported(error) from None
        except OSError as error:  # what the system refused on reading (writes report their own)
            raise _Reported(_system_error(error)) from None


def _system_error(error: OSError) -> TranslatorError:
    from translator.errors import TranslatorError

    reason = error.strerror or str(error)
    place = error.filename if error.filename is not None else None
    return TranslatorError(reason[0].lower() + reason[1:] if reason else "the system refused", file=str(place) if place else None)


class LocaleType(click.ParamType):  # type: ignore[type-arg]
    """A locale in any accepted spelling, given back canonical."""

    name = "locale"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from translator.errors import TranslatorError
        from translator.language.locales import normalize_locale

        try:
            return normalize_locale(str(value))
        except TranslatorError as error:
            self.fail(str(error), param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        from translator.language.locales import LOCALES, display_name

        return [CompletionItem(locale, help=display_name(locale)) for locale in LOCALES
                if locale.lower().startswith(incomplete.lower())]


class LocaleText(click.ParamType):  # type: ignore[type-arg]
    """`LOCALE=TEXT`, as in `--form ja=高市早苗`."""

    name = "locale=text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        from translator.errors import TranslatorError
        from translator.language.locales import normalize_locale

        locale, equals, text = str(value).partition("=")
        if not equals:
            self.fail(f"'{value}' is not LOCALE=TEXT (e.g. en=\"Sanae Takaichi\")", param, ctx)
        try:
            return normalize_locale(locale, spaces_around=True), text
        except TranslatorError as error:
            self.fail(str(error), param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        from translator.language.locales import LOCALES, display_name

        if "=" in incomplete:
            return []
        return [CompletionItem(f"{locale}=", help=display_name(locale)) for locale in LOCALES
                if locale.lower().startswith(incomplete.lower())]


class _LibraryChoice(click.Choice[str]):
    """A choice among values a library module holds (the glossary's types, the catalog's units),
    read when click first needs them, so a command that never parses or shows the option does not
    import that module."""

    def __init__(self, values: Callable[[], Sequence[str]]) -> None:
        super().__init__(())
        self._values = values

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._values())

    @choices.setter
    def choices(self, values: tuple[str, ...]) -> None:
        pass  # click.Choice.__init__ stores its own (empty) choices; ours are read from _values


def _types() -> Sequence[str]:
    from translator.glossary import TYPES

    return TYPES


def _statuses() -> Sequence[str]:
    from translator.glossary import STATUSES

    return STATUSES


def _romanizations() -> Sequence[str]:
    from translator.glossary import ROMANIZATIONS

    return ROMANIZATIONS


def _clearable_fields() -> Sequence[str]:
    from translator.glossary import FIELD_KEYS

    return [key for key in FIELD_KEYS if key != "id"]


def _units() -> Sequence[str]:
    from translator.catalog import UNITS

    return UNITS


def _complete_entry_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Entry ids of the workspace's glossary for shell completion; none if it cannot be read."""
    from click.shell_completion import CompletionItem

    from translator.errors import TranslatorError

    try:
        entries = _workspace(ctx).glossary.load()
    except (TranslatorError, OSError):
        return []
    return [CompletionItem(entry.id, help=entry.form("en").preferred or entry.type)
            for entry in entries if entry.id.startswith(incomplete)]


LOCALE = LocaleType()
LOCALE_TEXT = LocaleText()


def _workspace(ctx: click.Context) -> Workspace:
    from translator.files import places_remembered
    from translator.workspace import find_workspace, load_workspace

    ctx.with_resource(places_remembered())  # (a command is one run: see translator/files.py)
    folder = ctx.find_root().params.get("workspace")
    workspace = load_workspace(Path(folder).resolve()) if folder else find_workspace(Path.cwd())
    for path in workspace.sweep_leftovers():
        click.echo(f"Removed {path}, left by a run that was stopped while writing", err=True)
    return workspace


class _Bar:
    """`Steps` shown as click's progress bar on stderr: one bar per phase, the current article
    and stage beside it."""

    def __init__(self) -> None:
        self._bar: Any = None

    def phase(self, label: str, total: int) -> None:
        self.close()
        self._bar = click.progressbar(length=max(total, 1), label=f"{label:<8}", file=sys.stderr, show_pos=True,
                                      item_show_func=lambda item: item)
        self._bar.__enter__()

    def at(self, text: str) -> None:
        if self._bar is not None:
            self._bar.current_item = text if len(text) <= 60 else "…" + text[-59:]
            self._bar.render_progress()

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.current_item = None
            self._bar.__exit__(None, None, None)
            self._bar = None


@contextmanager
def _steps() -> Iterator[Steps]:
    """A progress bar on stderr when it is a terminal; nothing when it is piped or captured."""
    from translator.progress import SILENT

    if not sys.stderr.isatty():
        yield SILENT
        return
    bar = _Bar()
    try:
        yield bar
    finally:
        bar.close()


SHOWN_PER_FILE = 50  # text output lists at most this many findings per file; --format json has all
_RANK = {"error": 0, "warning": 1, "info": 2}


class _Severe(Protocol):
    @property
    def severity(self) -> str: ...


L = TypeVar("L", bound=_Severe)


def _place(finding: object) -> str:
    """The file a finding is in; glossary findings name an entry, and all are in the glossary."""
    return str(getattr(finding, "file", "the glossary"))


def capped(findings: Sequence[L], command: str) -> Iterator[L | str]:
    """The findings to print, at most SHOWN_PER_FILE per file (errors first, then warnings, kept
    in file order), each file's cut followed by a line saying how many more there are."""
    by_file: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        by_file.setdefault(_place(finding), []).append(index)
    shown: set[int] = set()
    hidden: dict[str, int] = {}
    for file, indexes in by_file.items():
        chosen = sorted(indexes, key=lambda i: (_RANK.get(findings[i].severity, 3), i))[:SHOWN_PER_FILE]
        shown.update(chosen)
        if len(indexes) > len(chosen):
            hidden[file] = len(indexes) - len(chosen)
    last = {indexes[-1]: file for file, indexes in by_file.items()}
    for index, finding in enumerate(findings):
        if index in shown:
            yield finding
        if index in last and last[index] in hidden:
            yield (f"{last[index]}: {hidden[last[index]]} more finding(s) not shown; "
                   f"'{command} --format json' lists every one")


def _format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format", "output_format", type=click.Choice(choices), default=choices[0], show_default=True,
        help="Output format.",
    )


def _jobs_option(function: F) -> F:
    return click.option(
        "--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
        help="Processes to spread the articles over (default: every core this machine lets translator use). "
        "The output is the same whatever N is.",
    )(function)


def _jobs(jobs: int | None) -> int:
    from translator.pool import default_jobs

    return jobs if jobs is not None else default_jobs()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.option(
    "--workspace", "-w", type=click.Path(file_okay=False), default=None,
    help="Workspace folder (default: the nearest folder upward with a translator.toml).",
)
@click.version_option(__version__, prog_name="translator")
def cli(workspace: str | None) -> None:
    """Translate news articles between English, Japanese and Chinese around one glossary.

    \b
    The round trip:
        translator lint --all                  check source articles against the glossary
        translator segment --all               write the PO catalogs translators edit
        translator check                       check their translations
        translator assemble ARTICLE -l ja      publish one translation
        translator build                       all of it, for the whole workspace

    \b
    Example:
        translator glossary find Takaichi
    """


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False), default=".")
@click.option("--source", type=LOCALE, default="en", show_default=True, help="Locale articles are written in.")
@click.option(
    "--targets", default="ja,zh-Hans,zh-Hant", show_default=True,
    help="Comma-separated locales to translate into.",
)
def init(directory: str, source: str, targets: str) -> None:
    """Create a workspace: translator.toml, articles/, glossary/, locales/, exports/, memory/.

    Refuses to touch a folder that already has a translator.toml.

    \b
    Example:
        translator init newsroom --source en --targets ja,zh-Hans,zh-Hant
    """
    from translator.workspace import init_workspace, parse_targets

    target_tags = parse_targets(source, [t for t in targets.split(",") if t.strip()])
    workspace = init_workspace(Path(directory), source, target_tags)
    click.echo(f"Created workspace {workspace.root}: source {source}, targets {', '.join(target_tags)}")


@cli.group()
def glossary() -> None:
    """Keep the glossary of names, titles and terms.

    \b
    Example:
        translator glossary list --missing zh-Hant
    """


def _entry_options(function: F) -> F:
    options = [
        click.option("--type", "entry_type", type=_LibraryChoice(_types), help="Kind of entry."),
        click.option("--status", type=_LibraryChoice(_statuses), help="draft or approved."),
        click.option("--form", "forms", multiple=True, type=LOCALE_TEXT, help="Preferred form, LOCALE=TEXT (repeatable)."),
        click.option("--admitted", multiple=True, type=LOCALE_TEXT, help="Add an admitted form, LOCALE=TEXT."),
        click.option("--forbidden", multiple=True, type=LOCALE_TEXT, help="Add a forbidden (known wrong) form, LOCALE=TEXT."),
        click.option("--family", multiple=True, type=LOCALE_TEXT, help="People: family name, LOCALE=TEXT."),
        click.option("--given", multiple=True, type=LOCALE_TEXT, help="People: given name, LOCALE=TEXT."),
        click.option("--reading", help="People: Japanese reading in kana, family name first."),
        click.option("--romanization", type=_LibraryChoice(_romanizations), help="People: system of the English form."),
        click.option("--holder", "holders", multiple=True, help="Titles: 'PERSON-ID [from YYYY-MM-DD] [to YYYY-MM-DD]'."),
        click.option("--note", help="Note for editors and translators."),
        click.option("--source", "source_text", help="Where the entry was verified."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _changes(options: dict[str, Any], **extra: Any) -> EntryChanges:
    """The CLI's entry options as changes: single values set, repeatable ones append."""
    from translator.glossary import EntryChanges

    settings: list[tuple[str, str]] = []
    for key, name in (("type", "entry_type"), ("status", "status"), ("ja-reading", "reading"),
                      ("romanization", "romanization"), ("note", "note"), ("source", "source_text")):
        if options.get(name) is not None:
            settings.append((key, options[name]))
    for suffix, name in (("", "forms"), ("-family", "family"), ("-given", "given")):
        settings.extend((f"{locale}{suffix}", text) for locale, text in options.get(name, ()))
    appends = [(f"{locale}-{name}", text.strip()) for name in ("admitted", "forbidden")
               for locale, text in options.get(name, ())]
    appends.extend(("holders", text.strip()) for text in options.get("holders", ()))
    return EntryChanges(set=tuple(settings), append=tuple(appends), **extra)


def _warn_shared(glossary: Glossary, entry: Entry) -> None:
    for shared in glossary.shared_forms(entry):
        click.echo(f"Warning: {shared.locale} form '{shared.text}' is also a form of '{shared.other}'", err=True)


@glossary.command()
@click.argument("entry_id")
@_entry_options
@click.option("--suggest/--no-suggest", default=True, show_default=True,
              help="Fill missing ja, zh-Hans and zh-Hant forms by OpenCC conversion, as a draft.")
@click.pass_context
def add(ctx: click.Context, /, entry_id: str, suggest: bool, **options: Any) -> None:
    """Add an entry; refuses an id in use or once used.

    Warns (and still adds) when another entry already has one of the new forms. Missing
    Japanese and Chinese forms are suggested by OpenCC conversion of the others (--no-suggest to
    skip); an entry with a suggested form is stored as a draft. A person's missing family and
    given names are filled in where the other fields tell them (zh-Hans 高市早苗 split like
    ja 高市 / 早苗; the English family name found by romanising the reading), each announced;
    they leave the status alone.

    \b
    Example:
        translator glossary add sanae-takaichi --type person --status approved \\
          --form en="Sanae Takaichi" --admitted en="TAKAICHI Sanae" \\
          --form ja=高市早苗 --family ja=高市 --given ja=早苗 --reading "たかいち さなえ" \\
          --form zh-Hans=高市早苗 --form zh-Hant=高市早苗 --romanization hepburn
    """
    from translator.glossary import build_entry
    from translator.glossary_checks import with_derived_names, with_suggestions

    if options["entry_type"] is None:
        raise click.UsageError("--type is required: " + ", ".join(_types()))
    entry = build_entry(_changes(options).apply({"id": entry_id}))
    suggested: list[tuple[str, str, str]] = []
    if suggest:
        entry, suggested = with_suggestions(entry)  # from glossary_checks

    entry, derived = with_derived_names(entry)  # people's family/given names
    with _workspace(ctx).glossary.editing() as current:
        current.add(entry)
        _warn_shared(current, entry)
    for locale, form, origin in suggested:
        click.echo(f"Suggested {locale} form '{form}' (OpenCC conversion of the {origin} form); "
                   "the entry is a draft until an editor approves it", err=True)
    for split in derived:
        click.echo(f"Derived {split}", err=True)
    click.echo(f"Added {entry.id} ({entry.type}, {entry.status})")


@glossary.command()
@click.argument("entry_id", shell_complete=_complete_entry_ids)
@_entry_options
@click.option("--remove-form", multiple=True, type=LOCALE_TEXT, help="Remove an admitted or forbidden form, LOCALE=TEXT.")
@click.option("--remove-holder", multiple=True, metavar="PERSON-ID", shell_complete=_complete_entry_ids, help="Remove a person's holder lines.")
@click.option("--clear", multiple=True, type=_LibraryChoice(_clearable_fields), help="Empty a field.")
@click.pass_context
def edit(ctx: click.Context, /, entry_id: str, remove_form: tuple[tuple[str, str], ...],
         remove_holder: tuple[str, ...], clear: tuple[str, ...], **options: Any) -> None:
    """Change an entry's fields.

    Single values (--form, --type, --note, ...) are replaced and an empty value clears them
    (--note ""); --admitted, --forbidden and --holder add to their lists.

    \b
    Example:
        translator glossary edit tadamori-oshima --admitted en="Tadamori Ōshima" --status approved
    """
    from translator.glossary import build_entry, entry_fields

    changes = _changes(options, clear=clear, remove_forms=remove_form,
                       remove=tuple(("holders", person) for person in remove_holder))
    with _workspace(ctx).glossary.editing() as current:
        old = current[entry_id]
        entry = build_entry(changes.apply(entry_fields(old)))
        if entry == old:
            click.echo(f"No change to {entry_id}")
            return
        current.replace(entry)
        _warn_shared(current, entry)
    click.echo(f"Changed {entry_id}")


@glossary.command()
@click.argument("entry_id", shell_complete=_complete_entry_ids)
@click.pass_context
def remove(ctx: click.Context, entry_id: str) -> None:
    """Remove an entry; its id is retired and never given out again.

    Refuses to remove a person still listed as the holder of a title.

    \b
    Example:
        translator glossary remove old-entry
    """
    with _workspace(ctx).glossary.editing() as current:
        entry = current.remove(entry_id)
    click.echo(f"Removed {entry.id} ({entry.type}); the id is retired")


def _json(value: object) -> str:
    """`--format json` output: readable, and CJK kept as it is."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=2)


def _json_fields(entry: Entry) -> dict[str, Any]:
    from translator.glossary import entry_fields

    return {key: list(value) if isinstance(value, tuple) else value for key, value in entry_fields(entry).items()}


@glossary.command()
@click.argument("entry_id", shell_complete=_complete_entry_ids)
@_format_option("text", "json")
@click.pass_context
def show(ctx: click.Context, entry_id: str, output_format: str) -> None:
    """Show every field of one entry.

    \b
    Example:
        translator glossary show liu-jinsong
    """
    from translator.glossary import FIELD_KEYS, entry_fields

    entry = _workspace(ctx).glossary.load()[entry_id]
    if output_format == "json":
        click.echo(_json(_json_fields(entry)))
        return
    width = max(len(key) for key in FIELD_KEYS)
    for key, value in entry_fields(entry).items():
        lines = list(value) if isinstance(value, tuple) else value.split("\n")
        click.echo(f"{key:<{width}}  {lines[0]}")
        for line in lines[1:]:
            click.echo(f"{'':<{width}}  {line}")


def _print_entries(entries: list[Entry], output_format: str) -> None:
    from translator.formats.spreadsheet import write_csv
    from translator.language.locales import LOCALES
    from translator.tables import render_table

    if output_format == "json":
        click.echo(_json([_json_fields(entry) for entry in entries]))
    elif output_format == "csv":
        write_csv(entries, sys.stdout)
    else:
        rows = [[entry.id, entry.type, entry.status, *(entry.form(locale).preferred for locale in LOCALES)]
                for entry in entries]
        click.echo(render_table(["id", "type", "status", *LOCALES], rows))


@glossary.command(name="list")
@click.option("--type", "types", multiple=True, type=_LibraryChoice(_types), help="Only entries of this type (repeatable).")
@click.option("--status", "statuses", multiple=True, type=_LibraryChoice(_statuses), help="Only entries with this status.")
@click.option("--missing", type=LOCALE, help="Only entries without a preferred form in this locale.")
@_format_option("table", "json", "csv")
@click.pass_context
def list_entries(ctx: click.Context, types: tuple[str, ...], statuses: tuple[str, ...],
                 missing: str | None, output_format: str) -> None:
    """List entries in id order, filtered by type, status or a missing locale.

    \b
    Example:
        translator glossary list --type person --missing zh-Hant
    """
    entries = _workspace(ctx).glossary.load().select(types=types, statuses=statuses, missing=missing)
    _print_entries(entries, output_format)
    if output_format == "table":
        click.echo(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}", err=True)


@glossary.command()
@click.argument("text")
@_format_option("table", "json")
@click.pass_context
def find(ctx: click.Context, text: str, output_format: str) -> None:
    """Find entries by any form in any script, ignoring case, width and accents.

    Each match is shown with its preferred form in every locale of the workspace (search
    'Oshima' to learn the Japanese and Chinese forms). Exits 1 when nothing matches, like grep.

    \b
    Example:
        translator glossary find Ōshima
    """
    from translator.tables import render_table

    workspace = _workspace(ctx)
    matches = workspace.glossary.find(text)
    locales = [workspace.source, *workspace.targets]
    if output_format == "json":
        click.echo(_json(
            [{"id": m.entry.id, "type": m.entry.type, "locale": m.locale, "matched": m.text, "as": m.role,
              "forms": {locale: m.entry.form(locale).preferred for locale in locales}}
             for m in matches]))
    elif matches:
        rows = [[m.entry.id, m.entry.type, f"{m.locale} {m.role}", m.text,
                 *(m.entry.form(locale).preferred for locale in locales)] for m in matches]
        click.echo(render_table(["id", "type", "matched as", "text", *locales], rows))
    if not matches:
        click.echo(f"No glossary entry matches '{text}'", err=True)
        ctx.exit(1)


@glossary.command(name="suggest")
@click.argument("articles", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--all", "every", is_flag=True, help="Every article in the workspace.")
@click.option("--source", type=LOCALE, help="The articles' locale (default: the locale each was segmented "
              "in, else the workspace's source locale).")
@_format_option("table", "json")
@click.pass_context
def glossary_suggest(ctx: click.Context, /, articles: tuple[str, ...], every: bool, source: str | None,
                     output_format: str) -> None:
    """List names, titles and organisations the articles use that the glossary lacks.

    Most frequent first, each with the 'translator glossary add' command that would add it.

    \b
    Example:
        translator glossary suggest articles/japan-china-talks.txt
    """
    from translator.workspace import all_articles, article_name, article_source
    from translator.formats.article import Article, read_article
    from translator.suggest import suggest_entries

    workspace = _workspace(ctx)
    paths = [Path(name) for name in articles] + (all_articles(workspace) if every else [])
    if not paths:
        raise click.UsageError(_no_articles(workspace, every))
    glossary = workspace.glossary.load()
    by_locale: dict[str, list[Article]] = {}
    for path in dict.fromkeys(paths):
        article = read_article(path, article_name(workspace, path))
        by_locale.setdefault(article_source(workspace, article, source), []).append(article)
    found = sorted((suggestion for locale, parsed in by_locale.items()
                    for suggestion in suggest_entries(parsed, glossary, locale)), key=lambda s: -s.count)
    if output_format == "json":
        click.echo(_json([{"text": s.text, "type": s.type, "count": s.count, "command": s.command} for s in found]))
        return
    for suggestion in found:
        click.echo(f"{suggestion.count:4}  {suggestion.text}  [{suggestion.type}]")
        click.echo(f"      {suggestion.command}")
    if not found:
        click.echo("The glossary has every name these articles use.", err=True)


@glossary.command(name="check")
@_format_option("text", "json")
@click.pass_context
def glossary_check(ctx: click.Context, /, output_format: str) -> None:
    """Check every entry: romanisation of names, scripts of forms, missing forms and name splits.

    Japanese people's English forms must be a Hepburn spelling of their kana reading, with
    macrons only on the vowels it lengthens; Chinese people romanised in pinyin must match their
    characters; zh-Hans, zh-Hant and ja forms must be written in their own script (no kana in
    Chinese). Missing forms get an OpenCC suggestion; a person without a family or given name in
    a locale gets the split derived from the other forms. Exits 1 on errors.

    \b
    Example:
        translator glossary check --format json
    """
    from translator.glossary_checks import recorded_findings
    from translator.pool import default_jobs

    workspace = _workspace(ctx)
    _report(ctx, recorded_findings(workspace, *workspace.glossary.load_with_key(), jobs=default_jobs()), output_format)


@glossary.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--tbx-version", type=click.Choice(["3", "2"]), help="For .tbx: TBX v3 (TBX-Basic, the default) "
              "or TBX v2 (TBX 2008 martif, as translate-toolkit and Weblate read it).")
@click.option("--locale", "-l", "locale", type=LOCALE, help="For .tsv (OmegaT): the target locale of the file.")
@click.option("--source", type=LOCALE, help="For .tsv (OmegaT): the source locale (default: the workspace's).")
@click.pass_context
def export(ctx: click.Context, file: str, tbx_version: str | None, locale: str | None, source: str | None) -> None:
    """Export the glossary to an .xlsx or .csv spreadsheet for editors, to .tbx (TBX-Basic v3, or
    v2 with --tbx-version 2), or to OmegaT's tab-separated glossary for one target locale (.tsv,
    .utf8, .txt or .tab, with --locale). What the format has no place for is said in `Note:` lines.

    \b
    Example:
        translator glossary export exports/glossary.xlsx
        translator glossary export exports/glossary.tbx --tbx-version 2
        translator glossary export exports/glossary-ja.utf8 --locale ja
    """
    from translator.exchange import exchange_for, export_glossary

    workspace = _workspace(ctx)
    entries = workspace.glossary.load()
    exchange = exchange_for(Path(file), workspace.source, tbx_version, locale, source)
    for note in export_glossary(entries, Path(file), exchange, workspace.root):
        click.echo(f"Note: {note}", err=True)
    click.echo(f"Exported {len(entries)} entries to {file}")


@glossary.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Only print what would be added, changed and removed.")
@click.option("--prune", is_flag=True, help="Remove entries absent from the file (rows of a sheet, entries of a .tbx).")
@click.option("--locale", "-l", "locale", type=LOCALE, help="For .tsv (OmegaT): the target locale of the file.")
@click.option("--source", type=LOCALE, help="For .tsv (OmegaT): the source locale (default: the workspace's).")
@click.pass_context
def import_sheet(ctx: click.Context, file: str, dry_run: bool, prune: bool, locale: str | None,
                 source: str | None) -> None:
    """Import an edited .xlsx or .csv, a .tbx (TBX v3 or v2, told apart by the root element), or
    an OmegaT glossary (.tsv, .utf8, .txt or .tab, with --locale); all or nothing.

    Every problem is reported with its cell (glossary.xlsx!D14) or line and nothing changes until
    the whole file is right. Columns absent from the sheet keep their values; rows absent from it
    are kept unless --prune. A TBX file changes only what it holds: locales it has no terms in
    and fields it lacks keep their values (docs/cat-tools.md). An OmegaT line sets the target locale's preferred form of the entry whose source form
    it gives, or adds a draft term entry.

    \b
    Example:
        translator glossary import exports/glossary.xlsx --dry-run
        translator glossary import exports/glossary-ja.utf8 --locale ja
    """
    from translator.exchange import exchange_for, read_import
    from translator.formats.spreadsheet import describe_plan

    workspace = _workspace(ctx)
    store = workspace.glossary
    planned = read_import(Path(file), file, exchange_for(Path(file), workspace.source, None, locale, source), prune)
    if dry_run:
        plan = planned(store.load())
    else:
        with store.editing() as current:
            plan = planned(current)
            plan.apply(current)
    for note in plan.notes:
        click.echo(f"Note: {note}", err=True)
    for line in describe_plan(plan):
        click.echo(line)
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {file}: {len(plan.added)} added, {len(plan.changed)} changed, "
               f"{len(plan.removed)} removed, {plan.unchanged} unchanged")


class SourceType(click.ParamType):  # type: ignore[type-arg]
    """A locale, or 'auto' to detect it."""

    name = "locale|auto"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return "auto" if str(value) == "auto" else LOCALE.convert(value, param, ctx)


@cli.command()
@click.argument("articles", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--all", "every", is_flag=True, help="Every article in the workspace's articles folder.")
@click.option("--source", type=SourceType(), help="The articles' locale, or 'auto' to detect it "
              "(default: the workspace's source locale).")
@click.option("--by", type=_LibraryChoice(_units), help="One message per sentence, or per paragraph "
              "(default: what the article was segmented by before, else sentence).")
@_jobs_option
@click.pass_context
def segment(ctx: click.Context, /, articles: tuple[str, ...], every: bool, source: str | None, by: str | None,
            jobs: int | None) -> None:
    """Write an article's template and its catalog for every target locale, or bring them up to date.

    Re-running after the article changed keeps every translation: unchanged messages keep
    theirs, edited ones get the closest previous translation as fuzzy, removed ones become
    obsolete, and new ones are filled from other catalogs of the locale where possible.

    An article remembers its source locale and --by in its template's header; later runs (and
    build, status, check, assemble, lint) use them. Giving a different --source or --by changes
    them, and says so.

    \b
    Example:
        translator segment articles/japan-china-talks.txt
        translator segment --all --source auto
    """
    from translator.extraction import segment_articles
    from translator.memo import file_facts
    from translator.workspace import all_articles, workspace_name

    workspace = _workspace(ctx)
    paths = [Path(name) for name in articles]
    if every:
        paths += [path for path in all_articles(workspace) if path not in paths]
    if not paths:
        raise click.UsageError(_no_articles(workspace, every))
    with _steps() as steps, file_facts(workspace.root):
        glossary, glossary_key = workspace.glossary.load_with_key(_size(paths[0]) if len(paths) == 1 else None)
        results = segment_articles(workspace, paths, glossary, source, by, steps, glossary_key, _jobs(jobs))
    for result in results:
        for change in result.changes:
            click.echo(f"Note: {result.article.name}: {change}", err=True)
        click.echo(f"{result.article.name} ({result.source}, {result.messages} messages) -> "
                   f"{workspace_name(workspace, result.template)}")
        for catalog in result.catalogs:
            s = catalog.summary
            click.echo(f"  {catalog.locale:<8} {s.new} new, {s.changed} changed, {s.unchanged} unchanged, "
                       f"{s.obsolete} obsolete, {s.from_memory} from memory  {workspace_name(workspace, catalog.path)}")


@cli.command()
@click.argument("article", type=click.Path(dir_okay=False))
@click.option("--locale", "-l", "locale", type=LOCALE, required=True, help="The locale to publish.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Where to write (default: exports/<slug>.<locale>.<ext>).")
@click.option("--catalog", type=click.Path(dir_okay=False), help="The catalog to use (default: the article's in locales/).")
@click.option("--fallback", type=click.Choice(["source"]), help="Keep the source text of missing segments.")
@click.option("--min-translated", type=click.FloatRange(0, 100), metavar="PCT",
              help="Publish with the source text for missing segments if at least PCT percent are translated.")
@click.pass_context
def assemble(ctx: click.Context, /, article: str, locale: str, output: str | None, catalog: str | None,
             fallback: str | None, min_translated: float | None) -> None:
    """Write the article in LOCALE from its translated catalog, with the source's structure.

    Untranslated and fuzzy segments stop the assembly, listed with their place, unless
    --fallback source or --min-translated allow a partial version.

    \b
    Example:
        translator assemble articles/japan-china-talks.txt --locale ja
    """
    from translator.assembly import assemble_article
    from translator.workspace import workspace_name

    workspace = _workspace(ctx)
    published = assemble_article(workspace, Path(article), locale, Path(output) if output else None,
                                 Path(catalog) if catalog else None, fallback == "source", min_translated)
    result = published.assembly
    for item in result.missing:
        click.echo(f"Warning: {item.reference}: {item.state}, kept in the source language: {item.source[:60]}", err=True)
    click.echo(f"Wrote {workspace_name(workspace, published.path)} ({result.translated} of {result.total} segments "
               f"translated, {result.percent:.0f}%)")


@cli.command()
@click.argument("article", type=click.Path(dir_okay=False))
@click.option("--locale", "-l", "locale", type=LOCALE, required=True, help="The locale to review.")
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="Where to write (default: exports/review/<slug>.<locale>.html).")
@click.pass_context
def review(ctx: click.Context, /, article: str, locale: str, output: str | None) -> None:
    """Write a review page: source and translation side by side, glossary names marked, findings in place.

    One self-contained HTML file that opens without a connection: each segment as a row with
    its state (fuzzy, untranslated, stale), glossary mentions in both columns (hover or focus
    one for the entry), and every lint and check finding at its row and in a findings panel.

    \b
    Example:
        translator review articles/japan-china-talks.txt --locale ja
    """
    from translator.workspace import workspace_name
    from translator.review import write_review

    workspace = _workspace(ctx)
    written = write_review(workspace, Path(article), locale, Path(output) if output else None)
    click.echo(f"Wrote {workspace_name(workspace, written.path)} ({written.review.segments} segments, "
               f"{len(written.review.findings)} findings)")


@cli.command(name="check")
@click.argument("articles", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--locale", "-l", "locales", multiple=True, type=LOCALE, help="Only this locale (repeatable).")
@_format_option("text", "json")
@_jobs_option
@click.pass_context
def check_command(ctx: click.Context, /, articles: tuple[str, ...], locales: tuple[str, ...], output_format: str,
                  jobs: int | None) -> None:
    """Check translated catalogs: glossary followed, right language and script, nothing dropped.

    Prints every finding with its file and line, check code and severity; exits 1 if any is an
    error. Without ARTICLE, checks every article of the workspace.

    \b
    Example:
        translator check articles/japan-china-talks.txt --locale zh-Hant
    """
    from translator.checks import check_articles
    from translator.memo import file_facts
    from translator.workspace import all_articles

    workspace = _workspace(ctx)
    paths = [Path(name) for name in articles] or all_articles(workspace)
    with _steps() as steps, file_facts(workspace.root):
        findings = check_articles(workspace, paths, list(locales) or None, steps=steps, jobs=_jobs(jobs))
    _report(ctx, findings, output_format, _rerun("check", articles, *(f"--locale {locale}" for locale in locales)))


class _Reportable(Protocol):
    @property
    def severity(self) -> str: ...

    def as_dict(self) -> dict[str, object]: ...


def _rerun(command: str, articles: Sequence[str], *options: str) -> str:
    """The command line that repeats a run (for the pointer to its complete JSON output)."""
    return " ".join(["translator", command, *articles, *options])


def _report(ctx: click.Context, findings: Sequence[_Reportable], output_format: str, rerun: str | None = None) -> None:
    """Print findings as text lines (at most SHOWN_PER_FILE per file, and a count on stderr) or
    JSON (every one); exit 1 if one is an error."""
    if output_format == "json":
        click.echo(_json([finding.as_dict() for finding in findings]))
    else:
        command = rerun or " ".join(["translator", *ctx.command_path.split()[1:]])
        for line in capped(findings, command):
            click.echo(str(line))
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = sum(1 for f in findings if f.severity == "warning")
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    if any(f.severity == "error" for f in findings):
        ctx.exit(1)


@cli.command()
@click.argument("articles", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--all", "every", is_flag=True, help="Every article in the workspace.")
@click.option("--source", type=LOCALE, help="The articles' locale (default: the locale each was segmented "
              "in, else the workspace's source locale).")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="The date titles are checked on "
              "(default: the front matter's date).")
@_format_option("text", "json")
@_jobs_option
@click.pass_context
def lint(ctx: click.Context, /, articles: tuple[str, ...], every: bool, source: str | None,
         day: Any, output_format: str, jobs: int | None) -> None:
    """Check source articles against the glossary before they are segmented.

    Reports near-miss names (Shinzo Abbe, Xi Jingping, 高市早菜), forbidden forms, titles
    given to someone who did not hold them on the article's date, and people written in several
    forms, each with line, column, span and the glossary's preferred form. Exits 1 on errors.

    \b
    Example:
        translator lint articles/japan-china-talks.txt --date 2025-11-18
    """
    from translator.workspace import all_articles
    from translator.lint import lint_articles
    from translator.memo import file_facts

    workspace = _workspace(ctx)
    paths = [Path(name) for name in articles] + (all_articles(workspace) if every else [])
    if not paths:
        raise click.UsageError(_no_articles(workspace, every))
    with _steps() as steps, file_facts(workspace.root):
        findings = lint_articles(workspace, paths, source, day.date() if day else None, steps=steps, jobs=_jobs(jobs))
    options = ["--all"] if every else []
    options += [f"--source {source}"] if source else []
    options += [f"--date {day.date().isoformat()}"] if day else []
    _report(ctx, findings, output_format, _rerun("lint", articles, *options))


def _bar(percent: float, width: int = 10) -> str:
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


@cli.command()
@click.argument("articles", nargs=-1, type=click.Path(dir_okay=False))
@_format_option("table", "json")
@click.pass_context
def status(ctx: click.Context, /, articles: tuple[str, ...], output_format: str) -> None:
    """How far every translation is: entries and words per article and locale.

    \b
    Example:
        translator status
    """
    from translator.language.locales import display_name
    from translator.status import progress
    from translator.tables import render_table

    workspace = _workspace(ctx)
    with _steps() as steps:
        rows = progress(workspace, [Path(name) for name in articles] or None, steps)
    if output_format == "json":
        click.echo(_json([
            {"article": r.article, "locale": r.locale, "language": display_name(r.locale), "catalog": r.catalog,
             "translated": r.translated, "fuzzy": r.fuzzy, "untranslated": r.untranslated,
             "translated_words": r.translated_words, "total_words": r.total_words, "percent": round(r.percent, 1)}
            for r in rows]))
        return
    table = [[r.article, f"{display_name(r.locale)} ({r.locale})", str(r.translated), str(r.fuzzy), str(r.untranslated),
              f"{r.translated_words}/{r.total_words}", f"{r.percent:3.0f}% {_bar(r.percent)}"] for r in rows]
    click.echo(render_table(["article", "language", "translated", "fuzzy", "untranslated", "words", "done"], table, 40))
    if not rows:
        click.echo("No catalogs yet: run 'translator segment --all'", err=True)


@cli.command(name="build")
@click.option("--strict", is_flag=True, help="Exit 1 on check errors or incomplete locales (for CI).")
@click.option("--fallback", type=click.Choice(["source"]),
              help="Publish incomplete locales too, with the source text for missing segments.")
@click.option("--min-translated", type=click.FloatRange(0, 100), metavar="PCT",
              help="Publish a locale with the source text for missing segments if at least PCT percent are translated.")
@_jobs_option
@click.pass_context
def build_command(ctx: click.Context, /, strict: bool, fallback: str | None, min_translated: float | None,
                  jobs: int | None) -> None:
    """Refresh, check and publish the whole workspace, and export the glossary.

    Checks the glossary, lints the articles, segments them, checks every catalog, assembles every locale
    that is complete and has no check errors into exports/, writes a review page per article and
    locale into exports/review/, exports the glossary spreadsheet, and ends with what was
    published and what needs a human. --fallback source and
    --min-translated publish incomplete locales as 'translator assemble' does; a locale with
    check errors is never published.

    \b
    Example:
        translator build --strict
        translator build --min-translated 80
    """
    from translator.build import build
    from translator.workspace import workspace_name
    from translator.language.locales import display_name

    workspace = _workspace(ctx)
    with _steps() as steps:
        report = build(workspace, fallback == "source", min_translated, steps, _jobs(jobs))
    for glossary_line in capped([f for f in report.glossary_findings if f.severity != "info"],
                                "translator glossary check"):
        click.echo(f"glossary {glossary_line}")
    click.echo(f"glossary {len(report.glossary_errors)} error(s), "
               f"{sum(1 for f in report.glossary_findings if f.severity == 'warning')} warning(s)")
    for lint_line in capped(report.lint_findings, "translator lint --all"):
        click.echo(f"lint     {lint_line}")
    lint_errors = sum(1 for f in report.lint_findings if f.severity == "error")
    click.echo(f"lint     {lint_errors} error(s) in the source articles")
    for result in report.segmented:
        for change in result.changes:
            click.echo(f"segment  {result.article.name}: {change}")
        counts = [f"{c.locale} {c.summary.new} new/{c.summary.changed} changed/{c.summary.obsolete} obsolete"
                  for c in result.catalogs]
        click.echo(f"segment  {result.article.name}: {result.messages} messages; {', '.join(counts)}")
    for check_line in capped([f for f in report.findings if f.severity != "info"], "translator check"):
        click.echo(f"check    {check_line}")
    warnings = sum(1 for f in report.findings if f.severity == "warning")
    click.echo(f"check    {len(report.errors)} error(s), {warnings} warning(s)")
    for published in report.published:
        partial = "" if not published.assembly.missing else (
            f", {len(published.assembly.missing)} kept in the source language")
        click.echo(f"publish  {workspace_name(workspace, published.path)} ({published.assembly.total} segments{partial})")
    for page in report.reviews:
        click.echo(f"review   {workspace_name(workspace, page)}")
    if report.glossary_export is not None:
        click.echo(f"export   {workspace_name(workspace, report.glossary_export)}")
    click.echo("")
    click.echo(f"Published {len(report.published)} article version(s); {len(report.reviews)} review page(s) "
               f"in {workspace_name(workspace, workspace.folder('exports') / 'review')}/ for the editors.")
    if report.held or report.partial or report.glossary_errors or lint_errors:
        click.echo("Needs a human:")
    if lint_errors:
        click.echo(f"  the source articles: {lint_errors} lint error(s); see 'translator lint --all'")
    for article, locale, why in report.held:
        click.echo(f"  {article} [{locale}, {display_name(locale)}]: {why}")
    for published in report.partial:
        assembly = published.assembly
        click.echo(f"  {workspace_name(workspace, published.path)}: published with {len(assembly.missing)} of "
                   f"{assembly.total} segments in the source language")
    if report.glossary_errors:
        click.echo(f"  the glossary: {len(report.glossary_errors)} error(s); see 'translator glossary check'")
    if strict and (report.errors or report.held or report.partial or report.glossary_errors or lint_errors):
        ctx.exit(1)


@cli.group()
def tm() -> None:
    """Exchange translation memory with CAT tools (OmegaT, memoQ, Trados) as TMX 1.4b.

    \b
    Example:
        translator tm export exports/memory.tmx --locale ja
        translator tm import ~/Downloads/agency.tmx
    """


@tm.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--locale", "-l", "locales", multiple=True, type=LOCALE,
              help="Only translations into this locale (repeatable; default: every locale).")
@click.option("--region-tags", is_flag=True, help="Write en-US, ja-JP, zh-CN, zh-TW rather than en, ja, zh-Hans, "
              "zh-Hant, for tools whose projects name a region (OmegaT).")
@click.pass_context
def tm_export(ctx: click.Context, /, file: str, locales: tuple[str, ...], region_tags: bool) -> None:
    """Export the workspace's translations as a TMX file for CAT tools.

    Every translated message of every article's catalogs (not fuzzy, not obsolete, not empty):
    one unit per source text, with the text in every locale it is translated into, the articles
    it comes from (prop x-article) and the date of its catalog's last revision (changedate).

    \b
    Example:
        translator tm export exports/memory.tmx
        translator tm export exports/memory-ja.tmx --locale ja --region-tags
    """
    from translator.language.locales import LOCALES
    from translator.memory import export_memory

    workspace = _workspace(ctx)
    summary = export_memory(workspace, Path(file), locales, region_tags)
    counts = ", ".join(f"{locale} {summary.by_locale[locale]}" for locale in LOCALES if summary.by_locale[locale])
    click.echo(f"Exported {summary.units} translation unit(s) from {summary.articles} article(s) to {file}"
               + (f" ({counts})" if counts else ""))


SHOWN_SKIPPED = 20  # units left out that `tm import` names one by one


@tm.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--name", help="Keep it as memory/NAME.tmx (default: the file's own name).")
@click.pass_context
def tm_import(ctx: click.Context, /, file: str, name: str | None) -> None:
    """Import a CAT tool's TMX file as translation memory for segment.

    segment fills new messages from it as from the locale's other catalogs: an exact match as
    translated, a close one as fuzzy, each with a comment naming memory/NAME.tmx; a translation
    in a catalog comes first.

    What it holds in the workspace's locales is kept in memory/NAME.tmx (commit it with the
    workspace); importing under the same name again replaces it. Units without text in two of the
    workspace's locales are left out and listed.

    \b
    Example:
        translator tm import ~/Downloads/agency.tmx --name agency
    """
    from translator.workspace import workspace_name
    from translator.memory import import_memory

    workspace = _workspace(ctx)
    summary = import_memory(workspace, Path(file), file, name)
    for problem in summary.skipped[:SHOWN_SKIPPED]:
        click.echo(f"Skipped {problem}", err=True)
    if len(summary.skipped) > SHOWN_SKIPPED:
        click.echo(f"Skipped {len(summary.skipped) - SHOWN_SKIPPED} more unit(s) for the same kinds of reason", err=True)
    pairs = ", ".join(f"{source}->{target} {count}" for (source, target), count in sorted(summary.pairs.items()))
    replaced = " (replacing the previous one)" if summary.replaced else ""
    codes = f"; inline codes dropped from {summary.with_codes}" if summary.with_codes else ""
    click.echo(f"Imported {summary.units} translation unit(s) into {workspace_name(workspace, summary.path)}{replaced}: "
               f"{pairs}; {len(summary.skipped)} skipped{codes}")


def _size(path: Path) -> int | None:
    """The file's size, None if it cannot be known (the command that reads it says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return None


def _no_articles(workspace: Workspace, every: bool) -> str:
    """What to say when a command that works on articles was given none."""
    if not every:
        return "name an article, or pass --all"
    from translator.workspace import workspace_name

    folder = workspace.folder("articles")
    where = workspace_name(workspace, folder)
    if not folder.is_dir():
        return f"--all found no articles: there is no folder {where}/ (folders.articles in translator.toml)"
    return f"--all found no articles in {where}/: add a .txt or .md file there, or name an article"


def main(argv: list[str] | None = None) -> None:
    """The command line run with these arguments (`sys.argv`'s if None); ends with `SystemExit`."""
    from translator.batch import collector_paused

    with collector_paused():  # a command is one batch of work; see translator/batch.py
        cli.main(args=argv, prog_name="translator")


def run() -> None:
    """Console entry point: `main`, then the process ends as at any exit (output flushed, exit
    handlers run) but for freeing, one at a time, every object the run made: a large article's
    millions take CPython 0.05 s that the system, taking the process's memory back at once, does
    not need. Every file the run wrote was closed and moved into place before."""
    import atexit
    import os

    try:
        main()
        code: object = 0
    except SystemExit as done:
        code = done.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # (as Python prints a message it exits with)
        code = 1
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # (a closed pipe: Python exits with 120 then)
        code = code or 120
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    atexit._run_exitfuncs()
    os._exit(code or 0)
