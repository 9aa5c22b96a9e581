"""What to call a person, and whether we know their real name yet (no heavy imports)."""

from __future__ import annotations

import re

# A name that is really a handle: one word mixing letters and digits ("CL72DJ33").
_HANDLE_LIKE = re.compile(r"^@?(?=\S*\d)(?=\S*[^\W\d_])\S+$")


def display_name_of(name: str, handle_values: list[str], emails: list[str]) -> str:
    """The real name, else the first handle, else the first email."""
    if name:
        return name
    if handle_values:
        return handle_values[0]
    return emails[0] if emails else "?"


def is_only_a_handle(name: str, handle_values: list[str]) -> bool:
    """A blank name, a name equal to a handle, or one word of letters and digits."""
    if not name:
        return True
    bare = name.lstrip("@").casefold()
    if any(bare == value.lstrip("@").casefold() for value in handle_values):
        return True
    return bool(_HANDLE_LIKE.match(name))
