"""Importing a file into the store: read it, match people already known, write once.

Shared by `nettui import` and the app's import screen. Nothing is written on a dry run,
and a whole file is one transaction: the store is never left half imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nettui.domain.limits import cut_for_import
from nettui.domain.merge import Plan, plan_import
from nettui.domain.models import Meetup, Person, Record
from nettui.i18n import _, ngettext
from nettui.store import photos
from nettui.store.bulk import without_gc_pauses
from nettui.store.errors import StoreWriteError, os_reason
from nettui.store.repository import Repository

Progress = Callable[[str, int, int], None]  # (what is happening, done, total)


class ImportError_(ValueError):
    """A file nettui cannot import at all; the message says why."""


@dataclass
class ImportReport:
    path: Path
    kind: str  # "vCard", "Google CSV", "JSON backup"...
    read: int = 0
    added: int = 0  # people (or, for a backup, records)
    merged: int = 0
    unchanged: int = 0
    kept_in_notes: int = 0  # people with a value too long for its field, kept whole in notes
    problems: list[str] = field(default_factory=list)
    new_names: list[str] = field(default_factory=list)
    merged_names: list[str] = field(default_factory=list)
    # Values a card kept in its notes because they did not parse: "FILE:LINE: why".
    card_problems: list[str] = field(default_factory=list)
    # Cards of this one file that became one person: "Ana Pérez (lines 3, 40)".
    joined: list[str] = field(default_factory=list)
    joined_cards: int = 0
    dry_run: bool = False
    summary: str = ""  # "contacts.vcf: 4 cards read: added 2 people, 2 skipped."
    counts: str = ""  # the same without the file's name

    @property
    def cut_values(self) -> str:
        """The sentence about values cut for their field's length, or ""."""
        if not self.kept_in_notes:
            return ""
        said = ngettext(
            "{n} person had values too long for their fields: cut, and kept whole in the notes.",
            "{n} people had values too long for their fields: cut, and kept whole in the notes.",
            self.kept_in_notes,
        )
        return said.format(n=self.kept_in_notes)


def detect_format(path: Path, blob: bytes) -> str:
    from nettui.io.encodings import utf16_codec

    head, codec = blob[:400], utf16_codec(blob)
    if codec:  # UTF-16, as Windows programs export: its text decides, as for any file
        head = head.decode(codec, "replace").encode()
    head = head.lstrip(b"\xef\xbb\xbf \r\n\t")[:200].upper()
    if head.startswith(b"{"):
        return "json"
    if head.startswith((b"BEGIN:VCARD", b"BEGIN:VADDRESSBOOK")):
        return "vcf"
    if path.suffix.lower() == ".csv" or b"FIRST NAME" in head or b"GIVEN NAME" in head:
        return "csv"
    raise ImportError_(
        _(
            "{path}: nettui reads vCard (.vcf), contacts CSV (Google, LinkedIn, Outlook) "
            "and its own JSON backups. Use --format if the file is one of those."
        ).format(path=path)
    )


def import_file(
    repo: Repository,
    path: Path,
    blob: bytes,
    kind: str = "auto",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    kind = detect_format(path, blob) if kind == "auto" else kind
    with without_gc_pauses():
        if kind == "json":
            return _import_backup(repo, path, blob, dry_run)
        return _import_contacts(repo, path, blob, kind, dry_run, progress)


def _import_backup(repo: Repository, path: Path, blob: bytes, dry_run: bool) -> ImportReport:
    from nettui.io import jsonio
    from nettui.store.migrations import upgrade_backup

    existing = {cls.TABLE: set(repo.storage.table(cls.TABLE)) for cls in jsonio.RECORD_TYPES}
    # An earlier nettui's backup is brought to this schema first (photos kept in its
    # notes become files: none written on a dry run).
    upgrade = upgrade_backup(None if dry_run else repo.path)
    try:
        restore = jsonio.read(blob, str(path), existing, upgrade)
    except jsonio.BackupError as error:
        raise ImportError_(str(error)) from None
    report = ImportReport(path, "JSON backup", dry_run=dry_run, problems=restore.problems)
    report.read = len(restore.new) + restore.already_there
    report.added, report.unchanged = len(restore.new), restore.already_there
    counts = ", ".join(_records(t, n) for t, n in restore.counts().items()) or _("nothing")
    said = (
        _("{path}: would add {counts}; {known} already there.")
        if dry_run
        else _("{path}: added {counts}; {known} already there.")
    )
    report.summary = said.format(path=path, counts=counts, known=restore.already_there)
    report.counts = report.summary.removeprefix(f"{path}: ")
    if not dry_run and restore.new:
        with repo.transaction():
            restored = [r for r in restore.new if isinstance(r, Person)]
            _write_photos(repo, Plan(new=restored), restore.photos)
            _write_record_photos(repo, restore.new, restore.photos)
            repo.add_many(restore.new)  # one write: never half a file
    missing = _missing_photos(repo, restore.photos)
    if missing:
        put_back = (
            ngettext(
                "would put back {n} missing photo",
                "would put back {n} missing photos",
                len(missing),
            )
            if dry_run
            else ngettext("put back {n} missing photo", "put back {n} missing photos", len(missing))
        ).format(n=len(missing))
        report.summary = f"{report.summary.removesuffix('.')}; {put_back}."
        report.counts = report.summary.removeprefix(f"{path}: ")
        if not dry_run:
            _write_record_photos(repo, missing, restore.photos)
    return report


def _missing_photos(repo: Repository, found: dict[str, bytes]) -> list[Person | Meetup]:
    """The people and meetups already in the store whose photo file went missing and
    which the backup carries: restoring a backup puts those back (a photo file that is
    there is never replaced)."""
    if not found:
        return []
    records: list[Person | Meetup] = [*repo.people(), *repo.meetups()]
    return [
        r
        for r in records
        if r.photo in found and photos.is_safe(r.photo) and photos.read(repo.path, r.photo) is None
    ]


def _records(table: str, n: int) -> str:
    """ "1 person", "3 meetups": a backup's records counted in words, not table names."""
    words = {
        "people": ngettext("{n} person", "{n} people", n),
        "needs_offers": ngettext("{n} need or offer", "{n} needs and offers", n),
        "introductions": ngettext("{n} introduction", "{n} introductions", n),
        "meetups": ngettext("{n} meetup", "{n} meetups", n),
        "interactions": ngettext("{n} interaction", "{n} interactions", n),
        "events": ngettext("{n} event", "{n} events", n),
    }
    return words.get(table, "{n} " + table).format(n=n)


def _cut_long_values(people: list[Person]) -> set[str]:
    """Cut a value too long for its field, and keep it whole in the notes: an import
    neither fails on it nor loses it (nettui.domain.limits). The ids of those cut."""
    cut = set()
    for person in people:
        whole = cut_for_import(person)
        if whole:
            person.notes = "\n".join([person.notes, *whole]).strip()
            cut.add(person.id)
    return cut


def _located(path: Path, problem: str) -> str:
    """ "line 6: not a number" of a file as "contacts.vcf:6: not a number", as compilers
    and editors name a place in a file (in Spanish too: "línea 6: …")."""
    before, _n, _after = _("line {n}: {error}").partition("{n}")
    match = re.match(rf"^(?:line|{re.escape(before.strip())}) (\d+): ", problem)
    if match:
        return f"{path}:{match.group(1)}: {problem[match.end() :]}"
    return f"{path}: {problem}"


@dataclass
class _Read:
    """A file's people, and what came with them."""

    people: list[Person]
    lines: list[int]  # where each starts in the file
    uids: list[str | None]  # each card's UID in the file
    photos: dict[str, bytes]  # photo file name -> bytes, for the people who had one


def _read_contacts(
    path: Path, blob: bytes, kind: str, progress: Progress | None
) -> tuple[_Read, ImportReport, str]:
    if kind == "csv":
        from nettui.io.csv import CsvError, read_csv

        try:
            rows, errors, label = read_csv(blob)
        except CsvError as error:
            raise ImportError_(f"{path}: {error}") from None  # error: already translated
        incoming = [r.person for r in rows]
        cut = _cut_long_values(incoming)
        report = ImportReport(path, f"{label} CSV", problems=errors)
        report.kept_in_notes = len(cut)
        report.card_problems = [_located(path, p) for r in rows for p in r.problems]
        read = _Read(incoming, [r.line for r in rows], [None] * len(rows), {})
        return read, report, label
    from nettui.io.vcard import read_vcards

    def reading(done: int, total: int) -> None:
        if progress:
            progress(
                _("reading card {done} of {total}").format(done=done, total=total),
                done,
                total * 3 // 2 or 1,
            )

    cards, errors = read_vcards(blob, reading)
    read = _Read([], [], [], {})
    report = ImportReport(path, "vCard", problems=errors)
    for card in cards:
        own_id = card.uid and card.uid.removeprefix("urn:uuid:") == card.person.id
        if card.uid and not own_id and card.uid not in card.person.uids:
            card.person.uids.append(card.uid)  # another program's UID: matched next time
        if card.photo is not None:
            name = photos.name_for(card.person.id, card.photo.kind)
            card.person.photo = name
            read.photos[name] = card.photo.data
        read.people.append(card.person)
        read.lines.append(card.line)
        read.uids.append(card.uid)
        report.card_problems += [_located(path, p) for p in card.problems]
    cut = _cut_long_values(read.people)
    report.kept_in_notes = len(cut)
    return read, report, ""


def _import_contacts(
    repo: Repository,
    path: Path,
    blob: bytes,
    kind: str,
    dry_run: bool,
    progress: Progress | None,
) -> ImportReport:
    if progress:
        progress(_("reading"), 0, 1)
    read, report, unit = _read_contacts(path, blob, kind, progress)
    report.dry_run = dry_run
    incoming = read.people
    if progress:
        progress(_("matching people already known"), 2, 3)
    known = repo.people()  # read first: reading a store not read yet is no change
    loaded = repo.storage.generation
    plan = plan_import(known, incoming, read.uids)
    if not dry_run:
        if progress:
            progress(_("saving"), 5, 6)
        with repo.transaction():  # one write for the whole file: never half imported
            if repo.storage.generation != loaded:
                # Another session wrote while we matched: match again against what is
                # there now, or its changes to these people would be overwritten.
                plan = plan_import(repo.people(), incoming, read.uids)
            _write_photos(repo, plan, read.photos)
            if plan.new:
                repo.add_many(plan.new)
            for person in plan.changed:
                repo.update_person(person)
    # Every card or row of the file: those skipped were read too ("4 cards read: 2
    # added, 2 skipped", not "2 read ... 2 skipped").
    report.read = len(incoming) + len(report.problems)
    report.added, report.merged, report.unchanged = len(plan.new), len(plan.changed), plan.unchanged
    report.new_names = [p.display_name for p in plan.new]
    report.merged_names = [p.display_name for p in plan.changed]
    report.joined = [
        _("{name} (lines {lines})").format(
            name=person.display_name, lines=", ".join(str(read.lines[i]) for i in cards)
        )
        for person, cards in plan.joined
    ]
    report.joined_cards = sum(len(cards) for _person, cards in plan.joined)
    report.counts = _counts(report, unit)
    report.summary = _("{path}: {counts}").format(path=path, counts=report.counts)
    if progress:
        progress(_("done"), 3, 3)
    return report


def _write_photos(repo: Repository, plan: Plan, found: dict[str, bytes]) -> None:
    """The photos of the people this import adds, or gives their first photo. Written
    before the records: a photo no one refers to yet is harmless, a record whose photo
    is missing is not."""
    if not found:
        return
    had = {p.id: p.photo for p in repo.people() if p.photo}
    for person in (*plan.new, *plan.changed):
        # A name from a backup is checked: none may point outside the photos folder.
        if person.photo in found and photos.is_safe(person.photo) and not had.get(person.id):
            try:
                photos.write(repo.path, person.photo, found[person.photo])
            except OSError as error:
                raise StoreWriteError(
                    _("Could not save a photo in {folder}: {reason}. Nothing was imported.").format(
                        folder=photos.folder_of(repo.path), reason=os_reason(error)
                    )
                ) from None


def _write_record_photos(
    repo: Repository, records: Sequence[Record], found: dict[str, bytes]
) -> None:
    """The photos together of the meetups a backup restores (a meetup already in the
    store is not restored, and keeps its own), or the missing photo files of people
    and meetups in the store (`_missing_photos`)."""
    for record in records:
        name = record.photo if isinstance(record, (Meetup, Person)) else None
        if name is None or name not in found:
            continue
        if not photos.is_safe(name):  # a hostile backup's "../" name
            continue
        try:
            photos.write(repo.path, name, found[name])
        except OSError as error:
            raise StoreWriteError(
                _("Could not save a photo in {folder}: {reason}. Nothing was imported.").format(
                    folder=photos.folder_of(repo.path), reason=os_reason(error)
                )
            ) from None


def _counts(report: ImportReport, csv_label: str) -> str:
    """'4 cards read: added 2 people, 2 skipped.' (`csv_label`: the kind of CSV, or ""
    for vCard)."""
    n = report.read
    if csv_label:
        read = ngettext("{n} {label} CSV row read", "{n} {label} CSV rows read", n)
    else:
        read = ngettext("{n} card read", "{n} cards read", n)
    dry = report.dry_run
    parts = [
        (
            ngettext("would add {n} person", "would add {n} people", report.added)
            if dry
            else ngettext("added {n} person", "added {n} people", report.added)
        ).format(n=report.added)
    ]
    if report.merged:
        said = _("would merge new details into {n}") if dry else _("merged new details into {n}")
        parts.append(said.format(n=report.merged))
    if report.unchanged:
        known = ngettext("{n} already known", "{n} already known", report.unchanged)
        parts.append(known.format(n=report.unchanged))
    if report.joined:
        joined = ngettext(
            "{cards} cards of the file joined as {n} person",
            "{cards} cards of the file joined as {n} people",
            len(report.joined),
        )
        parts.append(joined.format(cards=report.joined_cards, n=len(report.joined)))
    if report.card_problems:
        noted = ngettext(
            "{n} value kept in the notes", "{n} values kept in the notes", len(report.card_problems)
        )
        parts.append(noted.format(n=len(report.card_problems)))
    if report.problems:
        skipped = ngettext("{n} skipped", "{n} skipped", len(report.problems))
        parts.append(skipped.format(n=len(report.problems)))
    return _("{read}: {what}.").format(
        read=read.format(n=n, label=csv_label), what=", ".join(parts)
    )
