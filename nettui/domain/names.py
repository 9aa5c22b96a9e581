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


# The network of a handle that came in as a name: where it belongs is not known yet.
UNKNOWN_NETWORK = "unknown"
# What a handle has and a one-word name has not: a digit or a symbol other than the
# apostrophes, hyphens and dots of names ("O'Brien", "Jean-Luc", "J.R.").
_HANDLE_MARK = re.compile(r"[^\w'’.\-]|[\d_]")


def looks_like_handle(text: str) -> bool:
    """True for a name that is really a handle: one word with letters and digits or
    symbols ("CL72DJ33", "ana_dev", "x.ana99"), or "@" and a name ("@ana"). Not a real
    name ("Ana", "O'Brien", "Jean-Luc"), a number alone, or an email address."""
    text = text.strip()
    if not text or any(c.isspace() for c in text) or "@" in text[1:]:
        return False
    if text.startswith("@"):
        return len(text) > 1
    return any(c.isalpha() for c in text) and bool(_HANDLE_MARK.search(text))


def same_handle(a: str, b: str) -> bool:
    """Two handle values name the same account: "@Ana" and "ana" do."""
    return a.lstrip("@").casefold() == b.lstrip("@").casefold()
