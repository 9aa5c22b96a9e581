"""Introductions: what acting on a match writes in people's histories, and the three
messages of an introduction with double opt-in.

Each state of a match (asked, accepted, introduced, helped, declined) is logged in the
interaction history of every person involved (never "me"), so it shows on their pages:
each state once, however often it is set again, except "it helped", logged each time it
helped again (not when it is set twice in a row: that is one help, said twice).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from nettui.domain.models import ME, Interaction, IntroductionStatus, NeedOffer, Person
from nettui.domain.text import one_line, visible
from nettui.i18n import _, catalog

# The states that write a line in both people's histories.
LOGGED_STATES = (
    IntroductionStatus.ASKED,
    IntroductionStatus.ACCEPTED,
    IntroductionStatus.INTRODUCED,
    IntroductionStatus.HELPED,
    IntroductionStatus.DECLINED,
)
# The states a user sets on an introduction between two other people, in their order.
DOUBLE_OPT_IN = LOGGED_STATES


def logs_interactions(status: str, logged: Collection[str], previous: str | None = None) -> bool:
    """Does setting a match to `status` log interactions, when the states in `logged`
    already were and `previous` is its state until now (see the module's docstring)?"""
    if status == IntroductionStatus.HELPED:
        return previous != IntroductionStatus.HELPED
    return status in LOGGED_STATES and status not in logged


def introduction_interactions(
    need: NeedOffer, offer: NeedOffer, status: str, name_of: Callable[[str], str]
) -> list[Interaction]:
    """The interactions to log when `offer` was brought to `need` and the match is now
    `status`; `name_of` gives a person's name by id."""
    asker, helper = need.person_id, offer.person_id
    helped = status == IntroductionStatus.HELPED
    lines: dict[str, str] = {}
    if helper == ME:
        if status in (IntroductionStatus.INTRODUCED, IntroductionStatus.HELPED):
            said = _("My offer helped with: {need}") if helped else _("I offered help with: {need}")
            lines[asker] = said.format(need=need.text)
    elif asker == ME:
        if status in (IntroductionStatus.INTRODUCED, IntroductionStatus.HELPED):
            said = (
                _("{name} helped me with: {need}") if helped else _("I asked for help with: {need}")
            )
            lines[helper] = said.format(name=name_of(helper), need=need.text)
    else:
        to_asker, to_helper = {
            IntroductionStatus.ASKED: (
                _("Asked whether they would like to meet {name}, who offers: {offer}"),
                _("Asked whether they would like to meet {name}, who needs: {need}"),
            ),
            IntroductionStatus.ACCEPTED: (
                _("Said yes to meeting {name}, who offers: {offer}"),
                _("Said yes to meeting {name}, who needs: {need}"),
            ),
            IntroductionStatus.INTRODUCED: (
                _("Introduced to {name}, who offers: {offer}"),
                _("Introduced to {name}, who needs: {need}"),
            ),
            IntroductionStatus.HELPED: (
                _("Helped by {name}, who offers: {offer}"),
                _("Helped {name}, who needs: {need}"),
            ),
            IntroductionStatus.DECLINED: (
                _("Introduction to {name} declined; they offer: {offer}"),
                _("Introduction to {name} declined; they need: {need}"),
            ),
        }.get(IntroductionStatus(status), ("", ""))
        if to_asker:
            lines[asker] = to_asker.format(name=name_of(helper), offer=offer.text)
            lines[helper] = to_helper.format(name=name_of(asker), need=need.text)
    return [
        Interaction(person_id=person_id, channel="introduction", summary=summary)
        for person_id, summary in lines.items()
    ]


# -- the three messages ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Drafts:
    """The messages of one introduction: to A, to B, and to both once both said yes."""

    to_a: str
    to_b: str
    introduction: str

    def as_dict(self) -> dict[str, str]:
        return {"to_a": self.to_a, "to_b": self.to_b, "introduction": self.introduction}

    def in_order(self) -> tuple[str, str, str]:
        return (self.to_a, self.to_b, self.introduction)


def _plain(text: str) -> str:
    """`text` safe to paste anywhere: an escape sequence in a name shows as symbols
    (␛), never acts; markup such as "[bold]" is only text in plain text."""
    return one_line(text)


def _quoted(text: str) -> str:
    """A need's or offer's own words, verbatim, indented under the sentence that
    introduces them (each of its lines)."""
    lines = [visible(line.rstrip()) for line in text.strip().splitlines()] or [""]
    return "\n".join("    " + line for line in lines)


def intro_drafts(a: Person, b: Person, need: NeedOffer, offer: NeedOffer, language: str) -> Drafts:
    """The three messages introducing `a` and `b` over `need` (one's) and `offer` (the
    other's), written in `language` ("en" or "es") whatever the interface speaks.
    Plain text: the names, what each does and both texts in their own words."""
    gettext = catalog(language).gettext
    needer, helper = (a, b) if need.person_id == a.id else (b, a)

    def who(person: Person) -> str:
        """The name, and what they do where known: "Ana García (lawyer at Bufete Ruiz)"."""
        role, company = one_line(person.role), one_line(person.company)
        if role and company:
            does = gettext("{role} at {company}").format(role=role, company=company)
        else:
            does = role or company
        name = _plain(person.display_name)
        return gettext("{name} ({does})").format(name=name, does=does) if does else name

    need_text, offer_text = _quoted(need.text), _quoted(offer.text)
    names = {
        # Greeted by the given name where the card has one ("Hi Ana"), else by the name.
        "needer_hi": _plain(needer.given_name or needer.display_name),
        "helper_hi": _plain(helper.given_name or helper.display_name),
        "needer": _plain(needer.display_name),
        "helper": _plain(helper.display_name),
        "needer_who": who(needer),
        "helper_who": who(helper),
        "need": need_text,
        "offer": offer_text,
    }
    # Spanish: "tú" to each, "vosotros" to both, as people write to people they know.
    to_helper = gettext(
        "Hi {helper_hi},\n\n"
        "Would you like to meet {needer_who}? {needer} is looking for this:\n\n"
        "{need}\n\n"
        "and I thought of you, because you offer:\n\n"
        "{offer}\n\n"
        "If you'd like to, I'll introduce you to each other as soon as {needer} says yes "
        "too. And if it's not a good time, no problem at all."
    ).format(**names)
    to_needer = gettext(
        "Hi {needer_hi},\n\n"
        "Would you like to meet {helper_who}? You told me you're looking for this:\n\n"
        "{need}\n\n"
        "and {helper} offers:\n\n"
        "{offer}\n\n"
        "If you'd like to, I'll introduce you to each other as soon as {helper} says yes "
        "too. And if it's not a good time, no problem at all."
    ).format(**names)
    introduction = gettext(
        "Hi {needer_hi} and {helper_hi},\n\n"
        "I'd like you to meet each other. {needer_who} is looking for this:\n\n"
        "{need}\n\n"
        "and {helper_who} offers:\n\n"
        "{offer}\n\n"
        "You both told me you'd like to talk, so I'll let you take it from here."
    ).format(**names)
    if a.id == helper.id:
        return Drafts(to_a=to_helper, to_b=to_needer, introduction=introduction)
    return Drafts(to_a=to_needer, to_b=to_helper, introduction=introduction)
