"""Checks of translated catalogs: glossary followed, right language and script, nothing dropped.

Every check is a plain function from one entry and its context to messages, registered with a
stable code (like a linter rule) and a severity, so users can filter findings and tools can
read them. `check_catalog` runs them all over a catalog and adds per-catalog counts.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date
from pathlib import Path

from translator.formats.article import read_article
from translator.catalog import catalog_settings, read_catalog
from translator.changes import GlossaryChanges, checked_glossary
from translator.errors import TranslatorError
from translator.workspace import (
    Workspace,
    article_name,
    article_source,
    catalog_paths,
    target_locales,
    workspace_name,
)
from translator.glossary import Entry as GlossaryEntry
from translator.glossary import Glossary
from translator.language.detection import english_or_not
from translator.language.locales import month_numbers
from translator.matching import GlossaryMatcher, Hit, is_word_char, matcher_in
from translator.memo import Memo, completed, file_digest
from translator.names import name_parts
from translator.formats.po import Catalog, Entry
from translator.pool import ordered
from translator.progress import SILENT, Steps
from translator.language.scripts import chinese_variants, count_scripts, fold, japanese_only, kana_in, not_japanese
from translator.language.sentences import hard_breaks, language_of
from translator.titles import Named, TitleResolver
from translator.language.words import boundaries


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
    plurals: PluralRule | None = None  # the catalog's Plural-Forms, as msgfmt reads it


CheckFunction = Callable[[Entry, Context], Iterator[str]]


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    name: str
    severity: str
    meaning: str
    function: CheckFunction
    # "translation": the content checks, on every translated entry, fuzzy ones included;
    # "msgfmt": what `msgfmt -c` checks, on the entries it compiles (not fuzzy, first msgstr not empty);
    # "header": `msgfmt -c`'s checks of the header, given the header as an entry.
    scope: str = "translation"


REGISTRY: list[Check] = []


def check(code: str, name: str, severity: str, meaning: str,
          scope: str = "translation") -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        REGISTRY.append(Check(code, name, severity, meaning, function, scope))
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


# --- what msgfmt -c rejects ----------------------------------------------------------------------
#
# `build` publishes nothing `msgfmt -c --check-format` would reject, so these follow GNU gettext
# 0.21 (msgl-check.c, format-c.c, format-python.c, format-python-brace.c) and the tests compare
# them with the real msgfmt: the same entries (not obsolete, not fuzzy, first msgstr not empty),
# the same verdicts.

PLURAL_RANGE = 1001  # msgfmt evaluates the plural expression for n = 0 ... 1000


@dataclass(frozen=True, slots=True)
class PluralRule:
    """What msgfmt makes of a catalog's header: nplurals, and how often each form is used."""

    header: str  # the header's msgstr, where msgfmt looks for "nplurals=" and "plural="
    has_plural: bool  # an entry msgfmt compiles has msgid_plural
    nplurals: int | None = None  # None: missing, invalid, or the expression is
    often: tuple[bool, ...] = ()  # form j is used for more than five values of n


def plural_rule(catalog: Catalog) -> PluralRule:
    header = "".join(f"{key}: {value}\n" for key, value in catalog.metadata.items())
    has_plural = any(entry.msgid_plural is not None for entry in catalog.entries if _compiled(entry))
    problem, nplurals, values = _plural_forms(header)
    if problem or nplurals is None or values is None:
        return PluralRule(header, has_plural)
    counts = Counter(values)
    return PluralRule(header, has_plural, nplurals, tuple(counts[j] > 5 for j in range(nplurals)))


def _plural_forms(header: str) -> tuple[str | None, int | None, tuple[int, ...] | None]:
    """(msgfmt's objection, nplurals, the form of each n) from the text of a header."""
    plural_at, nplurals_at = header.find("plural="), header.find("nplurals=")
    if plural_at < 0 or nplurals_at < 0:
        return None, None, None  # an error only for catalogs with plural entries
    digits = re.match(r"[ \t]*(\d+)", header[nplurals_at + 9 :])
    if digits is None:
        return "invalid nplurals value", None, None
    return _plural_values(int(digits.group(1)), re.split(r"[;\n]", header[plural_at + 7 :], maxsplit=1)[0])


@lru_cache(maxsize=64)
def _plural_values(nplurals: int, expression: str) -> tuple[str | None, int | None, tuple[int, ...] | None]:
    """`_plural_forms` once the numbers and the expression are read: worked out once per run for
    each rule (a run's catalogs share a few; their headers, which differ in dates, do not)."""
    try:
        function = gettext.c2py(expression) if expression.strip() else None
    except (ValueError, RecursionError):
        function = None
    if function is None:
        return "invalid plural expression", nplurals, None
    values = []
    for n in range(PLURAL_RANGE):
        try:
            value = int(function(n))
        except ZeroDivisionError:
            return "plural expression can produce division by zero", nplurals, None
        if value < 0:
            return "plural expression can produce negative values", nplurals, None
        if value >= nplurals:
            return f"nplurals = {nplurals} but plural expression can produce values as large as {value}", nplurals, None
        values.append(value)
    return None, nplurals, tuple(values)


def _compiled(entry: Entry) -> bool:
    """Whether msgfmt compiles (and so checks) the entry."""
    first = entry.msgstr_plural[0] if entry.msgid_plural is not None and entry.msgstr_plural else entry.msgstr
    return not entry.obsolete and not entry.fuzzy and bool(first)


def _translations(entry: Entry) -> list[tuple[str, str]]:
    if entry.msgid_plural is None:
        return [("msgstr", entry.msgstr)]
    return [(f"msgstr[{j}]", text) for j, text in enumerate(entry.msgstr_plural)]


@check("PO01", "plural-forms", "error",
       "The Plural-Forms header is what msgfmt -c rejects: nplurals or plural= missing in a catalog with "
       "plural entries, nplurals not a number, a plural expression that does not parse, or that divides by "
       "zero, goes negative or reaches nplurals for some n from 0 to 1000.", scope="header")
def plural_forms_header(entry: Entry, context: Context) -> Iterator[str]:
    rule = context.plurals
    if rule is None:
        return
    problem, _, _ = _plural_forms(rule.header)
    if problem:
        yield problem
    elif rule.has_plural and "plural=" not in rule.header:
        yield 'the catalog has plural entries but its header lacks "plural=EXPRESSION" (Plural-Forms)'
    elif rule.has_plural and "nplurals=" not in rule.header:
        yield 'the catalog has plural entries but its header lacks "nplurals=INTEGER" (Plural-Forms)'


@check("PO02", "plural-count", "error",
       "A plural entry whose number of msgstr[N] differs from the header's nplurals.", scope="msgfmt")
def plural_count(entry: Entry, context: Context) -> Iterator[str]:
    rule = context.plurals
    if entry.msgid_plural is not None and rule is not None and rule.nplurals is not None \
            and len(entry.msgstr_plural) != rule.nplurals:
        yield f"{len(entry.msgstr_plural)} plural form(s), but the header says nplurals={rule.nplurals}"


@check("PO03", "newline-mismatch", "error",
       "msgid and msgstr (or msgid_plural, or a msgstr[N]) do not both begin, or do not both end, with a "
       "line break.", scope="msgfmt")
def newline_mismatch(entry: Entry, context: Context) -> Iterator[str]:
    others = ([("msgid_plural", entry.msgid_plural)] if entry.msgid_plural is not None else []) + _translations(entry)
    for edge, test in (("begin", str.startswith), ("end", str.endswith)):
        wanted = test(entry.msgid, "\n")
        for name, text in others:
            if test(text, "\n") != wanted:
                yield f"msgid and {name} do not both {edge} with a line break (\\n)"


# A directive's argument type: (kind, size), compared as msgfmt compares them.
ArgType = tuple[str, str]


class _Invalid(Exception):
    """Not a valid format string of its kind."""


_C_DIRECTIVE = re.compile(
    r"%(?:(?P<number>[1-9]\d*)\$)?(?P<flags>['\-+ #0I]*)"
    r"(?P<width>\*(?:[1-9]\d*\$)?|\d+)?(?:\.(?P<precision>\*(?:[1-9]\d*\$)?|\d*))?"
    r"(?P<size>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conversion>.?)", re.S)
_C_KINDS = {**dict.fromkeys("di", "int"), **dict.fromkeys("ouxX", "unsigned"), **dict.fromkeys("eEfFgGaA", "double"),
            "c": "char", "s": "string", "p": "pointer", "n": "count"}
# Directives that take no argument of their own, whatever flags, width or size come before: a
# percent sign ("% %" as much as "%%") and glibc's %m (the error's text); a width or precision
# `*` in one still takes an int, as for msgfmt.
_C_NO_ARGUMENT = frozenset("%m")


def _c_arguments(text: str) -> list[ArgType]:
    """The argument types a C format string takes, in order (numbered ones sorted by number)."""
    numbered: dict[int, ArgType] = {}
    unnumbered: list[ArgType] = []
    position = text.find("%")
    while position >= 0:
        if text.startswith("%%", position):
            position = text.find("%", position + 2)
            continue
        match = _C_DIRECTIVE.match(text, position)
        assert match is not None  # every part is optional but the %
        conversion = match.group("conversion")
        kind = _C_KINDS.get(conversion)
        if kind is None and conversion not in _C_NO_ARGUMENT:
            raise _Invalid(f"unknown directive {match.group(0)!r}")
        size = match.group("size") or ""
        if size and kind in ("pointer",) or kind in ("char", "string") and size not in ("", "l"):
            raise _Invalid(f"size {size} with {conversion}")
        parts: list[tuple[str | None, ArgType]] = []
        for star in (match.group("width"), match.group("precision")):
            if star and star.startswith("*"):
                parts.append((star[1:-1] or None, ("int", "")))
        if kind is not None:
            parts.append((match.group("number"), (kind, size)))
        for number, argument in parts:  # in the order msgfmt takes them, which decides what is mixed
            if (number is None and numbered) or (number is not None and unnumbered):
                raise _Invalid("numbered and unnumbered arguments mixed")
            if number is None:
                unnumbered.append(argument)
            elif numbered.setdefault(int(number), argument) != argument:
                raise _Invalid(f"argument {number} used with two types")
        position = text.find("%", match.end())
    if numbered:
        if sorted(numbered) != list(range(1, len(numbered) + 1)):
            raise _Invalid("a numbered argument is skipped")
        return [numbered[number] for number in sorted(numbered)]
    return unnumbered


_PYTHON_DIRECTIVE = re.compile(r"%(?:\((?P<name>[^)]*)\))?[-+ #0]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?[hlL]?(?P<conversion>.?)", re.S)
_PYTHON_KINDS = {"c": "char", **dict.fromkeys("sra", "any"), **dict.fromkeys("idouxX", "int"), **dict.fromkeys("eEfFgG", "float")}


def _python_arguments(text: str) -> dict[str, ArgType] | list[ArgType]:
    """Named arguments and their types, or unnamed ones in order."""
    named: dict[str, ArgType] = {}
    unnamed: list[ArgType] = []
    for match in _PYTHON_DIRECTIVE.finditer(text):
        conversion = match.group("conversion")
        if conversion == "%" and match.group(0) == "%%":
            continue
        kind = _PYTHON_KINDS.get(conversion)
        if kind is None:
            raise _Invalid(f"unknown directive {match.group(0)!r}")
        stars = [("int", "")] * ((match.group("width") == "*") + (match.group("precision") == "*"))
        name = match.group("name")
        if name is not None:
            if stars or unnamed:
                raise _Invalid("named and unnamed arguments mixed")
            previous = named.setdefault(name, (kind, ""))
            if previous != (kind, "") and "any" not in (previous[0], kind):
                raise _Invalid(f"argument {name} used with two types")
            if previous[0] == "any":
                named[name] = (kind, "")
        else:
            if named:
                raise _Invalid("named and unnamed arguments mixed")
            unnamed.extend(stars + [(kind, "")])
    return named if named else unnamed


_BRACE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+")


def _brace_arguments(text: str) -> dict[str, ArgType]:
    """The fields of a Python brace format string (gettext compares them as text, not types)."""
    names: dict[str, ArgType] = {}
    position = 0

    def field(position: int) -> int:
        start = position
        name = _BRACE_NAME.match(text, position)
        if name is None:
            raise _Invalid("a field without a name")
        position = name.end()
        while position < len(text) and text[position] in ".[":
            if text[position] == ".":
                attribute = _BRACE_NAME.match(text, position + 1)
                if attribute is None or attribute.group(0).isdigit():
                    raise _Invalid("a bad attribute")
                position = attribute.end()
            else:
                close = text.find("]", position + 1)
                if close <= position + 1:
                    raise _Invalid("a bad index")
                position = close + 1
        if position < len(text) and text[position] == ":":
            position += 1
            while position < len(text) and text[position] != "}":
                if text[position] == "{":
                    raise _Invalid("a field inside a format specification")  # gettext 0.21 has none
                else:
                    position += 1
        if position >= len(text) or text[position] != "}":
            raise _Invalid("a field that does not end with }")
        names[text[start:position]] = ("any", "")  # msgfmt compares whole fields: {a.b}, {a:>3}
        return position + 1

    while position < len(text):
        char = text[position]
        if char in "{}" and text.startswith(char * 2, position):
            position += 2
        elif char == "{":
            position = field(position + 1)
        else:  # gettext 0.21 lets a lone } stand
            position += 1
    return names


_FORMATS: dict[str, Callable[[str], dict[str, ArgType] | list[ArgType]]] = {
    "c": _c_arguments, "python": _python_arguments, "python-brace": _brace_arguments,
}
# The other languages msgfmt checks: translator does not, so it refuses to vouch for them.
OTHER_FORMATS = ("objc", "java", "java-printf", "csharp", "javascript", "scheme", "lisp", "elisp", "librep", "ruby",
                 "sh", "awk", "lua", "object-pascal", "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost",
                 "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp")


def _formats(entry: Entry) -> list[str]:
    """The format languages msgfmt checks the entry for: `X-format` or `possible-X-format`, unless a
    later `no-X-format` flag says otherwise."""
    state: dict[str, bool] = {}
    for flag in entry.flags:
        for language in (*_FORMATS, *OTHER_FORMATS):
            if flag in (f"{language}-format", f"possible-{language}-format"):
                state[language] = True
            elif flag == f"no-{language}-format":
                state[language] = False
    return [language for language, on in state.items() if on]


def _compare(source: dict[str, ArgType] | list[ArgType], translation: dict[str, ArgType] | list[ArgType],
             strict: bool, source_name: str, name: str) -> str | None:
    """msgfmt's verdict on the arguments of a translation against those of its source."""
    if isinstance(source, dict) and isinstance(translation, list) and translation:
        return f"{source_name} takes named arguments, {name} unnamed ones"
    if isinstance(source, list) and source and isinstance(translation, dict) and translation:
        return f"{source_name} takes unnamed arguments, {name} named ones"
    if isinstance(source, dict) or isinstance(translation, dict):
        wanted = source if isinstance(source, dict) else {}
        given = translation if isinstance(translation, dict) else {}
        for key in sorted(set(wanted) | set(given)):
            if key not in wanted:
                return f"{name} has an argument '{key}' that {source_name} has not"
            if key not in given:
                if strict:
                    return f"argument '{key}' of {source_name} is missing from {name}"
            elif wanted[key] != given[key] and (strict or "any" not in (wanted[key][0], given[key][0])):
                return f"argument '{key}' has different types in {source_name} and {name}"
        return None
    if len(translation) > len(source) or strict and len(translation) != len(source):
        return f"{len(source)} format directive(s) in {source_name}, {len(translation)} in {name}"
    for number, (wanted_type, given_type) in enumerate(zip(source, translation), 1):
        if wanted_type != given_type:
            return f"argument {number} has different types in {source_name} and {name}"
    return None


@check("PO04", "format-mismatch", "error",
       "An entry flagged c-format, python-format or python-brace-format (or possible-…) whose msgstr "
       "is not a valid format string or takes other arguments than the msgid (msgid_plural for plural "
       "entries): the checks of msgfmt --check-format.", scope="msgfmt")
def format_mismatch(entry: Entry, context: Context) -> Iterator[str]:
    source_name, source_text = ("msgid_plural", entry.msgid_plural) if entry.msgid_plural is not None else ("msgid", entry.msgid)
    several = entry.msgid_plural is not None and len(entry.msgstr_plural) > 1
    often = context.plurals.often if context.plurals is not None else ()
    for language in _formats(entry):
        parse = _FORMATS.get(language)
        if parse is None:
            continue
        try:
            source = parse(source_text)
        except _Invalid:
            continue  # msgfmt checks nothing against a source that is not a format string
        for index, (name, text) in enumerate(_translations(entry)):
            # msgfmt lets a plural form used for few values of n (n == 1) leave arguments out.
            strict = not several or (index < len(often) and often[index])
            try:
                translation = parse(text)
            except _Invalid as error:
                yield f"{name} is not a valid {language}-format string, unlike {source_name}: {error}"
                continue
            if language == "python-brace" and not strict:
                continue  # gettext 0.21 compares no arguments of such a form in brace format strings
            verdict = _compare(source, translation, strict, source_name, name)
            if verdict:
                yield f"{language}-format: {verdict}"


@check("PO05", "format-unchecked", "error",
       "An entry flagged with a format language msgfmt checks and translator does not (java-format, "
       "sh-format, qt-format, …): held back, since msgfmt -c might reject it; remove the flag if the text "
       "is not a format string.", scope="msgfmt")
def format_unchecked(entry: Entry, context: Context) -> Iterator[str]:
    for language in _formats(entry):
        if language not in _FORMATS:
            yield f"{language}-format strings are not checked by translator; msgfmt checks them"


COUNTS = {
    "ST01": ("untranslated", "info", "Untranslated entries in the catalog (a count)."),
    "ST02": ("fuzzy", "info", "Fuzzy entries in the catalog, which tools do not use until reviewed (a count)."),
}


def context_for(glossary: Glossary, source: str, target: str, cache: dict[tuple[str, str], Context],
                matchers: dict[str, GlossaryMatcher] | None = None,
                within: dict[str, list[str]] | None = None) -> Context:
    """The context for checking `source` -> `target` translations, made once per pair and run
    (`matchers`: the run's matchers of the glossary, see `matcher_in`; `within`: per locale, the
    texts the run checks in it, when it checks few: see `GlossaryMatcher`)."""
    if (source, target) not in cache:
        sources, translations = (within.get(source, []), within.get(target, [])) if within is not None else (None, None)
        cache[(source, target)] = Context(source, target, matcher_in(matchers, glossary, source, sources),
                                          GlossaryMatcher(glossary, target, forbidden_only=True, within=translations),
                                          matcher_in(matchers, glossary, target, translations),
                                          allowed_characters(glossary, target), TitleResolver(glossary, source))
    return cache[(source, target)]


def _texts_within(todo: Sequence[_ToCheck]) -> dict[str, list[str]] | None:
    """Per locale, the texts of these catalogs in it: their sources in the source's locale, their
    translations in theirs (what the checks search for glossary forms); None if one cannot be read
    (its check reports why)."""
    texts: dict[str, list[str]] = {}
    for item in todo:
        try:
            catalog = read_catalog(item.path, item.shown)
            if catalog is None:
                continue
            source = catalog_settings(catalog, item.path, item.shown, item.source).source
        except TranslatorError:
            return None
        texts.setdefault(source, []).extend(entry.msgid for entry in catalog.entries if not entry.obsolete)
        texts.setdefault(item.locale, []).extend(entry.msgstr for entry in catalog.entries if not entry.obsolete)
    return {locale: list(dict.fromkeys(found)) for locale, found in texts.items()}  # (each text once: the sources repeat)


def allowed_characters(glossary: Glossary, target: str) -> frozenset[str]:
    """The characters of the target's glossary forms, never a script error there. Of a large
    glossary read from its file, kept in its state folder by the file's digest
    (`allowed-characters.cache`): a check of one catalog then makes none of its entries."""
    from translator.matching import CACHED_AT
    from translator.memo import keep_cache, sealed, unsealed

    origin = glossary.origin if len(glossary) >= CACHED_AT else None
    if origin is None:
        return frozenset("".join(form for entry in glossary for form in entry.form(target).acceptable))
    path = origin[0] / "allowed-characters.cache"
    try:
        content = unsealed(path.read_bytes(), ALLOWED_FORMAT, "allowed", 2)
    except OSError:
        content = None
    kept: dict[str, str] = content[1] if content is not None and content[0] == origin[1] \
        and isinstance(content[1], dict) else {}
    if isinstance(kept.get(target), str):
        return frozenset(kept[target])
    found = frozenset("".join(form for entry in glossary for form in entry.form(target).acceptable))
    keep_cache(path, sealed(ALLOWED_FORMAT, ("allowed", origin[1], {**kept, target: "".join(sorted(found))})))
    return found


ALLOWED_FORMAT = 1


def script_suspects(characters: set[str], target: str) -> frozenset[str]:
    """Those of `characters` that a script check (LG03, LG05) reports in a `target` translation
    unless a glossary form has them: only these does the glossary's `allowed_variants` change."""
    language = language_of(target)
    if language == "ja":
        return frozenset(not_japanese(characters))
    if language != "zh":
        return frozenset()
    simplified, traditional = chinese_variants(characters)
    return frozenset(japanese_only(characters)) | frozenset(simplified if target == "zh-Hant" else traditional)


def may_bear_on(catalog: Catalog, changed: Context, characters: frozenset[str]) -> bool:
    """Whether the entries of `changed` (a context made of the entries a glossary edit changed,
    and those tied to them by a title's holders) may bear on what check finds in the catalog: one
    of them is found in a source or a translation, or a translation has one of `characters`,
    those the edit allowed or no longer allows in the target. Where neither the entries as they
    were nor as they are bear on a catalog, its findings are as they were: a check asks the
    glossary only about the entries it finds, and about those characters."""
    for entry in catalog.entries:
        if entry.obsolete:
            continue
        sources = (entry.msgid,) if entry.msgid_plural is None else (entry.msgid, entry.msgid_plural)
        translations = (entry.msgstr,) if entry.msgid_plural is None else entry.msgstr_plural
        if any(changed.matcher.hits(text) for text in sources if text) or any(
                changed.target_forms.hits(text) or changed.forbidden.hits(text) or not characters.isdisjoint(text)
                for text in translations if text):
            return True
    return False


def check_catalog(catalog: Catalog, shown: str, context: Context) -> list[Finding]:
    """Every finding of every check on every translated entry, then the counts."""
    findings = []
    untranslated = fuzzy = 0
    context = replace(context, plurals=plural_rule(catalog))
    header = Entry("", line=catalog.header_line)
    for registered in REGISTRY:
        if registered.scope == "header":
            for message in registered.function(header, context):
                findings.append(Finding(shown, header.line, registered.code, registered.name, registered.severity, message))
    for entry in catalog.entries:
        if entry.obsolete:
            continue
        compiled = _compiled(entry)
        if not entry.msgstr and not compiled:
            untranslated += 1
            continue
        if entry.fuzzy:
            fuzzy += 1
        for registered in REGISTRY:
            if registered.scope == "header" or registered.scope == "msgfmt" and not compiled \
                    or registered.scope == "translation" and not entry.msgstr:
                continue
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
    glossary: Glossary | None = None, steps: Steps = SILENT, jobs: int = 1, changes: GlossaryChanges | None = None,
    matchers: dict[str, GlossaryMatcher] | None = None,
) -> list[Finding]:
    """Findings for the catalogs of these articles: every locale each is translated into (an
    article in Japanese has an English catalog), or only `locales`, checked over `jobs`
    processes. A catalog whose findings an earlier run made from the same bytes, glossary and
    article date is not checked again; nor is one whose findings were made from the glossary the
    last build read, if none of the entries changed since bears on it (`changes`: what changed,
    of a given `glossary`; without it nothing is remembered)."""
    plan = CheckPlan(workspace, paths, locales, glossary, changes, matchers=matchers)
    steps.phase("check", len(plan.known))
    for _ in range(len(plan.known) - len(plan.todo)):
        steps.advance()
    found = ordered(plan.findings, [item for _, item, _ in plan.todo], jobs, steps, lambda item: item.shown)
    return plan.completed(found)


class CheckPlan:
    """A check of the catalogs of these articles (see `check_articles`), worked out before any
    worker starts: the findings earlier runs left (`known`, in order, None where a catalog is to
    be checked), and the catalogs to check (`todo`: each with its place in `known` and the key
    its findings are to be recorded under), also by article (`pending`). The matchers of each
    language pair serve every catalog, and the screens of the changed entries every one checked
    before: made here, the workers share them. With `review` (review pages come next, in the same
    processes), whether a changed entry is in each catalog is found as it is read (`findings`)."""

    def __init__(self, workspace: Workspace, paths: Sequence[Path], locales: Sequence[str] | None = None,
                 glossary: Glossary | None = None, changes: GlossaryChanges | None = None, review: bool = False,
                 matchers: dict[str, GlossaryMatcher] | None = None) -> None:
        alone = glossary is None and matchers is None and len(paths) == 1  # (a check of one article: see `within` below)
        if glossary is None:
            glossary, _, changes = checked_glossary(workspace, _catalogs_size(workspace, paths[0]) if alone else None)
        self.glossary, self.changes = glossary, changes
        self.memo = memo = Memo.load(workspace.root, "check") if changes is not None else None
        self.known: list[list[Finding] | None] = []
        self.todo: list[tuple[int, _ToCheck, bytes]] = []
        self.pending: dict[str, list[int]] = {}  # article (its name) -> the places in `todo` of its catalogs
        for path in paths:
            article = read_article(path, article_name(workspace, path))
            article_source_locale = article_source(workspace, article)
            own = target_locales(workspace, article_source_locale)
            wanted = [locale for locale in locales if locale in own] if locales else own
            for locale, catalog_path in catalog_paths(workspace, article.slug, wanted)[1].items():
                shown = workspace_name(workspace, catalog_path)
                data = file_digest(catalog_path)
                if data is None:
                    continue
                key, remembered, found = \
                    changes.records(memo, (shown, locale, article_source_locale, repr(article.date), data)) \
                    if changes is not None and memo is not None else (b"", None, None)
                earlier = None if found is None else tuple(Finding(*fields) for fields in found)
                self.known.append(None if remembered is None else [Finding(*fields) for fields in remembered])
                if remembered is None:
                    self.pending.setdefault(article.name, []).append(len(self.todo))
                    self.todo.append((len(self.known) - 1, _ToCheck(catalog_path, shown, locale, article_source_locale,
                                                                     article.date, data, earlier), key))
        self.contexts: dict[tuple[str, str], Context] = {}
        matchers = {} if matchers is None else matchers  # (a language's matcher serves each pair it is in)
        # One article's catalogs are read here first: its matchers need read only the forms of a large
        # glossary that may stand in their texts.
        todo = [item for _, item, _ in self.todo]
        within = _texts_within(todo) if alone else None
        for item in todo:
            context_for(glossary, item.source, item.locale, self.contexts, matchers, within)
        self.share = share = review and changes is not None and bool(todo) and changes.finding()
        if changes is not None:
            changes.prepare_check(dict.fromkeys((item.source, item.locale) for item in todo if item.earlier is not None))
            if share:
                changes.prepare_review({item.source for item in todo} | {item.locale for item in todo})

    def findings(self, item: _ToCheck) -> tuple[list[Finding], bool | None]:
        """A catalog's findings (in a worker), and, with `review`, whether a changed entry is found
        in its texts (see `_ToCheck.findings`)."""
        return item.findings(self.glossary, self.contexts, self.changes, self.share)

    def completed(self, found: Sequence[tuple[list[Finding], bool | None]]) -> list[Finding]:
        """Every finding in order, given what came of each catalog in `todo`; the records saved."""
        return completed(self.memo, self.known, ((index, key, findings)
                                                 for (index, _, key), (findings, _) in zip(self.todo, found)))


def _catalogs_size(workspace: Workspace, path: Path) -> int | None:
    """How many bytes the article's catalogs hold, None if it cannot be told (the check says why)."""
    try:
        article = read_article(path, article_name(workspace, path))
        catalogs = catalog_paths(workspace, article.slug, target_locales(workspace, article_source(workspace, article)))[1]
        return sum(catalog.stat().st_size for catalog in catalogs.values() if catalog.exists())
    except (TranslatorError, OSError):
        return None


@dataclass(frozen=True)
class _ToCheck:
    """A catalog whose findings no earlier run left for this glossary, and those it left for the
    last build's, if any."""

    path: Path
    shown: str
    locale: str
    source: str  # the article's locale, unless the catalog's header says otherwise
    day: date | None
    data: bytes  # the digest of the catalog's bytes
    earlier: tuple[Finding, ...] | None = None

    def findings(self, glossary: Glossary, contexts: dict[tuple[str, str], Context],
                 changes: GlossaryChanges | None = None, share: bool = False) -> tuple[list[Finding], bool | None]:
        """The catalog's findings, and, with `share`, whether an entry `changes` has is found in
        its texts (a review page asks: see `GlossaryChanges.found_in`)."""
        catalog = read_catalog(self.path, self.shown)
        if catalog is None:
            return [], None
        source = catalog_settings(catalog, self.path, self.shown, self.source).source
        found = changes.found_in(catalog, source, self.locale) if share and changes is not None else None
        if self.earlier is not None and changes is not None and not changes.check_may_change(catalog, source, self.locale):
            return list(self.earlier), found
        return check_catalog(catalog, self.shown, replace(context_for(glossary, source, self.locale, contexts),
                                                          day=self.day)), found
