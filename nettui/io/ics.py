"""Planned meetups as an iCalendar file (RFC 5545), with the icalendar library.

Each planned meetup is a VEVENT whose UID is its id, so exporting again updates the
same events in a calendar instead of duplicating them. Times carry the user's named
time zone (TZID plus a VTIMEZONE) when it is known, else UTC.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime, tzinfo
from pathlib import Path
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
    from icalendar import Calendar, Event, vCalAddress, vText

    zone: tzinfo = ZoneInfo(zone_name) if zone_name else UTC
    calendar = Calendar()
    calendar.add("prodid", f"-//nettui//nettui {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for meetup in meetups:
        if meetup.status != MeetupStatus.PLANNED:
            continue
        event = Event()
        event.add("uid", f"{meetup.id}@{UID_DOMAIN}")
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
        calendar.add_component(event)
    if zone_name:
        calendar.add_missing_timezones()
    return calendar.to_ical()
