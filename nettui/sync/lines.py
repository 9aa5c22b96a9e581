"""Content lines of a vCard or an iCalendar file, as text: for merging two copies of
one item line by line (resolve.py, events.py)."""

from __future__ import annotations

import re


def unfolded(text: str) -> list[str]:
    """Unfolded content lines (RFC 6350 / 5545: a line starting with a space or a tab
    continues the one before)."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line[:1] in (" ", "\t") and out:
            out[-1] += line[1:]
        elif line:
            out.append(line)
    return out


def property_name(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].upper()
