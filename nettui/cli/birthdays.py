"""`nettui birthdays`: the birthdays and anniversaries of the next days."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypedDict

from nettui.cli.common import EXIT_OK, dump_json, open_repository, say
from nettui.domain.text import one_line
from nettui.i18n import _, ngettext


class PersonRef(TypedDict):
    id: str
    name: str


class BirthdayRow(TypedDict):
    person: PersonRef
    date: str
    age: int | None  # for an anniversary, the years since it
    kind: str


def cmd_birthdays(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain import birthdays
    from nettui.domain.dates import local_now

    today = local_now().date()
    with open_repository(db) as repo:
        found = repo.birthdays(today, args.days)
    if args.json:
        rows: list[BirthdayRow] = [
            {
                "person": {"id": item.person_id, "name": name},
                "date": item.day.isoformat(),
                "age": item.years,
                "kind": item.kind,
            }
            for item, name in found
        ]
        dump_json(rows)
        return EXIT_OK
    for item, name in found:
        # one_line() strips the ends of what it is given: the separators come after it.
        shown = one_line(name)
        say(f"{item.day.isoformat()}  {shown}  {birthdays.what(item)} ({birthdays.when(item)})")
    if not found:  # an empty window is an answer, not a failure: exit 0
        if args.days == 0:
            say(_("No birthdays or anniversaries today."))
        else:
            say(
                ngettext(  # the window holds today: 1 is today and tomorrow
                    "No birthdays or anniversaries today or tomorrow.",
                    "No birthdays or anniversaries in the next {n} days.",
                    args.days,
                ).format(n=args.days)
            )
    return EXIT_OK
