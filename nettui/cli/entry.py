"""The way in: choose the language, parse, run the command, and turn errors into exit codes.

Exit codes (docs/architecture.md): 0 done, 1 not found or problems found, 2 bad input
or usage (and nothing was written). Errors go to stderr in one or two sentences.
Headless commands never import Textual, so they start fast: the app is opened
through `open_app`, which nettui.cli gives and which alone imports the app launch.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from nettui import __version__, paths
from nettui.cli import birthdays as birthdays_cli  # issue 24, part 3
from nettui.cli import events, files, intro, meetups, needs, people, sync, sync_setup, trips
from nettui.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_NOT_FOUND,
    UsageError,
    fail,
    warn_if_readable_by_others,
)
from nettui.cli.parser import build_parser
from nettui.domain.dates import DateError
from nettui.domain.errors import ValidationError
from nettui.i18n import _, language_from_environment, set_language
from nettui.store.errors import Ambiguous, NotFound, StoreError

Command = Callable[[Path, argparse.Namespace], int]

COMMANDS: dict[str, Command] = {
    "add": people.cmd_add,
    "find": people.cmd_find,
    "show": people.cmd_show,
    "log": people.cmd_log,
    "edit": people.cmd_edit,
    "delete": people.cmd_delete,
    "need": needs.cmd_need_or_offer,
    "offer": needs.cmd_need_or_offer,
    "matches": needs.cmd_matches,
    "intro": intro.cmd_intro,  # issue 24: introductions
    "meet": meetups.cmd_meet,
    "done": meetups.cmd_done,
    "agenda": meetups.cmd_agenda,
    "trip": trips.cmd_trip,  # issue 24, part 1
    "export": files.cmd_export,
    "import": files.cmd_import,
    "mutt-query": people.cmd_mutt_query,
    "doctor": files.cmd_doctor,
    "sync": sync.cmd_sync_group,  # sync, sync conflicts/pick/keep
    "sync setup": sync_setup.cmd_sync_setup,  # `nettui sync ACTION` is "sync ACTION"
    "birthdays": birthdays_cli.cmd_birthdays,  # issue 24, part 3
    # events (issue 24, part 5): `nettui event ACTION` dispatches on ACTION itself
    "event": events.cmd_event_group,
    "events": events.cmd_events,
}

# Opens the app on the parsed arguments; given by nettui.cli, which imports the app
# launch (and so Textual) only when it is called.
OpenApp = Callable[[argparse.Namespace], int]


def dispatch(args: argparse.Namespace, open_app: OpenApp) -> int:
    if args.command is None:
        return open_app(args)
    if args.demo:
        return _on_a_demo_store(args)
    return _run(paths.db_path(args.db), args)


def _on_a_demo_store(args: argparse.Namespace) -> int:
    """`nettui --demo COMMAND`: the command on a throwaway demo store, made afresh, so
    the command line can be tried as the app is (`--demo trip Valladolid ...`)."""
    import tempfile

    from nettui.cli.common import open_repository
    from nettui.demo import build_demo

    if args.command == "sync":
        # The demo's people must never reach the user's own address book or server.
        raise UsageError(_("The demo store is never synced: sync works on your own store."))
    with tempfile.TemporaryDirectory(prefix="nettui-demo-") as folder:
        db = Path(folder) / "demo.json"
        with open_repository(db) as repo:
            build_demo(repo)
        return _run(db, args)


def _run(db: Path, args: argparse.Namespace) -> int:
    if args.command != "doctor":
        warn_if_readable_by_others(db)
    command = args.command
    if command == "sync" and f"sync {args.sync_command}" in COMMANDS:
        command = f"sync {args.sync_command}"
    return COMMANDS[command](db, args)


def log_crash() -> Path | None:
    import traceback

    try:
        log = paths.crash_log_path()
        log.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as file:
            file.write(f"--- {datetime.now().isoformat()} nettui {__version__}\n")  # for us
            file.write(traceback.format_exc())
        os.chmod(log, 0o600)
        return log
    except OSError:
        return None


def language_setting() -> str | None:
    """The settings file's language, read without loading the other settings (whose
    imports a headless command does not need; the app reports a bad value when it
    loads them all)."""
    import tomllib

    try:
        data = tomllib.loads(paths.config_file().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = data.get("language")
    return value if value in ("en", "es") else None


def choose_language(argv: Sequence[str]) -> str:
    """--lang, else the settings file, else LC_ALL / LC_MESSAGES / LANG (es_* is Spanish)."""
    skip = False
    for n, word in enumerate(argv):
        if word == "--":
            break
        # `intro`'s own --lang is the language of its messages, not the interface's.
        if word == "intro" and not skip:
            break
        skip = word in ("--db", "--theme")  # their values are no command
        value = argv[n + 1] if word == "--lang" and n + 1 < len(argv) else None
        if word.startswith("--lang="):
            value = word.removeprefix("--lang=")
        if value in ("en", "es"):
            return value
    return language_setting() or language_from_environment()


def run(argv: Sequence[str] | None, open_app: OpenApp) -> int:
    """Parse `argv` (default: the process's), run the command, and say any error in a
    sentence or two: the exit code of the whole program."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language comes first: argparse's help and errors are already in it.
    language = choose_language(argv)
    set_language(language)
    args = build_parser().parse_args(argv)
    args.lang = language
    if any("\0" in arg for arg in argv):  # only from a program: a shell cannot pass one
        fail(_("An argument holds a NUL character, which no name, text or file name can hold."))
        return EXIT_BAD_INPUT
    try:
        code = dispatch(args, open_app)
    except NotFound as error:
        fail(str(error.args[0]) if error.args else _("Not found."))
        code = EXIT_NOT_FOUND
    except (Ambiguous, ValidationError, DateError, UsageError, StoreError) as error:
        fail(str(error.args[0]) if isinstance(error, LookupError) and error.args else str(error))
        code = EXIT_BAD_INPUT
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:  # `nettui find "" | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:  # the last line of defence: no traceback reaches a user
        log = log_crash()
        where = " " + _("Details are in {path}.").format(path=log) if log else ""
        fail(
            _("unexpected error: {kind}: {error}.").format(
                kind=error.__class__.__name__, error=error
            )
            + where
        )
        code = 70
    sys.stdout.flush()
    return code
