"""One row of a contacts CSV as a person: every column lands in a field of the card.

A column nettui has no field for is kept as an X-CSV-<COLUMN> property (written back
as it came on a vCard export). A bad email, phone or date does not lose the row: the
value goes into the notes, labelled with its column and line, and is reported.
"""

from __future__ import annotations

import json
import re
import typing
from collections import defaultdict
from dataclasses import fields

from nettui.domain.card import Address, KeptProperty, Organisation, TypedField, TypedValue
from nettui.domain.card import check_partial_date as partial_date
from nettui.domain.models import (
    SOCIAL_HOSTS,
    Handle,
    Person,
    ValidationError,
    clean_phone,
    is_email,
    is_phone,
)
from nettui.domain.records import converter_for
from nettui.domain.text import fold
from nettui.i18n import _
from nettui.io.csv_columns import (
    MULTI,
    NETTUI_CARD,
    OUTLOOK,
    Column,
    outlook_phone_label,
    property_name,
    types_of,
    vcard_text,
)

CUSTOM = {  # nettui's own fields, as Google custom fields (label -> field)
    "about": "about",
    "goals": "goals",
    "concerns": "concerns",
    "how we met": "how_we_met",
    "met in person": "met_in_person",
    "last contact": "last_contact",
    "keep in touch": "cadence",
    "location": "location",
    "handles": "handles",
    "uids": "uids",
    "nettui id": "id",
}
# The fields a CSV round trip carries (the photo is a file: a CSV cannot hold it).
CARRIED = tuple(f.name for f in fields(Person) if f.name not in ("created", "updated", "photo"))
_HINTS = typing.get_type_hints(Person)
# Google's own groups, not labels the user made ("* starred" is Google's star).
_SYSTEM_GROUPS = {"mycontacts", "my contacts", "starred"}
# What Outlook writes in every row when nothing was said: not kept.
_DEFAULTS = {
    ("e-mail type", "smtp"),
    ("gender", "unspecified"),
    ("priority", "normal"),
    ("sensitivity", "normal"),
    ("private", "false"),
}
_OF = {"email": TypedField.EMAIL, "phone": TypedField.PHONE, "website": TypedField.URL}
_OUTLOOK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})$")


def split(value: str) -> list[str]:
    if MULTI not in value:  # nearly every cell: one value, already stripped
        return [value] if value else []
    return [v.strip() for v in value.split(MULTI) if v.strip()]


def _is_profile(url: str) -> bool:
    lowered = url.lower()
    return "://" in lowered and any(host in lowered for host in SOCIAL_HOSTS)


def _handle_of(url: str, label: str = "") -> Handle:
    lowered = url.lower()
    network = next((n for h, n in SOCIAL_HOSTS.items() if h in lowered), "")
    return Handle(network=network or (label or "web").lower(), value=url)


def _date(value: str, what: str) -> str:
    """Google's 1990-01-22 or --01-22; Outlook's 1/22/1990 (0/0/00: none)."""
    outlook = _OUTLOOK_DATE.match(value)
    written = value
    if outlook:
        month, day, year = (int(g) for g in outlook.groups())
        if not month and not day:
            return ""
        if month > 12:  # a day-first locale
            month, day = day, month
        if year < 100:
            year += 1900 if year > 30 else 2000
        value = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        return partial_date(value, what)
    except ValidationError:
        return partial_date(written, what)  # the error names the date as written


class _Row:
    """The parts of a person while a row is read."""

    def __init__(self, line: int, kind: str) -> None:
        self.line, self.kind = line, kind
        self.person = Person()
        self.notes: list[str] = []
        self.set_aside: list[str] = []
        self.problems: list[str] = []
        self.names: dict[str, str] = {}
        self.groups: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
        self.card = ""

    def bad(self, header: str, value: str, what: str, why: str) -> None:
        self.set_aside.append(f"{header} (line {self.line}, {what}): {value}")
        self.problems.append(_("line {n}: {error}").format(n=self.line, error=why))

    def keep(self, name: str, value: str, group: str = "", **params: list[str]) -> None:
        self.person.kept_properties.append(
            KeptProperty(group=group, name=name, params=dict(params), value=vcard_text(value))
        )

    def typed(self, of: str, header: str, value: str, label: str, types: list[str]) -> None:
        person = self.person
        if of == TypedField.EMAIL and not is_email(value):
            self.bad(header, value, "not an address", _why(Person(name="?", emails=[value])))
            return
        if of == TypedField.PHONE:
            value = clean_phone(value)
            if not is_phone(value):
                self.bad(header, value, "not a number", _why(Person(name="?", phones=[value])))
                return
        if of == TypedField.URL and _is_profile(value):
            person.handles.append(_handle_of(value, label))
            return
        if of == TypedField.URL and "://" not in value and label:
            # nettui's exports before the card: a handle as a website, "network: value"
            person.handles.append(Handle(network=label.lower(), value=value))
            return
        getattr(person, of).append(value)
        if label or types:
            person.typed.append(TypedValue(of=of, value=value, types=types, label=label))

    def date(self, field: str, header: str, value: str) -> None:
        try:
            setattr(self.person, field, _date(value, field) or None)
        except ValidationError as error:
            self.bad(header, value, "not a date", str(error))


def _why(alone: Person) -> str:
    try:
        alone.validate()
    except ValidationError as error:
        return str(error)
    return ""


def _simple(row: _Row, column: Column, value: str) -> None:
    if column.part:  # a part of a numbered group ("Phone 1 - Value"): read with its group
        row.groups[(column.what, column.group)][column.part] = (column.header, value)
        return
    person, what = row.person, column.what
    if what in ("given", "additional", "family", "prefix", "suffix", "full"):
        row.names[what] = value
    elif what == "nickname":
        person.nickname = value
    elif what in ("birthday", "anniversary"):
        row.date(what, column.header, value)
    elif what == "notes":
        row.notes.append(value)
    elif what == "tags":
        separator = ";" if row.kind == OUTLOOK else MULTI.strip()
        for tag in value.split(separator):
            tag = tag.strip().lstrip("*").strip()
            if tag and fold(tag) not in _SYSTEM_GROUPS:
                person.tags.append(tag)
    elif what == "company":
        row.groups[("org", "0")]["name"] = (column.header, value)
    elif what == "role":
        if person.role:
            person.other_titles.append(value)
        else:
            person.role = value
    elif what == "department":
        row.groups[("org", "0")]["department"] = (column.header, value)
    elif what == "profile":
        person.handles.append(_handle_of(value, "linkedin"))
    elif what == "connected":
        person.how_we_met = f"LinkedIn, connected on {value}"
    elif what == "location":
        person.location = value
    elif what == "photo":
        row.keep("PHOTO", value, VALUE=["uri"])
    elif what == "phonetic":
        row.keep(f"X-{fold(column.header).upper().replace(' ', '-')}", value)
    else:
        row.groups[(what, column.group)][column.part] = (column.header, value)


def _group(row: _Row, what: str, number: str, parts: dict[str, tuple[str, str]]) -> None:
    person = row.person
    label = (parts.get("label") or parts.get("type") or ("", ""))[1]
    header, value = parts.get("value", ("", ""))
    if what in ("email", "phone", "website"):
        of = _OF[what]
        types = types_of(label)
        label = label.lstrip("* ").strip()
        if row.kind == OUTLOOK and what == "phone":
            types, label = types_of(number), outlook_phone_label(number)
        elif what == "website" and number == "personal web page":
            types = ["home"]
        for item in split(value):
            row.typed(of, header, item, label, types)
    elif what == "address":
        _address(row, number, parts)
    elif what == "event":
        for item in split(value):
            if fold(label) == "anniversary" and not person.anniversary:
                row.date("anniversary", header, item)
            else:
                row.keep("X-ABDATE", item, f"event{number}")
                row.keep("X-ABLABEL", label, f"event{number}")
    elif what == "relation":
        for item in split(value):
            row.keep("X-ABRELATEDNAMES", item, f"relation{number}")
            row.keep("X-ABLABEL", label, f"relation{number}")
    elif what == "im":
        service = parts.get("service", ("", label))[1] or "im"
        for item in split(value):
            person.handles.append(Handle(network=fold(service).strip(), value=item))
    elif what == "org":
        _organisation(row, number, parts)
    elif what == "custom":
        _custom(row, label, value)


def _address(row: _Row, number: str, parts: dict[str, tuple[str, str]]) -> None:
    names = ("po box", "extended", "street", "city", "region", "postal code", "country")
    split_parts = {p: split(parts[p][1]) if p in parts else [] for p in names}
    split_parts["extended"] += split(parts.get("extended address", ("", ""))[1])
    label = (parts.get("label") or parts.get("type") or ("", ""))[1]
    types = types_of(number if row.kind == OUTLOOK else label)
    label = "Other" if number == "other" else label.lstrip("* ").strip()
    if row.kind == OUTLOOK:
        label = "" if number != "other" else label
        extended = [", ".join(split_parts["extended"])] if split_parts["extended"] else []
        split_parts["extended"] = extended
    count = max((len(v) for v in split_parts.values()), default=0)
    formatted = split(parts.get("formatted", ("", ""))[1])
    for index in range(max(count, 0 if count else len(formatted))):
        got = {p: (v[index] if index < len(v) else "") for p, v in split_parts.items()}
        if not count:  # only the formatted text: it is the street
            got["street"] = formatted[index]
        row.person.addresses.append(
            Address(
                po_box=got["po box"],
                extended=got["extended"],
                street=got["street"],
                locality=got["city"],
                region=got["region"],
                postal_code=got["postal code"],
                country=got["country"],
                types=types,
                label=label,
            )
        )


def _organisation(row: _Row, number: str, parts: dict[str, tuple[str, str]]) -> None:
    person = row.person
    names = split(parts.get("name", ("", ""))[1])
    titles = split(parts.get("title", ("", ""))[1])
    units = split(parts.get("department", ("", ""))[1])
    first = number in ("0", "1") and not person.company
    if first:
        person.company = names[0] if names else ""
        person.departments = units[:1]
        names, units = names[1:], units[1:]
        if titles and not person.role:
            person.role, titles = titles[0], titles[1:]
    for index, name in enumerate(names):
        unit = units[index : index + 1]
        person.other_organisations.append(Organisation(name=name, units=unit))
    person.other_titles.extend(titles)


def _custom(row: _Row, label: str, value: str) -> None:
    person = row.person
    key = fold(label).strip()
    field = CUSTOM.get(key)
    if key == NETTUI_CARD:
        row.card = value
    elif field in ("goals", "concerns", "uids"):
        setattr(person, field, split(value))
    elif field == "handles":
        for text in split(value):
            try:
                person.handles.append(Handle.parse(text))
            except ValidationError:
                person.handles.append(Handle(network="web", value=text))
    elif field:
        setattr(person, field, value)
    elif value:
        row.keep(property_name(label or "custom field"), value)


def _apply_card(row: _Row) -> None:
    """nettui's own exports carry, as JSON, the fields the columns cannot say exactly."""
    try:
        card = json.loads(row.card)
        if not isinstance(card, dict):
            raise ValueError(card)
        for name, value in card.items():
            if name in CARRIED:
                setattr(row.person, name, converter_for(_HINTS[name])(value, name))
    except (ValueError, ValidationError) as error:
        row.problems.append(
            _("line {n}: the column {column!r} cannot be read ({error}); it is ignored.").format(
                n=row.line, column="nettui card", error=error
            )
        )


def person_of(cells: list[str], columns: list[Column], kind: str, line: int) -> _Row:
    """The person of one row, the notes it set aside and its problems (not validated)."""
    row = _Row(line, kind)
    for column, cell in zip(columns, cells, strict=False):  # a short row: its cells
        value = cell.strip()
        if not value:
            continue
        if column.what == "keep":
            if (fold(column.header), fold(value)) not in _DEFAULTS:
                row.keep(property_name(column.header), value)
        else:
            _simple(row, column, value)
    for (what, number), parts in row.groups.items():  # in the file's column order
        _group(row, what, number, parts)
    person, names = row.person, row.names
    person.name_prefix = names.get("prefix", "")
    person.given_name = names.get("given", "")
    person.additional_names = names.get("additional", "")
    person.family_name = names.get("family", "")
    person.name_suffix = names.get("suffix", "")
    person.name = names.get("full") or " ".join(
        names[k] for k in ("prefix", "given", "additional", "family", "suffix") if k in names
    )
    if not person.location:
        person.location = next((a.locality for a in person.addresses if a.locality), "")
    notes = row.notes + (["\n".join(row.set_aside)] if row.set_aside else [])
    person.notes = "\n\n".join(notes)
    if row.card:
        _apply_card(row)
    return row
