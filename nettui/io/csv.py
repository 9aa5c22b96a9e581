"""Contacts as CSV: Google (current and older layouts), LinkedIn and Outlook in; Google's
layout out (csv_write.py).

The kind of file is told by its header names, never by column positions; a byte
order mark and a ";" or "," separator are handled; Outlook's ANSI files are read as
Windows-1252 when they are not UTF-8. Every column lands in a field of the card
(csv_row.py); one with no field is kept as an X-CSV-<COLUMN> property. LinkedIn
connections come in as online only, with their profile as a handle and "Connected On"
as how you met.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from nettui.domain.models import Person, ValidationError
from nettui.domain.text import fold
from nettui.i18n import _
from nettui.io.csv_columns import MULTI, OUTLOOK, columns_of
from nettui.io.csv_row import person_of
from nettui.io.csv_write import write_google_csv
from nettui.io.encodings import utf16_codec

__all__ = ["MULTI", "CsvError", "CsvPerson", "kind_of", "read_csv", "write_google_csv"]


class CsvError(ValueError):
    """A CSV file nettui cannot read; the message says why."""


@dataclass
class CsvPerson:
    line: int
    person: Person
    # Values of the row set aside into the notes (a bad email, phone or date), each
    # "line N: why": the row is kept, and these are worth telling the user.
    problems: list[str] = field(default_factory=list)


def _text(data: bytes) -> str:
    codec = utf16_codec(data)  # Outlook's "Unicode" export
    if codec:
        return data.decode(codec, errors="replace").lstrip("\ufeff")
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
        return OUTLOOK
    if "first name" in names or "name" in names:
        return "generic"
    raise CsvError(_("the header has no name column (First Name, Given Name or Name)."))


def read_csv(data: bytes) -> tuple[list[CsvPerson], list[str], str]:
    """The people of a contacts CSV, the errors (rows not read, with line numbers), and
    its kind. A row with a bad value is read: its problems are on its CsvPerson."""
    text = _text(data)
    lines = text.splitlines()
    start = _header_at(lines)
    offset = text.find(lines[start]) if start else 0  # the header, and all below as is
    try:
        dialect = csv.Sniffer().sniff(lines[start] if lines else "", delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    # No cell is longer than the file: the csv module's own limit (128 KiB) refused our
    # own export of a person with long notes ("field larger than field limit").
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    # newline="": a bare CR ends a line too, as csv wants it, and stays in a quoted note.
    reader = csv.reader(io.StringIO(text[offset:], newline=""), delimiter=delimiter)
    try:
        headers = next(reader, [])
    except csv.Error as error:
        raise CsvError(_("line {n}: {error}").format(n=start + 1, error=error)) from None
    kind = kind_of(headers)
    columns = columns_of(headers, kind)
    found: list[CsvPerson] = []
    errors: list[str] = []
    ended = reader.line_num  # the line the previous row ended on
    try:
        for cells in reader:
            line = start + ended + 1  # where the row begins (a note may span lines)
            ended = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            row = person_of(cells, columns, kind, line)
            try:
                row.person.validate()
            except ValidationError as error:
                errors.append(_("line {n}: {error}").format(n=line, error=error))
                continue
            found.append(CsvPerson(line, row.person, row.problems))
    except csv.Error as error:
        errors.append(_("line {n}: {error}").format(n=start + reader.line_num, error=error))
    return found, errors, kind
