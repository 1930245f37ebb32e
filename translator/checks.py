"""Checks of translated catalogs: glossary followed, right language and script, nothing dropped.

Every check is a plain function from one entry and its context to messages, registered with a
stable code (like a linter rule) and a severity, so users can filter findings and tools can
read them. `check_catalog` runs them all over a catalog and adds per-catalog counts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from translator.article import read_article
from translator.assembly import catalog_source
from translator.catalog import read_catalog
from translator.extraction import (
    article_name,
    catalog_paths,
    target_locales,
    workspace_name,
)
from translator.glossary import Glossary
from translator.matching import GlossaryMatcher
from translator.pofile import Catalog, Entry
from translator.scripts import chinese_variants, count_scripts, fold, kana_in
from translator.segmenter import language_of
from translator.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found, and where."""

    file: str
    line: int
    code: str
    name: str
    severity: str  # error, warning or info
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity} {self.code} {self.name}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "code": self.code, "check": self.name,
                "severity": self.severity, "message": self.message}


@dataclass(frozen=True, slots=True)
class Context:
    """What the checks of one catalog need besides the entry."""

    source: str
    target: str
    matcher: GlossaryMatcher  # all forms, in the source locale
    forbidden: GlossaryMatcher  # forbidden forms, in the target locale
    allowed_variants: frozenset[str]  # characters of the target's glossary forms: never a script error


CheckFunction = Callable[[Entry, Context], Iterator[str]]


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    name: str
    severity: str
    meaning: str
    function: CheckFunction


REGISTRY: list[Check] = []


def check(code: str, name: str, severity: str, meaning: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        REGISTRY.append(Check(code, name, severity, meaning, function))
        return function

    return register


def _contains(text: str, form: str) -> bool:
    return fold(form) in fold(text)


@check("GL01", "glossary-missing", "error",
       "The source mentions a glossary entry (any form, the family name alone included) and the translation "
       "has neither its preferred nor an admitted form (nor, for a person, the family name) in the target locale.")
def glossary_missing(entry: Entry, context: Context) -> Iterator[str]:
    for mentioned in context.matcher.entries_in(entry.msgid):
        forms = mentioned.form(context.target)
        accepted = list(forms.acceptable) + ([forms.family] if mentioned.type == "person" and forms.family else [])
        if accepted and not any(_contains(entry.msgstr, form) for form in accepted):
            also = f" (or {', '.join(forms.admitted)})" if forms.admitted else ""
            yield f"the source mentions {mentioned.id}: write {forms.preferred}{also}"


@check("GL02", "glossary-forbidden", "error", "A known wrong form of a glossary entry appears in the translation.")
def glossary_forbidden(entry: Entry, context: Context) -> Iterator[str]:
    for hit in context.forbidden.hits(entry.msgstr):
        wrong = entry.msgstr[hit.start : hit.end]
        yield f"'{wrong}' is a forbidden form of {hit.entry.id}; write {hit.entry.form(context.target).preferred}"


def _letters(text: str) -> tuple[int, int]:
    counts = count_scripts(text)
    return counts.latin, counts.han + counts.kana


@check("LG01", "source-language", "error", "The translation is left in the source language (a copy of the source, "
       "or Latin script where Japanese or Chinese is expected, or the reverse).")
def source_language(entry: Entry, context: Context) -> Iterator[str]:
    latin, cjk = _letters(entry.msgstr)
    if entry.msgstr == entry.msgid and (latin + cjk) >= 10:
        yield "the translation is a copy of the source"
    elif language_of(context.source) == "en" and language_of(context.target) != "en" and latin > 3 * cjk and latin >= 10:
        yield "the translation is in Latin script: still English?"
    elif language_of(context.source) != "en" and language_of(context.target) == "en" and cjk > latin:
        yield "the translation is in Han or kana: still in the source language?"


@check("LG02", "kana-in-chinese", "error", "Japanese kana in a Chinese translation.")
def kana_in_chinese(entry: Entry, context: Context) -> Iterator[str]:
    if language_of(context.target) == "zh":
        kana = sorted(kana_in(entry.msgstr))
        if kana:
            yield f"kana in a Chinese translation: {''.join(kana)}"


@check("LG03", "wrong-chinese-script", "error",
       "Simplified-only characters in a zh-Hant translation, or Traditional-only ones in zh-Hans (OpenCC's tables; "
       "characters of the locale's glossary forms are allowed).")
def wrong_chinese_script(entry: Entry, context: Context) -> Iterator[str]:
    if context.target not in ("zh-Hans", "zh-Hant"):
        return
    simplified, traditional = chinese_variants(set(entry.msgstr))
    wrong = (simplified if context.target == "zh-Hant" else traditional) - context.allowed_variants
    if wrong:
        kind = "Simplified" if context.target == "zh-Hant" else "Traditional"
        yield f"{kind}-only characters in a {context.target} translation: {''.join(sorted(wrong))}"


@check("LG04", "not-english", "error", "An English translation that is not English (Han or kana, or Latin text "
       "langdetect is sure is another language).")
def not_english(entry: Entry, context: Context) -> Iterator[str]:
    if language_of(context.target) != "en":
        return
    latin, cjk = _letters(entry.msgstr)
    if cjk and cjk * 3 > latin:  # a name in parentheses, 高市早苗, is fine in a long sentence
        yield "Han or kana characters in an English translation"
    elif latin >= 30:
        from translator.language import _langdetect

        found = _langdetect(entry.msgstr)
        if found and found[0] != "en" and found[1] >= 0.95:
            yield f"this reads as '{found[0]}', not English"


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> Counter[str]:
    normal = unicodedata.normalize("NFKC", text)  # full-width digits are digits
    return Counter(re.sub(r"(?<=\d),(?=\d{3}\b)", "", number) for number in _NUMBER.findall(normal))


@check("NM01", "number-missing", "error", "A number in the source is missing from the translation (full-width "
       "digits count as digits; thousands separators are ignored).")
def number_missing(entry: Entry, context: Context) -> Iterator[str]:
    missing = _numbers(entry.msgid) - _numbers(entry.msgstr)
    if missing:
        yield f"number(s) missing from the translation: {', '.join(sorted(missing))}"


_LINK_TARGET = re.compile(r"\]\(([^)\s]+)")
_CODE = re.compile(r"(`+)(.+?)\1")


@check("MK01", "markup-changed", "error", "Markdown inline markup not preserved: link targets, inline code, "
       "strong and emphasis markers.")
def markup_changed(entry: Entry, context: Context) -> Iterator[str]:
    if not any(reference.rpartition(":")[0].endswith((".md", ".markdown")) for reference in entry.references):
        return
    for target in set(_LINK_TARGET.findall(entry.msgid)) - set(_LINK_TARGET.findall(entry.msgstr)):
        yield f"the link target {target} is missing"
    for code in {match.group(0) for match in _CODE.finditer(entry.msgid)} - {match.group(0) for match in _CODE.finditer(entry.msgstr)}:
        yield f"the inline code {code} is missing or changed"
    for marker in ("**", "__"):
        if entry.msgid.count(marker) != entry.msgstr.count(marker):
            yield f"{marker} appears {entry.msgid.count(marker)} time(s) in the source, {entry.msgstr.count(marker)} in the translation"


_PAIRS = (("(", ")"), ("（", "）"), ("[", "]"), ("「", "」"), ("『", "』"), ("“", "”"), ("【", "】"), ("《", "》"))


@check("BR01", "unbalanced", "warning", "Brackets or quotation marks that do not pair up in the translation.")
def unbalanced(entry: Entry, context: Context) -> Iterator[str]:
    for opening, closing in _PAIRS:
        if entry.msgstr.count(opening) != entry.msgstr.count(closing) and entry.msgid.count(opening) == entry.msgid.count(closing):
            yield f"{entry.msgstr.count(opening)} '{opening}' but {entry.msgstr.count(closing)} '{closing}'"
    if entry.msgstr.count('"') % 2 and not entry.msgid.count('"') % 2:
        yield "an odd number of '\"'"


@check("WS01", "whitespace-changed", "warning", "Leading or trailing whitespace (or a final line break) differs "
       "between source and translation.")
def whitespace_changed(entry: Entry, context: Context) -> Iterator[str]:
    def edges(text: str) -> tuple[str, str]:
        return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]

    if edges(entry.msgid) != edges(entry.msgstr):
        yield "leading or trailing whitespace differs from the source"


COUNTS = {
    "ST01": ("untranslated", "info", "Untranslated entries in the catalog (a count)."),
    "ST02": ("fuzzy", "info", "Fuzzy entries in the catalog, which tools do not use until reviewed (a count)."),
}


def context_for(glossary: Glossary, source: str, target: str, cache: dict[tuple[str, str], Context]) -> Context:
    """The context for checking `source` -> `target` translations, made once per pair and run."""
    if (source, target) not in cache:
        allowed = frozenset(char for entry in glossary for form in entry.form(target).acceptable for char in form)
        cache[(source, target)] = Context(source, target, GlossaryMatcher(glossary, source),
                                          GlossaryMatcher(glossary, target, forbidden_only=True), allowed)
    return cache[(source, target)]


def check_catalog(catalog: Catalog, shown: str, context: Context) -> list[Finding]:
    """Every finding of every check on every translated entry, then the counts."""
    findings = []
    untranslated = fuzzy = 0
    for entry in catalog.entries:
        if entry.obsolete:
            continue
        if not entry.msgstr:
            untranslated += 1
            continue
        if entry.fuzzy:
            fuzzy += 1
        for registered in REGISTRY:
            for message in registered.function(entry, context):
                findings.append(Finding(shown, entry.line, registered.code, registered.name, registered.severity, message))
    for code, count in (("ST01", untranslated), ("ST02", fuzzy)):
        if count:
            name, severity, _ = COUNTS[code]
            findings.append(Finding(shown, 1, code, name, severity, f"{count} {name} entr{'y' if count == 1 else 'ies'}"))
    return findings


# --- in a workspace ---------------------------------------------------------------------------


def check_articles(
    workspace: Workspace, paths: Sequence[Path], locales: Sequence[str] | None = None,
    glossary: Glossary | None = None,
) -> list[Finding]:
    """Findings for the catalogs of these articles (every target locale unless `locales`)."""
    glossary = glossary if glossary is not None else workspace.glossary.load()
    contexts: dict[tuple[str, str], Context] = {}
    findings: list[Finding] = []
    for path in paths:
        article = read_article(path, article_name(workspace, path))
        for locale in locales or target_locales(workspace, workspace.source):
            catalog_path = catalog_paths(workspace, article.slug, [locale])[1][locale]
            shown = workspace_name(workspace, catalog_path)
            catalog = read_catalog(catalog_path, shown)
            if catalog is None:
                continue
            source = catalog_source(catalog, workspace.source)
            findings.extend(check_catalog(catalog, shown, context_for(glossary, source, locale, contexts)))
    return findings
