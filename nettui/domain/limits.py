"""How long a one-line field may be: the one place the limits live.

Checked where a person or a meetup is added or changed (the CLI, the app's forms, the
repository under them), only on the fields that change: a record stored before the
limits existed still loads, shows (cut with "…") and can be fixed. Imports cut a value
that is too long and keep it whole in the notes, so nothing of a card is lost (see
`cut_for_import`).

The numbers: 200 for a name or a meetup title holds any real name with its titles
and every family name (the longest in civil registers run to 60 or 70 characters) and
still fits three rows at 80 columns; 300 for what someone does, as LinkedIn's
headlines (220) come in there; 254 for an email, the longest address mail servers
carry (RFC 5321); 50 for a phone, room for an extension and any spacing; 100 for a
tag, a word or two.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from nettui.domain.errors import ValidationError
from nettui.domain.labels import label
from nettui.domain.text import clip
from nettui.i18n import _

MAX_CHARS: dict[str, int] = {
    # a person
    "name": 200,
    "role": 300,
    "company": 200,
    "location": 200,
    "handles": 200,  # each value
    "emails": 254,  # each
    "phones": 50,  # each
    "tags": 100,  # each
    # a meetup or an event
    "title": 200,
    "place": 300,
}


def _values(record: Any, field: str) -> list[str]:
    value = getattr(record, field, None)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [getattr(v, "value", v) for v in value]  # handles: their value


def too_long(record: Any, fields: Collection[str] | None = None) -> tuple[str, str, int] | None:
    """The first (field, value, limit) over its limit, or None."""
    for field, limit in MAX_CHARS.items():
        if fields is not None and field not in fields:
            continue
        for value in _values(record, field):
            if len(value) > limit:
                return field, value, limit
    return None


def check_lengths(record: Any, fields: Collection[str] | None = None) -> None:
    """Raise ValidationError naming the first field (of `fields`, else all) that is
    too long, with its length and the limit."""
    found = too_long(record, fields)
    if found is None:
        return
    field, value, limit = found
    raise ValidationError(
        _("{field}: {length} characters, too long (at most {limit}).").format(
            field=label(field), length=len(value), limit=limit
        )
    )


def cut_for_import(record: Any) -> list[str]:
    """Cut every one-line field over its limit (an import must not fail on one long
    value). Returns one line per value cut, "Field: the whole value", for the notes."""
    kept: list[str] = []
    for field, limit in MAX_CHARS.items():
        value = getattr(record, field, None)
        if isinstance(value, str) and len(value) > limit:
            setattr(record, field, clip(value, limit))
            kept.append(f"{field.capitalize()}: {value}")
        elif isinstance(value, list):
            short = []
            for item in value:
                text = getattr(item, "value", item)
                if isinstance(text, str) and len(text) > limit:
                    kept.append(f"{field.capitalize()}: {text}")
                else:
                    short.append(item)
            setattr(record, field, short)
    return kept
