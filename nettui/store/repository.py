"""Typed access to the nettui database: CRUD, search, and undo of the last delete.

Every change is one `transaction()` of the storage: locked against other processes,
started on fresh data, and on disk (fsynced) when the method returns. The TUI and the
CLI both go through `Repository`; neither touches TinyDB directly.

`Repository` is built in layers, one module each, every layer a subclass of the one
below it:

    store/core.py       RepositoryCore: the file, transactions, raw tables, caches
    store/people.py     PeopleStore: people, the search index, interactions, undo
    store/needs.py      NeedsStore: needs, offers, the matcher, introductions
    store/meetups.py    MeetupsStore: meetups, the agenda
    store/sync_state.py SyncStore: what the vdir exchange last exchanged, conflicts
    store/events.py     EventsStore: events, who is going, who was met there
    store/repository.py Repository: views over all of them (the Dashboard, counts)

A chain rather than mixins or delegates because each layer uses the ones below it
(a meetup that happened logs interactions and adds follow-up needs; an introduction
names people): mypy checks every such call against a real class, with no protocols
to keep in step, and callers keep one object with the same methods as before.
The state all layers share (caches, the undo of the last delete) is made once, in
RepositoryCore.__init__, and dropped there when another process changes the file.
See docs/architecture.md.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from nettui.domain import network
from nettui.domain.birthdays import FIELDS as BIRTHDAY_FIELDS
from nettui.domain.birthdays import Upcoming, soonest_first, upcoming
from nettui.domain.models import Interaction, Meetup, NeedOffer, Person, Record
from nettui.store.events import EventsStore

__all__ = ["Repository"]


class Repository(EventsStore):
    """The one way into the database file at `path`."""

    def dashboard(
        self, now: datetime, can_help: dict[str, str] | None = None, week_starts: int = 0
    ) -> network.Dashboard:
        """The Dashboard. `can_help` (person id -> a need of theirs I can help with)
        comes from matching, which the app runs in a worker: it can take long."""
        self.storage.read()
        # The same data in the same minute gives the same Dashboard: coming back to it
        # costs nothing until something changes.
        key = (
            self.storage.generation,
            self.storage.writes,
            now.replace(second=0, microsecond=0),
            frozenset(can_help.items()) if can_help else None,
            week_starts,
        )
        cached = self._dashboard_cache.get(key)
        if cached is None:
            # Whole tables are read only by `counted`, under the storage's lock (a
            # worker thread may build this while the app saves a change); people are
            # looked up by id.
            tables: dict[str, type[Record]] = {
                "people": Person,
                "interactions": Interaction,
                "meetups": Meetup,
            }

            def counted(
                source: str, name: str, count: Callable[[Any], Any], fields: tuple[str, ...]
            ) -> Any:
                return self.storage.derived(
                    tables[source].TABLE, name, lambda rows: count(rows.fields(*fields))
                )

            cached = network.build(
                self._raw(Person),
                (),  # read through `counted`
                (),
                now,
                can_help,
                week_starts,
                counted,
            )
            if len(self._dashboard_cache) > 4:
                self._dashboard_cache.clear()
            self._dashboard_cache[key] = cached
        return copy.copy(cached)

    # -- the network at a glance -----------------------------------------------------------

    def met_counts(self) -> tuple[int, int]:
        """(people met in person, people known): the bits-to-people ratio. Counted
        once per state of the store: the People screen asks on every key typed."""
        self.storage.read()  # a cheap stat; reloads if another process wrote
        state = (self.storage.generation, self.storage.writes)
        if self._met_counts is None or self._met_counts[0] != state:
            met = self.storage.derived(  # the same count as the Dashboard's
                Person.TABLE, "met", lambda rows: network.met_ids(rows.fields(*network.MET_FIELDS))
            )
            self._met_counts = (state, (len(met), len(self._raw(Person))))
        return self._met_counts[1]

    def prepare_pages(self) -> None:
        """Index needs, offers, meetups and interactions by person now (from a worker,
        after the first paint), so the first person's page opens as fast as the rest."""
        for cls in (NeedOffer, Meetup, Interaction):
            self._owned_by(cls, "")

    def birthdays(self, today: date, days: int) -> list[tuple[Upcoming, str]]:
        """The birthdays and anniversaries from today to `days` days after it, each
        with the person's name: soonest first, then by name. Names come from the stored
        records of those found only (no search index is built for a command)."""
        found = self.storage.derived(
            Person.TABLE,
            f"birthdays from {today} for {days} days",
            lambda rows: upcoming(rows.fields(*BIRTHDAY_FIELDS), today, days),
        )
        people = self._raw(Person)
        names = {item.person_id: network.name_of(people[item.person_id]) for item in found}
        return [(item, names[item.person_id]) for item in soonest_first(found, names.__getitem__)]
