"""Stored words (statuses, kinds, channels) as the user reads and types them.

The store keeps English values ("open", "coffee", "in person") whatever the interface
language, so files and JSON output are the same for everyone. The screen shows them
translated, and a form accepts either the value or its translation ("café" or
"coffee"), with or without accents.
"""

from __future__ import annotations

from nettui.domain.text import clip, fold
from nettui.i18n import N_, _, pgettext

LABELS = {
    # statuses of needs and offers, introductions and meetups
    "open": N_("open"),
    "done": N_("done"),
    "dropped": N_("dropped"),
    "suggested": N_("suggested"),
    "asked": N_("asked"),
    "accepted": N_("accepted"),
    "introduced": N_("introduced"),
    "helped": N_("helped"),
    "declined": N_("declined"),
    "dismissed": N_("dismissed"),
    "planned": N_("planned"),
    "cancelled": N_("cancelled"),
    # kinds of meetups
    "coffee": N_("coffee"),
    "meal": N_("meal"),
    "call": N_("call"),
    "event": N_("event"),
    "other": N_("other"),
    # kinds of items
    "need": N_("need"),
    "offer": N_("offer"),
    # channels of interactions
    "in person": N_("in person"),
    "email": N_("email"),
    "phone": N_("phone"),
    "video": N_("video"),
    "twitter": N_("twitter"),
    "linkedin": N_("linkedin"),
    "message": N_("message"),
    "introduction": N_("introduction"),
    # the user, as owner of needs and offers
    "me": N_("me"),
    # fields named in error messages
    "kind": N_("kind"),
    "status": N_("status"),
    "met_in_person": N_("met in person"),
    "last_contact": N_("last contact"),
    "start": N_("start"),
    "end": N_("end"),
    "at": N_("when"),
    "when": N_("when"),  # a meetup's time in sync, start and end together
    "name": N_("name"),
    "role": N_("what they do"),
    "company": N_("company"),
    "location": N_("location"),
    "emails": N_("emails"),
    "phones": N_("phones"),
    "tags": N_("tags"),
    "handles": N_("handles"),
    "notes": N_("notes"),
    "title": N_("title"),
    "place": N_("place"),
    "text": N_("text"),
    "summary": N_("what happened"),
    "birthday": N_("birthday"),
    "anniversary": N_("anniversary"),
    "typed values": N_("types of emails, phones and web addresses"),
    "addresses": N_("addresses"),
    "organisations": N_("organisations"),
    "kept properties": N_("other vCard properties"),
}


def label(value: str) -> str:
    """The word for a stored value in the user's language (unknown values unchanged)."""
    return _(LABELS[value]) if value in LABELS else value


def item_status(value: str) -> str:
    """A need's or an offer's status: in Spanish they agree with "necesidad" and
    "oferta" ("hecha"), where a meetup's agree with "encuentro" ("hecho")."""
    if value == "done":
        return pgettext("need or offer", "done")
    return label(value)


def value_of(text: str, choices: tuple[str, ...]) -> str:
    """The stored value the user meant by `text` (a value or its translation), else
    `text` lowercased, for validation to reject with the list of choices."""
    wanted = fold(text.strip())
    for choice in choices:
        if wanted in (fold(choice), fold(label(choice)), fold(item_status(choice))):
            return choice
    return text.strip().lower()


def labels_of(choices: tuple[str, ...]) -> list[str]:
    return [label(choice) for choice in choices]


def names_joined(names: list[str]) -> str:
    """Ana / Ana and Luis / Ana, Luis and Eva (y in Spanish)."""
    if len(names) <= 1:
        return "".join(names)
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def meetup_title(kind: str, names: list[str]) -> str:
    """The title a meetup gets when none is given: "Coffee with Ana and Luis"."""
    # Here, not at the top: limits imports this module for its field labels.
    from nettui.domain.limits import MAX_CHARS

    what = label(kind)
    title = _("{kind} with {names}").format(
        kind=what[:1].upper() + what[1:], names=names_joined(names)
    )
    return clip(title, MAX_CHARS["title"])  # long names are cut, never refused
