"""People: add, find, show, log, edit, delete, and mutt-query (mutt's address book)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from nettui.cli.common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    UsageError,
    dump_json,
    fail,
    local_minute,
    open_repository,
    require_person,
    say,
)
from nettui.domain.models import Channel, NeedOfferKind
from nettui.domain.text import clip, fold, one_line, visible
from nettui.i18n import _, ngettext

# Heavier modules (the models' dataclasses, TinyDB) are imported where they are used:
# `nettui find` can answer from the saved search index without any of them.
if TYPE_CHECKING:
    from nettui.domain.card import Address
    from nettui.domain.models import Person
    from nettui.domain.search import PersonSummary


T = TypeVar("T")


def summary_line(person: Person | PersonSummary) -> str:
    what = ", ".join(x for x in (person.role, person.company) if x)
    status = _("met {day}").format(day=person.met_in_person) if person.met else _("online only")
    flag = "  " + _("(who is this?)") if person.needs_real_name else ""
    parts = [person.id[:8], one_line(person.display_name) + flag]
    if what:
        parts.append(one_line(what))
    parts.append(status)
    return "  ".join(parts)


def cmd_add(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.card_text import parse_addresses, parse_values
    from nettui.domain.dates import parse_day
    from nettui.domain.models import Handle, Person, keep_names_as_handles
    from nettui.domain.names import same_handle

    handles = [Handle.parse(h) for h in args.handle]
    today = datetime.now().astimezone().date()
    met = None
    if args.met:
        met = parse_day(args.met, today).isoformat()
    emails, typed_emails = parse_values("\n".join(args.email), "emails", None)
    phones, typed_phones = parse_values("\n".join(args.phone), "phones", None)
    urls, typed_urls = parse_values("\n".join(args.url), "urls", None)
    person = Person(
        name=args.name,
        role=args.role,
        company=args.company,
        emails=emails,
        phones=phones,
        urls=urls,
        typed=[*typed_emails, *typed_phones, *typed_urls],
        addresses=parse_addresses("\n".join(args.address), None),
        nickname=args.nickname or "",
        birthday=_partial_date(args.birthday, "birthday"),
        anniversary=_partial_date(args.anniversary, "anniversary"),
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


def _partial_date(text: str | None, what: str) -> str | None:
    """--birthday/--anniversary as typed ("22 Jan", "22 de enero de 1990"); "" is none."""
    from nettui.domain.card_text import parse_partial_date
    from nettui.i18n import current_language

    if not text:
        return None
    today = datetime.now().astimezone().date()
    return parse_partial_date(text, what, today, current_language())


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
        photo_paths = {m.id: repo.photo_path(m) for m in meetups}
        # Their card was removed from the address book elsewhere; kept here (sync).
        removed_elsewhere = bool((repo.sync_states().get(person.id) or {}).get("removed"))
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
        data["removed_from_address_book"] = removed_elsewhere
        data["needs"] = [n.to_dict() for n in needs_offers if n.kind == NeedOfferKind.NEED]
        data["offers"] = [n.to_dict() for n in needs_offers if n.kind == NeedOfferKind.OFFER]
        # The photo together as a path a script can open (null when none).
        data["meetups"] = [
            {**m.to_dict(), "photo": str(path) if (path := photo_paths[m.id]) else None}
            for m in meetups
        ]
        data["interactions"] = [i.to_dict() for i in interactions]
        data["introductions"] = introductions
        dump_json(data)
        return EXIT_OK
    from nettui.domain.card_text import (
        address_line,
        describe_partial_date,
        values_with_notes,
    )
    from nettui.domain.labels import item_status, label

    def noted(which: str) -> str:
        pairs = values_with_notes(person, which)
        return ", ".join(f"{v} ({n})" if n else v for v, n in pairs)

    today = datetime.now().astimezone().date()
    say(
        person.display_name
        + ("  " + _("(only a handle: who is this person?)") if person.needs_real_name else "")
    )
    if removed_elsewhere:
        say("  " + _("removed from your address book: `nettui sync keep` puts the card back"))
    rows = [
        ("id", person.id),
        (_("nickname"), person.nickname),
        (_("does"), ", ".join(x for x in (person.role, person.company) if x)),
        (_("department"), ", ".join(person.departments)),
        *((_("also"), title) for title in person.other_titles),
        *((_("also at"), ", ".join([o.name, *o.units])) for o in person.other_organisations),
        (_("location"), person.location),
        (_("met in person"), person.met_in_person or _("not yet (online only)")),
        (_("last contact"), person.last_contact or ""),
        (_("how we met"), person.how_we_met),
        (
            _("birthday"),
            describe_partial_date(person.birthday, "birthday", today) if person.birthday else "",
        ),
        (
            _("anniversary"),
            describe_partial_date(person.anniversary, "anniversary", today)
            if person.anniversary
            else "",
        ),
        (_("emails"), noted("emails")),
        (_("phones"), noted("phones")),
        (_("web"), noted("urls")),
        (_("handles"), ", ".join(str(h) for h in person.handles)),
        *((_("address"), address_line(a)) for a in person.addresses),
        (_("photo"), person.photo),
        (_("tags"), ", ".join(person.tags)),
        (_("goals"), "; ".join(person.goals)),
        (_("concerns"), "; ".join(person.concerns)),
        (_("about"), person.about),
        (_("notes"), person.notes),
    ]
    for row_label, value in rows:
        if value:
            say(f"  {row_label:<16}{one_line(value)}")
    if person.kept_properties:
        count = len(person.kept_properties)
        say(
            "  "
            + ngettext("{n} more vCard field kept", "{n} more vCard fields kept", count).format(
                n=count
            )
        )
    for kind, title in ((NeedOfferKind.NEED, _("Needs:")), (NeedOfferKind.OFFER, _("Offers:"))):
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
            when = local_minute(meetup.start)
            photo = f"  ({_('photo')}: {photo_paths[meetup.id]})" if photo_paths[meetup.id] else ""
            say(f"  {when}  {label(meetup.status):<10} {one_line(meetup.title)}{photo}")
    if interactions:
        say(_("Interactions:"))
        for interaction in interactions:
            where = label(Channel.IN_PERSON if interaction.in_person else interaction.channel)
            at = local_minute(interaction.at)
            say(f"  {at}  {where:<12} {one_line(interaction.summary)}")
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
    channel = (
        Channel.IN_PERSON
        if args.in_person and not args.channel
        else (args.channel or Channel.OTHER)
    )
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

    from nettui.domain.card_text import parse_addresses, parse_values, settle_name_parts
    from nettui.domain.models import NAME_PARTS, keep_names_as_handles
    from nettui.domain.text import digits

    require_person(args.person)
    replaced: dict[str, Any] = {
        name: getattr(args, name)
        for name in ("name", "role", "company", "location", "notes", "nickname")
        if getattr(args, name) is not None
    }
    for what in ("birthday", "anniversary"):
        if getattr(args, what) is not None:
            replaced[what] = _partial_date(getattr(args, what), what)
    listed = (
        args.add_email,
        args.remove_email,
        args.add_phone,
        args.remove_phone,
        args.add_tag,
        args.add_url,
        args.add_address,
        args.remove_address,
    )
    if not replaced and not any(listed):
        raise UsageError(
            _(
                "Say what to change: --name, --role, --company, --location, --notes, "
                "--nickname, --birthday, --anniversary, --add-email, --remove-email, "
                "--add-phone, --remove-phone, --add-url, --add-address, --remove-address "
                "or --add-tag."
            )
        )
    # Read before the lock: "+34 600 (mobile)" is a phone and its label.
    added_emails, typed_emails = parse_values("\n".join(args.add_email), "emails", None)
    added_phones, typed_phones = parse_values("\n".join(args.add_phone), "phones", None)
    added_urls, typed_urls = parse_values("\n".join(args.add_url), "urls", None)
    added_typed = [*typed_emails, *typed_phones, *typed_urls]
    added_addresses = parse_addresses("\n".join(args.add_address), None)
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
            *added_emails,
        ]
        edited.phones = [
            *_without(
                person.phones,
                args.remove_phone,
                # As phones are matched elsewhere: "+34 600-11" and "+3460011" are one.
                lambda p, gone: bool(digits(gone)) and digits(p) == digits(gone),
                lambda gone: _("{name} has no phone {phone}.").format(name=name, phone=gone),
            ),
            *added_phones,
        ]
        edited.urls = [*person.urls, *added_urls]
        # A value added again with a label takes that label; the labels of values
        # removed go in validate().
        relabelled = {(t.of, t.value) for t in added_typed}
        edited.typed = [
            *(t for t in person.typed if (t.of, t.value) not in relabelled),
            *added_typed,
        ]
        kept_addresses = _without(
            list(person.addresses),
            args.remove_address,
            lambda address, gone: _same_address(address, gone),
            lambda gone: _("{name} has no address {address}.").format(name=name, address=gone),
        )
        edited.addresses = [*kept_addresses, *added_addresses]
        edited.tags = [*person.tags, *args.add_tag]
        changed = set(replaced)
        changed |= {"emails"} if args.add_email or args.remove_email else set()
        changed |= {"phones"} if args.add_phone or args.remove_phone else set()
        changed |= {"urls"} if args.add_url else set()
        changed |= {"typed"} if added_typed else set()
        changed |= {"addresses"} if args.add_address or args.remove_address else set()
        changed |= {"tags"} if args.add_tag else set()
        # A new name: N's parts as imported go unless they are all still in it.
        if "name" in changed and settle_name_parts(edited, person.name):
            changed |= set(NAME_PARTS)
        # As the app's form: "CL72DJ33" stays a handle when the real name replaces it.
        if keep_names_as_handles(edited, person.name):
            changed.add("handles")
        # The lengths of what changes are checked by update_person, before it writes.
        saved = repo.update_person(edited, changed=changed)
    say(_("Saved {name}.").format(name=clip(saved.display_name)))
    return EXIT_OK


def _same_address(address: Address, text: str) -> bool:
    """--remove-address: the address as `show` prints it, or typed as when added."""
    from nettui.domain.card_text import address_line, parse_addresses

    typed = " ".join(text.split())
    if fold(typed) in (fold(address.one_line()), fold(address_line(address))):
        return True
    parsed = parse_addresses(typed, None)
    return bool(parsed) and parsed[0].parts() == address.parts()


def _without(
    values: list[T],
    removed: list[str],
    same: Callable[[T, str], bool],
    missing: Callable[[str], str],
) -> list[T]:
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


def cmd_mutt_query(db: Path, args: argparse.Namespace) -> int:
    """mutt's query_command format: a status line, then email TAB name TAB extra."""
    from nettui.store.search_cache import quick_search

    people: Sequence[Person | PersonSummary] = []
    if args.query.strip():
        summaries = quick_search(db, args.query)  # the saved index, as `find` does
        if summaries is None:
            with open_repository(db) as repo:
                people = repo.search(args.query)
        else:
            people = summaries
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
