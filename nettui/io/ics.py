"""Meetups as iCalendar (RFC 5545), with the icalendar library: the planned ones
as one file (`nettui export --format ics`), or one meetup a file (the sync's vdir).

Each planned meetup is a VEVENT whose UID is its id, so exporting again updates the
same events in a calendar instead of duplicating them. Times carry the user's named
time zone (TZID plus a VTIMEZONE) when it is known, else UTC.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nettui import __version__
from nettui.domain.models import Meetup, MeetupStatus
from nettui.i18n import _

UID_DOMAIN = "nettui"


def local_zone_name() -> str | None:
    """The IANA name of the user's zone (TZ, /etc/timezone or /etc/localtime), if any."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    with contextlib.suppress(OSError):
        candidates.append(os.readlink("/etc/localtime").split("zoneinfo/", 1)[-1])
    for name in candidates:
        if not name:
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return None


def meetups_to_ics(
    meetups: list[Meetup],
    people: dict[str, tuple[str, str | None]],
    zone_name: str | None = None,
) -> bytes:
    """An iCalendar file of the planned meetups; `people` maps ids to (name, email)."""
    zone: tzinfo = ZoneInfo(zone_name) if zone_name else UTC
    calendar = _calendar()
    stamp = datetime.now(UTC).replace(microsecond=0)
    for meetup in meetups:
        if meetup.status != MeetupStatus.PLANNED:
            continue
        calendar.add_component(meetup_event(meetup, people, zone, stamp))
    if zone_name:
        calendar.add_missing_timezones()
    return calendar.to_ical()


def meetup_to_ics(
    meetup: Meetup, people: dict[str, tuple[str, str | None]], zone_name: str | None = None
) -> bytes:
    """One meetup as a calendar file of its own (one VCALENDAR, one VEVENT and its
    VTIMEZONE), as a vdir holds it: the same event as the export's, whatever its
    status (the sync keeps a done or cancelled meetup's event up to date)."""
    zone: tzinfo = ZoneInfo(zone_name) if zone_name else UTC
    calendar = _calendar()
    stamp = datetime.now(UTC).replace(microsecond=0)
    calendar.add_component(meetup_event(meetup, people, zone, stamp))
    if zone_name:
        calendar.add_missing_timezones()
    return calendar.to_ical()


def _calendar() -> Any:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//nettui//nettui {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def uid_of(meetup_id: str) -> str:
    """A meetup's event UID (stable: exporting or syncing again updates the event)."""
    return f"{meetup_id}@{UID_DOMAIN}"


def meetup_event(
    meetup: Meetup, people: dict[str, tuple[str, str | None]], zone: tzinfo, stamp: datetime
) -> Any:
    """One meetup's VEVENT. A planned one has no STATUS (as the export has always
    written it); a cancelled one is STATUS:CANCELLED; a done one STATUS:CONFIRMED, at
    the time it was recorded. How it went (the outcome) stays in nettui: a calendar
    is often shared or shown on a lock screen."""
    from icalendar import Event, vCalAddress, vText

    event = Event()
    event.add("uid", uid_of(meetup.id))
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.fromisoformat(meetup.start).astimezone(zone))
    event.add("dtend", datetime.fromisoformat(meetup.end).astimezone(zone))
    event.add("summary", meetup.title)
    if meetup.place:
        event.add("location", meetup.place)
    attendees = [people.get(p, (p, None)) for p in meetup.people]
    description = _("With: {names}").format(names=", ".join(name for name, _email in attendees))
    if meetup.agenda:
        description += "\n\n" + meetup.agenda
    event.add("description", description)
    event.add("categories", [meetup.kind])
    for name, email in attendees:
        if email:  # an ATTENDEE needs an address; the names are in DESCRIPTION
            attendee = vCalAddress(f"mailto:{email}")
            attendee.params["cn"] = vText(name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=False)
    if meetup.status == MeetupStatus.CANCELLED:
        event.add("status", "CANCELLED")
    elif meetup.status == MeetupStatus.DONE:
        event.add("status", "CONFIRMED")
    return event


# -- reading one event back (the sync's calendar folder) -------------------------------


class IcsProblem(ValueError):
    """A calendar file nettui cannot read; `line` is where (1-based), when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class ParsedEvent:
    """What nettui reads back from an event: its UID, SUMMARY, LOCATION, the start
    and end as moments (a floating time is taken as local, an all-day date as local
    midnight) and STATUS (upper case, "" when none)."""

    uid: str
    title: str
    place: str
    start: datetime
    end: datetime
    status: str


def _structure_problem(text: str) -> IcsProblem | None:
    """BEGIN and END that do not pair, with the line, before icalendar (which says
    only that something is missing) reads the file."""
    open_: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line[0] in " \t":  # blank, or a folded line's rest
            continue
        if ":" not in line:
            return IcsProblem(_("this line is not a property (NAME:value)."), number)
        name, _sep, value = line.partition(":")
        name = name.split(";", 1)[0].strip().upper()
        if name == "BEGIN":
            open_.append((value.strip().upper(), number))
        elif name == "END":
            if not open_ or open_[-1][0] != value.strip().upper():
                return IcsProblem(_("END:{name} ends nothing begun.").format(name=value), number)
            open_.pop()
    if open_:
        name, number = open_[-1]
        return IcsProblem(_("BEGIN:{name} has no END:{name}.").format(name=name), number)
    return None


def _line_of(text: str, prop: str) -> int | None:
    """The line of a property (or, given "BEGIN:VEVENT", of that line)."""
    prop = prop.upper()
    for number, line in enumerate(text.splitlines(), 1):
        upper = line.upper().rstrip()
        if upper == prop or upper.startswith((prop + ":", prop + ";")):
            return number
    return None


def _moment(value: object, local: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=local)
    if isinstance(value, date):  # an all-day event: from midnight, local
        return datetime.combine(value, time(), local)
    raise ValueError(value)


def read_event(data: bytes, local: tzinfo) -> ParsedEvent:
    """The one event of a calendar file (a recurring event's overrides aside), or
    IcsProblem saying why not."""
    from icalendar import Calendar, Event

    text = data.decode("utf-8", errors="replace")
    problem = _structure_problem(text)
    if problem is not None:
        raise problem
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as error:
        raise IcsProblem(_("not an iCalendar file ({error}).").format(error=error)) from None
    events = [
        e for e in calendar.walk("VEVENT") if isinstance(e, Event) and "RECURRENCE-ID" not in e
    ]
    if len(events) != 1:
        raise IcsProblem(
            _("a meetup file holds one event; this one holds {n}.").format(n=len(events))
        )
    event = events[0]
    uid = str(event.get("UID", "")).strip()
    if not uid:
        raise IcsProblem(_("the event has no UID."), _line_of(text, "BEGIN:VEVENT"))
    for prop, why in event.errors:
        raise IcsProblem(f"{prop}: {why}", _line_of(text, prop or ""))
    try:
        start = _moment(event.start, local)
        end = _moment(event.end, local)
    except ValueError:
        raise IcsProblem(
            _("the event has no start time."), _line_of(text, "BEGIN:VEVENT")
        ) from None
    return ParsedEvent(
        uid=uid,
        title=str(event.get("SUMMARY", "")),
        place=str(event.get("LOCATION", "")),
        start=start,
        end=end,
        status=str(event.get("STATUS", "")).strip().upper(),
    )
