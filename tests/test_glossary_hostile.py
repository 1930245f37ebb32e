"""A hostile or broken glossary file: every command that reads it stops with one `Error:` line
per problem (file and line), exit 1, no traceback, and leaves every file as it was. A fuzz test
holds the reader to the same promise: only TranslatorError ever escapes it."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from click.testing import CliRunner
from hypothesis import strategies as st

from translator.cli import cli
from translator.errors import InputError, TranslatorError
from translator.glossary import Glossary, build_entry
from translator.formats.glossary_toml import FILE_NAME, GlossaryStore, format_glossary, parse_glossary
from translator.workspace import Workspace
from tests.conftest import Run

GLOSSARY = "glossary/glossary.toml"
EMPTY_HINT = (
    "(an empty glossary still holds its header line 'format = 1'): restore it with "
    f"'git checkout -- {GLOSSARY}', or write that line, as 'translator init' does"
)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".translator" not in path.parts
    }



def _commands(root: Path) -> list[list[str]]:
    """The 14 commands that read the glossary (status and assemble do not)."""
    sheet = root / "new.csv"
    sheet.write_text("id,type,en\nbeijing,place,Beijing\n", encoding="utf-8")
    return [
        ["glossary", "list"],
        ["glossary", "find", "Takaichi"],
        ["glossary", "show", "sanae-takaichi"],
        ["glossary", "add", "--no-suggest", "beijing", "--type", "place", "--form", "en=Beijing"],
        ["glossary", "edit", "tadamori-oshima", "--form", "ja=大島"],
        ["glossary", "remove", "tadamori-oshima"],
        ["glossary", "export", str(root / "exports" / "g.xlsx")],
        ["glossary", "import", str(sheet)],
        ["glossary", "check"],
        ["glossary", "suggest", "--all"],
        ["segment", "--all"],
        ["lint", "--all"],
        ["check"],
        ["build"],
    ]


def _deep_list(path: Path) -> None:
    path.write_text("format = 1\nretired = " + "[" * 100_000 + "\n", encoding="utf-8")


def _long_number(path: Path) -> None:
    path.write_text("format = " + "1" * 5000 + "\n", encoding="utf-8")


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside.toml").write_text("format = 1\n", encoding="utf-8")


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _whitespace(path: Path) -> None:
    path.write_bytes(b" \n\t\n\n")


def _comments_only(path: Path) -> None:
    path.write_text("# translator glossary\n# (the rest was lost)\n", encoding="utf-8")


def _control_in_comment(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"# translator glossary", b"# translator\x07 glossary", 1))


def _control_in_value(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('en = "Tadamori Oshima"', 'en = "Tadamori\x7fOshima"', 1), encoding="utf-8")


TADAMORI_EN = 'en = "Tadamori'


def _line_of(path: Path, start: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def _overlapping_holders(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'holders = ["sanae-takaichi from 2025-10-21"]',
            'holders = ["tadamori-oshima from 2025-01-01 to 2025-12-31", "sanae-takaichi from 2025-10-21"]',
            1,
        ),
        encoding="utf-8",
    )


Break = Callable[[Path], None]

CASES: list[tuple[str, Break, Callable[[Path], str]]] = [
    ("deep-list", _deep_list, lambda p: f"Error: {GLOSSARY}:2: retired: a list holds only strings, not lists, at column 12\n"),
    (
        "long-number",
        _long_number,
        lambda p: f"Error: {GLOSSARY}:1: format: a number of 5000 digits; the only number here is format = 1\n",
    ),
    ("folder", _folder, lambda p: f"Error: {GLOSSARY}: is a folder, not the glossary file\n"),
    ("zero-bytes", _zero_bytes, lambda p: f"Error: {GLOSSARY}:1: the glossary file is empty {EMPTY_HINT}\n"),
    ("whitespace", _whitespace, lambda p: f"Error: {GLOSSARY}:1: the glossary file is empty {EMPTY_HINT}\n"),
    ("comments-only", _comments_only, lambda p: f"Error: {GLOSSARY}:1: no 'format' line and no entries {EMPTY_HINT}\n"),
    (
        "control-in-comment",
        _control_in_comment,
        lambda p: f"Error: {GLOSSARY}:1: a raw control character (U+0007) at column 13: TOML allows none "
        "(in a string write \\u0007)\n",
    ),
    (
        "control-in-value",
        _control_in_value,
        lambda p: f"Error: {GLOSSARY}:{_line_of(p, TADAMORI_EN)}: a raw control character (U+007F) at column 15: "
        "TOML allows none (in a string write \\u007F)\n",
    ),
    (
        "overlapping-holders",
        _overlapping_holders,
        lambda p: f"Error: {GLOSSARY}:{_line_of(p, 'holders = ')}: [prime-minister-japan] holders: "
        "'tadamori-oshima from 2025-01-01 to 2025-12-31' and 'sanae-takaichi from 2025-10-21' overlap: "
        "a title has one holder at a time\n",
    ),
]


@pytest.mark.parametrize(("name", "damage", "expected"), CASES, ids=[case[0] for case in CASES])
def test_every_command_refuses_a_hostile_glossary(
    segmented: Workspace, run: Run, name: str, damage: Break, expected: Callable[[Path], str]
) -> None:
    path = segmented.root / GLOSSARY
    damage(path)
    message = expected(path)
    commands = _commands(segmented.root)  # writes the sheet to import before the snapshot
    before = _snapshot(segmented.root)
    for args in commands:
        result = run(*args)
        assert (result.exit_code, result.stderr) == (1, message), (args, result.output)
        assert "Traceback" not in result.output
        assert _snapshot(segmented.root) == before, args


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_blocking(segmented: Workspace, run: Run) -> None:
    path = segmented.root / GLOSSARY
    path.unlink()
    os.mkfifo(path)
    result = run("glossary", "list")
    assert (result.exit_code, result.stderr) == (1, f"Error: {GLOSSARY}: is not a regular file\n")


def test_an_unreadable_glossary_is_an_error(segmented: Workspace, run: Run) -> None:
    path = segmented.root / GLOSSARY
    os.chmod(path, 0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        result = run("glossary", "list")
    finally:
        os.chmod(path, 0o644)
    assert (result.exit_code, result.stderr) == (1, f"Error: {GLOSSARY}: cannot read the glossary: Permission denied\n")


def test_many_control_characters_are_reported_on_the_first_lines_only() -> None:
    text = "format = 1\n" + "# \x01\n" * 50
    with pytest.raises(InputError) as caught:
        parse_glossary(text, "g.toml")
    lines = [problem.line for problem in caught.value.problems]
    assert lines == [*range(2, 22), None]
    assert str(caught.value.problems[-1]) == "g.toml: more lines hold control characters"


def test_a_carriage_return_alone_is_refused_but_crlf_is_read() -> None:
    text = 'format = 1\r\n\r\n[beijing]\r\ntype = "place"\r\nen = "Beijing"\r\n'
    assert parse_glossary(text, "g.toml")["beijing"].form("en").preferred == "Beijing"
    with pytest.raises(InputError, match=r"g.toml:2: a raw control character \(U\+000D\) at column 4"):
        parse_glossary("format = 1\n# a\rb\n", "g.toml")


def test_unicode_digits_and_nested_lists_inside_strings() -> None:
    with pytest.raises(InputError, match="g.toml:1: format: values are quoted strings"):
        parse_glossary("format = ²\n", "g.toml")
    glossary = parse_glossary('format = 1\n\n[x]\ntype = "term"\nen = "X"\nen-admitted = ["[[[", "a\\"[b"]\n', "g.toml")
    assert glossary["x"].form("en").admitted == ("[[[", 'a"[b')
    with pytest.raises(InputError, match=r"g.toml:5: en-admitted: a list holds only strings, not tables, at column 21"):
        parse_glossary('format = 1\n\n[x]\ntype = "term"\nen-admitted = ["a", {"b": 1}]\n', "g.toml")


def test_a_number_of_thousands_of_digits_in_a_list_is_refused_with_its_line() -> None:
    """The JSON decoder refuses to make an int of more than 4,300 digits with a bare ValueError
    (found by the fuzz test below)."""
    with pytest.raises(InputError, match=r"g.toml:2: retired: a list holds only strings$"):
        parse_glossary(f'format = 1\nretired = [{"1" * 5000}"old-id"]\n', "g.toml")
    with pytest.raises(InputError, match=r"g.toml:5: en-admitted: a list holds only strings$"):
        parse_glossary(f'format = 1\n\n[x]\ntype = "term"\nen-admitted = ["a", {"9" * 4301}]\n', "g.toml")


def test_json_only_escapes_are_refused_as_toml_refuses_them() -> None:
    """JSON's \\/ is no TOML escape: the file would not be valid TOML (found by fuzzing)."""
    import tomllib

    for value, column in (('"a\\/b"', 8), ('["x", "a\\/b"]', 14)):
        text = f'format = 1\n\n[x]\ntype = "term"\nen = {value}\n'
        with pytest.raises(tomllib.TOMLDecodeError):
            tomllib.loads(text)
        with pytest.raises(InputError, match=rf"g.toml:5: en: \\/ is not an escape in TOML: write / itself, at column {column}"):
            parse_glossary(text, "g.toml")
    escaped_backslash = 'format = 1\n\n[x]\ntype = "term"\nen = "a\\\\/b"\n'  # a backslash, then a slash
    assert parse_glossary(escaped_backslash, "g.toml")["x"].form("en").preferred == tomllib.loads(escaped_backslash)["x"]["en"]


def test_retired_ids_must_be_ids() -> None:
    with pytest.raises(InputError, match="g.toml:2: retired must be a list of entry ids"):
        parse_glossary('format = 1\nretired = ["old one"]\n', "g.toml")


# --- the writer never makes a file the reader (or any TOML reader) refuses ----------------------


def test_controls_in_values_are_escaped_when_written() -> None:
    # The model refuses such values, but the writer must not depend on it: format a glossary
    # whose note was built around the validation.
    entry = build_entry({"id": "x", "type": "term", "en": "X", "note": "tab\tand line\nbreak"})
    glossary = Glossary.of([entry])
    object.__setattr__(entry, "note", "del\x7f, c1\x85, bell\x07")
    text = format_glossary(glossary)
    assert 'note = "del\\u007f, c1\\u0085, bell\\u0007"' in text
    assert tomllib.loads(text)["x"]["note"] == "del\x7f, c1\x85, bell\x07"
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        line for line in format_glossary(Glossary()).splitlines() if line.startswith("#")
    ]


# --- fuzzing the reader ----------------------------------------------------------------------------

VALID = format_glossary(
    Glossary.of(
        [
            build_entry({"id": "sanae-takaichi", "type": "person", "en": "Sanae Takaichi", "ja": "高市早苗",
                         "ja-reading": "たかいち さなえ", "en-admitted": ["TAKAICHI Sanae"], "note": "line one\nline two"}),
            build_entry({"id": "pm", "type": "title", "en": "Prime Minister", "holders": ["sanae-takaichi from 2025-10-21"]}),
        ],
        ["old-id"],
    )
)

_PIECES = st.sampled_from(
    ["[", "]", "[[", '"', "'", "\\", "\\u", "\\ud800", "=", "#", "\n", "\r", "\x00", "\x7f", "\ufeff", "9" * 40, "[" * 3000, "1" * 5000,
     "format = 1", "[x]", 'type = "term"', "holders = [\"pm from 2020-01-01\"]", "{", "}", ",", " ", "\t", "é", "高"]
)


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.one_of(_PIECES, st.text(max_size=8)))
        if action == "insert":
            text = text[:position] + piece + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)) :]
        else:
            text = text[:position] + piece + text[position + len(piece) :]
    return text


def _read_or_refuse(text: str) -> None:
    try:
        glossary = parse_glossary(text, "g.toml")
    except TranslatorError:
        return
    # What the reader accepts, the writer writes as valid TOML that reads back the same.
    written = format_glossary(glossary)
    tomllib.loads(written)
    again = parse_glossary(written, "g.toml")
    assert again.entries == glossary.entries and again.retired == glossary.retired


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_fuzz_mutated_glossaries_raise_only_translator_errors(text: str) -> None:
    _read_or_refuse(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_random_bytes_raise_only_translator_errors(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    store = GlossaryStore(folder)
    (folder / FILE_NAME).write_bytes(data)
    try:
        store.load()
    except TranslatorError:
        pass


# --- overlapping title holders, by every way into the glossary -----------------------------------


def _add_people(run: Run) -> None:
    for person in ("a", "b"):
        assert run("glossary", "add", "--no-suggest", person, "--type", "person", "--form", f"en={person.upper()}").exit_code == 0


def test_glossary_add_refuses_overlapping_holders(workspace: Workspace, run: Run) -> None:
    _add_people(run)
    before = _snapshot(workspace.root)
    result = run("glossary", "add", "--no-suggest", "pm", "--type", "title", "--form", "en=PM",
                 "--holder", "a from 2020-01-01 to 2021-06-30", "--holder", "b from 2021-01-01")
    assert (result.exit_code, result.stderr) == (
        1, "Error: holders: 'a from 2020-01-01 to 2021-06-30' and 'b from 2021-01-01' overlap: a title has one holder at a time\n"
    )
    assert _snapshot(workspace.root) == before


def test_glossary_edit_refuses_a_repeated_term(workspace: Workspace, run: Run) -> None:
    _add_people(run)
    assert run("glossary", "add", "--no-suggest", "pm", "--type", "title", "--form", "en=PM",
               "--holder", "a from 2020-01-01 to 2021-01-01").exit_code == 0
    before = _snapshot(workspace.root)
    result = run("glossary", "edit", "pm", "--holder", "a from 2020-06-01")
    assert (result.exit_code, result.stderr) == (
        1, "Error: holders: 'a from 2020-01-01 to 2021-01-01' and 'a from 2020-06-01' overlap: give each term of a once\n"
    )
    assert _snapshot(workspace.root) == before
    assert run("glossary", "edit", "pm", "--holder", "b from 2021-01-01").exit_code == 0  # the handover day


def test_glossary_import_refuses_overlapping_holders(workspace: Workspace, run: Run) -> None:
    _add_people(run)
    sheet = workspace.root / "s.csv"
    sheet.write_text('id,type,en,holders\npm,title,PM,"a from 2020-01-01\nb from 2020-02-01"\n', encoding="utf-8")
    before = _snapshot(workspace.root)
    result = run("glossary", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "s.csv!D2: 'a from 2020-01-01' and 'b from 2020-02-01' overlap: a title has one holder at a time\n"
    ), result.stderr
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.output
    assert _snapshot(workspace.root) == before


# --- locales with whitespace or control characters ------------------------------------------------

NOT_A_LOCALE = "it holds whitespace or a control character; use one of en, ja, zh-Hans, zh-Hant"


@pytest.mark.parametrize("text", ["ja\n", "ja\t", "\nja", "j a", "ja\x00", "ja\u3000", "ja\u200b"])
def test_check_refuses_a_locale_with_whitespace_or_controls(segmented: Workspace, run: Run, text: str) -> None:
    before = _snapshot(segmented.root)
    result = run("check", "-l", text)
    assert result.exit_code == 2
    shown = text.encode("unicode_escape").decode("ascii")
    assert f"Error: Invalid value for '--locale' / '-l': invalid locale '{shown}': {NOT_A_LOCALE}" in result.stderr
    assert "Traceback" not in result.output
    assert _snapshot(segmented.root) == before


def test_spaces_around_list_items_still_work(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "ws"), "--targets", "ja, zh-Hans , zh_TW"])
    assert result.exit_code == 0, result.output
    assert 'targets = ["ja", "zh-Hans", "zh-Hant"]' in (tmp_path / "ws" / "translator.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["glossary", "add", "--no-suggest", "x", "--type", "term", "--form", "ja\n=X"],
                                  ["glossary", "add", "--no-suggest", "x", "--type", "term", "--form", "en\t=X"]])
def test_a_locale_with_a_line_break_is_refused_in_locale_text(workspace: Workspace, run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and NOT_A_LOCALE in result.stderr


def test_init_refuses_a_target_with_a_line_break(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "ws"), "--targets", "ja\n,zh-Hans"])
    assert result.exit_code == 2 and NOT_A_LOCALE in result.stderr
    assert not (tmp_path / "ws").exists()
