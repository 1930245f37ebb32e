"""Translation memories as TMX 1.4b: a writer of plain-text units, and a reader of CAT tools' files.

A unit is one segment in several locales, the source's first. The reader takes what memoQ, Trados,
OmegaT and translate-toolkit write: `xml:lang` (or TMX 1.1's `lang`) in any spelling translator
accepts, a `srclang` per file or per unit or `*all*`, and inline codes, whose native markup is
dropped while the text around and inside `<hi>` is kept (see `segment_text`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from translator import __version__
from translator.errors import InputError, Problem, UsageError
from translator.formats.xml import (
    XML_LANG,
    add_element,
    line_of,
    new_element,
    parse_xml,
    text_of,
    xml_bytes,
)
from translator.language.locales import LOCALES, normalize_locale

if TYPE_CHECKING:
    from translator.formats.xml import Element

ALL = "*all*"  # srclang of a file whose units have different source languages
ARTICLE = "x-article"  # the prop naming an article a unit was translated in
DATE = "%Y%m%dT%H%M%SZ"  # TMX's date form, always UTC
OMEGAT_DATE = "%Y-%m-%dT%H:%M:%SZ"  # also read, as OmegaT does
# For CAT tools whose projects name languages with a region (OmegaT matches the two letters after
# the hyphen as a country, so zh-Hans and zh-Hant would both be "zh, another country" there).
REGION_TAGS = {"en": "en-US", "ja": "ja-JP", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
CODES = ("bpt", "ept", "it", "ph", "ut")  # inline codes: native markup, dropped with what is inside


@dataclass(frozen=True, slots=True)
class Variant:
    """A unit's text in one locale, with when it last changed if known."""

    locale: str
    text: str
    changed: datetime | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation unit: the same segment in several locales, the source's first."""

    variants: tuple[Variant, ...]
    articles: tuple[str, ...] = ()  # the articles it was translated in (our export's x-article props)
    line: int | None = field(default=None, compare=False)  # where it starts in the file read
    codes: bool = field(default=False, compare=False)  # inline codes were dropped on reading
    segtype: str = "sentence"  # TMX's name for what one unit is: a sentence or a paragraph

    @property
    def source(self) -> str:
        return self.variants[0].locale

    @property
    def changed(self) -> datetime | None:
        dates = [variant.changed for variant in self.variants if variant.changed is not None]
        return max(dates) if dates else None

    def text(self, locale: str) -> str | None:
        return next((variant.text for variant in self.variants if variant.locale == locale), None)


@dataclass
class TmxFile:
    """What a TMX file holds in translator's locales, and the units left out with why."""

    name: str
    units: list[Unit] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


# --- export ---------------------------------------------------------------------------------


def tmx_bytes(units: Sequence[Unit], default_source: str, tags: Mapping[str, str] | None = None) -> bytes:
    """A TMX 1.4b document of these units. The header's srclang is the units' source locale, or
    `*all*` (with a srclang on every unit) when they differ; `tags` respells locales in xml:lang."""
    tag = (lambda locale: tags.get(locale, locale)) if tags else (lambda locale: locale)
    sources = {unit.source for unit in units}
    source = sources.pop() if len(sources) == 1 else (ALL if sources else default_source)
    kinds = Counter(unit.segtype for unit in units)
    segtype = kinds.most_common(1)[0][0] if kinds else "sentence"
    root = new_element("tmx", {"version": "1.4"})
    add_element(root, "header", {
        "creationtool": "translator", "creationtoolversion": __version__, "segtype": segtype,
        "o-tmf": "translator", "adminlang": "en", "srclang": source if source == ALL else tag(source),
        "datatype": "plaintext",
    })
    body = add_element(root, "body")
    for unit in units:
        attributes = {"srclang": tag(unit.source)} if source == ALL else {}
        if unit.segtype != segtype:
            attributes["segtype"] = unit.segtype
        if unit.changed is not None:
            attributes["changedate"] = _date(unit.changed)
        element = add_element(body, "tu", attributes)
        for article in unit.articles:
            add_element(element, "prop", {"type": ARTICLE}, article)
        for variant in unit.variants:
            variant_attributes = {XML_LANG: tag(variant.locale)}
            if variant.changed is not None:
                variant_attributes["changedate"] = _date(variant.changed)
            add_element(add_element(element, "tuv", variant_attributes), "seg", None, variant.text)
    return xml_bytes(root)


def _date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(DATE)


def parse_date(text: str | None) -> datetime | None:
    """A TMX date (`20251118T093000Z`, or OmegaT's `2025-11-18T09:30:00Z`); None if it is neither."""
    for form in (DATE, OMEGAT_DATE):
        try:
            return datetime.strptime(text or "", form).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


# --- import ---------------------------------------------------------------------------------


def read_tmx(path: Path, shown: str | None = None, locales: Sequence[str] = LOCALES) -> TmxFile:
    """Read a TMX file; InputError, with the file and line, when it cannot be."""
    name = shown if shown is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", file=name) from None
    return parse_tmx(data, name, locales)


def parse_tmx(data: bytes, name: str, locales: Sequence[str] = LOCALES) -> TmxFile:
    """The units of a TMX document with text in at least two of `locales` (other languages are
    left out); a unit with fewer is listed in `skipped` with the reason."""
    root = parse_xml(data, name, "a TMX file")
    if root.tag != "tmx":
        raise InputError(f"not a TMX file: the root element is <{_shown_tag(root.tag)}>, not <tmx>", file=name,
                         line=line_of(root))
    version = root.get("version", "1.4")
    if not version.startswith("1."):
        raise InputError(f"TMX version {version} is not supported; use 1.4 (1.1 to 1.4b are read)", file=name,
                         line=line_of(root))
    header = root.find("header")
    declared = header.get("srclang", ALL) if header is not None else ALL
    body = root.find("body")
    if body is None:
        raise InputError("not a TMX file: it has no <body>", file=name, line=line_of(root))
    result = TmxFile(name)
    for element in body.iterchildren("tu"):
        unit, reason = _unit(element, declared, locales)
        if unit is not None:
            result.units.append(unit)
        else:
            result.skipped.append(Problem(reason, name, line_of(element)))
    return result


def _unit(element: Element, declared: str, locales: Sequence[str]) -> tuple[Unit | None, str]:
    """The unit of a `<tu>`, or None and why it is left out."""
    source = _locale(element.get("srclang", declared))
    variants: dict[str, Variant] = {}
    others: list[str] = []
    codes = False
    for tuv in element.iterchildren("tuv"):
        tag = tuv.get(XML_LANG) or tuv.get("lang")
        if not tag:
            return None, "a <tuv> has no xml:lang"
        locale = _locale(tag)
        if locale is None or locale not in locales:
            others.append(tag)
            continue
        seg = tuv.find("seg")
        if seg is None:
            return None, f"the <tuv> in {tag} has no <seg>"
        text, dropped = segment_text(seg)
        codes = codes or dropped
        if text and locale not in variants:  # a second tuv of the same locale (en-GB after en-US): the first counts
            changed = parse_date(tuv.get("changedate") or tuv.get("creationdate")
                                 or element.get("changedate") or element.get("creationdate"))
            variants[locale] = Variant(locale, text, changed)
    if len(variants) < 2:
        held = ", ".join([*variants, *others]) or "none"
        return None, f"no text in two of the locales {', '.join(locales)} (it has: {held})"
    first = source if source in variants else next(iter(variants))
    ordered = (variants[first], *(variant for locale, variant in variants.items() if locale != first))
    articles = tuple(text_of(prop) for prop in element.iterchildren("prop") if prop.get("type") == ARTICLE)
    return Unit(ordered, articles, line_of(element), codes), ""


def _locale(tag: str) -> str | None:
    try:
        return normalize_locale(tag)
    except UsageError:
        return None


def segment_text(seg: Element) -> tuple[str, bool]:
    """The plain text of a `<seg>` with surrounding whitespace removed, and whether inline codes
    were dropped. `<bpt>`, `<ept>`, `<it>`, `<ph>` and `<ut>` hold the original file's own markup
    (`&lt;b>`, `{1}`, an RTF code), never text of the segment, so they go with what is inside them
    (a `<sub>` too); the text of `<hi>` is the segment's and is kept."""
    parts: list[str] = []
    dropped = _collect(seg, parts)
    return "".join(parts).strip(), dropped


def _collect(element: Element, parts: list[str]) -> bool:
    dropped = False
    parts.append(element.text or "")
    for child in _elements(element):
        if child.tag in CODES:
            dropped = True
        else:  # <hi>, or an element TMX does not define: its text is taken
            dropped = _collect(child, parts) or dropped
        parts.append(child.tail or "")
    return dropped


def _elements(element: Element) -> Iterator[Element]:
    return (child for child in element if isinstance(child.tag, str))


def _shown_tag(tag: object) -> str:
    namespace, _, local = str(tag)[1:].partition("}") if str(tag).startswith("{") else ("", "", str(tag))
    return f'{local} xmlns="{namespace}"' if namespace else local
