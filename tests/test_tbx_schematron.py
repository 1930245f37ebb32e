"""TBX-Basic's Schematron rules (DCA and DCT) run with Saxon's XPath 3.1 (saxonche).

No Schematron compiler for XPath 2 installs from PyPI on Python 3.11 (pyschematron 1.x needs
3.12; lxml's is XSLT 1 only and refuses queryBinding="xslt2"), so `schematron_failures` runs the
schema itself: ISO Schematron's ns, pattern, rule, let, assert and report, a node taking the
first rule of a pattern whose context matches it. Any other element of a schema is refused, so
a rule can never be skipped in silence.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from saxonche import PySaxonProcessor, PyXdmNode

from translator.formats.tbx import tbx_bytes

DATA = Path(__file__).parent / "data" / "tbx"
SCH = "{http://purl.oclc.org/dsdl/schematron}"
KNOWN = {f"{SCH}{name}" for name in ("schema", "ns", "pattern", "rule", "let", "assert", "report")}


@cache
def _processor() -> PySaxonProcessor:
    return PySaxonProcessor(license=False)


def _checks(schema: etree._Element) -> list[tuple[str, str]]:
    """(XPath 3.1 expression giving the path of every node that fails, message) per assert or report."""
    unknown = [element.tag for element in schema.iter() if isinstance(element.tag, str)
               and element.tag.startswith(SCH) and element.tag not in KNOWN and element.getparent() is not None
               and element.getparent().tag not in (f"{SCH}assert", f"{SCH}report")]
    assert not unknown, f"Schematron elements this runner does not know: {unknown}"
    assert schema.get("queryBinding") in ("xslt2", "xslt3", "xpath2", "xpath3", "xpath31"), schema.get("queryBinding")
    checks: list[tuple[str, str]] = []
    for pattern in schema.iterfind(f"{SCH}pattern"):
        earlier: list[str] = []
        for rule in pattern.iterfind(f"{SCH}rule"):
            context = f"//({rule.get('context')})"
            nodes = f"({context}) except ({' | '.join(earlier)})" if earlier else context
            earlier.append(context)
            lets = "".join(f"let ${let.get('name')} := ({let.get('value')}) return "
                           for let in rule.iterfind(f"{SCH}let"))
            for test in rule:
                if test.tag not in (f"{SCH}assert", f"{SCH}report"):
                    continue
                message = " ".join("".join(test.itertext()).split())
                fails = f"not({test.get('test')})" if test.tag == f"{SCH}assert" else f"({test.get('test')})"
                checks.append((f"({nodes}) ! ({lets}if ({fails}) then path(.) else ())", message))
    return checks


def schematron_failures(document: bytes, schema_path: Path) -> list[str]:
    """'path: message' for every assert that fails (or report that fires) on the document."""
    schema = etree.parse(str(schema_path)).getroot()
    processor = _processor()
    node: PyXdmNode = processor.parse_xml(xml_text=document.decode("utf-8"))
    xpath = processor.new_xpath_processor()
    xpath.set_language_version("3.1")
    for ns in schema.iterfind(f"{SCH}ns"):
        xpath.declare_namespace(ns.get("prefix"), ns.get("uri"))
    xpath.set_context(xdm_item=node)
    failures: list[str] = []
    for expression, message in _checks(schema):
        found = xpath.evaluate(expression)
        for item in found or ():
            failures.append(f"{item.string_value}: {message}")
    return failures


def assert_valid_basic(document: bytes) -> None:
    failures = schematron_failures(document, DATA / "TBX-Basic_DCA.sch")
    assert not failures, "\n".join(failures[:20])


def _utf8(path: Path) -> bytes:
    return etree.tostring(etree.parse(str(path)), encoding="UTF-8")


@pytest.mark.parametrize("style", ["DCA", "DCT"])
def test_standard_examples_pass_their_schematron(style: str) -> None:
    example = _utf8(DATA / f"Example_Astronomy_{style}_VALID.tbx")
    assert schematron_failures(example, DATA / f"TBX-Basic_{style}.sch") == []


def test_dct_example_fails_the_dca_rules() -> None:
    failures = schematron_failures(_utf8(DATA / "Example_Astronomy_DCT_VALID.tbx"), DATA / "TBX-Basic_DCA.sch")
    assert any("The style of this dialect should be declared as 'dca'." in failure for failure in failures)


def _broken(data: bytes) -> bytes:
    """Our export made wrong in four ways TBX-Basic's rules (and not its grammar alone) forbid."""
    return (data.replace(b">preferredTerm-admn-sts<", b">favouriteTerm<", 1)
            .replace(b'type="partOfSpeech">noun<', b'type="partOfSpeech">pronoun<', 1)
            .replace(b'type="subjectField"', b'type="subjectArea"', 1)
            .replace(b'style="dca"', b'style="dct"'))


def test_broken_export_fails() -> None:
    from tests.test_tbx import _full

    data = tbx_bytes(_full())
    assert_valid_basic(data)
    failures = schematron_failures(_broken(data), DATA / "TBX-Basic_DCA.sch")
    messages = {failure.split(": ", 1)[1] for failure in failures}
    assert messages == {
        "/administrativeStatus/ type may be: 'admittedTerm-admn-sts' or 'deprecatedTerm-admn-sts' or "
        "'supersededTerm-admn-sts' or 'preferredTerm-admn-sts'",
        "/partOfSpeech/ type may be: 'adjective' or 'noun' or 'other' or 'verb' or 'adverb'",
        "Permitted type value(s): subjectField, context, definition",
        "The style of this dialect should be declared as 'dca'.",
    }, failures


def test_first_matching_rule_of_a_pattern_wins(tmp_path: Path) -> None:
    schema = tmp_path / "s.sch"
    schema.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><pattern>'
        '<rule context="b[@x]"><assert test="@x = \'1\'">x is 1</assert></rule>'
        '<rule context="b"><let name="n" value="string-length(.)"/><assert test="$n = 0">b is empty</assert>'
        '<report test="matches(., \'^\\d+$\')">b is a number</report></rule>'
        "</pattern></schema>", encoding="utf-8")
    failures = schematron_failures(b'<a><b x="1">text</b><b x="2"/><b>42</b></a>', schema)
    assert failures == ["/Q{}a[1]/Q{}b[2]: x is 1", "/Q{}a[1]/Q{}b[3]: b is empty", "/Q{}a[1]/Q{}b[3]: b is a number"]
