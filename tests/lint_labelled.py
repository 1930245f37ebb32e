"""The labelled set for `translator lint`: true near misses, title-holder mismatches, forbidden
forms, mixed forms, and look-alikes that are not errors, in English, Japanese and Chinese.

Each case is (locale, text, date or None, expected findings as (code, entry id)). `evaluate`
runs lint over every case and counts true and false positives and false negatives of
(case, code, entry) triples; benchmarks/lint_quality.py prints precision and recall.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from translator.formats.article import parse_article
from translator.glossary import Glossary, build_entry
from translator.lint import lint_article


def _person(entry_id: str, en: str, family: str, given: str, cjk: dict[str, tuple[str, str]], **extra: object) -> dict[str, object]:
    fields: dict[str, object] = {"id": entry_id, "type": "person", "status": "approved", "en": en,
                                 "en-family": family, "en-given": given, **extra}
    for locale, (cjk_family, cjk_given) in cjk.items():
        fields[locale] = cjk_family + cjk_given
        fields[f"{locale}-family"] = cjk_family
        fields[f"{locale}-given"] = cjk_given
    return fields


def glossary() -> Glossary:
    people = [
        _person("shinzo-abe", "Shinzo Abe", "Abe", "Shinzo", {"ja": ("安倍", "晋三"), "zh-Hans": ("安倍", "晋三"), "zh-Hant": ("安倍", "晉三")}),
        _person("xi-jinping", "Xi Jinping", "Xi", "Jinping", {"ja": ("習", "近平"), "zh-Hans": ("习", "近平"), "zh-Hant": ("習", "近平")},
                **{"en-forbidden": ["Xi Jin Ping"], "zh-Hant-forbidden": ["習進平"]}),
        _person("fumio-kishida", "Fumio Kishida", "Kishida", "Fumio", {"ja": ("岸田", "文雄"), "zh-Hans": ("岸田", "文雄")},
                **{"ja-forbidden": ["岸田文男"]}),
        _person("sanae-takaichi", "Sanae Takaichi", "Takaichi", "Sanae", {"ja": ("高市", "早苗"), "zh-Hans": ("高市", "早苗")},
                **{"en-admitted": ["TAKAICHI Sanae"]}),
        _person("tadamori-oshima", "Tadamori Oshima", "Oshima", "Tadamori", {"ja": ("大島", "理森"), "zh-Hans": ("大岛", "理森")},
                **{"en-admitted": ["Tadamori Ōshima"]}),
        _person("liu-jinsong", "Liu Jinsong", "Liu", "Jinsong", {"ja": ("劉", "勁松"), "zh-Hans": ("刘", "劲松"), "zh-Hant": ("劉", "勁松")}),
        _person("mao-ning", "Mao Ning", "Mao", "Ning", {"ja": ("毛", "寧"), "zh-Hans": ("毛", "宁")}),
        _person("minoru-kihara", "Minoru Kihara", "Kihara", "Minoru", {"ja": ("木原", "稔")}),
        _person("shigeru-ishiba", "Shigeru Ishiba", "Ishiba", "Shigeru", {"ja": ("石破", "茂")}),
        _person("toshimitsu-motegi", "Toshimitsu Motegi", "Motegi", "Toshimitsu", {"ja": ("茂木", "敏充")}),
        _person("katsuya-okada", "Katsuya Okada", "Okada", "Katsuya", {"ja": ("岡田", "克也"), "zh-Hans": ("冈田", "克也")},
                **{"ja-reading": "おかだ かつや", "romanization": "hepburn"}),
        _person("yukio-hatoyama", "Yukio Hatoyama", "Hatoyama", "Yukio", {"ja": ("鳩山", "由紀夫")}),
        _person("nobuo-kishi", "Nobuo Kishi", "Kishi", "Nobuo", {"ja": ("岸", "信夫")}, **{"ja-reading": "きし のぶお"}),
        _person("taro-kono", "Taro Kono", "Kono", "Taro", {"ja": ("河野", "太郎")}),
        _person("yang-jiechi", "Yang Jiechi", "Yang", "Jiechi", {"ja": ("楊", "潔篪"), "zh-Hans": ("杨", "洁篪")},
                **{"romanization": "pinyin"}),
        _person("wen-jiabao", "Wen Jiabao", "Wen", "Jiabao", {"ja": ("温", "家宝"), "zh-Hans": ("温", "家宝"), "zh-Hant": ("溫", "家寶")},
                **{"romanization": "pinyin", "zh-Hant-forbidden": ["温家宝"]}),
        _person("hu-jintao", "Hu Jintao", "Hu", "Jintao", {"zh-Hans": ("胡", "锦涛")}, **{"romanization": "pinyin"}),
        _person("ma-ying-jeou", "Ma Ying-jeou", "Ma", "Ying-jeou", {"zh-Hant": ("馬", "英九")}, **{"romanization": "wade-giles"}),
        {"id": "antony-blinken", "type": "person", "en": "Antony Blinken", "en-family": "Blinken", "ja": "アントニー・ブリンケン",
         "ja-family": "ブリンケン"},
    ]
    titles = [
        {"id": "prime-minister-japan", "type": "title", "en": "Prime Minister", "ja": "内閣総理大臣", "ja-admitted": ["首相"],
         "zh-Hans": "日本首相", "holders": ["yukio-hatoyama from 2009-09-16 to 2010-06-08",
                                            "shinzo-abe from 2012-12-26 to 2020-09-16", "fumio-kishida from 2021-10-04 to 2024-10-01",
                                            "shigeru-ishiba from 2024-10-01 to 2025-10-21", "sanae-takaichi from 2025-10-21"]},
        {"id": "chief-cabinet-secretary", "type": "title", "en": "Chief Cabinet Secretary", "ja": "内閣官房長官",
         "ja-admitted": ["官房長官"], "holders": ["minoru-kihara from 2025-10-21"]},
        {"id": "foreign-minister-japan", "type": "title", "en": "Minister for Foreign Affairs", "en-admitted": ["Foreign Minister"],
         "ja": "外務大臣", "ja-admitted": ["外相"], "zh-Hans": "外务大臣", "zh-Hans-admitted": ["日本外相"],
         "holders": ["katsuya-okada from 2009-09-16 to 2010-09-17", "toshimitsu-motegi from 2025-10-21"]},
        {"id": "foreign-minister-china", "type": "title", "en": "Foreign Minister of China",
         "en-admitted": ["Foreign Minister", "Chinese Foreign Minister"], "ja": "外交部長", "ja-admitted": ["外相", "中国外相"],
         "zh-Hans": "外交部长", "zh-Hans-admitted": ["外长", "中国外长"], "holders": ["yang-jiechi from 2007-04-27 to 2013-03-16"]},
        {"id": "premier-china", "type": "title", "en": "Premier", "ja": "国務院総理", "ja-admitted": ["首相"],
         "zh-Hans": "国务院总理", "holders": ["wen-jiabao from 2003-03-16 to 2013-03-15"]},
        {"id": "president-china", "type": "title", "en": "President of China", "en-admitted": ["President", "Chinese President"],
         "zh-Hans": "国家主席", "holders": ["hu-jintao from 2003-03-15 to 2013-03-14"]},
        {"id": "president-taiwan", "type": "title", "en": "President of Taiwan", "en-admitted": ["President"],
         "zh-Hant": "總統", "holders": ["ma-ying-jeou from 2008-05-20 to 2016-05-20"]},
    ]
    result = Glossary()
    for fields in people + titles:
        result.add(build_entry(fields))
    return result


D2025 = date(2025, 11, 18)
D2010 = date(2010, 5, 1)
D2012 = date(2012, 1, 1)
CASES: list[tuple[str, str, date | None, list[tuple[str, str]]]] = [
    # Titles that several entries share, narrowed by a qualifier or the person; other offices
    ("en", "Foreign Minister Yang Jiechi met Foreign Minister Katsuya Okada.", D2010, []),
    ("en", "Japanese Foreign Minister Yang Jiechi spoke.", D2010, [("LN03", "yang-jiechi")]),
    ("en", "China's Foreign Minister Katsuya Okada spoke.", D2010, [("LN03", "katsuya-okada")]),
    ("en", "President Hu Jintao and President Ma Ying-jeou met.", D2010, []),
    ("en", "U.S. President Barack Obama spoke.", D2010, []),
    ("en", "Vice Foreign Minister Wu Dawei spoke.", D2010, []),
    ("ja", "温家宝首相と鳩山由紀夫首相が会談した。", D2010, []),
    ("ja", "中国の岡田克也外相は述べた。", D2010, [("LN03", "katsuya-okada")]),
    ("zh-Hans", "中国外长杨洁篪会见了日本外相冈田克也。", D2010, []),
    ("zh-Hans", "中国外长冈田克也表示。", D2010, [("LN03", "katsuya-okada")]),
    ("zh-Hant", "南韓總統李明博表示。", D2010, []),
    # People outside the glossary, read from the text
    ("en", "Chief Cabinet Secretary Hirofumi Hirano said so.", D2025, [("LN03", "chief-cabinet-secretary")]),
    ("en", "Chief Cabinet Secretary Hirofumi Hirano said so.", date(2015, 1, 1), [("LN05", "chief-cabinet-secretary")]),
    ("ja", "平野博文官房長官は述べた。", D2025, [("LN03", "chief-cabinet-secretary")]),
    # Former, then, at the time
    ("en", "Former Prime Minister Yukio Hatoyama spoke.", D2012, []),
    ("en", "Then-Prime Minister Yukio Hatoyama spoke.", D2012, []),
    ("en", "Former Prime Minister Katsuya Okada spoke.", D2012, [("LN03", "katsuya-okada")]),
    ("en", "Former Prime Minister Junzo Nakahara spoke.", D2012, []),
    ("ja", "鳩山由紀夫首相（当時）は述べた。", D2012, []),
    # Near misses: short Chinese names, syllables, other people with the family name
    ("en", "Yang Jiechi met Wen Jiaboa.", None, [("LN01", "wen-jiabao")]),
    ("en", "Hu Jintoa spoke.", None, [("LN01", "hu-jintao")]),
    ("en", "Hu Chunhua said so.", None, []),
    ("en", "Wen Jiabaoming spoke.", None, []),
    ("en", "Knoo said so.", None, [("LN01", "taro-kono")]),
    ("en", "Yohei Kono said so.", None, []),
    ("en", "Kishida's rival Nobuo Kishi agreed; Kishi said so.", None, []),
    ("ja", "岡田克哉氏は述べた。", None, [("LN01", "katsuya-okada")]),
    ("ja", "岸信介元首相は述べた。", None, []),  # another known name, read otherwise
    ("ja", "ブリンケソ国務長官は述べた。", None, [("LN01", "antony-blinken")]),
    ("zh-Hant", "溫家宝表示。", None, [("LN01", "wen-jiabao")]),  # a Simplified character in a Traditional name
    ("zh-Hant", "總理温家宝並表示。", None, [("LN02", "wen-jiabao")]),  # a forbidden form inside running text
    # English: true near misses and forbidden forms
    ("en", "Prime Minister Shinzo Abbe visited Washington.", None, [("LN01", "shinzo-abe")]),
    ("en", "Xi Jingping met the delegation.", None, [("LN01", "xi-jinping")]),
    ("en", "Abbe said the talks went well.", None, [("LN01", "shinzo-abe")]),
    ("en", "Fumio Kishidda stepped down.", None, [("LN01", "fumio-kishida")]),
    ("en", "Fumio Kishia spoke to reporters.", None, [("LN01", "fumio-kishida")]),
    ("en", "Sanae Takai spoke to reporters.", None, [("LN01", "sanae-takaichi")]),
    ("en", "Sanae Takaichii spoke to reporters.", None, [("LN01", "sanae-takaichi")]),
    ("en", "Sanea Takaichi spoke to reporters.", None, [("LN01", "sanae-takaichi")]),
    ("en", "Tadamori Oshimo spoke to reporters.", None, [("LN01", "tadamori-oshima")]),
    ("en", "Liu Jingsong said the talks were serious.", None, [("LN01", "liu-jinsong")]),
    ("en", "Toshimitsu Motegy held a press conference.", None, [("LN01", "toshimitsu-motegi")]),
    ("en", "Minoru Kiharra held a press conference.", None, [("LN01", "minoru-kihara")]),
    ("en", "Shigeru Ishibe held a press conference.", None, [("LN01", "shigeru-ishiba")]),
    ("en", "Kishidda said the view was unchanged.", None, [("LN01", "fumio-kishida")]),
    ("en", "Xi Jin Ping arrived in Moscow.", None, [("LN02", "xi-jinping")]),
    ("en", "Both Shinzo Abe and Shinzo Abbe appear here.", None, [("LN01", "shinzo-abe")]),
    ("en", "Fumoi Kishida spoke.", None, [("LN01", "fumio-kishida")]),
    ("en", "Mr. Motegy answered questions.", None, [("LN01", "toshimitsu-motegi")]),
    # English: look-alikes that are not errors
    ("en", "Prime Minister Shinzo Abe visited Washington.", None, []),
    ("en", "Abe's policies, known as Abenomics, were debated.", None, []),
    ("en", "Abe’s remarks drew criticism.", None, []),
    ("en", "Abel and Mabel walked in.", None, []),
    ("en", "The Man from Beijing arrived.", None, []),
    ("en", "Xi Jinping's speech was long.", None, []),
    ("en", "TAKAICHI Sanae spoke.", None, []),
    ("en", "Tadamori Ōshima spoke.", None, []),
    ("en", "Kishida's cabinet resigned.", None, []),
    ("en", "The Japanese Ministry reported on Monday.", None, []),
    ("en", "Liu Jinsong said so.", None, []),
    ("en", "Mao Ning spoke at the briefing.", None, []),
    ("en", "Maoist ideas persisted in the region.", None, []),
    ("en", "Ishibashi is a Japanese surname, like Ishikawa.", None, []),
    ("en", "Motegi, Kihara and Ishiba met in Tokyo.", None, []),
    ("en", "Shinzo is a common given name; Sanae too.", None, []),
    ("en", "Minor changes were made to the text.", None, []),
    ("en", "Abbey Road was busy.", None, []),
    ("en", "Kishida Fumio said so.", None, []),
    ("en", "With calls for his expulsion, Masaki urged calm.", None, []),  # no Masaaki in this glossary
    # English: title and holder on the article's date
    ("en", "Prime Minister Fumio Kishida said the talks went well.", date(2020, 1, 1), [("LN03", "fumio-kishida")]),
    ("en", "Prime Minister Fumio Kishida said the talks went well.", date(2022, 5, 1), []),
    ("en", "Prime Minister Shinzo Abe said the talks went well.", date(2019, 6, 1), []),
    ("en", "Prime Minister Shinzo Abe said the talks went well.", date(2023, 1, 1), [("LN03", "shinzo-abe")]),
    ("en", "Former Prime Minister Fumio Kishida said the view was unchanged.", D2025, []),
    ("en", "Chief Cabinet Secretary Tadamori Oshima held a press conference.", D2025, [("LN03", "tadamori-oshima")]),
    ("en", "Chief Cabinet Secretary Minoru Kihara held a press conference.", D2025, []),
    ("en", "Prime Minister Sanae Takaichi said so.", D2025, []),
    ("en", "Prime Minister Shigeru Ishiba said so.", D2025, [("LN03", "shigeru-ishiba")]),
    ("en", "Foreign Minister Toshimitsu Motegi said so.", D2025, []),
    ("en", "Prime Minister Takai said so.", D2025, [("LN01", "sanae-takaichi")]),
    ("en", "The then Prime Minister Shinzo Abe said so.", date(2023, 1, 1), []),
    ("en", "Prime Minister Kishida said so.", date(2020, 1, 1), [("LN03", "fumio-kishida")]),
    ("en", "Prime Minister Shinzo Abe said so.", date(2021, 1, 1), [("LN03", "shinzo-abe")]),  # his recorded term had ended
    # English: one person, several forms (information)
    ("en", "Sanae Takaichi spoke. TAKAICHI Sanae repeated it.", None, [("LN04", "sanae-takaichi")]),
    ("en", "Tadamori Oshima, or Tadamori Ōshima, spoke.", None, [("LN04", "tadamori-oshima")]),
    # Japanese
    ("ja", "安部晋三首相は述べた。", None, [("LN01", "shinzo-abe")]),
    ("ja", "安倍晋三首相は述べた。", None, []),
    ("ja", "岸田文男氏が語った。", None, [("LN02", "fumio-kishida")]),
    ("ja", "岸田文雄首相は述べた。", date(2020, 1, 1), [("LN03", "fumio-kishida")]),
    ("ja", "岸田文雄首相は述べた。", date(2022, 1, 1), []),
    ("ja", "岸田文雄元首相は述べた。", D2025, []),
    ("ja", "高市早菜首相が発言した。", None, [("LN01", "sanae-takaichi")]),
    ("ja", "高市早苗首相が発言した。", D2025, []),
    ("ja", "大嶋理森氏が述べた。", None, [("LN01", "tadamori-oshima")]),
    ("ja", "石破繁氏が述べた。", None, [("LN01", "shigeru-ishiba")]),
    ("ja", "石場茂氏が述べた。", None, [("LN01", "shigeru-ishiba")]),  # middle character, not a homophone
    ("ja", "茂木敏充外相は記者会見で述べた。", D2025, []),
    ("ja", "木原稔官房長官は記者会見で述べた。", D2025, []),
    ("ja", "大島理森官房長官は記者会見で述べた。", D2025, [("LN03", "tadamori-oshima")]),
    ("ja", "安倍川もちを食べた。", None, []),
    ("ja", "習近平国家主席が来日した。", None, []),
    ("ja", "劉勁松局長は不満を示した。", None, []),
    ("ja", "劉勁崧局長は不満を示した。", None, [("LN01", "liu-jinsong")]),
    # Chinese
    ("zh-Hans", "习进平主席表示。", None, [("LN01", "xi-jinping")]),
    ("zh-Hans", "习近平主席表示。", None, []),
    ("zh-Hans", "学习近日的文件。", None, []),
    ("zh-Hans", "刘劲嵩表示不满。", None, [("LN01", "liu-jinsong")]),
    ("zh-Hans", "刘劲松表示不满。", None, []),
    ("zh-Hans", "毛宁表示。", None, []),
    ("zh-Hans", "日本首相岸田文雄表示。", date(2020, 1, 1), [("LN03", "fumio-kishida")]),
    ("zh-Hans", "日本首相高市早苗表示。", D2025, []),
    ("zh-Hans", "前日本首相岸田文雄表示。", D2025, []),
    ("zh-Hans", "大岛理森表示。", None, []),
    ("zh-Hant", "習近平表示。", None, []),
    ("zh-Hant", "習進平表示。", None, [("LN02", "xi-jinping")]),
    ("zh-Hant", "劉勁鬆表示。", None, [("LN01", "liu-jinsong")]),
]


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def evaluate() -> tuple[Score, list[str]]:
    """Score lint over the labelled set; also the cases it got wrong, for reading."""
    terms = glossary()
    score = Score()
    wrong = []
    for number, (locale, text, day, expected) in enumerate(CASES, 1):
        article = parse_article(text + "\n", f"case-{number}.txt", "text", f"case-{number}")
        found = {(f.code, f.entry) for f in lint_article(article, terms, locale, day)}
        wanted = set(expected)
        score.true_positives += len(found & wanted)
        score.false_positives += len(found - wanted)
        score.false_negatives += len(wanted - found)
        if found != wanted:
            wrong.append(f"case {number} ({locale}) {text!r}: expected {sorted(wanted)}, found {sorted(found)}")
    return score, wrong
