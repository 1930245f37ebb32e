"""Safe XML for the formats that are XML (TMX; TBX could share it): the module that owns lxml.

Reading has entity expansion, DTD loading and network access off, and refuses any entity
declaration or reference with its line; writing builds elements and lays them out the same way for
every format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeAlias

from lxml import etree

from translator.errors import InputError

Element: TypeAlias = etree._Element
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Characters XML 1.0 cannot carry at all, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_POSITION = re.compile(r"(?:, line \d+, column \d+)+$")


def parse_xml(data: bytes, name: str, kind: str) -> Element:
    """The root element of an XML document, read safely; InputError with the line if it is not
    well-formed or declares or uses entities. `kind` names the format in messages ("a TMX file")."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as error:
        message = _POSITION.sub("", str(error.msg or "")) or "unreadable"
        raise InputError(f"not well-formed XML: {message}", file=name, line=error.lineno or None) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):  # type: ignore[union-attr]
        raise InputError(f"the file declares entities in its DOCTYPE; {kind} has no need of them, so it is refused",
                         file=name, line=1)
    root = tree.getroot()
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise InputError(f"the file uses the entity '&{node.name};', which is never expanded", file=name,
                             line=line_of(node))
    return root


def line_of(element: Element) -> int | None:
    """The line an element starts on in the file it was read from."""
    line = element.sourceline
    return line if isinstance(line, int) else None


def text_of(element: Element) -> str:
    """All the text inside an element, its children's included."""
    return "".join(str(part) for part in element.itertext())


def not_xml(text: str) -> str | None:
    """The first character of `text` that XML 1.0 cannot hold (a control character, say), or None."""
    found = _NOT_XML.search(text)
    return None if found is None else found.group()


def new_element(tag: str, attributes: Mapping[str, str] | None = None, text: str | None = None) -> Element:
    element = etree.Element(tag, dict(attributes or {}))
    element.text = text
    return element


def add_element(parent: Element, tag: str, attributes: Mapping[str, str] | None = None,
                text: str | None = None) -> Element:
    element = etree.SubElement(parent, tag, dict(attributes or {}))
    element.text = text
    return element


def xml_bytes(root: Element) -> bytes:
    """The document as UTF-8 with an XML declaration, indented by two spaces (text-only elements
    keep their text exactly), ending in a newline."""
    etree.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"
