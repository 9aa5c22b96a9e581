"""The records nettui keeps, as dataclasses validated on the way in (see
docs/architecture.md).

Every record converts to and from the plain dicts stored in TinyDB. `from_dict` (in
records.py) is the one door into the domain: each field is checked by its annotation,
then the record's `validate` checks enumerations and dates and normalises; errors are
`ValidationError`s with a sentence a user can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from nettui.domain.card import (
    Address,
    KeptProperty,
    Organisation,
    TypedField,
    TypedValue,
    check_partial_date,
)
from nettui.domain.errors import ValidationError
from nettui.domain.names import (
    UNKNOWN_NETWORK,
    display_name_of,
    is_only_a_handle,
    looks_like_handle,
    same_handle,
)
from nettui.domain.records import (
    Record,
    check_choice,
    check_date,
    check_datetime,
    clean_list,
    member_of,
    new_id,
    now_iso,
)
from nettui.i18n import _

__all__ = [  # the records' helpers are imported from here too
    "Address",
    "KeptProperty",
    "Organisation",
    "Record",
    "TypedField",
    "TypedValue",
    "ValidationError",
    "check_date",
    "check_datetime",
    "new_id",
    "now_iso",
]

ME = "me"  # person_id of the user's own needs and offers


# The words a record may hold. The store, the files and the JSON output keep their
# values ("open", "in person"); a StrEnum member is that very string, so it is written
# as it is and compares equal to it.
class NeedOfferKind(StrEnum):
    NEED = "need"
    OFFER = "offer"


class NeedOfferStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class IntroductionStatus(StrEnum):
    """Where a match stands. Between two other people, a double opt-in: each is asked,
    both accept (or one declines), then they are introduced; "dismissed" is the user
    hiding the match, not anyone declining."""

    SUGGESTED = "suggested"
    ASKED = "asked"
    ACCEPTED = "accepted"
    INTRODUCED = "introduced"
    HELPED = "helped"
    DECLINED = "declined"
    DISMISSED = "dismissed"


class MeetupKind(StrEnum):
    COFFEE = "coffee"
    MEAL = "meal"
    CALL = "call"
    EVENT = "event"
    OTHER = "other"


class MeetupStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class Channel(StrEnum):
    """The channels the forms offer; an interaction may name any other ("slack")."""

    IN_PERSON = "in person"
    EMAIL = "email"
    PHONE = "phone"
    VIDEO = "video"
    TWITTER = "twitter"
    LINKEDIN = "linkedin"
    MESSAGE = "message"
    INTRODUCTION = "introduction"
    OTHER = "other"


# The choices in their order, for forms and argument parsers.
NEED_OFFER_KINDS = tuple(NeedOfferKind)
NEED_OFFER_STATUSES = tuple(NeedOfferStatus)
INTRODUCTION_STATUSES = tuple(IntroductionStatus)
MEETUP_KINDS = tuple(MeetupKind)
MEETUP_STATUSES = tuple(MeetupStatus)
CHANNELS = tuple(Channel)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


# Marks that format text without being part of it: Google wraps phone numbers in
# U+202D/U+202C; a copy from a web page brings zero-width spaces and NBSPs.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def clean_phone(text: str) -> str:
    return " ".join(_INVISIBLE.sub("", text).split())


def is_phone(text: str) -> bool:
    """A phone number has at least three digits (Outlook wrote "BusinessPhone")."""
    return sum(ch.isdigit() for ch in text) >= 3


# The hosts of networks where an address names one person, and the network each is.
SOCIAL_HOSTS = {
    "linkedin.com": "linkedin",
    "twitter.com": "twitter",
    "x.com": "twitter",
    "github.com": "github",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "mastodon.social": "mastodon",
}


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

    @classmethod
    def list_from(cls, value: Any) -> list[Handle]:
        """The handles of a record coming in: objects, or NETWORK:VALUE texts."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValidationError(_("handles must be a list of {network, value} objects."))
        handles = []
        for item in value:
            if isinstance(item, Handle):
                handles.append(item)
            elif isinstance(item, str):
                handles.append(cls.parse(item))
            elif (
                isinstance(item, dict)
                and isinstance(item.get("network"), str)
                and isinstance(item.get("value"), str)
                and item["network"].strip()
                and item["value"].strip()
            ):
                handles.append(cls(network=item["network"].strip(), value=item["value"].strip()))
            else:
                raise ValidationError(
                    _("Each handle needs a network and a value, like twitter:@ana.")
                )
        return handles


NAME_PARTS = ("name_prefix", "given_name", "additional_names", "family_name", "name_suffix")


@dataclass(kw_only=True, slots=True)
class Person(Record):
    TABLE: ClassVar[str] = "people"

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
    # The rest of a whole vCard (see card.py). N's parts as imported: the export writes
    # them back instead of guessing them from the name.
    name_prefix: str = ""
    given_name: str = ""
    additional_names: str = ""
    family_name: str = ""
    name_suffix: str = ""
    nickname: str = ""
    urls: list[str] = field(default_factory=list)  # web addresses (handles name people)
    typed: list[TypedValue] = field(default_factory=list)  # types and labels of values
    addresses: list[Address] = field(default_factory=list)
    birthday: str | None = None  # 1990-01-22, or --01-22 without the year
    anniversary: str | None = None
    departments: list[str] = field(default_factory=list)  # units of `company`
    other_organisations: list[Organisation] = field(default_factory=list)
    other_titles: list[str] = field(default_factory=list)  # titles past `role`
    photo: str = ""  # a file in the photos folder beside the store
    kept_properties: list[KeptProperty] = field(default_factory=list)

    def validate(self) -> None:
        self.name = " ".join(self.name.split())
        for name in ("role", "company", "location", "how_we_met", "nickname", *NAME_PARTS):
            setattr(self, name, getattr(self, name).strip())
        self.emails = clean_list(self.emails)
        self.phones = clean_list(clean_phone(p) for p in self.phones)
        self.urls = clean_list(self.urls)
        self.departments = clean_list(self.departments)
        self.other_titles = clean_list(self.other_titles)
        # Types and labels of values no longer held go with them (an edit removed one).
        held = {
            TypedField.EMAIL: self.emails,
            TypedField.PHONE: self.phones,
            TypedField.URL: self.urls,
        }
        for typed in self.typed:
            if typed.of == TypedField.PHONE:
                typed.value = clean_phone(typed.value)
        self.typed = [t for t in self.typed if t.value in held[TypedField(t.of)]]
        if self.birthday:
            self.birthday = check_partial_date(self.birthday, "birthday")
        if self.anniversary:
            self.anniversary = check_partial_date(self.anniversary, "anniversary")
        self.tags = clean_list([t.lstrip("#") for t in self.tags])
        self.goals = clean_list(self.goals)
        self.concerns = clean_list(self.concerns)
        for email in self.emails:
            if not is_email(email):
                raise ValidationError(
                    _("{email!r} is not an email address (name@example.org).").format(email=email)
                )
        for phone in self.phones:
            if not is_phone(phone):
                raise ValidationError(
                    _("{phone!r} is not a phone number: it has too few digits.").format(phone=phone)
                )
        if not self.name and not self.handles and not self.emails:
            raise ValidationError(_("A person needs a name, or at least a handle or an email."))
        if self.met_in_person:
            self.met_in_person = check_date(self.met_in_person, "met_in_person")
        if self.last_contact:
            self.last_contact = check_date(self.last_contact, "last_contact")

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


@dataclass(kw_only=True, slots=True)
class NeedOffer(Record):
    TABLE: ClassVar[str] = "needs_offers"

    id: str = field(default_factory=new_id)
    person_id: str = ME
    kind: NeedOfferKind = NeedOfferKind.NEED
    text: str = ""
    tags: list[str] = field(default_factory=list)
    status: NeedOfferStatus = NeedOfferStatus.OPEN
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)

    def validate(self) -> None:
        self.text = self.text.strip()
        if not self.text:
            raise ValidationError(_("Say what is needed or offered: the text is empty."))
        if not self.person_id:
            raise ValidationError(_("A need or offer belongs to a person or to 'me'."))
        self.kind = check_choice(self.kind, NeedOfferKind, "kind")
        self.status = check_choice(self.status, NeedOfferStatus, "status")
        self.tags = clean_list([t.lstrip("#") for t in self.tags])


@dataclass(kw_only=True, slots=True)
class Introduction(Record):
    TABLE: ClassVar[str] = "introductions"

    id: str = field(default_factory=new_id)
    need_id: str = ""
    offer_id: str = ""
    status: IntroductionStatus = IntroductionStatus.SUGGESTED
    note: str = ""
    created: str = field(default_factory=now_iso)
    # The states already written in both people's histories: each is logged once
    # (asked, accepted...), however often it is set again; "helped" each time.
    logged: list[str] = field(default_factory=list)

    def validate(self) -> None:
        if not self.need_id or not self.offer_id:
            raise ValidationError(_("An introduction joins a need and an offer."))
        self.status = check_choice(self.status, IntroductionStatus, "status")


@dataclass(kw_only=True, slots=True)
class Meetup(Record):
    TABLE: ClassVar[str] = "meetups"

    id: str = field(default_factory=new_id)
    title: str = ""
    people: list[str] = field(default_factory=list)
    start: str = ""
    end: str = ""
    place: str = ""
    kind: MeetupKind = MeetupKind.COFFEE
    status: MeetupStatus = MeetupStatus.PLANNED
    agenda: str = ""
    outcome: str = ""
    photo_together: bool = False
    # The photo together: a file's name in the photos folder beside the store
    # (store/photos.py), "" for none; a path would break when the store moves.
    photo: str = ""
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
        self.kind = check_choice(self.kind, MeetupKind, "kind")
        self.status = check_choice(self.status, MeetupStatus, "status")


@dataclass(kw_only=True, slots=True)
class Interaction(Record):
    TABLE: ClassVar[str] = "interactions"

    id: str = field(default_factory=new_id)
    person_id: str = ""
    at: str = field(default_factory=now_iso)
    channel: Channel | str = Channel.OTHER
    in_person: bool = False
    summary: str = ""

    def validate(self) -> None:
        self.summary = " ".join(self.summary.split())
        if not self.summary:
            raise ValidationError(_("An interaction needs one line saying what happened."))
        if not self.person_id:
            raise ValidationError(_("An interaction belongs to a person."))
        self.at = check_datetime(self.at, "at")
        channel = self.channel.strip().lower() or Channel.OTHER
        self.channel = member_of(channel, Channel) or channel
        if self.channel == Channel.IN_PERSON:
            self.in_person = True


@dataclass(kw_only=True, slots=True)
class Event(Record):
    TABLE: ClassVar[str] = "events"

    id: str = field(default_factory=new_id)
    name: str = ""
    start: str = ""
    end: str = ""
    place: str = ""
    people: list[str] = field(default_factory=list)  # going, or there (ids)
    notes: str = ""
    met: list[str] = field(default_factory=list)  # met there, in person (ids; also in people)

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
