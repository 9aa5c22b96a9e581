"""vdirsyncer's conflicts for events (resolve.py): the calendar app's copy is the
base of the merge, with the event's own fields (nettui's) laid on top. Its alarms,
time zones, attendees and any part nettui does not model stay exactly as they came;
a component appearing twice (two alarms) is no reason to give up."""

from __future__ import annotations

import re

from nettui.sync.lines import property_name as _name
from nettui.sync.lines import unfolded as _lines

# nettui's fields of an event, by the name the exchange's meetup conflicts use.
FIELDS = {
    "when": ("DTSTART", "DTEND", "DURATION"),
    "place": ("LOCATION",),
    "title": ("SUMMARY",),
    "status": ("STATUS",),
    "description": ("DESCRIPTION",),
}
_MAIN = ("VCALENDAR", "VEVENT")


def _value(line: str) -> str:
    """A line as parsed: parameters without their quotes (servers drop them), in order."""
    head, _sep, value = line.partition(":")
    return head.replace('"', "").upper() + ":" + value


def _fields(lines: list[str]) -> dict[str, list[str]]:
    """{field: its lines} of the first event (not of its alarms)."""
    stack: list[str] = []
    found: dict[str, list[str]] = {f: [] for f in FIELDS}
    first = True
    for line in lines:
        name = _name(line)
        if name == "BEGIN":
            stack.append(line.partition(":")[2].strip().upper())
        elif name == "END":
            if tuple(stack) == _MAIN:
                first = False
            if stack:
                stack.pop()
        elif first and tuple(stack) == _MAIN:
            for field, names in FIELDS.items():
                if name in names:
                    found[field].append(line)
    return found


def _timezones(lines: list[str]) -> dict[str, list[str]]:
    """{TZID: the VTIMEZONE's lines}."""
    zones: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        if line.upper() == "BEGIN:VTIMEZONE":
            current = []
        if current is not None:
            current.append(line)
            if line.upper() == "END:VTIMEZONE":
                tzid = next((x.partition(":")[2] for x in current if _name(x) == "TZID"), "")
                zones[tzid] = current
                current = None
    return zones


def merge_event(base: str | None, ours: str, theirs: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The merged calendar and the fields both changed differently, as (field, ours,
    theirs), ours kept. A field changed on one side only is taken from that side."""
    mine, other = _lines(ours), _lines(theirs)
    a, b = _fields(mine), _fields(other)
    old = _fields(_lines(base)) if base is not None else None
    take: dict[str, list[str]] = {}
    conflicts: list[tuple[str, str, str]] = []
    for field in FIELDS:
        same = [_value(x) for x in a[field]] == [_value(x) for x in b[field]]
        was = [_value(x) for x in old[field]] if old is not None else None
        if same or (was is not None and [_value(x) for x in a[field]] == was):
            continue  # theirs stands
        if not (was is not None and [_value(x) for x in b[field]] == was) and b[field]:
            conflicts.append((field, "\n".join(a[field]), "\n".join(b[field])))
        take[field] = a[field]
    if not take:
        return "\r\n".join(other) + "\r\n", conflicts
    drop = {n for f in take for n in FIELDS[f]}
    zones, have = _timezones(mine), _timezones(other)
    needed = {
        m.group(1)
        for x in (y for f in take for y in take[f])
        if (m := re.search(r"TZID=\"?([^\";:]+)", x))
    }
    out: list[str] = []
    stack: list[str] = []
    first = True
    for line in other:
        name = _name(line)
        if name == "BEGIN":
            if line.upper() == "BEGIN:VEVENT" and first and tuple(stack) == ("VCALENDAR",):
                for tzid in sorted(needed - have.keys()):
                    out += zones.get(tzid, [])  # nettui's time zone, for its time
            stack.append(line.partition(":")[2].strip().upper())
        elif name == "END":
            if tuple(stack) == _MAIN and first:
                out += [x for f in take for x in take[f]]
                first = False
            if stack:
                stack.pop()
        elif first and tuple(stack) == _MAIN and name in drop:
            continue
        out.append(line)
    return "\r\n".join(out) + "\r\n", conflicts
