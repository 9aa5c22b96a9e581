"""The entries of the Needs & offers lists: how a match, a need or an offer is drawn,
the lists made of them, and the filter (NeedsFilter) made of the store's items and
their owners' names.

Pure drawing and filtering, no screen: the Needs screen decides what to show and
when; this says how each entry looks and what text the filter looks in.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.cells import cell_len

from nettui.domain.labels import item_status, label
from nettui.domain.matching import (
    KIND_TITLES,
    STRENGTH_LABELS,
    STRENGTH_POSSIBLE,
    STRENGTH_STRONG,
    Match,
    concepts_of,
    strength_of,
)
from nettui.domain.models import NeedOffer, NeedOfferKind, NeedOfferStatus
from nettui.domain.needs_filter import Found, NeedsFilter
from nettui.domain.text import fold, one_line
from nettui.i18n import _
from nettui.ui.widgets.entry_list import Entry, Line, note

# An earlier filter's items and their folded texts, to make a new filter's of (see new_filter).
LastTexts = tuple[list[NeedOffer], list[str]]

# A match's strength as a short bar beside its word: filled dots out of three.
STRENGTH_BARS = {STRENGTH_STRONG: "●●●", "good": "●●○", STRENGTH_POSSIBLE: "●○○"}


def new_filter(
    items: list[NeedOffer],
    names: dict[str, str],
    sort_name: Callable[[str], str],
    last: LastTexts | None,
) -> NeedsFilter:
    """A filter of `items`, with the texts of `last` where they still hold: by object,
    as the store keeps the object of an item that did not change (and `last` keeps
    them all alive meanwhile, so an id is one object's): folding every text again
    is a visible wait in a large store."""
    known = {id(item): text for item, text in zip(*last, strict=True)} if last else {}
    found = NeedsFilter(items, haystack_in(names, known), sort_name)
    if known:
        found.texts  # noqa: B018 (made now, of the last ones but the changed ones)
        known.clear()  # no dict of 20,000 kept beside them
    return found


def texts_of(found: NeedsFilter) -> LastTexts | None:
    """A filter's items and their folded texts, if made: copies, as the filter adds to
    its own lists (an item a match holds that it lacked) while another thread reads."""
    made = found.texts_made
    return (list(found.items), list(made)) if made is not None else None


def haystack_in(names: dict[str, str], known: dict[int, str]) -> Callable[[NeedOffer], str]:
    """The folded text a filter looks in: the owner's name, the text, the tags and the
    concepts the text speaks of (so "lawyer" finds "abogada"); `known` by the item's id
    where an earlier filter made it."""

    def haystack(item: NeedOffer) -> str:
        kept = known.get(id(item))
        if kept is not None:
            return kept
        texts = [item.text, *item.tags]
        concepts = concepts_of(" ".join(texts))
        return fold(" ".join([names.get(item.person_id, ""), *texts, *concepts]))

    return haystack


def sort_name_by(names: dict[str, str]) -> Callable[[str], str]:
    """A person's folded name to sort by, each folded once."""
    folded: dict[str, str] = {}

    def sort_name(person_id: str) -> str:
        found = folded.get(person_id)
        if found is None:
            found = folded[person_id] = fold(names.get(person_id, ""))
        return found

    return sort_name


def same_things(kept: list[Any], things: list[Any]) -> bool:
    """True when `things` holds the very objects `kept` holds, in order: the store's
    lists of needs, offers and matches are made anew, of kept objects, on each look
    (a test in C, quick even for a large store's matches)."""
    return len(kept) == len(things) and all(map(operator.is_, kept, things))


def match_lines(
    match: Match, names: dict[str, str], status: str | None, strengths: dict[str, str], widest: int
) -> Callable[[], list[Line]]:
    """A match's four lines, made when it is first drawn: its strength (a bar and a word,
    never the score), who helps whom, both texts and why."""

    def lines() -> list[Line]:
        strength = strength_of(match.score)
        word = strengths[strength]
        first: list[tuple[str, str]] = [
            ("  ", ""),
            (f"{STRENGTH_BARS[strength]} {word}", strength),
            (" " * (widest - cell_len(word) + 2), ""),
            (one_line(names.get(match.offer.person_id, "?")), ""),
            (" → ", "dim"),
            (one_line(names.get(match.need.person_id, "?")), ""),
        ]
        if status:
            first.append((f"  [{label(status)}]", "italic"))
        indent = "        "
        # In the order of the names above it ("A → B": A offers, B needs): "needs:" first
        # read as if A had the need.
        return [
            first,
            [(indent + _("offers:") + " ", "dim"), (one_line(match.offer.text), "")],
            [(indent + _("needs:") + " ", "dim"), (one_line(match.need.text), "")],
            [(indent + _("why:") + " ", "dim"), (one_line(", ".join(match.why)), "italic")],
        ]

    return lines


def item_lines(item: NeedOffer, names: dict[str, str]) -> Callable[[], list[Line]]:
    """A need's or offer's line: its status, its person, its text and #tags."""

    def lines() -> list[Line]:
        line: list[tuple[str, str]] = [
            (
                f"{item_status(item.status):<11}",
                "dim" if item.status != NeedOfferStatus.OPEN else "bold",
            ),
            (one_line(names.get(item.person_id, "?")), "bold"),
            (": ", ""),
            (one_line(item.text), ""),
        ]
        if item.tags:
            line.append(("  " + one_line(" ".join("#" + t for t in item.tags)), "dim"))
        return [line]

    return lines


def match_entries(
    by_kind: Mapping[str, Found],
    kinds: Sequence[str],
    names: dict[str, str],
    statuses: Mapping[tuple[str, str], str],
) -> tuple[list[Entry], dict[str, Match]]:
    """The Matches list: each kind under its title and count, its matches (keyed
    "need id:offer id", the key returned with its match), and a note for the rest."""
    matches: dict[str, Match] = {}
    strengths = {s: _(label) for s, label in STRENGTH_LABELS.items()}
    widest = max(cell_len(word) for word in strengths.values())
    shown: list[Entry] = []
    for kind in kinds:
        group = by_kind[kind]
        shown.append(note(f"{_(KIND_TITLES[kind])} ({group.count})", "heading"))
        for match in group.shown:
            status = statuses.get((match.need.id, match.offer.id))
            key = f"{match.need.id}:{match.offer.id}"
            lines = match_lines(match, names, status, strengths, widest)
            shown.append(Entry(key, draw=lines, height=4))
            matches[key] = match
        if group.count > len(group.shown):
            hidden = group.count - len(group.shown)
            shown.append(note(_("… {n} more: type to narrow").format(n=hidden)))
        if not group.count:
            shown.append(note("  " + _("none")))
    return shown, matches


def item_entries(items: Found, names: dict[str, str], empty: str) -> list[Entry]:
    """The Needs or the Offers list: the items shown, a note for the rest, or what to
    say when there is none."""
    shown = [Entry(item.id, draw=item_lines(item, names)) for item in items.shown]
    if items.count > len(items.shown):
        more = _("… {n} more: type to narrow").format(n=items.count - len(items.shown))
        shown.append(note(more))
    if not items.count:
        shown.append(note(empty))
    return shown


def empty_text(kind: str, words: list[str], clear_key: str, add_key: str) -> str:
    """What the Needs or the Offers list says when it shows nothing, with the keys
    that clear the filter and add one."""
    if words:
        return _("Nothing matches {query!r}. {key} clears the filter.").format(
            query=" ".join(words), key=clear_key.capitalize()
        )
    if kind == NeedOfferKind.NEED:
        return _("No needs yet. Press {key} to add one.").format(key=add_key)
    return _("No offers yet. Press {key} to add one.").format(key=add_key)
