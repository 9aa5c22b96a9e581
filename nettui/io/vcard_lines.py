"""vCard's content lines, below the meaning of any property: unfolding, parsing a line
into group, name, parameters and value, quoted-printable, escaping, and folding.

The reader (vcard.py) and the writer (vcard_write.py) share this layer, so a value read
and written back is escaped and folded by the same rules it was read with.
"""

from __future__ import annotations

import binascii
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass

from nettui.domain.card import PROPERTY_NAME
from nettui.i18n import _
from nettui.io.encodings import utf16_codec


class VCardError(ValueError):
    """A card that cannot be read; the message names the line."""


@dataclass
class ContentLine:
    line: int  # where it starts in the file (1-based)
    group: str  # as written ("item1"); compared upper-cased
    name: str  # upper-cased
    params: dict[str, list[str]]  # by upper-case name
    value: str  # raw, still escaped and encoded


_CHARSET = re.compile(rb";CHARSET=\"?([A-Za-z0-9_.:-]+)", re.I)
_LINE_ENDS = re.compile(rb"(\r*\n|\r)")


def file_text(data: bytes) -> str:
    """A file's text. UTF-16 (a Windows export) by its byte order mark; UTF-8 when it is
    valid UTF-8; else each line by its CHARSET, or Windows-1252, as Outlook writes 8-bit
    text (a quoted-printable value is ASCII here, decoded by its CHARSET later)."""
    codec = utf16_codec(data)
    if codec:
        return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    out = []
    for line in _LINE_ENDS.split(data):
        charset = _CHARSET.search(line.split(b":", 1)[0]) if b";" in line else None
        try:
            out.append(line.decode(charset.group(1).decode() if charset else "cp1252"))
        except (LookupError, UnicodeDecodeError):
            out.append(line.decode("cp1252", errors="replace"))
    return "".join(out)


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfold: join folded lines (CRLF + space/tab) and quoted-printable soft breaks."""
    # CR CR LF (an iPhone export passed through a converter) is one line break too.
    physical = re.split(r"\r*\n|\r", text)
    current: str | None = None
    start = 0
    for number, line in enumerate(physical, start=1):
        if current is not None and line[:1] in (" ", "\t"):
            current += line[1:]
            continue
        if current is not None and current.endswith("=") and _is_quoted_printable(current):
            current = current[:-1] + line  # a soft line break of vCard 2.1
            continue
        if current is not None and current.strip():
            yield start, current
        current, start = line, number
    if current is not None and current.strip():
        yield start, current


def _is_quoted_printable(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


# [group.]NAME[;params]:value; a parameter value may be quoted and hold ":" or ";".
_N = PROPERTY_NAME.pattern
_CONTENT_LINE = re.compile(rf"^((?:{_N}\.)?)({_N})((?:;(?:[^:\"]|\"[^\"]*\")*)?):(.*)$", re.S)
_PARAM = re.compile(r';([^;:=]+)(?:=((?:"[^"]*"|[^;:])*))?')
_PARAM_VALUES = re.compile(r'"[^"]*"|[^,]+')
_BARE_ENCODINGS = ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT")

_NAME = PROPERTY_NAME  # the store keeps what is read: one rule (card.py)


def parse_line(number: int, line: str) -> ContentLine:
    head, colon, value = line.partition(":")
    if colon and '"' not in head:  # the common case, without the full expression
        name, *raw_params = head.split(";")
        group, _dot, name = name.rpartition(".")
        if _NAME.fullmatch(name) and (not group or _NAME.fullmatch(group)):
            pairs = [(k, v) for k, _eq, v in (p.partition("=") for p in raw_params)]
            return ContentLine(number, group, name.upper(), _params(pairs), value)
    match = _CONTENT_LINE.match(line)
    if not match:
        raise VCardError(
            _("line {n}: not a vCard line (no NAME:value): {text!r}").format(
                n=number, text=line[:40]
            )
        )
    group, name, quoted, rest = match.groups()
    found = _PARAM.findall(quoted) if quoted else []
    return ContentLine(number, group.rstrip("."), name.upper(), _params(found), rest)


def _params(raw_params: list[tuple[str, str]]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, raw in raw_params:
        key = key.strip().upper()
        if raw == "":
            # vCard 2.1 bare parameters: TEL;CELL;VOICE means TYPE=CELL,VOICE
            if key in _BARE_ENCODINGS:
                params.setdefault("ENCODING", []).append(key)
            elif key:
                params.setdefault("TYPE", []).append(key)
            continue
        values = [v.strip('"') for v in _PARAM_VALUES.findall(raw)]
        if key == "TYPE":  # TYPE="voice,cell" is two types
            values = [t for v in values for t in v.split(",") if t]
        params.setdefault(key, []).extend(values)
    return params


def is_quoted_printable(line: ContentLine) -> bool:
    if "ENCODING" not in line.params:
        return False
    return any(e.upper() == "QUOTED-PRINTABLE" for e in line.params.get("ENCODING", []))


_BROKEN_ESCAPE = re.compile(r"=(?![0-9A-Fa-f]{2})")


def decode(line: ContentLine) -> tuple[str, bool]:
    """The value as text, quoted-printable decoded with its charset; and whether it
    decoded cleanly (False: a broken byte, replaced)."""
    if not is_quoted_printable(line):
        return line.value, True
    charset = (line.params.get("CHARSET") or ["UTF-8"])[0]
    # quopri leaves a broken escape ("=G1", a lone "=E") as it is: look for one first.
    clean = _BROKEN_ESCAPE.search(line.value) is None
    try:
        raw = quopri.decodestring(line.value.encode("latin-1", "replace"))
    except (binascii.Error, ValueError):
        return line.value, False
    # Outlook and Lotus write a line break as =0D=0A: one new line, as vCard's \n is.
    try:
        text, ok = raw.decode(charset), clean
    except (LookupError, UnicodeDecodeError):
        text, ok = raw.decode("utf-8", "replace"), False
    return text.replace("\r\n", "\n").replace("\r", "\n"), ok


_ESCAPED = re.compile(r"\\([nN,;:\\])")


def unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def split_escaped(text: str, separator: str = ";") -> list[str]:
    """Split on unescaped separators, keeping each part escaped."""
    parts, current, i = [], [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    parts.append("".join(current))
    return parts


def components(text: str, separator: str = ";") -> list[str]:
    """Split on unescaped separators, then unescape each part."""
    if "\\" not in text:
        return [p.strip() for p in text.split(separator)]
    return [unescape(p).strip() for p in split_escaped(text, separator)]


def escape(text: str) -> str:
    # A CR (Outlook's quoted-printable =0D=0A) has no escape: written raw, it broke the
    # line for every reader. CR LF and a lone CR are a new line, as LF is.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def newlines_escaped(value: str) -> str:
    """A raw value (a kept property's) whose decoded quoted-printable held line breaks:
    written as vCard's \\n, the one form every reader takes."""
    if "\n" not in value and "\r" not in value:
        return value
    return re.sub(r"\r\n|\r|\n", r"\\n", value)


def param_value(value: str) -> str:
    """Quoted when it holds what would end it (RFC 6350 3.3)."""
    value = value.replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'"{value}"' if any(c in value for c in ",;:") else value


def content_line(name: str, value: str, params: dict[str, list[str]], group: str = "") -> str:
    """`group.NAME;PARAM=a,b:value`, the value already escaped."""
    head = f"{group}.{name}" if group else name
    for key, values in params.items():
        head += f";{key}=" + ",".join(param_value(v) for v in values) if values else f";{key}"
    return f"{head}:{value}"


def fold(line: str) -> str:
    """Fold at 75 octets (RFC 6350 3.2), never inside a UTF-8 character."""
    if len(line) <= 75 and (line.isascii() or len(line.encode()) <= 75):
        return line
    if line.isascii():
        chunks = [line[:75]] + [" " + line[i : i + 74] for i in range(75, len(line), 74)]
        return "\r\n".join(chunks)
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            out.append(current)
            current, size = " " + char, 1 + width
        else:
            current += char
            size += width
    out.append(current)
    return "\r\n".join(out)
