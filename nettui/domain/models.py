"""The records nettui keeps, as dataclasses validated on the way in (DESIGN "Data").

Every record converts to and from the plain dicts stored in TinyDB. `from_dict` is the
one door into the domain: it checks types, enumerations and dates, and raises
`ValidationError` with a sentence a user can act on.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Self

from nettui.domain.errors import ValidationError
from nettui.domain.labels import label, labels_of
from nettui.domain.names import (
    UNKNOWN_NETWORK,
    display_name_of,
    is_only_a_handle,
    looks_like_handle,
    same_handle,
)
from nettui.i18n import _

ME = "me"  # person_id of the user's own needs and offers

NEED_OFFER_KINDS = ("need", "offer")
NEED_OFFER_STATUSES = ("open", "done", "dropped")
INTRODUCTION_STATUSES = ("suggested", "introduced", "helped", "dismissed")
MEETUP_KINDS = ("coffee", "meal", "call", "event", "other")
MEETUP_STATUSES = ("planned", "done", "cancelled")
CHANNELS = (
    "in person",
    "email",
    "phone",
    "video",
    "twitter",
    "linkedin",
    "message",
    "introduction",
    "other",
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


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


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        raise ValidationError(
            _("{field} must be one of {choices}; got {value!r}.").format(
                field=label(what), choices=", ".join(labels_of(choices)), value=value
            )
        )
    return value


def _clean_list(values: list[str]) -> list[str]:
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
    return _clean_list(value)


def _as_bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(_("{field} must be true or false.").format(field=label(name)))
    return value


_CONVERTERS = {
    "str": _as_str,
    "str?": _as_optional_str,
    "list": _as_str_list,
    "bool": _as_bool,
}


class Record:
    """Shared conversion for the dataclasses below: `SCHEMA` maps a field to its kind."""

    # Slotted, like the dataclasses below: 20,000 needs and offers with a __dict__ each
    # took 10 MB more.
    __slots__ = ()

    SCHEMA: ClassVar[dict[str, str]] = {}
    TABLE: ClassVar[str] = ""

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        if not isinstance(data, dict):
            raise ValidationError(
                _("A record of {table} must be an object.").format(table=cls.TABLE)
            )
        values: dict[str, Any] = {}
        for f in fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue
            kind = cls.SCHEMA.get(f.name)
            values[f.name] = _CONVERTERS[kind](data[f.name], f.name) if kind else data[f.name]
        record = cls(**values)
        record.validate()
        return record

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    def validate(self) -> None:
        """Check the whole record; normalise what can be normalised."""


@dataclass(kw_only=True, slots=True)
class Handle:
    """An online identity: a network ("twitter", "linkedin", "github") and a value."""

    network: str
    value: str

    @classmethod
    def parse(cls, text: str) -> Handle:
        """'network:value' as typed by a user, e.g. 'twitter:@ana' or 'linkedin:in/ana'."""
        network, sep, value = text.partition(":")
        if not sep or not network.strip() or not value.strip():
            raise ValidationError(
                _("A handle is written NETWORK:VALUE, like twitter:@ana; got {text!r}.").format(
                    text=text
                )
            )
        return cls(network=network.strip().lower(), value=value.strip())

    def __str__(self) -> str:
        return f"{self.network}:{self.value}"


@dataclass(kw_only=True, slots=True)
class Person(Record):
    TABLE: ClassVar[str] = "people"
    SCHEMA: ClassVar[dict[str, str]] = {
        "id": "str",
        "name": "str",
        "emails": "list",
        "phones": "list",
        "role": "str",
        "company": "str",
        "location": "str",
        "about": "str",
        "goals": "list",
        "concerns": "list",
        "how_we_met": "str",
        "tags": "list",
        "met_in_person": "str?",
        "last_contact": "str?",
        "cadence": "str?",
        "notes": "str",
        "uids": "list",
        "created": "str",
        "updated": "str",
    }

    id: str = field(default_factory=new_id)
    name: str = ""
    handles: list[Handle] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    role: str = ""
    company: str = ""
    location: str = ""
    about: str = ""
    goals: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    how_we_met: str = ""
    tags: list[str] = field(default_factory=list)
    met_in_person: str | None = None  # date of the first meeting in person
    last_contact: str | None = None  # date of the latest interaction
    cadence: str | None = None  # keep-in-touch rule as RFC 5545 RRULE text
    notes: str = ""
    uids: list[str] = field(default_factory=list)  # ids of this person in imported files
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)

    @classmethod
    def from_dict(cls, data: Any) -> Person:
        if isinstance(data, dict) and "handles" in data:
            data = {**data, "handles": _handles_from(data["handles"])}
        # super() with its arguments: slots=True makes a new class, which the bare
        # form's hidden reference does not know.
        return super(Person, cls).from_dict(data)

    def validate(self) -> None:
        self.name = " ".join(self.name.split())
        for name in ("role", "company", "location", "how_we_met"):
            setattr(self, name, getattr(self, name).strip())
        self.emails = _clean_list(self.emails)
        self.phones = _clean_list(self.phones)
        self.tags = _clean_list([t.lstrip("#") for t in self.tags])
        self.goals = _clean_list(self.goals)
        self.concerns = _clean_list(self.concerns)
        for email in self.emails:
            if not _EMAIL.match(email):
                raise ValidationError(
                    _("{email!r} is not an email address (name@example.org).").format(email=email)
                )
        for phone in self.phones:
            if sum(ch.isdigit() for ch in phone) < 3:
                raise ValidationError(
                    _("{phone!r} is not a phone number: it has too few digits.").format(phone=phone)
                )
        if not self.name and not self.handles and not self.emails:
            raise ValidationError(_("A person needs a name, or at least a handle or an email."))
        if self.met_in_person:
            self.met_in_person = check_date(self.met_in_person, "met_in_person")
        if self.last_contact:
            self.last_contact = check_date(self.last_contact, "last_contact")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return data

    @property
    def display_name(self) -> str:
        """The name to show: the real name, else the first handle or email."""
        return display_name_of(self.name, [h.value for h in self.handles], self.emails)

    @property
    def needs_real_name(self) -> bool:
        """True when all we know is a handle: who is this person?"""
        return is_only_a_handle(self.name, [h.value for h in self.handles])

    @property
    def met(self) -> bool:
        return self.met_in_person is not None


def _handles_from(value: Any) -> list[Handle]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(_("handles must be a list of {network, value} objects."))
    handles = []
    for item in value:
        if isinstance(item, Handle):
            handles.append(item)
        elif isinstance(item, str):
            handles.append(Handle.parse(item))
        elif (
            isinstance(item, dict)
            and isinstance(item.get("network"), str)
            and isinstance(item.get("value"), str)
            and item["network"].strip()
            and item["value"].strip()
        ):
            handles.append(Handle(network=item["network"].strip(), value=item["value"].strip()))
        else:
            raise ValidationError(_("Each handle needs a network and a value, like twitter:@ana."))
    return handles


@dataclass(kw_only=True, slots=True)
class NeedOffer(Record):
    TABLE: ClassVar[str] = "needs_offers"
    SCHEMA: ClassVar[dict[str, str]] = {
        "id": "str",
        "person_id": "str",
        "kind": "str",
        "text": "str",
        "tags": "list",
        "status": "str",
        "created": "str",
        "updated": "str",
    }

    id: str = field(default_factory=new_id)
    person_id: str = ME
    kind: str = "need"
    text: str = ""
    tags: list[str] = field(default_factory=list)
    status: str = "open"
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)

    def validate(self) -> None:
        self.text = self.text.strip()
        if not self.text:
            raise ValidationError(_("Say what is needed or offered: the text is empty."))
        if not self.person_id:
            raise ValidationError(_("A need or offer belongs to a person or to 'me'."))
        _check_choice(self.kind, NEED_OFFER_KINDS, "kind")
        _check_choice(self.status, NEED_OFFER_STATUSES, "status")
        self.tags = _clean_list([t.lstrip("#") for t in self.tags])


@dataclass(kw_only=True, slots=True)
class Introduction(Record):
    TABLE: ClassVar[str] = "introductions"
    SCHEMA: ClassVar[dict[str, str]] = {
        "id": "str",
        "need_id": "str",
        "offer_id": "str",
        "status": "str",
        "note": "str",
        "created": "str",
    }

    id: str = field(default_factory=new_id)
    need_id: str = ""
    offer_id: str = ""
    status: str = "suggested"
    note: str = ""
    created: str = field(default_factory=now_iso)

    def validate(self) -> None:
        if not self.need_id or not self.offer_id:
            raise ValidationError(_("An introduction joins a need and an offer."))
        _check_choice(self.status, INTRODUCTION_STATUSES, "status")


@dataclass(kw_only=True, slots=True)
class Meetup(Record):
    TABLE: ClassVar[str] = "meetups"
    SCHEMA: ClassVar[dict[str, str]] = {
        "id": "str",
        "title": "str",
        "people": "list",
        "start": "str",
        "end": "str",
        "place": "str",
        "kind": "str",
        "status": "str",
        "agenda": "str",
        "outcome": "str",
        "photo_together": "bool",
        "created": "str",
        "updated": "str",
    }

    id: str = field(default_factory=new_id)
    title: str = ""
    people: list[str] = field(default_factory=list)
    start: str = ""
    end: str = ""
    place: str = ""
    kind: str = "coffee"
    status: str = "planned"
    agenda: str = ""
    outcome: str = ""
    photo_together: bool = False
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)

    def validate(self) -> None:
        self.title = self.title.strip()
        if not self.title:
            raise ValidationError(_("A meetup needs a title."))
        if not self.people:
            raise ValidationError(_("A meetup needs at least one person."))
        self.start = check_datetime(self.start, "start")
        self.end = check_datetime(self.end, "end")
        if datetime.fromisoformat(self.end) < datetime.fromisoformat(self.start):
            raise ValidationError(_("A meetup cannot end before it starts."))
        _check_choice(self.kind, MEETUP_KINDS, "kind")
        _check_choice(self.status, MEETUP_STATUSES, "status")


@dataclass(kw_only=True, slots=True)
class Interaction(Record):
    TABLE: ClassVar[str] = "interactions"
    SCHEMA: ClassVar[dict[str, str]] = {
        "id": "str",
        "person_id": "str",
        "at": "str",
        "channel": "str",
        "in_person": "bool",
        "summary": "str",
    }

    id: str = field(default_factory=new_id)
    person_id: str = ""
    at: str = field(default_factory=now_iso)
    channel: str = "other"
    in_person: bool = False
    summary: str = ""

    def validate(self) -> None:
        self.summary = " ".join(self.summary.split())
        if not self.summary:
            raise ValidationError(_("An interaction needs one line saying what happened."))
        if not self.person_id:
            raise ValidationError(_("An interaction belongs to a person."))
        self.at = check_datetime(self.at, "at")
        self.channel = self.channel.strip().lower() or "other"
        if self.channel == "in person":
            self.in_person = True


@dataclass(kw_only=True, slots=True)
class Event(Record):
    TABLE: ClassVar[str] = "events"
    SCHEMA: ClassVar[dict[str, str]] = {
        "id": "str",
        "name": "str",
        "start": "str",
        "end": "str",
        "place": "str",
        "people": "list",
        "notes": "str",
    }

    id: str = field(default_factory=new_id)
    name: str = ""
    start: str = ""
    end: str = ""
    place: str = ""
    people: list[str] = field(default_factory=list)
    notes: str = ""

    def validate(self) -> None:
        self.name = self.name.strip()
        if not self.name:
            raise ValidationError(_("An event needs a name."))
        self.start = check_datetime(self.start, "start")
        self.end = check_datetime(self.end, "end")


# Every kind of record, in the order a backup lists them.
RECORD_TYPES: tuple[type[Record], ...] = (
    Person,
    NeedOffer,
    Introduction,
    Meetup,
    Interaction,
    Event,
)


def keep_name_as_handle(person: Person, name: str | None = None) -> Handle | None:
    """A name that looks like a handle ("CL72DJ33", "@ana") is kept as a handle too
    (network "unknown"), so giving the real name later does not lose it; the person
    stays marked "who is this?" until then. `name`: the person's (by default), or the
    name they had before an edit. Returns the handle added, if any."""
    name = (person.name if name is None else name).strip()
    if not looks_like_handle(name) or any(same_handle(h.value, name) for h in person.handles):
        return None
    handle = Handle(network=UNKNOWN_NETWORK, value=name)
    person.handles = [*person.handles, handle]
    return handle


def keep_names_as_handles(person: Person, before: str | None = None) -> bool:
    """The rule of `keep_name_as_handle` for an add or an edit, in one place for the
    app's form and the CLI: the name the person has now, and, on an edit, the name it
    replaces (`before`), which a record stored before this rule did not keep. True
    when a handle was added, so the caller saves the handles too."""
    added = keep_name_as_handle(person) is not None
    if before is not None:
        added = keep_name_as_handle(person, before) is not None or added
    return added
