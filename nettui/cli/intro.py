"""`nettui intro A B`: the three messages of an introduction with double opt-in, and
its state (asked when drafted; --mark for what happened next)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from nettui.cli.common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    UsageError,
    dump_json,
    fail,
    open_repository,
    require_person,
    say,
)
from nettui.i18n import _

if TYPE_CHECKING:
    from nettui.domain.models import NeedOffer, Person
    from nettui.store.repository import Repository

# What --mark may set: "asked" is what drafting records.
MARKS = ("asked", "accepted", "introduced", "helped", "declined")


def _person(repo: Repository, ref: str) -> Person:
    from nettui.domain.models import ME

    require_person(ref)
    if ref.strip().lower() in (ME, _("me")):
        raise UsageError(
            _("An introduction is between two other people, never you: name two people.")
        )
    return repo.resolve_person(ref)


def _item(repo: Repository, item_id: str, kind: str) -> NeedOffer:
    item = repo.need_offer(item_id.strip())
    if item is None or item.kind != kind:
        said = _("No need with id {id}.") if kind == "need" else _("No offer with id {id}.")
        raise UsageError(said.format(id=item_id))
    return item


def _pair(
    repo: Repository, a: Person, b: Person, args: argparse.Namespace
) -> tuple[NeedOffer, NeedOffer] | None:
    """The need and the offer the introduction is about: the ones given, else the best
    match between A and B (None: there is none)."""
    both = {a.id, b.id}
    need = _item(repo, args.need, "need") if args.need else None
    offer = _item(repo, args.offer, "offer") if args.offer else None
    for item in (need, offer):
        if item is not None and item.person_id not in both:
            raise UsageError(
                _("{text!r} is neither {a}'s nor {b}'s.").format(
                    text=item.text, a=a.display_name, b=b.display_name
                )
            )
    if need is not None and offer is not None:
        if need.person_id == offer.person_id:
            raise UsageError(_("The need and the offer must be one of each person's."))
        return need, offer
    if need is not None or offer is not None:
        matches = (
            repo.matches_for_need(need.id)
            if need is not None
            else repo.matches_for_offer(offer.id if offer is not None else "")
        )
        for match in matches:  # best first
            if {match.need.person_id, match.offer.person_id} == both:
                return match.need, match.offer
        return None
    best = repo.best_match_between(a.id, b.id)
    return (best.need, best.offer) if best is not None else None


def cmd_intro(db: Path, args: argparse.Namespace) -> int:
    from nettui.domain.introductions import intro_drafts
    from nettui.domain.labels import label

    with open_repository(db) as repo:
        a, b = _person(repo, args.a), _person(repo, args.b)
        if a.id == b.id:
            raise UsageError(_("An introduction needs two different people."))
        pair = _pair(repo, a, b, args)
        if pair is None:
            fail(
                _(
                    "No open need of {a} or {b} matches an offer of the other. "
                    "Name them with --need ID and --offer ID."
                ).format(a=a.display_name, b=b.display_name)
            )
            return EXIT_NOT_FOUND
        need, offer = pair
        if args.mark:
            intro = repo.act_on_match(need.id, offer.id, args.mark)
            say(
                _("{a} and {b}: {state}.").format(
                    a=a.display_name, b=b.display_name, state=label(intro.status)
                )
            )
            return EXIT_OK
        drafts = intro_drafts(a, b, need, offer, args.intro_lang or args.lang)
        intro, asked_now = repo.ask_introduction(need.id, offer.id)
    if args.json:
        dump_json(drafts.as_dict())
        return EXIT_OK
    headings = (
        _("To {name}").format(name=a.display_name),
        _("To {name}").format(name=b.display_name),
        _("The introduction, once both said yes"),
    )
    for heading, text in zip(headings, drafts.in_order(), strict=True):
        say(f"== {heading} ==")
        for line in text.splitlines():
            say(line)
        say()
    if asked_now:
        said = _("Recorded as asked on both pages; when they answer: --mark accepted or declined.")
    else:
        said = _("Already {state}: nothing recorded.").format(state=label(intro.status))
    say(said)
    return EXIT_OK
