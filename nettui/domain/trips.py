"""Trips: "I'll be in Valladolid Monday to Wednesday: who should I see?"

Pure functions: where people are (their location, their addresses' localities), the
trip's days, who is worth seeing and why, best first, and the free slots to plan a
coffee with each. The store (store/trips.py) hands them what it already knows: the
matcher's "needs you can help with", the Dashboard's overdue keep-in-touch, the
conversations counted per person, the events.

Decisions:
- A place matches by whole folded words, consecutive: "san sebastian" is in "San
  Sebastián, Gipuzkoa", "leon" is not in "Leonardo". A person's location and each
  address's locality are matched so; an address's region only when the whole place
  is the region ("gipuzkoa"): a region is wider than the city a trip goes to, and
  "León" must not bring everyone in Castilla y León.
- Best first: never met in person, then needs I can help with, then keep-in-touch
  overdue, then the most conversations; then by name.
- Slots are the configured times of each day of the trip, in the zone of the trip's
  start; a time that does not exist that day (the clocks go forward) is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from nettui.domain.errors import ValidationError
from nettui.domain.text import tokens
from nettui.i18n import _, day_month_year, ngettext, weekday_day_time

MAX_DAYS = 31  # a trip longer than a month is a move, not a trip
DEFAULT_SLOTS = ("10:00", "12:00", "16:00", "18:00")

Words = tuple[str, ...]


# -- where ---------------------------------------------------------------------------------


def place_words(place: str) -> Words:
    """The folded words of the place a trip goes to; a place with none is refused."""
    found = tuple(tokens(place))
    if not found:
        raise ValidationError(_("Say where the trip goes: a city, such as Valladolid."))
    return found


def has_words(text_words: Sequence[str], wanted: Words) -> bool:
    """Are `wanted` in `text_words`, whole and one after another?"""
    size = len(wanted)
    first = wanted[0]
    return any(
        word == first and tuple(text_words[at : at + size]) == wanted
        for at, word in enumerate(text_words)
    )


def place_as_written(place: str, written: Iterable[str]) -> str:
    """The trip's place as people's records write it ("Valladolid" for "valladolid"
    typed, from "Valladolid, España"): the meetups it plans carry it. Typed with
    capitals, or written nowhere as that very place, it stays as typed."""
    typed = " ".join(place.split())
    if typed != typed.lower():
        return typed
    wanted = place_words(typed)
    for text in written:
        for part in (p.strip() for p in text.split(",")):
            if part != part.lower() and tuple(tokens(part)) == wanted:
                return part
    return typed


@dataclass(frozen=True)
class Whereabouts:
    """Where a person is: each place as written, with its words."""

    places: tuple[tuple[str, Words], ...]  # the location, each address's locality
    regions: tuple[tuple[str, Words], ...]  # each address's region, matched whole only

    def match(self, wanted: Words) -> str | None:
        """The place as written that `wanted` matches, or None."""
        for text, words in self.places:
            if has_words(words, wanted):
                return text
        for text, words in self.regions:
            if words == wanted:
                return text
        return None


def whereabouts(person: Mapping[str, Any]) -> Whereabouts | None:
    """Where a stored person is (None: nowhere said)."""
    places = []
    if person.get("location"):
        places.append((person["location"], tuple(tokens(person["location"]))))
    regions = []
    for address in person.get("addresses") or ():
        if address.get("locality"):
            places.append((address["locality"], tuple(tokens(address["locality"]))))
        if address.get("region"):
            regions.append((address["region"], tuple(tokens(address["region"]))))
    if not places and not regions:
        return None
    return Whereabouts(tuple(places), tuple(regions))


# -- when ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TripDays:
    """From the start of the first day to the end of the last, local time."""

    first: date
    last: date
    start: datetime
    end: datetime  # the start of the day after the last

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return start < self.end and self.start < end


def trip_days(first: datetime, last: datetime) -> TripDays:
    """The trip from `first`'s day to `last`'s day (aware moments, as dates.parse gives)."""
    zone = first.tzinfo
    if last.date() < first.date():
        raise ValidationError(
            _("The trip ends before it starts: {last} is before {first}.").format(
                last=day_month_year(last), first=day_month_year(first)
            )
        )
    days = (last.date() - first.date()).days + 1
    if days > MAX_DAYS:
        raise ValidationError(
            _("A trip is at most {max} days; from {first} to {last} is {n}.").format(
                max=MAX_DAYS, first=day_month_year(first), last=day_month_year(last), n=days
            )
        )
    start = datetime.combine(first.date(), time(0), zone)
    end = datetime.combine(last.date() + timedelta(days=1), time(0), zone)
    return TripDays(first.date(), last.date(), start, end)


# -- who -----------------------------------------------------------------------------------


@dataclass
class Candidate:
    """Someone worth seeing on the trip, and why."""

    person_id: str
    name: str
    met_in_person: str | None = None
    where: str = ""  # what matched: their location or an address's locality
    helps: list[str] = field(default_factory=list)  # their needs one of my offers meets
    overdue_since: date | None = None
    conversations: int = 0
    events: list[str] = field(default_factory=list)  # events there they are going to
    planned: datetime | None = None  # a meetup with them already planned in the trip
    slot: datetime | None = None  # planned: the coffee's start

    def rank(self) -> tuple[bool, bool, bool, int, str]:
        return (
            self.met_in_person is not None,
            not self.helps,
            self.overdue_since is None,
            -self.conversations,
            self.name.casefold(),
        )

    def why(self) -> list[str]:
        """The reasons, in the language of the interface, in the order they rank."""
        found = []
        if self.met_in_person is None:
            found.append(_("never met in person"))
        if self.helps:
            found.append(_("needs you can help with: {needs}").format(needs="; ".join(self.helps)))
        if self.overdue_since is not None:
            found.append(
                _("keep-in-touch overdue since {date}").format(
                    date=day_month_year(self.overdue_since)
                )
            )
        if self.conversations:
            found.append(
                ngettext("{n} conversation", "{n} conversations", self.conversations).format(
                    n=self.conversations
                )
            )
        for event in self.events:
            found.append(_("going to {event}").format(event=event))
        if self.planned is not None:
            found.append(_("meeting planned {when}").format(when=weekday_day_time(self.planned)))
        return found


def best_first(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=Candidate.rank)


# -- when to meet them ---------------------------------------------------------------------


def parse_slot(text: str) -> time:
    """ "10:00" as a time of day; ValueError if it is not one."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or len(minutes) != 2 or not minutes.isdigit():
        raise ValueError(text)
    return time(int(hours), int(minutes))  # ValueError past 23:59


def free_slots(
    trip: TripDays,
    slots: Sequence[time],
    length: timedelta,
    busy: Iterable[tuple[datetime, datetime]],
    now: datetime,
) -> Iterator[datetime]:
    """The slots of the trip that are ahead of `now` and overlap nothing `busy`, in
    order. `busy` may grow while this runs: a slot taken is busy for the next ones."""
    from dateutil import tz

    taken = busy if isinstance(busy, list) else list(busy)
    day = trip.first
    while day <= trip.last:
        for at in sorted(slots):
            start = datetime.combine(day, at, trip.start.tzinfo)
            if trip.start.tzinfo is not None and not tz.datetime_exists(start):
                continue
            end = start + length
            if start < now or any(b_start < end and start < b_end for b_start, b_end in taken):
                continue
            yield start
        day += timedelta(days=1)


def assign_slots(
    candidates: Sequence[Candidate],
    trip: TripDays,
    slots: Sequence[time],
    length: timedelta,
    busy: Iterable[tuple[datetime, datetime]],
    now: datetime,
) -> list[Candidate]:
    """Give each candidate, in order, the first free slot left (one person a slot,
    none overlapping another or anything busy); those given one are returned, with
    `slot` set. Who comes after the last free slot gets none."""
    taken = list(busy)
    planned = []
    free = free_slots(trip, slots, length, taken, now)
    for candidate in candidates:
        start = next(free, None)
        if start is None:
            break
        candidate.slot = start
        taken.append((start, start + length))
        planned.append(candidate)
    return planned
