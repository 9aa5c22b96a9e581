"""What acting on a match writes in people's histories.

Offering help and introducing are logged in the interaction history of every person
involved (never "me"), so they show on their pages; "it helped" is logged each time,
the first offer or introduction only once.
"""

from __future__ import annotations

from collections.abc import Callable

from nettui.domain.models import ME, Interaction, IntroductionStatus, NeedOffer
from nettui.i18n import _


def logs_interactions(status: str, first_time: bool) -> bool:
    """Does setting a match to `status` log interactions (see the module's docstring)?"""
    helped = status == IntroductionStatus.HELPED
    return (status == IntroductionStatus.INTRODUCED or helped) and (first_time or helped)


def introduction_interactions(
    need: NeedOffer, offer: NeedOffer, status: str, name_of: Callable[[str], str]
) -> list[Interaction]:
    """The interactions to log when `offer` was brought to `need` (`status` is
    "introduced" or "helped"); `name_of` gives a person's name by id."""
    asker, helper = need.person_id, offer.person_id
    helped = status == IntroductionStatus.HELPED
    lines: dict[str, str] = {}
    if helper == ME:
        said = _("My offer helped with: {need}") if helped else _("I offered help with: {need}")
        lines[asker] = said.format(need=need.text)
    elif asker == ME:
        said = _("{name} helped me with: {need}") if helped else _("I asked for help with: {need}")
        lines[helper] = said.format(name=name_of(helper), need=need.text)
    else:
        asker_name, helper_name = name_of(asker), name_of(helper)
        said = (
            _("Helped by {name}, who offers: {offer}")
            if helped
            else _("Introduced to {name}, who offers: {offer}")
        )
        lines[asker] = said.format(name=helper_name, offer=offer.text)
        said = (
            _("Helped {name}, who needs: {need}")
            if helped
            else _("Introduced to {name}, who needs: {need}")
        )
        lines[helper] = said.format(name=asker_name, need=need.text)
    return [
        Interaction(person_id=person_id, channel="introduction", summary=summary)
        for person_id, summary in lines.items()
    ]
