"""The command line's grammar: the global options, every command and its options.

argparse's own words (usage:, options, its errors) come from nettui's catalog too, so
`--help` and usage errors are in the user's language.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from nettui import __version__
from nettui.cli.common import EXIT_BAD_INPUT
from nettui.domain.models import MeetupKind
from nettui.i18n import N_, _, ngettext

# Plain values: argparse shows its choices with repr().
MEETUP_KINDS = tuple(kind.value for kind in MeetupKind)

# argparse's own words (headings, its error messages), for the catalog: argparse looks
# them up through its module-level `_` and `ngettext`, which `speak_argparse` points at
# nettui's catalog (gettext's default domain would follow only the environment).
ARGPARSE_STRINGS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One sentence and where to look, rather than argparse's usage block.
        self.exit(
            EXIT_BAD_INPUT,
            f"{self.prog}: {message}. "
            + _("See `{command} --help`.").format(command=self.prog)
            + "\n",
        )


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("{text!r} must be 1 or more").format(text=text))
    return value


def days_ahead(text: str) -> int:
    """`birthdays --days`: 0 (today only) to 366 (a whole year, a leap day too)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 366:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number from 0 to 366").format(text=text)
        )
    return value


def speak_argparse() -> None:
    """Let argparse's own words (usage:, options, its errors) come from our catalog."""
    # argparse looks its words up through these module globals, which typeshed omits.
    argparse._ = _  # type: ignore[attr-defined]  # argparse's own hook, not in its stubs
    argparse.ngettext = ngettext  # type: ignore[attr-defined]  # as the line above


def build_parser() -> argparse.ArgumentParser:
    speak_argparse()
    parser = Parser(
        prog="nettui",
        description=_("Personal networking in the terminal. With no command, opens the app."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"nettui {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--db", metavar="PATH", help=_("database file (default: $NETTUI_DB or XDG)")
    )
    parser.add_argument(
        "--lang",
        choices=["en", "es"],
        help=_("language (es also reads 3/12 day first); default: config, then LANG"),
    )
    parser.add_argument("--theme", metavar="NAME", help=_("the app's theme (see the palette)"))
    parser.add_argument(
        "--no-mouse", action="store_true", help=_("no mouse reporting (saves bandwidth over ssh)")
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("the app (or the COMMAND given) on a throwaway, pre-filled store"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def _card_options(command: argparse.ArgumentParser, edit: bool = False) -> None:
        """The rest of a card, alike in add and edit. --email/--phone take a label in
        parentheses: "+34 600 11 22 33 (mobile)"."""
        blank = _(' ("" removes it)') if edit else ""
        command.add_argument("--nickname", metavar="N", help=blank.strip() or None)
        command.add_argument(
            "--birthday",
            metavar="DATE",
            help=_("22 Jan, 22 de enero de 1990, or without a year --birthday=--01-22") + blank,
        )
        command.add_argument("--anniversary", metavar="DATE", help=blank.strip() or None)
        prefix = "--add-" if edit else "--"
        command.add_argument(f"{prefix}url", action="append", default=[], metavar="URL")
        command.add_argument(
            f"{prefix}address",
            action="append",
            default=[],
            metavar="TEXT",
            help=_("street, postal code city, country (home)"),
        )

    add = commands.add_parser("add", help=_("add a person; prints the new id"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", default="", help=_("what they do"))
    add.add_argument("--company", default="")
    add.add_argument("--email", action="append", default=[], metavar="E")
    add.add_argument("--phone", action="append", default=[], metavar="P")
    add.add_argument(
        "--handle",
        action="append",
        default=[],
        metavar="NETWORK:VALUE",
        help=_("e.g. twitter:@ana"),
    )
    add.add_argument("--tag", action="append", default=[], metavar="T")
    add.add_argument("--met", metavar="DATE", help=_("first met in person (2026-03-12, yesterday)"))
    _card_options(add)

    find = commands.add_parser(
        "find", help=_('people matching anywhere, best first ("" lists all)')
    )
    find.add_argument("query", metavar="QUERY")
    find.add_argument("--json", action="store_true")

    show = commands.add_parser("show", help=_("one person, with needs, offers and history"))
    show.add_argument("person", metavar="PERSON", help=_("id, unique id prefix, or unique name"))
    show.add_argument("--json", action="store_true")

    log = commands.add_parser("log", help=_("record an interaction with a person"))
    log.add_argument("person", metavar="PERSON")
    log.add_argument("text", metavar="TEXT", help=_("one line of what happened"))
    log.add_argument("--channel", default="", help=_("email, phone, twitter, in person..."))
    log.add_argument("--in-person", action="store_true", help=_("you were together in person"))
    log.add_argument(
        "--when", metavar="DATE", help=_("default: now (today, yesterday, 2026-03-12)")
    )

    edit = commands.add_parser("edit", help=_("change a person: only the fields given change"))
    edit.add_argument("person", metavar="PERSON", help=_("id, unique id prefix, or unique name"))
    edit.add_argument("--name", metavar="N")
    edit.add_argument("--role", metavar="R", help=_("what they do"))
    edit.add_argument("--company", metavar="C")
    edit.add_argument("--location", metavar="L")
    edit.add_argument("--add-email", action="append", default=[], metavar="E")
    edit.add_argument("--remove-email", action="append", default=[], metavar="E")
    edit.add_argument("--add-phone", action="append", default=[], metavar="P")
    edit.add_argument("--remove-phone", action="append", default=[], metavar="P")
    edit.add_argument("--add-tag", action="append", default=[], metavar="T")
    edit.add_argument("--notes", metavar="TEXT", help=_("replaces the notes"))
    _card_options(edit, edit=True)
    edit.add_argument("--remove-address", action="append", default=[], metavar="TEXT")

    delete = commands.add_parser(
        "delete", help=_("delete a person with their needs, offers and history")
    )
    delete.add_argument("person", metavar="PERSON", help=_("id, unique id prefix, or unique name"))
    delete.add_argument(
        "--yes", action="store_true", help=_("do not ask (needed when not at a terminal)")
    )

    for kind, help_text in (
        ("need", _("record something PERSON needs; prints the new id")),
        ("offer", _("record something PERSON offers; prints the new id")),
    ):
        item = commands.add_parser(kind, help=help_text)
        item.add_argument(
            "person", metavar="PERSON", help=_('id, unique id prefix, unique name, or "me"')
        )
        item.add_argument("text", metavar="TEXT")
        item.add_argument("--tag", action="append", default=[], metavar="T")

    matches = commands.add_parser("matches", help=_("who can help whom, best first"))
    matches.add_argument("--json", action="store_true")
    matches.add_argument("--limit", type=positive_int, metavar="N", help=_("at most N matches"))

    # -- intro (issue 24): introductions with double opt-in (cli/intro.py) --
    intro = commands.add_parser(
        "intro", help=_("draft the messages introducing A to B; records them as asked")
    )
    intro.add_argument("a", metavar="A", help=_("id, unique id prefix, or unique name"))
    intro.add_argument("b", metavar="B", help=_("id, unique id prefix, or unique name"))
    intro.add_argument("--need", metavar="ID", help=_("the need (default: the best match)"))
    intro.add_argument("--offer", metavar="ID", help=_("the offer (default: the best match)"))
    intro.add_argument(
        "--lang",
        dest="intro_lang",
        choices=["en", "es"],
        help=_("the language of the messages (default: the interface's)"),
    )
    intro.add_argument("--json", action="store_true")
    intro.add_argument(
        "--mark",
        choices=["asked", "accepted", "introduced", "helped", "declined"],
        help=_("record what happened instead of drafting: both pages show it"),
    )
    # -- end of intro --

    meet = commands.add_parser("meet", help=_("plan a meetup; prints its id"))
    meet.add_argument("people", metavar="PERSON", nargs="+")
    meet.add_argument("--when", required=True, metavar="TEXT", help=_('e.g. "el viernes a las 10"'))
    meet.add_argument("--place", default="")
    meet.add_argument("--duration", default="1h", metavar="D", help=_("1h, 90 min, 1:30"))
    meet.add_argument("--title", default="", metavar="T")
    meet.add_argument("--kind", default="coffee", choices=MEETUP_KINDS)

    done = commands.add_parser("done", help=_("a meetup happened: attendees are met in person"))
    done.add_argument("meetup", metavar="MEETUP", help=_("id or unique id prefix"))
    done.add_argument("--notes", default="", metavar="TEXT")
    # A bare --photo still says "we took a photo together", as it did before it took a file.
    done.add_argument(
        "--photo",
        nargs="?",
        const=True,
        default=False,
        metavar="PATH",
        help=_("you took a photo together; PATH: the image, copied beside the store"),
    )
    done.add_argument("--need", metavar="TEXT", help=_("a follow-up need of an attendee"))
    done.add_argument("--offer", metavar="TEXT", help=_("a follow-up offer of an attendee"))
    done.add_argument(
        "--for",
        dest="for_person",
        metavar="PERSON",
        help=_("whose --need or --offer it is (needed when several people were there)"),
    )
    done.add_argument("--next", metavar="WHEN", help=_("plan the next meetup, e.g. 'en 3 meses'"))

    agenda = commands.add_parser("agenda", help=_("planned meetups, soonest first"))
    agenda.add_argument("--days", type=positive_int, default=30, metavar="N")
    agenda.add_argument("--json", action="store_true")

    # -- trips (issue 24, part 1): cli/trips.py --
    trip = commands.add_parser("trip", help=_("who to see at a place during a trip"))
    trip.add_argument("place", metavar="PLACE", help=_("a city, e.g. Valladolid"))
    trip.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help=_('e.g. "el lunes", 3/12')
    )
    trip.add_argument("--to", dest="end", required=True, metavar="DATE", help=_("the last day"))
    trip.add_argument("--json", action="store_true")
    trip.add_argument(
        "--plan",
        type=positive_int,
        metavar="N",
        help=_("plan a coffee with the first N in free slots; prints their ids"),
    )
    # -- end of trips --

    export = commands.add_parser("export", help=_("write a file other programs read"))
    export.add_argument(
        "--format",
        required=True,
        choices=["vcf", "vcf4", "csv", "json", "ics"],
        dest="fmt",
        help=_("vcf: vCard 3.0 (Apple, Google, khard); vcf4: vCard 4.0"),
    )
    export.add_argument("-o", "--output", metavar="FILE", help=_("default: standard output"))

    restore = commands.add_parser("import", help=_("read people and more from files"))
    restore.add_argument("files", metavar="FILE", nargs="+")
    restore.add_argument(
        "--format", default="auto", choices=["auto", "vcf", "csv", "json"], dest="fmt"
    )
    restore.add_argument("--dry-run", action="store_true", help=_("say what would happen only"))

    mutt = commands.add_parser("mutt-query", help=_("for mutt, neomutt and aerc: query_command"))
    mutt.add_argument("query", metavar="QUERY")

    # -- sync (issue 23): `nettui sync` and its actions (cli/sync.py; setup: sync_setup.py) --
    sync = commands.add_parser("sync", help=_("two-way sync with a CardDAV/CalDAV server"))
    sync.add_argument(
        "--dry-run",
        action="store_true",
        help=_("say what the exchange would do with the folders as they are; runs no "
               "vdirsyncer, writes nothing"),
    )  # fmt: skip
    sync.add_argument(
        "--accept-empty",
        action="store_true",
        help=_("a folder emptied on purpose: remove its people, cancel its meetups"),
    )
    sync.add_argument("--json", action="store_true")
    sync_commands = sync.add_subparsers(dest="sync_command", metavar="ACTION", parser_class=Parser)
    conflicts = sync_commands.add_parser("conflicts", help=_("list the open conflicts"))
    conflicts.add_argument("--json", action="store_true")
    pick = sync_commands.add_parser("pick", help=_("settle a conflict"))
    pick.add_argument("conflict", metavar="CONFLICT")
    pick.add_argument("side", choices=["ours", "theirs"])
    keep = sync_commands.add_parser(
        "keep", help=_("put back the card of a person removed from your address book")
    )
    keep.add_argument("person", metavar="PERSON")
    sync_setup = sync_commands.add_parser(
        "setup", help=_("write nettui's vdirsyncer configuration for one account")
    )
    sync_setup.add_argument("--url", required=True, help=_("the CardDAV/CalDAV server's address"))
    sync_setup.add_argument("--username", metavar="U")
    sync_setup.add_argument(
        "--password-command",
        metavar="CMD",
        help=_('prints the password, e.g. "pass show dav"; it is never stored'),
    )
    # -- end of sync --

    # -- birthdays (issue 24, part 3): cli/birthdays.py --
    birthdays = commands.add_parser(
        "birthdays", help=_("birthdays and anniversaries coming up, soonest first")
    )
    birthdays.add_argument(
        "--days",
        type=days_ahead,
        default=30,
        metavar="N",
        help=_("from today to N days after it (0: today only; default 30)"),
    )
    birthdays.add_argument("--json", action="store_true")
    # -- end of birthdays --
    # -- events (issue 24, part 5): `nettui event ACTION` and `nettui events` (cli/events.py) --
    event = commands.add_parser(
        "event", help=_("an event: add one, who you met there, who is going")
    )
    event_commands = event.add_subparsers(
        dest="event_command", metavar="ACTION", parser_class=Parser, required=True
    )
    event_add = event_commands.add_parser("add", help=_("add an event; prints its id"))
    event_add.add_argument("name", metavar="NAME")
    event_add.add_argument(
        "--when", required=True, metavar="DATE", help=_("2026-11-20, 20 Nov 9:00, el viernes")
    )
    event_add.add_argument("--place", default="", metavar="P")
    event_add.add_argument(
        "--length",
        metavar="D",
        help=_("3h, 2 days, 2 días (default: all day, or to the end of the day from a time)"),
    )
    event_met = event_commands.add_parser(
        "met", help=_("someone you met at an event: a known person, or someone new")
    )
    event_met.add_argument("event", metavar="EVENT", help=_("id, unique id prefix, or name"))
    event_met.add_argument(
        "person",
        metavar="NAME_OR_PERSON",
        help=_("a known person's whole name or id, or a new name"),
    )
    event_met.add_argument(
        "--note",
        metavar="TEXT",
        help=_(
            'one line: "needs …"/"necesita …" is a need, "offers …" an offer, else what they do'
        ),
    )
    event_met.add_argument("--new", action="store_true", help=_("someone new, whatever the name"))
    event_going = event_commands.add_parser(
        "going", help=_("someone you know is going to an event")
    )
    event_going.add_argument("event", metavar="EVENT", help=_("id, unique id prefix, or name"))
    event_going.add_argument(
        "person", metavar="PERSON", help=_("id, unique id prefix, or unique name")
    )
    events = commands.add_parser("events", help=_("events, soonest first"))
    events.add_argument("--json", action="store_true")
    # -- end of events --

    doctor = commands.add_parser("doctor", help=_("check the database; exit 1 if problems found"))
    doctor.add_argument(
        "--restore",
        action="store_true",
        help=_("replace a damaged database by its newest good backup"),
    )
    return parser
