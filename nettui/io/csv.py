"""Contacts as CSV: Google (current and older layouts), LinkedIn and Outlook in; Google's
layout out.

The kind of file is told by its header names, never by column positions; a byte
order mark and a ";" or "," separator are handled; Outlook's ANSI files are read as
Windows-1252 when they are not UTF-8. Every column that has no place in nettui goes
into the notes, labelled. LinkedIn connections come in as online only, with their
profile as a handle and "Connected On" as how you met.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from nettui.domain.models import Handle, Person, ValidationError
from nettui.domain.text import fold
from nettui.i18n import _
from nettui.io.vcard import _handle_from_url

MULTI = " ::: "  # Google puts several values in one cell with this


class CsvError(ValueError):
    """A CSV file nettui cannot read; the message says why."""


@dataclass
class CsvPerson:
    line: int
    person: Person


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Outlook's "ANSI" export


def _header_at(lines: list[str]) -> int:
    """LinkedIn puts a few "Notes:" lines before the header: find the header."""
    for index, line in enumerate(lines[:30]):
        folded = fold(line)
        if "first name" in folded or "given name" in folded or folded.startswith("name"):
            return index
    return 0


def kind_of(headers: Sequence[str]) -> str:
    names = {fold(h).strip() for h in headers}
    if {"first name", "last name", "connected on"} <= names:
        return "LinkedIn"
    if {"given name", "family name"} <= names:
        return "Google (older layout)"
    if "first name" in names and any(n.startswith("e-mail 1 - ") for n in names):
        return "Google"
    if "first name" in names and "e-mail address" in names:
        return "Outlook"
    if "first name" in names or "name" in names:
        return "generic"
    raise CsvError(_("the header has no name column (First Name, Given Name or Name)."))


_CUSTOM = {  # Google custom fields written by nettui, read back
    "about": "about",
    "goals": "goals",
    "concerns": "concerns",
    "how we met": "how_we_met",
    "met in person": "met_in_person",
    "last contact": "last_contact",
    "keep in touch": "cadence",
    "location": "location",
    "nettui id": "id",
}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(MULTI) if v.strip()]


def _row_to_person(row: dict[str, str], kind: str) -> Person:
    person = Person()
    notes: list[str] = []
    extra: list[str] = []
    parts: dict[str, str] = {}
    customs: dict[str, str] = {}  # "Custom Field 1" -> label, then value
    websites: dict[str, str] = {}
    for header, raw in row.items():
        if header is None or raw is None:
            continue
        value = raw.strip()
        key = fold(header).strip()
        if not value:
            continue
        numbered = re.match(r"^(.*?) (\d+) - (label|value|type|name|title|.*)$", key)
        if key in ("first name", "given name"):
            parts["first"] = value
        elif key in ("middle name", "additional name"):
            parts["middle"] = value
        elif key in ("last name", "family name"):
            parts["last"] = value
        elif key == "name":
            parts["full"] = value
        elif key in ("name prefix", "title") and kind != "LinkedIn":
            parts["prefix"] = value
        elif key in ("name suffix", "suffix"):
            parts["suffix"] = value
        elif key in ("notes", "note"):
            notes.append(value)
        elif key in ("labels", "group membership", "categories"):
            separator = ";" if kind == "Outlook" else MULTI.strip()
            for tag in value.split(separator):
                tag = tag.strip().lstrip("*").strip()
                if tag and tag.lower() not in ("mycontacts", "my contacts"):
                    person.tags.append(tag)
        elif key in ("company", "organization name", "organization 1 - name"):
            person.company = value
        elif key in ("position", "job title", "organization title", "organization 1 - title"):
            person.role = value
        elif key in ("url", "profile url", "web page", "personal web page"):
            person.handles.append(_handle_from_url(value))
        elif key == "connected on":
            person.how_we_met = f"LinkedIn, connected on {value}"
        elif key in ("email address", "e-mail address", "e-mail 2 address", "e-mail 3 address"):
            person.emails.extend(_split(value))
        elif "phone" in key and "type" not in key and "label" not in key:
            person.phones.extend(_split(value))
        elif numbered and numbered.group(1) in ("e-mail", "email"):
            if numbered.group(3) == "value":
                person.emails.extend(_split(value))
        elif numbered and numbered.group(1) == "phone":
            if numbered.group(3) == "value":
                person.phones.extend(_split(value))
        elif numbered and numbered.group(1) == "website":
            websites.setdefault(numbered.group(2), "")
            if numbered.group(3) == "value":
                websites[numbered.group(2)] = value
            else:
                websites[numbered.group(2) + "-label"] = value
        elif numbered and numbered.group(1) == "custom field":
            customs[f"{numbered.group(2)}-{numbered.group(3)}"] = value
        elif numbered and numbered.group(1) == "address" and numbered.group(3) == "city":
            person.location = person.location or value
            extra.append(f"{header}: {value}")
        elif numbered and numbered.group(3) in ("label", "type"):
            continue  # the labels of emails and phones: their values are kept
        else:
            extra.append(f"{header}: {value}")
    for number, url in websites.items():
        if number.endswith("-label") or not url:
            continue
        label = websites.get(f"{number}-label", "")
        for url_value in _split(url):
            if "://" in url_value:
                person.handles.append(_handle_from_url(url_value, label))
            else:  # a handle written by nettui: "network: value"
                person.handles.append(Handle(network=(label or "web").lower(), value=url_value))
    for name in sorted({k.split("-")[0] for k in customs}):
        label = fold(customs.get(f"{name}-label", "")).strip()
        value = customs.get(f"{name}-value", "")
        field_name = _CUSTOM.get(label)
        if field_name in ("goals", "concerns"):
            setattr(person, field_name, _split(value))
        elif field_name:
            setattr(person, field_name, value)
        elif value:
            extra.append(f"{customs.get(f'{name}-label') or 'Custom field'}: {value}")
    full = parts.get("full") or " ".join(
        parts[k] for k in ("prefix", "first", "middle", "last", "suffix") if parts.get(k)
    )
    person.name = full
    all_notes = notes + (["\n".join(extra)] if extra else [])
    person.notes = "\n\n".join(all_notes)
    return person


def read_csv(data: bytes) -> tuple[list[CsvPerson], list[str], str]:
    """The people of a contacts CSV, the errors (with line numbers), and its kind."""
    text = _text(data)
    lines = text.splitlines()
    start = _header_at(lines)
    body = "\n".join(lines[start:])
    try:
        dialect = csv.Sniffer().sniff(lines[start] if lines else "", delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.DictReader(io.StringIO(body), delimiter=delimiter)
    headers = reader.fieldnames or []
    kind = kind_of(headers)
    found: list[CsvPerson] = []
    errors: list[str] = []
    try:
        for row in reader:
            line = start + reader.line_num
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            person = _row_to_person(row, kind)
            try:
                person.validate()
            except ValidationError as error:
                errors.append(_("line {n}: {error}").format(n=line, error=error))
                continue
            found.append(CsvPerson(line, person))
    except csv.Error as error:
        errors.append(_("line {n}: {error}").format(n=start + reader.line_num, error=error))
    return found, errors, kind


# -- writing (Google's layout) -------------------------------------------------------------


def write_google_csv(people: list[Person]) -> bytes:
    emails = max((len(p.emails) for p in people), default=1) or 1
    phones = max((len(p.phones) for p in people), default=1) or 1
    sites = max((len(p.handles) for p in people), default=1) or 1
    customs = list(_CUSTOM)
    header = ["First Name", "Middle Name", "Last Name", "Notes", "Labels"]
    header += ["Organization Name", "Organization Title"]
    for n in range(1, emails + 1):
        header += [f"E-mail {n} - Label", f"E-mail {n} - Value"]
    for n in range(1, phones + 1):
        header += [f"Phone {n} - Label", f"Phone {n} - Value"]
    for n in range(1, sites + 1):
        header += [f"Website {n} - Label", f"Website {n} - Value"]
    for n in range(1, len(customs) + 1):
        header += [f"Custom Field {n} - Label", f"Custom Field {n} - Value"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for person in people:
        words = person.name.split()
        first, last = (" ".join(words[:-1]), words[-1]) if len(words) > 1 else (person.name, "")
        row = [first, "", last, person.notes, MULTI.join(person.tags)]
        row += [person.company, person.role]
        for n in range(emails):
            row += ["", person.emails[n]] if n < len(person.emails) else ["", ""]
        for n in range(phones):
            row += ["", person.phones[n]] if n < len(person.phones) else ["", ""]
        for n in range(sites):
            if n < len(person.handles):
                row += [person.handles[n].network, person.handles[n].value]
            else:
                row += ["", ""]
        values = {
            "about": person.about,
            "goals": MULTI.join(person.goals),
            "concerns": MULTI.join(person.concerns),
            "how we met": person.how_we_met,
            "met in person": person.met_in_person or "",
            "last contact": person.last_contact or "",
            "keep in touch": person.cadence or "",
            "location": person.location,
            "nettui id": person.id,
        }
        for label in customs:
            row += [label.title() if values[label] else "", values[label]]
        writer.writerow(row)
    return out.getvalue().encode("utf-8")
