"""Suggesting glossary entries: the names, titles and organisations articles use that the glossary
lacks, most frequent first, each with the `translator glossary add` command that would add it and
an id read from the words (pinyin by phrase, Hepburn from the Japanese word reading).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from translator.formats.article import Article, Block
from translator.entry_ids import entry_id_for
from translator.glossary import Glossary
from translator.lint import Linter
from translator.language.scripts import fold
from translator.language.sentences import language_of
from translator.language.words import chinese_words, japanese_words

@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    type: str
    count: int
    locale: str

    @property
    def entry_id(self) -> str:
        """A readable id, to be changed by the editor at will: the text itself in Latin script,
        else its words romanised (Hepburn for Japanese, pinyin for Chinese) and joined by hyphens."""
        return entry_id_for(self.text, self.locale)

    @property
    def command(self) -> str:
        text = self.text.replace('"', '\\"')
        return f'translator glossary add {self.entry_id} --type {self.type} --form {self.locale}="{text}"'


# --- English -----------------------------------------------------------------------------------

_CONNECTORS = {"of", "the", "and", "for", "de"}
_SENTENCE_STARTERS = {"the", "a", "an", "on", "in", "at", "after", "when", "with", "earlier", "currently", "this", "that",
                      "subsequently", "however", "both", "former", "because", "chinese", "japanese"}
_TITLE_WORDS = {"minister", "secretary", "director", "director-general", "president", "spokesperson", "consul",
                "ambassador", "chief", "speaker", "governor", "chairman", "premier", "general", "envoy"}
_ORGANISATION_WORDS = {"ministry", "department", "bureau", "forces", "party", "government", "agency", "council",
                       "university", "bank", "company", "committee", "radio", "asia", "news", "office", "house",
                       "guard", "army", "navy", "police", "court", "parliament", "diet", "assembly", "association",
                       "institute", "group", "corporation", "times", "post", "journal", "union", "league"}
# Capitalised for another reason than naming something the glossary should hold: at the start of a
# sentence, as a date, an honorific, a language or a back reference to a longer name ("the Ministry").
_NOT_NAMES = {
    "the", "a", "an", "and", "or", "but", "nor", "if", "then", "so", "yet", "this", "that", "these", "those", "it",
    "its", "he", "she", "we", "they", "you", "i", "me", "him", "her", "us", "them", "his", "their", "our", "my",
    "your", "there", "here", "what", "who", "whom", "whose", "which", "when", "where", "why", "how", "in", "on",
    "at", "for", "from", "to", "with", "by", "of", "as", "after", "before", "since", "while", "during", "about",
    "against", "under", "over", "between", "among", "into", "through", "despite", "although", "though", "because",
    "however", "meanwhile", "also", "still", "some", "many", "most", "all", "both", "each", "every", "other",
    "another", "any", "no", "not", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "first", "second", "third", "last", "next", "earlier", "later", "currently", "subsequently", "former", "new",
    "more", "such", "even", "just", "only", "according", "yes", "please", "today", "yesterday", "tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "mr", "mrs", "ms", "mx", "dr", "prof", "sir", "madam", "dame", "lord", "lady",
    "english", "chinese", "japanese", "korean", "french", "german", "spanish", "russian", "arabic", "hindi",
    "portuguese", "italian", "mandarin", "cantonese", "american", "african", "mexican", "dutch", "swiss", "thai",
    "greek", "british", "irish", "welsh", "israeli", "iraqi", "pakistani", "afghan", "filipino", "arab",
    "western", "eastern", "northern", "southern", "internet", "cabinet", "administration", "embassy",
    "consulate", "state", "republic", "kingdom", "province", "prefecture", "city", "capital",
    *(_ORGANISATION_WORDS - {"asia", "diet", "news", "times", "post", "journal", "radio"}),
}
_DEMONYM = re.compile(r"(?:ese|ian|ean|ish)$")  # Chinese, Asian, Korean, Spanish: adjectives unless a place follows "in"
_PLACE_CUES = {"in", "from", "near", "across", "throughout", "outside", "inside", "around", "toward", "towards",
               "via", "visited", "visiting"}

_SMALL_WORDS = _CONNECTORS | {"a", "an", "in", "on", "at", "to", "by", "with", "from", "as", "or", "but", "nor", "vs"}
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w\-]|['’](?=\w))*")  # U.S. is one word, so is Japan's
_SENTENCE_BREAK = re.compile(r"[.!?:;…“\"‘«(\[\n#>|•—–]")  # what may come before a word capitalised for its place
_HONORIFIC_ABBREVIATIONS = {"mr", "mrs", "ms", "mx", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt"}
_CONTRACTION = re.compile(r"['’](?:m|ll|re|ve|d|t)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Word:
    """A word of English text, its possessive ending dropped (Japan's: Japan)."""

    text: str
    start: int
    end: int
    joined: bool  # only spaces since the previous word, which is no possessive: one name may go on
    opens: bool  # may be capitalised for its place: a sentence, quotation or heading begins there
    before: str  # the previous word in lower case, '' at a sentence start
    possessive: bool

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() and len(self.text) >= 2


def _english_words(text: str, heading: bool) -> list[_Word]:
    words: list[_Word] = []
    end = 0
    for match in _TOKEN.finditer(text):
        gap = text[end:match.start()]
        previous = words[-1] if words else None
        # A dotted abbreviation may end a sentence too (…the U.S. Officials said); when unsure the
        # word counts as opening one, which only withholds evidence.
        after_honorific = previous is not None and previous.text.lower() in _HONORIFIC_ABBREVIATIONS and gap == ". "
        opens = heading or previous is None or previous.text.endswith(".") \
            or (bool(_SENTENCE_BREAK.search(gap)) and not after_honorific)
        token = match.group(0)
        possessive = bool(re.search(r"['’]s$", token))
        token = token[:-2] if possessive else token
        words.append(_Word(token, match.start(), match.start() + len(token),
                           joined=previous is not None and not gap.strip() and not previous.possessive,
                           opens=opens, before="" if opens or previous is None else previous.text.lower(),
                           possessive=possessive))
        end = match.end()
    return words


def _runs(words: list[_Word], covered: list[tuple[int, int]]) -> list[list[_Word]]:
    """Runs of capitalised words with connectors inside, cut at glossary forms and near misses
    (covered) and after a possessive (Japan's | Ministry of Economy)."""
    runs: list[list[_Word]] = []
    current: list[_Word] = []
    for word in words:
        if current and not word.joined:
            runs.append(current)
            current = []
        if any(start < word.end and word.start < end for start, end in covered):
            word_fits = False
        else:
            word_fits = word.capitalised or (bool(current) and word.text in _CONNECTORS)
        if not word_fits:
            if current:
                runs.append(current)
            current = []
            continue
        current.append(word)
        if word.possessive:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _english_type(words: list[str]) -> str:
    lowered = {word.lower().strip("’'") for word in words}
    if words and words[0].lower() in _TITLE_WORDS:
        return "title"
    if lowered & _ORGANISATION_WORDS:
        return "organisation"
    if lowered & _TITLE_WORDS:
        return "title"
    if len(words) == 2 and all(word[:1].isupper() for word in words):
        return "person"
    return "term"


def _count_run(words: list[str], step: int, start: int) -> int:
    """How many capitalised words stand next to `start` going `step` (no connectors between)."""
    count, index = 0, start
    while 0 <= index < len(words) and words[index][:1].isupper():
        count, index = count + 1, index + step
    return count


def _tidy(run: list[_Word]) -> list[list[_Word]]:
    """A run cut into the names it holds: at 'and' between two names ("Japan Coast Guard and
    Nikkei Radio", but not "Asian and Oceanian Affairs Bureau"), and after a title followed by a
    name ("Defence Minister | Gen Nakatani"); connectors and sentence openers trimmed at the ends."""
    texts = [word.text for word in run]
    has_body = bool({text.lower() for text in texts} & _ORGANISATION_WORDS)
    parts: list[list[_Word]] = [[]]
    for index, word in enumerate(run):
        right = _count_run(texts, 1, index + 1)
        possessor = right == 1 and run[index + 1].possessive  # U.S. Navy and | Canada's
        if word.text == "and" and (not has_body or possessor or (_count_run(texts, -1, index - 1) >= 2 and right >= 2)):
            parts.append([])
        else:
            parts[-1].append(word)
    split: list[list[_Word]] = []
    for part in parts:
        for index, word in enumerate(part[:-2]):
            rest = part[index + 1:]
            if word.text.lower() in _TITLE_WORDS and len(rest) >= 2 and all(w.capitalised for w in rest) \
                    and not {w.text.lower() for w in rest} & (_TITLE_WORDS | _ORGANISATION_WORDS):
                split.extend([part[: index + 1], rest])
                break
        else:
            split.append(part)
    tidy = []
    for part in split:
        while part and (part[0].text in _CONNECTORS or part[0].text.lower() in _SENTENCE_STARTERS):
            part = part[1:]
        while part and part[-1].text in _CONNECTORS:
            part = part[:-1]
        if part:
            tidy.append(part)
    return tidy


def _single_type(word: str, seen: list[_Word], lower_case: set[str]) -> str | None:
    """The type of a recurring single capitalised word that names something, or None: it must
    occur twice, once where nothing else capitalises it, and never be written in lower case."""
    key = word.lower()
    if len(seen) < 2 or all(occurrence.opens for occurrence in seen):
        return None
    if key in _NOT_NAMES or key in _TITLE_WORDS or key in lower_case or "." in word or _CONTRACTION.search(word) \
            or any(part[:1].islower() for part in word.split("-")):
        return None
    if any(occurrence.before in _HONORIFIC_ABBREVIATIONS for occurrence in seen):
        return "person"
    places = sum(occurrence.before in _PLACE_CUES for occurrence in seen)
    bodies = sum(occurrence.before == "the" for occurrence in seen)
    if _DEMONYM.search(key) and not places:
        return None
    if places and places >= bodies:
        return "place"
    return "organisation" if bodies else "term"


def _title_cased(words: list[_Word]) -> bool:
    """A headline in title case: three words or more besides short function words, all capitalised."""
    content = [word for word in words if word.text.lower() not in _SMALL_WORDS]
    return len(content) >= 3 and all(word.text[:1].isupper() or not word.text[:1].isalpha() for word in content)


def _english_suggestions(blocks: Iterable[tuple[Block, list[tuple[int, int]]]]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    singles: dict[str, list[_Word]] = defaultdict(list)
    lower_case: set[str] = set()
    for block, covered in blocks:
        words = _english_words(block.text, block.kind in ("title", "heading"))
        lower_case.update(word.text.lower() for word in words if word.text[:1].islower())
        if _title_cased(words):  # "Harbour Talks Resume": every word capitalised, so none is told apart
            continue
        for run in _runs(words, covered):
            for part in _tidy(run):
                names = [word.text for word in part if word.capitalised]
                if len(names) >= 2 and not all(name.lower() in _NOT_NAMES for name in names):
                    texts = [word.text for word in part]
                    counts[(" ".join(texts), _english_type(texts))] += 1
                elif len(part) == 1:
                    singles[part[0].text].append(part[0])
    # A person's single name is a short reference to the full name suggested beside it.
    people = {word.lower() for (text, kind) in counts if kind == "person" for word in text.split()}
    for word, seen in singles.items():
        kind = _single_type(word, seen, lower_case)
        if kind and word.lower() not in people:
            counts[(word, kind)] += len(seen)
    return counts


# --- Japanese and Chinese ----------------------------------------------------------------------

_JA_KINDS = {"人名": "person", "地名": "place"}
_ZH_KINDS = {"nr": "person", "ns": "place", "nt": "organisation", "nz": "term"}
_ZH_NOMINAL = {"j", "l", "vn", "b", "ng"}  # besides n*: abbreviations, set phrases (发言人), attributive words


def _endings(**kinds: str) -> dict[str, str]:
    return {ending: kind for kind, endings in kinds.items() for ending in endings.split()}


# What a compound noun names, by its last characters ("none": a region of a country, people,
# products, which name nothing to add). The longest ending decides: 局長 is a title, 局 a body.
_JA_ENDINGS = _endings(
    title="長 相 大臣 官 大統領 総理 大使 領事 知事 主席 総統 総裁 書記 議員 委員 代表 首脳 国王 王 長官",
    organisation="省 庁 局 部 課 党 会 社 銀行 大学 新聞 政府 軍 隊 院 署 機構 協会 連合 同盟 機関 館 放送 通信 内閣 財団 "
                 "組合 研究所 所 団 センター グループ テレビ 証券 大統領府 官邸",
    place="県 都 府 市 区 町 村 郡 州 島 諸島 列島 半島 湾 海 海峡 山 川 湖 空港 港 駅",
    none="北部 南部 東部 西部 中部 東北部 全土 国内 国外 各地 首都 側 内 外 産 製 人 語 系 風 流 式 版",
)
_ZH_ENDINGS = _endings(
    title="长 長 总统 總統 主席 总理 總理 首相 大使 领事 領事 发言人 發言人 官 书记 書記 议员 議員 委员 委員 代表 总裁 總裁 "
          "大臣 外相 国王 國王 女王 特使",
    organisation="部 局 司 厅 廳 署 院 党 黨 会 會 社 银行 銀行 大学 大學 报 報 政府 军 軍 队 隊 组织 組織 机构 機構 协会 "
                 "協會 联盟 聯盟 集团 集團 公司 馆 館 电视台 電視台 中心 办公室 辦公室 法院 务省 務省 卫省 衛省 业省 業省",
    place="省 市 县 縣 区 區 州 岛 島 群岛 群島 半岛 半島 湾 灣 海 海峡 海峽 山 江 河 湖 机场 機場 港 镇 鎮 村 乡 鄉",
    none="北部 南部 东部 東部 西部 中部 东北部 東北部 西南部 全境 境内 境內 国内 國內 方面 首都 人 籍 语 語 式 版 产 產 制 製",
)
# After a name, these make it a person's whatever the tagger thought it was (高市氏).
_HONORIFICS = {"ja": {"氏", "さん", "様", "君", "ちゃん", "殿", "容疑者", "被告", "選手", "監督", "夫妻", "教授", "博士"},
               "zh": {"先生", "女士", "夫妇", "夫婦", "同志", "教授", "博士"}}
_JA_HONORIFICS = "氏|さん|首相|外相|大臣|長官|局長|報道官|総領事|大使|知事|議長|主席|総統|大統領"
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}(?:[・=][\u30a1-\u30fa\u30fc]+)*")
_KATAKANA_TITLED = re.compile(rf"(?:{_JA_HONORIFICS})")


@dataclass(frozen=True, slots=True)
class _Unit:
    """A word of Japanese or Chinese text (a person's family and given name are one)."""

    start: int
    end: int
    kind: str | None  # the tagger's type for a proper noun: person, place, organisation, term
    nominal: bool  # a noun, noun prefix or noun suffix: joins the nouns beside it into a compound
    prefix: bool = False


def _units(text: str, locale: str) -> list[_Unit]:
    language = language_of(locale)
    units: list[_Unit] = []
    if language == "ja":
        for start, end, feature in japanese_words(text):
            kind = _JA_KINDS.get(feature.pos3, "organisation") if feature.pos2 == "固有名詞" else None
            if kind == "person" and units and units[-1].kind == "person" and units[-1].end == start:
                units[-1] = replace(units[-1], end=end)  # 山田 + 太郎
                continue
            nominal = feature.pos1 in ("名詞", "接頭辞") or (feature.pos1 == "接尾辞" and feature.pos2 == "名詞的")
            units.append(_Unit(start, end, kind, nominal, feature.pos1 == "接頭辞"))
    else:
        for start, position, tag in chinese_words(text, tagged=True):
            flag = "nr" if tag.startswith("nr") else tag
            units.append(_Unit(start, position, _ZH_KINDS.get(flag), flag.startswith("n") or flag in _ZH_NOMINAL))
    return units


def _ending(text: str, language: str) -> str | None:
    """What `text` names by its ending: title, organisation, place, or None."""
    table = _JA_ENDINGS if language == "ja" else _ZH_ENDINGS
    for size in range(min(len(text), 5), 0, -1):
        kind = table.get(text[-size:])
        if kind is not None:
            return None if kind == "none" else kind
    return None


def _compounds(units: list[_Unit]) -> Iterator[list[_Unit]]:
    """Runs of nouns written together, with nothing (a particle, a verb, punctuation) between."""
    run: list[_Unit] = []
    for unit in units:
        if unit.nominal and run and run[-1].end == unit.start:
            run.append(unit)
            continue
        if run:
            yield run
        run = [unit] if unit.nominal else []
    if run:
        yield run


def _names_in(text: str, run: list[_Unit], language: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, type) of what a compound names. A proper noun that is only part of one
    (アジア in アジア大洋州局長) is no name of its own: the whole compound is, when its ending says it
    is a title, organisation or place. A name before an honorific or a title, or after a title,
    is a person's (山田太郎氏, 美国总统 | 特朗普)."""
    if not run:
        return
    honorifics = _HONORIFICS["ja" if language == "ja" else "zh"]
    for index, unit in enumerate(run):
        if unit.kind is None:
            continue
        before, after = run[:index], run[index + 1:]
        after_text = text[after[0].start:after[-1].end] if after else ""
        before_text = text[before[0].start:before[-1].end] if before else ""
        honoured = after_text in honorifics
        if unit.kind == "person" or honoured:
            titled_after = not after or honoured or _ending(after_text, language) == "title"
            titled_before = not before or all(b.prefix for b in before) or _ending(before_text, language) == "title"
            if titled_after and titled_before:
                yield unit.start, unit.end, "person"
                if not all(b.prefix for b in before):
                    yield from _names_in(text, before, language)
                yield from _names_in(text, after, language)
                return
    for index in range(1, len(run)):  # 外務省 | アジア大洋州局長: a body's name, then another name
        head = run[:index]
        if run[index].kind is not None and (_ending(text[head[0].start:head[-1].end], language) == "organisation"
                                            or (len(head) == 1 and head[0].kind == "organisation")):
            yield from _names_in(text, head, language)
            yield from _names_in(text, run[index:], language)
            return
    if not any(unit.kind for unit in run):
        return
    if len(run) == 1:
        yield run[0].start, run[0].end, run[0].kind or "term"
        return
    kind = _ending(text[run[0].start:run[-1].end], language)
    if kind:
        yield run[0].start, run[-1].end, kind


def _cjk_candidates(text: str, locale: str) -> list[tuple[str, str, int, int]]:
    """(text, type, start, end) of every span of Japanese or Chinese text that could be an entry."""
    language = language_of(locale)
    units = _units(text, locale)
    found = [(text[start:end], kind, start, end) for run in _compounds(units) for start, end, kind in
             _names_in(text, run, language) if end - start >= 2]
    if language == "ja":  # a katakana name the dictionary does not know, before a title (トランプ大統領)
        places = [(unit.start, unit.end) for unit in units if unit.kind in ("place", "organisation")]
        katakana = [(m.group(0), "person", m.start(), m.end()) for m in _KATAKANA.finditer(text)
                    if _KATAKANA_TITLED.match(text, m.end())
                    and not any(s < m.end() and m.start() < e for s, e in places)]
        found = [item for item in found if not any(s < item[3] and item[2] < e for _, _, s, e in katakana)] + katakana
    return found


def _covered(start: int, end: int, covered: list[tuple[int, int]]) -> bool:
    return all(any(s <= position < e for s, e in covered) for position in range(start, end))


def _cjk_suggestions(blocks: Iterable[tuple[Block, list[tuple[int, int]]]], locale: str,
                     known: set[str]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for block, covered in blocks:
        for phrase, kind, start, end in _cjk_candidates(block.text, locale):
            if fold(phrase) not in known and not _covered(start, end, covered):
                counts[(phrase, kind)] += 1
    return counts


# --- both --------------------------------------------------------------------------------------


def suggest_entries(articles: list[Article], glossary: Glossary, locale: str) -> list[Suggestion]:
    """Entries the glossary lacks, most frequent first."""
    linter = Linter(glossary, locale)
    known = {fold(form) for entry in glossary for forms in entry.forms for form in (*forms.acceptable, *forms.forbidden)}

    def blocks() -> Iterator[tuple[Block, list[tuple[int, int]]]]:
        """Each block with the spans of glossary forms and near misses (misspellings are lint's)."""
        for article in articles:
            for block in article.blocks:
                covered = [(finding[0], finding[1]) for finding in linter.lint(block.text, None)]
                covered += [(hit.start, hit.end) for hit in linter.exact.hits(block.text)]
                yield block, covered

    language = language_of(locale)
    if language == "en":
        counts = _english_suggestions(blocks())
        counts = Counter({key: count for key, count in counts.items() if fold(key[0]) not in known})
    else:
        counts = _cjk_suggestions(blocks(), locale, known)
    return [Suggestion(text, kind, count, locale)
            for (text, kind), count in sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))]
