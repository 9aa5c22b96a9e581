"""People, not bits: the network at a glance, for the Dashboard.

Pure functions over the stored records (plain dicts, each read once: the store
decodes a record when it is read, and keeps none of them decoded). What comes of a
whole table is small: ids, counts, a few fields of the meetups still planned.
"""

from __future__ import annotations

import heapq
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from nettui.domain import birthdays
from nettui.domain.dates import describe_cadence, next_due
from nettui.domain.models import Channel, MeetupStatus
from nettui.domain.names import display_name_of
from nettui.i18n import (
    _,
    day_month,
    month_short,
    ngettext,
    weekday_day_month,
    weekday_day_time,
    weekday_time,
)

SHOWN = 20  # items per section at most (the screen shows as many as fit)
SOON_DAYS = 14  # with nothing this week, the next meetup within this many days
BIRTHDAY_DAYS = 14  # birthdays and anniversaries from today to this many days after it

Record = Mapping[str, Any]
# counted(source, name, count, fields): count(the records of source), or the same kept
# from before; `fields` are all that count reads of each record (the store may decode
# only those).
Counted = Callable[[str, str, Callable[[Iterable[Record]], Any], tuple[str, ...]], Any]
MET_FIELDS = ("id", "met_in_person")


@dataclass
class Item:
    """One line of the Dashboard; enter opens the person (or the meetup's person)."""

    label: str
    detail: str
    person_id: str | None = None
    meetup_id: str | None = None


@dataclass
class Dashboard:
    known: int = 0
    met: int = 0
    meet_next: list[Item] = field(default_factory=list)
    this_week: list[Item] = field(default_factory=list)
    # With nothing this week: the next meetup within SOON_DAYS, if any; and whether
    # any meetup is planned at all.
    next_soon: list[Item] = field(default_factory=list)
    planned_later: bool = False
    overdue: list[Item] = field(default_factory=list)
    birthdays: list[Item] = field(default_factory=list)  # and anniversaries, soonest first
    help_now: list[Item] = field(default_factory=list)
    per_month: list[int] = field(default_factory=list)  # the last 12 months, oldest first
    months: list[str] = field(default_factory=list)


def name_of(person: Record) -> str:
    handles = [h.get("value", "") for h in person.get("handles") or []]
    return display_name_of(person.get("name") or "", handles, person.get("emails") or [])


def overdue_people(people: Iterable[Record], today: date) -> list[tuple[str, date]]:
    """Ids of the people whose keep-in-touch cadence has passed since the last
    contact, most overdue first, with the day contact was due."""
    found = []
    for person in people:
        rule = person.get("cadence")
        if not rule:
            continue
        last = person.get("last_contact") or (person.get("created") or "")[:10]
        try:
            due = next_due(rule, date.fromisoformat(last))
        except (ValueError, KeyError):
            continue
        if due < today:
            found.append((person["id"], due))
    found.sort(key=lambda pair: pair[1])
    return found


def met_ids(people: Iterable[Record]) -> frozenset[str]:
    return frozenset(p["id"] for p in people if p.get("met_in_person"))


class Planned(NamedTuple):
    """What "This week" shows of a meetup still planned."""

    start: str
    end: str
    title: str
    place: str
    first_person: str | None
    meetup_id: str
    people: tuple[str, ...] = ()


def planned_meetups(meetups: Iterable[Record]) -> list[Planned]:
    planned = MeetupStatus.PLANNED  # bound once for the loop
    return [
        Planned(
            m["start"],
            m["end"],
            m.get("title", ""),
            m.get("place", ""),
            next(iter(m.get("people") or []), None),
            m["id"],
            tuple(m.get("people") or ()),
        )
        for m in meetups
        if m.get("status") == planned
    ]


def done_by_month(meetups: Iterable[Record]) -> Counter[str]:
    """Meetups that happened, by month ("2026-11")."""
    done = MeetupStatus.DONE  # bound once for the loop
    return Counter(m["start"][:7] for m in meetups if m.get("status") == done)


# The fields talks_since reads.
TALK_FIELDS = ("person_id", "at", "channel")


def talks_since(interactions: Iterable[Record], day: str) -> Counter[str]:
    """Conversations on or after `day` (an ISO date), by person id. What an
    introduction logs in a history (asked, accepted, introduced...) is bookkeeping of
    a match, not a conversation: counted, a few states of one introduction would rank
    someone as a person you talk to often."""
    # Interned: one string per person id across the app's indexes (see _by_person).
    return Counter(
        sys.intern(i["person_id"])
        for i in interactions
        if i.get("at", "") >= day and i.get("channel") != Channel.INTRODUCTION
    )


def meetings_per_month(
    meetups: Iterable[Record], today: date, months: int = 12, done: Counter[str] | None = None
) -> tuple[list[int], list[str]]:
    """Meetups that happened in each of the last `months` months, oldest first
    (`done`: done_by_month of the meetups, when already counted)."""
    keys = []
    year, month = today.year, today.month
    for _step in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keys.reverse()
    counts = done if done is not None else done_by_month(meetups)
    labels = [month_short(date(int(k[:4]), int(k[5:]), 1)) for k in keys]
    return [counts.get(k, 0) for k in keys], labels


def _meetup_item(meetup: Planned, when: str, people: Mapping[str, Record]) -> Item:
    """ "Fri 10:00  Coffee with Ana", and who and where."""
    names = [name_of(people[p]) for p in meetup.people if p in people]
    # "Coffee with Ana García  with Ana García" said it twice: the default title names them.
    named = all(name in meetup.title for name in names)
    detail = [_("with {names}").format(names=", ".join(names))] if names and not named else []
    if meetup.place:
        detail.append(meetup.place)
    return Item(
        f"{when}  {meetup.title}",
        " · ".join(detail),
        person_id=meetup.first_person if meetup.first_person in people else None,
        meetup_id=meetup.meetup_id,
    )


def _birthday_reason(coming: birthdays.Upcoming) -> str:
    """ "birthday on 8 Dec", "birthday today"."""
    if coming.days_away == 0:
        return _("birthday today")
    if coming.days_away == 1:
        return _("birthday tomorrow")
    return _("birthday on {day}").format(day=day_month(coming.day))


def _birthday_items(coming: list[birthdays.Upcoming], people: Mapping[str, Record]) -> list[Item]:
    """The first SHOWN, soonest first and by name: only those up to the SHOWN-th's
    day are named (a name is a record read; 10,000 people have some 400 in 14 days)."""
    found = sorted((u for u in coming if u.person_id in people), key=lambda u: u.day)
    if len(found) > SHOWN:
        last = found[SHOWN - 1].day
        found = [u for u in found if u.day <= last]
    names = {u.person_id: name_of(people[u.person_id]) for u in found}
    return [
        Item(
            names[u.person_id],
            f"{birthdays.what(u)} · {weekday_day_month(u.day)} ({birthdays.when(u)})",
            person_id=u.person_id,
        )
        for u in birthdays.soonest_first(found, names.__getitem__)[:SHOWN]
    ]


def build(
    people: Mapping[str, Record],
    interactions: Iterable[Record],
    meetups: Iterable[Record],
    now: datetime,
    can_help: Mapping[str, str] | None = None,
    week_starts: int = 0,
    counted: Counted | None = None,
) -> Dashboard:
    """The Dashboard's numbers and lists. `can_help` maps a person id to one of their
    needs that an offer of mine matches (it may come later: matching is slower);
    `week_starts` is the first day of the week (0 = Monday).

    `counted(source, name, count)` may answer `count(records of source)` from a count
    kept since the source last changed (the store keeps them): counting 30,000
    interactions on every visit was most of the Dashboard's time.
    """
    today = now.date()
    can_help = can_help or {}
    sources = {"people": people.values(), "interactions": interactions, "meetups": meetups}
    count = counted or (lambda source, _name, counting, _fields: counting(sources[source]))
    board = Dashboard(known=len(people))
    met: frozenset[str] = count("people", "met", met_ids, MET_FIELDS)
    board.met = len(met)

    year_ago = (today - timedelta(days=365)).isoformat()
    talks: Counter[str] = count(
        "interactions",
        f"talks since {year_ago}",
        lambda found: talks_since(found, year_ago),
        TALK_FIELDS,
    )
    overdue: list[tuple[str, date]] = count(
        "people",
        f"overdue on {today}",
        lambda found: overdue_people(found, today),
        ("id", "cadence", "last_contact", "created"),
    )
    overdue_ids = {person_id for person_id, _due in overdue}
    coming: list[birthdays.Upcoming] = count(
        "people",
        f"birthdays from {today}",
        lambda found: birthdays.upcoming(found, today, BIRTHDAY_DAYS),
        birthdays.FIELDS,
    )
    # A birthday is a reason to meet (an anniversary is a couple's own day).
    birthday_of = {u.person_id: u for u in coming if u.kind == birthdays.BIRTHDAY}
    candidates = []
    for person_id in {*talks, *can_help, *overdue_ids, *birthday_of}:  # only they can score
        if person_id in met or person_id not in people:
            continue
        score: float = talks.get(person_id, 0) + (3 if person_id in can_help else 0)
        score += 2 if person_id in overdue_ids else 0
        if person_id in birthday_of:  # 3 on the day, down to 2 in two weeks: nearer first
            score += 2 + (BIRTHDAY_DAYS - birthday_of[person_id].days_away) / BIRTHDAY_DAYS
        if score:
            candidates.append((score, person_id))
    for _score, person_id in heapq.nsmallest(
        SHOWN, candidates, key=lambda pair: (-pair[0], pair[1])
    ):
        reasons = []
        if person_id in birthday_of:  # first: it is the one with a date, and cut last
            reasons.append(_birthday_reason(birthday_of[person_id]))
        if talks.get(person_id):
            reasons.append(
                ngettext(
                    "{n} conversation this year",
                    "{n} conversations this year",
                    talks[person_id],
                ).format(n=talks[person_id])
            )
        if person_id in can_help:
            reasons.append(_("you can help: {need}").format(need=can_help[person_id]))
        if person_id in overdue_ids:
            reasons.append(_("overdue to keep in touch"))
        board.meet_next.append(
            Item(name_of(people[person_id]), "; ".join(reasons), person_id=person_id)
        )

    # "This week" is the calendar week, which starts on the user's first day of the week.
    days_left = (week_starts - today.weekday() - 1) % 7 + 1
    week_end = datetime.combine(today + timedelta(days=days_left), datetime.min.time(), now.tzinfo)
    soon = []
    planned = count(
        "meetups",
        "planned",
        planned_meetups,
        ("id", "status", "start", "end", "title", "place", "people"),
    )
    for meetup in planned:
        start = datetime.fromisoformat(meetup.start)
        if now <= datetime.fromisoformat(meetup.end) and start < week_end:
            soon.append((start, meetup))
    soon.sort(key=lambda pair: pair[0])
    for start, meetup in soon[:SHOWN]:
        local = start.astimezone(now.tzinfo)
        board.this_week.append(_meetup_item(meetup, weekday_time(local), people))
    if not soon:
        later = sorted(
            (datetime.fromisoformat(m.start), m)
            for m in planned
            if now <= datetime.fromisoformat(m.end)
        )
        board.planned_later = bool(later)
        if later and later[0][0] < now + timedelta(days=SOON_DAYS):
            # Every meetup of that next day: four coffees on Monday seen on a Sunday
            # (a week starting Monday) are all next, not only the first.
            day = later[0][0].astimezone(now.tzinfo).date()
            for start, meetup in later:
                local = start.astimezone(now.tzinfo)
                if local.date() != day or len(board.next_soon) == SHOWN:
                    break
                board.next_soon.append(_meetup_item(meetup, weekday_day_time(local), people))

    for person_id, due in overdue[:SHOWN]:
        person = people.get(person_id)
        if person is None:
            continue
        late = (today - due).days
        board.overdue.append(
            Item(
                name_of(person),
                ngettext("{cadence}; due {n} day ago", "{cadence}; due {n} days ago", late).format(
                    cadence=describe_cadence(person["cadence"]), n=late
                ),
                person_id=person_id,
            )
        )
    board.birthdays = _birthday_items(coming, people)
    done: Counter[str] = count("meetups", "done by month", done_by_month, ("status", "start"))
    board.per_month, board.months = meetings_per_month(meetups, today, done=done)
    return board
