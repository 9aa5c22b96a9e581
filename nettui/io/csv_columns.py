"""Which column of a contacts CSV holds what: worked out once per file from its header.

Google (current and older layouts), Outlook, LinkedIn and any file with a name column
are told apart by their header names (see csv.py); this module maps each header to the
part of a person it fills. Classifying once per file, not once per cell, keeps 10,000
rows well under a second.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from nettui.domain.text import fold

MULTI = " ::: "  # Google puts several values in one cell with this
NETTUI_CARD = "nettui card"  # the custom field holding, as JSON, what no column holds
OUTLOOK = "Outlook"


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    header: str
    what: str  # "given", "email", "address", "keep"...
    group: str = ""  # the number of a numbered group ("1"), or Outlook's "business"
    part: str = ""  # "label", "value", "street"...


_SIMPLE = {
    "first name": "given",
    "given name": "given",
    "middle name": "additional",
    "additional name": "additional",
    "last name": "family",
    "family name": "family",
    "name": "full",
    "name prefix": "prefix",
    "name suffix": "suffix",
    "suffix": "suffix",
    "nickname": "nickname",
    "birthday": "birthday",
    "anniversary": "anniversary",
    "notes": "notes",
    "note": "notes",
    "labels": "tags",
    "group membership": "tags",
    "categories": "tags",
    "company": "company",
    "organization name": "company",
    "position": "role",
    "job title": "role",
    "organization title": "role",
    "department": "department",
    "organization department": "department",
    "url": "profile",  # LinkedIn: the connection's own profile
    "profile url": "profile",
    "connected on": "connected",
    "location": "location",
    "photo": "photo",
    "phonetic first name": "phonetic",
    "phonetic middle name": "phonetic",
    "phonetic last name": "phonetic",
}

# Words of a label or a column name that are vCard TYPEs of a phone, email or address.
TYPE_WORDS = {
    "mobile": "cell",
    "cell": "cell",
    "work": "work",
    "business": "work",
    "home": "home",
    "fax": "fax",
    "pager": "pager",
    "car": "car",
    "isdn": "isdn",
    "voice": "voice",
    "video": "video",
    "text": "text",
    "tty/tdd": "textphone",
    "primary": "pref",
}

# Outlook's phone columns whose name says all their TYPEs say: no label is kept.
_OUTLOOK_PLAIN_PHONES = {
    "business phone",
    "business phone 2",
    "home phone",
    "home phone 2",
    "mobile phone",
    "business fax",
    "home fax",
    "pager",
    "car phone",
    "isdn",
}
_OUTLOOK_ADDRESS = re.compile(
    r"^(business|home|other) (street 2|street 3|street|city|state|postal code|"
    r"country/region|country|po box|p\.o\. box)$"
)
_OUTLOOK_PARTS = {
    "street 2": "extended",
    "street 3": "extended",
    "state": "region",
    "country/region": "country",
    "po box": "po box",
    "p.o. box": "po box",
}
_NUMBERED = re.compile(r"^(.*?) (\d+) - (.+)$")
_GROUPS = {
    "e-mail": "email",
    "email": "email",
    "phone": "phone",
    "address": "address",
    "website": "website",
    "event": "event",
    "relation": "relation",
    "organization": "org",
    "custom field": "custom",
    "im": "im",
}
_GROUP_PARTS = {
    "email": {"label", "type", "value"},
    "phone": {"label", "type", "value"},
    "website": {"label", "type", "value"},
    "event": {"label", "type", "value"},
    "relation": {"label", "type", "value"},
    "custom": {"label", "type", "value"},
    "im": {"label", "type", "service", "value"},
    "org": {"name", "title", "department"},
    "address": {
        "label",
        "type",
        "formatted",
        "street",
        "city",
        "po box",
        "region",
        "postal code",
        "country",
        "extended address",
    },
}


def classify(index: int, header: str, kind: str) -> Column:
    key = fold(header).strip()
    simple = _SIMPLE.get(key)
    if key == "title":  # Outlook's Title is Mr./Dr.; elsewhere a job title
        simple = "prefix" if kind == OUTLOOK else "role"
    if simple:
        return Column(index, header, simple)
    numbered = _NUMBERED.match(key)
    if numbered and numbered.group(1) in _GROUPS:
        what = _GROUPS[numbered.group(1)]
        part = numbered.group(3)
        if part in _GROUP_PARTS[what]:
            return Column(index, header, what, numbered.group(2), part)
        return Column(index, header, "keep")
    outlook_email = re.match(r"^e-mail(?: (\d))? address$", key)
    if outlook_email or key in ("email address", "email", "e-mail"):
        number = (outlook_email and outlook_email.group(1)) or "1"
        return Column(index, header, "email", number, "value")
    if key in ("web page", "personal web page", "website", "web site"):
        return Column(index, header, "website", key, "value")
    address = _OUTLOOK_ADDRESS.match(key)
    if address:
        part = address.group(2)
        return Column(index, header, "address", address.group(1), _OUTLOOK_PARTS.get(part, part))
    if key in _OUTLOOK_PLAIN_PHONES or any(w in key for w in ("phone", "mobile", "fax")):
        return Column(index, header, "phone", key, "value")
    if key in ("telex", "callback", "assistant's phone"):
        return Column(index, header, "phone", key, "value")
    return Column(index, header, "keep")


def columns_of(headers: Sequence[str], kind: str) -> list[Column]:
    return [classify(i, h, kind) for i, h in enumerate(headers)]  # one a cell, in order


def types_of(label: str) -> list[str]:
    """The vCard TYPEs a label or an Outlook column name says: "Work Fax" -> work, fax.
    Google marks the primary value with "* "."""
    return list(_types_of(label))


@functools.lru_cache(maxsize=1024)  # a file has few labels, said on every row
def _types_of(label: str) -> tuple[str, ...]:
    words = fold(label).replace("'s", "").split()
    types = ["pref"] if label.startswith("*") else []
    types += [TYPE_WORDS[w] for w in words if w in TYPE_WORDS]
    return tuple(dict.fromkeys(types))


def outlook_phone_label(key: str) -> str:
    """The label an Outlook phone column gives its number, when its TYPEs do not say all."""
    return "" if key in _OUTLOOK_PLAIN_PHONES else key.title().replace("'S", "'s")


def vcard_text(value: str) -> str:
    """A text as a vCard value holds it (a kept property's value is stored escaped)."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def plain_text(value: str) -> str:
    """The text of a vCard-escaped value (the inverse of `vcard_text`)."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value, flags=re.S)


def property_name(header: str) -> str:
    """ "E-mail Display Name" -> X-CSV-E-MAIL-DISPLAY-NAME: the kept property of a column."""
    word = re.sub(r"[^A-Z0-9]+", "-", fold(header).upper()).strip("-")
    return f"X-CSV-{word or 'COLUMN'}"
