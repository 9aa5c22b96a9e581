"""Find people by anything a person would type, accent- and case-insensitive, best first.

Each person is indexed once as folded text. A query is split into words; every word
must match somewhere, and each word scores by where it matched: the start of the name
beats a word inside the name, which beats a handle or email, then role, company and
tags, then free text such as notes. Ties sort by name.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, TypeAlias, overload

from nettui.domain.search_entries import (
    INDEX_FORMAT,
    IndexEntry,
    PersonSummary,
    build_entries,
    entry_for,
    make_entry,
    summary_of,
)
from nettui.domain.text import tokens

# The entries are imported from here by the store: re-exported.
__all__ = [
    "FIRST_KEYS",
    "INDEX_FORMAT",
    "THIRD_KEY",
    "IndexEntry",
    "KeysTable",
    "PersonIndex",
    "PersonSummary",
    "build_entries",
    "make_entry",
    "query_words",
    "rank",
    "summary_of",
]

# Words this long or shorter are answered from a table (prepare_first_keys): first
# those of one or two characters, then those of three (scoring everyone for "ana" is slow).
FIRST_KEYS = (1, 2)
THIRD_KEY = 3
RECENT_QUERIES = 8  # answers kept for backspace

# Scores of one query word, by where it matched.
NAME_START = 100
NAME_WORD = 90
NAME_INSIDE = 70
HANDLE_WORD = 60
HANDLE_INSIDE = 50
PHONE = 45
DETAIL_WORD = 40
DETAIL_INSIDE = 30
FREE_TEXT = 10


class KeysTable(NamedTuple):
    """Every word of `longest` letters or digits or fewer that finds anyone: its
    positions in name order, best first (a word not in it finds no one)."""

    words: dict[str, array[int]]
    longest: int


# The people a query found, in name order; or a table's answer (positions in name
# order, best first) until the next key needs them in order.
Hits: TypeAlias = "list[IndexEntry] | array[int] | None"


class IdsAt(Sequence[str]):
    """The ids of the people at these positions (in name order), looked up only when
    asked: the first key typed finds nearly everyone, and a list of all their ids
    slowed that key. The list on screen asks for a screenful."""

    __slots__ = ("_people", "_positions")
    # Unhashable, like a list: defining __eq__ below sets __hash__ to None.

    def __init__(self, people: list[IndexEntry], positions: array[int]) -> None:
        self._people = people  # a list that is replaced, never changed, on any change
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, at: int) -> str: ...
    @overload
    def __getitem__(self, at: slice) -> list[str]: ...
    def __getitem__(self, at: int | slice) -> str | list[str]:
        if isinstance(at, slice):
            people = self._people
            return [people[p].id for p in self._positions[at]]
        return self._people[self._positions[at]].id

    def __iter__(self) -> Iterator[str]:
        people = self._people
        return (people[p].id for p in self._positions)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdsAt):
            if other._people is self._people:
                return other._positions == self._positions  # compared in C
            return list(self) == list(other)
        if isinstance(other, list | tuple):
            return len(other) == len(self) and list(self) == list(other)
        return NotImplemented


def _score_word(entry: IndexEntry, word: str, is_number: bool) -> int:
    if word not in entry.blob:
        return 0
    name = entry.name
    if name.startswith(word):
        return NAME_START
    spaced = " " + word
    if spaced in entry.name_words:
        return NAME_WORD
    if word in name:
        return NAME_INSIDE
    if spaced in entry.handles:
        return HANDLE_WORD
    if word in entry.handles:
        return HANDLE_INSIDE
    if is_number and word in entry.phones:
        return PHONE
    if spaced in entry.details:
        return DETAIL_WORD
    if word in entry.details:
        return DETAIL_INSIDE
    if word in entry.free_text:
        return FREE_TEXT
    return 0


def query_words(query: str) -> list[str]:
    return tokens(query)


class PersonIndex:
    """The search index over all people, kept up to date one person at a time."""

    def __init__(self, entries: Iterable[IndexEntry] = (), in_name_order: bool = False):
        entries = list(entries)
        self._entries: dict[str, IndexEntry] = {e.id: e for e in entries}
        self._by_name: list[IndexEntry] | None = entries if in_name_order else None
        self._last_query: list[str] = []
        # In name order; or the positions of a table's answer, put in order when the
        # next key needs them (sorting thousands of them slowed the key "an").
        self._last_hits: Hits = None
        # The first keys typed in a filter match thousands (slow to score one by
        # one): every query of one or two characters is answered in one pass, then
        # those of three in another, as the positions in name order of the people
        # each finds, best first.
        self._short: KeysTable | None = None
        # The last few queries' answers: (ids best first, their hits).
        self._recent: dict[tuple[str, ...], tuple[Sequence[str], Hits]] = {}
        # A saved index is decoded on first real use: the first paint needs only the
        # ids in name order, not 10,000 decoded entries.
        self._ids_in_order: list[str] | None = None
        # Everyone's ids in name order, kept: clearing the filter made them again from
        # every entry, slowing that key. A tuple, so no caller can change it.
        self._all_ids: tuple[str, ...] | None = None
        self._decode: Callable[[], list[IndexEntry]] | None = None
        self._decode_lock = threading.Lock()

    @classmethod
    def saved(cls, ids_in_order: list[str], decode: Callable[[], list[IndexEntry]]) -> PersonIndex:
        """An index whose entries (in name order) come from `decode` when first needed."""
        index = cls()
        index._ids_in_order = ids_in_order
        index._decode = decode
        return index

    def decode(self) -> None:
        """Decode a saved index now (safe to call from a worker thread)."""
        with self._decode_lock:
            if self._decode is not None:
                entries = self._decode()
                self._entries = {e.id: e for e in entries}
                self._by_name = entries
                self._decode = None
                self._ids_in_order = None
                self._all_ids = None

    def __len__(self) -> int:
        if self._ids_in_order is not None:
            return len(self._ids_in_order)
        return len(self._entries)

    def entries_by_name(self) -> list[IndexEntry]:
        self.decode()
        return self._sorted()

    def put(self, person: Mapping[str, Any]) -> None:
        self.decode()
        self._entries[person["id"]] = entry_for(person)
        self._changed()

    def remove(self, person_id: str) -> None:
        self.decode()
        self._entries.pop(person_id, None)
        self._changed()

    def _changed(self) -> None:
        self._by_name = None
        self._all_ids = None
        self._last_hits = None
        self._short = None
        self._recent.clear()

    def prepare_first_keys(self, pause: Callable[[], None] | None = None) -> None:
        """The next pass over everyone for the table of the first keys: every query of
        one or two characters, or else those of three (from a worker, after the first
        paint; it calls `pause` every few hundred people, to give way to the keys)."""
        self.decode()
        people = self._sorted()
        short = self._short
        if short is None:
            table = KeysTable(_short_query_table(people, FIRST_KEYS, pause), max(FIRST_KEYS))
        elif short.longest < THIRD_KEY:
            third = _short_query_table(people, (THIRD_KEY,), pause)
            table = KeysTable({**short.words, **third}, THIRD_KEY)
        else:
            return
        if self._by_name is people and self._short is short:  # no one changed meanwhile
            self._short = table

    @property
    def first_keys(self) -> KeysTable | None:
        """The table prepare_first_keys made, whole or in part."""
        return self._short

    @property
    def first_keys_ready(self) -> bool:
        """True once both passes are done."""
        return self._short is not None and self._short.longest >= THIRD_KEY

    def use_first_keys(self, table: KeysTable) -> None:
        """Take a table saved for this index exactly as it is (its name order)."""
        self.decode()
        if self._short is None:
            self._short = table

    def _table_answer(self, table: KeysTable, word: str) -> tuple[Sequence[str], Hits]:
        """(ids best first, hits) for a word no longer than the table's longest."""
        # Words of other characters than letters and digits ("o'") are not in it.
        if word not in table.words and not word.isalnum():
            ranked, hits = rank(self._sorted(), [word])
            return [entry.id for entry in ranked], hits
        positions = table.words.get(word, array("H"))
        return IdsAt(self._sorted(), positions), positions

    def _in_name_order(self, hits: Hits) -> list[IndexEntry] | None:
        if isinstance(hits, array):
            people = self._sorted()
            return [people[p] for p in sorted(hits)]
        return hits

    def _fewest_candidates(
        self, word: str, last_hits: list[IndexEntry] | None
    ) -> list[IndexEntry] | None:
        """People who may match a word, in name order: those the table finds for it, or
        for its rarest piece as long as the table's words, when that is fewer than the
        last key's hits. ("lope" looks at the 500 with "ope", not the 1,000 with "lop".)
        None: look at the last hits, or everyone."""
        table = self._short
        if table is None:
            return None
        size = table.longest
        pieces = {word[at : at + size] for at in range(max(len(word) - size + 1, 1))}
        pieces = {piece for piece in pieces if piece.isalnum()}  # as the table holds
        if not pieces:
            return None
        positions = min((table.words.get(piece, array("H")) for piece in pieces), key=len)
        people = self._sorted()
        if len(positions) * 2 > len(people if last_hits is None else last_hits):
            return None  # sorting them would cost more than it saves
        return [people[p] for p in sorted(positions)]

    def _sorted(self) -> list[IndexEntry]:
        if self._by_name is None:
            self._by_name = sorted(self._entries.values(), key=lambda e: (e.sort_key, e.id))
        return self._by_name

    def all_ids(self) -> tuple[str, ...]:
        """Every person, sorted by name."""
        if self._all_ids is None:
            ids_in_order = self._ids_in_order
            if ids_in_order is not None:
                self._all_ids = tuple(ids_in_order)
            else:
                self._all_ids = tuple(e.id for e in self._sorted())
        return self._all_ids

    def search(self, query: str) -> Sequence[str]:
        """Ids of the people matching every word of `query`, best first, then by name."""
        words = query_words(query)
        if not words:
            self._last_hits = None
            return self.all_ids()
        self.decode()
        # Backspace goes back to a query just answered: kept, not searched again from
        # everyone.
        query_key = tuple(words)
        recent = self._recent.pop(query_key, None)
        ids: Sequence[str]
        hits: Hits
        table = self._short
        if recent is not None:
            ids, hits = recent
        elif len(words) == 1 and table is not None and len(words[0]) <= table.longest:
            ids, hits = self._table_answer(table, words[0])
        else:
            # Typing narrows: when the new query extends the last one word by word, only
            # the last hits can still match, so each key typed gets cheaper.
            last_hits = None
            if self._last_hits is not None and _extends(words, self._last_query):
                last_hits = self._last_hits = self._in_name_order(self._last_hits)
            longest = max(words, key=len)
            candidates = self._fewest_candidates(longest, last_hits)
            if candidates is None:
                candidates = self._sorted() if last_hits is None else last_hits
            ranked, hits = rank(candidates, words)
            ids = [entry.id for entry in ranked]
        self._recent[query_key] = (ids, hits)  # the newest last
        if len(self._recent) > RECENT_QUERIES:
            del self._recent[next(iter(self._recent))]
        self._last_query, self._last_hits = words, hits
        return ids if isinstance(ids, IdsAt) else list(ids)  # a copy: the kept one is ours


def rank(
    candidates: Iterable[IndexEntry], words: list[str]
) -> tuple[list[IndexEntry], list[IndexEntry]]:
    """(the entries matching every word, best first; the same in their given order).

    Candidates come in name order, so each score's bucket is already sorted by name:
    no sort is needed, only the buckets joined from the best score down.
    """
    if len(words) == 1:
        return _rank_one_word(candidates, words[0])
    pairs = [(word, word.isdigit()) for word in words]
    first = words[0]
    buckets: dict[int, list[IndexEntry]] = {}
    hits: list[IndexEntry] = []
    for entry in candidates:
        if first not in entry.blob:
            continue
        total = 0
        for word, is_number in pairs:
            score = _score_word(entry, word, is_number)
            if not score:
                break
            total += score
        else:
            hits.append(entry)
            bucket = buckets.get(total)
            if bucket is None:
                buckets[total] = [entry]
            else:
                bucket.append(entry)
    ranked = [entry for score in sorted(buckets, reverse=True) for entry in buckets[score]]
    return ranked, hits


def _rank_one_word(
    candidates: Iterable[IndexEntry], word: str
) -> tuple[list[IndexEntry], list[IndexEntry]]:
    """`rank` for a query of one word, the usual case while typing in a filter: the
    same scores as _score_word, decided with fewer tests (a word that is not in the
    name cannot start it), into one list per score: quicker on a broad query."""
    spaced = " " + word
    is_number = word.isdigit()
    start: list[IndexEntry] = []
    name_word: list[IndexEntry] = []
    in_name: list[IndexEntry] = []
    handle_word: list[IndexEntry] = []
    in_handle: list[IndexEntry] = []
    phone: list[IndexEntry] = []
    detail_word: list[IndexEntry] = []
    in_detail: list[IndexEntry] = []
    free_text: list[IndexEntry] = []
    hits: list[IndexEntry] = []
    for entry in candidates:
        if word not in entry.blob:
            continue
        name = entry.name
        if word in name:  # name_words is the name with punctuation as spaces
            if name.startswith(word):
                start.append(entry)
            elif spaced in entry.name_words:
                name_word.append(entry)
            else:
                in_name.append(entry)
        elif word in entry.handles:
            (handle_word if spaced in entry.handles else in_handle).append(entry)
        elif is_number and word in entry.phones:
            phone.append(entry)
        elif word in entry.details:
            (detail_word if spaced in entry.details else in_detail).append(entry)
        elif word in entry.free_text:
            free_text.append(entry)
        else:
            continue
        hits.append(entry)
    ranked = [
        *start, *name_word, *in_name, *handle_word, *in_handle, *phone, *detail_word,
        *in_detail, *free_text,
    ]  # fmt: skip
    return ranked, hits


def _short_query_table(
    in_name_order: list[IndexEntry],
    lengths: tuple[int, ...],
    pause: Callable[[], None] | None = None,
) -> dict[str, array[int]]:
    """For every word of letters or digits of these lengths that finds anyone: the
    positions (in name order) of the people it finds, ranked exactly as `rank` does."""
    typecode = "H" if len(in_name_order) <= 0xFFFF else "I"  # 2 bytes a place, not 8
    buckets: dict[str, dict[int, array[int]]] = {}
    for position, entry in enumerate(in_name_order):
        if pause is not None and not position % 100:  # about every millisecond
            pause()
        seen: set[str] = set()  # a word scores where it first matches, as in _score_word
        for score, words in _short_words_by_score(entry, lengths):
            found = words - seen
            seen |= found
            for word in found:
                by_score = buckets.get(word)
                if by_score is None:
                    by_score = buckets[word] = {}
                bucket = by_score.get(score)
                if bucket is None:
                    bucket = by_score[score] = array(typecode)
                bucket.append(position)
    table = {}
    while buckets:  # emptied as the table fills: not both whole in memory at once
        word, by_score = buckets.popitem()
        if word.isalnum():
            positions = array(typecode)
            for score in sorted(by_score, reverse=True):
                positions.extend(by_score[score])  # each bucket is in name order
            table[word] = positions
    return table


def _short_words_by_score(
    entry: IndexEntry, lengths: tuple[int, ...]
) -> list[tuple[int, set[str]]]:
    """The words of these lengths that match `entry`, by score, best first."""
    name = entry.name
    return [
        (NAME_START, {name[:n] for n in lengths if len(name) >= n}),
        (NAME_WORD, _short_word_starts(entry.name_words, lengths)),
        (NAME_INSIDE, _short_pieces(name, lengths)),
        (HANDLE_WORD, _short_word_starts(entry.handles, lengths)),
        (HANDLE_INSIDE, _short_pieces(entry.handles, lengths)),
        (PHONE, {w for w in _short_pieces(entry.phones, lengths) if w.isdigit()}),
        (DETAIL_WORD, _short_word_starts(entry.details, lengths)),
        (DETAIL_INSIDE, _short_pieces(entry.details, lengths)),
        (FREE_TEXT, _short_pieces(entry.free_text, lengths)),
    ]


def _short_pieces(text: str, lengths: tuple[int, ...]) -> set[str]:
    """Every piece of `text` of these lengths."""
    pieces: set[str] = set()
    for n in lengths:
        if n == 1:
            pieces.update(text)
        elif n == 2:
            pieces.update(map(str.__add__, text, text[1:]))  # in C
        else:
            pieces.update(text[at : at + n] for at in range(len(text) - n + 1))
    return pieces


def _short_word_starts(text: str, lengths: tuple[int, ...]) -> set[str]:
    """The first characters of each " word" in `text`, as many as each length."""
    words = text.split(" ")[1:]
    return {word[:n] for n in lengths for word in words if len(word) >= n}


def _extends(words: list[str], previous: list[str]) -> bool:
    """True when each previous word is a prefix of the word now typed in its place."""
    if not previous or len(words) < len(previous):
        return False
    return all(new.startswith(old) for new, old in zip(words, previous, strict=False))
