"""The parts of a whole vCard that a person holds beside name, emails and phones.

A person keeps `emails`, `phones` and `urls` as plain values (the keys that merge and
search use, and what `show --json` has always printed); `TypedValue`s beside them
carry each value's vCard TYPEs and label ("work", "fax", Apple's "Mobile"). Addresses
are structured as ADR is. Organisations past the first and titles past the first are
kept too. Every property nettui has no field for is a `KeptProperty`, written back on
export as it came.

Each class reads itself from stored or imported JSON with `list_from` (the schema of
records.py), refusing anything else with a sentence a user can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import Any, Self

from nettui.domain.errors import ValidationError
from nettui.domain.labels import label as field_label
from nettui.i18n import _

# A property or group name as the reader takes it and the store keeps it: one rule for
# both, or a card read in would make the store refuse to open. "_" is no vCard name
# character, but Google writes X-GOOGLE_TALK and others X-AIM_ID.
PROPERTY_NAME = re.compile(r"[A-Za-z0-9_-]+")


class TypedField(StrEnum):
    """Which of a person's value lists a TypedValue describes."""

    EMAIL = "emails"
    PHONE = "phones"
    URL = "urls"


def _texts(item: dict[str, Any], name: str, what: str) -> list[str]:
    value = item.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("{field} must be a list of texts.").format(field=what))
    return [v.strip() for v in value if v.strip()]


def _text(item: dict[str, Any], name: str, what: str) -> str:
    value = item.get(name) or ""
    if not isinstance(value, str):
        raise ValidationError(_("{field} must be text.").format(field=what))
    return value.strip()


def _objects(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValidationError(_("{field} must be a list of objects.").format(field=what))
    return value


_READERS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _readers_of(cls: type) -> tuple[tuple[str, Any], ...]:
    """Each field of a part with how it is read (a list of texts, or a text), worked
    out once per class: tens of thousands of people are loaded at a time."""
    readers = _READERS.get(cls)
    if readers is None:
        readers = _READERS[cls] = tuple(
            (f.name, _texts if str(f.type).startswith("list") else _text) for f in fields(cls)
        )
    return readers


class _Part:
    """Shared `list_from` of the card's parts: each field a text or a list of texts."""

    __slots__ = ()

    @classmethod
    def list_from(cls, value: Any) -> list[Self]:
        if value is None or value == []:  # most people: no need to look further
            return []
        what = field_label(getattr(cls, "WHAT", cls.__name__))
        items: list[Self] = []
        for item in _objects(value, what):
            if isinstance(item, cls):
                items.append(item)
                continue
            values: dict[str, Any] = {}
            for name, read in _readers_of(cls):
                if name in item:
                    values[name] = read(item, name, what)
            part = cls(**values)
            part.check()
            items.append(part)
        return items

    def check(self) -> None:
        """Refuse a part that says nothing."""


@dataclass(kw_only=True, slots=True)
class TypedValue(_Part):
    """The TYPEs ("work", "cell", "fax", "pref") and label of one email, phone or URL."""

    WHAT = "typed values"

    of: str = TypedField.EMAIL
    value: str = ""
    types: list[str] = field(default_factory=list)
    label: str = ""

    def check(self) -> None:
        if self.of not in tuple(TypedField) or not self.value:
            raise ValidationError(_("Each typed value names emails, phones or urls, and a value."))
        self.types = list(dict.fromkeys(t.lower() for t in self.types))


@dataclass(kw_only=True, slots=True)
class Address(_Part):
    """ADR's seven parts, with its TYPEs and label."""

    WHAT = "addresses"

    po_box: str = ""
    extended: str = ""
    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    types: list[str] = field(default_factory=list)
    label: str = ""

    def check(self) -> None:
        if not any(self.parts()):
            raise ValidationError(_("An address needs at least one of its parts."))
        self.types = list(dict.fromkeys(t.lower() for t in self.types))

    def parts(self) -> tuple[str, str, str, str, str, str, str]:
        """In ADR's order."""
        return (
            self.po_box,
            self.extended,
            self.street,
            self.locality,
            self.region,
            self.postal_code,
            self.country,
        )

    def one_line(self) -> str:
        """ "PO Box 12, Apt 3, 222 Broadway, New York, NY, 10038, USA"."""
        return ", ".join(p for p in self.parts() if p)


@dataclass(kw_only=True, slots=True)
class Organisation(_Part):
    """An ORG past the person's company: its name and units (departments)."""

    WHAT = "organisations"

    name: str = ""
    units: list[str] = field(default_factory=list)

    def check(self) -> None:
        if not self.name and not self.units:
            raise ValidationError(_("An organisation needs a name."))


@dataclass(kw_only=True, slots=True)
class KeptProperty:
    """A vCard property nettui has no field for, as it came: written back on export.
    `value` is as it stood in the file (escaped as vCard escapes), decoded from
    quoted-printable; parameters by upper-case name."""

    WHAT = "kept properties"

    group: str = ""
    name: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)
    value: str = ""

    @classmethod
    def list_from(cls, value: Any) -> list[KeptProperty]:
        what = field_label(cls.WHAT)
        kept = []
        for item in _objects(value, what):
            if isinstance(item, KeptProperty):
                kept.append(item)
                continue
            params = item.get("params") or {}
            if not isinstance(params, dict) or not all(
                isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
                for k, v in params.items()
            ):
                raise ValidationError(
                    _("{field}: parameters must map names to lists of texts.").format(field=what)
                )
            name = _text(item, "name", what).upper()
            if not PROPERTY_NAME.fullmatch(name):
                raise ValidationError(
                    _("{field}: {name!r} is not a vCard property name.").format(
                        field=what, name=name
                    )
                )
            raw = item.get("value") or ""
            if not isinstance(raw, str):
                raise ValidationError(_("{field} must be text.").format(field=what))
            kept.append(
                cls(
                    group=_text(item, "group", what),
                    name=name,
                    params={k.upper(): list(v) for k, v in params.items()},
                    value=raw,
                )
            )
        return kept


_PARTIAL_DATE = re.compile(r"^(?:(\d{4})|--)-?(\d{2})-?(\d{2})$")


def check_partial_date(value: str, what: str) -> str:
    """A birthday or anniversary: "1990-01-22", or "--01-22" when the year is not known
    (vCard's --0122 and 19900122 are read too). 29 February is allowed without a year."""
    text = value.strip()
    match = _PARTIAL_DATE.match(text)
    if match:
        year, month, day = match.groups()
        try:
            date(int(year) if year else 2000, int(month), int(day))  # 2000: a leap year
        except ValueError:
            match = None
        else:
            return f"{year}-{month}-{day}" if year else f"--{month}-{day}"
    raise ValidationError(
        _(
            "{field} must be a date like 1990-01-22, or --01-22 without the year; got {value!r}."
        ).format(field=field_label(what), value=value)
    )


@dataclass(frozen=True, slots=True)
class Photo:
    """A person's picture as a card carries it: the bytes and their kind ("jpeg")."""

    data: bytes
    kind: str = "jpeg"


def typed_of(typed: list[TypedValue], which: str, value: str) -> TypedValue | None:
    """The types and label of one value, if it has any."""
    return next((t for t in typed if t.of == which and t.value == value), None)
