"""Meetups: meet (plan one), done (record how it went), and agenda."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TypedDict

from nettui.cli.common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    UsageError,
    dump_json,
    fail,
    local_minute,
    open_repository,
    require_person,
    say,
)
from nettui.domain.errors import ValidationError
from nettui.domain.models import MeetupStatus
from nettui.domain.text import one_line, visible
from nettui.i18n import _, ngettext


class AgendaRow(TypedDict):
    """One planned meetup as `agenda --json` prints it (the keys in this order)."""

    id: str
    title: str
    start: str
    end: str
    people: list[str]
    place: str
    status: str


def cmd_meet(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.dates import describe, local_now, parse, parse_duration
    from nettui.domain.labels import meetup_title
    from nettui.domain.models import Meetup

    now = local_now()
    start = parse(args.when, now, args.lang)
    duration = parse_duration(args.duration)
    with open_repository(db) as repo:
        people = [repo.resolve_person(ref) for ref in args.people]
        meetup = Meetup(
            title=args.title or meetup_title(args.kind, [p.display_name for p in people]),
            people=[p.id for p in people],
            start=start.isoformat(),
            end=(start + duration).isoformat(),
            place=args.place,
            kind=args.kind,
            agenda="\n".join(repo.agenda_text(p.id) for p in people).strip(),
        )
        clashes = repo.overlapping(meetup)
        repo.plan_meetup(meetup)
    for other in clashes:
        fail(
            _("warning: it overlaps {title} ({start}).").format(
                title=other.title, start=local_minute(other.start)
            )
        )
    print(meetup.id)
    print(visible(describe(start, now)), file=sys.stderr)
    return EXIT_OK


def cmd_done(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.dates import describe, local_now, parse

    if args.for_person is not None and not (args.need or args.offer):
        raise UsageError(
            _("--for says whose follow-up need or offer it is: add --need or --offer.")
        )
    photo = None
    if isinstance(args.photo, str):  # --photo PATH (a bare --photo is True)
        from nettui.store.photos import NotAnImage, image_from_file

        try:
            photo = image_from_file(args.photo)  # checked before the store is opened
        except NotAnImage as error:
            raise UsageError(str(error)) from None
    with open_repository(db) as repo:
        meetup = repo.resolve_meetup(args.meetup)
        if meetup.status == MeetupStatus.CANCELLED:
            raise UsageError(_("{title} was cancelled.").format(title=meetup.title))
        only_a_photo = not (args.notes or args.need or args.offer or args.next)
        if meetup.status == MeetupStatus.DONE and photo is not None and only_a_photo:
            # The photo came later: recorded once, the meetup still takes its photo.
            repo.add_meetup_photo(meetup.id, photo)
            say(_("Photo together kept with {title}.").format(title=one_line(meetup.title)))
            return EXIT_OK
        repo.check_not_recorded(meetup)
        follow_up_of = None
        if args.for_person is not None:
            # Only who it names: whether they were there, or whether --for was needed at
            # all, is the repository's to say (as for the app's form).
            require_person(args.for_person)
            follow_up_of = repo.resolve_person(args.for_person).id
        next_start = parse(args.next, local_now(), args.lang) if args.next else None
        try:
            again = repo.record_outcome(
                meetup.id,
                outcome=args.notes,
                photo_together=bool(args.photo),
                photo=photo,
                need=args.need or "",
                offer=args.offer or "",
                next_start=next_start,
                follow_up_of=follow_up_of,
            )
        except ValidationError as error:
            several = len(repo.attendees(meetup)) > 1
            if follow_up_of is None and (args.need or args.offer) and several:
                # The repository says who was there; the command line says how to pick.
                hint = _("Add --for PERSON.")
                raise ValidationError(f"{error} {hint}") from None
            raise
        recorded = repo.meetup(meetup.id) or meetup
        names = ", ".join(repo.owner_name(p) for p in meetup.people)
        kept_at = repo.photo_path(recorded) if photo is not None else None
    say(_("Done: {title}. Met in person: {names}.").format(title=meetup.title, names=names))
    if kept_at is not None:
        say(_("Photo kept at {path}").format(path=kept_at))
    if recorded.start != meetup.start:
        say(
            moved_note(datetime.fromisoformat(meetup.start), datetime.fromisoformat(recorded.start))
        )
    if again is not None:
        when = describe(datetime.fromisoformat(again.start), local_now())
        say(_("Next: {id} {when}").format(id=again.id[:8], when=when))
    return EXIT_OK


def moved_note(planned: datetime, moved_to: datetime) -> str:
    """Said when a meetup recorded before its start moves to the moment it was recorded."""
    from nettui.i18n import day_short

    return _("Moved to {moved}, when it was recorded (it was planned for {planned}).").format(
        planned=f"{day_short(planned.astimezone())} {planned.astimezone():%H:%M}",
        moved=f"{day_short(moved_to.astimezone())} {moved_to.astimezone():%H:%M}",
    )


def cmd_agenda(db: Path, args: argparse.Namespace) -> int:
    from datetime import timedelta

    from nettui.domain.dates import local_now
    from nettui.i18n import day_short

    now = local_now()
    with open_repository(db) as repo:
        found = repo.agenda(now, now + timedelta(days=args.days))
        rows: list[AgendaRow] = [
            {
                "id": m.id,
                "title": m.title,
                "start": m.start,
                "end": m.end,
                "people": [repo.owner_name(p) for p in m.people],
                "place": m.place,
                "status": m.status,
            }
            for m in found
        ]
    if args.json:
        dump_json(rows)
    else:
        for row in rows:
            start = datetime.fromisoformat(row["start"]).astimezone(now.tzinfo)
            # one_line() strips the ends of what it is given: the separator is added
            # after it, or "Ana García· Café" loses its space.
            place = f" · {one_line(row['place'])}" if row["place"] else ""
            when = f"{day_short(start)} {start:%H:%M}"
            say(f"{row['id'][:8]}  {when}  {one_line(row['title'])}{place}")
    if not rows:  # exit code 1 alone reads as a failure at a terminal
        fail(
            ngettext(
                "Nothing planned in the next {n} day.",
                "Nothing planned in the next {n} days.",
                args.days,
            ).format(n=args.days)
        )
    return EXIT_OK if rows else EXIT_NOT_FOUND
