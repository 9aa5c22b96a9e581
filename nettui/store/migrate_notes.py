"""Schema 2: what earlier imports put in a person's notes becomes fields again.

Before schema 2 a person had no birthday, address, nickname or photo, so the vCard and
CSV imports kept those as labelled lines in the notes ("Birthday: --01-22", "Address
(work): 1 Main St, Springfield", "Photo (jpeg, 2301 bytes): data:image/jpeg;base64,..."),
and a plain web address as a handle on the network "web". The imports wrote those
lines as a paragraph of their own, so only a paragraph all of whose lines are labelled
is read, and a paragraph of one line only when that line is unmistakably an import's (a
date, a data: photo, an address of several parts, an X- name); a labelled line among
the user's own text stays, and so does "Address: ask Juan" on its own. Each such line that parses
becomes its field and leaves the notes; a line that does not parse (or whose field
already holds something else) stays where it was, and the rest of the notes is left
as it was, word for word. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nettui.domain.card import check_partial_date
from nettui.domain.errors import ValidationError
from nettui.domain.models import SOCIAL_HOSTS
from nettui.domain.text import fold
from nettui.store import photos

# "Label: value" or "Label (sub-label): value", as the imports wrote them.
_LINE = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z0-9 -]{0,60}?)(?: \((?P<sub>[^()]*)\))?: (?P<value>.+)$"
)
_CSV_ADDRESS = re.compile(r"^address (\d+) - (.+)$")
_DATA_PHOTO = re.compile(r"^data:image/([A-Za-z0-9.+-]+);base64,(\S+)$")
_CSV_ADDRESS_PARTS = {
    "po box": "po_box",
    "extended address": "extended",
    "street": "street",
    "city": "locality",
    "region": "region",
    "postal code": "postal_code",
    "country": "country",
}
# vCard properties the vCard import labelled by their name, title-cased ("Geo: ...");
# they come back as the properties they were.
_PROPERTIES = {
    "GEO", "TZ", "KEY", "SOUND", "LOGO", "MAILER", "LABEL", "LANG", "GENDER", "MEMBER",
    "RELATED", "FBURL", "CALURI", "CALADRURI", "SORT-STRING", "CLASS", "AGENT", "XML",
}  # fmt: skip
# A handle made from a plain web address (a URL property, a CSV "Website" column) had
# the network "web" or the address's label; these are labels of websites, not networks.
WEBSITE_LABELS = {
    "web", "home", "work", "homepage", "home page", "blog", "website", "other", "personal",
    "business", "page", "url",
}  # fmt: skip
_TYPES = {"home", "work", "other"}


def kept_value(text: str) -> str:
    """A value as a vCard file holds it (kept properties are stored escaped)."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


class _Person:
    """One stored person's document, being brought to schema 2."""

    def __init__(self, doc: dict[str, Any], db_path: Path | None):
        self.doc = doc
        self.db_path = db_path
        self.csv_addresses: dict[str, dict[str, str]] = {}

    def fill(self, name: str, value: Any) -> bool:
        """Set an empty field; True also when it already holds this very value."""
        now = self.doc.get(name)
        if now and now != value:
            return False
        self.doc[name] = value
        return True

    def add(self, name: str, *values: Any) -> bool:
        items = list(self.doc.get(name) or [])
        items += [v for v in values if v not in items]
        self.doc[name] = items
        return True

    def keep(self, name: str, value: str, params: dict[str, list[str]] | None = None) -> bool:
        prop = {"group": "", "name": name, "params": params or {}, "value": kept_value(value)}
        return self.add("kept_properties", prop)

    def line(self, text: str) -> bool:
        """Take one line of the notes into its field; False leaves it in the notes."""
        match = _LINE.match(text.strip())
        if not match:
            return False
        label, sub, value = match["label"], match["sub"], match["value"].strip()
        key = fold(label).strip()
        csv_address = _CSV_ADDRESS.match(key)
        if csv_address and not sub:
            return self.csv_address(csv_address[1], csv_address[2], value)
        handler = self.handlers().get(key)
        if handler is not None:
            return handler(value, sub or "")
        if sub is None and label.upper() == label and label.startswith("X-"):
            return self.keep(label, value)  # labelled with a group's X-ABLabel: stays
        if sub is None and label.upper() in _PROPERTIES and label == label.title():
            if label == "Class" and not re.fullmatch(r"[A-Za-z0-9-]+", value):
                return False  # CLASS is one word (PUBLIC, PRIVATE); "yoga on Tuesdays" is not
            return self.keep(label.upper(), value)
        return False

    def handlers(self) -> dict[str, Callable[[str, str], bool]]:
        return {
            "birthday": lambda v, _sub: self.date("birthday", v),
            "anniversary": lambda v, _sub: self.date("anniversary", v),
            "x-anniversary": lambda v, _sub: self.date("anniversary", v),
            "nickname": lambda v, _sub: self.fill("nickname", v),
            "department": lambda v, _sub: self.add("departments", *v.split(" / ")),
            "organization 1 - department": lambda v, _sub: self.add("departments", v),
            "address": self.address,
            "photo": self.photo,
            "also written": lambda v, sub: not sub and self.keep("FN", v),
        }

    def date(self, name: str, value: str) -> bool:
        try:
            day = check_partial_date(value, name)
        except ValidationError:
            return False
        return self.fill(name, day)

    def address(self, value: str, sub: str) -> bool:
        """The vCard import wrote ADR's street, city, region, postal code and country,
        those present, joined by ", "; the city was also the person's location, which
        tells where the street ends."""
        if ", " not in value:  # the import joined two parts at least; "ask Juan" is a note
            return False
        parts = [p.strip() for p in value.split(", ")]
        address = dict.fromkeys(_CSV_ADDRESS_PARTS.values(), "")
        location = self.doc.get("location") or ""
        at = parts.index(location, 1) if location in parts[1:] else -1
        if at < 0:
            address["street"] = value
        else:
            address["street"], address["locality"] = ", ".join(parts[:at]), parts[at]
            rest = parts[at + 1 :]
            code = next((p for p in rest if any(ch.isdigit() for ch in p)), "")
            others = [p for p in rest if p != code]
            address["postal_code"] = code
            address["country"] = others.pop() if others else ""
            address["region"] = ", ".join(others)
        return self.add("addresses", {**address, **self.types_and_label(sub)})

    def types_and_label(self, sub: str) -> dict[str, Any]:
        word = sub.strip().lower()
        if word in _TYPES:
            return {"types": [word], "label": ""}
        return {"types": [], "label": sub.strip()}

    def csv_address(self, number: str, part: str, value: str) -> bool:
        """Google CSV's "Address 1 - Street" lines, one part each: gathered by number."""
        address = self.csv_addresses.setdefault(number, {})
        if part == "formatted":
            address["formatted"] = value
        elif part in _CSV_ADDRESS_PARTS:
            address[_CSV_ADDRESS_PARTS[part]] = value
        else:
            return False
        return True

    def photo(self, value: str, sub: str) -> bool:
        data_uri = _DATA_PHOTO.match(value)
        if data_uri is None:
            if sub or "://" not in value:
                return False
            return self.keep("PHOTO", value, {"VALUE": ["uri"]})
        if self.db_path is None or self.doc.get("photo"):
            return False
        try:
            data = base64.b64decode(data_uri[2], validate=True)
        except (ValueError, binascii.Error):
            return False
        name = photos.name_for(str(self.doc.get("id", "")), data_uri[1])
        try:
            photos.write(self.db_path, name, data)
        except OSError:
            return False  # kept in the notes: nothing lost, and tried again next time
        return self.fill("photo", name)

    def finish_csv_addresses(self) -> None:
        for parts in self.csv_addresses.values():
            formatted = parts.pop("formatted", "")
            if not any(parts.values()) and formatted:
                parts["street"] = formatted
            if any(parts.values()):
                address = dict.fromkeys(_CSV_ADDRESS_PARTS.values(), "")
                self.add("addresses", {**address, **parts, "types": [], "label": ""})

    def handles_to_urls(self) -> None:
        handles = self.doc.get("handles") or []
        kept = []
        for handle in handles:
            if not isinstance(handle, dict):
                kept.append(handle)
                continue
            network = str(handle.get("network", "")).strip().lower()
            value = str(handle.get("value", "")).strip()
            is_url = "://" in value or value.lower().startswith("www.")
            social = any(host in value.lower() for host in SOCIAL_HOSTS)
            if not is_url or social or network not in WEBSITE_LABELS:
                kept.append(handle)
                continue
            self.add("urls", value)
            if network != "web":
                typed = {"of": "urls", "value": value, **self.types_and_label(network)}
                self.add("typed", typed)
        self.doc["handles"] = kept


def _an_imports(text: str) -> bool:
    """A line only an import wrote, even alone in its paragraph: a date for a birthday or
    an anniversary, a data: photo, an address of several parts, a CSV address part, an
    X- property. "Address: ask Juan" or "Class: yoga on Tuesdays" alone is the user's."""
    match = _LINE.match(text.strip())
    if not match:
        return False
    label, sub, value = match["label"], match["sub"], match["value"].strip()
    key = fold(label).strip()
    if key in ("birthday", "anniversary", "x-anniversary"):
        try:
            check_partial_date(value, key)
        except ValidationError:
            return False
        return True
    if key == "photo":
        return _DATA_PHOTO.match(value) is not None
    if key == "address":
        return ", " in value
    x_name = sub is None and label.startswith("X-") and label.upper() == label
    return x_name or _CSV_ADDRESS.match(key) is not None


def migrate_person(doc: dict[str, Any], db_path: Path | None) -> None:
    """Bring one stored person (a document of schema 1) to schema 2, in place."""
    person = _Person(doc, db_path)
    notes = doc.get("notes")
    if isinstance(notes, str) and notes:
        paragraphs, taken = [], False
        for paragraph in notes.split("\n\n"):
            lines = paragraph.split("\n")
            # Imports wrote their labelled lines as a paragraph of their own: a line
            # the user typed among other text ("Address: ask Juan") is the user's, and
            # so is one alone in its paragraph unless only an import writes it so.
            labelled = [line for line in lines if line.strip()]
            if all(_LINE.match(line.strip()) for line in labelled) and (
                len(labelled) >= 2 or all(_an_imports(line) for line in labelled)
            ):
                lines = [line for line in lines if not person.line(line)]
            taken = taken or len(lines) < len(paragraph.split("\n"))
            if lines or not paragraph:
                paragraphs.append("\n".join(lines))
        person.finish_csv_addresses()
        if taken:  # else the notes stay exactly as they were
            doc["notes"] = "\n\n".join(paragraphs).strip("\n")
    person.handles_to_urls()
