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
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from translator.article import read_article
from translator.catalog import catalog_settings, read_catalog
from translator.extraction import (
    article_name,
    article_source,
    catalog_paths,
    target_locales,
    workspace_name,
)
from translator.glossary import Entry as GlossaryEntry
from translator.glossary import Glossary
from translator.language import english_or_not
from translator.locales import month_numbers
from translator.matching import GlossaryMatcher, Hit, is_word_char
from translator.names import name_parts
from translator.pofile import Catalog, Entry
from translator.progress import SILENT, Steps
from translator.scripts import chinese_variants, count_scripts, fold, japanese_only, kana_in, not_japanese
from translator.segmenter import hard_breaks, language_of
from translator.titles import Named, TitleResolver
from translator.words import boundaries
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
    target_forms: GlossaryMatcher  # all forms, in the target locale
    allowed_variants: frozenset[str]  # characters of the target's glossary forms: never a script error
    titles: TitleResolver  # what a shared title form means in the source
    day: date | None = None  # the article's date, for titles held by date


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


def _present(text: str, form: str, target: str, inside: Sequence[tuple[int, int]] = ()) -> bool:
    """Whether `form` stands in `text` as a whole: between non-letters in Latin script; in
    Japanese and Chinese a one-character form must begin and end where the segmenter puts word
    boundaries (胡 in 胡同 is not a family name), a two-character one begin or end there. An
    occurrence inside a longer form of another entry (`inside`: 総統 in 副総統) does not count."""
    folded, key = fold(text), fold(form)
    language = language_of(target)
    position = folded.find(key)
    bounds: frozenset[int] | None = None
    while position >= 0:
        end = position + len(key)
        if any(s <= position and end <= e and e - s > end - position for s, e in inside):
            position = folded.find(key, position + 1)
            continue
        if language == "en" or key.isascii():
            if not (position > 0 and is_word_char(folded[position - 1]) and is_word_char(key[0])) and \
                    not (end < len(folded) and is_word_char(folded[end]) and is_word_char(key[-1])):
                return True
        elif len(key) > 2:
            return True
        else:
            bounds = bounds if bounds is not None else boundaries(text, language)
            # One character must be a word by itself; two need a word boundary on one side at
            # least, since a segmenter often joins a name to its neighbour (在台/湾, 林剑批).
            if (position in bounds and end in bounds) or (len(key) == 2 and (position in bounds or end in bounds)):
                return True
        position = folded.find(key, position + 1)
    return False


def _accepted(entry: GlossaryEntry, target: str, family_only: bool) -> list[str]:
    """The forms that render a mention in `target`: the preferred and admitted forms; for a
    person also the family and given name in either order, and the family name alone when the
    source used it alone."""
    forms = entry.form(target)
    accepted = list(forms.acceptable)
    if entry.type == "person":
        family, given = name_parts(entry, target)
        if family and given:
            separator = " " if language_of(target) == "en" else ""
            accepted += [f"{given}{separator}{family}", f"{family}{separator}{given}"]
        if family_only and family:
            accepted.append(family)
    return accepted


def _overlapping(hits: list[Hit]) -> set[frozenset[str]]:
    """Pairs of entries whose mentions `hits` overlap in the source (中國外交部 and 外交部發言人 in
    中國外交部發言人): one form in the translation may render both."""
    return {frozenset((a.entry.id, b.entry.id)) for a in hits for b in hits
            if a.entry.id != b.entry.id and a.start < b.end and b.start < a.end}


def _mentioned(text: str, hits: list[Hit], context: Context) -> list[tuple[list[GlossaryEntry], bool]]:
    """Each mention `hits` in the source: the entries it may mean (a shared title form narrowed to
    the country or person it is used with) and whether it is a family name alone."""
    spans: dict[tuple[int, int], list[GlossaryEntry]] = {}
    family_only: dict[tuple[int, int], bool] = {}
    for hit in hits:
        spans.setdefault((hit.start, hit.end), []).append(hit.entry)
        family_only[(hit.start, hit.end)] = family_only.get((hit.start, hit.end), False) or context.matcher.is_family_only(hit)
    people = [Named(hit.start, hit.end, hit.entry) for hit in hits if hit.entry.type == "person"]
    found = []
    for (start, end), entries in spans.items():
        entries = list({entry.id: entry for entry in entries}.values())
        if all(entry.type == "title" for entry in entries):
            person = context.titles.person_beside(text, start, end, people) if len(entries) > 1 else None
            entries = context.titles.resolve(text, start, end, entries, person, context.day)
        if entries:
            found.append((entries, family_only[(start, end)]))
    return found


@check("GL01", "glossary-missing", "error",
       "The source mentions a glossary entry and the translation has none of its forms in the target locale: "
       "the preferred or an admitted form, for a person also family and given name in either order, and the "
       "family name alone only where the source uses it alone. Japanese and Chinese forms of two characters or "
       "fewer count only as whole words. A title form several entries share needs the form of the one meant "
       "(by the country named with it, or the person who held it).")
def glossary_missing(entry: Entry, context: Context) -> Iterator[str]:
    reported: set[str] = set()
    forbidden: set[str] | None = None
    forms_there: list[Hit] | None = None  # glossary forms in the translation, found once
    overlapping: set[frozenset[str]] = set()
    source_hits = context.matcher.mentions(entry.msgid)
    for entries, family_only in _mentioned(entry.msgid, source_hits, context):
        options = [(mentioned, _accepted(mentioned, context.target, family_only)) for mentioned in entries]
        if not all(accepted for _, accepted in options):
            continue  # an entry with no form in the target locale asks for nothing
        if forms_there is None:
            forms_there = context.target_forms.hits(entry.msgstr)
            overlapping = _overlapping(source_hits)
        if any(_present(entry.msgstr, form, context.target,
                        [(h.start, h.end) for h in forms_there if h.entry.id != mentioned.id
                         and frozenset((h.entry.id, mentioned.id)) not in overlapping])
               for mentioned, accepted in options for form in accepted):
            continue
        mentioned = entries[0]
        if forbidden is None:
            if _in_another_language(entry, context):
                return  # LG01/LG04 say what is wrong; the glossary's forms are beside the point
            forbidden = {hit.entry.id for hit in context.forbidden.hits(entry.msgstr)}
        if mentioned.id in reported or mentioned.id in forbidden:
            continue  # a forbidden form in its place is GL02's finding
        reported.add(mentioned.id)
        forms = mentioned.form(context.target)
        also = f" (or {', '.join(forms.admitted)})" if forms.admitted else ""
        others = f"; or the form of {', '.join(e.id for e in entries[1:])}" if len(entries) > 1 else ""
        family = name_parts(mentioned, context.target)[0] if mentioned.type == "person" else ""
        partial = " (the family name alone does not render a full name)" \
            if family and not family_only and _present(entry.msgstr, family, context.target) else ""
        yield f"the source mentions {mentioned.id}: write {forms.preferred}{also}{others}{partial}"


@check("GL02", "glossary-forbidden", "error", "A known wrong form of a glossary entry appears in the translation.")
def glossary_forbidden(entry: Entry, context: Context) -> Iterator[str]:
    for hit in context.forbidden.hits(entry.msgstr):
        wrong = entry.msgstr[hit.start : hit.end]
        yield f"'{wrong}' is a forbidden form of {hit.entry.id}; write {hit.entry.form(context.target).preferred}"


LONG_WITHOUT_KANA = 16  # Han characters: a Japanese sentence this long without kana is Chinese text
SHORT_WITH_CHINESE_COMMA = 8  # or this long with the Chinese full-width comma '，' (Japanese writes '、')


@check("LG05", "wrong-script", "error",
       "A Japanese translation that is Chinese text (no kana in a long sentence, or Simplified-only characters "
       "Japanese does not write, outside the glossary's Japanese forms); a Chinese translation with Japanese-only "
       "character forms (関, 経, 発, 県 …).")
def japanese_chinese_script(entry: Entry, context: Context) -> Iterator[str]:
    language = language_of(context.target)
    if language == "ja":
        counts = count_scripts(entry.msgstr)
        foreign = sorted(not_japanese(set(entry.msgstr)) - context.allowed_variants)
        long = counts.han >= LONG_WITHOUT_KANA or counts.han >= SHORT_WITH_CHINESE_COMMA and "，" in entry.msgstr
        if not counts.kana and long:
            shown = f"; Simplified-only characters {''.join(foreign)}" if foreign else ""
            yield f"no kana in {counts.han} Han characters: this reads as Chinese, not Japanese{shown}"
        elif foreign:
            yield f"characters Japanese does not write (Simplified Chinese forms): {''.join(foreign)}"
    elif language == "zh":
        japanese = sorted(japanese_only(set(entry.msgstr)) - context.allowed_variants)
        if japanese:
            yield f"Japanese-only character forms in a Chinese translation: {''.join(japanese)}"


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
       "langdetect is sure is another language and whose English words do not outnumber another language's).")
def not_english(entry: Entry, context: Context) -> Iterator[str]:
    if language_of(context.target) != "en":
        return
    latin, cjk = _letters(entry.msgstr)
    if cjk and cjk * 3 > latin:  # a name in parentheses, 高市早苗, is fine in a long sentence
        yield "Han or kana characters in an English translation"
    elif latin >= 30:
        verdict = english_or_not(entry.msgstr)
        if verdict is not None and verdict[0] and verdict[1] is not None:
            yield f"this reads as '{verdict[1][0]}', not English"


def _in_another_language(entry: Entry, context: Context) -> bool:
    return any(source_language(entry, context)) or any(not_english(entry, context))




def _numbers(text: str, locale: str, translation: bool = False) -> Counter[str]:
    """The numbers of `text`; in English a month name next to a number ("Nov. 7", "7 November",
    "November 2023") counts as its number, as 11月 does in Japanese and Chinese; 3万 and 1.5億
    count as 30000 and 150000000. In a Japanese or Chinese translation, numbers written in Han
    numerals (三千, 二〇二五, 十三) count too; in a source they are left alone, since 一 is as often
    a word (一部, 一起) as a number."""
    normal = unicodedata.normalize("NFKC", text)  # full-width digits are digits
    numbers: Counter[str] = Counter()
    for match in _NUMBER_WITH_UNIT.finditer(normal):
        number = re.sub(r"(?<=\d),(?=\d{3}\b)", "", match.group(1))
        unit = match.group(2)
        if unit and re.fullmatch(r"\d+(?:\.\d+)?", number):
            value = float(number) * _UNITS[unit]
            number = str(int(value)) if value == int(value) else number
        numbers[number] += 1
    if language_of(locale) == "en":
        months = month_numbers("en")
        for match in _MONTH.finditer(normal):
            month = months.get((match.group(1) or match.group(2)).lower())
            if month is not None:
                numbers[str(month)] += 1
    elif translation:
        for match in _HAN_NUMBER.finditer(normal):
            numbers[str(_han_number(match.group(0)))] += 1
    return numbers


_UNITS = {"万": 10_000, "萬": 10_000, "億": 100_000_000, "亿": 100_000_000}
_NUMBER_WITH_UNIT = re.compile(r"(\d+(?:[.,]\d+)*)([万萬億亿])?")
_HAN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
_HAN_POWERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "萬": 10_000, "億": 100_000_000, "亿": 100_000_000}
_HAN_NUMBER = re.compile(f"[{''.join(_HAN_DIGITS)}{''.join(_HAN_POWERS)}]+")


def _han_number(text: str) -> int:
    """The value of Han numerals: 二〇二五 (digit by digit), 三千, 十三, 一万二千 (by powers)."""
    if all(char in _HAN_DIGITS for char in text):
        return int("".join(str(_HAN_DIGITS[char]) for char in text))
    total = section = digit = 0
    for char in text:
        if char in _HAN_DIGITS:
            digit = _HAN_DIGITS[char]
        elif _HAN_POWERS[char] >= 10_000:
            total += (section + digit) * _HAN_POWERS[char]
            section = digit = 0
        else:
            section += (digit or 1) * _HAN_POWERS[char]
            digit = 0
    return total + section + digit


_MONTH = re.compile(r"\b([A-Z][a-z]{2,8})\.?(?=\s+\d)|(?<=\d\s)([A-Z][a-z]{2,8})\b")


@check("NM01", "number-missing", "error", "A number in the source is missing from the translation (full-width "
       "digits count as digits; thousands separators are ignored; an English month name next to a number "
       "counts as the month's number, so 11月7日 and Nov. 7 carry the same numbers).")
def number_missing(entry: Entry, context: Context) -> Iterator[str]:
    missing = _numbers(entry.msgid, context.source) - _numbers(entry.msgstr, context.target, translation=True)
    if missing:
        yield f"number(s) missing from the translation: {', '.join(sorted(missing))}"


_LINK_TARGET = re.compile(r"\]\(([^)\s]+)")
_CODE = re.compile(r"(`+)(.+?)\1")


@check("MK01", "markup-changed", "error", "Markdown inline markup not preserved: link targets, inline code, "
       "strong and emphasis markers, hard line breaks (two spaces or a backslash at a line end).")
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
    source_breaks, target_breaks = len(hard_breaks(entry.msgid)), len(hard_breaks(entry.msgstr))
    if source_breaks != target_breaks:
        yield (f"{source_breaks} hard line break(s) in the source, {target_breaks} in the translation "
               "(two spaces or a backslash before a line end)")


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
                                          GlossaryMatcher(glossary, target, forbidden_only=True),
                                          GlossaryMatcher(glossary, target), allowed, TitleResolver(glossary, source))
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
    glossary: Glossary | None = None, steps: Steps = SILENT,
) -> list[Finding]:
    """Findings for the catalogs of these articles: every locale each is translated into (an
    article in Japanese has an English catalog), or only `locales`."""
    glossary = glossary if glossary is not None else workspace.glossary.load()
    contexts: dict[tuple[str, str], Context] = {}
    findings: list[Finding] = []
    steps.phase("check", len(paths))
    for path in paths:
        article = read_article(path, article_name(workspace, path))
        article_source_locale = article_source(workspace, article)
        own = target_locales(workspace, article_source_locale)
        for locale in [locale for locale in locales if locale in own] if locales else own:
            catalog_path = catalog_paths(workspace, article.slug, [locale])[1][locale]
            shown = workspace_name(workspace, catalog_path)
            steps.at(shown)
            catalog = read_catalog(catalog_path, shown)
            if catalog is None:
                continue
            source = catalog_settings(catalog, catalog_path, shown, article_source_locale).source
            context = replace(context_for(glossary, source, locale, contexts), day=article.date)
            findings.extend(check_catalog(catalog, shown, context))
        steps.advance()
    return findings
