"""The workspace: a folder with a `translator.toml` naming its locales and folders.

Commands find it from the current folder upward (like git) or take it explicitly. Every path the
workspace hands out (articles, templates, catalogs) stays inside its root.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from translator.errors import InputError, Problem, UsageError, WorkspaceError
from translator.files import keep_fact, known_fact, known_real_path, real_folder, signature, sweep_leftovers, write_atomic
from translator.language.locales import normalize_locale

if TYPE_CHECKING:
    from translator.catalog import Settings
    from translator.formats.article import Article
    from translator.formats.glossary_toml import GlossaryStore

# The glossary (and its TOML store) and the catalogs are imported where they are used: `status`
# and every command's start need the workspace's paths, not its glossary (tests/test_startup.py).

CONFIG_NAME = "translator.toml"
FOLDER_KEYS: tuple[str, ...] = ("articles", "glossary", "locales", "exports", "memory")
STATE_FOLDER = ".translator"  # gitignored: locks and caches, never content

@lru_cache(maxsize=256)
def _folder(root: Path, names: tuple[tuple[str, str], ...], key: str) -> Path:
    return root / dict(names)[key]


_TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True, slots=True)
class Workspace:
    """A workspace's root, locales and folders."""

    root: Path
    source: str
    targets: tuple[str, ...]
    folder_names: tuple[tuple[str, str], ...] = tuple((key, key) for key in FOLDER_KEYS)

    def folder(self, key: str) -> Path:
        return _folder(self.root, self.folder_names, key)

    def sweep_leftovers(self) -> list[Path]:
        """Remove the temporary files a killed run left where translator writes; the removed."""
        return sweep_leftovers([*(self.folder(key) for key in FOLDER_KEYS if key != "articles"), self.root / STATE_FOLDER])

    @property
    def glossary(self) -> GlossaryStore:
        from translator.formats.glossary_toml import GlossaryStore

        return GlossaryStore(self.folder("glossary"), display_root=self.root, state=self.root / STATE_FOLDER)


def config_text(source: str, targets: tuple[str, ...]) -> str:
    target_list = ", ".join(f'"{target}"' for target in targets)
    folders = "".join(f'{key} = "{key}"\n' for key in FOLDER_KEYS)
    return (
        "# translator workspace: see README.md.\n"
        f'source = "{source}"\n'
        f"targets = [{target_list}]\n"
        "\n[folders]\n"
        f"{folders}"
    )


def parse_targets(source: str, targets: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Canonical target locales: no duplicates, and not the source."""
    canonical: list[str] = []
    for target in targets:
        tag = normalize_locale(target, spaces_around=True)
        if tag == source:
            raise UsageError(f"target locale {tag} is the source locale")
        if tag not in canonical:
            canonical.append(tag)
    if not canonical:
        raise UsageError("name at least one target locale, e.g. --targets ja,zh-Hans,zh-Hant")
    return tuple(canonical)


def load_workspace(root: Path) -> Workspace:
    """Read `root/translator.toml`; WorkspaceError with file and line when it is wrong."""
    path = root / CONFIG_NAME
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise WorkspaceError(f"no {CONFIG_NAME} here; create one with 'translator init'", file=str(root)) from None
    except UnicodeDecodeError:
        raise WorkspaceError("not valid UTF-8", file=shown) from None
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        line = int(found.group(1)) if found else max(len(text.splitlines()), 1)  # "at end of document"
        raise WorkspaceError(f"not valid TOML: {str(error).split(' (at')[0]}", file=shown, line=line) from None
    try:
        source = normalize_locale(_expect(data, "source", str, shown, text))
    except UsageError as error:
        raise WorkspaceError(problems=[_in_file(problem, shown, _line_of(text, "source")) for problem in error.problems]) from None
    try:
        targets = parse_targets(source, _expect(data, "targets", list, shown, text))
    except UsageError as error:
        raise WorkspaceError(problems=[_in_file(problem, shown, _line_of(text, "targets")) for problem in error.problems]) from None
    folders = data.get("folders", {})
    if not isinstance(folders, dict):
        raise WorkspaceError("[folders] must be a table", file=shown, line=_line_of(text, "folders"))
    unknown = sorted(set(folders) - set(FOLDER_KEYS))
    if unknown:
        raise WorkspaceError(f"unknown folder key(s) {', '.join(unknown)}; known: {', '.join(FOLDER_KEYS)}", file=shown,
                             line=_line_of(text, unknown[0], in_table="folders"))
    names: list[tuple[str, str]] = []
    for key in FOLDER_KEYS:
        name = folders.get(key, key)
        if not isinstance(name, str) or not _inside(name):
            raise WorkspaceError(f"folders.{key} must be a relative folder inside the workspace", file=shown,
                                 line=_line_of(text, key, in_table="folders"))
        same = [other for other, taken in names if Path(taken) == Path(name)]
        if same:
            raise WorkspaceError(f"folders.{key} is '{name}', the folder of folders.{same[0]} too; give each its own",
                                 file=shown, line=_line_of(text, key, in_table="folders"))
        names.append((key, name))
    extra = sorted(set(data) - {"source", "targets", "folders"})
    if extra:
        raise WorkspaceError(f"unknown setting(s) {', '.join(extra)}", file=shown, line=_line_of(text, extra[0]))
    return Workspace(root, source, targets, tuple(names))


def _expect(data: dict[str, object], key: str, kind: type, shown: str, text: str):  # type: ignore[no-untyped-def]
    value = data.get(key)
    if not isinstance(value, kind) or (kind is list and not all(isinstance(item, str) for item in value)):  # type: ignore[attr-defined]
        what = "a locale such as \"en\"" if kind is str else "a list of locales"
        raise WorkspaceError(f"'{key}' must be {what}", file=shown, line=_line_of(text, key))
    return value


def _in_file(problem: Problem, shown: str, line: int | None) -> Problem:
    return Problem(problem.message, file=shown, line=line)


def _line_of(text: str, key: str, in_table: str | None = None) -> int | None:
    """The line of `key = ...` (or of the table `[key]`) in a TOML text, within `[in_table]` if
    given; None if it is not written there (a missing key)."""
    table = None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            table = stripped.strip("[] \t")
            if in_table is None and table == key:
                return number
            continue
        found = re.match(r"[\"']?([A-Za-z0-9_.-]+)[\"']?\s*=", stripped)
        if found and (found[1] == key and table == in_table or in_table and found[1] == f"{in_table}.{key}"):
            return number
    return None


def _inside(name: str) -> bool:
    path = Path(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name and ":" not in name


def find_workspace(start: Path) -> Workspace:
    """The workspace containing `start`: the nearest folder upward with a translator.toml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return load_workspace(folder)
    raise WorkspaceError(
        f"not inside a translator workspace (no {CONFIG_NAME} here or above); "
        "run 'translator init' or pass --workspace DIR",
        file=str(start),
    )


def init_workspace(root: Path, source: str, targets: tuple[str, ...]) -> Workspace:
    """Create a workspace in `root`; refuse if one is already there."""
    from translator.formats.glossary_toml import FILE_NAME, format_glossary
    from translator.glossary import Glossary

    config = root / CONFIG_NAME
    if config.exists():
        raise WorkspaceError("a workspace already exists here; nothing was changed", file=str(config))
    workspace = Workspace(root.resolve(), source, targets)
    for key in FOLDER_KEYS:
        workspace.folder(key).mkdir(parents=True, exist_ok=True)
    glossary_file = workspace.folder("glossary") / FILE_NAME
    if not glossary_file.exists():
        write_atomic(glossary_file, format_glossary(Glossary()), workspace.root)
    ignore = root / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, f"{STATE_FOLDER}/\n.*.tmp\n", workspace.root)
    write_atomic(config, config_text(source, targets), workspace.root)
    return workspace


def workspace_name(workspace: Workspace, path: Path) -> str:
    """`path` as messages show it: relative to the workspace root where it lies inside it."""
    name, root = str(path), str(workspace.root)
    inside = root if root.endswith(os.sep) else root + os.sep
    if name.startswith(inside):
        return name[len(inside):].replace(os.sep, "/")
    return "." if name == root else name


def article_name(workspace: Workspace, path: Path) -> str:
    """The article's path relative to the workspace, as references and messages show it."""
    real, root = known_real_path(str(path)), real_folder(str(workspace.root)).rstrip(os.sep)
    if not real.startswith(root + os.sep):
        raise UsageError(f"{path}: articles must be inside the workspace ({workspace.root})")
    return real[len(root) + 1:].replace(os.sep, "/")


def all_articles(workspace: Workspace) -> list[Path]:
    folder = workspace.folder("articles")
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (".txt", ".text", ".md", ".markdown"))


@lru_cache(maxsize=65536)
def _place(locales_folder: Path, slug: str, locale: str | None) -> Path:
    """The template (locale None) or catalog of an article."""
    if locale is None:
        return locales_folder / "templates" / f"{slug}.pot"
    return locales_folder / locale / "LC_MESSAGES" / f"{slug}.po"


def catalog_paths(workspace: Workspace, slug: str, locales: Sequence[str]) -> tuple[Path, dict[str, Path]]:
    """Where an article's template and catalogs live; never outside the locales folder."""
    root = workspace.folder("locales")
    template, catalogs = _place(root, slug, None), {locale: _place(root, slug, locale) for locale in locales}
    inside = real_folder(str(root)).rstrip(os.sep) + os.sep
    for path in (template, *catalogs.values()):
        where = known_real_path(str(path))
        if not where.startswith(inside):
            raise InputError(f"refusing to write: a symbolic link leads it outside {workspace_name(workspace, root)}, "
                             f"to {path.resolve()}", file=workspace_name(workspace, path))
    return template, catalogs


def target_locales(workspace: Workspace, source: str) -> list[str]:
    """Every workspace locale but the article's own: an article in a target language is
    translated into the workspace source language too."""
    return [locale for locale in (workspace.source, *workspace.targets) if locale != source]


def remembered_settings(workspace: Workspace, article: Article) -> Settings | None:
    """The settings the article's template records, or None if it has not been segmented (read
    only when the template is not as an earlier read found it: every phase of a run asks)."""
    from translator.catalog import Settings, catalog_settings, read_header

    template = _place(workspace.folder("locales"), article.slug, None)
    name, now = os.path.abspath(template), signature(template)
    if now is None and not os.path.islink(template):  # not segmented yet (a link to nothing is checked below)
        return None
    known = known_fact("settings", name, now)
    if isinstance(known, tuple) and len(known) == 3 and known[2] == workspace.source:
        return Settings(known[0], known[1])
    template = catalog_paths(workspace, article.slug, [])[0]
    shown = workspace_name(workspace, template)
    header = read_header(template, shown)
    if header is None:
        return None
    settings = catalog_settings(header, template, shown, workspace.source)
    keep_fact("settings", name, now, (settings.source, settings.by, workspace.source))
    return settings


def remember_settings(workspace: Workspace, template: Path, settings: Settings) -> None:
    """The settings of a template this run has just written (moved into place), which its header
    records: `remembered_settings` need not read it (see `translator.files.run_facts`)."""
    name = os.path.abspath(template)
    keep_fact("settings", name, signature(name), (settings.source, settings.by, workspace.source))


def article_source(workspace: Workspace, article: Article, option: str | None = None) -> str:
    """The article's locale: `option` if given, else what its template records, else the
    workspace's source locale."""
    if option is not None and option != "auto":
        return option
    if option == "auto":
        return detected_source(article)
    remembered = remembered_settings(workspace, article)
    return remembered.source if remembered is not None else workspace.source


def detected_source(article: Article) -> str:
    """The locale of the article's text, as language identification finds it."""
    try:
        from translator.language.detection import detect_locale  # langdetect only when asked to detect

        return detect_locale("\n".join(block.text for block in article.blocks))
    except UsageError as error:
        raise UsageError(f"{article.name}: {error.problems[0].message}") from None
