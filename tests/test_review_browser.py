"""The review page in a real browser: headless Chromium (Debian's chromium and chromium-driver)
driven by Selenium, on the pages `review` writes for the sample article in ja and zh-Hant.

Skipped when Chromium or its driver is missing, except under CI, where that is a failure.
SAVE_SCREENSHOTS=<folder> also writes the screenshots of both pages there.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import cli
from translator.workspace import load_workspace

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REPOSITORY = Path(__file__).resolve().parent.parent
ARTICLE = "articles/japan-china-talks.txt"
LOCALES = ("ja", "zh-Hant")

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {CHROMIUM} and {CHROMEDRIVER} (Debian's chromium and chromium-driver)",
                    pytrace=False)
    pytest.skip("Chromium or chromedriver is not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


def invoke(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(root), *args], catch_exceptions=False)
    return result.output


def reported(root: Path, locale: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    lint = invoke(root, "lint", str(root / ARTICLE), "--format", "json")
    check = invoke(root, "check", str(root / ARTICLE), "--locale", locale, "--format", "json")
    return json.loads(lint), json.loads(check)


def open_chromium(profile: Path, javascript: bool = True) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,1600", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    # The driver's path is given, so Selenium Manager never looks for (or downloads) one.
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample workspace with both pages written, once for the module (the
    conftest's `sample` is per test, and the pages are only read here)."""
    root = tmp_path_factory.mktemp("browser") / "sample"
    root.mkdir()
    for name in ("translator.toml", "articles", "glossary", "locales"):
        source = REPOSITORY / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    (root / "exports").mkdir()
    for locale in LOCALES:
        assert invoke(root, "review", str(root / ARTICLE), "--locale", locale).startswith("Wrote ")
    return root


def page(root: Path, locale: str) -> Path:
    return root / "exports" / "review" / f"japan-china-talks.{locale}.html"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    driver = open_chromium(tmp_path_factory.mktemp("profile"))
    yield driver
    driver.quit()


def console_errors(driver: webdriver.Chrome) -> list[str]:
    """What the page logged as SEVERE since the last call (reading the log empties it)."""
    entries: list[dict[str, str]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return [entry["message"] for entry in entries if entry["level"] == "SEVERE"]


def load(driver: webdriver.Chrome, page: Path) -> None:
    console_errors(driver)  # what an earlier page logged is not this page's
    driver.get(page.as_uri())


def rows(driver: webdriver.Chrome) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, "#article .row")


def shown(driver: webdriver.Chrome) -> list[str]:
    return [row.get_attribute("id") or "" for row in rows(driver) if row.is_displayed()]


@pytest.mark.parametrize("locale", LOCALES)
def test_mentions_and_findings_agree_with_lint_and_check(browser: webdriver.Chrome, sample_pages: Path,
                                                         locale: str) -> None:
    load(browser, page(sample_pages, locale))
    lint, check = reported(sample_pages, locale)
    panel = browser.find_elements(By.CSS_SELECTOR, "nav#findings li.finding")
    assert len(panel) == len(lint) + len(check)
    assert sorted(li.find_element(By.CLASS_NAME, "code").text for li in panel) == \
        sorted(str(finding["code"]) for finding in lint + check)
    placed = browser.find_elements(By.CSS_SELECTOR, "#article li.finding")
    assert len(placed) == len([li for li in panel if li.find_elements(By.TAG_NAME, "a")])
    assert all(li.is_displayed() for li in panel + placed)
    # Every source mention the review found is highlighted on screen, and the translation's too.
    source_marks = browser.find_elements(By.CSS_SELECTOR, "#article .row > .source mark.mention")
    assert source_marks and all(mark.is_displayed() for mark in source_marks)
    assert len(source_marks) == sum(int(browser.execute_script(
        "return arguments[0].querySelectorAll(':scope > .source mark.mention').length", row)) for row in rows(browser))
    assert browser.find_elements(By.CSS_SELECTOR, "#article .row > .translation mark.mention")
    # Highlighted: the mark's background is not the page's.
    background = source_marks[0].value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)", "rgba(255, 255, 255, 1)")


def test_hovering_or_focusing_a_mention_shows_its_entry(browser: webdriver.Chrome, sample_pages: Path) -> None:
    glossary = load_workspace(sample_pages).glossary.load()
    load(browser, page(sample_pages, "ja"))
    # A person named in the source: the card shows the glossary's forms, the Japanese one too.
    marks = browser.find_elements(By.CSS_SELECTOR, "#article .source mark.mention[data-entry='liu-jinsong']")
    assert marks
    mark = marks[0]
    entry = glossary["liu-jinsong"]
    assert entry.type == "person"
    card = mark.find_element(By.CSS_SELECTOR, ":scope > .card")
    assert not card.is_displayed()
    ActionChains(browser).move_to_element(mark.find_element(By.CLASS_NAME, "said")).perform()
    assert card.is_displayed()
    for locale in ("en", "ja", "zh-Hant"):
        assert f"{locale}: {entry.form(locale).preferred}" in card.text
    # Away from it, the card goes; focused from the keyboard, it comes back.
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).perform()
    assert not card.is_displayed()
    browser.execute_script("arguments[0].focus()", mark)
    assert browser.switch_to.active_element == mark
    assert card.is_displayed() and f"ja: {entry.form('ja').preferred}" in card.text
    # Tab from it reaches the next mention, and its card shows instead.
    mark.send_keys(Keys.TAB)
    following = browser.switch_to.active_element
    assert following.tag_name == "mark" and following != mark
    assert not card.is_displayed()
    assert following.find_element(By.CSS_SELECTOR, ":scope > .card").is_displayed()
    # In the translation column: the Prime Minister as the Japanese text names her.
    (mark, *_) = browser.find_elements(By.CSS_SELECTOR, "#article .translation mark.mention[data-entry='sanae-takaichi']")
    ActionChains(browser).move_to_element(mark.find_element(By.CLASS_NAME, "said")).perform()
    card = mark.find_element(By.CSS_SELECTOR, ":scope > .card")
    assert card.is_displayed()
    assert "sanae-takaichi" in card.text and "ja: 高市早苗" in card.text and "たかいち さなえ" in card.text


def test_filters_hide_and_show_the_right_rows(browser: webdriver.Chrome, sample_pages: Path) -> None:
    load(browser, page(sample_pages, "zh-Hant"))
    everything = shown(browser)
    assert len(everything) == len(rows(browser))
    findings = {row.get_attribute("id") for row in rows(browser) if row.get_attribute("data-findings") != "0"}
    open_rows = {row.get_attribute("id") for row in rows(browser) if row.get_attribute("data-state") != "translated"}
    assert findings and open_rows and open_rows != set(everything)  # zh-Hant is partly translated

    browser.find_element(By.ID, "only-findings").click()
    assert set(shown(browser)) == findings
    browser.find_element(By.ID, "only-findings").click()
    assert shown(browser) == everything

    browser.find_element(By.ID, "only-open").click()
    assert set(shown(browser)) == open_rows
    for row in rows(browser):
        if row.is_displayed():
            assert row.find_element(By.CLASS_NAME, "state-label").text in ("untranslated", "fuzzy", "stale")
    browser.find_element(By.ID, "only-open").click()
    assert shown(browser) == everything

    select = Select(browser.find_element(By.ID, "only-entry"))
    select.select_by_value("sanae-takaichi")
    with_entry = {row.get_attribute("id") for row in rows(browser)
                  if row.find_elements(By.CSS_SELECTOR, "mark[data-entry~='sanae-takaichi']")}
    assert with_entry and set(shown(browser)) == with_entry
    select.select_by_value("")
    assert shown(browser) == everything


def test_n_and_p_move_to_the_next_finding(browser: webdriver.Chrome, sample_pages: Path) -> None:
    load(browser, page(sample_pages, "ja"))
    expected = [row.get_attribute("id") for row in rows(browser) if row.get_attribute("data-findings") != "0"]
    assert len(expected) >= 2
    visited = []
    for _ in expected:
        ActionChains(browser).send_keys("n").perform()
        visited.append(browser.switch_to.active_element.get_attribute("id"))
    assert visited == expected
    ActionChains(browser).send_keys("n").perform()
    assert browser.switch_to.active_element.get_attribute("id") == expected[0]  # wraps around
    ActionChains(browser).send_keys("p").perform()
    assert browser.switch_to.active_element.get_attribute("id") == expected[-1]
    # The focused row is on screen.
    assert browser.execute_script(
        "var r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;")
    # Typing in the filters does not move.
    browser.find_element(By.ID, "only-findings").send_keys("n")
    assert browser.switch_to.active_element.get_attribute("id") == "only-findings"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_console_errors_and_no_requests(browser: webdriver.Chrome, sample_pages: Path, locale: str) -> None:
    load(browser, page(sample_pages, locale))
    browser.find_element(By.ID, "only-findings").click()  # run the script too
    ActionChains(browser).send_keys("n").perform()
    assert browser.find_element(By.ID, "filters").is_displayed()  # the script ran (it unhides the filters)
    assert console_errors(browser) == []
    assert browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)") == []
    external = browser.execute_script(
        "return Array.from(document.querySelectorAll('[src], [href], [action]'))"
        ".map(e => e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('action'))"
        ".filter(v => !v.startsWith('#'))")
    assert external == []


@pytest.mark.parametrize("locale", LOCALES)
def test_lang_attributes_per_column(browser: webdriver.Chrome, sample_pages: Path, locale: str) -> None:
    load(browser, page(sample_pages, locale))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    for row in rows(browser):
        assert row.find_element(By.CSS_SELECTOR, ":scope > .source").get_attribute("lang") == "en"
        translation = row.find_element(By.CSS_SELECTOR, ":scope > .translation")
        assert translation.get_attribute("lang") == locale
        # The browser resolves the language the same way (what picks ja or zh glyphs for 直).
        assert browser.execute_script(f"return arguments[0].matches(':lang({locale})')", translation)


def test_the_page_reads_without_javascript(tmp_path: Path, sample_pages: Path) -> None:
    driver = open_chromium(tmp_path / "profile", javascript=False)
    try:
        for locale in LOCALES:
            load(driver, page(sample_pages, locale))
            assert len(shown(driver)) == len(rows(driver)) > 0
            assert not driver.find_element(By.ID, "filters").is_displayed()  # filters need the script
            assert driver.find_element(By.ID, "findings").is_displayed()
            assert all(mark.is_displayed() for mark in driver.find_elements(By.CSS_SELECTOR, "mark.mention"))
            assert console_errors(driver) == []
    finally:
        driver.quit()


@pytest.mark.skipif(not os.environ.get("SAVE_SCREENSHOTS"), reason="SAVE_SCREENSHOTS=<folder> is not set")
def test_save_screenshots(tmp_path: Path, sample_pages: Path) -> None:
    folder = Path(os.environ["SAVE_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    driver = open_chromium(tmp_path / "profile")
    try:
        for locale in LOCALES:
            load(driver, page(sample_pages, locale))
            # The window's own chrome takes some height: size it so the page gets 1280 x 1600.
            chrome = driver.execute_script("return window.outerHeight - window.innerHeight")
            driver.set_window_size(1280, 1600 + chrome)
            target = folder / f"japan-china-talks.{locale}.png"
            assert driver.save_screenshot(str(target))
            assert target.stat().st_size > 0
    finally:
        driver.quit()


# Every element with text of its own: its colour, the first opaque background behind it, its size.
_TEXT_COLOURS = """
const out = [];
const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
for (const el of document.body.querySelectorAll('*')) {
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || el.offsetParent === null) continue;
  const style = getComputedStyle(el);
  let back = null;
  for (let node = el; node; node = node.parentElement) {
    const b = parse(getComputedStyle(node).backgroundColor);
    if (b[3] > 0.99) { back = b; break; }
  }
  out.push({tag: el.tagName, text: el.textContent.trim().slice(0, 30), color: parse(style.color),
            background: back || [255, 255, 255, 1], size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight)});
}
return out;
"""


def _luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(value) for value in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@pytest.mark.parametrize("locale", LOCALES)
def test_text_contrast_passes_wcag_aa(browser: webdriver.Chrome, sample_pages: Path, locale: str) -> None:
    load(browser, page(sample_pages, locale))
    failing = []
    measured = browser.execute_script(_TEXT_COLOURS)
    assert len(measured) > 100  # the header, the panel, every row, the findings
    for item in measured:
        lighter, darker = sorted((_luminance(item["color"]), _luminance(item["background"])), reverse=True)
        ratio = (lighter + 0.05) / (darker + 0.05)
        large = item["size"] >= 24 or item["size"] >= 18.66 and item["weight"] >= 700
        if ratio < (3.0 if large else 4.5):
            failing.append((item["tag"], item["text"], round(ratio, 2)))
    assert failing == []


def test_printing_shows_every_row_and_no_controls(browser: webdriver.Chrome, sample_pages: Path) -> None:
    load(browser, page(sample_pages, "zh-Hant"))
    browser.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()  # a filter on screen...
    assert len(shown(browser)) < len(rows(browser))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert len(shown(browser)) == len(rows(browser))  # ...but every row on paper
        assert not any(element.is_displayed() for element in browser.find_elements(By.CSS_SELECTOR, "form, select, input"))
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_mention_lights_up_the_same_entry_in_the_other_column(browser: webdriver.Chrome, sample_pages: Path) -> None:
    load(browser, page(sample_pages, "ja"))
    source = browser.find_elements(By.CSS_SELECTOR, "#article .source mark.mention[data-entry='beijing']")[0]
    row = source.find_element(By.XPATH, "./ancestor::*[contains(concat(' ', @class, ' '), ' row ')][1]")
    partner = row.find_element(By.CSS_SELECTOR, ".translation mark.mention[data-entry='beijing']")
    assert "paired" not in (partner.get_attribute("class") or "")
    ActionChains(browser).move_to_element(source.find_element(By.CLASS_NAME, "said")).perform()
    assert "paired" in (partner.get_attribute("class") or "")
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).perform()
    assert "paired" not in (partner.get_attribute("class") or "")
