"""Checks of the glossary itself: names romanised right, every form in its locale's script.

Like the translation checks, each is a plain function with a stable code and a severity. A
Japanese person's English forms must be a Hepburn spelling of the kana reading (with or without
macrons, or passport style) in either name order; a Chinese person romanised in pinyin must be
spelled as the characters read (any reading of a heteronym, tones and spacing ignored). Missing
forms get a suggestion by OpenCC conversion, labelled as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from translator.glossary import Entry, Glossary, build_entry, entry_fields
from translator.locales import LOCALES
from translator.romanization import hepburn_name, macron_form, pinyin_spellings
from translator.scripts import convert_form, fold, wrong_script

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


def _words(form: str) -> list[str]:
    return [fold(word) for word in re.split(r"[\s\-‐]+", form.strip()) if word]


@_register("GC01", "reading-missing", "warning", "A Japanese person (romanised in Hepburn) has no kana reading.")
def reading_missing(entry: Entry) -> Iterator[str]:
    if entry.type == "person" and entry.romanization == "hepburn" and not entry.reading:
        yield "no kana reading (ja-reading); the English form cannot be checked"


@_register("GC02", "hepburn-mismatch", "error", "An English form of a Japanese person is not a Hepburn spelling of "
           "the kana reading (macrons, no macrons or passport style; either name order).")
def hepburn_mismatch(entry: Entry) -> Iterator[str]:
    if entry.type != "person" or entry.romanization != "hepburn" or not entry.reading:
        return
    try:
        family, given = hepburn_name(entry.reading)
    except ValueError as error:
        yield str(error)
        return
    family_keys, given_keys = {fold(v) for v in family}, {fold(v) for v in given}
    for form in _english_forms(entry):
        words = _words(form)
        if len(words) == 2 and (
            (words[0] in given_keys and words[1] in family_keys) or (words[0] in family_keys and words[1] in given_keys)
        ):
            continue
        yield f"en form '{form}' does not match the reading {entry.reading}, which gives {macron_form(entry.reading)}"


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


@_register("GC04", "wrong-script", "error", "A form with characters of another script: Traditional-only in zh-Hans, "
           "Simplified-only in zh-Hant, non-Japanese character forms in ja (OpenCC's tables).")
def wrong_script_forms(entry: Entry) -> Iterator[str]:
    for locale in CJK_LOCALES:
        forms = entry.form(locale)
        for form in (*forms.acceptable, forms.family, forms.given):
            wrong = wrong_script(form, locale) if form else set()
            if wrong:
                yield f"{locale} form '{form}' has characters of another script: {''.join(sorted(wrong))}"


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


def suggest_form(entry: Entry, locale: str) -> tuple[str, str] | None:
    """(suggested form, locale it was converted from) for a missing Japanese or Chinese form."""
    if locale not in CJK_LOCALES:
        return None
    for source in ("zh-Hant", "zh-Hans", "ja"):
        form = entry.form(source).preferred
        if source != locale and form:
            converted = convert_form(form, source, locale)
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
    return [
        EntryFinding(entry.id, check.code, check.name, check.severity, message)
        for entry in glossary
        for check in GLOSSARY_CHECKS
        for message in check.function(entry)
    ]
