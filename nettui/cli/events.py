"""Events: `event add`, `event met`, `event going`, and `events` (the list)."""

from __future__ import annotations

import argparse
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from nettui.cli.common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    UsageError,
    dump_json,
    fail,
    open_repository,
    say,
)
from nettui.domain.text import one_line, visible
from nettui.i18n import _

if TYPE_CHECKING:
    from nettui.store.repository import Repository


class EventRow(TypedDict):
    """One event as `events --json` prints it (the keys in this order)."""

    id: str
    name: str
    start: str
    end: str
    place: str
    people: list[str]  # going, or there
    met: list[str]  # met there in person


def cmd_event_group(db: Path, args: argparse.Namespace) -> int:
    """`nettui event ACTION`: add, met, going."""
    action = {"add": cmd_event_add, "met": cmd_event_met, "going": cmd_event_going}
    return action[args.event_command](db, args)


def cmd_event_add(db: Path, args: argparse.Namespace) -> int:
    import sys

    from nettui.domain.dates import local_now
    from nettui.domain.events import describe_span, event_span
    from nettui.domain.models import Event

    now = local_now()
    start, end = event_span(args.when, args.length or "", now, args.lang)
    event = Event(name=args.name, start=start.isoformat(), end=end.isoformat(), place=args.place)
    with open_repository(db) as repo:
        repo.add_event(event)
    print(event.id)
    print(visible(describe_span(start, end, now)), file=sys.stderr)
    return EXIT_OK


def _say_both(args: argparse.Namespace) -> None:
    """An empty EVENT or PERSON is bad input (exit 2), not someone not found."""
    if not args.event.strip():
        raise UsageError(_("Say which event: its name or id."))
    if not args.person.strip():
        raise UsageError(_("Say who: a name or an id."))


# An id or its start, as `show` prints them: 4 or more hex digits and nothing else.
_LOOKS_LIKE_AN_ID = re.compile(r"[0-9a-f]{4,32}")


def cmd_event_met(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.events import refuse_me

    _say_both(args)
    refuse_me(args.person)
    with open_repository(db) as repo:
        event = repo.resolve_event(args.event)
        if not args.new:
            known = repo.known_for_met(args.person)
            if known is None:
                _refuse_a_part_of_a_name(repo, args.person)
                if _LOOKS_LIKE_AN_ID.fullmatch(args.person.strip()):
                    # A mistyped id is not someone new called "deadbeef".
                    raise UsageError(
                        _(
                            "No one has the id {ref}. Add --new for someone new called {ref}."
                        ).format(ref=args.person.strip())
                    )
        elif repo.known_for_met(args.person) is not None:
            raise UsageError(
                _("{name!r} is someone you know already; leave out --new.").format(name=args.person)
            )
        met = repo.met_at_event(event.id, args.person, args.note or "")
    if met.new:
        said = _("New: {name}, met at {event}.")
    elif met.again and met.noted:
        said = _("Already met there: {name}, at {event}. The note is added.")
    elif met.again:
        said = _("Already met there: {name}, at {event}.")
    elif met.first_meeting:
        said = _("Met in person for the first time: {name}, at {event}.")
    else:
        said = _("Met again: {name}, at {event}.")
    say(said.format(name=met.person.display_name, event=event.name))
    print(met.person.id)
    return EXIT_OK


def _refuse_a_part_of_a_name(repo: Repository, ref: str) -> None:
    """A name that only starts a known person's ("Ana" for Ana García) is not taken as
    them, nor silently as someone new: the user says which (all of them, when it
    starts the names of several)."""
    people = repo.started_by(ref)
    if len(people) == 1:
        [person] = people
        raise UsageError(
            _(
                "{ref!r} is not anyone's whole name: did you mean {name} ({id})? Give the "
                "whole name or the id, or add --new for someone new called {ref}."
            ).format(ref=ref, name=person.display_name, id=person.id[:8])
        )
    if people:
        listing = "; ".join(f"{p.display_name} ({p.id[:8]})" for p in people)
        raise UsageError(
            _(
                "{ref!r} is not anyone's whole name: it starts {listing}. Give an id, or add "
                "--new for someone new called {ref}."
            ).format(ref=ref, listing=listing)
        )


def cmd_event_going(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.dates import local_now
    from nettui.domain.events import refuse_me

    _say_both(args)
    refuse_me(args.person)
    with open_repository(db) as repo:
        event = repo.resolve_event(args.event)
        person = repo.resolve_person(args.person)
        repo.going_to_event(event.id, person.id)
    started = datetime.fromisoformat(event.start) <= local_now()
    said = _("{name} was at {event}.") if started else _("{name} is going to {event}.")
    say(said.format(name=person.display_name, event=event.name))
    return EXIT_OK


def cmd_events(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.dates import local_now
    from nettui.i18n import day_short

    now = local_now()
    with open_repository(db) as repo:
        rows: list[EventRow] = [
            {
                "id": e.id,
                "name": e.name,
                "start": e.start,
                "end": e.end,
                "place": e.place,
                "people": [repo.owner_name(p) for p in e.people if repo.person(p)],
                "met": [repo.owner_name(p) for p in e.met if repo.person(p)],
            }
            for e in repo.events()
        ]
    if args.json:
        dump_json(rows)
        return EXIT_OK
    for row in rows:
        start = datetime.fromisoformat(row["start"]).astimezone(now.tzinfo)
        place = f" · {one_line(row['place'])}" if row["place"] else ""
        counts = []
        if row["met"]:
            counts.append(_("met {n}").format(n=len(row["met"])))
        if len(row["people"]) > len(row["met"]):
            counts.append(_("going {n}").format(n=len(row["people"]) - len(row["met"])))
        tail = f"  ({', '.join(counts)})" if counts else ""
        say(f"{row['id'][:8]}  {day_short(start)}  {one_line(row['name'])}{place}{tail}")
    if not rows:
        fail(_("No events yet. Add one: nettui event add NAME --when DATE"))
        return EXIT_NOT_FOUND
    return EXIT_OK
