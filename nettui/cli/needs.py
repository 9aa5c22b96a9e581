"""Needs and offers: need, offer, and matches (who can help whom)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from nettui.cli.common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    dump_json,
    open_repository,
    require_person,
    say,
)
from nettui.domain.text import one_line
from nettui.i18n import _

if TYPE_CHECKING:
    from nettui.domain.models import NeedOffer


class Side(TypedDict):
    """A need or an offer as `matches` shows it: its id, whose it is, and its text."""

    id: str
    person: str
    text: str


class MatchRow(TypedDict):
    """One match as `matches --json` prints it (the keys in this order)."""

    kind: str
    need: Side
    offer: Side
    score: float
    strength: str
    why: list[str]


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

        def side(item: NeedOffer) -> Side:
            # "me" stays "me" in JSON whatever the language: scripts compare it.
            person = ME if item.person_id == ME else repo.owner_name(item.person_id)
            return {"id": item.id, "person": person, "text": item.text}

        rows: list[MatchRow] = [
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
