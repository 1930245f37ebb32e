"""Locale codes: parsing any common spelling into the one canonical tag translator uses.

Babel owns the parsing (BCP 47 and POSIX spellings, CLDR likely subtags), so `zh-TW`, `zh_Hant`
and `zh-Hant-HK` all become `zh-Hant`. The canonical tag is the only spelling that reaches
configuration, folders and files.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from translator.errors import UsageError

# Babel is imported inside the functions that call it: modules that only need LOCALES (the
# glossary, the CLI's option types) should not pay for loading it.

#: The locales translator works in, in their canonical spelling and fixed order.
LOCALES: tuple[str, ...] = ("en", "ja", "zh-Hans", "zh-Hant")
#: Their names in English as CLDR gives them (a test compares them with babel's), so that `status`
#: need not load babel's English data to print four names.
ENGLISH_NAMES = {"en": "English", "ja": "Japanese", "zh-Hans": "Chinese (Simplified)",
                 "zh-Hant": "Chinese (Traditional)"}

ACCEPTED = "one of en, ja, zh-Hans, zh-Hant (BCP 47 such as zh-Hant or ja-JP, or POSIX such as zh_TW)"

# Letters, digits and one kind of separator only: nothing that could become a path or a control
# sequence gets as far as babel. A POSIX codeset or modifier (ja_JP.UTF-8, sr@latin) is allowed.
_SHAPE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*(?:\.[A-Za-z0-9-]{1,20})?(?:@[A-Za-z0-9]{1,20})?")


@lru_cache(maxsize=256)  # files repeat the same few tags thousands of times
def normalize_locale(text: str, *, spaces_around: bool = False) -> str:
    """Return the canonical tag for `text`, or raise `UsageError` naming the accepted forms.

    Whitespace and control characters are refused wherever they are (`ja\\n` is no locale);
    `spaces_around` lets a caller reading a list such as `ja, zh-Hans` drop plain spaces only.
    """
    shown = text.encode("unicode_escape").decode("ascii")
    if spaces_around:
        text = text.strip(" ")
    if text in LOCALES:  # the canonical spelling itself: no need to load babel's data
        return text
    if not _SHAPE.fullmatch(text):
        if any(character.isspace() or not character.isprintable() for character in text):
            raise UsageError(f"invalid locale '{shown}': it holds whitespace or a control character; use {ACCEPTED}")
        raise UsageError(f"invalid locale '{shown}': use {ACCEPTED}")
    bare = text.split(".", 1)[0].split("@", 1)[0]
    if bare.split("-", 1)[0].split("_", 1)[0].lower() == "und":
        raise UsageError(f"'{shown}' names no language: use {ACCEPTED}")
    separator = "-" if "-" in bare else "_"
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(bare, sep=separator)
    except (UnknownLocaleError, ValueError):
        raise UsageError(f"unknown locale '{shown}': use {ACCEPTED}") from None
    if locale.language == "zh":
        if locale.script is None:
            raise UsageError(f"'{shown}' does not say which Chinese script: use zh-Hans or zh-Hant")
        tag = f"zh-{locale.script}"
    else:
        tag = locale.language
    if tag not in LOCALES:
        raise UsageError(f"unsupported locale '{shown}': use {ACCEPTED}")
    return tag


def language_of(tag: str) -> str:
    """The language of a canonical tag, without its script: en, ja or zh."""
    return tag.split("-", 1)[0]


def display_name(tag: str, in_locale: str = "en") -> str:
    """The name users know a locale by, e.g. 'Chinese (Traditional)'."""
    if in_locale == "en" and tag in ENGLISH_NAMES:
        return ENGLISH_NAMES[tag]
    from babel import Locale

    name = Locale.parse(tag, sep="-").get_display_name(Locale.parse(in_locale, sep="-"))
    return name or tag


def plural_forms(tag: str) -> str:
    """The gettext Plural-Forms header for a locale, by CLDR's rules: `nplurals=1; plural=0;` for ja."""
    from babel.messages.plurals import get_plural

    plural = get_plural(tag.replace("-", "_"))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def long_date(day: date, tag: str) -> str:
    """A date written out as the locale writes it (CLDR's long format): 2025年11月18日."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=tag.replace("-", "_"))


@lru_cache(maxsize=None)
def month_numbers(language: str) -> dict[str, int]:
    """Month names of a language in lower case, wide and abbreviated, by CLDR (babel), with the
    number of the month: {'november': 11, 'nov': 11, ...}. English also has news style's 'sept'."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=language).items():
                names[name.lower().rstrip(".")] = number
    if language == "en":
        names["sept"] = 9
    return names
