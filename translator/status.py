"""Status: how far each translation is, in entries and words, per article and locale."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from translator.catalog import catalog_settings, read_catalog
from translator.formats.article import read_article
from translator.language.locales import language_of
from translator.progress import SILENT, Steps
from translator.workspace import (
    Workspace,
    all_articles,
    article_name,
    article_source,
    catalog_paths,
    target_locales,
    workspace_name,
)

if TYPE_CHECKING:
    from translator.formats.po import Catalog

# Only what `status` itself needs is imported here: it is a command users run often and expect at
# once (tests/test_startup.py). The segmenter, the glossary and the script tables are not.

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str, locale: str) -> int:
    """Words for a spaced language; for Japanese and Chinese, Han and kana characters."""
    if language_of(locale) == "en":
        return len(_WORD.findall(text))
    from translator.language.scripts import count_scripts  # its tables only for Japanese or Chinese text

    counts = count_scripts(text)
    return counts.han + counts.kana + len(re.findall(r"[A-Za-z0-9]+", text))


@dataclass(frozen=True, slots=True)
class Progress:
    """How far one article's catalog for one locale is."""

    article: str
    locale: str
    catalog: str
    translated: int
    fuzzy: int
    untranslated: int
    translated_words: int
    total_words: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 0.0


def progress(workspace: Workspace, paths: list[Path] | None = None, steps: Steps = SILENT,
             locales: Sequence[str] | None = None) -> list[Progress]:
    """Progress of every catalog of these articles (all of them by default), in the locales
    each article is translated into (an article in Japanese has an English catalog), or in
    those of them among `locales`."""
    rows = []
    paths = paths if paths is not None else all_articles(workspace)
    steps.phase("status", len(paths))
    for path in paths:
        article = read_article(path, article_name(workspace, path))
        article_source_locale = article_source(workspace, article)
        for locale in target_locales(workspace, article_source_locale):
            if locales is not None and locale not in locales:
                continue
            catalog_path = catalog_paths(workspace, article.slug, [locale])[1][locale]
            shown = workspace_name(workspace, catalog_path)
            steps.at(shown)
            catalog = read_catalog(catalog_path, shown)
            if catalog is None:
                continue
            source = catalog_settings(catalog, catalog_path, shown, article_source_locale).source
            rows.append(catalog_progress(catalog, article.name, locale, shown, source))
        steps.advance()
    return rows


def catalog_progress(catalog: Catalog, article: str, locale: str, shown: str, source: str,
                     counted: dict[tuple[str, str], int] | None = None) -> Progress:
    """Progress of one catalog read already (`counted`: the words of texts counted already, by
    source locale and text, to count each once; the catalogs of an article share their texts)."""
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    done = total = 0
    for entry in catalog.active():
        state = "translated" if entry.translated else ("fuzzy" if entry.fuzzy and entry.msgstr else "untranslated")
        counts[state] += 1
        if counted is None:
            count = words(entry.msgid, source)
        else:
            count = counted.get((source, entry.msgid), -1)
            if count < 0:
                count = counted[(source, entry.msgid)] = words(entry.msgid, source)
        total += count
        done += count if state == "translated" else 0
    return Progress(article, locale, shown, counts["translated"], counts["fuzzy"], counts["untranslated"], done, total)
