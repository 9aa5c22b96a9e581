"""The store <-> vdir exchange: people with the contacts folder (contacts.py), meetups
with the calendar folder (calendar.py), each a three-way merge (merge.py) against
what was last exchanged (store/sync_state.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nettui.store.repository import Repository

MOVES = ("added", "changed", "removed")


@dataclass
class ExchangeReport:
    """What one exchange moved each way; names as the user reads them.

    `people_in`: changes made in nettui from the address book ({"added": [names],
    "changed": [...], "removed": [...]}); `people_out`: changes made in the address
    book from nettui; `meetups_in` / `meetups_out` the same for meetups and the
    calendar."""

    people_in: dict[str, list[str]] = field(default_factory=dict)  # added/changed/removed
    people_out: dict[str, list[str]] = field(default_factory=dict)
    meetups_in: dict[str, list[str]] = field(default_factory=dict)
    meetups_out: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)  # "Ana Ruiz: phone (…)"
    kept: list[str] = field(default_factory=list)  # removed elsewhere, kept: they hold more
    skipped: list[str] = field(default_factory=list)  # "FILE:LINE: why"
    dry_run: bool = False

    @property
    def in_sync(self) -> bool:
        return not self.conflicts and not self.skipped

    @property
    def moved(self) -> bool:
        return any(
            names
            for side in (self.people_in, self.people_out, self.meetups_in, self.meetups_out)
            for names in side.values()
        )

    def to_json(self) -> dict[str, Any]:
        """`nettui sync --json` (keys in English whatever the language)."""

        def moves(side: dict[str, list[str]]) -> dict[str, list[str]]:
            return {move: list(side.get(move, [])) for move in MOVES}

        return {
            "dry_run": self.dry_run,
            "in_sync": self.in_sync,
            "people": {"in": moves(self.people_in), "out": moves(self.people_out)},
            "meetups": {"in": moves(self.meetups_in), "out": moves(self.meetups_out)},
            "conflicts": list(self.conflicts),
            "kept": list(self.kept),
            "skipped": list(self.skipped),
        }


def exchange(
    repo: Repository,
    contacts: Path,
    calendar: Path,
    dry_run: bool = False,
    accept_empty: bool = False,
) -> ExchangeReport:
    """Bring the vdir's changes into the store and the store's into the vdir.

    A folder holding no file at all while records were exchanged with it (missing,
    unmounted, emptied) is not exchanged with: its refusal is one line of `skipped`
    (exit 1), nothing is changed on either side; `accept_empty` takes it as emptied on
    purpose (people removed, planned meetups cancelled, as for any item removed)."""
    from nettui.sync import vdir
    from nettui.sync.calendar import CalendarExchange
    from nettui.sync.contacts import ContactsExchange

    report = ExchangeReport(dry_run=dry_run)
    people = ContactsExchange(repo, contacts, dry_run)
    meetups = CalendarExchange(repo, calendar, dry_run)
    refused = {}
    for name, one in (("contacts", people), ("calendar", meetups)):
        why = None if accept_empty else one.emptied()
        if why:
            refused[name] = why
            report.skipped.append(why)
    if not dry_run:
        for name, folder in (("contacts", contacts), ("calendar", calendar)):
            if name not in refused:  # a missing folder is not made: it may be unmounted
                vdir.ensure_folder(folder)
    if "contacts" not in refused:
        side = people.run()
        report.people_in = {
            "added": side.added_in,
            "changed": side.changed_in,
            "removed": side.removed_in,
        }
        report.people_out = {
            "added": side.added_out,
            "changed": side.changed_out,
            "removed": side.removed_out,
        }
        report.conflicts += side.conflicts
        report.kept += side.kept
        report.skipped += side.skipped
    if "calendar" not in refused:
        # After the people: a meetup's attendees are named as they now are. Its states
        # are read again: the people's exchange stored theirs meanwhile.
        meetups = CalendarExchange(repo, calendar, dry_run)
        side = meetups.run()
        report.meetups_in = {
            "added": side.added_in,  # always empty: events made elsewhere are left alone
            "changed": side.changed_in,
            "removed": side.removed_in,
        }
        report.meetups_out = {
            "added": side.added_out,
            "changed": side.changed_out,
            "removed": side.removed_out,
        }
        report.conflicts += side.conflicts
        report.skipped += side.skipped
    return report
