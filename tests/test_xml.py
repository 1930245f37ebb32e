"""The safe XML reader shared by TBX and TMX: what it refuses, with which line, and what it reads."""

from __future__ import annotations

import codecs

import pytest

from translator.errors import InputError
from translator.formats import xml
from translator.formats.xml import parse_xml


@pytest.mark.parametrize(("data", "message"), [
    (b"<a>x\x00</a>", "f:1: the file contains the control character U+0000, which XML does not allow"),
    (b"<a>\n&#1;</a>", "f:2: the file contains the control character U+0001, which XML does not allow"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ATTLIST tuv xml:lang CDATA "ja">]>\n<tmx/>',
     "f:2: the file has declarations inside its DOCTYPE (<!DOCTYPE … [ … ]>); a TMX file has no need of them, "
     "so it is refused"),
    (b'<!DOCTYPE tbx [\n<!ENTITY a "b">]><tbx/>',
     "f:2: the file declares entities in its DOCTYPE; a TMX file has no need of them, so it is refused"),
    (codecs.BOM_UTF8 + b'<?xml version="1.0" encoding="UTF-16"?><a/>',
     "f:1: the file declares the encoding UTF-16, but its bytes are not UTF-16"),
    (b'<?xml version="1.0" encoding="UTF-16"?><a/>', "f:1: the file declares the encoding UTF-16, but its bytes are not UTF-16"),
    ("<a/>".encode("utf-16-le"), "f:1: the file is UTF-16 without a byte-order mark, which XML does not allow; "
                                 "save it as UTF-8, or as UTF-16 with a byte-order mark"),
    ("<a/>".encode("utf-16-be"), "f:1: the file is UTF-16 without a byte-order mark, which XML does not allow; "
                                 "save it as UTF-8, or as UTF-16 with a byte-order mark"),
    (b'<?xml version="1.0" encoding="x-nothing"?><a/>',
     "f:1: the file declares the encoding 'x-nothing', which is not one XML parsers know"),
    (b'<a xmlns:i="http://www.w3.org/2001/XInclude">\n<i:include href="/etc/passwd"/></a>',
     "f:2: the file uses XInclude, which is never processed; include the content itself"),
    (b"<a><b>", "f:1: not well-formed XML: Premature end of data in tag b line 1"),
    (codecs.BOM_UTF8, "f:1: the file is empty"),
], ids=["nul", "control-reference", "attlist-default", "entity", "utf8-bom-says-utf16", "ascii-says-utf16",
        "utf16le-no-bom", "utf16be-no-bom", "unknown-encoding", "xinclude-other-prefix", "truncated", "bom-only"])
def test_refused_with_the_line(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_xml(data, "f", "a TMX file")
    assert str(raised.value) == message


@pytest.mark.parametrize("data", [
    b'<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n<martif/>',  # the DTD is never loaded
    '<?xml version="1.0" encoding="UTF-16"?><martif/>'.encode("utf-16"),
    codecs.BOM_UTF8 + b'<?xml version="1.0" encoding="UTF-8"?><martif/>',
    b"<!-- a comment --><martif><?pi x?></martif>",
])
def test_ordinary_shapes_are_read(data: bytes) -> None:
    assert parse_xml(data, "f", "a TBX file").tag == "martif"


def test_a_file_over_the_limit_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xml, "MAX_XML_BYTES", 1000)
    with pytest.raises(InputError, match=r"^f: the file is 0 MB; the limit is 0 MB \(split it, or export fewer locales\)$"):
        parse_xml(b"<a>" + b"x" * 1000 + b"</a>", "f", "a TMX file")
