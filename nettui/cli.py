"""The `nettui` command: the TUI by default, and headless subcommands for scripts.

Exit codes (DESIGN "CLI contract"): 0 done, 1 not found or problems found, 2 bad input
or usage (and nothing was written). Errors go to stderr in one or two sentences.
Headless subcommands never import Textual, so they start fast.
"""

from __future__ import annotations

import argparse
import os
import shlex
import stat
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from nettui import __version__, paths
from nettui.domain.dates import DateError
from nettui.domain.errors import ValidationError
from nettui.domain.text import clip, fold, one_line, visible
from nettui.i18n import N_, _, language_from_environment, ngettext, set_language
from nettui.store.errors import Ambiguous, NotFound, StoreError, os_reason

# Heavier modules (the models' dataclasses, TinyDB) are imported where they are used:
# `nettui find` can answer from the saved search index without any of them.
if TYPE_CHECKING:
    from nettui.domain.models import Person
    from nettui.domain.search import PersonSummary
    from nettui.store.repository import Repository

EXIT_OK, EXIT_NOT_FOUND, EXIT_BAD_INPUT = 0, 1, 2
MEETUP_KINDS = ("coffee", "meal", "call", "event", "other")  # as in nettui.domain.models

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


class UsageError(Exception):
    """Bad input on the command line: exit code 2."""


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


def speak_argparse() -> None:
    """Let argparse's own words (usage:, options, its errors) come from our catalog."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


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
        "--demo", action="store_true", help=_("open the app on a throwaway, pre-filled store")
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

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
    done.add_argument("--photo", action="store_true", help=_("you took a photo together"))
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

    doctor = commands.add_parser("doctor", help=_("check the database; exit 1 if problems found"))
    doctor.add_argument(
        "--restore",
        action="store_true",
        help=_("replace a damaged database by its newest good backup"),
    )
    return parser


# -- output ----------------------------------------------------------------------------------


def say(text: str = "") -> None:
    """Print untrusted text: escape sequences in a contact's name never reach the terminal."""
    print(visible(text))


def fail(message: str) -> None:
    print(f"nettui: {visible(message)}", file=sys.stderr)


def dump_json(data: Any) -> None:
    from nettui.domain import json_codec

    sys.stdout.write(json_codec.encode_indented(data).decode() + "\n")


def summary_line(person: Person | PersonSummary) -> str:
    what = ", ".join(x for x in (person.role, person.company) if x)
    status = _("met {day}").format(day=person.met_in_person) if person.met else _("online only")
    flag = "  " + _("(who is this?)") if person.needs_real_name else ""
    parts = [person.id[:8], one_line(person.display_name) + flag]
    if what:
        parts.append(one_line(what))
    parts.append(status)
    return "  ".join(parts)


# -- commands --------------------------------------------------------------------------------


def require_person(ref: str) -> None:
    if not ref.strip():
        raise UsageError(_("Say which person: an id, the start of an id, or a name."))


def cmd_add(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.dates import parse_day
    from nettui.domain.models import Handle, Person, keep_names_as_handles
    from nettui.domain.names import same_handle

    handles = [Handle.parse(h) for h in args.handle]
    met = None
    if args.met:
        today = datetime.now().astimezone().date()
        met = parse_day(args.met, today).isoformat()
    person = Person(
        name=args.name,
        role=args.role,
        company=args.company,
        emails=args.email,
        phones=args.phone,
        handles=handles,
        tags=args.tag,
        met_in_person=met,
    )
    keep_names_as_handles(person)  # "CL72DJ33" as a name: kept as a handle too
    with open_repository(db) as repo:
        # Added all the same (the new person may be someone else), but never silently.
        known = {
            (str(theirs), other.id): other
            for handle in person.handles
            for other in repo.people_with_handle(handle.value)
            for theirs in other.handles
            if same_handle(theirs.value, handle.value)
        }
        repo.add_person(person)
    for (handle, _id), other in known.items():
        fail(
            _(
                "Warning: {handle} is already the handle of {name} ({id}); added a second "
                "person anyway. Merge them with D in the app if they are one."
            ).format(handle=handle, name=one_line(other.display_name), id=other.id[:8])
        )
    print(person.id)
    return EXIT_OK


def cmd_find(db: Path, args: argparse.Namespace) -> int:
    from nettui.store.search_cache import quick_search

    found: Sequence[Person | PersonSummary] | None = None
    if not args.json:
        found = quick_search(db, args.query)
    if found is None:
        with open_repository(db) as repo:
            people = repo.search(args.query)
        if args.json:
            dump_json([p.to_dict() for p in people])
            if not people:
                say_nothing_found(args.query)
            return EXIT_OK if people else EXIT_NOT_FOUND
        found = people
    for person in found:
        say(summary_line(person))
    if not found:
        say_nothing_found(args.query)
    return EXIT_OK if found else EXIT_NOT_FOUND


def say_nothing_found(query: str) -> None:
    """Exit code 1 alone looked like a crash or a hang to a person at a terminal."""
    if query.strip():
        fail(_("No one matches {query!r}.").format(query=query))
    else:
        fail(_("There is no one here yet: `nettui add NAME` adds a person."))


def cmd_show(db: Path, args: argparse.Namespace) -> int:
    require_person(args.person)
    with open_repository(db) as repo:
        person = repo.resolve_person(args.person)
        needs_offers = repo.needs_offers_of(person.id)
        meetups = repo.meetups_of(person.id)
        interactions = repo.interactions_of(person.id)
        introductions = [
            {
                **intro.to_dict(),
                "with": repo.owner_name(
                    offer.person_id if need.person_id == person.id else need.person_id
                ),
                "need": need.text,
                "offer": offer.text,
            }
            for intro, need, offer in repo.introductions_of(person.id)
        ]
    if args.json:
        data = person.to_dict()
        data["needs"] = [n.to_dict() for n in needs_offers if n.kind == "need"]
        data["offers"] = [n.to_dict() for n in needs_offers if n.kind == "offer"]
        data["meetups"] = [m.to_dict() for m in meetups]
        data["interactions"] = [i.to_dict() for i in interactions]
        data["introductions"] = introductions
        dump_json(data)
        return EXIT_OK
    from nettui.domain.labels import item_status, label

    say(
        person.display_name
        + ("  " + _("(only a handle: who is this person?)") if person.needs_real_name else "")
    )
    rows = [
        ("id", person.id),
        (_("does"), ", ".join(x for x in (person.role, person.company) if x)),
        (_("location"), person.location),
        (_("met in person"), person.met_in_person or _("not yet (online only)")),
        (_("last contact"), person.last_contact or ""),
        (_("how we met"), person.how_we_met),
        (_("emails"), ", ".join(person.emails)),
        (_("phones"), ", ".join(person.phones)),
        (_("handles"), ", ".join(str(h) for h in person.handles)),
        (_("tags"), ", ".join(person.tags)),
        (_("goals"), "; ".join(person.goals)),
        (_("concerns"), "; ".join(person.concerns)),
        (_("about"), person.about),
        (_("notes"), person.notes),
    ]
    for row_label, value in rows:
        if value:
            say(f"  {row_label:<16}{one_line(value)}")
    for kind, title in (("need", _("Needs:")), ("offer", _("Offers:"))):
        items = [n for n in needs_offers if n.kind == kind]
        if items:
            say(title)
            for item in items:
                say(f"  [{item_status(item.status)}] {one_line(item.text)}")
    if introductions:
        say(_("Introductions:"))
        for intro in introductions:
            said = _("with {name}: {need}").format(
                name=one_line(intro["with"]), need=one_line(intro["need"])
            )
            say(f"  [{label(intro['status'])}] {said}")
    if meetups:
        say(_("Meetups:"))
        for meetup in meetups:
            when = meetup.start[:16].replace("T", " ")
            say(f"  {when}  {label(meetup.status):<10} {one_line(meetup.title)}")
    if interactions:
        say(_("Interactions:"))
        for item in interactions:
            where = label("in person" if item.in_person else item.channel)
            say(f"  {item.at[:16].replace('T', ' ')}  {where:<12} {one_line(item.summary)}")
    return EXIT_OK


def cmd_log(db: Path, args: argparse.Namespace) -> int:
    require_person(args.person)
    from nettui.domain.dates import moment_of_day, parse_day
    from nettui.domain.models import Interaction

    now = datetime.now().astimezone().replace(microsecond=0)
    at = now
    if args.when:
        at = moment_of_day(parse_day(args.when, now.date()), now.date(), now)
    if not args.text.strip():
        raise UsageError(_("Say what happened, in one line."))
    channel = "in person" if args.in_person and not args.channel else (args.channel or "other")
    with open_repository(db) as repo:
        person = repo.resolve_person(args.person)
        interaction = Interaction(
            person_id=person.id,
            at=at.isoformat(),
            channel=channel,
            in_person=args.in_person,
            summary=args.text,
        )
        repo.log_interaction(interaction)
    print(interaction.id)
    return EXIT_OK


def cmd_edit(db: Path, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from nettui.domain.models import keep_names_as_handles
    from nettui.domain.text import digits

    require_person(args.person)
    replaced = {
        name: getattr(args, name)
        for name in ("name", "role", "company", "location", "notes")
        if getattr(args, name) is not None
    }
    listed = (args.add_email, args.remove_email, args.add_phone, args.remove_phone, args.add_tag)
    if not replaced and not any(listed):
        raise UsageError(
            _(
                "Say what to change: --name, --role, --company, --location, --notes, "
                "--add-email, --remove-email, --add-phone, --remove-phone or --add-tag."
            )
        )
    with open_repository(db) as repo, repo.transaction():
        # Inside the lock, on the record as it is now: an email another session added
        # a moment ago is kept when this one adds or removes another.
        person = repo.resolve_person(args.person)
        edited = replace(person, **replaced)
        name = person.display_name
        edited.emails = [
            *_without(
                person.emails,
                args.remove_email,
                lambda e, gone: e.casefold() == gone.strip().casefold(),
                lambda gone: _("{name} has no email {email}.").format(name=name, email=gone),
            ),
            *args.add_email,
        ]
        edited.phones = [
            *_without(
                person.phones,
                args.remove_phone,
                # As phones are matched elsewhere: "+34 600-11" and "+3460011" are one.
                lambda p, gone: bool(digits(gone)) and digits(p) == digits(gone),
                lambda gone: _("{name} has no phone {phone}.").format(name=name, phone=gone),
            ),
            *args.add_phone,
        ]
        edited.tags = [*person.tags, *args.add_tag]
        changed = set(replaced)
        changed |= {"emails"} if args.add_email or args.remove_email else set()
        changed |= {"phones"} if args.add_phone or args.remove_phone else set()
        changed |= {"tags"} if args.add_tag else set()
        # As the app's form: "CL72DJ33" stays a handle when the real name replaces it.
        if keep_names_as_handles(edited, person.name):
            changed.add("handles")
        # The lengths of what changes are checked by update_person, before it writes.
        saved = repo.update_person(edited, changed=changed)
    say(_("Saved {name}.").format(name=clip(saved.display_name)))
    return EXIT_OK


def _without(
    values: list[str],
    removed: list[str],
    same: Callable[[str, str], bool],
    missing: Callable[[str], str],
) -> list[str]:
    """`values` less each of `removed`; one that is not there is a usage error."""
    for gone in removed:
        kept = [value for value in values if not same(value, gone)]
        if len(kept) == len(values):
            raise UsageError(missing(gone))
        values = kept
    return values


def cmd_delete(db: Path, args: argparse.Namespace) -> int:
    require_person(args.person)
    with open_repository(db) as repo:
        person = repo.resolve_person(args.person)
        if not args.yes:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise UsageError(
                    _(
                        "Not at a terminal, so nothing can be asked: add --yes to delete {name}."
                    ).format(name=clip(person.display_name))
                )
            # Not under the lock while the user thinks: the app and other commands go on.
            question = _("Delete {name}, with their needs, offers and history? [y/N] ")
            try:
                answer = input(visible(question.format(name=clip(person.display_name))))
            except EOFError:
                answer = ""
            if fold(answer.strip()) not in YES_WORDS:
                say(_("Nothing was deleted."))
                return EXIT_OK
        gone = repo.delete_person(person.id)
    say(_("Deleted {name}.").format(name=clip(gone.display_name)))
    return EXIT_OK


# Yes in either language, whatever the one in use: "s" and "sí" as well as "y" and "yes".
YES_WORDS = ("y", "yes", "s", "si")


def cmd_need_or_offer(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.models import ME, NeedOffer

    require_person(args.person)
    with open_repository(db) as repo:
        owner = ME if args.person.strip().lower() == ME else repo.resolve_person(args.person).id
        item = NeedOffer(person_id=owner, kind=args.command, text=args.text, tags=args.tag)
        repo.add_need_offer(item)
    print(item.id)
    return EXIT_OK


def cmd_matches(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.labels import label
    from nettui.domain.matching import KIND_TITLES, STRENGTH_LABELS, strength_of
    from nettui.domain.models import ME

    with open_repository(db) as repo:
        found = repo.matches(args.limit)

        def side(item: Any) -> dict[str, str]:
            # "me" stays "me" in JSON whatever the language: scripts compare it.
            person = ME if item.person_id == ME else repo.owner_name(item.person_id)
            return {"id": item.id, "person": person, "text": item.text}

        rows = [
            {
                "kind": m.kind,
                "need": side(m.need),
                "offer": side(m.offer),
                "score": m.score,
                "strength": strength_of(m.score),
                "why": m.why,
            }
            for m in found
        ]
    if args.json:
        dump_json(rows)
        return EXIT_OK if rows else EXIT_NOT_FOUND
    for row in rows:
        need, offer = row["need"], row["offer"]
        needer, offerer = (label(ME) if p == ME else p for p in (need["person"], offer["person"]))
        strength = _(STRENGTH_LABELS[row["strength"]])
        say(
            f"{strength:<9} {_(KIND_TITLES[row['kind']])}: {one_line(offerer)} "
            f"-> {one_line(needer)}"
        )
        lines = (  # in the order of the names above them: "A -> B", A offers
            (_("offers:"), offer["text"]),
            (_("needs:"), need["text"]),
            (_("why:"), ", ".join(row["why"])),
        )
        width = max(len(title) for title, _text in lines) + 1  # "necesita:" is 9 long
        for title, text in lines:
            say(f"      {title:<{width}}{one_line(text)}")
    return EXIT_OK if rows else EXIT_NOT_FOUND


def cmd_meet(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.dates import describe, local_now, parse, parse_duration
    from nettui.domain.labels import meetup_title
    from nettui.domain.models import Meetup

    now = local_now()
    start = parse(args.when, now, args.lang)
    duration = parse_duration(args.duration)
    with open_repository(db) as repo:
        people = [repo.resolve_person(ref) for ref in args.people]
        meetup = Meetup(
            title=args.title or meetup_title(args.kind, [p.display_name for p in people]),
            people=[p.id for p in people],
            start=start.isoformat(),
            end=(start + duration).isoformat(),
            place=args.place,
            kind=args.kind,
            agenda="\n".join(repo.agenda_text(p.id) for p in people).strip(),
        )
        clashes = repo.overlapping(meetup)
        repo.plan_meetup(meetup)
    for other in clashes:
        fail(
            _("warning: it overlaps {title} ({start}).").format(
                title=other.title, start=other.start[:16].replace("T", " ")
            )
        )
    print(meetup.id)
    print(visible(describe(start, now)), file=sys.stderr)
    return EXIT_OK


def cmd_done(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.dates import describe, local_now, parse

    if args.for_person is not None and not (args.need or args.offer):
        raise UsageError(
            _("--for says whose follow-up need or offer it is: add --need or --offer.")
        )
    with open_repository(db) as repo:
        meetup = repo.resolve_meetup(args.meetup)
        if meetup.status == "cancelled":
            raise UsageError(_("{title} was cancelled.").format(title=meetup.title))
        repo.check_not_recorded(meetup)
        follow_up_of = None
        if args.for_person is not None:
            # Only who it names: whether they were there, or whether --for was needed at
            # all, is the repository's to say (as for the app's form).
            require_person(args.for_person)
            follow_up_of = repo.resolve_person(args.for_person).id
        next_start = parse(args.next, local_now(), args.lang) if args.next else None
        try:
            again = repo.record_outcome(
                meetup.id,
                outcome=args.notes,
                photo_together=args.photo,
                need=args.need or "",
                offer=args.offer or "",
                next_start=next_start,
                follow_up_of=follow_up_of,
            )
        except ValidationError as error:
            several = len(repo.attendees(meetup)) > 1
            if follow_up_of is None and (args.need or args.offer) and several:
                # The repository says who was there; the command line says how to pick.
                hint = _("Add --for PERSON.")
                raise ValidationError(f"{error} {hint}") from None
            raise
        recorded = repo.meetup(meetup.id) or meetup
        names = ", ".join(repo.owner_name(p) for p in meetup.people)
    say(_("Done: {title}. Met in person: {names}.").format(title=meetup.title, names=names))
    if recorded.start != meetup.start:
        say(
            moved_note(datetime.fromisoformat(meetup.start), datetime.fromisoformat(recorded.start))
        )
    if again is not None:
        when = describe(datetime.fromisoformat(again.start), local_now())
        say(_("Next: {id} {when}").format(id=again.id[:8], when=when))
    return EXIT_OK


def moved_note(planned: datetime, moved_to: datetime) -> str:
    """Said when a meetup recorded before its start moves to the moment it was recorded."""
    from nettui.i18n import day_short

    return _("Moved to {moved}, when it was recorded (it was planned for {planned}).").format(
        planned=f"{day_short(planned.astimezone())} {planned.astimezone():%H:%M}",
        moved=f"{day_short(moved_to.astimezone())} {moved_to.astimezone():%H:%M}",
    )


def cmd_agenda(db: Path, args: argparse.Namespace) -> int:
    from datetime import timedelta

    from nettui.domain.dates import local_now
    from nettui.i18n import day_short

    now = local_now()
    with open_repository(db) as repo:
        found = repo.agenda(now, now + timedelta(days=args.days))
        rows = [
            {
                "id": m.id,
                "title": m.title,
                "start": m.start,
                "end": m.end,
                "people": [repo.owner_name(p) for p in m.people],
                "place": m.place,
                "status": m.status,
            }
            for m in found
        ]
    if args.json:
        dump_json(rows)
    else:
        for row in rows:
            start = datetime.fromisoformat(row["start"]).astimezone(now.tzinfo)
            # one_line() strips the ends of what it is given: the separator is added
            # after it, or "Ana García· Café" loses its space.
            place = f" · {one_line(row['place'])}" if row["place"] else ""
            when = f"{day_short(start)} {start:%H:%M}"
            say(f"{row['id'][:8]}  {when}  {one_line(row['title'])}{place}")
    if not rows:  # exit code 1 alone reads as a failure at a terminal
        fail(
            ngettext(
                "Nothing planned in the next {n} day.",
                "Nothing planned in the next {n} days.",
                args.days,
            ).format(n=args.days)
        )
    return EXIT_OK if rows else EXIT_NOT_FOUND


def cmd_export(db: Path, args: argparse.Namespace) -> int:
    from nettui.io import jsonio
    from nettui.io.ics import local_zone_name, meetups_to_ics
    from nettui.store.migrations import SCHEMA_VERSION

    with open_repository(db) as repo:
        if args.fmt == "csv":
            from nettui.io.csv import write_google_csv

            blob = write_google_csv(repo.people())
        elif args.fmt in ("vcf", "vcf4"):
            from nettui.io.vcard import write_vcard

            version = "4.0" if args.fmt == "vcf4" else "3.0"
            blob = "".join(write_vcard(p, version) for p in repo.people()).encode()
        elif args.fmt == "json":
            tables = {
                cls.TABLE: list(repo.storage.table(cls.TABLE).values())
                for cls in jsonio.RECORD_TYPES
            }
            blob = jsonio.dump(tables, SCHEMA_VERSION)
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
            for problem in report.problems:
                fail(
                    _("{path}: {problem}. It was skipped.").format(
                        path=path, problem=problem.rstrip(".")
                    )
                )
            say(report.summary)
            if report.kept_in_notes:
                said = _("{n} had fields with no place in nettui: they are in the notes, labelled.")
                say("  " + said.format(n=report.kept_in_notes))
            if args.dry_run:
                for person in report.new_names:
                    say("  " + _("new: {name}").format(name=one_line(person)))
                for person in report.merged_names:
                    say("  " + _("more about: {name}").format(name=one_line(person)))
            skipped += len(report.problems)
    return EXIT_NOT_FOUND if skipped else EXIT_OK


def cmd_mutt_query(db: Path, args: argparse.Namespace) -> int:
    """mutt's query_command format: a status line, then email TAB name TAB extra."""
    from nettui.store.search_cache import quick_search

    people: Sequence[Person | PersonSummary] = []
    if args.query.strip():
        found = quick_search(db, args.query)  # the saved index, as `find` does
        if found is None:
            with open_repository(db) as repo:
                found = repo.search(args.query)
        people = found
    lines = []
    for person in people:
        extra = ", ".join(x for x in (person.role, person.company) if x)
        extra = extra or (_("met in person") if person.met else _("online only"))
        for email in person.emails:
            fields = (email, person.display_name, extra)
            lines.append("\t".join(one_line(f).replace("\t", " ") for f in fields))
    count = ngettext("{n} matching address", "{n} matching addresses", len(lines))
    print("nettui: " + count.format(n=len(lines)))
    for line in lines:
        print(line)
    return EXIT_OK if lines else EXIT_NOT_FOUND


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


COMMANDS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "add": cmd_add,
    "find": cmd_find,
    "show": cmd_show,
    "log": cmd_log,
    "edit": cmd_edit,
    "delete": cmd_delete,
    "need": cmd_need_or_offer,
    "offer": cmd_need_or_offer,
    "matches": cmd_matches,
    "meet": cmd_meet,
    "done": cmd_done,
    "agenda": cmd_agenda,
    "export": cmd_export,
    "import": cmd_import,
    "mutt-query": cmd_mutt_query,
    "doctor": cmd_doctor,
}


# -- the app ---------------------------------------------------------------------------------


def readable_by_others(db: Path) -> str | None:
    """The warning for a database other users can read, with the fix; None if private."""
    try:
        mode = db.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) and mode & (stat.S_IRWXG | stat.S_IRWXO):
        return _("{path} can be read by other users; fix it with: chmod 600 {quoted}").format(
            path=db, quoted=shlex.quote(str(db))
        )
    return None


def warn_if_readable_by_others(db: Path) -> None:
    warning = readable_by_others(db)
    if warning:
        fail(_("warning: {problem}").format(problem=warning))


def open_repository(db: Path) -> Repository:
    """Open and load the store now, so a damaged file is reported before anything runs."""
    from nettui.store.repository import Repository

    repo = Repository(db)
    repo.storage.refresh()
    return repo


def run_app(db: Path, demo: bool, args: argparse.Namespace) -> int:
    import gc
    import shutil

    from nettui.heap import map_large_blocks_apart
    from nettui.store.repository import Repository
    from nettui.store.search_cache import preview
    from nettui.ui.app import NettuiApp  # Textual is imported only for the TUI

    map_large_blocks_apart()  # the app runs for hours: what it frees goes back
    # The first screenful of people comes from the head of the saved index, which
    # exists only for the file exactly as it was last read whole: the app paints it
    # and reads the store after. Without one, the store is read first, so a damaged
    # file is reported before anything runs.
    first = preview(db, rows=shutil.get_terminal_size().lines)
    repo = Repository(db)
    if first is None:
        repo.load()
        # The store is long-lived: move its objects out of the collector's way, so the
        # app's own garbage collections do not walk its 130,000 objects each time.
        gc.freeze()
    try:
        # Said inside the app too: a line on stderr vanishes behind the full screen.
        warnings = [w for w in [readable_by_others(db)] if w]
        app = NettuiApp(
            repo,
            demo=demo,
            lang=args.lang,
            theme=args.theme,
            config=args.config,
            warnings=warnings,
            preview=first,
        )
        app.run(mouse=args.config.mouse and not args.no_mouse)
    finally:
        repo.close()
    if app.load_error is not None:
        raise app.load_error  # said as any damaged file is: one sentence, exit code 2
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    import tempfile

    from nettui.demo import build_demo

    with tempfile.TemporaryDirectory(prefix="nettui-demo-") as folder:
        db = Path(folder) / "demo.json"
        with open_repository(db) as repo:
            build_demo(repo)
        return run_app(db, demo=True, args=args)


def dispatch(args: argparse.Namespace) -> int:
    if args.demo or args.command is None:  # the app reads all the settings
        from nettui.config import load

        args.config = load()
    if args.demo:
        return run_demo(args)
    db = paths.db_path(args.db)
    if args.command is None:
        warn_if_readable_by_others(db)
        return run_app(db, demo=False, args=args)
    if args.command != "doctor":
        warn_if_readable_by_others(db)
    return COMMANDS[args.command](db, args)


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
    """The settings file's language, read without loading the other settings (which
    cost 20 ms of imports a headless command does not need; the app reports a bad
    value when it loads them all)."""
    import tomllib

    try:
        data = tomllib.loads(paths.config_file().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = data.get("language")
    return value if value in ("en", "es") else None


def choose_language(argv: Sequence[str]) -> str:
    """--lang, else the settings file, else LC_ALL / LC_MESSAGES / LANG (es_* is Spanish)."""
    for n, word in enumerate(argv):
        if word == "--":
            break
        value = argv[n + 1] if word == "--lang" and n + 1 < len(argv) else None
        if word.startswith("--lang="):
            value = word.removeprefix("--lang=")
        if value in ("en", "es"):
            return value
    return language_setting() or language_from_environment()


def main(argv: Sequence[str] | None = None) -> int:
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
        code = dispatch(args)
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


if __name__ == "__main__":
    sys.exit(main())
