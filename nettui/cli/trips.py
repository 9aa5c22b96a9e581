"""trip: who to see at a place during a trip, and (--plan N) a coffee with the first N."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TypedDict

from nettui.cli.common import EXIT_NOT_FOUND, EXIT_OK, UsageError, dump_json, fail, open_repository
from nettui.domain.text import one_line
from nettui.i18n import _, ngettext


class TripPerson(TypedDict):
    id: str
    name: str


class TripRow(TypedDict):
    """One candidate as `trip --json` prints it (the keys in this order)."""

    person: TripPerson
    met_in_person: str | None
    why: list[str]
    slot: str | None
    meetup: str | None  # the coffee planned with them (--plan), its id


def _moment(flag: str, text: str, now: datetime, lang: str) -> datetime:
    from nettui.domain.dates import DateError
    from nettui.domain.events import parse_either

    try:
        # "1 Dec" seen on 6 Dec is five days ago (a trip just over), never next year's.
        return parse_either(text, now, lang)
    except DateError as error:
        raise UsageError(f"{flag}: {error}") from None


def cmd_trip(db: Path, args: argparse.Namespace) -> int:
    from nettui import config as settings
    from nettui.domain.dates import local_now, parse_duration
    from nettui.domain.trips import place_words, trip_days
    from nettui.i18n import day_month_year, weekday_day_time
    from nettui.store.trips import plan_trip, trip_candidates

    now = local_now()
    place_words(args.place)  # a place with no words is said before the dates
    trip = trip_days(
        _moment("--from", args.start, now, args.lang), _moment("--to", args.end, now, args.lang)
    )
    if args.plan and trip.end <= now:
        raise UsageError(
            _("That trip is over ({last}): there is nothing left to plan.").format(
                last=day_month_year(trip.last)
            )
        )
    config = settings.load()
    for problem in config.problems:
        if problem.values.get("key") in ("trip_slots", "meetup_length"):
            fail(str(problem))  # the default is used: said, not fatal
    length = parse_duration(config.meetup_length)
    with open_repository(db) as repo:
        found = trip_candidates(repo, args.place, trip, now.date())
        # Who has a meetup planned in those days already is not planned again: the
        # command run twice plans the next ones.
        chosen = [c for c in found if c.planned is None][: args.plan] if args.plan else []
        planned = plan_trip(repo, args.place, trip, chosen, config.trip_times, length, now)
    meetup_of = {m.people[0]: m for m in planned}
    rows: list[TripRow] = [
        {
            "person": {"id": c.person_id, "name": c.name},
            "met_in_person": c.met_in_person,
            "why": c.why(),
            "slot": c.slot.isoformat() if c.slot and c.person_id in meetup_of else None,
            "meetup": meetup_of[c.person_id].id if c.person_id in meetup_of else None,
        }
        for c in found
    ]
    if args.json:
        dump_json(rows)
    elif args.plan:
        for meetup in planned:
            print(meetup.id)
    else:
        for candidate, row in zip(found, rows, strict=True):
            where = f" ({one_line(candidate.where)})" if candidate.where else ""
            reasons = one_line("; ".join(row["why"]))
            said = f": {reasons}" if reasons else ""  # met, nothing pending: there, no more
            print(f"{candidate.person_id[:8]}  {one_line(candidate.name)}{where}{said}")
    if not found:
        fail(
            _("Nobody you know is in {place} from {first} to {last}.").format(
                place=one_line(args.place),
                first=day_month_year(trip.first),
                last=day_month_year(trip.last),
            )
        )
        return EXIT_NOT_FOUND
    if args.plan and not args.json:
        for meetup in planned:
            start = datetime.fromisoformat(meetup.start).astimezone(now.tzinfo)
            print(f"{weekday_day_time(start)}  {one_line(meetup.title)}", file=sys.stderr)
    if args.plan and found and not chosen:
        fail(_("Everyone there already has a meetup planned in those days."))
    left = len(chosen) - len(planned)
    if left:
        fail(
            ngettext(
                "{n} person did not fit in a free slot of the trip.",
                "{n} people did not fit in a free slot of the trip.",
                left,
            ).format(n=left)
        )
    return EXIT_OK
