"""`nettui sync`: the exchange with the vdir (and vdirsyncer around it), its conflicts,
and the user's answers to them (`pick`, `keep`). `nettui sync setup` is in
sync_setup.py."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nettui.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    UsageError,
    dump_json,
    fail,
    open_repository,
    say,
)
from nettui.domain.labels import label
from nettui.i18n import N_, _

EXIT_PROBLEMS = 1

# What moved, in the order printed: (report attribute, move, label).
_MOVES = (
    ("people_in", "added", N_("Added in nettui")),
    ("people_in", "changed", N_("Changed in nettui")),
    ("people_in", "removed", N_("Removed from nettui")),
    ("people_out", "added", N_("Added to your address book")),
    ("people_out", "changed", N_("Changed in your address book")),
    ("people_out", "removed", N_("Removed from your address book")),
    ("meetups_in", "added", N_("Meetups added in nettui")),
    ("meetups_in", "changed", N_("Meetups changed in nettui")),
    ("meetups_in", "removed", N_("Meetups removed from nettui")),
    ("meetups_out", "added", N_("Meetups added to your calendar")),
    ("meetups_out", "changed", N_("Meetups changed in your calendar")),
    ("meetups_out", "removed", N_("Meetups removed from your calendar")),
)


def cmd_sync(db: Path, args: argparse.Namespace) -> int:
    """`nettui sync [--dry-run] [--json]`: 0 in sync, 1 conflicts or skipped files, 2
    not set up or vdirsyncer failed (its one sentence)."""
    from nettui.config import load
    from nettui.sync.run import sync
    from nettui.sync.vdirsyncer import SyncError

    settings = load().sync
    with open_repository(db) as repo:
        try:
            report = sync(repo, settings, args.dry_run, accept_empty=args.accept_empty)
        except SyncError as error:
            # What the exchange did stands (a failed push undoes none of it): said first.
            if args.json:
                done = error.report.to_json() if error.report is not None else None
                dump_json({"error": str(error), "failure": error.failure.name.lower(),
                           "exchange": done})  # fmt: skip
            else:
                if error.report is not None:
                    _say_report(error.report)
                fail(str(error))
            return EXIT_BAD_INPUT
    if args.json:
        dump_json(report.to_json())
        return EXIT_OK if report.in_sync else EXIT_PROBLEMS
    _say_report(report)
    if report.in_sync and not report.moved and not report.kept:
        say(_("In sync: nothing to exchange."))
    return EXIT_OK if report.in_sync else EXIT_PROBLEMS


def _say_report(report: Any) -> None:
    if report.dry_run:
        say(_("Dry run: nothing was written."))
    for attribute, move, text in _MOVES:
        names = getattr(report, attribute).get(move) or []
        if names:
            say(f"{_(text)} ({len(names)}): {', '.join(names)}")
    conflicts = _("Conflicts (nettui kept its value; `nettui sync conflicts` lists them):")
    kept = _(
        "Removed from your address book, kept here: they hold more (`nettui sync keep PERSON`"
        " puts the card back, `nettui delete PERSON` removes them):"
    )
    for title, lines in (
        (conflicts, report.conflicts),
        (kept, report.kept),
        (_("Skipped (left untouched):"), report.skipped),
    ):
        if lines:
            say(title)
            for line in lines:
                say(f"  {line}")


def _conflict_json(repo: Any, conflict: dict[str, Any]) -> dict[str, Any]:
    person = repo.person(conflict["record"]) if conflict["kind"] == "person" else None
    meetup = repo.meetup(conflict["record"]) if conflict["kind"] == "meetup" else None
    name = person.display_name if person else (meetup.title if meetup else "?")
    keys = ("id", "kind", "record", "field", "ours", "theirs", "at")
    return {"name": name, **{key: conflict[key] for key in keys}}


def cmd_sync_conflicts(db: Path, args: argparse.Namespace) -> int:
    """Open conflicts: nettui's value (kept) and the other side's, for the user to pick."""
    with open_repository(db) as repo:
        conflicts = [_conflict_json(repo, c) for c in repo.conflicts()]
    if args.json:
        dump_json(conflicts)
        return EXIT_OK
    if not conflicts:
        say(_("No conflicts."))
    for c in conflicts:
        say(
            _("{id}  {name}: {field}: kept {ours!r}; the other side has {theirs!r}").format(
                id=c["id"][:8],
                name=c["name"],
                field=label(c["field"]),
                ours=c["ours"],
                theirs=c["theirs"],
            )
        )
    if conflicts:
        say(_("`nettui sync pick ID ours|theirs` settles one."))
    return EXIT_OK


def cmd_sync_pick(db: Path, args: argparse.Namespace) -> int:
    """Settle a conflict: `theirs` takes the other side's value into nettui (the next
    sync writes it everywhere), `ours` keeps nettui's (already written out). The
    person's page in the app settles them the same way (SyncStore.settle_conflict)."""
    with open_repository(db) as repo:
        conflict = repo.resolve_conflict(args.conflict)
        if not repo.settle_conflict(conflict["id"], args.side):
            raise UsageError(
                _("What this conflict was about is gone; `nettui sync pick ID ours` drops it.")
            )
    say(_("Settled: {field} keeps {value!r}.").format(
        field=label(conflict["field"]), value=conflict[args.side]))  # fmt: skip
    return EXIT_OK


def cmd_sync_keep(db: Path, args: argparse.Namespace) -> int:
    """A person whose card was removed elsewhere, kept here: put the card back."""
    with open_repository(db) as repo:
        person = repo.resolve_person(args.person)
        if not repo.keep_card(person.id):  # as the K of the person's page in the app
            raise UsageError(
                _("{name}'s card was not removed from your address book.").format(
                    name=person.display_name
                )
            )
    say(
        _("{name}'s card goes back to your address book at the next sync.").format(
            name=person.display_name
        )
    )
    return EXIT_OK


SYNC_COMMANDS = {
    "conflicts": cmd_sync_conflicts,
    "pick": cmd_sync_pick,
    "keep": cmd_sync_keep,
}


def cmd_sync_group(db: Path, args: argparse.Namespace) -> int:
    """`nettui sync` and its subcommands (the table is extended by sync setup's)."""
    command = SYNC_COMMANDS.get(args.sync_command or "", cmd_sync)
    return command(db, args)
