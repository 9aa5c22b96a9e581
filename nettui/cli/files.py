"""Files: export, import, and doctor (check a store, put back its newest good backup)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nettui.cli.common import EXIT_NOT_FOUND, EXIT_OK, UsageError, fail, open_repository, say
from nettui.domain.text import one_line, visible
from nettui.i18n import _
from nettui.store.errors import StoreError, os_reason

if TYPE_CHECKING:
    from nettui.store.repository import Repository


def cmd_export(db: Path, args: argparse.Namespace) -> int:
    from nettui.io import jsonio
    from nettui.io.ics import local_zone_name, meetups_to_ics
    from nettui.store import photos
    from nettui.store.migrations import SCHEMA_VERSION

    with open_repository(db) as repo:
        if args.fmt == "csv":
            from nettui.io.csv import write_google_csv

            blob = write_google_csv(repo.people())
        elif args.fmt in ("vcf", "vcf4"):
            from nettui.store.exporting import vcards

            blob = vcards(repo, "4.0" if args.fmt == "vcf4" else "3.0")
        elif args.fmt == "json":
            tables = {
                cls.TABLE: list(repo.storage.table(cls.TABLE).values())
                for cls in jsonio.RECORD_TYPES
            }
            pictures = {
                n: photo.data for n in used_photos(repo) if (photo := photos.read(repo.path, n))
            }
            blob = jsonio.dump(tables, SCHEMA_VERSION, pictures)
        else:
            people = {
                p.id: (p.display_name, p.emails[0] if p.emails else None) for p in repo.people()
            }
            people["me"] = ("me", None)
            blob = meetups_to_ics(repo.meetups(), people, local_zone_name())
    if args.output:
        write_private_file(Path(args.output), blob)
    elif sys.stdout.isatty():
        sys.stdout.buffer.write(terminal_safe(blob))
    else:
        sys.stdout.buffer.write(blob)  # to a file or a pipe: the data exactly
    return EXIT_OK


def used_photos(repo: Repository) -> set[str]:
    """The photo files people and meetups refer to (a deleted person's photo is not
    backed up); the photos together too, so restoring a backup loses none."""
    return {p.photo for p in repo.people() if p.photo} | {
        m.photo for m in repo.meetups() if m.photo
    }


def terminal_safe(blob: bytes) -> bytes:
    """An export shown on a terminal: the lines as they are, but an escape sequence in a
    name (a title change, an OSC 52 clipboard write) shown as symbols, never obeyed."""
    text = blob.decode("utf-8", errors="replace")
    return "\n".join(visible(line.removesuffix("\r")) for line in text.split("\n")).encode()


def write_private_file(path: Path, blob: bytes) -> None:
    """Write an export atomically, readable by its owner only (mode 0600)."""
    import tempfile

    folder = path.expanduser().absolute().parent
    if not folder.is_dir():
        raise UsageError(_("The folder {folder} does not exist.").format(folder=folder))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(
            _("Could not write {path}: {reason}.").format(path=path, reason=os_reason(error))
        ) from None


def cmd_import(db: Path, args: argparse.Namespace) -> int:
    from nettui.store.importing import ImportError_, import_file

    skipped = 0
    with open_repository(db) as repo:
        for name in args.files:
            path = Path(name)
            try:
                blob = path.read_bytes()
            except OSError as error:
                raise UsageError(
                    _("Cannot read {path}: {reason}.").format(path=path, reason=os_reason(error))
                ) from None
            try:
                report = import_file(repo, path, blob, args.fmt, args.dry_run)
            except ImportError_ as error:
                raise UsageError(str(error)) from None
            for problem in report.card_problems:
                fail(problem)  # "contacts.vcf:6: ...": the card was imported all the same
            for problem in report.problems:
                fail(
                    _("{path}: {problem}. It was skipped.").format(
                        path=path, problem=problem.rstrip(".")
                    )
                )
            say(report.summary)
            if report.cut_values:
                say("  " + report.cut_values)
            for joined in report.joined:
                say("  " + _("one person from several cards: {who}").format(who=one_line(joined)))
            if args.dry_run:
                for person in report.new_names:
                    say("  " + _("new: {name}").format(name=one_line(person)))
                for person in report.merged_names:
                    say("  " + _("more about: {name}").format(name=one_line(person)))
            skipped += len(report.problems)
    return EXIT_NOT_FOUND if skipped else EXIT_OK


def cmd_doctor(db: Path, args: argparse.Namespace) -> int:
    from nettui.store.doctor import examine, restore_newest_backup

    report = examine(db)
    for line in report.lines:
        say(line)
    if report.healthy:
        return EXIT_OK
    if args.restore:
        try:
            message = restore_newest_backup(db)
        except StoreError as error:
            fail(str(error))
            return EXIT_NOT_FOUND
        say(message)
        return EXIT_OK
    return EXIT_NOT_FOUND
