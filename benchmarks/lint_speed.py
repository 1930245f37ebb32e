"""Benchmark: `translator lint` on 1 MB articles with a 10,000-entry glossary (goal: at most 3 s).

Run: python benchmarks/lint_speed.py [--size 1] [--entries 10000] [--repeat 3] [--profile [LOCALE]]

The glossary is made here from syllables and characters, the same for the same seed: Japanese
people (Hepburn), Chinese (pinyin) and Taiwanese (Wade–Giles) with forms in all four locales,
family and given names, readings, some admitted and forbidden forms; titles with dated holders
(ministers whose English or Japanese form Japan and China share, governors, mayors, party
secretaries, company presidents); places and organisations. An English, a Japanese and a
Simplified Chinese article of about 1 MB mention them as news does: full names, titles before
and after names (the holder on the date, someone else, 'former'), family names alone, misspelt
names, admitted and forbidden forms, people outside the glossary, other capitalised words.

Each article is linted as a command from start to exit (`translator -w WS lint FILE --source L
--date 2025-11-18`), best of R runs, beside the fixed cost of a run (start-up and glossary load:
`glossary list`; plus lint's indexes: a one-paragraph article) and a 100 KB article for scale.
With --profile [LOCALE], the largest article (the slowest one's, or LOCALE's) is linted again
in-process under cProfile, and the top functions by cumulative and by own time are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from translator.glossary import Glossary, build_entry  # noqa: E402
from translator.lint import lint_articles  # noqa: E402
from translator.language.romanization import macron_form  # noqa: E402
from translator.language.scripts import convert_form  # noqa: E402
from translator.formats.glossary_toml import GlossaryStore  # noqa: E402
from translator.workspace import Workspace, init_workspace  # noqa: E402

SEED = 11
DAY = date(2025, 11, 18)
GOAL_SECONDS = 3.0
BIN = Path(sys.executable).parent
LOCALES = ("en", "ja", "zh-Hans")

# --- names ---------------------------------------------------------------------------------------
# Japanese name parts as "romaji:kanji:kana:a kanji read the same" (the last may be empty).
JA_FAMILY_HEADS = (
    "taka:高:たか:鷹 kishi:岸:きし: yama:山:やま: naka:中:なか:仲 matsu:松:まつ: ishi:石:いし: fuji:藤:ふじ: "
    "oka:岡:おか:丘 kawa:川:かわ:河 mori:森:もり:守 kita:北:きた: nishi:西:にし: miya:宮:みや: ko:小:こ:古 "
    "o:大:おお: hira:平:ひら: kuro:黒:くろ: shira:白:しら: hoso:細:ほそ: naga:長:なが:永 yoshi:吉:よし:芳 "
    "kane:金:かね:兼 sugi:杉:すぎ: take:竹:たけ:武 ume:梅:うめ: mizu:水:みず:瑞 ki:木:き:城 ara:荒:あら:新 "
    "kami:上:かみ:神 shimo:下:しも: iwa:岩:いわ:磐 ao:青:あお:"
)
JA_FAMILY_TAILS = (
    "da:田:だ: ta:田:た:多 shima:島:しま:嶋 moto:本:もと: mura:村:むら:邑 kawa:川:かわ:河 gawa:川:がわ:河 "
    "no:野:の:乃 saki:崎:さき:碕 zaki:崎:ざき: hashi:橋:はし:端 ichi:市:いち: gi:木:ぎ: hara:原:はら: "
    "sawa:沢:さわ:澤 zawa:沢:ざわ:澤 yama:山:やま: oka:岡:おか:丘 i:井:い:伊 be:部:べ:辺 uchi:内:うち: "
    "tani:谷:たに: mori:森:もり:守 ya:谷:や:屋"
)
JA_GIVEN_HEADS = (
    "hiro:博:ひろ:弘 masa:正:まさ:雅 yoshi:義:よし:良 kazu:和:かず: nori:典:のり:紀 toshi:敏:とし:俊 "
    "aki:明:あき:昭 haru:春:はる:晴 yuki:幸:ゆき:雪 taka:隆:たか:孝 hide:秀:ひで:英 tomo:智:とも:友 "
    "nao:直:なお:尚 tada:忠:ただ: yasu:康:やす:安 fumi:文:ふみ:史 mitsu:光:みつ:充 tetsu:哲:てつ:鉄 "
    "kiyo:清:きよ:聖 shige:茂:しげ:重 tsune:恒:つね:常 sada:貞:さだ:定"
)
JA_GIVEN_TAILS = (
    "o:雄:お:男 hiko:彦:ひこ: ko:子:こ: mi:美:み:実 e:恵:え:絵 ji:治:じ:次 ya:也:や:哉 shi:志:し:史 "
    "ki:樹:き:喜 to:人:と:斗 nori:則:のり:紀 yuki:之:ゆき:幸 aki:昭:あき:明 ro:郎:ろう:朗 hiro:弘:ひろ:裕"
)
JA_GIVEN_SINGLE = (
    "minoru:稔:みのる:実 shigeru:茂:しげる:繁 takashi:隆:たかし:崇 hiroshi:博:ひろし:浩 makoto:誠:まこと:真 "
    "isamu:勇:いさむ: osamu:修:おさむ:治 satoshi:聡:さとし:智 kaoru:薫:かおる:馨 akira:明:あきら:晃 "
    "tsuyoshi:毅:つよし:剛 mamoru:守:まもる:衛 susumu:進:すすむ:晋 yutaka:豊:ゆたか:裕 wataru:渉:わたる:亘"
)
# Chinese name parts as "pinyin:Wade–Giles:Simplified:Traditional:a Simplified homophone".
ZH_FAMILY = (
    "wang:wang:王:王: li:li:李:李: zhang:chang:张:張: liu:liu:刘:劉: chen:chen:陈:陳: yang:yang:杨:楊: "
    "zhao:chao:赵:趙: huang:huang:黄:黃: zhou:chou:周:周: wu:wu:吴:吳: xu:hsu:徐:徐: sun:sun:孙:孫: hu:hu:胡:胡: "
    "zhu:chu:朱:朱: gao:kao:高:高: lin:lin:林:林: he:ho:何:何: guo:kuo:郭:郭: ma:ma:马:馬: luo:lo:罗:羅: "
    "liang:liang:梁:梁: song:sung:宋:宋: zheng:cheng:郑:鄭: xie:hsieh:谢:謝: han:han:韩:韓: tang:tang:唐:唐: "
    "feng:feng:冯:馮: dong:tung:董:董: xiao:hsiao:萧:蕭: cheng:cheng:程:程: cao:tsao:曹:曹: yuan:yuan:袁:袁: "
    "deng:teng:邓:鄧: xue:hsueh:薛:薛: mao:mao:毛:毛: qin:chin:秦:秦: jiang:chiang:蒋:蔣: wei:wei:魏:魏: "
    "lu:lu:陆:陸: du:tu:杜:杜: ye:yeh:叶:葉: pan:pan:潘:潘: fan:fan:范:范: fang:fang:方:方: shi:shih:石:石: "
    "yao:yao:姚:姚: tan:tan:谭:譚: liao:liao:廖:廖: zou:tsou:邹:鄒: xiong:hsiung:熊:熊: jin:chin:金:金: "
    "kong:kung:孔:孔: bai:pai:白:白: cui:tsui:崔:崔: kang:kang:康:康: qiu:chiu:邱:邱: qian:chien:钱:錢: "
    "cai:tsai:蔡:蔡: lai:lai:赖:賴: hong:hung:洪:洪: su:su:苏:蘇: ke:ko:柯:柯: you:yu:游:游:"
)
ZH_GIVEN = (
    "jin:chin:劲:勁:进 song:sung:松:松:嵩 ning:ning:宁:寧:凝 wei:wei:伟:偉:维 jian:chien:建:建:健 "
    "guo:kuo:国:國:果 hua:hua:华:華:化 ming:ming:明:明:鸣 li:li:丽:麗:立 jun:chun:军:軍:俊 ping:ping:平:平:萍 "
    "qiang:chiang:强:強:蔷 hong:hung:红:紅:宏 xin:hsin:新:新:欣 yi:yi:毅:毅:义 bo:po:波:波:博 tao:tao:涛:濤:韬 "
    "lei:lei:磊:磊:雷 yang:yang:阳:陽:扬 feng:feng:峰:峰:锋 hai:hai:海:海: dong:tung:东:東:冬 kai:kai:凯:凱:恺 "
    "peng:peng:鹏:鵬:朋 hui:hui:辉:輝:慧 long:lung:龙:龍:隆 xiang:hsiang:祥:祥:翔 zhi:chih:志:志:智 "
    "yong:yung:勇:勇:永 fei:fei:飞:飛:菲 chang:chang:昌:昌:畅 rong:jung:荣:榮:容 qing:ching:庆:慶:清 "
    "sheng:sheng:胜:勝:生 wen:wen:文:文:闻 bin:pin:斌:斌:彬 chao:chao:超:超:朝 yu:yu:宇:宇:雨 "
    "xiao:hsiao:晓:曉:小 lan:lan:兰:蘭:岚 de:te:德:德:得 zhen:chen:振:振:震 cheng:cheng:成:成:诚 "
    "zhong:chung:忠:忠:中"
)


def _convert(text: str, source: str, target: str) -> str:
    """`text` in another script by the library's OpenCC suggestion, with the variant 郞 that
    jp2t gives for 郎 put back."""
    return (convert_form(text, source, target) or text).replace("郞", "郎")


def _table(text: str) -> list[tuple[str, ...]]:
    return [tuple(item.split(":")) for item in text.split()]


@dataclass(frozen=True, slots=True)
class Person:
    """A glossary person as the articles write them."""

    id: str
    origin: str  # "japan", "china" or "taiwan"
    en: str
    en_family: str
    en_given: str
    ja: tuple[str, str]  # (family, given) in each locale
    hans: tuple[str, str]
    hant: tuple[str, str]
    admitted_en: tuple[str, ...] = ()
    forbidden_en: tuple[str, ...] = ()
    reading: str = ""  # Japanese people: kana, family name first


@dataclass(frozen=True, slots=True)
class Title:
    """A glossary title and who held it when."""

    id: str
    country: str
    en: tuple[str, ...]  # preferred first, then admitted
    ja: tuple[str, ...]
    hans: tuple[str, ...]
    terms: tuple[tuple[str, date, date | None], ...]

    def holders_on(self, day: date) -> list[str]:
        return [person for person, start, end in self.terms if start <= day and (end is None or day <= end)]

    def past_holders(self, day: date) -> list[str]:
        return [person for person, _start, end in self.terms if end is not None and end < day]


@dataclass(frozen=True, slots=True)
class Place:
    """A glossary place or organisation."""

    id: str
    type: str
    country: str
    en: str
    ja: str
    hans: str
    hant: str


@dataclass
class Cast:
    """What the articles can mention: the glossary's people, titles, places and organisations,
    and people outside it."""

    people: list[Person] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)  # and organisations
    outsiders: list[Person] = field(default_factory=list)
    by_id: dict[str, Person] = field(default_factory=dict)
    kanji_alternates: dict[str, str] = field(default_factory=dict)
    hans_alternates: dict[str, str] = field(default_factory=dict)


class NameMaker:
    """Japanese, Chinese and Taiwanese names from the syllable tables, each one given out once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.family_heads, self.family_tails = _table(JA_FAMILY_HEADS), _table(JA_FAMILY_TAILS)
        self.given_heads, self.given_tails = _table(JA_GIVEN_HEADS), _table(JA_GIVEN_TAILS)
        self.given_single = _table(JA_GIVEN_SINGLE)
        self.zh_family, self.zh_given = _table(ZH_FAMILY), _table(ZH_GIVEN)

    def japanese_family(self) -> tuple[str, str, str]:
        """(romaji, kanji, kana) of a two-part family name (Takada 高田 たかだ)."""
        head, tail = self.rng.choice(self.family_heads), self.rng.choice(self.family_tails)
        return head[0] + tail[0], head[1] + tail[1], head[2] + tail[2]

    def japanese(self, number: int, outsider: bool = False) -> Person:
        while True:
            romaji, kanji, kana = self.japanese_family()
            if self.rng.random() < 0.25:
                given = self.rng.choice(self.given_single)
                g_romaji, g_kanji, g_kana = given[0], given[1], given[2]
            else:
                head, tail = self.rng.choice(self.given_heads), self.rng.choice(self.given_tails)
                if head[0].endswith("n") and tail[0][0] in "aeiouy":
                    continue  # would need an apostrophe (Shin'ya)
                g_romaji, g_kanji, g_kana = head[0] + tail[0], head[1] + tail[1], head[2] + tail[2]
            en = f"{g_romaji.capitalize()} {romaji.capitalize()}"
            if en not in self.used and kanji != g_kanji:
                break
        self.used.add(en)
        admitted: list[str] = []
        if not outsider and number % 8 == 0:
            admitted.append(f"{romaji.upper()} {g_romaji.capitalize()}")
        if not outsider and number % 5 == 0:
            family_macron, given_macron = macron_form(f"{kana} {g_kana}").split()
            if f"{given_macron} {family_macron}" != en:
                admitted.append(f"{given_macron} {family_macron}")
        ja = (kanji, g_kanji)
        hans = (_convert(kanji, "ja", "zh-Hans"), _convert(g_kanji, "ja", "zh-Hans"))
        hant = (_convert(kanji, "ja", "zh-Hant"), _convert(g_kanji, "ja", "zh-Hant"))
        return Person(_slug(en, number), "japan", en, romaji.capitalize(), g_romaji.capitalize(), ja, hans, hant,
                      tuple(admitted), (f"{g_romaji.capitalize()} {romaji.capitalize()[:-1]}",) if number % 12 == 0 else (),
                      f"{kana} {g_kana}")

    def chinese(self, number: int, taiwanese: bool = False, outsider: bool = False) -> Person:
        while True:
            family = self.rng.choice(self.zh_family)
            parts = [self.rng.choice(self.zh_given) for _ in range(1 if self.rng.random() < 0.2 else 2)]
            if len(parts) == 2 and (parts[1][0][0] in "aeiou" or parts[0] == parts[1]):
                continue  # Xi'an-like joins and doubled syllables are left out
            if taiwanese:
                family_en = family[1].capitalize()
                given_en = "-".join(part[1] for part in parts).capitalize()
            else:
                family_en, given_en = family[0].capitalize(), "".join(part[0] for part in parts).capitalize()
            en = f"{family_en} {given_en}"
            if en not in self.used:
                break
        self.used.add(en)
        hans = (family[2], "".join(part[2] for part in parts))
        hant = (family[3], "".join(part[3] for part in parts))
        ja = (_convert(hant[0], "zh-Hant", "ja"), _convert(hant[1], "zh-Hant", "ja"))
        admitted = (f"{given_en} {family_en}",) if not outsider and number % 10 == 0 else ()
        forbidden = (f"{family_en} {' '.join(p[0].capitalize() for p in parts)}",) \
            if not outsider and not taiwanese and len(parts) == 2 and number % 12 == 0 else ()
        return Person(_slug(en, number), "taiwan" if taiwanese else "china", en, family_en, given_en, ja, hans, hant,
                      admitted, forbidden)

    def place(self, chinese: bool) -> tuple[str, str, str, str]:
        """(en, ja, zh-Hans, zh-Hant) of a new place name (Takamori 高森, Hualong 华龙)."""
        while True:
            if chinese:
                first, second = self.rng.sample(self.zh_given, 2)
                if second[0][0] in "aeiou":
                    continue
                en, hans, hant = (first[0] + second[0]).capitalize(), first[2] + second[2], first[3] + second[3]
                ja = _convert(hant, "zh-Hant", "ja")
            else:
                romaji, ja, _kana = self.japanese_family()
                en = romaji.capitalize()
                hans, hant = _convert(ja, "ja", "zh-Hans"), _convert(ja, "ja", "zh-Hant")
            if en not in self.used:
                self.used.add(en)
                return en, ja, hans, hant


def _slug(name: str, number: int | None = None) -> str:
    """An entry id from a name ("Hiroo Takada", 12 -> hiroo-takada-12)."""
    words = name.lower().replace("-", " ").replace(",", "").split()
    return "-".join(words + ([str(number)] if number is not None else []))


# --- the glossary ----------------------------------------------------------------------------------
# Ministries: (en preferred, en admitted, ja preferred, ja admitted, zh-Hans preferred, zh-Hans admitted).
JAPAN_MINISTERS = [
    ("Prime Minister", "", "内閣総理大臣", "首相", "日本首相", ""),
    ("Chief Cabinet Secretary", "", "内閣官房長官", "官房長官", "日本内阁官房长官", ""),
    ("Minister for Foreign Affairs", "Foreign Minister", "外務大臣", "外相", "日本外务大臣", "日本外相"),
    ("Minister of Defense", "Defense Minister", "防衛大臣", "防衛相", "日本防卫大臣", "日本防卫相"),
    ("Minister of Finance", "Finance Minister", "財務大臣", "財務相", "日本财务大臣", ""),
    ("Minister of Justice", "Justice Minister", "法務大臣", "法相", "日本法务大臣", ""),
    ("Minister of Education", "Education Minister", "文部科学大臣", "文科相", "日本文部科学大臣", ""),
    ("Minister of Health", "Health Minister", "厚生労働大臣", "厚労相", "日本厚生劳动大臣", ""),
    ("Minister of Agriculture", "Agriculture Minister", "農林水産大臣", "農相", "日本农林水产大臣", ""),
    ("Minister of Economy, Trade and Industry", "Trade Minister", "経済産業大臣", "経産相", "日本经济产业大臣", ""),
    ("Minister of Land, Infrastructure and Transport", "Transport Minister", "国土交通大臣", "国交相", "日本国土交通大臣", ""),
    ("Minister of the Environment", "Environment Minister", "環境大臣", "環境相", "日本环境大臣", ""),
]
CHINA_MINISTERS = [
    ("Premier", "Chinese Premier", "中国首相", "首相", "国务院总理", "总理"),
    ("President", "Chinese President", "国家主席", "", "国家主席", ""),
    ("Foreign Minister", "Chinese Foreign Minister", "中国外相", "外相", "外交部长", "外长"),
    ("Defense Minister", "Chinese Defense Minister", "中国国防相", "", "国防部长", ""),
    ("Finance Minister", "Chinese Finance Minister", "中国財政相", "", "财政部长", ""),
    ("Commerce Minister", "Chinese Commerce Minister", "中国商務相", "", "商务部长", ""),
    ("Education Minister", "Chinese Education Minister", "中国教育相", "", "教育部长", ""),
    ("Justice Minister", "Chinese Justice Minister", "中国司法相", "", "司法部长", ""),
    ("Foreign Ministry Spokesperson", "Chinese Foreign Ministry Spokesperson", "中国外務省報道官", "", "外交部发言人", ""),
]
TAIWAN_MINISTERS = [
    ("President", "Taiwanese President", "台湾総統", "総統", "台湾地区领导人", ""),
    ("Premier", "Taiwanese Premier", "台湾行政院長", "", "台湾行政院长", ""),
]


def _terms(rng: random.Random, pool: list[Person]) -> tuple[tuple[str, date, date | None], ...]:
    """One to three consecutive terms since 2016; the last open, or (one title in ten) ended."""
    count = rng.choice((1, 2, 2, 3, 3))
    cuts = sorted(date(2016, 1, 1) + timedelta(days=rng.randrange(0, 3500)) for _ in range(count))
    people = rng.sample(pool, count)
    terms = []
    for index, (person, start) in enumerate(zip(people, cuts)):
        end = cuts[index + 1] if index + 1 < count else (DAY - timedelta(days=rng.randrange(30, 300))
                                                          if rng.random() < 0.1 else None)
        if end is not None and end < start:
            end = start + timedelta(days=30)
        terms.append((person.id, start, end))
    return tuple(terms)


def build_cast(entries: int, rng: random.Random) -> Cast:
    """The cast of a glossary of `entries` entries: about 69 % people, 18 % titles (each with one
    to three holders), 10 % places and 3 % organisations."""
    names = NameMaker(rng)
    cast = Cast()
    for index in range(entries // 10):
        country = "china" if index % 9 >= 5 else "japan"
        en, ja, hans, hant = names.place(country == "china")
        cast.places.append(Place(f"{en.lower()}-{country}", "place", country, en, ja, hans, hant))
    companies = (("Electric Power", "電力", "电力", "電力"), ("Bank", "銀行", "银行", "銀行"),
                 ("Steel", "製鉄", "钢铁", "鋼鐵"), ("Motor", "自動車", "汽车", "汽車"))
    for index in range(entries * 3 // 100):
        place, suffix = cast.places[index], companies[index % len(companies)]
        en = f"{place.en} {suffix[0]}"
        cast.places.append(Place(f"{_slug(en)}-{place.country}", "organisation", place.country, en,
                                 place.ja + suffix[1], place.hans + suffix[2], place.hant + suffix[3]))
    ministers = len(JAPAN_MINISTERS) + len(CHINA_MINISTERS) + len(TAIWAN_MINISTERS)
    local = sum(2 if p.type == "place" and p.country == "china" else 1 for p in cast.places)
    for number in range(entries - len(cast.places) - ministers - local):
        kind = number % 20
        cast.people.append(names.japanese(number) if kind < 11 else names.chinese(number, taiwanese=kind == 19))
    cast.by_id = {person.id: person for person in cast.people}
    pools = {origin: [p for p in cast.people if p.origin == origin] for origin in ("japan", "china", "taiwan")}

    def title(entry_id: str, country: str, en: tuple[str, ...], ja: tuple[str, ...], hans: tuple[str, ...]) -> None:
        cast.titles.append(Title(entry_id, country, tuple(f for f in en if f), tuple(f for f in ja if f),
                                 tuple(f for f in hans if f), _terms(rng, pools[country])))

    for country, ministries in (("japan", JAPAN_MINISTERS), ("china", CHINA_MINISTERS), ("taiwan", TAIWAN_MINISTERS)):
        for en, en_short, ja, ja_short, hans, hans_short in ministries:
            title(f"{_slug(en)}-{country}", country, (en, en_short), (ja, ja_short),
                  (hans, hans_short))
    for place in cast.places:
        name = _slug(place.en)
        if place.type == "organisation":
            title(f"president-{name}-{place.country}", place.country, (f"President of {place.en}", f"{place.en} President"),
                  (f"{place.ja}社長",), (f"{place.hans}总裁",))
        elif place.country == "china":
            title(f"mayor-{name}-china", "china", (f"Mayor of {place.en}", f"{place.en} Mayor"),
                  (f"{place.ja}市長",), (f"{place.hans}市长",))
            title(f"party-secretary-{name}-china", "china", (f"Party Secretary of {place.en}",
                                                           f"{place.en} Party Secretary"),
                  (f"{place.ja}市党委書記",), (f"{place.hans}市委书记",))
        elif len(cast.titles) % 4 == 0:
            title(f"governor-{name}-japan", "japan", (f"Governor of {place.en}", f"{place.en} Governor"),
                  (f"{place.ja}県知事", f"{place.ja}知事"), (f"{place.hans}县知事",))
        else:
            title(f"mayor-{name}-japan", "japan", (f"Mayor of {place.en}", f"{place.en} Mayor"),
                  (f"{place.ja}市長",), (f"{place.hans}市市长",))
    cast.outsiders = [names.japanese(n, outsider=True) if n % 2 else names.chinese(n, outsider=True) for n in range(400)]
    for row in (*names.family_heads, *names.family_tails, *names.given_heads, *names.given_tails, *names.given_single):
        if row[3]:
            cast.kanji_alternates.setdefault(row[1], row[3])
    for row in names.zh_given:
        if row[4]:
            cast.hans_alternates.setdefault(row[2], row[4])
    return cast


def build_glossary(cast: Cast) -> Glossary:
    """The cast as glossary entries, each through `build_entry` (the validation every way in uses)."""
    glossary = Glossary()
    for number, person in enumerate(cast.people):
        fields: dict[str, object] = {
            "id": person.id, "type": "person", "status": "approved", "en": person.en,
            "en-family": person.en_family, "en-given": person.en_given,
            "romanization": {"japan": "hepburn", "china": "pinyin", "taiwan": "wade-giles"}[person.origin],
        }
        if person.admitted_en:
            fields["en-admitted"] = list(person.admitted_en)
        if person.forbidden_en:
            fields["en-forbidden"] = list(person.forbidden_en)
        for locale, (family, given) in (("ja", person.ja), ("zh-Hans", person.hans), ("zh-Hant", person.hant)):
            fields[locale] = family + given
            fields[f"{locale}-family"] = family
            fields[f"{locale}-given"] = given
        if person.origin == "japan":
            fields["ja-reading"] = person.reading
            if number % 12 == 6:  # a known slip of the given name's last character
                fields["ja-forbidden"] = [person.ja[0] + person.ja[1][:-1] + ("夫" if person.ja[1].endswith("男") else "男")]
        elif person.hans != person.hant and number % 6 == 0:  # Simplified characters in Traditional text
            fields["zh-Hant-forbidden"] = ["".join(person.hans)]
        glossary.add(build_entry(fields))
    for place in cast.places:
        glossary.add(build_entry({"id": place.id, "type": place.type, "status": "approved", "en": place.en,
                                  "ja": place.ja, "zh-Hans": place.hans, "zh-Hant": place.hant}))
    for title in cast.titles:
        fields = {"id": title.id, "type": "title", "status": "approved", "en": title.en[0], "ja": title.ja[0],
                  "zh-Hans": title.hans[0], "zh-Hant": _convert(title.hans[0], "zh-Hans", "zh-Hant"),
                  "holders": [f"{person} from {start.isoformat()}" + (f" to {end.isoformat()}" if end else "")
                              for person, start, end in title.terms]}
        for locale, forms in (("en", title.en), ("ja", title.ja), ("zh-Hans", title.hans)):
            if len(forms) > 1:
                fields[f"{locale}-admitted"] = list(forms[1:])
        glossary.add(build_entry(fields))
    return glossary


# --- the articles ----------------------------------------------------------------------------------
EN_VERBS = ["said", "told reporters", "stated", "emphasized", "warned", "noted", "argued", "confirmed", "announced"]
EN_OBJECTS = [
    "that talks with the U.S. delegation would continue on Jan. 5",
    "the ministry's position had not changed since the statement of Nov. 7",
    "a 3.5 percent rise in exports was expected next quarter",
    "relations between the two countries remained stable",
    "the government would respond “calmly and firmly”",
    "no decision had been taken on the new measures",
    "the budget request for fiscal 2026 would be submitted by the end of the month",
    "the Cabinet would approve the economic package on Friday",
    "both sides agreed to keep in close contact through diplomatic channels",
    "the committee would meet again after the Lower House election",
]
EN_FILLERS = [
    "The Nikkei Stock Average rose 1.2 percent on Tuesday, led by exporters.",
    "In Tokyo, the yen weakened to 155 against the dollar.",
    "The Bank of Japan kept its policy rate unchanged at 0.5 percent.",
    "Shares in Hong Kong fell for a third day as investors awaited data from Beijing.",
    "The Foreign Ministry in Beijing did not respond to a request for comment.",
    "According to NHK, about 2,000 people attended the rally in Osaka on Sunday.",
    "The Liberal Democratic Party and Komeito discussed the plan on Monday.",
    "Xinhua News Agency said the meeting was held in a “frank and constructive” atmosphere.",
    "Reuters and Kyodo News reported the figures earlier in the day.",
]
JA_OBJECTS = ["日中関係は安定している", "来年度予算案について引き続き協議する", "冷静かつ毅然と対応する",
              "輸出規制の強化は検討していない", "経済対策を月内にまとめる", "米国との協議は1月5日に再開する",
              "地域の平和と安定のため緊密に連携する", "新たな措置については何も決まっていない"]
JA_VERBS = ["と述べた", "と強調した", "と語った", "との考えを示した", "と明らかにした", "と説明した"]
JA_FILLERS = ["日経平均株価は18日、前日比1.2％高で取引を終えた。", "東京外国為替市場で円相場は1ドル＝155円台で推移した。",
              "日銀は政策金利を0.5％に据え置いた。", "NHKによると、大阪の集会には約2000人が参加した。",
              "自民党と公明党は17日、党首会談を開いた。", "中国外務省は取材に応じていない。"]
ZH_OBJECTS = ["中日关系保持稳定", "双方将继续通过外交渠道保持沟通", "政府将冷静而坚定地作出回应",
              "目前尚未就新措施作出决定", "明年出口预计增长3.5%", "将于本月底前提交2026财年预算申请"]
ZH_VERBS = ["表示", "强调", "指出", "说", "宣布"]
ZH_FILLERS = ["日经平均指数18日上涨1.2%。", "日元兑美元汇率跌至155日元附近。", "日本央行维持0.5%的政策利率不变。",
              "据新华社报道，会谈在坦诚和建设性的气氛中进行。", "香港股市连续第三天下跌。", "外交部当天未回应置评请求。"]
SHARED_EN = {"Foreign Minister", "Prime Minister", "Premier", "President", "Defense Minister", "Finance Minister",
             "Justice Minister", "Education Minister"}
QUALIFIERS = {"japan": ("Japanese", "Japan's"), "china": ("Chinese", "China's"), "taiwan": ("Taiwanese", "Taiwan's")}


def misspell_latin(word: str, rng: random.Random) -> str:
    """One slip a reporter makes: a changed vowel, a dropped, doubled or swapped letter."""
    while True:
        i = rng.randrange(1, len(word))
        kind = rng.randrange(4)
        if kind == 0 and word[i] in "aeiou":
            slip = word[:i] + rng.choice([v for v in "aeiou" if v != word[i]]) + word[i + 1:]
        elif kind == 1 and len(word) > 4:
            slip = word[:i] + word[i + 1:]
        elif kind == 2:
            slip = word[:i] + word[i] + word[i:]
        elif kind == 3 and i + 1 < len(word):
            slip = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        else:
            continue
        if slip != word:
            return slip


def misspell_cjk(family: str, given: str, alternates: dict[str, str], locale: str, rng: random.Random) -> str:
    """The name with one character wrong: one read the same, one of another script, or any."""
    name = family + given
    i = rng.randrange(len(family), len(name)) if rng.random() < 0.8 else rng.randrange(len(family))
    char = name[i]
    other = convert_form(char, "ja", "zh-Hans") if locale == "ja" else convert_form(char, "zh-Hans", "zh-Hant")
    choices = [c for c in (alternates.get(char), other) if c and c != char]
    wrong = rng.choice(choices) if choices else rng.choice("文明正和平安康健")
    return name[:i] + wrong + name[i + 1:]


class Writer:
    """News sentences about the cast in one locale; each kind of mention in a fixed share."""

    def __init__(self, cast: Cast, locale: str, rng: random.Random) -> None:
        self.cast, self.locale, self.rng = cast, locale, rng
        self.pools = {origin: [p for p in cast.people if p.origin == origin] for origin in ("japan", "china", "taiwan")}
        self.held = [title for title in cast.titles if title.terms]
        self.formers = [title for title in cast.titles if title.past_holders(DAY)]
        self.forbidden = [p for p in cast.people if p.forbidden_en] if locale == "en" else []
        self.admitted = [p for p in cast.people if p.admitted_en]
        self.places = [place for place in cast.places if place.type == "place"]
        self.organisations = [place for place in cast.places if place.type == "organisation"]

    def name(self, person: Person) -> str:
        if self.locale == "en":
            return person.en
        return "".join(person.ja if self.locale == "ja" else person.hans)

    def family(self, person: Person) -> str:
        return person.en_family if self.locale == "en" else (person.ja if self.locale == "ja" else person.hans)[0]

    def title_form(self, title: Title) -> str:
        return self.rng.choice(title.en if self.locale == "en" else title.ja if self.locale == "ja" else title.hans)

    def place(self, place: Place) -> str:
        return place.en if self.locale == "en" else place.ja if self.locale == "ja" else place.hans

    def misspelt(self, person: Person) -> str:
        rng = self.rng
        if self.locale == "en":
            if rng.random() < 0.5:
                given, family = person.en_given, misspell_latin(person.en_family, rng)
            else:
                given, family = misspell_latin(person.en_given, rng), person.en_family
            return f"{family} {given}" if person.origin != "japan" else f"{given} {family}"
        parts = person.ja if self.locale == "ja" else person.hans
        alternates = self.cast.kanji_alternates if self.locale == "ja" else self.cast.hans_alternates
        return misspell_cjk(parts[0], parts[1], alternates, self.locale, rng)

    def sentence(self) -> str:
        """One sentence; shares: title and holder 25 %, 'former' 5 %, full name 15 %, family
        name alone 12 %, misspelt name 12 %, forbidden or admitted form 4 %, people outside the
        glossary 8 %, places and organisations 8 %, other news 11 %."""
        rng = self.rng
        r = rng.random()
        person = rng.choice(self.cast.people)
        if r < 0.25:
            title = rng.choice(self.held)
            holders = title.holders_on(DAY)
            holder = self.cast.by_id[rng.choice(holders)] if holders and rng.random() < 0.85 \
                else rng.choice(self.pools[title.country])
            return self.titled(title, self.name(holder), former=False)
        if r < 0.30:
            title = rng.choice(self.formers)
            holder = self.cast.by_id[rng.choice(title.past_holders(DAY))] if rng.random() < 0.85 \
                else rng.choice(self.pools[title.country])
            return self.titled(title, self.name(holder), former=True)
        if r < 0.45:
            return self.about(self.name(person), other=self.name(rng.choice(self.cast.people)))
        if r < 0.57:
            if self.locale == "zh-Hans" and person.origin != "japan":
                return self.about(self.name(person))
            return self.about(self.family(person), family_only=True)
        if r < 0.65:
            return self.about(self.misspelt(person))
        if r < 0.69:
            if self.locale == "en":
                return self.about(misspell_latin(person.en_family, rng), family_only=True)
            return self.about(self.misspelt(person))
        if r < 0.71 and self.forbidden:
            return self.about(rng.choice(rng.choice(self.forbidden).forbidden_en))
        if r < 0.73 and self.locale == "en":
            return self.about(rng.choice(rng.choice(self.admitted).admitted_en))
        if r < 0.81:
            outsider = rng.choice(self.cast.outsiders)
            if rng.random() < 0.5:
                return self.titled(rng.choice(self.held), self.name(outsider), former=False)
            return self.about(self.name(outsider))
        if r < 0.89:
            return self.business()
        return rng.choice(EN_FILLERS if self.locale == "en" else JA_FILLERS if self.locale == "ja" else ZH_FILLERS)

    def titled(self, title: Title, name: str, former: bool) -> str:
        rng = self.rng
        form = self.title_form(title)
        if self.locale == "en":
            lead = f"{rng.choice(QUALIFIERS[title.country])} " if form in SHARED_EN and rng.random() < 0.4 else ""
            if former:
                lead = rng.choice(("Former ", "Then-", "Former ")) + lead
            verb, what = rng.choice(EN_VERBS), rng.choice(EN_OBJECTS)
            if rng.random() < 0.8:
                return f"{lead}{form} {name} {verb} on Tuesday {what}."
            return f"Speaking after the meeting, {lead.lower()}{form} {name} {verb} {what}."
        if self.locale == "ja":
            qualifier = "中国の" if title.country == "china" and rng.random() < 0.3 else ""
            what, verb = rng.choice(JA_OBJECTS), rng.choice(JA_VERBS)
            if former:
                return rng.choice((f"{qualifier}{name}前{form}は18日、{what}{verb}。",
                                   f"元{form}の{name}氏は18日、{what}{verb}。"))
            return rng.choice((f"{qualifier}{name}{form}は18日の記者会見で、{what}{verb}。",
                               f"{form}の{name}氏は18日、{what}{verb}。"))
        what, verb = rng.choice(ZH_OBJECTS), rng.choice(ZH_VERBS)
        lead = rng.choice(("前", "时任")) if former else ""
        return f"{lead}{form}{name}18日{verb}，{what}。"

    def about(self, name: str, other: str = "", family_only: bool = False) -> str:
        rng = self.rng
        place = self.place(rng.choice(self.places))
        if self.locale == "en":
            verb, what = rng.choice(EN_VERBS), rng.choice(EN_OBJECTS)
            if family_only:
                return rng.choice((f"Mr. {name} {verb} {what}.", f"{name} {verb} {what}.",
                                   f"{name}'s office {verb} {what}."))
            if other and rng.random() < 0.3:
                return f"{name} met {other} in {place} on Tuesday, officials said."
            return rng.choice((f"{name} {verb} on Tuesday {what}.", f"Speaking in {place}, {name} {verb} {what}.",
                               f"“We will not back down,” {name} {verb} in {place}."))
        if self.locale == "ja":
            what, verb = rng.choice(JA_OBJECTS), rng.choice(JA_VERBS)
            if other and rng.random() < 0.3:
                return f"{name}氏は18日、{place}で{other}氏と会談した。"
            return rng.choice((f"{name}氏は18日、{place}で記者団に対し、{what}{verb}。",
                               f"{name}氏は{what}{verb}。"))
        what, verb = rng.choice(ZH_OBJECTS), rng.choice(ZH_VERBS)
        if other and rng.random() < 0.3:
            return f"{name}当天在{place}会见了{other}。"
        return rng.choice((f"{name}18日在{place}{verb}，{what}。", f"{name}{verb}，{what}。"))

    def business(self) -> str:
        rng = self.rng
        company, place = self.place(rng.choice(self.organisations)), self.place(rng.choice(self.places))
        percent = f"{rng.randrange(1, 90) / 10:.1f}"
        if self.locale == "en":
            return f"{company} said on Tuesday that its sales in {place} rose {percent} percent in the September quarter."
        if self.locale == "ja":
            return f"{company}は18日、{place}での7～9月期の売上高が前年同期比{percent}％増えたと発表した。"
        return f"{company}18日宣布，其在{place}的第三季度销售额同比增长{percent}%。"

    def paragraph(self) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(2, 5))]
        return (" " if self.locale == "en" else "").join(sentences)


def write_article(cast: Cast, locale: str, size_bytes: int, seed: int) -> str:
    """An article of about `size_bytes` UTF-8 bytes: a headline and paragraphs, blank lines between."""
    writer = Writer(cast, locale, random.Random(seed))
    paragraphs, total = [], 0
    while total < size_bytes:
        text = writer.paragraph()
        paragraphs.append(text)
        total += len(text.encode("utf-8")) + 2
    return "\n\n".join(paragraphs) + "\n"


# --- timing ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """One command run: wall-clock seconds from start to exit, lines printed, peak memory."""

    seconds: float
    lines: list[str]
    peak_mb: float


# Starts the command and reports its wall-clock time, peak RSS and exit code. It stands between
# this script and the command because on Linux a child's peak RSS is never below its parent's
# at the spawn, and this script holds the whole glossary and the articles.
_LAUNCHER = """\
import os, sys, time
started = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as report:
    report.write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run(command: list[str]) -> Run:
    """Run a command to its exit; one that fails (lint's exit 1 without its summary line) stops here."""
    with tempfile.TemporaryDirectory() as folder:
        out, err, report = (Path(folder) / name for name in ("out", "err", "report"))
        with out.open("wb") as stdout, err.open("wb") as stderr:
            subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(report), *command], stdout=stdout,
                           stderr=stderr, check=True)
        seconds, peak_kb, exit_code = report.read_text().split()
        errors = err.read_text(encoding="utf-8")
        if exit_code != "0" and not (exit_code == "1" and "error(s)" in errors):
            raise SystemExit(f"{' '.join(command)} exited {exit_code}:\n{errors}")
        return Run(float(seconds), out.read_text(encoding="utf-8").splitlines(), int(peak_kb) / 1024)


def best_of(command: list[str], repeat: int) -> Run:
    runs = [run(command) for _ in range(repeat)]
    best = min(runs, key=lambda r: r.seconds)
    return Run(best.seconds, best.lines, max(r.peak_mb for r in runs))


def codes(lines: list[str]) -> str:
    counts: dict[str, int] = {}
    for line in lines:
        for code in ("LN01", "LN02", "LN03", "LN04", "LN05"):
            if f" {code} " in line:
                counts[code] = counts.get(code, 0) + 1
    return " ".join(f"{code} {count:,}" for code, count in sorted(counts.items()))


def profile(workspace: Workspace, glossary: Glossary, warm_up: Path, article: Path, locale: str, top: int) -> None:
    """`lint_articles` on the article in-process under cProfile, the glossary loaded beforehand
    and the segmenters and converters loaded by a first run on a short article."""
    lint_articles(workspace, [warm_up], locale, DAY, glossary)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    findings = lint_articles(workspace, [article], locale, DAY, glossary)
    profiler.disable()
    print(f"\nprofile: lint_articles({article.name}, {locale}) in-process: {time.perf_counter() - started:.2f} s under "
          f"cProfile, {len(findings):,} findings")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=1.0, help="article size in MB")
    parser.add_argument("--entries", type=int, default=10_000, help="glossary entries")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best counts")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--profile", nargs="?", const="slowest", choices=("slowest", *LOCALES),
                        help="profile the largest article in-process: the slowest one, or this locale's")
    parser.add_argument("--top", type=int, default=30, help="functions the profile shows")
    parser.add_argument("--locales", default=",".join(LOCALES), help="the article locales to time, comma-separated")
    options = parser.parse_args(argv)
    translator = str(BIN / "translator")
    started = time.perf_counter()
    cast = build_cast(options.entries, random.Random(options.seed))
    glossary = build_glossary(cast)
    with tempfile.TemporaryDirectory() as folder:
        workspace = init_workspace(Path(folder) / "ws", "en", ("ja", "zh-Hans", "zh-Hant"))
        store = GlossaryStore(workspace.folder("glossary"))
        store.save(glossary)
        articles: dict[str, dict[str, Path]] = {}
        for number, locale in enumerate(LOCALES):
            text = write_article(cast, locale, int(options.size * 1_000_000), options.seed + number)
            sizes = {"1 paragraph": text[:text.index("\n\n") + 1], "100 KB": _prefix(text, 100_000),
                     f"{options.size:g} MB": text}
            articles[locale] = {}
            for label, body in sizes.items():
                path = workspace.folder("articles") / f"news-{locale}-{label.replace(' ', '')}.txt".lower()
                path.write_text(body, encoding="utf-8")
                articles[locale][label] = path
        people = {origin: sum(1 for p in cast.people if p.origin == origin) for origin in ("japan", "china", "taiwan")}
        kinds = {kind: sum(1 for p in cast.places if p.type == kind) for kind in ("place", "organisation")}
        print(f"glossary: {len(glossary):,} entries: {len(cast.people):,} people ({people['japan']:,} Japanese, "
              f"{people['china']:,} Chinese, {people['taiwan']:,} Taiwanese), {len(cast.titles):,} titles with "
              f"{sum(len(t.terms) for t in cast.titles):,} dated terms, {kinds['place']:,} places, "
              f"{kinds['organisation']:,} organisations; {store.path.stat().st_size / 1e6:.1f} MB on disk "
              f"(made in {time.perf_counter() - started:.1f} s)")
        root = ["-w", str(workspace.root)]
        run([translator, *root, "glossary", "list", "--type", "organisation", "--format", "json"])  # writes the cache
        fixed = best_of([translator, *root, "glossary", "list", "--type", "organisation", "--format", "json"],
                        options.repeat)
        print(f"fixed cost, start-up and glossary load (glossary list --type organisation --format json): "
              f"{fixed.seconds:.2f} s, peak RSS {fixed.peak_mb:.0f} MB")
        print(f"\ntranslator lint FILE --source L --date {DAY.isoformat()}, from start to exit, best of {options.repeat}; "
              f"goal: 1 MB with 10,000 entries in at most {GOAL_SECONDS:.0f} s")
        print(f"{'locale':8}{'article':14}{'size':>10}{'time':>9}{'findings':>10}  {'peak RSS':>9}  by code")
        results: dict[str, float] = {}
        for locale in [locale for locale in LOCALES if locale in options.locales.split(",")]:
            for label, path in articles[locale].items():
                timing = best_of([translator, *root, "lint", str(path), "--source", locale, "--date", DAY.isoformat()],
                                 options.repeat)
                verdict = ""
                if label.endswith("MB"):
                    results[locale] = timing.seconds
                    verdict = f"  -> {'OK' if timing.seconds <= GOAL_SECONDS else 'OVER'}"
                print(f"{locale:8}{label:14}{path.stat().st_size / 1000:>7,.0f} KB{timing.seconds:>7.2f} s"
                      f"{len(timing.lines):>10,}  {timing.peak_mb:>6.0f} MB  {codes(timing.lines)}{verdict}")
        slowest = max(results, key=results.__getitem__)
        print(f"\nslowest: {slowest}, {results[slowest]:.2f} s for {options.size:g} MB "
              f"({results[slowest] / GOAL_SECONDS:.1f} x the goal); start-up and glossary load are {fixed.seconds:.2f} s of it")
        if options.profile:
            locale = slowest if options.profile == "slowest" else options.profile
            profile(workspace, workspace.glossary.load(), articles[locale]["1 paragraph"],
                    articles[locale][f"{options.size:g} MB"], locale, options.top)
    return 0


def _prefix(text: str, size_bytes: int) -> str:
    """The paragraphs of `text` that fit in about `size_bytes` UTF-8 bytes."""
    kept, total = [], 0
    for paragraph in text.split("\n\n"):
        if total >= size_bytes:
            break
        kept.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(kept).rstrip("\n") + "\n"


if __name__ == "__main__":
    sys.exit(main())
