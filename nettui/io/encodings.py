"""How a contacts file is encoded, when it does not say."""

from __future__ import annotations


def utf16_codec(data: bytes) -> str | None:
    """The UTF-16 codec a file is in (a Windows export), by its byte order mark or by
    the zero bytes of its first ASCII letter; None for any other file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if data[1:2] == b"\x00" and data[:1] != b"\x00":
        return "utf-16-le"
    if data[:1] == b"\x00" and data[1:2] not in (b"", b"\x00"):
        return "utf-16-be"
    return None
