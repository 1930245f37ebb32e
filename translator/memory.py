"""Translation memory shared with CAT tools: every translated message of the workspace exported as
TMX, and a CAT tool's TMX imported into memory/, where `segment` finds it (see
`extraction.ImportedMemory`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from translator.catalog import catalog_settings, read_catalog, read_header
from translator.errors import InputError, Problem, UsageError
from translator.workspace import STATE_FOLDER, Workspace, catalog_paths, target_locales, workspace_name
from translator.files import locked, write_atomic
from translator.formats.tmx import REGION_TAGS, Unit, Variant, read_tmx, tmx_bytes
from translator.formats.xml import not_xml

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


@dataclass
class ExportSummary:
    """What `tm export` wrote."""

    units: int = 0
    articles: int = 0
    by_locale: Counter[str] = field(default_factory=Counter)  # translations per target locale


@dataclass
class ImportSummary:
    """What `tm import` stored, and what it left out."""

    path: Path
    replaced: bool
    units: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # (source, target) -> units
    with_codes: int = 0  # units whose inline codes were dropped
    skipped: list[Problem] = field(default_factory=list)


# --- export ---------------------------------------------------------------------------------


def memory_units(workspace: Workspace, locales: Sequence[str] = ()) -> tuple[list[Unit], int]:
    """Every translated message of every article (not fuzzy, not obsolete, not empty) as units,
    and how many articles gave one. `locales` restricts the target locales (default: all).

    An article is a template in locales/templates/; its source locale is what the template
    records. The same source text in several articles is one unit naming every article, unless
    their translations into a locale differ: then each different translation is a unit of its
    own. A translation's date is its catalog's PO-Revision-Date, the newest where several agree."""
    templates = sorted((workspace.folder("locales") / "templates").glob("*.pot"))
    found: dict[tuple[str, str], list[_Gathered]] = {}  # (source locale, text) -> units
    order: list[_Gathered] = []
    articles = 0
    translated_into: set[str] = set()
    for template in templates:
        slug = template.stem
        shown = workspace_name(workspace, template)
        header = read_header(template, shown)
        if header is None:
            continue
        settings = catalog_settings(header, template, shown, workspace.source)
        source, segtype = settings.source, settings.by
        targets = target_locales(workspace, source)
        translated_into.update(targets)
        wanted = [locale for locale in targets if not locales or locale in locales]
        translations: dict[str, dict[str, Variant]] = {}  # source text -> locale -> variant
        for locale, path in catalog_paths(workspace, slug, wanted)[1].items():
            shown_catalog = workspace_name(workspace, path)
            catalog = read_catalog(path, shown_catalog)
            if catalog is None:
                continue
            changed = _revision(catalog.metadata.get("PO-Revision-Date", ""))
            for entry in catalog:
                if entry.translated and entry.msgid_plural is None and entry.msgctxt is None:
                    for text in (entry.msgid, entry.msgstr):
                        _check_xml(text, shown_catalog, entry.line)
                    translations.setdefault(entry.msgid, {})[locale] = Variant(locale, entry.msgstr, changed)
        for text, variants in translations.items():
            _merge(found.setdefault((source, text), []), order, source, text, variants, slug, segtype)
        articles += bool(translations)
    for locale in locales:
        if templates and locale not in translated_into:
            raise UsageError(f"--locale {locale}: no article is translated into {locale}"
                             + (" (it is the articles' source locale)" if locale == workspace.source else ""))
    return [gathered.unit() for gathered in order], articles


@dataclass
class _Gathered:
    source: Variant
    variants: dict[str, Variant]
    articles: list[str]
    segtype: str

    def unit(self) -> Unit:
        return Unit((self.source, *self.variants.values()), tuple(self.articles), segtype=self.segtype)


def _merge(same: list[_Gathered], order: list[_Gathered], source: str, text: str, variants: dict[str, Variant],
           slug: str, segtype: str) -> None:
    """Add one article's translations of `text` to the first unit they agree with, or make a new one."""
    for gathered in same:
        shared = variants.keys() & gathered.variants.keys()
        if all(variants[locale].text == gathered.variants[locale].text for locale in shared):
            for locale, variant in variants.items():
                before = gathered.variants.get(locale)
                if before is None or _newer(variant.changed, before.changed):
                    gathered.variants[locale] = variant
            if slug not in gathered.articles:
                gathered.articles.append(slug)
            return
    gathered = _Gathered(Variant(source, text), dict(variants), [slug], segtype)
    same.append(gathered)
    order.append(gathered)


def _newer(one: datetime | None, other: datetime | None) -> bool:
    return one is not None and (other is None or one > other)


def _revision(text: str) -> datetime | None:
    """A PO-Revision-Date ("2025-11-18 09:30+0900"), or None if it is still gettext's placeholder."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M%z")
    except ValueError:
        return None


def _check_xml(text: str, shown: str, line: int) -> None:
    character = not_xml(text)
    if character is not None:
        raise InputError(f"the message holds the control character U+{ord(character):04X}, which XML (and so "
                         "TMX) cannot carry; remove it from the catalog", file=shown, line=line or None)


def export_memory(workspace: Workspace, path: Path, locales: Sequence[str] = (), region_tags: bool = False) -> ExportSummary:
    """Write every translated message of the workspace to `path` as TMX 1.4b."""
    if path.suffix.lower() != ".tmx":
        raise UsageError(f"{path.name}: a TMX file's name ends in .tmx (CAT tools look for it)")
    units, articles = memory_units(workspace, locales)
    data = tmx_bytes(units, workspace.source, REGION_TAGS if region_tags else None)
    write_atomic(path, data, workspace.root)
    summary = ExportSummary(len(units), articles)
    for unit in units:
        summary.by_locale.update(variant.locale for variant in unit.variants[1:])
    return summary


# --- import ---------------------------------------------------------------------------------


def memory_path(workspace: Workspace, name: str) -> Path:
    """Where the imported memory `name` is kept: memory/NAME.tmx (a `.tmx` given with it is not doubled)."""
    if name.lower().endswith(".tmx"):
        name = name[:-4]
    if not _NAME.fullmatch(name):
        raise UsageError(f"'{name}' cannot name a memory: use letters, digits, '.', '_' and '-' "
                         f"(starting with a letter or digit), e.g. --name {memory_name(name)}")
    return workspace.folder("memory") / f"{name}.tmx"


def memory_name(text: str) -> str:
    """A memory name made of any file name: `my memory (1)` gives `my-memory-1`."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")[:100] or "memory"


def import_memory(workspace: Workspace, path: Path, shown: str, name: str | None = None) -> ImportSummary:
    """Read a CAT tool's TMX and keep what it holds in the workspace's locales as memory/NAME.tmx
    (NAME: the file's own name without .tmx by default), replacing a memory of that name. Nothing
    is written if the file cannot be read or holds no unit in two of the workspace's locales."""
    target = memory_path(workspace, name if name is not None else memory_name(path.stem))
    locales = (workspace.source, *workspace.targets)
    tmx = read_tmx(path, shown, locales)
    if not tmx.units and not tmx.skipped:
        raise InputError("nothing to import: the file has no translation units", file=shown)
    if not tmx.units:
        first = tmx.skipped[0]
        raise InputError(f"nothing to import: no translation unit has text in two of the workspace's locales; "
                         f"the first: {first.message}", file=shown, line=first.line)
    summary = ImportSummary(target, target.exists(), len(tmx.units), skipped=tmx.skipped)
    for unit in tmx.units:
        summary.pairs.update((unit.source, variant.locale) for variant in unit.variants[1:])
        summary.with_codes += unit.codes
    with locked(workspace.root / STATE_FOLDER / "catalogs.lock", root=workspace.root):  # segment reads memory/
        write_atomic(target, tmx_bytes(tmx.units, workspace.source), workspace.root)
    return summary
