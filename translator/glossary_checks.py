"""Checks of the glossary itself: names romanised right, every form in its locale's script,
people's names split into family and given name.

Like the translation checks, each is a plain function with a stable code and a severity. A
Japanese person's English forms must be a Hepburn spelling of the kana reading (with macrons only
where the reading has long vowels, without, or passport style) in either name order; a Chinese
person romanised in pinyin must be spelled as the characters read (any reading of a heteronym,
tones and spacing ignored). Missing forms get a suggestion by OpenCC conversion, labelled as such;
missing family and given names are derived from the other forms (translator.names) where they can
be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import TYPE_CHECKING, TypeGuard

from translator.glossary import Entry, Glossary, build_entry, entry_fields
from translator.language.locales import LOCALES
from translator.names import name_parts, with_name_parts
from translator.language.romanization import hepburn_key, hepburn_name, hepburn_variants, macron_form, pinyin_spellings
from translator.language.scripts import convert_form, fold, in_charset, kana_in, not_japanese, wrong_script

if TYPE_CHECKING:
    from translator.workspace import Workspace

CJK_LOCALES = ("ja", "zh-Hans", "zh-Hant")


@dataclass(frozen=True, slots=True)
class EntryFinding:
    entry: str
    code: str
    name: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.entry}: {self.severity} {self.code} {self.name}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"entry": self.entry, "code": self.code, "check": self.name, "severity": self.severity,
                "message": self.message}


EntryCheck = Callable[[Entry], Iterator[str]]


@dataclass(frozen=True, slots=True)
class GlossaryCheck:
    code: str
    name: str
    severity: str
    meaning: str
    function: EntryCheck


GLOSSARY_CHECKS: list[GlossaryCheck] = []


def _register(code: str, name: str, severity: str, meaning: str) -> Callable[[EntryCheck], EntryCheck]:
    def register(function: EntryCheck) -> EntryCheck:
        GLOSSARY_CHECKS.append(GlossaryCheck(code, name, severity, meaning, function))
        return function

    return register


def _english_forms(entry: Entry) -> list[str]:
    return list(entry.form("en").acceptable)


def _words(form: str, key: Callable[[str], str] = fold) -> list[str]:
    return [key(word) for word in re.split(r"[\s\-‐]+", form.strip()) if word]


def _is_name(words: list[str], family: set[str], given: set[str]) -> bool:
    """True when `words` are a given and a family name in either order."""
    return len(words) == 2 and (
        (words[0] in given and words[1] in family) or (words[0] in family and words[1] in given)
    )


@_register("GC01", "reading-missing", "warning", "A Japanese person (romanised in Hepburn) has no kana reading.")
def reading_missing(entry: Entry) -> Iterator[str]:
    if entry.type == "person" and entry.romanization == "hepburn" and not entry.reading:
        yield "no kana reading (ja-reading); the English form cannot be checked"


@_register("GC02", "hepburn-mismatch", "error", "An English form (or en family or given name) of a Japanese person "
           "is not a Hepburn spelling of the kana reading (macrons, no macrons or passport style; either name order; "
           "case ignored). A macron or circumflex on a vowel the reading does not lengthen is a mismatch.")
def hepburn_mismatch(entry: Entry) -> Iterator[str]:
    if entry.type != "person" or entry.romanization != "hepburn" or not entry.reading:
        return
    try:
        family, given = hepburn_name(entry.reading)
    except ValueError as error:
        yield str(error)
        return
    # The variants keep their macrons, so folding (which drops them) only tells a misplaced
    # long-vowel mark from a misspelling; it never makes a form pass.
    family_folded, given_folded = {fold(v) for v in family}, {fold(v) for v in given}
    gives = macron_form(entry.reading)
    for form in _english_forms(entry):
        if _is_name(_words(form, hepburn_key), family, given):
            continue
        if _is_name(_words(form), family_folded, given_folded):
            yield f"en form '{form}' marks a long vowel that the reading {entry.reading} does not have; it gives {gives}"
        else:
            yield f"en form '{form}' does not match the reading {entry.reading}, which gives {gives}"
    names, kana_words = entry.form("en"), entry.reading.replace("\u3000", " ").split()
    for part, text, kana, spelled in zip(("family", "given"), (names.family, names.given), kana_words, gives.split()):
        variants = hepburn_variants(kana)
        if not text or hepburn_key(text) in variants:
            continue
        if fold(text) in {fold(variant) for variant in variants}:
            yield f"en {part} name '{text}' marks a long vowel that {kana} does not have; it gives {spelled}"
        else:
            yield f"en {part} name '{text}' is not a Hepburn spelling of {kana}, which gives {spelled}"


@_register("GC03", "pinyin-mismatch", "error", "An English form of a person romanised in pinyin is not the pinyin "
           "of the Chinese characters (every reading of a heteronym accepted; tones, case and spacing ignored).")
def pinyin_mismatch(entry: Entry) -> Iterator[str]:
    if entry.type != "person" or entry.romanization != "pinyin":
        return
    forms = [entry.form(locale).preferred for locale in ("zh-Hans", "zh-Hant", "ja")]
    whole = pinyin_spellings(*forms)
    if not whole:
        return
    families = [entry.form(locale).family for locale in ("zh-Hans", "zh-Hant", "ja")]
    givens = [entry.form(locale).given for locale in ("zh-Hans", "zh-Hant", "ja")]
    reversed_order = {g + f for f in pinyin_spellings(*families) for g in pinyin_spellings(*givens)} if any(families) else set()
    for form in _english_forms(entry):
        key = "".join(_words(form)).replace("'", "").replace("’", "")
        if key not in whole and key not in reversed_order:
            yield f"en form '{form}' is not the pinyin of {forms[0] or forms[1]}: expected {' or '.join(sorted(whole)[:4])}"


def _labelled(entry: Entry, locale: str) -> Iterator[tuple[str, str]]:
    forms = entry.form(locale)
    for label, text in [*(("form", form) for form in forms.acceptable), ("family name", forms.family),
                        ("given name", forms.given)]:
        if text:
            yield label, text


def _old_forms(text: str) -> set[str]:
    """Characters of a Japanese form that Japanese now writes otherwise but that its character set
    still has (龍 for 竜, 澤 for 沢, 劍 for 剣): names keep them, other words should not."""
    return {char for char in wrong_script(text, "ja") if _old_form(char)}


@lru_cache(maxsize=65536)
def _old_form(char: str) -> bool:
    return in_charset(char, "cp932") and not not_japanese({char})


@_register("GC04", "wrong-script", "error", "A form, family or given name with characters of another script: "
           "Traditional-only in zh-Hans, Simplified-only in zh-Hant (CC-CEDICT, both ways: characters both scripts "
           "write, such as 台 and 岩, pass), in ja characters Japanese does not write (Chinese forms outside its "
           "character set: 剑, 说), kana in zh-Hans or zh-Hant.")
def wrong_script_forms(entry: Entry) -> Iterator[str]:
    for locale in CJK_LOCALES:
        for label, text in _labelled(entry, locale):
            wrong = wrong_script(text, locale)
            if locale == "ja":
                wrong = (wrong - _old_forms(text)) | not_japanese(set(text))
            if wrong:
                yield f"{locale} {label} '{text}' has characters of another script: {''.join(sorted(wrong))}"
            kana = kana_in(text) if locale != "ja" else set()
            if kana:
                in_order = "".join(dict.fromkeys(char for char in text if char in kana))
                yield f"{locale} {label} '{text}' has kana, which Chinese does not write: {in_order}"


@_register("GC05", "form-missing", "info", "A locale has no preferred form; for Japanese and Chinese a form "
           "converted by OpenCC from another locale is suggested (a suggestion for an editor to verify).")
def form_missing(entry: Entry) -> Iterator[str]:
    for locale in LOCALES:
        if entry.form(locale).preferred:
            continue
        suggestion = suggest_form(entry, locale)
        if suggestion is not None:
            yield f"no {locale} form; suggestion by OpenCC conversion from {suggestion[1]}: {suggestion[0]}"
        else:
            yield f"no {locale} form"


@_register("GC06", "name-split-missing", "warning", "A person has a preferred form in a locale but no family or no "
           "given name there; the message gives the split derived from the other forms (what `glossary add` fills in), "
           "or says that it cannot be derived.")
def name_split_missing(entry: Entry) -> Iterator[str]:
    if entry.type != "person":
        return
    for locale in LOCALES:
        forms = entry.form(locale)
        if not forms.preferred or (forms.family and forms.given):
            continue
        split = derived_split(entry, locale)
        if split is None:
            yield f"{locale} has no {_missing(forms.family, forms.given)}, and it cannot be derived from the other forms"
        else:
            yield f"{locale} has no {split.missing}; derived: {split.family} / {split.given} ({split.origin})"


@_register("GC07", "old-form", "warning", "A Japanese form with an old character form that Japanese now writes "
           "otherwise (龍 for 竜, 澤 for 沢, 劍 for 剣; OpenCC's tables): right in a name its bearer writes so, "
           "wrong elsewhere.")
def old_forms(entry: Entry) -> Iterator[str]:
    for label, text in _labelled(entry, "ja"):
        old = _old_forms(text)
        if old:
            modern = "".join(convert_form(char, "zh-Hant", "ja") or char for char in sorted(old))
            yield (f"ja {label} '{text}' has {''.join(sorted(old))}, which Japanese now writes {modern}; "
                   f"keep it only if the name is written so")


def _missing(family: str, given: str) -> str:
    return "given name" if family else "family name" if given else "family/given name"


@dataclass(frozen=True, slots=True)
class DerivedSplit:
    """A person's family and given name derived for a locale, what was missing, and how it was
    found (for an editor to verify)."""

    locale: str
    family: str
    given: str
    missing: str  # "family/given name", "family name" or "given name"
    origin: str  # "split like the ja form", "the family name is the pinyin of 胡", ...

    def __str__(self) -> str:
        """`zh-Hans family/given name '胡' / '锦涛' (split like the zh-Hant form)`"""
        if self.missing == "family name":
            shown = f"'{self.family}'"
        elif self.missing == "given name":
            shown = f"'{self.given}'"
        else:
            shown = f"'{self.family}' / '{self.given}'"
        return f"{self.locale} {self.missing} {shown} ({self.origin})"


def derived_split(entry: Entry, locale: str) -> DerivedSplit | None:
    """The family and given name of a person in `locale` derived from the entry's other fields
    (translator.names), or None when they cannot be, or would contradict a recorded one."""
    forms = entry.form(locale)
    family, given = name_parts(entry, locale)
    if not family or not given or (forms.given and forms.given != given) or (forms.family and forms.family != family):
        return None
    if forms.family:
        origin = f"the given name is the {locale} form without the family name"
    elif locale in CJK_LOCALES:
        length = len(family) + len(given)
        others = [other for other in CJK_LOCALES if other != locale and entry.form(other).family
                  and sum(map(len, name_parts(entry, other))) == length]
        origin = f"split like the {others[0]} form" if others else "split like another form"
    elif entry.reading and fold(family) in {fold(v) for v in _reading_family(entry.reading)}:
        origin = "the family name romanises the ja reading"
    else:
        families = [entry.form(other).family for other in CJK_LOCALES if entry.form(other).family]
        origin = f"the family name is the pinyin of {families[0]}" if families else "derived from the other forms"
    return DerivedSplit(locale, family, given, _missing(forms.family, forms.given), origin)


def _reading_family(reading: str) -> set[str]:
    try:
        return hepburn_name(reading)[0]
    except ValueError:
        return set()


def with_derived_names(entry: Entry) -> tuple[Entry, list[DerivedSplit]]:
    """The entry with the family and given names it lacks filled in where they can be derived
    (`translator.names.with_name_parts`), and what was derived. Derived names are facts computed
    from the entry's own forms, so unlike a suggested form they leave the status alone."""
    filled, locales = with_name_parts(entry)
    splits = []
    for locale in locales:
        split = derived_split(entry, locale)
        if split is None:  # never replace a name the editor wrote
            filled = filled.with_form(locale, entry.form(locale))
        else:
            splits.append(split)
    if not splits:
        return entry, []
    return build_entry(entry_fields(filled)), splits


def suggest_form(entry: Entry, locale: str) -> tuple[str, str] | None:
    """(suggested form, locale it was converted from) for a missing Japanese or Chinese form."""
    if locale not in CJK_LOCALES:
        return None
    for source in ("zh-Hant", "zh-Hans", "ja"):
        form = entry.form(source).preferred
        if source != locale and form:
            converted = convert_form(form, source, locale, keep_shared=True)
            if converted:
                return converted, source
    return None


def with_suggestions(entry: Entry) -> tuple[Entry, list[tuple[str, str, str]]]:
    """The entry with OpenCC suggestions for its missing Japanese and Chinese forms, as a draft
    with a note saying what to verify; and (locale, form, converted from) for each suggestion."""
    suggested: list[tuple[str, str, str]] = []
    for locale in CJK_LOCALES:
        if entry.form(locale).preferred:
            continue
        found = suggest_form(entry, locale)
        if found is not None:
            entry = entry.with_form(locale, replace(entry.form(locale), preferred=found[0]))
            suggested.append((locale, found[0], found[1]))
    if suggested:
        note = f"Suggested by OpenCC, to verify: {', '.join(locale for locale, _, _ in suggested)}."
        entry = replace(entry, status="draft", note=f"{entry.note}\n{note}".strip())
        entry = build_entry(entry_fields(entry))  # a suggestion passes the same rules
    return entry, suggested


def check_glossary(glossary: Glossary) -> list[EntryFinding]:
    """Every finding of every glossary check, entry by entry in id order."""
    return [finding for entry in glossary for finding in check_entry(entry)]


def check_entry(entry: Entry) -> list[EntryFinding]:
    """Every finding of every glossary check of one entry: each check reads that entry alone."""
    return [
        EntryFinding(entry.id, check.code, check.name, check.severity, message)
        for check in GLOSSARY_CHECKS
        for message in check.function(entry)
    ]


def glossary_check_libraries() -> str:
    """What the glossary checks' findings depend on besides translator's own rules and the entry:
    the releases of the libraries that read names and scripts (pinyin, OpenCC's tables,
    CC-CEDICT's character sets, the word segmenters) and the Unicode data."""
    from translator.memo import releases

    return releases("pypinyin", "OpenCC", "zhon", "fugashi", "unidic-lite", "jieba")


def recorded_findings(workspace: Workspace, glossary: Glossary, glossary_key: bytes, jobs: int = 1) -> list[EntryFinding]:
    """The glossary's findings: those an earlier run made from the same glossary file (and the
    same releases of the libraries the checks use) if any;
    else, as every glossary check reads one entry alone, each entry's findings from an earlier
    check of an entry of the same values (`Glossary.value_fingerprints`), and only the entries
    edited or added since checked, over `jobs` processes when they are many (a fresh clone's
    100,000). Only the current file's records are kept: a record of every version of a large
    glossary would grow the state folder by its findings at each edit.
    `glossary_key`: the digest of the file the glossary was loaded from (`load_with_key`)."""
    from translator.memo import Memo, digest, fields_of
    from translator.pool import ordered

    libraries = glossary_check_libraries()
    memo = Memo.load(workspace.root, "glossary-check")
    file_key = digest(glossary_key, libraries)
    known = memo.get(file_key)
    if known is not None:
        memo.save(only_used=True)
        return [EntryFinding(*fields) for fields in known]
    # Each entry's, in a file of its own: a run that finds the file's record need not read it.
    by_entry = Memo.load(workspace.root, "glossary-check-entries")
    entries_key = digest(b"entries", libraries)
    earlier = by_entry.get(entries_key)
    if not isinstance(earlier, dict):
        earlier = {}
    fingerprints = glossary.value_fingerprints()
    ids = sorted(fingerprints)  # (id order, as check_glossary gives them)
    kept = [found if _entry_findings(found := earlier.get(fingerprints[entry_id])) else None for entry_id in ids]
    todo = [entry_id for entry_id, found in zip(ids, kept) if found is None]
    slices = [todo[start:start + CHECKED_TOGETHER] for start in range(0, len(todo), CHECKED_TOGETHER)]
    made = iter([found for each in ordered(partial(_checked, glossary), slices, jobs) for found in each])
    checked: dict[bytes, tuple[tuple[str, str, str, str], ...]] = {}
    findings: list[EntryFinding] = []
    for entry_id, found in zip(ids, kept):
        if found is None:
            found = next(made)
        checked[fingerprints[entry_id]] = found
        findings.extend(EntryFinding(entry_id, *fields) for fields in found)
    memo.put(file_key, tuple(map(fields_of, findings)))
    memo.save(only_used=True)
    by_entry.put(entries_key, checked)
    by_entry.save(only_used=True)
    return findings


CHECKED_TOGETHER = 500  # entries checked by a worker at a time: 4,000 or more are spread (see `ordered`)


def _checked(glossary: Glossary, ids: list[str]) -> list[tuple[tuple[str, str, str, str], ...]]:
    """Each entry's findings, as `recorded_findings` keeps them."""
    return [tuple((finding.code, finding.name, finding.severity, finding.message)
                  for finding in check_entry(glossary.entry(entry_id))) for entry_id in ids]


def _entry_findings(found: object) -> TypeGuard[tuple[tuple[str, str, str, str], ...]]:
    """Whether a record is an entry's findings as `recorded_findings` keeps them."""
    return type(found) is tuple and all(type(fields) is tuple and len(fields) == 4 for fields in found)
