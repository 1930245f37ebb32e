"""Which title a title form means in a sentence, and whether a person held it on a date.

Several entries may share a form: "Foreign Minister" and 外相 are Japan's and China's, 首相 is
Japan's prime minister and (in Japanese news) China's premier, "President" China's and Taiwan's.
A mention is narrowed by what the text says around it: a country qualifier before the title or
the name ("Japanese", "China's", 日本の, 中国, 中方 …), a longer form that belongs to one entry only
("Chinese Foreign Minister"), and the person named, whose country is that of the titles they
held. A qualifier naming another country ("U.S. President") or another capitalised word ("Vice
Foreign Minister") means the title is not one of the glossary's. Each title entry's country is
read from its own forms (中国外相, "Foreign Minister of Japan") or, failing that, its id.

Words like "former", "then-", 前, 元, 時任 or （当時） say the person held the title before the date.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from translator.glossary import Entry, Glossary, Holder
from translator.language.scripts import fold
from translator.matching import CALENDAR_WORDS, FUNCTION_WORDS
from translator.language.words import proper_nouns

# Countries as news text qualifies a title with them. Only a qualifier that names the country of
# one of the candidate entries narrows the title; one naming any other country takes the mention
# out of the glossary's hands (the title is that country's), so other countries are listed too.
COUNTRIES: dict[str, dict[str, tuple[str, ...]]] = {
    "japan": {"en": ("Japan", "Japanese", "Japan's"), "ja": ("日本", "日"), "zh": ("日本", "日方"), "id": ("japan", "jp")},
    "china": {"en": ("China", "Chinese", "China's", "PRC"), "ja": ("中国", "中"), "zh": ("中国", "中國", "中方"),
              "id": ("china", "prc", "cn")},
    "taiwan": {"en": ("Taiwan", "Taiwanese", "Taiwan's"), "ja": ("台湾",), "zh": ("台湾", "臺灣", "台灣", "台方"),
               "id": ("taiwan", "roc", "tw")},
    "united-states": {"en": ("U.S.", "US", "American", "United States", "America's"), "ja": ("米国", "米", "アメリカ"),
                      "zh": ("美国", "美國", "美方"), "id": ("us", "usa", "united-states", "america")},
    "south-korea": {"en": ("South Korea", "South Korean", "South Korea's", "Korean", "ROK"), "ja": ("韓国", "韓"),
                    "zh": ("韩国", "韓國", "南韩", "南韓", "韩方", "韓方"), "id": ("south-korea", "korea", "rok", "kr")},
    "north-korea": {"en": ("North Korea", "North Korean", "North Korea's", "DPRK"), "ja": ("北朝鮮",),
                    "zh": ("朝鲜", "朝鮮", "北韩", "北韓"), "id": ("north-korea", "dprk")},
    "russia": {"en": ("Russia", "Russian", "Russia's"), "ja": ("ロシア", "露"), "zh": ("俄罗斯", "俄羅斯", "俄方", "俄"),
               "id": ("russia",)},
    "united-kingdom": {"en": ("U.K.", "UK", "British", "Britain's"), "ja": ("英国", "英"), "zh": ("英国", "英國", "英方"),
                       "id": ("uk", "united-kingdom", "britain")},
    "france": {"en": ("France", "French", "France's"), "ja": ("フランス", "仏"), "zh": ("法国", "法國"), "id": ("france",)},
    "germany": {"en": ("Germany", "German", "Germany's"), "ja": ("ドイツ", "独"), "zh": ("德国", "德國"), "id": ("germany",)},
    "india": {"en": ("India", "Indian", "India's"), "ja": ("インド",), "zh": ("印度",), "id": ("india",)},
    "australia": {"en": ("Australia", "Australian", "Australia's"), "ja": ("豪州", "オーストラリア", "豪"),
                  "zh": ("澳大利亚", "澳大利亞", "澳洲"), "id": ("australia",)},
    "philippines": {"en": ("Philippines", "Philippine", "Filipino"), "ja": ("フィリピン", "比"), "zh": ("菲律宾", "菲律賓"),
                    "id": ("philippines",)},
    "vietnam": {"en": ("Vietnam", "Vietnamese"), "ja": ("ベトナム", "越"), "zh": ("越南",), "id": ("vietnam",)},
}

# Words before a title that mean the person held it before the article's date.
_FORMER_EN = re.compile(r"(?:\b(?:former|ex|then|late|previous|onetime|erstwhile|outgoing)[\s\-–]+"
                        r"|\bpredecessor\s+as\s+)(?:\w+\s+){0,2}$", re.IGNORECASE)
_FORMER_CJK_BEFORE = ("前任", "時任", "时任", "当時の", "前", "元", "原")
_FORMER_CJK_AFTER = re.compile(r"^[（(]当時[）)]")
# A title preceded by one of these is another office (副首相, "Vice Foreign Minister").
_OTHER_OFFICE_EN = {"vice", "deputy", "senior", "state", "acting", "shadow", "assistant", "junior", "parliamentary"}
_OTHER_OFFICE_CJK = ("副", "次官", "代理")
# Capitalised words that may open a sentence or a phrase before a title without qualifying it.
_OPENERS = FUNCTION_WORDS | {
    "both", "current", "earlier", "ex", "former", "her", "his", "incoming", "it", "its", "late",
    "later", "meanwhile", "new", "or", "our", "previous", "said", "says", "since", "sitting",
    "that", "their", "then", "these", "this", "those", "today", "yesterday"
}

_LANGUAGE = {"en": "en", "ja": "ja", "zh-Hans": "zh", "zh-Hant": "zh"}

# Capitalised words that are not names (sentence openers, pronouns, weekdays, months).
NOT_NAMES = FUNCTION_WORDS | CALENDAR_WORDS | {
    "all", "both", "earlier", "former", "he", "her", "here", "his", "i", "if", "it", "its", "late",
    "later", "many", "meanwhile", "most", "no", "not", "one", "or", "other", "she", "since", "so",
    "some", "such", "that", "their", "then", "there", "these", "they", "this", "those", "three",
    "today", "two", "we", "yes", "yesterday"
}


def _country_words(locale: str) -> list[tuple[str, str]]:
    """(word, country) pairs for a locale, longest first so "South Korea" wins over "Korea"."""
    language = _LANGUAGE[locale]
    pairs = [(word, country) for country, words in COUNTRIES.items() for word in words.get(language, ())]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def entry_country(entry: Entry) -> str | None:
    """The country a title, organisation or place entry belongs to, read from its forms
    (中国外相, "Chinese Premier", "Foreign Minister of Japan"), else from its id's words."""
    votes: dict[str, int] = {}
    for locale in ("en", "ja", "zh-Hans", "zh-Hant"):
        pattern, countries = _country_pattern(locale)
        for form in entry.form(locale).acceptable:
            match = pattern.search(form)
            if match:
                country = countries[match.group(0)]
                votes[country] = votes.get(country, 0) + 1
    if votes:
        return max(sorted(votes), key=lambda country: votes[country])
    return id_country(entry.id)


def id_country(entry_id: str) -> str | None:
    """The first country (in `COUNTRIES`' order) one of whose id codes stands as whole words in
    the id ("minister-of-foreign-affairs-japan"), or None."""
    codes, longest = _id_codes()
    words = entry_id.split("-")
    found = [codes[code] for start in range(len(words)) for end in range(start + 1, min(start + longest, len(words)) + 1)
             if (code := "-".join(words[start:end])) in codes]
    return min(found)[1] if found else None


@lru_cache(maxsize=None)
def _id_codes() -> tuple[dict[str, tuple[int, str]], int]:
    """Each id code: the place of its country in `COUNTRIES` and the country (the first country
    that has it); and the most words a code has."""
    codes: dict[str, tuple[int, str]] = {}
    for place, (country, spellings) in enumerate(COUNTRIES.items()):
        for code in spellings["id"]:
            codes.setdefault(code, (place, country))
    return codes, max(len(code.split("-")) for code in codes)


@lru_cache(maxsize=None)
def _country_pattern(locale: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every country word of a locale (whole words in English; two characters or
    more in Japanese and Chinese, as 日 and 中 alone are too common), longest first."""
    pairs = [(word, country) for word, country in _country_words(locale) if locale == "en" or len(word) >= 2]
    alternatives = "|".join(re.escape(word) for word, _ in pairs)
    pattern = rf"(?<![\w.])(?:{alternatives})(?!\w)" if locale == "en" else f"(?:{alternatives})"
    return re.compile(pattern), {word: country for word, country in pairs}


@dataclass(frozen=True, slots=True)
class Named:
    """Someone named in a text: a glossary person (entry), or someone outside it (entry None)."""

    start: int
    end: int
    entry: Entry | None


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the glossary says of a person named with a title on a date."""

    ok: bool  # the person held one of the titles as the text says (on the date, or before it)
    known: bool  # the glossary records a holder for the date, so a mismatch is an error
    title: Entry  # the title the message is about
    holders: tuple[str, ...]  # people recorded as holding it on the date
    held: tuple[Holder, ...]  # the person's own terms in it, if any


class TitleResolver:
    """Narrows title mentions to entries and judges the people named with them."""

    def __init__(self, glossary: Glossary, locale: str) -> None:
        self.glossary = glossary
        self.locale = locale
        self.language = _LANGUAGE[locale]
        # Each title's country, worked out when a mention first asks (a check of one catalog meets
        # a few of a large glossary's titles), and each person's countries when a person first does.
        self._countries: dict[str, str | None] = {}
        self._person_countries: dict[str, set[str]] | None = None
        self._words = _country_words(locale)
        self._country_names = {word for word, _ in self._words}

    def country(self, entry_id: str) -> str | None:
        """The country of the glossary's title of this id; None for another entry, or a title of
        no known country."""
        if entry_id not in self._countries:
            title = self.glossary.entry(entry_id) if entry_id in self.glossary else None
            self._countries[entry_id] = entry_country(title) if title is not None and title.type == "title" else None
        return self._countries[entry_id]

    def person_countries(self, person: str) -> set[str]:
        """The countries of the titles the glossary records the person as holding."""
        if self._person_countries is None:
            self._person_countries = {}
            for title in self.glossary:
                if title.type == "title" and title.holders:
                    country = self.country(title.id)
                    if country:
                        for holder in title.holders:
                            self._person_countries.setdefault(holder.person, set()).add(country)
        return self._person_countries.get(person, set())

    # --- the text around a title ---------------------------------------------------------

    def qualifier(self, text: str, start: int) -> str | None:
        """The country named right before offset `start` (Japanese 'Japanese', 'Japan's',
        日本の, 中国, 中方), 'other' for an unknown capitalised word or another office's prefix
        (Vice, 副), or None."""
        before = text[max(0, start - 40):start]
        if self.language == "en":
            match = re.search(r"([A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)?)\s+$", before)
            if not match:
                return None
            phrase = match.group(1)
            for candidate in (phrase, phrase.split()[-1]):
                bare = re.sub(r"['’]s$", "'s", candidate)
                for word, country in self._words:
                    if bare == word or bare == word + "'s" or fold(bare) == fold(word):
                        return country
            last = phrase.split()[-1]
            key = fold(re.sub(r"['’]s$", "", last)).strip(".")
            if key in _OTHER_OFFICE_EN:
                return "other"
            if key in _OPENERS or not last[:1].isupper():
                return None
            if _is_sentence_start(text, start - len(before) + match.start(1) + len(phrase) - len(last)):
                return None
            return "other"
        trimmed = before[:-1] if before.endswith("の") else before
        if trimmed.endswith(_OTHER_OFFICE_CJK):
            return "other"
        for word, country in self._words:
            if trimmed.endswith(word) and (len(word) >= 2 or trimmed == before):
                return country
        # A place the segmenter tags right before (ノルウェー外相, 挪威外长) is another country.
        end = start - (len(before) - len(trimmed))
        window = text[max(0, end - 20):end]
        # Places are dictionary words: the tagger need not guess unknown ones here.
        if any(e == len(window) and kind == "place" and e - s >= 2
               for s, e, kind in proper_nouns(window, self.language, guess=False)):
            return "other"
        return None

    def former(self, text: str, start: int, end: int) -> bool:
        """Whether the words around a title at [start, end) say 'at the time' or 'former'."""
        before = text[max(0, start - 40):start]
        if self.language == "en":
            return _FORMER_EN.search(before) is not None
        stripped = before[:-1] if before.endswith("の") else before
        return stripped.endswith(_FORMER_CJK_BEFORE) or _FORMER_CJK_AFTER.match(text[end:]) is not None

    # --- narrowing and judging -------------------------------------------------------------

    def narrow(self, candidates: Sequence[Entry], country: str | None, person: str | None = None,
               day: date | None = None) -> list[Entry]:
        """The candidates a qualifier and the person named leave standing: those of the country
        the qualifier names; else those the person held on the day, or ever, or those of the
        person's country."""
        if country == "other":
            return []
        if country is not None:  # another country's office is not this one; an entry of no known country may be
            return [entry for entry in candidates if self.country(entry.id) in (country, None)]
        if person is not None and len(candidates) > 1:
            if day is not None:
                current = [entry for entry in candidates if any(h.person == person and h.holds_on(day) for h in entry.holders)]
                if current:
                    return current
            held = [entry for entry in candidates if any(h.person == person for h in entry.holders)]
            if held:
                return held
            countries = self.person_countries(person)
            same = [entry for entry in candidates if self.country(entry.id) in countries]
            if same:
                return same
        return list(candidates)

    def resolve(self, text: str, start: int, end: int, candidates: Sequence[Entry], person: Named | None,
                day: date | None = None) -> list[Entry]:
        """The entries a title form at [start, end) can mean here, by the qualifier before the
        title (or before the name, when the name comes first: 中国の温家宝首相) and the person."""
        name_first = person is not None and person.start < end and self.language != "en"
        country = self.qualifier(text, person.start if person is not None and name_first else start)
        if country is None and name_first:
            country = self.qualifier(text, start)
        person_id = person.entry.id if person is not None and person.entry is not None else None
        return self.narrow(candidates, country, person_id, day)

    def person_beside(self, text: str, start: int, end: int, people: Sequence[Named]) -> Named | None:
        """The person named right after a title ("Foreign Minister Yang Jiechi", "prime
        minister, Yukio Hatoyama", 中国外长杨洁篪), or in Japanese and Chinese right before it (平野博文官房長官,
        鳩山由紀夫前首相), or after it with の (前外相の岡田克也氏). `people` are the glossary people found
        in the text; anyone else is read from the text: a run of capitalised words, or a person
        name the word segmenter tags (returned with entry None)."""
        if self.language == "en":
            gap = re.match(r",? ", text[end:])
            if not gap:
                return None
            at = end + gap.end()
            run = re.match(r"(?:[A-Z][\w’'\-]*(?: |$|(?=[^\w])))+", text[at:])
            words = re.sub(r"['’]s\b", "", run.group(0)).split() if run else []
            while words and words[-1].lower() in NOT_NAMES:
                words.pop()
            if not words or words[0].lower() in NOT_NAMES:
                return None
            run_end = at + len(" ".join(words))
            starting = [person for person in people if person.start == at]
            if starting:
                person = max(starting, key=lambda found: found.end)
                return person if person.end >= run_end or person.entry is None else Named(at, run_end, None)
            if any(p.start <= at < p.end for p in people):
                return None
            return Named(at, run_end, None)
        marker = re.search(r"(?:前|元)$", text[:start])
        before = start - (1 if marker else 0)
        for person in people:
            if person.end == before or person.start == end:
                return person
        linked = text.startswith("の", end)
        if linked:
            for person in people:
                if person.start == end + 1:
                    return person
        lead = max(0, start - 12)  # the tagger reads only the title's surroundings
        found = []
        for s, e, kind in proper_nouns(text[lead:end + 12], self.language):
            s, e = s + lead, e + lead
            # A country is no person (jieba tags 南韓 so), and in Japanese a family name alone
            # before a title is someone (林官房長官); a name after the title comes first.
            short = e - s >= 2 or (self.language == "ja" and e == before)
            if kind == "person" and short and text[s:e] not in self._country_names and \
                    (e == before or s == end or (linked and s == end + 1)):
                found.append(Named(s, e, None))
        return min(found, key=lambda named: named.start < end) if found else None

    def judge(self, candidates: Sequence[Entry], person: str | None, day: date, former: bool) -> Verdict | None:
        """The glossary's word on `person` (an entry id, or None for someone outside the
        glossary) named with one of `candidates` on `day`; None when it has nothing to say."""
        recorded = [entry for entry in candidates if entry.holders]
        if not recorded:
            return None
        if person is not None:
            terms = [(entry, tuple(h for h in entry.holders if h.person == person)) for entry in recorded]
            if former:
                if any(h.start is None or h.start < day for _, held in terms for h in held):
                    return None
                title, held = next(((e, h) for e, h in terms if h), (recorded[0], ()))
                return Verdict(False, True, title, (), held)
            if any(h.holds_on(day) for _, held in terms for h in held):
                return None
            covered = [(entry, _on(entry, day)) for entry in recorded if _on(entry, day)]
            if covered:
                title, holders = covered[0]
                own = next((h for e, h in terms if e.id == title.id), ())
                return Verdict(False, True, title, tuple(h.person for h in holders), own)
            title, held = next(((e, h) for e, h in terms if h), (recorded[0], ()))
            return Verdict(False, bool(held), title, (), held)
        if former:
            return None
        covered = [(entry, _on(entry, day)) for entry in recorded]
        if all(holders and any(h.start is not None for h in holders) for _, holders in covered) \
                and len(covered) == len(candidates):
            title, holders = covered[0]
            return Verdict(False, True, title, tuple(h.person for h in holders), ())
        if not any(holders for _, holders in covered):
            return Verdict(False, False, recorded[0], (), ())
        return None


def _on(entry: Entry, day: date) -> list[Holder]:
    return [holder for holder in entry.holders if holder.holds_on(day)]


def _is_sentence_start(text: str, offset: int) -> bool:
    before = text[:offset].rstrip(" \"“‘'(")
    return not before or before[-1] in ".!?:;\n"


def describe_terms(terms: Iterable[Holder]) -> str:
    """'from 2021-10-04 to 2024-10-01' for each term, joined."""
    parts = []
    for term in terms:
        text = ""
        if term.start:
            text += f"from {term.start.isoformat()}"
        if term.end:
            text += f"{' ' if text else ''}to {term.end.isoformat()}"
        parts.append(text or "(undated)")
    return "; ".join(parts)
