"""Text helpers: accent and case folding, tokens, and safe display of untrusted text."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")
# Combining marks of Latin, Greek and Cyrillic accents (and their extensions): what
# NFKD splits off "é" or "ñ". A regex over these blocks is much faster than asking
# unicodedata.combining() about each character, and search folds every person.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# C0 controls, DEL and C1 controls: anything a terminal may act on instead of showing.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Bidi overrides and isolates can make text display in an order it is not stored in.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def fold(text: str) -> str:
    """Lower-case `text` and strip accents, so "Núñez" and "NUNEZ" compare equal.

    Letters that do not decompose (ø, ł, đ) are kept: they are not accents.
    """
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def tokens(text: str) -> list[str]:
    """Folded words of `text`."""
    return _WORD.findall(fold(text))


def digits(text: str) -> str:
    """Only the digits of `text`: phone numbers compare without spaces or dashes."""
    return "".join(ch for ch in text if ch.isdigit())


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures" block: ␛, ␇, ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}"


def visible(text: str) -> str:
    """`text` made safe to print to a terminal: control characters become visible symbols.

    An escape sequence in a contact's name ("\\x1b]0;pwned\\x07") must never reach the
    terminal as a command; it is shown as "␛]0;pwned␇" instead.
    """
    text = _CONTROL.sub(_control_picture, text)
    return _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def one_line(text: str) -> str:
    """`text` on one line: newlines and tabs become spaces (for lists and tables)."""
    return visible(" ".join(text.split()))


# A name or title in a notice or a heading: a real name fits (the longest names in
# civil registers run to 60 or 70 characters), a pasted page of text does not fill
# the screen.
SHOWN_CHARS = 80


def clip(text: str, limit: int = SHOWN_CHARS) -> str:
    """`text` cut to `limit` characters, ending with "…" when it was cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


# A terminal's escape sequences as they appear in copied text: CSI (colours, cursor
# moves: ESC [ ... or the 8-bit CSI), OSC (a title, a clipboard write: up to BEL or
# ST, or the end), DCS/SOS/PM/APC (up to ST), and the short ones (ESC 7, ESC ( B...).
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|$)"
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c|$)"
    r"|\x1b(?:[!-/]+[0-~]|[0-~])?"
)
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def pasted(text: str, one_line: bool = False) -> str:
    """Pasted `text` as a field takes it: escape sequences (the colours of text copied
    from a terminal, a title change) removed whole, other control characters dropped,
    tabs as spaces, line ends as newlines; on `one_line`, the lines joined by spaces.

    "\\x1b[31mred\\x1b[0m" is "red": its colour codes are not text anyone meant to type.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL_BUT_NEWLINE.sub("", _ESCAPE_SEQUENCE.sub("", text))
    if one_line:
        return " ".join(line.strip() for line in text.split("\n") if line.strip())
    return text
