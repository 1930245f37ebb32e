"""Titles shared by several entries, people outside the glossary, 'former' and 'then': through
lint, on a glossary of our own (holders and dates as public records give them)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translator.formats.article import parse_article
from translator.glossary import Glossary, build_entry
from translator.lint import lint_article
from translator.titles import COUNTRIES, TitleResolver, entry_country, id_country


def _person(entry_id: str, en: str, ja: str, zh_hans: str, zh_hant: str, family_en: str, family_cjk: int,
            romanization: str) -> dict[str, object]:
    fields: dict[str, object] = {"id": entry_id, "type": "person", "status": "approved", "en": en,
                                 "en-family": family_en, "romanization": romanization}
    for locale, form in (("ja", ja), ("zh-Hans", zh_hans), ("zh-Hant", zh_hant)):
        fields[locale] = form
        fields[f"{locale}-family"] = form[:family_cjk]
    return fields


def glossary() -> Glossary:
    people = [
        _person("katsuya-okada", "Katsuya Okada", "岡田克也", "冈田克也", "岡田克也", "Okada", 2, "hepburn"),
        _person("yang-jiechi", "Yang Jiechi", "楊潔篪", "杨洁篪", "楊潔篪", "Yang", 1, "pinyin"),
        _person("yoshihide-suga", "Yoshihide Suga", "菅義偉", "菅义伟", "菅義偉", "Suga", 1, "hepburn"),
        _person("wen-jiabao", "Wen Jiabao", "温家宝", "温家宝", "溫家寶", "Wen", 1, "pinyin"),
        _person("hu-jintao", "Hu Jintao", "胡錦濤", "胡锦涛", "胡錦濤", "Hu", 1, "pinyin"),
        _person("ma-ying-jeou", "Ma Ying-jeou", "馬英九", "马英九", "馬英九", "Ma", 1, "wade-giles"),
        _person("yukio-hatoyama", "Yukio Hatoyama", "鳩山由紀夫", "鸠山由纪夫", "鳩山由紀夫", "Hatoyama", 2, "hepburn"),
    ]
    titles = [
        {"id": "foreign-minister-japan", "type": "title", "en": "Minister for Foreign Affairs",
         "en-admitted": ["Foreign Minister", "Japanese Foreign Minister"], "ja": "外務大臣", "ja-admitted": ["外相"],
         "zh-Hans": "外务大臣", "zh-Hans-admitted": ["日本外相"], "holders": ["katsuya-okada from 2009-09-16 to 2010-09-17"]},
        {"id": "foreign-minister-china", "type": "title", "en": "Foreign Minister of China",
         "en-admitted": ["Foreign Minister", "Chinese Foreign Minister"], "ja": "外交部長", "ja-admitted": ["外相", "中国外相"],
         "zh-Hans": "外交部长", "zh-Hans-admitted": ["外长", "中国外长"], "holders": ["yang-jiechi from 2007-04-27 to 2013-03-16"]},
        {"id": "prime-minister-japan", "type": "title", "en": "Prime Minister", "ja": "内閣総理大臣", "ja-admitted": ["首相"],
         "zh-Hans": "日本首相", "holders": ["yukio-hatoyama from 2009-09-16 to 2010-06-08"]},
        {"id": "premier-china", "type": "title", "en": "Premier", "en-admitted": ["Chinese Premier"], "ja": "国務院総理",
         "ja-admitted": ["首相", "中国首相"], "zh-Hans": "国务院总理", "zh-Hans-admitted": ["总理"],
         "holders": ["wen-jiabao from 2003-03-16 to 2013-03-15"]},
        {"id": "president-china", "type": "title", "en": "President of China", "en-admitted": ["President", "Chinese President"],
         "zh-Hans": "国家主席", "holders": ["hu-jintao from 2003-03-15 to 2013-03-14"]},
        {"id": "president-taiwan", "type": "title", "en": "President of Taiwan", "en-admitted": ["President"],
         "zh-Hant": "總統", "holders": ["ma-ying-jeou from 2008-05-20 to 2016-05-20"]},
        {"id": "chief-cabinet-secretary-japan", "type": "title", "en": "Chief Cabinet Secretary", "ja": "内閣官房長官",
         "ja-admitted": ["官房長官"], "holders": ["yoshihide-suga from 2012-12-26 to 2020-09-16"]},
        {"id": "spokesperson-china", "type": "title", "en": "Foreign Ministry spokesperson",
         "holders": ["wen-jiabao", "hu-jintao"]},  # undated holders: the glossary knows some, not all
    ]
    result = Glossary()
    for fields in people + titles:
        result.add(build_entry(fields))
    return result


GLOSSARY = glossary()
MAY_2010 = date(2010, 5, 1)


def lint(text: str, locale: str = "en", day: date | None = MAY_2010) -> list[tuple[str, str, str]]:
    article = parse_article(text + "\n", "a.txt", "text", "a")
    return [(f.code, f.span, f.entry) for f in lint_article(article, GLOSSARY, locale, day)]


def test_a_title_entry_belongs_to_the_country_its_forms_name() -> None:
    assert entry_country(GLOSSARY["foreign-minister-china"]) == "china"
    assert entry_country(GLOSSARY["foreign-minister-japan"]) == "japan"
    assert entry_country(GLOSSARY["prime-minister-japan"]) == "japan"  # from its zh-Hans form 日本首相
    assert entry_country(GLOSSARY["chief-cabinet-secretary-japan"]) == "japan"  # from its id


@pytest.mark.parametrize("text", [
    "Foreign Minister Yang Jiechi met Foreign Minister Katsuya Okada.",  # one form, two countries, both right
    "Chinese Foreign Minister Yang Jiechi spoke.",
    "Japanese Foreign Minister Katsuya Okada spoke.",
    "Japan's Foreign Minister Katsuya Okada spoke.",
    "President Hu Jintao and President Ma Ying-jeou spoke.",
    "U.S. President Barack Obama spoke.",  # another country's office
    "Vice Foreign Minister Wu Dawei spoke.",  # another office
    "Foreign Ministry spokesperson Ma Zhaoxu spoke.",  # undated holders do not rule anyone out
])
def test_shared_titles_and_other_offices_are_not_findings(text: str) -> None:
    assert lint(text) == []


@pytest.mark.parametrize(("text", "entry"), [
    ("Japanese Foreign Minister Yang Jiechi spoke.", "yang-jiechi"),  # the qualifier narrows to Japan's title
    ("China's Foreign Minister Katsuya Okada spoke.", "katsuya-okada"),
    ("Premier Yukio Hatoyama spoke.", "yukio-hatoyama"),
])
def test_a_qualified_or_unshared_title_needs_its_own_holder(text: str, entry: str) -> None:
    assert [(code, found) for code, _, found in lint(text)] == [("LN03", entry)]


def test_people_outside_the_glossary_are_read_from_the_text() -> None:
    assert lint("Chief Cabinet Secretary Hirofumi Hirano said so.", day=date(2015, 1, 1)) == [
        ("LN03", "Chief Cabinet Secretary Hirofumi Hirano", "chief-cabinet-secretary-japan")]
    assert lint("平野博文官房長官は述べた。", "ja", date(2015, 1, 1)) == [
        ("LN03", "平野博文官房長官", "chief-cabinet-secretary-japan")]
    # No holder recorded on the day: information, not an error.
    assert lint("Chief Cabinet Secretary Hirofumi Hirano said so.") == [
        ("LN05", "Chief Cabinet Secretary Hirofumi Hirano", "chief-cabinet-secretary-japan")]
    # A shared form with one country's holder unknown on the day: nothing to say.
    assert lint("Foreign Minister Seiji Maehara spoke.", day=date(2011, 1, 1)) == []


def test_former_and_then_accept_an_earlier_holder_and_report_one_who_never_held_it() -> None:
    later = date(2012, 1, 1)
    for text in ("Former Prime Minister Yukio Hatoyama spoke.", "Then-Prime Minister Yukio Hatoyama spoke.",
                 "Hatoyama's predecessor as prime minister, Yukio Hatoyama, spoke."):
        assert lint(text, day=later) == [], text
    assert lint("鳩山由紀夫元首相は述べた。", "ja", later) == []
    assert lint("鳩山由紀夫首相（当時）は述べた。", "ja", later) == []
    assert lint("Prime Minister Yukio Hatoyama spoke.", day=later) == [
        ("LN03", "Prime Minister Yukio Hatoyama", "yukio-hatoyama")]
    assert [code for code, *_ in lint("Former Prime Minister Katsuya Okada spoke.", day=later)] == ["LN03"]
    assert lint("former Prime Minister Junzo Nakahara spoke.", day=later) == []  # outside the glossary: unknown


def test_japanese_and_chinese_title_forms_shared_by_two_countries() -> None:
    assert lint("温家宝首相と鳩山由紀夫首相が会談した。", "ja") == []  # 首相: China's premier and Japan's PM
    assert lint("楊潔篪外相と岡田克也外相が会談した。", "ja") == []
    assert [code for code, *_ in lint("中国の岡田克也外相は述べた。", "ja")] == ["LN03"]
    assert lint("中国外长杨洁篪会见了日本外相冈田克也。", "zh-Hans") == []
    assert [code for code, *_ in lint("中国外长冈田克也表示。", "zh-Hans")] == ["LN03"]


def test_the_resolver_narrows_by_country_then_by_person() -> None:
    resolver = TitleResolver(GLOSSARY, "en")
    shared = [GLOSSARY["foreign-minister-japan"], GLOSSARY["foreign-minister-china"]]
    assert resolver.narrow(shared, "china") == [GLOSSARY["foreign-minister-china"]]
    assert resolver.narrow(shared, "other") == []
    assert resolver.narrow(shared, None, "yang-jiechi") == [GLOSSARY["foreign-minister-china"]]
    assert resolver.narrow(shared, None, None) == shared
    text = "U.S. Foreign Minister X"
    assert resolver.qualifier(text, text.index("Foreign")) == "united-states"
    text = "The Foreign Minister X"
    assert resolver.qualifier(text, text.index("Foreign")) is None


def test_countries_from_id_codes_regional_names_and_places_the_segmenter_knows() -> None:
    from translator.glossary import build_entry as entry

    state = entry({"id": "secretary-of-state-us", "type": "title", "en": "Secretary of State",
                   "zh-Hant": "國務卿", "holders": ["yang-jiechi from 2009-01-21 to 2013-02-01"]})
    assert entry_country(state) == "united-states"
    glossary = Glossary.of([*GLOSSARY.entries.values(), state])
    article = parse_article("U.S. Secretary of State Hu Jintao spoke.\n", "a.txt", "text", "a")
    assert [f.code for f in lint_article(article, glossary, "en", MAY_2010)] == ["LN03"]  # the qualifier fits
    assert lint("南韓總統李明博表示。", "zh-Hant") == []  # Taiwan's name for South Korea: another country
    assert lint("ノルウェー外相と会談した岡田克也外相。", "ja") == []  # a place the segmenter tags: another country


def test_a_country_is_no_person_and_a_family_name_alone_before_a_japanese_title_is_someone() -> None:
    assert lint("台湾總統馬英九表示。", "zh-Hant") == []  # 台湾 before the title is the country, not a person
    assert [code for code, *_ in lint("森外相は述べた。", "ja")] == ["LN03"]  # one kanji, tagged a family name


def _id_country_by_loop(entry_id: str) -> str | None:
    """The reading of an id's country as it was first written: each country in order, each code."""
    words = entry_id.split("-")
    for country, spellings in COUNTRIES.items():
        for code in spellings["id"]:
            parts = code.split("-")
            if any(words[i:i + len(parts)] == parts for i in range(len(words))):
                return country
    return None


_ID_WORDS = sorted({part for spellings in COUNTRIES.values() for code in spellings["id"] for part in code.split("-")}
                   | {"minister", "foreign", "of", "the", "states", "united", "x", ""})


@given(st.lists(st.sampled_from(_ID_WORDS), min_size=1, max_size=8))
def test_the_country_of_an_id_is_the_first_country_whose_code_it_holds(words: list[str]) -> None:
    entry_id = "-".join(words)
    assert id_country(entry_id) == _id_country_by_loop(entry_id)
