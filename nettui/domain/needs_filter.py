"""The Needs & offers filter: needs, offers and their matches narrowed by the words typed.

Each need or offer has one folded text to look in (its owner's name, its text, its tags
and the concepts the text speaks of); a match is found when each word is in its need's
text or its offer's. A word is looked for once per need or offer (20,000 at 10,000
people), not once per match (50,000, two texts each): the matches follow from their
items' hits in numpy arrays. A word that holds a word already looked for (typing
"nune" after "nun") is looked for among that word's hits only.

numpy is imported when a first word is typed (matching has imported it by then): the
screen's first paint does not wait for it.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nettui.domain.models import NeedOffer, NeedOfferKind, NeedOfferStatus

if TYPE_CHECKING:
    from nettui.domain.matching import Match

STATUS_ORDER = {status: n for n, status in enumerate(NeedOfferStatus)}  # open first
KEPT_WORDS = 16  # the hits of so many words are kept (an array over the items each)


@dataclass(frozen=True)
class Found:
    """The first `shown` things found (in the list's order), and how many in all."""

    shown: list[Any]
    count: int
    open_count: int = 0  # needs and offers only


class NeedsFilter:
    """The store's needs and offers, for one version of the store and of the names: made
    again when either changes. `haystack` gives an item's folded text to look in."""

    def __init__(
        self,
        items: list[NeedOffer],
        haystack: Callable[[NeedOffer], str],
        sort_name: Callable[[str], str],
    ) -> None:
        self.source = items  # the store's list it was made of
        self.items = list(items)  # a copy: the store's own list is read by others
        self._haystack = haystack
        self._texts: list[str] | None = None  # made when a first word is looked for
        # Each kind's positions in the list's order: open ones first, then by name. C
        # arrays, not lists of Python ints: the app's peak with matching is at its limit.
        self._ordered: dict[str, array[int]] = {}
        for kind in NeedOfferKind:
            positions = [n for n, item in enumerate(items) if item.kind == kind]
            positions.sort(
                key=lambda n: (STATUS_ORDER.get(items[n].status, 9), sort_name(items[n].person_id))
            )
            self._ordered[kind] = array("i", positions)
        self._hits: dict[str, Any] = {}  # word -> a numpy bool array over the items
        self._arrays: dict[str, Any] | None = None
        self.matches: list[Match] = []
        self._match_arrays: dict[str, Any] | None = None

    @property
    def texts(self) -> list[str]:
        """Each item's folded text, in the items' order (slow for a large store: made
        off the app's thread by prepare(), or when a first word is typed)."""
        if self._texts is None:
            self._texts = [self._haystack(item) for item in self.items]
        return self._texts

    @property
    def texts_made(self) -> list[str] | None:
        return self._texts

    # -- needs and offers ------------------------------------------------------------------

    def items_of(self, kind: str, words: Sequence[str], limit: int) -> Found:
        """The needs (or offers) that hold every word, open ones first."""
        ordered = self._ordered[kind]
        items = self.items
        if not words:
            shown = [items[n] for n in ordered[:limit]]
            still_open = NeedOfferStatus.OPEN  # bound once for the loop
            open_count = sum(1 for n in ordered if items[n].status == still_open)
            return Found(shown, len(ordered), open_count)
        import numpy as np

        arrays = self._item_arrays()
        hit = self._all_hits(words)[arrays[kind]]
        found = np.flatnonzero(hit)
        open_count = int(np.count_nonzero(hit & arrays[f"{kind} open"]))
        shown = [items[ordered[n]] for n in found[:limit].tolist()]
        return Found(shown, len(found), open_count)

    def _item_arrays(self) -> dict[str, Any]:
        if self._arrays is None:
            import numpy as np

            arrays = {}
            still_open = NeedOfferStatus.OPEN  # bound once for the loop below
            for kind, positions in self._ordered.items():
                arrays[kind] = np.array(positions, dtype=np.int32)
                opened = [self.items[n].status == still_open for n in positions]
                arrays[f"{kind} open"] = np.array(opened, dtype=bool)
            self._arrays = arrays
        return self._arrays

    # -- matches ---------------------------------------------------------------------------

    def set_matches(self, matches: list[Match]) -> None:
        """The matches to filter, best first (made of open needs and offers)."""
        # The store gives a new list each time, of the same objects until the matches
        # change: checked one by one, far cheaper than making the arrays again.
        same = matches is self.matches or (
            len(matches) == len(self.matches) and all(map(operator.is_, matches, self.matches))
        )
        if not same:
            self.matches, self._match_arrays = matches, None

    def prepare(self, kinds: Sequence[str]) -> None:
        """Make the texts and arrays a first word needs now (off the app's thread)."""
        self._item_arrays()
        self._matches_arrays(kinds)
        self.texts  # noqa: B018 (made now)

    def matches_of(
        self, words: Sequence[str], kinds: Sequence[str], limit: int
    ) -> dict[str, Found]:
        """Per kind, the matches whose need's or offer's text holds each word."""
        if not words:
            by_kind: dict[str, list[Match]] = {kind: [] for kind in kinds}
            for match in self.matches:
                by_kind[match.kind].append(match)
            return {kind: Found(found[:limit], len(found)) for kind, found in by_kind.items()}
        import numpy as np

        arrays = self._matches_arrays(kinds)
        need, offer = arrays["need"], arrays["offer"]
        hit = np.ones(len(self.matches), dtype=bool)
        for word in words:
            items = self._word_hits(word)
            hit &= items[need] | items[offer]
        found = {}
        for kind in kinds:
            of_kind = arrays[kind]
            chosen = of_kind[hit[of_kind]]
            shown = [self.matches[n] for n in chosen[:limit].tolist()]
            found[kind] = Found(shown, len(chosen))
        return found

    def _matches_arrays(self, kinds: Sequence[str]) -> dict[str, Any]:
        """Each match's need and offer (their places among the items) and each kind's
        matches, best first."""
        if self._match_arrays is None:
            import numpy as np

            # Each item's place, only while the arrays are made (it is large).
            position = {item.id: n for n, item in enumerate(self.items)}
            matches, count = self.matches, len(self.matches)
            # Straight into arrays: lists of 50,000 Python ints raised the app's peak.
            arrays = {
                "need": np.fromiter(
                    (self._place_of(m.need, position) for m in matches), np.int32, count
                ),
                "offer": np.fromiter(
                    (self._place_of(m.offer, position) for m in matches), np.int32, count
                ),
            }
            code = {kind: n for n, kind in enumerate(kinds)}
            kind_of = np.fromiter((code.get(m.kind, -1) for m in matches), np.int8, count)
            for kind in kinds:
                arrays[kind] = np.flatnonzero(kind_of == code[kind]).astype(np.int32)
            self._match_arrays = arrays
        return self._match_arrays

    def _place_of(self, item: NeedOffer, position: dict[str, int]) -> int:
        """An item's place; one a match holds that the list lacks (the store changed in
        between) is looked for as it is, after the others."""
        place = position.get(item.id)
        if place is None:
            place = position[item.id] = len(self.items)
            self.items.append(item)
            if self._texts is not None:
                self._texts.append(self._haystack(item))
            self._hits.clear()
        return place

    # -- words -----------------------------------------------------------------------------

    def _all_hits(self, words: Sequence[str]) -> Any:
        hits = self._word_hits(words[0])
        for word in words[1:]:
            hits = hits & self._word_hits(word)
        return hits

    def _word_hits(self, word: str) -> Any:
        """Which items' texts hold `word` (a numpy bool array, kept)."""
        kept = self._hits.get(word)
        if kept is not None:
            return kept
        import numpy as np

        texts = self.texts
        # The word, or a concept it speaks of: each text holds the names of its own
        # concepts, so "abogado" finds "Busco abogada" and "I am a lawyer" alike.
        wanted = (word, *_concepts_of_word(word))
        # Only the hits of the longest word looked for that this one holds, and that
        # speaks of the same concepts at least ("dis" is no concept, "diseño" is one).
        within = max(
            (w for w in self._hits if w in word and set(wanted[1:]) <= set(_concepts_of_word(w))),
            key=len,
            default=None,
        )
        rows = range(len(texts)) if within is None else np.flatnonzero(self._hits[within]).tolist()
        found = [n for n in rows if any(w in texts[n] for w in wanted)]
        hits = np.zeros(len(texts), dtype=bool)
        hits[found] = True
        if len(self._hits) >= KEPT_WORDS:
            self._hits.clear()
        self._hits[word] = hits
        return hits


def _concepts_of_word(word: str) -> tuple[str, ...]:
    """The concepts a typed word speaks of, folded as a text holds them ("abog": lawyer)."""
    from nettui.domain.terms import concepts_of
    from nettui.domain.text import fold

    return tuple(fold(concept) for concept in concepts_of(word))
