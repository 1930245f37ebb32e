"""Synthetic news-like material for the benchmarks: a glossary of people, titles and places,
and English articles that mention them, of any size, the same for the same seed."""

from __future__ import annotations

import random
from pathlib import Path

from translator.glossary import Entry, Forms, Glossary
from translator.workspace import Workspace, init_workspace

GIVEN = ["Sanae", "Fumio", "Toshimitsu", "Masaaki", "Tadamori", "Minoru", "Jinsong", "Jian", "Ning", "Yoko", "Kenji", "Wei"]
FAMILY = ["Takaichi", "Kishida", "Motegi", "Kanai", "Oshima", "Kihara", "Liu", "Xue", "Mao", "Tanaka", "Suzuki", "Chen"]
VERBS = ["said", "stated", "told reporters", "emphasized", "warned", "noted", "argued", "confirmed"]
OBJECTS = [
    "that talks with the U.S. delegation would continue on Jan. 5",
    "the ministry's position had not changed since No. 1 was announced",
    "a 3.5 percent rise in exports was expected next quarter",
    "relations between the two countries remained stable",
    "the government would respond “calmly and firmly.”",
    "officials in Beijing and Tokyo met for two hours",
    "no decision had been taken on the new measures",
]
HAN = "高市岸田茂木金井大島木原劉薛毛田中鈴木陳早苗文雄敏充正彰理森稔勁松剣寧洋子健二偉"


def _name(number: int) -> tuple[str, str]:
    family = FAMILY[number % len(FAMILY)] + ("" if number < len(FAMILY) else f"{number // len(FAMILY)}")
    return GIVEN[(number * 7) % len(GIVEN)], family


def synthetic_glossary(size: int) -> Glossary:
    """`size` entries: four people for every title, with forms in all four locales."""
    entries = []
    for number in range(size):
        given, family = _name(number)
        han = "".join(HAN[(number >> shift) % len(HAN)] for shift in (0, 4, 8, 12))
        if number % 5:
            entries.append(Entry(
                id=f"person-{number}", type="person", status="approved",
                forms=(Forms(f"{given} {family}", (f"{family.upper()} {given}",), (), family, given),
                       Forms(han, (), (), han[:2], han[2:]), Forms(han), Forms(han)),
            ))
        else:
            entries.append(Entry(id=f"title-{number}", type="title", status="approved",
                                 forms=(Forms(f"Director of Bureau {number}"), Forms(f"第{number}局長"), Forms(f"第{number}局局长"),
                                        Forms(f"第{number}局局長"))))
    return Glossary.of(entries)


def sentence(rng: random.Random, glossary_size: int) -> str:
    number = rng.randrange(glossary_size)
    given, family = _name(number if number % 5 else number + 1)
    subject = rng.choice([f"{given} {family}", f"Mr. {family}", f"{family}", f"Director of Bureau {number - number % 5}"])
    return f"{subject} {rng.choice(VERBS)} on Tuesday {rng.choice(OBJECTS)}".rstrip(".”") + ("." if rng.random() < 0.9 else "?")


def paragraph(rng: random.Random, glossary_size: int) -> str:
    return " ".join(sentence(rng, glossary_size) for _ in range(rng.randint(2, 5)))


def corpus(size_bytes: int, glossary_size: int, seed: int = 1) -> list[str]:
    """Paragraphs of about `size_bytes` UTF-8 bytes in all."""
    rng = random.Random(seed)
    paragraphs, total = [], 0
    while total < size_bytes:
        text = paragraph(rng, glossary_size)
        paragraphs.append(text)
        total += len(text.encode("utf-8")) + 2
    return paragraphs


def make_workspace(folder: Path, glossary_size: int) -> Workspace:
    workspace = init_workspace(folder, "en", ("ja", "zh-Hans", "zh-Hant"))
    workspace.glossary.save(synthetic_glossary(glossary_size))  # its cache where every command looks
    return workspace


def write_article(workspace: Workspace, name: str, paragraphs: list[str]) -> Path:
    path = workspace.folder("articles") / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def write_stories(workspace: Workspace, count: int, glossary_size: int, rng: random.Random) -> None:
    """`count` articles of about 3 KB each, `story-0000.txt` on: a newsroom's daily articles."""
    for number in range(count):
        text, paragraphs = "", []
        while len(text) < 3000:
            paragraphs.append(paragraph(rng, glossary_size))
            text = "\n\n".join(paragraphs)
        (workspace.folder("articles") / f"story-{number:04d}.txt").write_text(text + "\n", encoding="utf-8")
