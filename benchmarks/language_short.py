"""Benchmark: `--source auto` (translator.language.detection.detect_locale) on headline-length text.

Run: python benchmarks/language_short.py [--per-class 240] [--show 5]
Every string is made here from word lists and templates of our own (4 to 40 characters, the
same for the same seed): Japanese with kana, Japanese written in kanji only, Simplified and
Traditional Chinese, English, and other Latin-script languages, which must be refused. An answer
is right, wrong, or an 'ambiguous' error; the goal is no wrong answer in any class.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from translator.errors import UsageError  # noqa: E402
from translator.language.detection import detect_locale  # noqa: E402
from translator.language.scripts import kana_in, not_japanese, wrong_script  # noqa: E402

SEED = 8

# --- Japanese with kana ------------------------------------------------------------------------
JA_SUBJECTS = ["政府", "日銀", "首相", "外相", "官房長官", "経産省", "東京都", "大阪府", "トヨタ", "ソニー",
               "自民党", "立憲民主党", "気象庁", "警視庁", "文科省", "厚労省", "米大統領", "中国外務省", "NHK", "JR東日本"]
JA_OBJECTS = ["新たな経済対策", "追加利上げ", "来年度予算案", "少子化対策の財源", "防衛費の増額", "原発の再稼働",
              "賃上げ要請", "輸出規制の強化", "新型ロケット", "物価高対策", "減税案", "訪米日程", "処分"]
JA_VERBS = ["を発表", "を決定", "を検討へ", "を表明", "を見送り", "を延期", "を了承", "を提示", "に慎重姿勢",
            "を巡り協議", "で合意"]
JA_PLACES = ["東京", "大阪", "北京", "ソウル", "ワシントン", "広島", "福岡", "沖縄", "札幌", "名古屋", "台北"]
JA_EVENTS = ["で震度5強の地震", "で記録的な大雨", "で首脳会談へ", "で大規模な火災", "で初雪を観測", "で桜が開花",
             "で抗議デモ", "で猛暑日が続く", "の病院で立てこもり", "に新しい駅が開業"]


def kana_japanese(rng: random.Random) -> list[str]:
    made = [s + "、" + o + v if rng.random() < 0.5 else s + "が" + o + v
            for s, o, v in itertools.product(JA_SUBJECTS, JA_OBJECTS, JA_VERBS)]
    return made + [p + e for p, e in itertools.product(JA_PLACES, JA_EVENTS)]


# --- Japanese in kanji only: noun compounds, as headlines and captions write them ----------------
JK_SUBJECTS = ["政府", "日銀", "首相", "外相", "防衛相", "官房長官", "経産省", "財務省", "東京都", "大阪府",
               "自民党", "公明党", "与野党", "衆院", "参院", "最高裁", "東証", "日経平均", "気象庁", "警視庁",
               "文科省", "厚労省", "国交省", "日米", "日中", "日韓", "米中", "首脳", "知事", "県議会", "G7", "JR東日本"]
JK_PREDICATES = ["経済対策決定", "追加利上決定", "補正予算案提出", "閣議決定", "法案可決", "来月訪米",
                 "年内開催調整", "防衛予算増額", "首脳会談開催", "関税交渉妥結", "輸出規制強化", "続落",
                 "続伸", "最高値更新", "大雨警報発表", "緊急記者会見", "辞任表明", "出馬表明", "内閣改造",
                 "衆院解散", "少子化対策強化", "賃上要請", "原発再稼働", "最低賃金引上", "物価高対策",
                 "円安進行", "台風接近", "震度5強観測", "過去最高", "知事選告示", "五輪代表内定", "万博開幕",
                 "来場者数突破", "首相官邸", "外交日程", "支持率低下", "予算成立", "国会召集", "早期解散",
                 "外相会談", "首脳電話会談", "共同声明発表", "総裁選", "入国規制緩和", "新幹線運休",
                 "記録的大雨", "電気料金値上", "産業政策転換", "自動車関税", "総裁会見", "株価急落", "為替介入"]


def kanji_japanese(rng: random.Random) -> list[str]:
    made = []
    for subject, predicate in itertools.product(JK_SUBJECTS, JK_PREDICATES):
        joint = rng.choice([" ", "　", "、", ""])
        made.append(subject + joint + predicate)
    return made


# --- Simplified Chinese ------------------------------------------------------------------------
ZH_SUBJECTS = ["国务院", "外交部", "商务部", "央行", "国家统计局", "中国气象局", "北京市", "上海市", "广东省",
               "教育部", "国防部", "证监会", "发改委", "工信部", "海关总署", "文旅部", "交通运输部"]
ZH_ACTIONS = ["召开常务会议", "回应日方涉台言论", "发布最新经济数据", "出台稳就业新政策", "下调存款准备金率",
              "宣布反制措施", "举行例行记者会", "部署冬季安全生产", "发布暴雨橙色预警", "表示坚决反对",
              "推进高质量发展", "加强市场监管", "启动应急响应", "公布调查结果", "印发实施方案",
              "约谈相关企业", "开展专项检查"]
ZH_PLACES = ["北京", "上海", "广州", "深圳", "重庆", "成都", "武汉", "杭州", "南京", "西安", "天津"]
ZH_EVENTS = ["迎来今冬首场降雪", "发生4.5级地震", "举办国际车展", "房价连续下跌", "出台购房新政",
             "地铁新线开通", "气温创新高", "启动消费券发放", "遭遇强降雨", "举行马拉松比赛"]


def simplified_chinese(rng: random.Random) -> list[str]:
    made = [s + rng.choice(["", "：", "，"]) + a for s, a in itertools.product(ZH_SUBJECTS, ZH_ACTIONS)]
    return made + [p + e for p, e in itertools.product(ZH_PLACES, ZH_EVENTS)]


# --- Traditional Chinese: written as Taiwanese and Hong Kong news writes it ----------------------
HANT_SUBJECTS = ["行政院", "立法院", "總統府", "外交部", "經濟部", "國防部", "中央銀行", "中央氣象署", "衛福部",
                 "教育部", "台北市", "新北市", "高雄市", "台積電", "鴻海", "國民黨", "民進黨", "陸委會", "港府"]
HANT_ACTIONS = ["通過明年度總預算", "三讀通過修正案", "宣布升息半碼", "發布海上颱風警報", "召開記者會",
                "回應中國軍演", "表示嚴正抗議", "公布最新民調", "調降經濟成長預測", "啟動緊急應變",
                "宣布停班停課", "擴大對美投資", "提出不信任案", "說明後續處理", "譴責網路攻擊", "檢討防疫措施"]
HANT_PLACES = ["台北", "台中", "高雄", "花蓮", "台南", "香港", "澳門", "新竹", "嘉義", "宜蘭"]
HANT_EVENTS = ["今晨發生規模5.8地震", "豪雨成災", "捷運新線通車", "氣溫創今年新低", "舉辦跨年晚會",
               "房價連續上漲", "颱風來襲停班停課", "國際書展開幕", "發放消費券", "傳出食物中毒"]


def traditional_chinese(rng: random.Random) -> list[str]:
    made = [s + rng.choice(["", "：", "，"]) + a for s, a in itertools.product(HANT_SUBJECTS, HANT_ACTIONS)]
    made += [p + e for p, e in itertools.product(HANT_PLACES, HANT_EVENTS)]
    # A few more from the Simplified templates, converted by OpenCC (Taiwan phrasing), kept only
    # where the conversion changed the text.
    import opencc

    to_taiwan = opencc.OpenCC("s2twp")
    for text in rng.sample(simplified_chinese(rng), 60):
        converted = to_taiwan.convert(text)
        if converted != text:
            made.append(converted)
    return made


# --- English -----------------------------------------------------------------------------------
EN_SUBJECTS = ["Japan", "China", "Tokyo", "Beijing", "Taiwan", "BOJ", "Toyota", "Sony", "Takaichi", "Xi",
               "Japan's PM", "Chinese envoy", "Seoul", "Osaka", "Nikkei", "The yen", "Tokyo shares",
               "Premier Li", "Kishida", "Typhoon Mawar"]
EN_PREDICATES = ["holds talks with Seoul", "warns of retaliation", "rejects protest", "welcomes ceasefire",
                 "eyes rate hike", "raises rates", "cuts outlook", "hits record high", "falls for third day",
                 "rises on weak yen", "signs trade pact", "recalls 1 million cars", "visits Washington",
                 "slides", "rebounds", "bans seafood imports", "lifts travel curbs", "names new envoy",
                 "vows calm response", "to host summit in May", "faces snap election", "approves budget"]
EN_SHORT = ["Yen slides", "Nikkei falls", "BOJ holds rates", "Typhoon nears Okinawa", "Quake hits Japan",
            "Exports rise", "Stocks rally", "Expo opens", "Talks stall", "Tokyo votes", "Rates on hold",
            "Deal signed", "Xi in Lima", "Sumo: Hoshoryu wins"]


def english(rng: random.Random) -> list[str]:
    made = [f"{s} {p}" for s, p in itertools.product(EN_SUBJECTS, EN_PREDICATES)]
    title_case = [" ".join(word[:1].upper() + word[1:] for word in text.split()) for text in rng.sample(made, 60)]
    return made + title_case + EN_SHORT


# --- Other Latin-script languages: translator must refuse them ---------------------------------
OTHER_HEADLINES = {
    "es": (["El gobierno", "El presidente", "La ministra", "El Banco de España", "La policía"],
           ["anuncia nuevas medidas", "viaja a Tokio", "sube los tipos de interés", "rechaza la propuesta",
            "pide calma tras el terremoto", "presenta los presupuestos"]),
    "fr": (["Le gouvernement", "Le Premier ministre", "La ministre", "La Banque de France", "Le président"],
           ["annonce de nouvelles mesures", "en visite à Pékin", "relève ses taux", "rejette la proposition",
            "appelle au calme après le séisme", "présente le budget"]),
    "de": (["Die Regierung", "Der Kanzler", "Die Ministerin", "Die Bundesbank", "Der Präsident"],
           ["kündigt neue Maßnahmen an", "reist nach Tokio", "erhöht die Zinsen", "lehnt den Vorschlag ab",
            "ruft nach dem Erdbeben zur Ruhe auf", "legt den Haushalt vor"]),
    "it": (["Il governo", "Il presidente", "La ministra", "La Banca d'Italia", "Il premier"],
           ["annuncia nuove misure", "in visita a Pechino", "alza i tassi", "respinge la proposta",
            "chiede calma dopo il terremoto", "presenta la manovra"]),
    "pt": (["O governo", "O presidente", "A ministra", "O Banco Central", "A polícia"],
           ["anuncia novas medidas", "viaja a Tóquio", "sobe os juros", "rejeita a proposta",
            "pede calma após o terremoto", "apresenta o orçamento"]),
}


# Short ones without accents or articles, where only langdetect can tell.
OTHER_SHORT = {
    "es": (["Gobierno", "Congreso", "Sindicatos"], ["aprueba reforma", "sube impuestos", "rechaza acuerdo"]),
    "pt": (["Governo", "Congresso", "Senado"], ["aprova reforma", "rejeita acordo", "corta juros"]),
    "it": (["Governo", "Parlamento", "Sindacati"], ["approva riforma", "taglia tasse", "respinge accordo"]),
    "de": (["Regierung", "Bundestag", "Gewerkschaften"], ["plant Steuern", "beschliesst Reform", "lehnt Abkommen ab"]),
    "fr": (["Gouvernement", "Assemblee", "Syndicats"], ["adopte reforme", "rejette accord", "baisse impots"]),
}


def other_latin(rng: random.Random) -> list[str]:
    return [f"{s} {p}" for table in (OTHER_HEADLINES, OTHER_SHORT) for subjects, predicates in table.values()
            for s, p in itertools.product(subjects, predicates)]


CLASSES: list[tuple[str, str | None, Callable[[random.Random], list[str]]]] = [
    ("Japanese with kana", "ja", kana_japanese),
    ("Japanese, kanji only", "ja", kanji_japanese),
    ("Simplified Chinese", "zh-Hans", simplified_chinese),
    ("Traditional Chinese", "zh-Hant", traditional_chinese),
    ("English", "en", english),
    ("other Latin (refuse)", None, other_latin),
]


def _checked(name: str, expected: str | None, texts: list[str]) -> list[str]:
    """The texts of one class, each made sure to belong to it (no character of another script)."""
    texts = sorted({text for text in texts if 4 <= len(text) <= 40})
    for text in texts:
        bad = {
            "ja": wrong_script(text, "ja") | not_japanese(set(text)),
            "zh-Hans": wrong_script(text, "zh-Hans") | kana_in(text),
            "zh-Hant": wrong_script(text, "zh-Hant") | kana_in(text),
        }.get(expected or "", set())
        if name.endswith("kanji only"):
            bad = bad | kana_in(text)
        if bad:
            raise SystemExit(f"{name}: {text!r} holds {''.join(sorted(bad))}, not of its class")
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=240, help="strings per class (at most)")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong and ambiguous strings per class")
    options = parser.parse_args(argv)
    rng = random.Random(SEED)
    print(f"{'class':<22} {'count':>5} {'right':>5} {'ambiguous':>9} {'wrong':>5}  accuracy among answered")
    detect_locale("日本語の文章")  # loads the character tables and langdetect's profiles, not timed
    totals = [0, 0, 0, 0]
    elapsed = 0.0
    for name, expected, make in CLASSES:
        texts = _checked(name, expected, make(rng))
        texts = rng.sample(texts, min(options.per_class, len(texts)))
        right, ambiguous, wrong = [], [], []
        for text in texts:
            start = time.perf_counter()
            try:
                answer: str | None = detect_locale(text)
            except UsageError as error:
                answer, message = None, str(error)
            elapsed += time.perf_counter() - start
            if answer == expected:  # for other languages, expected is None: a refusal is right
                right.append(text)
            elif answer is None:
                ambiguous.append(f"{text}  ({message})")
            else:
                wrong.append(f"{text}  -> {answer}")
        print(_row(name, len(texts), len(right), len(ambiguous), len(wrong)))
        for line in wrong[:options.show] + ambiguous[:options.show]:
            print("    " + line)
        totals = [totals[0] + len(texts), totals[1] + len(right), totals[2] + len(ambiguous), totals[3] + len(wrong)]
    print(_row("total", *totals))
    print(f"time per string: {elapsed / totals[0] * 1000:.2f} ms (after a first call loaded the tables)")
    print("(for 'other Latin' a refusal is right: its 'ambiguous' column stays 0)")
    return 0


def _row(name: str, count: int, right: int, ambiguous: int, wrong: int) -> str:
    answered = right + wrong
    accuracy = f"{right / answered:.1%}" if answered else "-"
    return f"{name:<22} {count:>5} {right:>5} {ambiguous:>9} {wrong:>5}  {accuracy}"


if __name__ == "__main__":
    sys.exit(main())
