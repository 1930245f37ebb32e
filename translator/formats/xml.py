"""Safe XML for the formats that are XML (TBX, TMX): the only module that imports lxml.

Reading has entity expansion, DTD loading and network access off, and refuses with its line
whatever could make a parser fetch, expand or include anything (entity declarations and
references, XInclude), as well as empty files, encodings the bytes do not match and control
characters; writing builds elements and lays them out the same way for every format.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, TypeAlias

from translator.errors import InputError

# lxml is imported inside the functions that use it: this module is imported by every command
# that can read a translation memory (status, segment), most of which never parse any XML.
if TYPE_CHECKING:
    from lxml import etree

    Element: TypeAlias = etree._Element

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@lru_cache(maxsize=1)
def _not_xml_pattern() -> re.Pattern[str]:
    """Characters XML 1.0 cannot carry at all, not even as character references (compiled on first
    use: the class spans all of Unicode and takes longer to compile than the rest of the module)."""
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_POSITION = re.compile(r"\s*(?:, line \d+, column \d+)+$")
_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[")
# Larger than any termbase or memory a newsroom exchanges; reading one costs about 20 times its
# size in memory, so the limit keeps an import within an ordinary laptop's means.
MAX_XML_BYTES = 64 * 1024 * 1024


XINCLUDE = "http://www.w3.org/2001/XInclude"


def parse_xml(data: bytes, name: str, kind: str) -> Element:
    """The root element of an XML document, read safely; InputError with the line if it is not
    well-formed, or declares or uses entities or XInclude. `kind` names the format ("a TMX file")."""
    if len(data) > MAX_XML_BYTES:
        raise InputError(f"the file is {len(data) / 1e6:.0f} MB; the limit is {MAX_XML_BYTES / 1e6:.0f} MB "
                         f"(split it, or export fewer locales)", file=name)
    text = _as_text(data)
    if not text.strip("\ufeff\u00ef\u00bb\u00bf \t\r\n"):
        raise InputError("the file is empty", file=name, line=1)
    declared = re.match(r"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)", text.lstrip("\ufeff\u00ef\u00bb\u00bf"))
    encoding = declared.group(1) if declared else "UTF-8"
    if data[:2] in (b"<\x00", b"\x00<"):
        raise InputError("the file is UTF-16 without a byte-order mark, which XML does not allow; "
                         "save it as UTF-8, or as UTF-16 with a byte-order mark", file=name, line=1)
    wide = encoding.lower().replace("-", "").startswith(("utf16", "utf32", "ucs"))
    if wide and (data[:1] == b"<" or data.startswith(codecs.BOM_UTF8)):
        raise InputError(f"the file declares the encoding {encoding}, but its bytes are not {encoding}",
                         file=name, line=1)
    refusal = f"the file declares entities in its DOCTYPE; {kind} has no need of them, so it is refused"
    if "<!ENTITY" in text:  # refused before parsing: nothing is ever expanded
        raise InputError(refusal, file=name, line=text[: text.index("<!ENTITY")].count("\n") + 1)
    subset = _INTERNAL_SUBSET.search(text)
    if subset:  # its attribute defaults would change what the elements say
        raise InputError(f"the file has declarations inside its DOCTYPE (<!DOCTYPE … [ … ]>); {kind} has no "
                         f"need of them, so it is refused", file=name, line=text[: subset.start()].count("\n") + 1)
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as error:
        raise InputError(_syntax_message(str(error.msg or ""), encoding), file=name, line=error.lineno or None) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):  # type: ignore[union-attr]
        raise InputError(refusal, file=name, line=1)
    root = tree.getroot()
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise InputError(f"the file uses the entity '&{node.name};', which is never expanded", file=name,
                             line=line_of(node))
        if isinstance(node.tag, str) and node.tag.startswith(f"{{{XINCLUDE}}}"):
            raise InputError("the file uses XInclude, which is never processed; include the content itself",
                             file=name, line=line_of(node))
    return root


def _syntax_message(message: str, encoding: str) -> str:
    """lxml's message, said plainly where the cause is an encoding or a control character."""
    lowered = message.lower()
    if "unsupported encoding" in lowered:
        return f"the file declares the encoding '{encoding}', which is not one XML parsers know"
    if "encoding" in lowered:
        return f"the bytes are not valid {encoding}, the file's encoding"
    code = re.search(r"char(?:acter)? value (\d+)", lowered) or re.search(r"char 0x([0-9a-f]+) out of allowed range", lowered)
    if code:
        number = int(code.group(1), 16 if "0x" in code.group(0) else 10)
        return f"the file contains the control character U+{number:04X}, which XML does not allow"
    return f"not well-formed XML: {_POSITION.sub('', message).strip() or 'unreadable'}"


def _as_text(data: bytes) -> str:
    """The bytes as text, only to look for declarations before parsing: UTF-16 or UTF-32 by
    their byte-order mark, else Latin-1 (every byte a character, ASCII where XML's syntax is)."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    return data.decode("latin-1")


def line_of(element: Element) -> int | None:
    """The line an element starts on in the file it was read from."""
    line = element.sourceline
    return line if isinstance(line, int) else None


def text_of(element: Element) -> str:
    """All the text inside an element, its children's included."""
    return "".join(str(part) for part in element.itertext())


def not_xml(text: str) -> str | None:
    """The first character of `text` that XML 1.0 cannot hold (a control character, say), or None."""
    found = _not_xml_pattern().search(text)
    return None if found is None else found.group()


def new_element(tag: str, attributes: Mapping[str, str] | None = None, text: str | None = None,
                namespace: str | None = None) -> Element:
    """A root element; `namespace` becomes the document's default namespace."""
    from lxml import etree

    element = etree.Element(tag, dict(attributes or {}), nsmap={None: namespace} if namespace else None)  # type: ignore[dict-item]
    element.text = text
    return element


def add_element(parent: Element, tag: str, attributes: Mapping[str, str] | None = None,
                text: str | None = None) -> Element:
    from lxml import etree

    element = etree.SubElement(parent, tag, dict(attributes or {}))
    element.text = text
    return element


def xml_bytes(root: Element, doctype: str | None = None) -> bytes:
    """The document as UTF-8 with an XML declaration (and `doctype`, a line never resolved),
    indented by two spaces (text-only elements keep their text exactly), ending in a newline."""
    from lxml import etree

    etree.indent(root, space="  ")
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n' + (doctype.encode() + b"\n" if doctype else b"")
    return head + etree.tostring(root, encoding="UTF-8") + b"\n"
