"""The text around meetups: a first agenda for meeting someone, and the line a meetup
that happened leaves in each attendee's history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nettui.domain.models import Meetup, NeedOffer, NeedOfferKind, NeedOfferStatus
from nettui.i18n import _


def agenda_text(their_items: Iterable[NeedOffer], my_offers: Iterable[NeedOffer]) -> str:
    """A first agenda for meeting someone: their open needs, what I can offer (my
    offers that match those needs), and what they offer."""
    items = list(their_items)
    lines = []
    needs = [i for i in items if i.kind == NeedOfferKind.NEED and i.status == NeedOfferStatus.OPEN]
    if needs:
        lines.append(_("Their needs:"))
        lines += [f"- {n.text}" for n in needs]
    offers = list(my_offers)
    their_offers = [
        i for i in items if i.kind == NeedOfferKind.OFFER and i.status == NeedOfferStatus.OPEN
    ]
    if offers:
        lines.append(_("What I can offer:"))
        lines += [f"- {o.text}" for o in offers]
    if their_offers:
        lines.append(_("What they offer:"))
        lines += [f"- {o.text}" for o in their_offers]
    return "\n".join(lines)


def done_summary(meetup: Meetup) -> str:
    """What the in-person interaction logged for a meetup that happened says."""
    summary = f"{meetup.title}" + (f": {meetup.outcome}" if meetup.outcome else "")
    if meetup.photo_together:
        summary += " " + _("(photo together)")
    return summary


def meetup_with(meetup: Meetup, values: dict[str, Any]) -> Meetup:
    """The meetup with these fields changed, checked again. As sync keeps them, "when"
    is start and end in one ("START/END"): a time moved elsewhere moves both."""
    data = meetup.to_dict()
    for name, value in values.items():
        if name == "when":
            data["start"], data["end"] = str(value).split("/", 1)
        else:
            data[name] = value
    return Meetup.from_dict(data)
