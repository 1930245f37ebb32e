"""Line breaking as GNU gettext does it, for a PO writer whose files msgcat leaves unchanged.

gettext wraps strings with libunistring's `ulc_width_linebreaks`: by display columns, at the
line break opportunities of UAX #14 as libunistring 1.0 implements them. That is reimplemented
here, tables included, because no maintained package matches it: uniseg follows the full UAX #14
rules of Unicode 16 and so differs from libunistring 1.0 around quotation marks and brackets (in
two English or Chinese sentences out of three that have them), and wcwidth counts spacing marks
and format characters otherwise. The tests compare it with libunistring itself (through ctypes,
where it is installed) and with msgcat.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from itertools import accumulate


# The line break classes of UAX #14 that libunistring's pair table knows, in its order, less one
# that no character has. OW is an opening bracket of East Asian width, which unlike OP may start a
# line right after a letter or digit; IP is an unassigned code point in an emoji block.
_TABLE_CLASSES = "WJ GL B2 BA BB HY CL CP EX IN NS OP OW QU IS NU PO PR SY AL H2 H3 ID IP JL JV JT HL RI ZJ EB EM".split()
_CLASS_NAMES = _TABLE_CLASSES + ["BK", "CR", "LF", "CM", "ZW", "SP"]
(WJ, GL, B2, BA, BB, HY, CL, CP, EX, IN, NS, OP, OW, QU, IS, NU, PO, PR, SY, AL, H2, H3, ID, IP, JL, JV, JT, HL, RI, ZJ, EB, EM,
 BK, CR, LF, CM, ZW, SP) = range(len(_CLASS_NAMES))
_HL_BA = -1  # a Hebrew letter then a hyphen or break-after: no break next (UAX #14 LB21a)

# libunistring's unilbrk_table: row = class before, column = class after; D: a break is allowed,
# I: only when spaces come between, P: no break.
_PAIRS = [row.split()[1] for row in """
WJ PIIIIIPPPIIIIIPIIIPIIIIIIIIIIIII
GL PIIIIIPPPIIIIIPIIIPIIIIIIIIIIIII
B2 PIPIDIPPPIIDDIPDDDPDDDDDDDDDDDDD
BA PDDIDIPPPIIDDIPDDDPDDDDDDDDDDDDD
BB PIIIIIPPPIIIIIPIIIPIIIIIIIIIIIII
HY PDDIDIPPPIIDDIPIDDPDDDDDDDDDDDDD
CL PIDIDIPPPIPDDIPDIIPDDDDDDDDDDDDD
CP PIDIDIPPPIIDDIPIIIPIDDDDDDDIDIDD
EX PIDIDIPPPIIDDIPDDDPDDDDDDDDDDDDD
IN PIDIDIPPPIIDDIPDDDPDDDDDDDDDDDDD
NS PIDIDIPPPIIDDIPDDDPDDDDDDDDDDDDD
OP PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
OW PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
QU PIIIIIPPPIIPPIPIIIPIIIIIIIIIIIII
IS PIDIDIPPPIIDDIPIDDPDDDDDDDDDDDDD
NU PIDIDIPPPIIIDIPIIIPIDDDDDDDIDIDD
PO PIDIDIPPPIIIIIPIDDPIDDDDDDDIDIDD
PR PIDIDIPPPIIIIIPIDDPIIIIIIIIIDIII
SY PIDIDIPPPIIDDIPIDDPDDDDDDDDIDDDD
AL PIDIDIPPPIIIDIPIIIPIDDDDDDDIDIDD
H2 PIDIDIPPPIIDDIPDIDPDDDDDDIIDDDDD
H3 PIDIDIPPPIIDDIPDIDPDDDDDDDIDDDDD
ID PIDIDIPPPIIDDIPDIDPDDDDDDDDDDDDD
IP PIDIDIPPPIIDDIPDIDPDDDDDDDDDDDDI
JL PIDIDIPPPIIDDIPDIDPDIIDDIIDDDDDD
JV PIDIDIPPPIIDDIPDIDPDDDDDDIIDDDDD
JT PIDIDIPPPIIDDIPDIDPDDDDDDDIDDDDD
HL PIDIDIPPPIIIDIPIIIPIDDDDDDDIDIDD
RI PIDIDIPPPIIDDIPDDDPDDDDDDDDDDDDD
ZJ PIDIDIPPPIIIDIPIIIPIDDIIDDDIDIII
EB PIDIDIPPPIIDDIPDIDPDDDDDDDDDDDDI
EM PIDIDIPPPIIDDIPDIDPDDDDDDDDDDDDD
""".strip().splitlines()]

# Blocks of scripts written without spaces (class SA), which libunistring treats as letters.
_SOUTH_EAST_ASIAN = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x1950, 0x19DF), (0x1A20, 0x1AAF),
                     (0xA9E0, 0xA9FF), (0xAA60, 0xAADF), (0x11700, 0x1174F))
# Unassigned code points that are ideographs (wide) or emoji (class IP) before they are assigned.
_IDEOGRAPHIC_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFD), (0x30000, 0x3FFFD))
_EMOJI_BLOCKS = ((0x1F000, 0x1FAFF), (0x1FC00, 0x1FFFD))


def _within(code: int, blocks: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in blocks)


def _class_by_rule(char: str) -> int:
    """The line break class that the character's Unicode properties suggest."""
    code = ord(char)
    category = unicodedata.category(char)
    if category == "Cn":
        return ID if _within(code, _IDEOGRAPHIC_BLOCKS) else IP if _within(code, _EMOJI_BLOCKS) else AL
    if category[0] in "LM" and _within(code, _SOUTH_EAST_ASIAN):
        return AL
    if category in ("Mn", "Mc", "Me", "Cc", "Cf"):
        return CM
    if category == "Nd":
        return NU
    if 0xAC00 <= code <= 0xD7A3:
        return H2 if (code - 0xAC00) % 28 == 0 else H3
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    simple = {"Ps": OW if wide else OP, "Pe": CL, "Pi": QU, "Pf": QU, "Zs": BA, "Zl": BK, "Zp": BK, "Sc": PR, "Pd": BA}
    if category in simple:
        return simple[category]
    if category == "Lo" and (0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F):
        return HL
    if wide:
        return NS if category == "Lo" and "SMALL" in unicodedata.name(char, "") else ID
    return AL


def _width_by_rule(char: str) -> int:
    """Display columns as the character's Unicode properties suggest (a control counts 0)."""
    code = ord(char)
    category = unicodedata.category(char)
    if category == "Cn":
        return 2 if _within(code, _IDEOGRAPHIC_BLOCKS) else 1
    if category in ("Cc", "Cf") or unicodedata.bidirectional(char) == "NSM" or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _ranges(table: str) -> tuple[list[int], list[int], list[str]]:
    """`FIRST[-LAST]:VALUE` items as sorted starts, ends and values."""
    starts, ends, values = [], [], []
    for item in table.split():
        span, value = item.split(":")
        first, _, last = span.partition("-")
        starts.append(int(first, 16))
        ends.append(int(last or first, 16))
        values.append(value)
    return starts, ends, values


# Where libunistring 1.0 differs from the rules above.
_CLASS_EXCEPTIONS = """
0009:BA 000A:LF 000B-000C:BK 000D:CR 0020:SP 0021:EX 0022:QU 0025:PO 0027:QU 0029:CP 002B:PR
002C:IS 002D:HY 002E:IS 002F:SY 003A-003B:IS 003F:EX 005C:PR 005D:CP 007C:BA 0085:BK 00A0:GL
00A1:OP 00A2:PO 00AD:BA 00B0:PO 00B1:PR 00B4:BB 00BF:OP 02C8:BB 02CC:BB 02DF:BB 034F:GL
035C-0362:GL 037E:IS 0589:IS 05C6:EX 0600-0605:AL 0609-060B:PO 060C-060D:IS 061B:EX 061D-061F:EX
066A:PO 066B-066C:NU 06D4:EX 06DD:AL 070F:AL 07F8:IS 07F9:EX 0890-0891:AL 08E2:AL 0964-0965:BA
09F2-09F3:PO 09F9:PO 0C77:BB 0C84:BB 0D79:PO 0E5A-0E5B:BA 0F01-0F04:BB 0F06-0F07:BB 0F08:GL
0F09-0F0A:BB 0F0B:BA 0F0C:GL 0F0D-0F11:EX 0F12:GL 0F14:EX 0F34:BA 0F7F:BA 0F85:BA 0FBE-0FBF:BA
0FD0-0FD1:BB 0FD2:BA 0FD3:BB 0FD9-0FDA:GL 104A-104B:BA 1100-115F:JL 1160-11A7:JV 11A8-11FF:JT
1361:BA 16EB-16ED:BA 1735-1736:BA 17D4-17D5:BA 17D6:NS 17D8:BA 17DA:BA 1802-1803:EX 1804-1805:BA
1806:BB 1808-1809:EX 180E:GL 1944-1945:EX 1A7F:CM 1B5A-1B5B:BA 1B5D-1B60:BA 1B7D-1B7E:BA
1C3B-1C3F:BA 1C7E-1C7F:BA 1FFD:BB 2007:GL 200B:ZW 200D:ZJ 2011:GL 2014:B2 2015:AL 2024-2026:IN
2027:BA 202F:GL 2030-2037:PO 203C-203D:NS 2044:IS 2047-2049:NS 2056:BA 2058-205B:BA 205D-205E:BA
2060:WJ 2061-2064:AL 20A7:PO 20B6:PO 20BB:PO 20BE:PO 20C0:PO 20C1-20CF:PR 2103:PO 2109:PO 2116:PR
2212-2213:PR 22EF:IN 23E9-23EC:AL 23F1-23F2:ID 25FD-25FE:AL 2600-2603:ID 2618:ID 261A-261C:ID
261D:EB 261E-261F:ID 2639-263B:ID 2648-2653:AL 2668:ID 2693:AL 26A1:AL 26AA-26AB:AL 26BF-26C3:ID
26C6-26C8:ID 26CD:ID 26CE:AL 26CF-26D1:ID 26D3:ID 26D8-26D9:ID 26DC:ID 26DF-26E1:ID 26F1:ID 26F4:ID
26F7-26F8:ID 26F9:EB 26FE-2704:ID 2705:AL 2708-2709:ID 270A-270D:EB 2728:AL 274C:AL 274E:AL
2753-2755:AL 2757:AL 275B-2760:QU 2762-2763:EX 2764:ID 2795-2797:AL 27B0:AL 27BF:AL 2B1B-2B1C:AL
2B50:AL 2B55:AL 2CF9:EX 2CFA-2CFC:BA 2CFE:EX 2CFF:BA 2D70:BA 2E00-2E01:QU 2E06-2E08:QU 2E0B:QU
2E0E-2E15:BA 2E18:OP 2E19:BA 2E1A:AL 2E2A-2E2D:BA 2E2E:EX 2E30-2E31:BA 2E33-2E34:BA 2E3A-2E3B:B2
2E3C-2E3E:BA 2E41:BA 2E43-2E4A:BA 2E4C:BA 2E4E-2E4F:BA 2E53-2E54:EX 3001-3002:CL 3005:NS 301C:NS
3030:ID 3035:CM 303B-303C:NS 303F:ID 309B-309E:NS 30A0:NS 30FB-30FE:NS A015:NS A4FE-A4FF:BA A60D:BA
A60E:EX A60F:BA A6F3-A6F7:BA A838:PO A874-A875:BB A876-A877:EX A8CE-A8CF:BA A8FC:BB A92E-A92F:BA
A960-A97C:JL A9C7-A9C9:BA AA5D-AA5F:BA AAF0-AAF1:BA ABEB:BA D7B0-D7C6:JV D7CB-D7FB:JT FDFC:PO
FE10:IS FE11-FE12:CL FE13-FE14:IS FE15-FE16:EX FE19:IN FE31-FE32:ID FE50:CL FE52:CL FE54-FE55:NS
FE56-FE57:EX FE58:ID FE63:ID FE6A:PO FEFF:WJ FF01:EX FF05:PO FF0C:CL FF0D:ID FF0E:CL FF10-FF19:ID
FF1A-FF1B:NS FF1F:EX FF61:CL FF62:OW FF64:CL FF65:NS FF66:ID FF67-FF70:NS FF71-FF9D:ID FF9E-FF9F:NS
FFA0-FFBE:ID FFC2-FFC7:ID FFCA-FFCF:ID FFD2-FFD7:ID FFDA-FFDC:ID FFE0:PO FFFC:ID 10100-10102:BA
1039F:BA 103D0:BA 10857:BA 1091F:BA 10A50-10A57:BA 10AF0-10AF5:BA 10AF6:IN 10B39-10B3F:BA
11047-11048:BA 110BD:AL 110BE-110C1:BA 110CD:AL 11140-11143:BA 11175:BB 111C5-111C6:BA 111C8:BA
111DB:BB 111DD-111DF:BA 11238-11239:BA 1123B-1123C:BA 112A9:BA 1144B-1144E:BA 1145A-1145B:BA
115C1:BB 115C2-115C3:BA 115C4-115C5:EX 115C9-115D7:BA 11641-11642:BA 11660-1166C:BB 1173C-1173E:BA
11944-11946:BA 119E2:BB 11A3F:BB 11A41-11A44:BA 11A45:BB 11A9A-11A9C:BA 11A9E-11AA0:BB
11AA1-11AA2:BA 11C41-11C45:BA 11C70:BB 11C71:EX 11FDD-11FE0:PO 11FFF:BA 12470-12474:BA
13258-1325A:OP 1325B-1325D:CL 13282:CL 13286:OP 13287:CL 13288:OP 13289:CL 13379:OP 1337A-1337B:CL
13430-13436:GL 13437:OP 13438:CL 145CE:OP 145CF:CL 16A6E-16A6F:BA 16AF5:BA 16B37-16B39:BA 16B44:BA
16E97-16E98:BA 16FE0-16FE3:NS 16FE4:GL 18B00-18CD5:AL 1AFF0-1AFF3:AL 1AFF5-1AFFB:AL 1AFFD-1AFFE:AL
1BC9F:BA 1DA87-1DA8A:BA 1E95E-1E95F:OP 1ECAC:PO 1ECB0:PO 1F000-1F003:ID 1F005-1F02B:ID
1F030-1F093:ID 1F0A0-1F0AE:ID 1F0B1-1F0BF:ID 1F0C1-1F0CE:ID 1F0D1-1F0F5:ID 1F10D-1F10F:ID
1F16D-1F16F:ID 1F18E:AL 1F191-1F19A:AL 1F1AD:ID 1F1E6-1F1FF:RI 1F321-1F32C:ID 1F336:ID 1F37D:ID
1F385:EB 1F394-1F39B:ID 1F39E-1F39F:ID 1F3B5-1F3B6:AL 1F3BC:AL 1F3C2-1F3C4:EB 1F3C7:EB
1F3CA-1F3CC:EB 1F3CD-1F3CE:ID 1F3D4-1F3DF:ID 1F3F1-1F3F3:ID 1F3F5-1F3F7:ID 1F3FB-1F3FF:EM 1F43F:ID
1F441:ID 1F442-1F443:EB 1F446-1F450:EB 1F466-1F478:EB 1F47C:EB 1F481-1F483:EB 1F485-1F487:EB
1F48F:EB 1F491:EB 1F4A0:AL 1F4A2:AL 1F4A4:AL 1F4AA:EB 1F4AF:AL 1F4B1-1F4B2:AL 1F4FD-1F4FE:ID
1F500-1F506:AL 1F517-1F524:AL 1F532-1F53D:AL 1F54A:ID 1F54F:ID 1F568-1F573:ID 1F574-1F575:EB
1F576-1F579:ID 1F57A:EB 1F57B-1F58F:ID 1F590:EB 1F591-1F594:ID 1F595-1F596:EB 1F597-1F5A3:ID
1F5A5-1F5D3:ID 1F5DC-1F5F3:ID 1F5FA:ID 1F645-1F647:EB 1F64B-1F64F:EB 1F676-1F678:QU 1F679-1F67B:NS
1F6A3:EB 1F6B4-1F6B6:EB 1F6C0:EB 1F6C6-1F6CB:ID 1F6CC:EB 1F6CD-1F6CF:ID 1F6D3-1F6D4:ID
1F6E0-1F6EA:ID 1F6F0-1F6F3:ID 1F7D5-1F7D8:ID 1F8B0-1F8B1:ID 1F90C:EB 1F90F:EB 1F918-1F91F:EB
1F926:EB 1F930-1F939:EB 1F93B:ID 1F93C-1F93E:EB 1F946:ID 1F977:EB 1F9B5-1F9B6:EB 1F9B8-1F9B9:EB
1F9BB:EB 1F9CD-1F9CF:EB 1F9D1-1F9DD:EB 1FA60-1FA6D:ID 1FAC3-1FAC5:EB 1FAF0-1FAF6:EB
"""
_WIDTH_EXCEPTIONS = """
2E9A:2 2EF4-2EFF:2 2FD6-2FEF:2 2FFC-2FFF:2 3040:2 3097-3098:2 3100-3104:2 3130:2 318F:2 31E4-31EF:2
321F:2 A48D-A48F:2 A4C7-A4CF:2 FE1A-FE1F:2 FE53:2 FE67:2 FE6C-FE6F:2 FF00:2 1F203-1F20F:2
1F23C-1F23F:2 1F249-1F24F:2 1F252-1F25F:2 1F266-1F2FF:2 2FFFE-2FFFF:2 3FFFE-3FFFF:2
"""
_CLASS_STARTS, _CLASS_ENDS, _CLASS_VALUES = _ranges(_CLASS_EXCEPTIONS)
_WIDTH_STARTS, _WIDTH_ENDS, _WIDTH_VALUES = _ranges(_WIDTH_EXCEPTIONS)


def _line_break_class(char: str) -> int:
    code = ord(char)
    at = bisect.bisect_right(_CLASS_STARTS, code) - 1
    if at >= 0 and code <= _CLASS_ENDS[at]:
        return _CLASS_NAMES.index(_CLASS_VALUES[at])
    return _class_by_rule(char)


def _column_width(char: str) -> int:
    code = ord(char)
    at = bisect.bisect_right(_WIDTH_STARTS, code) - 1
    if at >= 0 and code <= _WIDTH_ENDS[at]:
        return int(_WIDTH_VALUES[at])
    return _width_by_rule(char)


class _Classes(dict[str, int]):
    """Character -> line break class, computed on first use."""

    def __missing__(self, char: str) -> int:
        value = self[char] = _line_break_class(char)
        return value


class _Widths(dict[str, int]):
    """Character -> display width, computed on first use."""

    def __missing__(self, char: str) -> int:
        value = self[char] = _column_width(char)
        return value


_CLASSES, _WIDTHS = _Classes(), _Widths()


def columns(text: str) -> int:
    """The display width of text as gettext counts it: wide characters 2, marks 0."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


_NO, _YES, _MANDATORY = 0, 1, 2
# ASCII letters and digits (classes AL and NU) never allow a break between two of them, and
# always one after spaces: English text is taken a word at a time.
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_MORE_LETTERS = re.compile(r"[A-Za-z0-9]+")
_SPACED_WORD = re.compile(r"( +)([A-Za-z0-9]+)")
# Likewise ideographs and kana (class ID, two columns) after one of them: a break before each.
_IDEOGRAPHIC = "[%s\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]" % "".join(
    char for char in map(chr, range(0x3041, 0x3100)) if _line_break_class(char) == ID and _column_width(char) == 2)
_IDEOGRAPHS = re.compile(_IDEOGRAPHIC + "+")
# A string too wide for its first line that has one of these (and no line separator, after which
# the columns count from 0 again) breaks somewhere: spaces then a letter after a letter, a digit
# or punctuation that ends a phrase (the pair is I, a break after spaces), or two ideographs (D).
SURE_BREAK = re.compile(r"[A-Za-z0-9.,;:!?%%] +[A-Za-z0-9]|%s{2}" % _IDEOGRAPHIC)
LINE_SEPARATOR = re.compile("[\x85\u2028\u2029]")


# Where every character's break opportunity depends only on the class of the character before it
# (spaces aside) and on escapes, the lines can be found one at a time: the last opportunity that
# fits on the line is looked for backwards from where the line is full, a few characters for
# English or Chinese, instead of walking every character of the string.
_CONTEXTUAL = frozenset((BK, CR, LF, CM, ZJ, ZW, RI, HL))  # classes that look further back or ahead
_ASCII_CONTEXTUAL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")  # the ASCII characters of those classes


class _Simple(dict[str, bool]):
    """Character -> whether its class is one that the per-line search knows."""

    def __missing__(self, char: str) -> bool:
        value = self[char] = _CLASSES[char] not in _CONTEXTUAL
        return value


_SIMPLE = _Simple()


# Blocks of simple characters only, most of what Latin, Japanese, Chinese and Korean text is
# written with (the tests check each code point): such text needs no look at each character.
_SIMPLE_BLOCKS = re.compile("[\t -~\u00a0-\u02ff\u2010-\u2027\u2030-\u205f\u2e80-\u2fdf\u3000-\u3029\u3030-\u3034"
                            "\u3036-\u303f\u3041-\u3096\u309b-\u30ff\u3100-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                            "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff01-\uffdc]*")


def _is_simple(text: str) -> bool:
    if text.isascii():
        return _ASCII_CONTEXTUAL.search(text) is None
    return _SIMPLE_BLOCKS.fullmatch(text) is not None or all(map(_SIMPLE.__getitem__, set(text)))


def _opportunity(text: str, index: int, keep: int) -> bool:
    """Whether a line may begin at `index` of a text of simple characters (see `_is_simple`)."""
    classes = _CLASSES
    kind = classes[text[index]]
    if kind == SP or index == keep:
        return False
    before = index - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    if before < 0:
        return False  # nothing but spaces before: the start of the text
    if text[index - 1] == "\\":
        backslash = index - 1
        while backslash >= 0 and text[backslash] == "\\":
            backslash -= 1
        if (index - backslash) % 2 == 0:
            return False  # the second character of an escape sequence
    rule = _PAIRS[classes[text[before]]][kind]
    return rule == "D" or rule == "I" and before < index - 1


def _simple_breaks(text: str, start: int, limit: int, newline: bool, any_break: bool) -> list[int]:
    """`line_breaks` of a text of simple characters, a line at a time: a line that begins at
    `line` ends at the last opportunity where its columns still fit, or at the first one after
    `line` if none does; the last line is the one the rest of the text fits on."""
    size = len(text)
    keep = size - 2 if newline else -1
    # The columns before each index; None where each character takes one (ASCII but a tab).
    ends = None if text.isascii() and "\t" not in text else list(accumulate(map(_WIDTHS.__getitem__, text), initial=0))
    found: list[int] = []
    line, column = 0, start
    while True:
        if ends is None:
            if column + size - line <= limit:
                return found
            full = min(line + limit - column, size - 1)  # the last index whose columns before it fit
        else:
            if column + ends[size] - ends[line] <= limit:
                return found
            full = min(bisect.bisect_right(ends, limit - column + ends[line]) - 1, size - 1)
        at = full
        while at > line and not _opportunity(text, at, keep):
            at -= 1
        if at <= line:
            at = max(full, line) + 1
            while at < size and not _opportunity(text, at, keep):
                at += 1
            if at >= size:
                return found
        found.append(at)
        if any_break:
            return found
        line, column = at, 0


def line_breaks(text: str, start: int, limit: int, newline: bool, any_break: bool = False) -> list[int]:
    """Where gettext ends the lines of one escaped piece of a string: the indexes of `text`
    that start a new line, for a first line that begins at column `start` and lines of at most
    `limit` columns. `newline`: the piece ends with the \\n escape, which stays on its line.
    `any_break`: stop at the first break (all that matters for the first line).

    What u8_possible_linebreaks() (the break opportunities) and then u8_width_linebreaks() (the
    greedy fill) do in libunistring 1.0: a line at a time where that is the same, else in one pass."""
    if _is_simple(text):
        return _simple_breaks(text, start, limit, newline, any_break)
    return _walked_breaks(text, start, limit, newline, any_break)


def _walked_breaks(text: str, start: int, limit: int, newline: bool, any_break: bool) -> list[int]:
    """`line_breaks` of any text, in one pass over its characters (words and runs of ideographs at
    once)."""
    classes, widths, pairs, letters = _CLASSES, _WIDTHS, _PAIRS, _LETTERS
    more_letters, spaced_word, ideographs = _MORE_LETTERS.match, _SPACED_WORD.match, _IDEOGRAPHS.match
    found: list[int] = []
    before = last = BK  # the class before, and the last one that is not a space or a mark
    spaces = False  # spaces since `last`
    regional = 0  # regional indicators just before
    second = False  # at the second character of an escape sequence
    keep = len(text) - 2 if newline else -1  # the backslash of a final \n
    piece_start = -1  # where the current piece (the text since the last opportunity) begins
    column = start  # where it begins
    piece = 0  # its width
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        kind = classes[char]
        if kind == BK or kind == CR or kind == LF:
            allowed = _MANDATORY
            before = kind
            last = BK
            spaces = False
        else:
            if kind == SP:
                allowed = _NO
                spaces = True
            elif kind == ZW:
                allowed = _NO
                last = ZW
                spaces = False
            elif kind == CM or kind == ZJ:
                if last == BK:
                    allowed = _NO
                    last = AL
                    spaces = False
                elif last == ZW or spaces:
                    allowed = _YES
                    last = AL
                    spaces = False
                else:
                    allowed = _NO
            else:
                if last == BK:
                    allowed = _NO
                elif last == ZW:
                    allowed = _YES
                elif before == ZJ:
                    allowed = _NO
                elif last == RI and kind == RI:
                    allowed = _YES if spaces or regional % 2 == 0 else _NO
                elif before == _HL_BA:
                    allowed = _NO
                else:
                    rule = pairs[last][kind]
                    allowed = _YES if rule == "D" or (rule == "I" and spaces) else _NO
                last = kind
                spaces = False
            before = _HL_BA if before == HL and (kind == HY or kind == BA) else kind
        regional = regional + 1 if kind == RI else 0
        if second:
            allowed = _NO
            second = False
        elif char == "\\":
            second = True
        if index == keep:
            allowed = _NO
        if allowed:
            if piece_start >= 0 and column + piece > limit:
                found.append(piece_start)
                if any_break:
                    return found
                column = 0
            if allowed == _MANDATORY:
                piece_start = -1
                column = piece = 0
                index += 1
                continue
            piece_start = index
            column += piece
            piece = 0
        piece += widths[char]
        index += 1
        if char in letters:
            # The rest of the word, then each word after spaces, in one step each: letters and
            # digits take a column each, and allow a break between them only after spaces.
            if (run := more_letters(text, index)) is not None:
                index = run.end()
                piece += index - run.start()
            while (word := spaced_word(text, index)) is not None:
                at = word.start(2)
                piece += at - index
                if piece_start >= 0 and column + piece > limit:
                    found.append(piece_start)
                    if any_break:
                        return found
                    column = 0
                piece_start = at
                column += piece
                index = word.end()
                piece = index - at
            before = last = classes[text[index - 1]]
        elif kind == ID and (run := ideographs(text, index)) is not None:
            # More ideographs and kana: a break allowed before each, two columns each.
            for at in range(index, run.end()):
                if piece_start >= 0 and column + piece > limit:
                    found.append(piece_start)
                    if any_break:
                        return found
                    column = 0
                piece_start = at
                column += piece
                piece = 2
            index = run.end()
    if piece_start >= 0 and column + piece > limit:
        found.append(piece_start)
    return found
