"""Needs x offers: who can help whom, and why.

Every open need is scored against every open offer of another person:

- each text becomes terms: stems and bilingual concepts (see terms.py);
- a term weighs less the more items have it (rare words count more than common
  ones, but every word counts), a concept more than a stem, a tag TAG_WEIGHT times
  a word; the score is the cosine of the two weighted term sets;
- the reason ("why") is the shared words, concepts and #tags.

Scoring goes through an inverted index of terms, so a need is only compared with the
offers that share a term with it; adding one need or offer scores only that one.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Container, Iterable
from typing import Any

from nettui.domain.match import (
    GOOD_SCORE,
    KIND_INTRODUCE,
    KIND_THEY_CAN_HELP,
    KIND_TITLES,
    KIND_YOU_CAN_HELP,
    STRENGTH_GOOD,
    STRENGTH_LABELS,
    STRENGTH_POSSIBLE,
    STRENGTH_STRONG,
    STRONG_SCORE,
    Match,
    best_first,
    kind_of,
    strength_of,
)
from nettui.domain.models import NeedOffer, NeedOfferKind, NeedOfferStatus
from nettui.domain.terms import (
    CONCEPT_PHRASES,
    CONCEPTS,
    FRAME_WORDS,
    concepts_of,
    stems,
    terms_of,
)

# What matching.py held before match.py and terms.py were split from it: the app, the
# CLI and the tests import it from here.
__all__ = [
    "CONCEPTS",
    "CONCEPT_PHRASES",
    "FRAME_WORDS",
    "GOOD_SCORE",
    "KIND_INTRODUCE",
    "KIND_THEY_CAN_HELP",
    "KIND_TITLES",
    "KIND_YOU_CAN_HELP",
    "MATCHES_PER_ITEM",
    "MIN_SCORE",
    "STRENGTH_GOOD",
    "STRENGTH_LABELS",
    "STRENGTH_POSSIBLE",
    "STRENGTH_STRONG",
    "STRONG_SCORE",
    "Match",
    "Matcher",
    "concepts_of",
    "kind_of",
    "stems",
    "strength_of",
    "terms_of",
]

# Bound once: reading an enum's member from its class costs more than a comparison,
# and the loops below compare every item.
NEED, OFFER, OPEN = NeedOfferKind.NEED, NeedOfferKind.OFFER, NeedOfferStatus.OPEN

TAG_WEIGHT = 2.5
# A word gives up to two stems (Spanish and English) but only one concept; concepts
# carry the meaning across languages and synonyms ("retratos" ~ "headshots").
STEM_WEIGHT = 0.7
CONCEPT_WEIGHT = 1.5
MIN_SCORE = 0.12  # below this a pair is noise, not a match
MATCHES_PER_ITEM = 5  # the best offers kept for each need (and needs for each offer)
# Pairs (needs x every offer) scored at once: a float each. Bigger blocks were no
# quicker and raised the app's peak memory.
BLOCK_CELLS = 125_000
BLOCK_NEEDS = 50  # at most: the sort key below keeps scores apart for so many needs
# A term's weight falls with the number of open items that have it (df) as df**-IDF_POWER.
# It depends on nothing else, not on how many items there are: adding an item changes
# the weights of only the items that share a term with it, so it never moves the score
# of an unrelated pair. Common terms weigh less but always count (a popular topic such
# as "lawyer" must never go blind): a term in 1 item weighs 3.3 times one in 30, as
# log(N/df) did in a store of 60 items, at every size.
IDF_POWER = 0.35


class Matcher:
    """All matches between open needs and open offers, kept up to date item by item.

    Memory is the constraint (the README's performance section has the target): the
    terms and weights of the items present at the start are numpy arrays, one row per
    item, not dicts per item (which cost far more); the words behind
    a match ("why") are worked out again from its two texts when it is shown. Items
    added or changed later keep their weights in a dict each, next to the arrays.
    """

    def __init__(
        self, items: Iterable[NeedOffer] = (), dismissed: Iterable[tuple[str, str]] = ()
    ) -> None:
        import numpy as np  # imported on use: headless commands start fast

        self.dismissed: set[tuple[str, str]] = set(dismissed)
        self._items: dict[str, NeedOffer] = {}  # every open need and offer, by id
        self._term_ids: dict[str, int] = {}
        self._df: list[int] = []  # by term id: how many open items have the term
        self._owners: dict[str, int] = {}  # person id -> a number, for numpy's sake
        # need id -> {offer id: score}, rounded as shown: the matches share the floats.
        self._best: dict[str, dict[str, float]] = {}
        # Every match, ranked, as last asked for: kept until an item or a dismissal
        # changes them (ranking them all is slow in a large store).
        self._ranked: list[Match] | None = None
        # The items present at the start, one row each: their normalised weights in
        # CSR form (row r's terms are terms[pointers[r]:pointers[r + 1]]).
        self._row_items: list[NeedOffer] = []
        # Each start item's row, made on the first change (it is large, and most
        # sessions change none): only rows still open and unchanged.
        self._row_of: dict[str, int] | None = None
        # Flat C arrays, not lists: an int or float object per entry left holes in the
        # heap that the process kept.
        term_list = array("i")
        factor_list = array("d")
        pointer_list = array("q", [0])
        for item in items:
            if item.status != OPEN:
                continue
            self._items[item.id] = item
            self._row_items.append(item)
            factors = self._factors(item)
            term_list.extend(factors)
            factor_list.extend(factors.values())
            pointer_list.append(len(term_list))
        rows = len(self._row_items)
        self._pointers = np.frombuffer(pointer_list, dtype=np.int64)
        self._terms = np.frombuffer(term_list, dtype=np.int32)
        df = np.bincount(self._terms, minlength=len(self._term_ids))
        self._df = df.tolist()
        idf = np.maximum(df, 1) ** -IDF_POWER
        weights = np.frombuffer(factor_list, dtype=np.float64) * idf[self._terms]
        entry_rows = np.repeat(np.arange(rows, dtype=np.int32), np.diff(self._pointers))
        norms = np.sqrt(np.bincount(entry_rows, weights * weights, minlength=rows))
        norms[norms == 0] = 1.0
        self._weights = weights / norms[entry_rows]
        self._is_offer = np.array([i.kind == OFFER for i in self._row_items], dtype=bool)
        self._owner = np.array(
            [self._owner_code(i.person_id) for i in self._row_items], dtype=np.int32
        )
        self._open = np.ones(rows, dtype=bool)  # False once the row's item changed or left
        # The same weights by term, to score one new item against every row: built when
        # the first one comes (term t's rows are rows[pointers[t]:pointers[t + 1]]).
        self._by_term: tuple[Any, Any, Any] | None = None
        self._added: dict[str, dict[int, float]] = {}  # id -> normalised weights
        self._score_all_needs(entry_rows)

    # -- terms and weights -------------------------------------------------------------

    @staticmethod
    def _labelled_terms(item: NeedOffer) -> tuple[dict[str, str], dict[str, str]]:
        """The item's terms from its text (term -> word) and from its tags (-> #tag)."""
        tags: dict[str, str] = {}
        for tag in item.tags:
            for term in terms_of(tag):
                tags.setdefault(term, "#" + tag)
        return terms_of(item.text), tags

    def _term_id(self, term: str) -> int:
        found = self._term_ids.get(term)
        if found is None:
            found = self._term_ids[term] = len(self._term_ids)
            self._df.append(0)
        return found

    def _owner_code(self, person_id: str) -> int:
        return self._owners.setdefault(person_id, len(self._owners))

    def _factors(self, item: NeedOffer) -> dict[int, float]:
        """Each term's weight before idf: a concept more than a stem, a tag more still."""
        words, tags = self._labelled_terms(item)
        factors: dict[int, float] = {}
        for term in words:
            factors[self._term_id(term)] = CONCEPT_WEIGHT if term[0] == "c" else STEM_WEIGHT
        for term in tags:
            term_id = self._term_id(term)
            factors[term_id] = factors.get(term_id, 0.0) + TAG_WEIGHT
        return factors

    @staticmethod
    def _idf(df: int) -> float:
        return max(df, 1) ** -IDF_POWER

    def _df_of(self, term: str) -> int:
        term_id = self._term_ids.get(term)
        return 0 if term_id is None else self._df[term_id]

    def reasons(self, need: NeedOffer, offer: NeedOffer) -> list[str]:
        """The shared words, concepts and #tags of a pair, the heaviest first."""
        need_words, need_tags = self._labelled_terms(need)
        offer_words, offer_tags = self._labelled_terms(offer)

        def weights(words: dict[str, str], tags: dict[str, str]) -> dict[str, float]:
            found: dict[str, float] = {}
            for term in words:
                factor = CONCEPT_WEIGHT if term[0] == "c" else STEM_WEIGHT
                found[term] = factor * self._idf(self._df_of(term))
            for term in tags:
                found[term] = found.get(term, 0.0) + TAG_WEIGHT * self._idf(self._df_of(term))
            return found

        mine, theirs = weights(need_words, need_tags), weights(offer_words, offer_tags)
        shared = sorted((t for t in mine if t in theirs), key=lambda t: -(mine[t] * theirs[t]))
        reasons: list[str] = []
        for term in shared:
            label = need_tags.get(term) or offer_tags.get(term) or need_words.get(term, term)
            if label not in reasons:
                reasons.append(label)
        return reasons

    # -- scoring -------------------------------------------------------------------------

    def _score_all_needs(self, entry_rows: Any) -> None:
        """Every need against every offer at once, a block of needs at a time.

        A pair's cosine is the sum, over the terms they share, of the two normalised
        weights multiplied. For each term of the block's needs, every offer that has
        the term adds its product; np.bincount sums them by (need, offer). Every term
        counts, however common. numpy alone: scipy's sparse product was a little
        quicker, but importing scipy.sparse cost the app more memory than it saved.

        Tried for a popular term (one in a third of the items): summing it as a dense
        product per block (BLAS, or elementwise term by term) instead of pair by pair
        saved little CPU time, and BLAS's threads made it slower on a busy machine; it
        was dropped.
        """
        import numpy as np

        items = self._row_items
        need_rows = np.flatnonzero(~self._is_offer)
        offer_rows = np.flatnonzero(self._is_offer)
        if not len(need_rows) or not len(offer_rows):
            return
        offers = len(offer_rows)
        entry_is_offer = self._is_offer[entry_rows]
        # The offers' entries by term: term t's are at term_start[t], term_count[t] long.
        column_of = np.zeros(len(items), dtype=np.int32)
        column_of[offer_rows] = np.arange(offers)
        order = np.argsort(self._terms[entry_is_offer], kind="stable")
        offer_columns = column_of[entry_rows[entry_is_offer]][order]
        offer_weights = self._weights[entry_is_offer][order]
        term_count = np.bincount(self._terms[entry_is_offer], minlength=len(self._df))
        term_count = term_count.astype(np.int32)
        term_start = np.cumsum(term_count, dtype=np.int64) - term_count
        # The needs' entries, in need order.
        number_of = np.zeros(len(items), dtype=np.int64)
        number_of[need_rows] = np.arange(len(need_rows))
        need_numbers = number_of[entry_rows[~entry_is_offer]]
        need_terms, need_weights = self._terms[~entry_is_offer], self._weights[~entry_is_offer]
        block = max(1, min(BLOCK_NEEDS, BLOCK_CELLS // offers))
        # Which entry read a pair's sum last: each pair is taken once (reused buffer).
        last_reader = np.empty(block * offers, dtype=np.int32)
        bounds = np.searchsorted(need_numbers, np.arange(0, len(need_rows) + block, block))
        offer_owner, need_owner = self._owner[offer_rows], self._owner[need_rows]
        for at, first in enumerate(range(0, len(need_rows), block)):
            start, end = bounds[at], bounds[at + 1]
            terms = need_terms[start:end]
            lengths = term_count[terms]
            total = int(lengths.sum())
            if not total:
                continue
            # Entry i of the block reads its term's offers: one flat run of them all.
            reads = np.repeat(term_start[terms] - (np.cumsum(lengths) - lengths), lengths)
            reads += np.arange(total)
            pairs = np.repeat((need_numbers[start:end] - first) * offers, lengths)
            pairs += offer_columns[reads]
            products = np.repeat(need_weights[start:end], lengths) * offer_weights[reads]
            sums = np.bincount(pairs, products, minlength=block * offers)
            readers = np.arange(total, dtype=np.int32)
            last_reader[pairs] = readers
            pairs = pairs[last_reader[pairs] == readers]  # each pair once
            scores = sums[pairs]
            rows, cols = np.divmod(pairs, offers)  # rows within the block
            keep = (scores >= MIN_SCORE) & (offer_owner[cols] != need_owner[rows + first])
            rows, cols, scores = rows[keep], cols[keep], scores[keep]
            # One float32 key orders by need, then best score first (scores are in 0..1,
            # rows < block fit with room to spare): one argsort, not lexsort on two keys.
            order = np.argsort((rows + (1.0 - scores) * 0.999).astype(np.float32))
            rows, cols, scores = rows[order], cols[order], scores[order]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
            chosen = rank < MATCHES_PER_ITEM
            for row, col, score in zip(
                rows[chosen].tolist(), cols[chosen].tolist(), scores[chosen].tolist(), strict=True
            ):
                need_id = items[need_rows[row + first]].id
                self._best.setdefault(need_id, {})[items[offer_rows[col]].id] = round(score, 3)

    def _rows_by_term(self) -> tuple[Any, Any, Any]:
        """(pointers, rows, weights) of the start's items, ordered by term."""
        import numpy as np

        if self._by_term is None:
            order = np.argsort(self._terms, kind="stable")
            entry_rows = np.repeat(
                np.arange(len(self._row_items), dtype=np.int32), np.diff(self._pointers)
            )
            counts = np.bincount(self._terms, minlength=len(self._df))
            pointers = np.r_[0, np.cumsum(counts)]
            self._by_term = (pointers, entry_rows[order], self._weights[order])
        return self._by_term

    def _score_against(self, item: NeedOffer, weights: dict[int, float]) -> dict[str, float]:
        """The best items of the other kind for this one: {id: cosine}."""
        import numpy as np

        wants_offers = item.kind == NEED
        found: list[tuple[float, str]] = []
        pointers, term_rows, term_weights = self._rows_by_term()
        rows, products = [], []
        for term, weight in weights.items():
            if term + 1 < len(pointers) and pointers[term] < pointers[term + 1]:
                start, end = pointers[term], pointers[term + 1]
                rows.append(term_rows[start:end])
                products.append(term_weights[start:end] * weight)
        if rows:
            sums = np.bincount(
                np.concatenate(rows), np.concatenate(products), minlength=len(self._row_items)
            )
            keep = (
                (sums >= MIN_SCORE)
                & self._open
                & (self._is_offer == wants_offers)
                & (self._owner != self._owner_code(item.person_id))
            )
            for row in np.flatnonzero(keep).tolist():
                found.append((float(sums[row]), self._row_items[row].id))
        for other_id, theirs in self._added.items():  # changed or added since the start
            other = self._items[other_id]
            if (other.kind == OFFER) != wants_offers or other.person_id == item.person_id:
                continue
            score = sum(weight * theirs.get(term, 0.0) for term, weight in weights.items())
            if score >= MIN_SCORE:
                found.append((score, other_id))
        found.sort(reverse=True)
        return {other_id: round(score, 3) for score, other_id in found[:MATCHES_PER_ITEM]}

    # -- changes -------------------------------------------------------------------------

    def put(self, item: NeedOffer) -> None:
        """A need or offer was added or changed: score only it (idf is not recomputed)."""
        self._ranked = None
        self.remove(item.id)
        if item.status != OPEN:
            return
        self._items[item.id] = item
        factors = self._factors(item)
        for term in factors:
            self._df[term] += 1
        weights = {term: factor * self._idf(self._df[term]) for term, factor in factors.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        normalised = {term: w / norm for term, w in weights.items()}
        self._added[item.id] = normalised
        if item.kind == NEED:
            self._best[item.id] = self._score_against(item, normalised)
            return
        for need_id, score in self._score_against(item, normalised).items():
            best = self._best.setdefault(need_id, {})
            best[item.id] = score
            if len(best) > MATCHES_PER_ITEM:
                del best[min(best, key=best.__getitem__)]

    def remove(self, item_id: str) -> None:
        self._ranked = None
        item = self._items.pop(item_id, None)
        if item is None:
            return
        if self._row_of is None:
            self._row_of = {
                item.id: row
                for row, (item, still) in enumerate(
                    zip(self._row_items, self._open.tolist(), strict=True)
                )
                if still
            }
        row = self._row_of.pop(item_id, None)
        if row is not None:
            self._open[row] = False
            terms = self._terms[self._pointers[row] : self._pointers[row + 1]].tolist()
        else:
            terms = list(self._added.pop(item_id))
        for term in terms:
            self._df[term] -= 1
        self._best.pop(item_id, None)
        if item.kind == OFFER:
            for best in self._best.values():
                best.pop(item_id, None)

    def _weights_of(self, item_id: str) -> dict[int, float]:
        """An open item's normalised weights by term id (KeyError if it is not open)."""
        if item_id not in self._items:
            raise KeyError(item_id)
        if item_id in self._added:
            return self._added[item_id]
        row = next(
            row
            for row, item in enumerate(self._row_items)
            if item.id == item_id and self._open[row]
        )
        start, end = self._pointers[row], self._pointers[row + 1]
        terms, weights = self._terms[start:end].tolist(), self._weights[start:end].tolist()
        return dict(zip(terms, weights, strict=True))

    def score(self, need_id: str, offer_id: str) -> float:
        """The cosine of two open items as they are weighted now, matched or not."""
        need, offer = self._weights_of(need_id), self._weights_of(offer_id)
        return sum(weight * offer.get(term, 0.0) for term, weight in need.items())

    def dismiss(self, need_id: str, offer_id: str) -> None:
        self._ranked = None
        self.dismissed.add((need_id, offer_id))

    # -- results -------------------------------------------------------------------------

    def _match(self, need_id: str, offer_id: str, score: float) -> Match:
        return Match(self._items[need_id], self._items[offer_id], score, self)

    def matches(self, limit: int | None = None) -> list[Match]:
        """Every match above MIN_SCORE, best first (the same Match objects until the
        matches change, so what each one worked out, such as `why`, is kept)."""
        if self._ranked is None:
            self._ranked = self._ranked_for(self._items)
        return self._ranked[:limit] if limit else list(self._ranked)

    def matches_of_offers_by(self, person_id: str) -> list[Match]:
        """The matches of this person's offers, best first, as `matches()` ranks them:
        a look at a few offers, not a sort of every match (slow in a large store)."""
        theirs = {
            item_id
            for item_id, item in self._items.items()
            if item.kind == OFFER and item.person_id == person_id
        }
        return self._ranked_for(theirs)

    def _ranked_for(self, offer_ids: Container[str]) -> list[Match]:
        """The matches of these offers that are open and not dismissed, best first."""
        items, dismissed = self._items, self.dismissed
        ranked = [
            self._match(need_id, offer_id, score)
            for need_id, best in self._best.items()
            if need_id in items
            for offer_id, score in best.items()
            if offer_id in offer_ids and offer_id in items and (need_id, offer_id) not in dismissed
        ]
        return best_first(ranked)

    def matches_for_need(self, need_id: str) -> list[Match]:
        best = self._best.get(need_id, {})
        found = [
            self._match(need_id, offer_id, score)
            for offer_id, score in best.items()
            if offer_id in self._items and (need_id, offer_id) not in self.dismissed
        ]
        return sorted(found, key=lambda m: -m.score)

    def matches_for_offer(self, offer_id: str) -> list[Match]:
        if offer_id not in self._items:
            return []
        found = [
            self._match(need_id, offer_id, best[offer_id])
            for need_id, best in self._best.items()
            if offer_id in best
            and need_id in self._items
            and (need_id, offer_id) not in self.dismissed
        ]
        return sorted(found, key=lambda m: -m.score)
