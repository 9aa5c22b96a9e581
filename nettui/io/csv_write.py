"""nettui's CSV export: Google's current column layout, so Google and others read it,
plus nettui's own fields as Google custom fields (About, Goals, Handles, UIDs...).

What Google's columns cannot say exactly (a phone's TYPEs beyond its label, N's parts
when the name was never split, kept vCard properties, more organisations...) goes, as
JSON, into one custom field, "Nettui Card": each row is read back as it is written,
and the fields that would come back different are put there. So a CSV export read by
nettui gives back every field but the photo (a file beside the store).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, is_dataclass
from typing import Any

from nettui.domain.card import TypedField, TypedValue, typed_of
from nettui.domain.models import Person, ValidationError
from nettui.io.csv_columns import MULTI, NETTUI_CARD, Column, columns_of, plain_text
from nettui.io.csv_row import CARRIED, CUSTOM, person_of

_NAMES = ["First Name", "Middle Name", "Last Name"]
_PHONETIC = ["Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name"]
_FIXED = [
    *_NAMES,
    *_PHONETIC,
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
]
_ADDRESS_PARTS = [
    "Formatted",
    "Street",
    "City",
    "PO Box",
    "Region",
    "Postal Code",
    "Country",
    "Extended Address",
]
_CUSTOMS = [*CUSTOM, NETTUI_CARD]
_LABEL_WORDS = [("work", "Work"), ("home", "Home"), ("cell", "Mobile"), ("fax", "Fax")]
_LABEL_WORDS += [("pager", "Pager")]


def _label(typed: TypedValue | None, types: list[str] | None = None) -> str:
    """Google's label of a value: its own, else one its TYPEs make ("Work Fax");
    "* " marks the preferred one, as Google does."""
    types = typed.types if typed else (types or [])
    label = typed.label if typed and typed.label else ""
    if not label:
        label = " ".join(word for kind, word in _LABEL_WORDS if kind in types)
    return f"* {label}" if "pref" in types else label


def _widths(people: list[Person]) -> dict[str, int]:
    """How many numbered groups of each kind: as many as the person with most needs."""
    return {
        name: max(max((len(getattr(p, name)) for p in people), default=1), 1)
        for name in ("emails", "phones", "addresses", "urls")
    }


def _header(widths: dict[str, int]) -> list[str]:
    emails, phones, addresses, sites = (
        widths[n] for n in ("emails", "phones", "addresses", "urls")
    )
    header = list(_FIXED)
    for n in range(1, emails + 1):
        header += [f"E-mail {n} - Label", f"E-mail {n} - Value"]
    for n in range(1, phones + 1):
        header += [f"Phone {n} - Label", f"Phone {n} - Value"]
    for n in range(1, addresses + 1):
        header += [f"Address {n} - Label", *(f"Address {n} - {p}" for p in _ADDRESS_PARTS)]
    for n in range(1, sites + 1):
        header += [f"Website {n} - Label", f"Website {n} - Value"]
    header += ["Event 1 - Label", "Event 1 - Value"]
    for n in range(1, len(_CUSTOMS) + 1):
        header += [f"Custom Field {n} - Label", f"Custom Field {n} - Value"]
    return header


def _kept(person: Person, name: str, **params: list[str]) -> str:
    for kept in person.kept_properties:
        if kept.name == name and not kept.group and kept.params == params:
            return plain_text(kept.value)
    return ""


def _names(person: Person) -> list[str]:
    if any((person.given_name, person.additional_names, person.family_name)):
        return [person.given_name, person.additional_names, person.family_name]
    if person.name_prefix or person.name_suffix:
        return ["", "", ""]
    words = person.name.split()  # never split: Google still needs a first and last name
    if len(words) > 1:
        return [" ".join(words[:-1]), "", words[-1]]
    return [person.name, "", ""]


def _values(person: Person, of: TypedField, values: list[str], width: int) -> list[str]:
    cells: list[str] = []
    for n in range(width):
        if n < len(values):
            cells += [_label(typed_of(person.typed, of, values[n])), values[n]]
        else:
            cells += ["", ""]
    return cells


def _row(person: Person, widths: dict[str, int]) -> list[str]:
    row = _names(person)
    row += [_kept(person, f"X-{h.upper().replace(' ', '-')}") for h in _PHONETIC]
    row += [person.name_prefix, person.name_suffix, person.nickname]
    row += [person.company, person.role, person.departments[0] if person.departments else ""]
    row += [person.birthday or "", person.notes, _kept(person, "PHOTO", VALUE=["uri"])]
    row.append(MULTI.join(person.tags))
    row += _values(person, TypedField.EMAIL, person.emails, widths["emails"])
    row += _values(person, TypedField.PHONE, person.phones, widths["phones"])
    for n in range(widths["addresses"]):
        if n < len(person.addresses):
            a = person.addresses[n]
            formatted = "\n".join(p for p in (a.po_box, a.extended, a.street) if p)
            town = " ".join(p for p in (a.locality, a.region, a.postal_code) if p)
            formatted = "\n".join(p for p in (formatted, town, a.country) if p)
            row += [_label(None, a.types) if not a.label else a.label, formatted, a.street]
            row += [a.locality, a.po_box, a.region, a.postal_code, a.country, a.extended]
        else:
            row += [""] * (len(_ADDRESS_PARTS) + 1)
    row += _values(person, TypedField.URL, person.urls, widths["urls"])
    row += ["Anniversary", person.anniversary] if person.anniversary else ["", ""]
    values = {
        "about": person.about,
        "goals": MULTI.join(person.goals),
        "concerns": MULTI.join(person.concerns),
        "how we met": person.how_we_met,
        "met in person": person.met_in_person or "",
        "last contact": person.last_contact or "",
        "keep in touch": person.cadence or "",
        "location": person.location,
        "handles": MULTI.join(str(h) for h in person.handles),
        "uids": MULTI.join(person.uids),
        "nettui id": person.id,
        NETTUI_CARD: "",
    }
    for label in _CUSTOMS:
        row += [label.title() if values[label] else "", values[label]]
    return row


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [asdict(v) if is_dataclass(v) and not isinstance(v, type) else v for v in value]
    return value


def _what_columns_miss(person: Person, row: list[str], columns: list[Column]) -> dict[str, Any]:
    """The fields that reading `row` back would not give exactly as `person` has them."""
    back = person_of(row, columns, "Google", 0).person
    try:
        back.validate()
    except ValidationError:
        return {name: _plain(getattr(person, name)) for name in CARRIED}
    return {
        name: _plain(getattr(person, name))
        for name in CARRIED
        if getattr(back, name) != getattr(person, name)
    }


def write_google_csv(people: list[Person]) -> bytes:
    widths = _widths(people)
    header = _header(widths)
    columns = columns_of(header, "Google")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for person in people:
        row = _row(person, widths)
        missed = _what_columns_miss(person, row, columns)
        if missed:
            row[-1] = json.dumps(missed, ensure_ascii=False, separators=(",", ":"))
            row[-2] = NETTUI_CARD.title()
        writer.writerow(row)
    return out.getvalue().encode("utf-8")
