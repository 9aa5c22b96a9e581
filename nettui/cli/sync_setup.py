"""`nettui sync setup`: nettui's own vdirsyncer configuration for one account."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from nettui.cli.common import EXIT_BAD_INPUT, EXIT_OK, UsageError, fail, say
from nettui.i18n import _


def cmd_sync_setup(db: Path, args: argparse.Namespace) -> int:
    # Imported here: the other commands need neither the settings nor urllib.
    from nettui.config import load
    from nettui.sync import vdirsyncer

    try:
        command = shlex.split(args.password_command) if args.password_command else None
    except ValueError as error:
        raise UsageError(
            _("--password-command cannot be read as a command ({error}).").format(error=error)
        ) from None
    if args.password_command is not None and not command:
        raise UsageError(_("--password-command is empty: give the command that prints it."))
    if command and not args.username:
        raise UsageError(_("--password-command needs --username: whose password is it?"))
    settings = load().sync
    account = vdirsyncer.Account(args.url, args.username or None, command)
    path = vdirsyncer.configuration_path()
    try:
        vdirsyncer.setup(account, settings.contacts, settings.calendar, path)
    except vdirsyncer.SyncError as error:
        fail(str(error))
        return EXIT_BAD_INPUT
    who = _(" as {user}").format(user=args.username) if args.username else ""
    say(_("Sync is set up with {url}{who}:").format(url=args.url.strip(), who=who))
    say(
        _("  people:  {folder} <-> address book {name}").format(
            folder=settings.contacts, name=vdirsyncer.ADDRESS_BOOK
        )
    )
    say(
        _("  meetups: {folder} <-> calendar {name}").format(
            folder=settings.calendar, name=vdirsyncer.CALENDAR
        )
    )
    say(_("  vdirsyncer's configuration: {path}").format(path=path))
    if command:
        say(_("  the password comes from: {command}").format(command=shlex.join(command)))
    if not settings.vdirsyncer:
        say(
            _("config.toml's [sync] has vdirsyncer = false: nettui sync runs it once that is true.")
        )
    say(_("Run nettui sync to sync now."))
    return EXIT_OK
