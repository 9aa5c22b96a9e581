"""Meetups <-> the calendar folder: one .ics file a meetup (one VCALENDAR with one
VEVENT and its VTIMEZONE, the export's event), matched by UID ("<id>@nettui"), never
by file name.

- Which meetups: every planned one; a done or cancelled one once it has been
  exchanged, so its event follows (STATUS:CANCELLED; STATUS:CONFIRMED for done).
- What comes back from a calendar app: the title (SUMMARY), the place (LOCATION), the
  time (DTSTART and DTEND as one field, "when": a moved meetup is one change and, if
  both sides moved it, one conflict to pick) and a cancellation (STATUS:CANCELLED).
  Each is merged three ways against what was last exchanged (merge.py).
- An event deleted elsewhere: a planned meetup is cancelled, not deleted (it holds
  its people and what they said); a done or cancelled one stays as it is.
- An event nettui did not write (khal's, the phone's, another nettui's): left alone;
  nettui's calendar is its own collection.

The order of writes is the contacts' (contacts.py): changes coming in and the states
needing no file write in one transaction; the writes about to be made, as pending; the
files; their states. A file whose bytes hash to its pending write is nettui's own, after
a kill before its state was stored: its pending state is taken up.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from nettui.domain.labels import label
from nettui.domain.meetups import meetup_with
from nettui.domain.models import ME, Meetup, MeetupStatus, ValidationError
from nettui.i18n import _
from nettui.io.ics import (
    IcsProblem,
    ParsedEvent,
    local_zone_name,
    meetup_to_ics,
    read_event,
    uid_of,
)
from nettui.store.repository import Repository
from nettui.store.sync_state import bytes_hash
from nettui.sync import vdir
from nettui.sync.contacts import Side
from nettui.sync.merge import merge

EXTENSION = ".ics"
KIND = "meetup"
FIELDS = ("title", "place", "when", "status")


def _utc(value: datetime | str) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def fields_of(meetup: Meetup) -> dict[str, Any]:
    """The fields the merge compares, as the file reads back: the time as one UTC
    interval, so a server that rewrites TZID times in UTC changes nothing."""
    return {
        "title": meetup.title,
        "place": meetup.place,
        "when": f"{_utc(meetup.start)}/{_utc(meetup.end)}",
        "status": str(meetup.status),
    }


def _status_in(event: ParsedEvent, base: dict[str, Any] | None) -> str:
    """The status a file says. Only CANCELLED means something coming in: servers put
    STATUS:CONFIRMED on every event, so CONFIRMED is "done" only where nettui wrote
    it for a done meetup, and a missing STATUS changes nothing."""
    before = base["status"] if base else None
    if event.status == "CANCELLED":
        return str(MeetupStatus.CANCELLED)
    if event.status == "CONFIRMED" and before in (None, MeetupStatus.DONE):
        return str(MeetupStatus.DONE)
    if before and before != MeetupStatus.CANCELLED:
        return str(before)
    return str(MeetupStatus.PLANNED)


@dataclass
class _File:
    entry: vdir.Entry
    event: ParsedEvent | None  # None: unchanged since the state recorded it


class CalendarExchange:
    def __init__(self, repo: Repository, folder: Path, dry_run: bool) -> None:
        self.repo, self.folder, self.dry_run = repo, folder, dry_run
        self.side = Side()
        self.zone_name = local_zone_name()
        # A floating time in a file is the user's local time.
        self.local: tzinfo = (
            ZoneInfo(self.zone_name) if self.zone_name else datetime.now().astimezone().tzinfo
        ) or UTC
        self.where = vdir.identity(folder)
        states = repo.sync_states()
        mine = {i: s for i, s in states.items() if s.get("kind") == KIND}
        # Another folder's states (the setting changed): a first exchange with this one.
        self.states = {i: s for i, s in mine.items() if vdir.same_folder(s, self.where)}
        self.elsewhere = [i for i in mine if i not in self.states]
        self.digests = repo.digests(Meetup)
        self.files: dict[str, _File] = {}  # by UID
        self.broken: set[str] = set()
        self.new_states: dict[str, dict[str, Any] | None] = {}
        self.to_write: list[str] = []  # meetup ids
        self.to_remove: dict[str, str] = {}  # meetup id -> file name
        # Writes a killed exchange was about to make: taken up or found stale by this one.
        self.pending = repo.pending_writes(KIND)

    def emptied(self) -> str | None:
        """Why this exchange must not run: the folder holds no event at all while
        meetups were exchanged with it (missing, unmounted, emptied), which would cancel
        every planned one; None when it may run."""
        if not self.states or vdir.scan(self.folder, EXTENSION):
            return None
        return _(
            "The calendar folder {folder} holds no event, but {n} meetups were exchanged"
            " with it (missing, unmounted or emptied?); nothing was changed. If it was"
            " emptied on purpose, `nettui sync --accept-empty` cancels the planned ones too."
        ).format(folder=self.folder, n=len(self.states))

    # -- reading the folder ---------------------------------------------------------------

    def read_folder(self) -> None:
        entries = vdir.scan(self.folder, EXTENSION)
        known = {s["file"]: s for s in self.states.values()}
        pending = {p["file"]: i for i, p in self.pending.items() if p["folder"] == self.where}
        for name in sorted(entries, key=lambda n: (n not in known and n not in pending, n)):
            entry = entries[name]
            state = known.get(name)
            if state and (state["size"], state["mtime_ns"]) == (entry.size, entry.mtime_ns):
                self._add_file(state["uid"], _File(entry, None), name)
                continue
            path = self.folder / name
            try:
                data = path.read_bytes()
            except OSError as error:
                self._skip(name, f"{path}: {error.strerror}")
                continue
            if name in pending and self._own_write(pending[name], entry, data):
                self._add_file(self.states[pending[name]]["uid"], _File(entry, None), name)
                continue
            try:
                event = read_event(data, self.local)
            except IcsProblem as problem:
                where = f"{path}:{problem.line}" if problem.line else str(path)
                self._skip(name, f"{where}: {problem}")
                continue
            self._add_file(event.uid, _File(entry, event), name)

    def _own_write(self, meetup_id: str, entry: vdir.Entry, data: bytes) -> bool:
        """Whether a file is the write a killed exchange was about to make for this
        meetup (its bytes hash to it): if so its pending state becomes the meetup's."""
        pending = self.pending[meetup_id]
        if bytes_hash(data) != pending["hash"]:
            return False  # not written before the kill, or changed elsewhere since
        state = self._state(meetup_id, entry, pending["base"], pending["digest"])
        self.states[meetup_id] = self.new_states[meetup_id] = state
        self.elsewhere = [i for i in self.elsewhere if i != meetup_id]
        return True

    def _skip(self, name: str, why: str) -> None:
        self.broken.add(name)
        self.side.skipped.append(why)

    def _add_file(self, uid: str, found: _File, name: str) -> None:
        other = self.files.get(uid)
        if other is not None:
            self._skip(name, _("{path}: the same UID as {other}; this file is left out.").format(
                path=self.folder / name, other=other.entry.name))  # fmt: skip
            return
        self.files[uid] = found

    # -- the plan -------------------------------------------------------------------------

    def run(self) -> Side:
        self.read_folder()
        with self.repo.transaction() if not self.dry_run else contextlib.nullcontext():
            self._incoming()
            if not self.dry_run:
                self._store_states()
        self._outgoing()
        return self.side

    def _incoming(self) -> None:
        for meetup_id, state in self.states.items():
            self._known(meetup_id, state)
        for meetup_id in self.elsewhere:  # another folder's state of a meetup deleted since
            if meetup_id not in self.digests:
                self.new_states[meetup_id] = None
        for meetup_id in self.digests:
            if meetup_id in self.states:
                continue
            meetup = self.repo.meetup(meetup_id)
            assert meetup is not None
            found = self.files.get(uid_of(meetup_id))
            if found is not None:  # written before a kill, or by another copy of this store
                self._pair(meetup, None, found)
            elif meetup.status == MeetupStatus.PLANNED:
                self.to_write.append(meetup_id)
                self.side.added_out.append(meetup.title)
        # Files of events nettui does not know are not read further: left alone.

    def _known(self, meetup_id: str, state: dict[str, Any]) -> None:
        found = self.files.get(state["uid"])
        if meetup_id not in self.digests:  # deleted in nettui: the event goes too
            if found is not None:
                self.to_remove[meetup_id] = found.entry.name
                self.side.removed_out.append(str((state.get("base") or {}).get("title", "")))
            else:
                self.new_states[meetup_id] = None
            return
        if found is None:
            if state["file"] not in self.broken:
                self._event_gone(meetup_id)
            return
        if found.event is None and self.digests[meetup_id] == state["digest"]:
            return  # the common case: nothing to do, nothing read
        meetup = self.repo.meetup(meetup_id)
        assert meetup is not None
        self._pair(meetup, state, found)

    def _event_gone(self, meetup_id: str) -> None:
        """Deleted in the calendar: a planned meetup is cancelled, never deleted."""
        meetup = self.repo.meetup(meetup_id)
        assert meetup is not None
        if meetup.status == MeetupStatus.PLANNED:
            self.side.changed_in.append(
                _("{title} (cancelled: deleted from your calendar)").format(title=meetup.title)
            )
            if not self.dry_run:
                self.repo.cancel_meetup(meetup_id)
        self.new_states[meetup_id] = None

    def _local(self, name: str, value: Any) -> Any:
        """A merged value as the store and the user read it (times in local time)."""
        if name != "when":
            return value
        start, end = (datetime.fromisoformat(v).astimezone(self.local) for v in value.split("/"))
        return f"{start.isoformat()}/{end.isoformat()}"

    def _pair(self, meetup: Meetup, state: dict[str, Any] | None, found: _File) -> None:
        base = state["base"] if state else None
        ours = fields_of(meetup)
        if found.event is None:
            theirs = base
        else:
            event = found.event
            theirs = {
                "title": event.title,
                "place": event.place,
                "when": f"{_utc(event.start)}/{_utc(event.end)}",
                "status": _status_in(event, base),
            }
        assert theirs is not None
        merged = merge(base, ours, theirs)
        if merged.values["status"] not in (MeetupStatus.PLANNED, MeetupStatus.CANCELLED) and (
            "status" in merged.theirs_taken
        ):  # nettui alone records a meetup as done (with its interactions)
            merged.values["status"] = ours["status"]
            merged.theirs_taken.remove("status")
            merged.ours_kept.append("status")
        for name, mine, other in merged.conflicts:
            mine, other = self._local(name, mine), self._local(name, other)
            self.side.conflicts.append(
                _("{meetup}: {field} (kept {ours!r}; the calendar has {theirs!r})").format(
                    meetup=meetup.title, field=label(name), ours=mine, theirs=other
                )
            )
            if not self.dry_run:
                self.repo.add_conflict(KIND, meetup.id, name, mine, other)
        if merged.theirs_taken:
            self.side.changed_in.append(meetup.title)
            updated = meetup_with(
                meetup, {n: self._local(n, merged.values[n]) for n in merged.theirs_taken}
            )
            if not self.dry_run:
                try:
                    meetup = self.repo.update_meetup(updated)
                except ValidationError as error:
                    self.side.skipped.append(f"{self.folder / found.entry.name}: {error}")
                    return
                # A value taken in settles an older conflict on that field.
                self.repo.drop_conflicts_on(meetup.id, merged.theirs_taken)
        if merged.ours_kept:
            self.to_write.append(meetup.id)
            self.side.changed_out.append(meetup.title)
            return
        base_now = fields_of(meetup) if merged.theirs_taken else merged.values
        self.new_states[meetup.id] = self._state(meetup.id, found.entry, base_now)

    def _state(
        self, meetup_id: str, entry: vdir.Entry, base: dict[str, Any], digest: str | None = None
    ) -> dict[str, Any]:
        return vdir.file_state(KIND, uid_of(meetup_id), self.where, entry, base, digest)

    # -- writing --------------------------------------------------------------------------

    def _outgoing(self) -> None:
        if self.dry_run:
            return
        if self.to_write or self.to_remove:
            vdir.ensure_folder(self.folder)
        for meetup_id, name in self.to_remove.items():
            vdir.remove(self.folder / name)
            self.new_states[meetup_id] = None
        taken = set(vdir.scan(self.folder, EXTENSION))
        pending: dict[str, dict[str, Any]] = {}
        going: dict[str, bytes] = {}  # meetup id -> its file (small: kept, not made again)
        for meetup_id in self.to_write:
            meetup = self.repo.meetup(meetup_id)
            if meetup is None:
                continue
            found = self.files.get(uid_of(meetup_id))
            # Named after the id: the UID holds an "@", which vdirsyncer would not use.
            name = found.entry.name if found else vdir.name_for(meetup_id, EXTENSION, taken)
            taken.add(name)
            going[meetup_id] = meetup_to_ics(meetup, self._people(meetup), self.zone_name)
            pending[meetup_id] = {
                "kind": KIND,
                "uid": uid_of(meetup_id),
                "folder": self.where,
                "file": name,
                "hash": bytes_hash(going[meetup_id]),
                "digest": self.repo.digest(Meetup, meetup_id),  # the same read as `meetup`
                "base": fields_of(meetup),
            }
        # Before any file: a kill after the writes then finds them as nettui's own.
        self.repo.put_pending_writes(pending)
        try:
            for meetup_id, data in going.items():
                mine = pending[meetup_id]
                entry = vdir.write_atomic(self.folder / mine["file"], data)
                self.new_states[meetup_id] = self._state(
                    meetup_id, entry, mine["base"], mine["digest"]
                )
        finally:  # what was written is recorded, even when a later write fails
            self._store_states()

    def _people(self, meetup: Meetup) -> dict[str, tuple[str, str | None]]:
        people: dict[str, tuple[str, str | None]] = {ME: ("me", None)}
        for person_id in meetup.people:
            person = self.repo.person(person_id)
            if person is not None:
                people[person_id] = (
                    person.display_name,
                    person.emails[0] if person.emails else None,
                )
        return people

    def _store_states(self) -> None:
        for meetup_id, state in self.new_states.items():
            if state is not None and state["digest"] is None:
                state["digest"] = self.repo.digest(Meetup, meetup_id) or ""
        # The pending writes read at the start are settled with the first states: taken
        # up (in new_states) or stale (their file was not written, or changed since).
        self.repo.put_sync_states(self.new_states, settled=list(self.pending))
        self.new_states, self.pending = {}, {}
