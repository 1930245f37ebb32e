"""Reading articles: plain text, Markdown structure, front matter, and malformed input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from translator.formats.article import decode_article, parse_article, read_article
from translator.errors import InputError

MARKDOWN = """\
---
title: "Japan–China talks: no progress"
date: 2025-11-18
slug: japan-china-talks
---
# Talks in *Beijing*

A paragraph with **bold** and a [link](https://example.com/a.b).
Its second line.

- First item. With two sentences.
- Second item
  continued here

> A quoted line.

| Name | Role |
|------|------|
| Liu Jinsong | Director-General |

```python
print("not translated")
```

<div>not translated either</div>

[ref]: https://example.com

https://example.com/only-a-url

    indented code, not translated
"""


def test_markdown_blocks_kinds_and_lines() -> None:
    article = parse_article(MARKDOWN, "articles/x.md", "markdown", "x")
    assert (article.slug, article.title, article.date) == ("japan-china-talks", "Japan–China talks: no progress", date(2025, 11, 18))
    assert [(b.kind, b.text, b.line) for b in article.blocks] == [
        ("title", "Japan–China talks: no progress", 2),
        ("heading", "Talks in *Beijing*", 6),
        ("paragraph", "A paragraph with **bold** and a [link](https://example.com/a.b).\nIts second line.", 8),
        ("list_item", "First item. With two sentences.", 11),
        ("list_item", "Second item\ncontinued here", 12),
        ("blockquote", "A quoted line.", 15),
        ("table_cell", "Name", 17),
        ("table_cell", "Role", 17),
        ("table_cell", "Liu Jinsong", 19),
        ("table_cell", "Director-General", 19),
    ]


def test_plain_text_one_paragraph_per_line() -> None:
    article = parse_article("First line. Two.\nSecond line.\n", "a.txt", "text", "a")
    assert [(b.text, b.line) for b in article.blocks] == [("First line. Two.", 1), ("Second line.", 2)]


def test_plain_text_paragraphs_separated_by_blank_lines() -> None:
    text = "Wrapped paragraph\ncontinues here.\n\n\nSecond paragraph.\n"
    article = parse_article(text, "a.txt", "text", "a")
    assert [(b.text, b.line) for b in article.blocks] == [("Wrapped paragraph\ncontinues here.", 1), ("Second paragraph.", 5)]


def test_plain_text_with_front_matter_counts_lines_from_the_file_start() -> None:
    article = parse_article("---\ntitle: T\n---\nBody.\n", "a.txt", "text", "Some File")
    assert article.slug == "some-file"
    assert [(b.kind, b.line) for b in article.blocks] == [("title", 2), ("paragraph", 4)]


def test_bom_and_crlf_are_normalised() -> None:
    assert decode_article("\ufeffOne.\r\nTwo.\r\n".encode(), "a.txt") == "One.\nTwo.\n"


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"One.\nT\x00wo.\n", "contains a NUL byte", 2),
        (b"One.\n\xff\n", "not valid UTF-8", 2),
        (b"---\ntitle: T\nBody.\n", "front matter starts with '---' but has no closing '---' line", 1),
        (b"---\ntitle: [unclosed\n---\nBody.\n", "front matter is not valid YAML", 3),
        (b"---\n- a list\n---\nBody.\n", "front matter must be 'key: value' lines", 2),
        (b"---\nslug: ../../etc\n---\nBody.\n", "slug '../../etc' must be lower-case letters", 2),
        (b"---\ntitle: T\ndate: 18 November\n---\nBody.\n", "date '18 November' is not a date", 3),
        (b"---\ntitle: [1, 2]\n---\nBody.\n", "title must be text", 2),
        # Found by fuzzing: PyYAML's own errors for tagged values, deep nesting, and numbers too
        # long for Python to write in decimal each ended in a traceback.
        (b"---\ntitle: T\ndate: !!timestamp x\n---\nBody.\n", "front matter has a value YAML cannot read", 3),
        (b"---\ndate: !!bool x\n---\nBody.\n", "front matter has a value YAML cannot read", 2),
        (b"---\ndate: !!int ''\n---\nBody.\n", "front matter has a value YAML cannot read", 2),
        (b"---\ndate: !!int x\n---\nBody.\n", "front matter has a value YAML cannot read", 2),
        (b"---\ntitle: T\nslug: " + b"[" * 500 + b"\n---\nBody.\n", "front matter is nested too deeply", 3),
        (b"---\ndate: 0x" + b"f" * 4000 + b"\n---\nBody.\n", "date (a number too long to show) is not a date", 2),
        (b"---\nslug: " + b":".join([b"59"] * 3000) + b"\n---\nBody.\n", "slug (a number too long to show) must be", 2),
        (b"---\ndate: 0b" + b"1" * 9000 + b"\n---\nBody.\n", "... is not a date of the form YYYY-MM-DD", 2),
        (b"---\ndate: 2025-02-30\n---\nBody.\n", "front matter has an impossible date or time: day is out of range", 2),
    ],
)
def test_malformed_articles(tmp_path: Path, data: bytes, message: str, line: int) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_article(path, "articles/bad.md")
    problem = caught.value.problems[0]
    assert message in problem.message
    assert (problem.file, problem.line) == ("articles/bad.md", line)


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(b"x")
    with pytest.raises(InputError, match="not an article"):
        read_article(path, "a.docx")
