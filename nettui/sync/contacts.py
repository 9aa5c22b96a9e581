"""People <-> the contacts folder: one vCard 3.0 file a person, matched by UID.

The order of writes makes a kill at any moment harmless (see `exchange_contacts`):
1. every change coming in (people added, changed, removed; conflicts; the state of
   pairs whose file needs no write) in one store transaction;
2. the files going out, each written atomically (vdir.write_atomic) or removed;
3. the state of those files, in one store transaction.
Before 2, what is about to be written (each file's hash, and the state it becomes) is
stored as pending (store/sync_state.py). A kill between 1 and 3 leaves files the state
does not know yet: the next exchange finds a file whose bytes hash to its pending write
as its own and takes that pending state, so that an edit made since in nettui is
nettui's change, not a conflict with its own older value; a file not written, or
changed elsewhere since, is matched by UID and merged as before; a conflict found twice
is recorded once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nettui.domain.card import Photo
from nettui.domain.labels import label
from nettui.domain.merge import keys_of, names_differ
from nettui.domain.models import Person, ValidationError
from nettui.i18n import _
from nettui.io.vcard import ParsedCard, read_vcards, write_vcard
from nettui.store import photos
from nettui.store.repository import Repository
from nettui.store.sync_state import bytes_hash
from nettui.sync import vdir
from nettui.sync.merge import merge

EXTENSION = ".vcf"
KIND = "person"
# The fields a card carries and the merge compares (ids, times and the photo file's
# name are the store's own; `uids` says which card a person is and is kept apart).
CARD_FIELDS = tuple(
    name for name in Person().to_dict() if name not in ("id", "created", "updated", "photo", "uids")
)
# nettui's own fields, carried as X-NETTUI-*: a card that comes back without any
# X-NETTUI property keeps nettui's values for them.
NETTUI_ONLY = (
    "location", "about", "goals", "concerns", "how_we_met", "met_in_person", "last_contact",
    "cadence",
)  # fmt: skip
# What nettui holds beyond a card: a person with any of it is kept when their card goes.
HELD_ONLY_HERE = (
    "goals", "concerns", "about", "how_we_met", "met_in_person", "cadence", "notes",
)  # fmt: skip
# The photo is merged as a hash of its bytes (the store keeps the bytes in a file whose
# name means nothing to the card): a photo changed on either side is one change.
PHOTO = "photo"


def photo_hash(photo: Photo | None) -> str:
    return hashlib.blake2b(photo.data, digest_size=12).hexdigest() if photo else ""


def uid_of(person: Person) -> str:
    """The UID of a person's card (as write_vcard writes it)."""
    return person.uids[0] if person.uids else person.id


def fields_of(person: Person) -> dict[str, Any]:
    data = person.to_dict()
    return {name: data[name] for name in CARD_FIELDS}


@dataclass
class Side:
    """The contacts side of one exchange: what moved, for the report."""

    added_in: list[str] = field(default_factory=list)
    changed_in: list[str] = field(default_factory=list)
    removed_in: list[str] = field(default_factory=list)
    added_out: list[str] = field(default_factory=list)
    changed_out: list[str] = field(default_factory=list)
    removed_out: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass
class _File:
    entry: vdir.Entry
    card: ParsedCard | None  # None: unchanged since the state recorded it
    has_nettui: bool = True


_LINE = re.compile(r"^line (\d+): (.*)$", re.S)


def _located(path: Path, problem: str) -> str:
    """ "FILE:LINE: why", as compilers say it."""
    match = _LINE.match(problem)
    return f"{path}:{match.group(1)}: {match.group(2)}" if match else f"{path}: {problem}"


class ContactsExchange:
    def __init__(self, repo: Repository, folder: Path, dry_run: bool) -> None:
        self.repo, self.folder, self.dry_run = repo, folder, dry_run
        self.side = Side()
        self.where = vdir.identity(folder)
        states = repo.sync_states()
        mine = {i: s for i, s in states.items() if s.get("kind") == KIND}
        # States of another folder (the setting changed) say nothing about this one:
        # with it, people are linked by UID as in a first exchange and no one is deleted.
        self.states = {i: s for i, s in mine.items() if vdir.same_folder(s, self.where)}
        self.elsewhere = [i for i in mine if i not in self.states]
        self.digests = repo.digests(Person)
        self.files: dict[str, _File] = {}  # by UID
        self.broken: set[str] = set()  # names of files skipped
        self.new_states: dict[str, dict[str, Any] | None] = {}
        self.to_write: dict[str, Person] = {}  # person id -> person whose file is written
        self.to_remove: dict[str, str] = {}  # person id -> file name
        # Writes a killed exchange was about to make: taken up or found stale by this one.
        self.pending = repo.pending_writes(KIND)

    def emptied(self) -> str | None:
        """Why this exchange must not run: the folder holds no card at all while people
        were exchanged with it (missing, unmounted, emptied), which would remove them
        all; None when it may run."""
        exchanged = [s for s in self.states.values() if not s.get("removed")]
        if not exchanged or vdir.scan(self.folder, EXTENSION):
            return None
        return _(
            "The contacts folder {folder} holds no card, but {n} people were exchanged with"
            " it (missing, unmounted or emptied?); nothing was changed. If it was emptied on"
            " purpose, `nettui sync --accept-empty` removes them from nettui too."
        ).format(folder=self.folder, n=len(exchanged))

    # -- reading the folder ---------------------------------------------------------------

    def read_folder(self) -> None:
        entries = vdir.scan(self.folder, EXTENSION)
        known = {s["file"]: s for s in self.states.values()}
        pending = {p["file"]: i for i, p in self.pending.items() if p["folder"] == self.where}
        # Files the state knows first: of two files with one UID, the known one stays.
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
            cards, errors = read_vcards(data)
            if errors:
                self._skip(name, _located(path, errors[0]))
            elif len(cards) != 1:
                self._skip(name, _("{path}: a contact file holds one card; this one holds {n}.")
                           .format(path=path, n=len(cards)))  # fmt: skip
            elif not cards[0].uid:
                self._skip(name, _("{path}:{line}: the card has no UID.").format(
                    path=path, line=cards[0].line))  # fmt: skip
            else:
                has_nettui = b"X-NETTUI-" in data.upper()
                self._add_file(cards[0].uid, _File(entry, cards[0], has_nettui), name)

    def _own_write(self, person_id: str, entry: vdir.Entry, data: bytes) -> bool:
        """Whether a file is the write a killed exchange was about to make for this
        person (its bytes hash to it): if so its pending state becomes the person's
        state, as the killed exchange would have stored it."""
        pending = self.pending[person_id]
        if bytes_hash(data) != pending["hash"]:
            return False  # not written before the kill, or changed elsewhere since
        state = vdir.file_state(
            KIND, pending["uid"], self.where, entry, pending["base"], pending["digest"]
        )
        self.states[person_id] = self.new_states[person_id] = state
        self.elsewhere = [i for i in self.elsewhere if i != person_id]
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

    def normalised(self, person: Person, photo: Photo | None = None) -> dict[str, Any]:
        """A person's fields as their card reads back: the two sides of the merge are
        compared as cards, so what a card cannot tell apart is no change. Only for the
        comparison: what comes in changes only the fields that changed."""
        cards, _errors = read_vcards(write_vcard(person).encode())
        values = fields_of(cards[0].person) if len(cards) == 1 else fields_of(person)
        values[PHOTO] = photo_hash(photo or photos.read(self.repo.path, person.photo))
        return values

    def theirs(self, found: _File, base: dict[str, Any] | None) -> dict[str, Any]:
        assert found.card is not None
        values = fields_of(found.card.person)
        values[PHOTO] = photo_hash(found.card.photo)
        if not found.has_nettui and base is not None:
            values.update({name: base[name] for name in NETTUI_ONLY})
        return values

    def run(self) -> Side:
        self.read_folder()
        with self._transaction():
            self._incoming()
            if not self.dry_run:  # the pairs settled without a file write
                self._store_states()
        self._outgoing()
        return self.side

    def _transaction(self) -> Any:
        import contextlib

        return contextlib.nullcontext() if self.dry_run else self.repo.transaction()

    def _incoming(self) -> None:
        repo = self.repo
        uid_to_person: dict[str, str] = {}
        for person_id, state in self.states.items():
            uid_to_person[state["uid"]] = person_id
        unknown = [repo.person(i) for i in self.digests if i not in self.states]
        for person in unknown:
            if person is not None:
                uid_to_person.setdefault(uid_of(person), person.id)
        for person_id, state in self.states.items():
            self._known(person_id, state)
        for person_id in self.elsewhere:  # another folder's state of someone deleted since
            if person_id not in self.digests:
                self.new_states[person_id] = None
        for person in unknown:
            if person is not None:
                self._pair(person, None, self.files.get(uid_of(person)))
        matched = set(uid_to_person)
        for uid, found in self.files.items():
            if uid not in matched:
                self._new_card(uid, found, unknown)

    def _known(self, person_id: str, state: dict[str, Any]) -> None:
        found = self.files.get(state["uid"])
        person_here = person_id in self.digests
        if not person_here:  # deleted in nettui: the card goes too
            if found is not None:
                self.to_remove[person_id] = found.entry.name
                self.side.removed_out.append(self._deleted_here(state, found))
            else:
                self.new_states[person_id] = None
            return
        if found is None:
            if state["file"] in self.broken or state.get("removed"):
                return  # a broken file is left alone; a removed one waits for the user
            self._card_gone(person_id, state)
            return
        unchanged_here = self.digests[person_id] == state["digest"]
        if found.card is None and unchanged_here:
            return  # the common case: nothing to do, nothing read
        person = self.repo.person(person_id)
        assert person is not None
        self._pair(person, state, found)

    def _name_in(self, state: dict[str, Any]) -> str:
        base = state.get("base") or {}
        return str(base.get("name") or state["uid"])

    def _deleted_here(self, state: dict[str, Any], found: _File) -> str:
        """The name of a person deleted in nettui whose card goes too; if the card was
        changed elsewhere meanwhile, the deletion still wins (the user deleted them
        knowingly) but the report says what was dropped with it."""
        name = self._name_in(state)
        base = state.get("base")
        if found.card is None or base is None:
            return name
        theirs = self.theirs(found, base)
        changed = [n for n in theirs if n in base and theirs[n] != base[n]]
        if not changed:
            return name
        return _("{name} (deleted in nettui; the changes made elsewhere to {fields} went too)"
                 ).format(name=name, fields=", ".join(changed))  # fmt: skip

    def _card_gone(self, person_id: str, state: dict[str, Any]) -> None:
        person = self.repo.person(person_id)
        assert person is not None
        unchanged_here = self.digests[person_id] == state["digest"]
        holds_more = self.repo.holds_more(person_id) or any(
            getattr(person, name) for name in HELD_ONLY_HERE
        )
        if unchanged_here and not holds_more:
            self.side.removed_in.append(person.display_name)
            if not self.dry_run:
                self.repo.delete_person(person_id)
                self.new_states[person_id] = None
            return
        self.side.kept.append(person.display_name)
        self.new_states[person_id] = {**state, "removed": True}

    def _pair(self, person: Person, state: dict[str, Any] | None, found: _File | None) -> None:
        """One person and their file (None: none yet), merged both ways."""
        if found is None:
            self.to_write[person.id] = person
            self.side.added_out.append(person.display_name)
            return
        base = state["base"] if state else None
        if base is not None and PHOTO not in base:
            base = {**base, PHOTO: ""}  # exchanged before photos travelled: none went out
        ours = self.normalised(person)
        theirs = self.theirs(found, base) if found.card is not None else base
        assert theirs is not None
        merged = merge(base, ours, theirs)
        for name, mine, other in merged.conflicts:
            self.side.conflicts.append(
                _("{person}: {field} (kept {ours!r}; the address book has {theirs!r})").format(
                    person=person.display_name, field=label(name), ours=mine, theirs=other
                )
            )
            if not self.dry_run:
                self.repo.add_conflict(KIND, person.id, name, mine, other)
        if merged.theirs_taken:
            self.side.changed_in.append(person.display_name)
            # Only the fields taken in: the others keep nettui's own text (a note's
            # blank lines, a concern holding a newline, an empty name).
            taken = {n: merged.values[n] for n in merged.theirs_taken if n != PHOTO}
            updated = Person.from_dict({**person.to_dict(), **taken})
            if not self.dry_run:
                try:
                    if PHOTO in merged.theirs_taken:
                        assert found.card is not None  # else theirs is the base: nothing new
                        updated.photo = self._photo_in(person.id, found.card.photo)
                    person = self.repo.update_person(updated, changed=merged.theirs_taken)
                except (ValidationError, OSError) as error:
                    self.side.skipped.append(f"{self.folder / found.entry.name}: {error}")
                    return
                # A value taken in settles an older conflict on that field: picking it
                # later must not bring back what the other side has since replaced.
                self.repo.drop_conflicts_on(person.id, merged.theirs_taken)
        if merged.ours_kept:
            self.to_write[person.id] = person
            self.side.changed_out.append(person.display_name)
            return
        base_now = self.normalised(person) if merged.theirs_taken else merged.values
        self.new_states[person.id] = self._state(person, found.entry, base_now)

    def _photo_in(self, person_id: str, photo: Photo | None) -> str:
        """A card's photo as the person's photo file (its name; "" for none)."""
        if photo is None:
            return ""
        name = photos.name_for(person_id, photo.kind)
        photos.write(self.repo.path, name, photo.data)
        return name

    def _new_card(self, uid: str, found: _File, unknown: list[Person | None]) -> None:
        assert found.card is not None
        card = found.card.person
        keys = {k for k in keys_of(card) if k.startswith(("email:", "phone:"))}
        # A card of someone nettui knows but has no file for yet (imported before, or
        # added on both sides) is linked to them, not made a second time; as the import
        # does, a shared phone or email never makes two differently named people one.
        for person in unknown:
            if person is None or uid_of(person) in self.files or not keys & keys_of(person):
                continue
            if names_differ(card, person):
                continue
            person.uids = [uid, *person.uids]
            if not self.dry_run:
                person = self.repo.update_person(person, changed=["uids"])
            self._pair(person, None, found)
            return
        card.id = Person().id  # a new id: X-NETTUI-ID may name someone deleted here
        card.uids = [uid, *(u for u in card.uids if u != uid)]
        self.side.added_in.append(card.display_name)
        if self.dry_run:
            return
        try:
            card.photo = self._photo_in(card.id, found.card.photo)
            added = self.repo.add_person(card)
        except (ValidationError, OSError) as error:
            self.side.skipped.append(f"{self.folder / found.entry.name}: {error}")
            return
        self.new_states[added.id] = self._state(added, found.entry, self.normalised(added))

    def _state(
        self, person: Person, entry: vdir.Entry, base: dict[str, Any], digest: str | None = None
    ) -> dict[str, Any]:
        return vdir.file_state(KIND, uid_of(person), self.where, entry, base, digest)

    # -- writing --------------------------------------------------------------------------

    def _outgoing(self) -> None:
        if self.dry_run:
            return
        if self.to_write or self.to_remove:
            vdir.ensure_folder(self.folder)
        for person_id, name in self.to_remove.items():
            vdir.remove(self.folder / name)
            self.new_states[person_id] = None
        taken = set(vdir.scan(self.folder, EXTENSION))
        pending: dict[str, dict[str, Any]] = {}
        going: list[Person] = []
        for person_id in self.to_write:
            person = self.repo.person(person_id)
            if person is None:
                continue
            uid = uid_of(person)
            found = self.files.get(uid)
            name = found.entry.name if found else vdir.name_for(uid, EXTENSION, taken)
            taken.add(name)
            photo = photos.read(self.repo.path, person.photo)
            pending[person_id] = {
                "kind": KIND,
                "uid": uid,
                "folder": self.where,
                "file": name,
                "hash": bytes_hash(write_vcard(person, "3.0", photo).encode()),
                "digest": self.repo.digest(Person, person_id),  # the same read as `person`
                "base": self.normalised(person, photo),
            }
            going.append(person)
        # Before any file: a kill after the writes then finds them as nettui's own.
        self.repo.put_pending_writes(pending)
        try:
            for person in going:
                # Made again rather than kept: the photos of every person written would
                # all be in memory at once.
                photo = photos.read(self.repo.path, person.photo)
                mine = pending[person.id]
                entry = vdir.write_atomic(
                    self.folder / mine["file"], write_vcard(person, "3.0", photo).encode()
                )
                self.new_states[person.id] = self._state(
                    person, entry, mine["base"], mine["digest"]
                )
        finally:  # what was written is recorded, even when a later write fails
            self._store_states()

    def _store_states(self) -> None:
        for person_id, state in self.new_states.items():
            if state is not None and state["digest"] is None:
                state["digest"] = self.repo.digest(Person, person_id) or ""
        # The pending writes read at the start are settled with the first states: taken
        # up (in new_states) or stale (their file was not written, or changed since).
        self.repo.put_sync_states(self.new_states, settled=list(self.pending))
        self.new_states, self.pending = {}, {}
