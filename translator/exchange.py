"""The glossary in the formats of other tools, chosen by the file's suffix: the editors'
spreadsheet (.xlsx, .csv), TBX (.tbx, v3 or v2) and OmegaT's glossary (.tsv, .utf8, .txt, .tab).

`glossary export` and `glossary import` are one call each here; what a format has no place for
comes back as plain notes for the command line to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translator.errors import InputError, UsageError
from translator.files import write_atomic
from translator.formats.spreadsheet import ImportPlan, plan_import, read_spreadsheet, write_spreadsheet
from translator.formats.tbx import plan_tbx_import, read_tbx, tbx_bytes, v2_losses
from translator.formats.tsv import parse_tsv, plan_tsv_import, tsv_losses, tsv_text
from translator.glossary import Glossary

TSV_SUFFIXES = (".tsv", ".utf8", ".txt", ".tab")  # OmegaT reads .utf8, .txt and .tab glossaries


@dataclass(frozen=True, slots=True)
class Exchange:
    """How a glossary file is to be written or read: its format's options, checked."""

    suffix: str
    tbx_version: int = 3
    source: str = ""  # OmegaT files: the source and target locale
    target: str = ""

    @property
    def is_tsv(self) -> bool:
        return self.suffix in TSV_SUFFIXES


def exchange_for(path: Path, workspace_source: str, tbx_version: str | None = None, locale: str | None = None,
                 source: str | None = None) -> Exchange:
    """The options for `path`, or a UsageError when they do not fit its format."""
    suffix = path.suffix.lower()
    if tbx_version is not None and suffix != ".tbx":
        raise UsageError("--tbx-version is for a .tbx file")
    if suffix in TSV_SUFFIXES:
        if locale is None:
            raise UsageError(f"name the target locale of the {suffix} file with --locale")
        source_locale = source or workspace_source
        if locale == source_locale:
            raise UsageError(f"--locale {locale} is the source locale of the file; name the target locale "
                             f"(or another source with --source)")
        return Exchange(suffix, source=source_locale, target=locale)
    if locale is not None or source is not None:
        raise UsageError(f"--locale and --source are for an OmegaT glossary ({', '.join(TSV_SUFFIXES)})")
    return Exchange(suffix, tbx_version=int(tbx_version or "3"))


def export_glossary(glossary: Glossary, path: Path, exchange: Exchange, root: Path | None = None) -> list[str]:
    """Write the glossary to `path` atomically; the notes say what the format could not hold."""
    if exchange.suffix == ".tbx":
        write_atomic(path, tbx_bytes(glossary, exchange.tbx_version), root)
        return v2_losses(glossary) if exchange.tbx_version == 2 else []
    if exchange.is_tsv:
        write_atomic(path, tsv_text(glossary, exchange.source, exchange.target), root)
        return tsv_losses(glossary, exchange.source, exchange.target)
    write_spreadsheet(glossary, path, root)
    return []


def read_import(path: Path, shown: str, exchange: Exchange, prune: bool) -> Callable[[Glossary], ImportPlan]:
    """Read and check the whole file; the function it returns plans the import into a glossary
    (called under the glossary's lock, so the plan is made against the glossary as it is)."""
    if prune and exchange.is_tsv:
        raise UsageError("--prune is for a spreadsheet or a .tbx file")
    if exchange.suffix == ".tbx":
        termbase = read_tbx(path, shown)
        return lambda glossary: plan_tbx_import(termbase, glossary, prune)
    if exchange.is_tsv:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read the file: {error.strerror}", file=shown) from None
        pairs = parse_tsv(data, shown)
        return lambda glossary: plan_tsv_import(pairs, glossary, exchange.source, exchange.target, shown)
    sheet = read_spreadsheet(path, shown)
    return lambda glossary: plan_import(sheet, glossary, prune)
