"""How a record comes in from outside: each field checked by its annotation.

`Record.from_dict` is the one door into the domain. The schema is the dataclass
itself: a field annotated `str` must be text (None reads as ""), `str | None` text or
nothing, `list[str]` a list of texts (stripped, without repeats), `bool` true or
false, a `StrEnum` text (its value is checked by the record's `validate`, after the
record's other checks, as before), and `list[X]` whatever `X.list_from` reads.
Errors are `ValidationError`s with a sentence a user can act on.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Self, TypeVar

from nettui.domain.errors import ValidationError
from nettui.domain.labels import label, labels_of
from nettui.i18n import _

E = TypeVar("E", bound=StrEnum)
Converter = Callable[[Any, str], Any]


def new_id() -> str:
    import uuid  # imported on use: `nettui find` starts faster without it

    return uuid.uuid4().hex


def now_iso() -> str:
    """The current moment, UTC, as ISO 8601 with its offset."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_date(value: str, what: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValidationError(
            _("{field} must be a date like 2026-12-03, not {value!r}.").format(
                field=label(what), value=value
            )
        ) from None


def check_datetime(value: str, what: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _(
                "{field} must be a date and time like 2026-12-03T10:00:00+01:00, not {value!r}."
            ).format(field=label(what), value=value)
        ) from None
    if moment.tzinfo is None:
        raise ValidationError(
            _("{field} needs a UTC offset, such as +01:00: {value!r}.").format(
                field=label(what), value=value
            )
        )
    return moment.isoformat()


# Each enumeration's members by value: a dict lookup, cheaper than calling the class
# for every record loaded.
_MEMBERS: dict[type[StrEnum], dict[str, Any]] = {}


def member_of(value: object, choices: type[E]) -> E | None:
    """The member of `choices` whose value is `value`, or None."""
    members = _MEMBERS.get(choices)
    if members is None:
        members = _MEMBERS[choices] = {m.value: m for m in choices}
    return members.get(value) if isinstance(value, str) else None


def check_choice(value: object, choices: type[E], what: str) -> E:
    """`value` as a member of `choices`, or the error listing them in the user's words."""
    found = member_of(value, choices)
    if found is None:
        raise ValidationError(
            _("{field} must be one of {choices}; got {value!r}.").format(
                field=label(what), choices=", ".join(labels_of(tuple(choices))), value=value
            )
        )
    return found


def clean_list(values: Iterable[str]) -> list[str]:
    """Stripped, non-empty, without repeats, in their first order."""
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip()
        if value and value not in seen:
            seen[value] = None
    return list(seen)


# How each kind of field is checked when it comes in from outside.
def _as_str(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("{field} must be text.").format(field=label(name)))
    return value


def _as_optional_str(value: Any, name: str) -> str | None:
    if value is None or value == "":
        return None
    return _as_str(value, name)


def _as_str_list(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("{field} must be a list of texts.").format(field=label(name)))
    return clean_list(value)


def _as_bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(_("{field} must be true or false.").format(field=label(name)))
    return value


def _is_text(hint: Any) -> bool:
    """str, a StrEnum, or a union of them: text on the way in."""
    if isinstance(hint, types.UnionType):
        return all(_is_text(arg) for arg in typing.get_args(hint))
    return hint is str or (isinstance(hint, type) and issubclass(hint, StrEnum))


def converter_for(hint: Any) -> Converter:
    """The check of a field annotated `hint` (a TypeError names one with none: a
    record was given a type this module does not know yet)."""
    if hint is bool:
        return _as_bool
    if _is_text(hint):
        return _as_str
    if hint == str | None:
        return _as_optional_str
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        if item is str:
            return _as_str_list
        list_from = getattr(item, "list_from", None)
        if list_from is not None:
            return lambda value, _name: list_from(value)
    raise TypeError(f"no check for a field of type {hint!r}")


_NAMES: dict[type, tuple[str, ...]] = {}


def _names_of(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        # Every record and part is a dataclass, which a `type` cannot say to mypy.
        names = _NAMES[cls] = tuple(f.name for f in fields(typing.cast(Any, cls)))
    return names


def plain(value: Any) -> Any:
    """A field's value as plain data: texts, numbers and enumerations as they are,
    lists and dicts copied, the parts of a card (dataclasses) as dicts."""
    if isinstance(value, str) or value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return {name: plain(getattr(value, name)) for name in _names_of(type(value))}


# Each record class's fields with their checks, worked out on first use.
_CHECKS: dict[type, tuple[tuple[str, Converter], ...]] = {}


def _checks_of(cls: type) -> tuple[tuple[str, Converter], ...]:
    checks = _CHECKS.get(cls)
    if checks is None:
        hints = typing.get_type_hints(cls)
        checks = _CHECKS[cls] = tuple(
            (f.name, converter_for(hints[f.name])) for f in fields(typing.cast(Any, cls))
        )
    return checks


class Record:
    """Shared conversion for the records of models.py: their fields are the schema."""

    # Slotted, like the dataclasses of models.py: tens of thousands of needs and offers
    # with a __dict__ each cost memory for nothing.
    __slots__ = ()

    TABLE: ClassVar[str] = ""

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        if not isinstance(data, dict):
            raise ValidationError(
                _("A record of {table} must be an object.").format(table=cls.TABLE)
            )
        values = {name: check(data[name], name) for name, check in _checks_of(cls) if name in data}
        record = cls(**values)
        record.validate()
        return record

    def to_dict(self) -> dict[str, Any]:
        """The record as plain data, nothing shared with it (what `asdict` gives, at a
        fraction of its cost: a whole card holds many small parts, and an import of
        thousands converts every one)."""
        return {name: plain(getattr(self, name)) for name in _names_of(type(self))}

    def validate(self) -> None:
        """Check the whole record; normalise what can be normalised."""
