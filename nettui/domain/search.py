"""Find people by anything a person would type, accent- and case-insensitive, best first.

Each person is indexed once as folded text. A query is split into words; every word
must match somewhere, and each word scores by where it matched: the start of the name
beats a word inside the name, which beats a handle or email, then role, company and
tags, then free text such as notes. Ties sort by name.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from nettui.domain.names import display_name_of, is_only_a_handle
from nettui.domain.text import digits, fold, tokens

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


# Bump when IndexEntry or build_entries change: saved indexes of the old format are
# then ignored and rebuilt (see nettui/store/search_cache.py).
INDEX_FORMAT = 4


class IndexEntry(NamedTuple):
    """One person, folded for search. A tuple: 10,000 of them load from the saved index."""

    id: str
    sort_key: str  # folded display name
    name: str  # folded name
    name_words: str  # " word word ..." for word-start tests
    handles: str  # folded handles and emails, one " word" per token
    phones: str  # digits of every phone, space-separated
    details: str  # role, company, location, tags
    free_text: str  # about, goals, concerns, how we met, notes
    blob: str  # everything above: one substring test rules most people out

    def as_row(self) -> list[str]:
        """The fields to save, without the blob; `make_entry(*row)` restores the entry."""
        return list(self[:-1])


def make_entry(
    id: str,
    sort_key: str,
    name: str,
    name_words: str,
    handles: str,
    phones: str,
    details: str,
    free_text: str,
) -> IndexEntry:
    blob = "\n".join((name, handles, phones, details, free_text))
    return IndexEntry(id, sort_key, name, name_words, handles, phones, details, free_text, blob)


class PersonSummary(NamedTuple):
    """What a one-line listing shows of a person (`nettui find`, mutt queries)."""

    id: str
    display_name: str
    role: str
    company: str
    met_in_person: str | None
    needs_real_name: bool
    emails: tuple[str, ...] = ()
    last_contact: str | None = None

    @property
    def met(self) -> bool:
        return self.met_in_person is not None


def summary_of(person: Mapping[str, Any]) -> PersonSummary:
    name = person.get("name") or ""
    handle_values = [h.get("value", "") for h in person.get("handles") or []]
    return PersonSummary(
        id=person["id"],
        display_name=display_name_of(name, handle_values, person.get("emails") or []),
        role=person.get("role") or "",
        company=person.get("company") or "",
        met_in_person=person.get("met_in_person") or None,
        needs_real_name=is_only_a_handle(name, handle_values),
        emails=tuple(person.get("emails") or ()),
        last_contact=person.get("last_contact") or None,
    )


_SEP = "\x00"  # between fields when many are folded in one go
# Punctuation that separates words in names, handles and emails ("jose_dev",
# "ana@x.org", "María-José"). str.translate does this in C; a \W regex over all
# the text of 10,000 people costs 5x more.
_PUNCTUATION = str.maketrans(dict.fromkeys("@.-_'/:+,;()[]{}#&!?\"*|<>=~`$%^\\", " "))


def _raw_fields(person: Mapping[str, Any]) -> tuple[str, str, str, str, str]:
    """name, display name, handles+emails, details, free text: as typed."""
    name = person.get("name") or ""
    handle_values = [h.get("value", "") for h in person.get("handles") or []]
    emails = person.get("emails") or []
    display = name or (handle_values[0] if handle_values else (emails[0] if emails else ""))
    handles = " ".join(handle_values + emails)
    details = " ".join(
        [person.get(k) or "" for k in ("role", "company", "location")]
        + list(person.get("tags") or [])
    )
    free_text = " ".join(
        [person.get(k) or "" for k in ("about", "how_we_met", "notes")]
        + list(person.get("goals") or [])
        + list(person.get("concerns") or [])
    )
    return name, display, handles, details, free_text


def build_entries(people: Iterable[Mapping[str, Any]]) -> list[IndexEntry]:
    """Index many people at once.

    Folding (NFKD, strip accents, casefold) and splitting into words run once over
    all the text joined together, in C, rather than five times per person: building
    the index for 10,000 people is what `nettui find` and first paint wait for.
    """
    people = list(people)
    raw = [f for p in people for f in _raw_fields(p)]
    # Most fields are plain ASCII and only need lower(); the rest are folded together.
    accented = [i for i, text in enumerate(raw) if not text.isascii()]
    folded = [text.lower() for text in raw]
    if accented:
        joined = _SEP.join(raw[i].replace(_SEP, " ") for i in accented)
        for i, text in zip(accented, fold(joined).split(_SEP), strict=True):
            folded[i] = text
    spaced = _SEP.join(folded).translate(_PUNCTUATION).split(_SEP)
    entries = []
    for i, person in enumerate(people):
        name, display, handles, _details, free_text = folded[i * 5 : i * 5 + 5]
        _, _, handle_words, detail_words, _ = spaced[i * 5 : i * 5 + 5]
        name_words = spaced[i * 5]
        handles_index = f" {handle_words} {handles}"
        details_index = " " + detail_words
        phones = " ".join(digits(p) for p in person.get("phones") or [])
        entries.append(
            make_entry(
                id=person["id"],
                sort_key=(name or display).lstrip("@"),
                name=name,
                name_words=" " + name_words,
                handles=handles_index,
                phones=phones,
                details=details_index,
                free_text=free_text,
            )
        )
    return entries


def entry_for(person: Mapping[str, Any]) -> IndexEntry:
    return build_entries([person])[0]


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
        self._last_hits: list[IndexEntry] | None = None  # in name order
        # The first key typed in the filter matches nearly everyone (13 ms at 10,000
        # people): one-character queries are answered once and kept.
        self._by_character: dict[str, tuple[list[str], list[IndexEntry]]] | None = None
        # A saved index is decoded on first real use: the first paint needs only the
        # ids in name order, not 10,000 decoded entries.
        self._ids_in_order: list[str] | None = None
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
        self._last_hits = None
        self._by_character = None

    def prepare_first_keys(self) -> None:
        """Answer every one-character query now, in one pass over everyone (from a
        worker, after the first paint): 36 calls of `rank` would take twice as long."""
        self.decode()
        if self._by_character:
            return
        people = self._sorted()
        table = self._one_character_queries(people)
        if self._by_name is people:  # no one changed meanwhile (from the app's thread)
            self._by_character = table

    def _one_character(self, character: str) -> tuple[list[str], list[IndexEntry]]:
        """(ids, best first; hits in name order) for a one-character query, kept."""
        if self._by_character is None:
            self._by_character = {}
        found = self._by_character.get(character)
        if found is None:
            ranked, hits = rank(self._sorted(), [character])
            found = self._by_character[character] = ([e.id for e in ranked], hits)
        return found

    @staticmethod
    def _one_character_queries(
        in_name_order: list[IndexEntry],
    ) -> dict[str, tuple[list[str], list[IndexEntry]]]:
        """For each letter or digit: (ids ranked as `rank` ranks them, hits in name order)."""
        # character -> score -> positions in name order (so each list stays in name order)
        buckets: dict[str, dict[int, list[int]]] = {}
        for position, entry in enumerate(in_name_order):
            # Each character scores where it first matches, in _score_word's order.
            seen: set[str] = set()
            for score, characters in (
                (NAME_START, entry.name[:1]),
                (NAME_WORD, _word_starts(entry.name_words)),
                (NAME_INSIDE, entry.name),
                (HANDLE_WORD, _word_starts(entry.handles)),
                (HANDLE_INSIDE, entry.handles),
                (PHONE, entry.phones),  # only digits are phone matches
                (DETAIL_WORD, _word_starts(entry.details)),
                (DETAIL_INSIDE, entry.details),
                (FREE_TEXT, entry.free_text),
            ):
                found = set(characters) - seen
                if score == PHONE:
                    found = {c for c in found if c.isdigit()}
                seen |= found
                for character in found:
                    buckets.setdefault(character, {}).setdefault(score, []).append(position)
        table = {
            character: (
                [
                    in_name_order[p].id
                    for score in sorted(by_score, reverse=True)
                    for p in by_score[score]
                ],
                [in_name_order[p] for p in sorted(p for group in by_score.values() for p in group)],
            )
            for character, by_score in buckets.items()
            if character.isalnum()
        }
        return table

    def _sorted(self) -> list[IndexEntry]:
        if self._by_name is None:
            self._by_name = sorted(self._entries.values(), key=lambda e: (e.sort_key, e.id))
        return self._by_name

    def all_ids(self) -> list[str]:
        """Every person, sorted by name."""
        ids_in_order = self._ids_in_order
        if ids_in_order is not None:
            return list(ids_in_order)
        return [e.id for e in self._sorted()]

    def search(self, query: str) -> list[str]:
        """Ids of the people matching every word of `query`, best first, then by name."""
        words = query_words(query)
        if not words:
            self._last_hits = None
            return self.all_ids()
        self.decode()
        # Typing narrows: when the new query extends the last one word by word, only
        # the last hits can still match, so each key of filter-as-you-type gets cheaper.
        if len(words) == 1 and len(words[0]) == 1:
            ids, hits = self._one_character(words[0])
            self._last_query, self._last_hits = words, hits
            return list(ids)
        candidates = self._sorted()
        if self._last_hits is not None and _extends(words, self._last_query):
            candidates = self._last_hits
        ranked, hits = rank(candidates, words)
        self._last_query = words
        self._last_hits = hits
        return [entry.id for entry in ranked]


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
    name cannot start it), into one list per score. 40% quicker on a broad query."""
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


def _word_starts(text: str) -> list[str]:
    """The first character of each " word" in `text`."""
    return [word[:1] for word in text.split(" ")[1:]]


def _extends(words: list[str], previous: list[str]) -> bool:
    """True when each previous word is a prefix of the word now typed in its place."""
    if not previous or len(words) < len(previous):
        return False
    return all(new.startswith(old) for new, old in zip(words, previous, strict=False))
