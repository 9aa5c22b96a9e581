"""What the vdir exchange (nettui/sync) keeps in the store: per person and meetup,
what was last exchanged, and the conflicts waiting for the user to pick.

Two tables:

- `sync_state`: one document per person or meetup ever exchanged, keyed by its id:
  `kind` ("person" | "meetup"), `uid` (the file's UID), `file` (its name in the
  folder), `size` and `mtime_ns` (the file as last read or written: unchanged ones are
  not parsed again), `digest` (the store's document as last exchanged: unchanged
  people are not written again), `base` (the fields as last exchanged: the common
  ancestor of the three-way merge) and `removed` (the file was deleted elsewhere while
  nettui holds more about the person: kept, and not written again until the user says).
- `sync_conflicts`: `record` (a person or meetup id), `kind`, `field`, `ours`
  (nettui's value, kept), `theirs` (the address book's or calendar's), `at`.
- `sync_pending`: the files an exchange is about to write, stored before it writes
  them, keyed by the record's id: `kind`, `uid`, `folder`, `file`, `hash` (of the
  bytes to be written), `digest` and `base` (the state they become once written).
  A kill after the writes but before their states are stored leaves the old base
  beside a file holding nettui's newer value; the next exchange finds its own write
  by the hash and takes the pending base, instead of a false conflict per record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import msgspec

from nettui.domain.meetups import meetup_with
from nettui.domain.models import Interaction, Meetup, NeedOffer, Person, new_id, now_iso
from nettui.i18n import _
from nettui.store.documents import Raw
from nettui.store.errors import Ambiguous, NotFound
from nettui.store.meetups import MeetupsStore
from nettui.store.tables import document

STATE = "sync_state"
CONFLICTS = "sync_conflicts"
PENDING = "sync_pending"


def bytes_hash(data: bytes) -> str:
    """A written file's fingerprint (sync_pending's `hash`)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest_of(value: Raw | dict[str, Any]) -> str:
    """A stored document's fingerprint: its JSON text, as the store keeps it."""
    data = bytes(value) if isinstance(value, Raw) else msgspec.json.encode(value)
    return hashlib.blake2b(data, digest_size=12).hexdigest()


class SyncStore(MeetupsStore):
    """The exchange's memory of the vdir, beside the records it describes."""

    def sync_states(self) -> dict[str, dict[str, Any]]:
        """{person or meetup id: its state} (see the module's docstring)."""
        self.storage.read()
        return dict(self.storage.table(STATE).items())

    def digests(self, cls: type[Person] | type[Meetup]) -> dict[str, str]:
        """{id: digest} of every stored person (or meetup), without decoding them."""
        self.storage.read()
        return {i: digest_of(v) for i, v in self.storage.table(cls.TABLE).rows.items()}

    def digest(self, cls: type[Person] | type[Meetup], record_id: str) -> str | None:
        value = self.storage.table(cls.TABLE).rows.get(record_id)
        return None if value is None else digest_of(value)

    def pending_writes(self, kind: str) -> dict[str, dict[str, Any]]:
        """{record id: the write it was about to have} of one kind (see the module)."""
        self.storage.read()
        return {i: dict(p) for i, p in self.storage.table(PENDING).items() if p["kind"] == kind}

    def put_pending_writes(self, pending: dict[str, dict[str, Any]]) -> None:
        """Record the writes about to be made, in one transaction."""
        if not pending:
            return
        with self.transaction():
            table = self.db.table(PENDING)
            for record_id, row in pending.items():
                table.upsert(document({**row, "id": record_id}, record_id))

    def put_sync_states(
        self, states: dict[str, dict[str, Any] | None], settled: Iterable[str] = ()
    ) -> None:
        """Set (or, for None, drop) these states, in one transaction; the pending writes
        of these records and of `settled` go in the same transaction (written and
        recorded, or found out to be stale)."""
        done = set(states) | set(settled)
        if not done:
            return
        with self.transaction():
            pending = [i for i in done if i in self.storage.table(PENDING)]
            if pending:
                self.db.table(PENDING).remove(doc_ids=pending)
            table = self.db.table(STATE)
            gone = [i for i, s in states.items() if s is None and i in self.storage.table(STATE)]
            if gone:
                table.remove(doc_ids=gone)
            for record_id, state in states.items():
                if state is not None:
                    table.upsert(document({**state, "id": record_id}, record_id))

    def holds_more(self, person_id: str) -> bool:
        """True when nettui holds more about a person than their card: needs, offers,
        meetups, interactions, notes kept only here (goals, concerns...)."""
        return any(self._owned_by(cls, person_id) for cls in (NeedOffer, Interaction, Meetup))

    # -- conflicts --------------------------------------------------------------------------

    def conflicts(self) -> list[dict[str, Any]]:
        """Open conflicts, oldest first."""
        self.storage.read()
        return sorted(self.storage.table(CONFLICTS).values(), key=lambda c: (c["at"], c["id"]))

    def add_conflict(self, kind: str, record_id: str, field: str, ours: Any, theirs: Any) -> bool:
        """Record that the other side changed `field` to `theirs` while nettui changed
        it to `ours`; False when that very conflict is already open. A newer conflict
        on the same record and field replaces the older one: only the latest values
        are there to pick, never a stale one."""
        with self.transaction():
            older = []
            for known in self.storage.table(CONFLICTS).values():
                if (known["record"], known["field"]) != (record_id, field):
                    continue
                if (known["ours"], known["theirs"]) == (ours, theirs):
                    return False
                older.append(known["id"])
            if older:
                self.db.table(CONFLICTS).remove(doc_ids=older)
            conflict_id = new_id()
            row = {
                "id": conflict_id,
                "kind": kind,
                "record": record_id,
                "field": field,
                "ours": ours,
                "theirs": theirs,
                "at": now_iso(),
            }
            self.db.table(CONFLICTS).insert(document(row, conflict_id))
        return True

    def resolve_conflict(self, ref: str) -> dict[str, Any]:
        """A conflict from its id or a unique id prefix (at least 4 characters)."""
        ref = ref.strip().lower()
        rows = self.storage.table(CONFLICTS) if self.storage.read() is not None else {}
        ids = [i for i in rows if i == ref or (len(ref) >= 4 and i.startswith(ref))]
        if len(ids) == 1:
            return dict(rows[ids[0]])
        if ids:
            raise Ambiguous(_("{ref!r} could be {n} conflicts; give more of the id.").format(
                ref=ref, n=len(ids)))  # fmt: skip
        raise NotFound(
            _("No conflict with id {ref!r}. `nettui sync conflicts` lists them.").format(ref=ref)
        )

    def drop_conflicts_on(self, record_id: str, fields: list[str]) -> None:
        """Drop the open conflicts on these fields of one record: a value since taken in
        from the other side settles them."""
        rows = self.storage.table(CONFLICTS).values() if self.storage.read() is not None else []
        ids = [c["id"] for c in rows if c["record"] == record_id and c["field"] in fields]
        if ids:
            self.drop_conflicts(ids)

    def drop_conflicts(self, ids: list[str]) -> None:
        with self.transaction():
            known = [i for i in ids if i in self.storage.table(CONFLICTS)]
            if known:
                self.db.table(CONFLICTS).remove(doc_ids=known)

    # -- the user's answers (`nettui sync pick` and `keep`, and the person's page) --------

    def sync_state(self, record_id: str) -> dict[str, Any] | None:
        """One person's or meetup's state, without copying the whole table (a page)."""
        self.storage.read()
        state = self.storage.table(STATE).get(record_id)
        return None if state is None else dict(state)

    def removed_elsewhere(self, person_id: str) -> bool:
        """Their card was deleted elsewhere and nettui kept them: they hold more."""
        state = self.sync_state(person_id)
        return bool(state and state.get("removed"))

    def conflicts_of(self, record_id: str) -> list[dict[str, Any]]:
        """The open conflicts of one person or meetup, oldest first."""
        return [c for c in self.conflicts() if c["record"] == record_id]

    def keep_card(self, person_id: str) -> bool:
        """Put back the card of a person removed from the address book (the next sync
        writes it); False when it was not removed."""
        with self.transaction():
            if not self.removed_elsewhere(person_id):
                return False
            self.put_sync_states({person_id: None})
        return True

    def settle_conflict(self, conflict_id: str, side: str) -> bool:
        """ "theirs": the other side's value into nettui (the next sync writes it
        everywhere); "ours": nettui's, already written out. The conflict goes, in the
        same transaction. False when what it was about is gone (nothing changed)."""
        with self.transaction():
            conflict = self.resolve_conflict(conflict_id)
            if side == "theirs" and conflict["kind"] == "meetup":
                meetup = self.meetup(conflict["record"])
                if meetup is None:
                    return False
                self.update_meetup(meetup_with(meetup, {conflict["field"]: conflict["theirs"]}))
            elif side == "theirs":
                found = self.person(conflict["record"])
                if found is None:
                    return False
                name = conflict["field"]
                changed = Person.from_dict({**found.to_dict(), name: conflict["theirs"]})
                self.update_person(changed, changed=[name])
            self.drop_conflicts([conflict["id"]])
        return True
