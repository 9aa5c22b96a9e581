"""Find people by anything a person would type, accent- and case-insensitive, best first.

Each person is indexed once as folded text. A query is split into words; every word
must match somewhere, and each word scores by where it matched: the start of the name
beats a word inside the name, which beats a handle or email, then role, company and
tags, then free text such as notes. Ties sort by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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


@dataclass(slots=True)
class IndexEntry:
    id: str
    sort_key: str  # folded display name
    name: str  # folded name
    name_words: str  # " word word ..." for word-start tests
    handles: str  # folded handles and emails, one " word" per token
    phones: str  # digits of every phone, space-separated
    details: str  # role, company, location, tags
    free_text: str  # about, goals, concerns, how we met, notes
    blob: str  # everything above: one substring test rules most people out


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
    raw = [f.replace(_SEP, " ") for p in people for f in _raw_fields(p)]
    folded = fold(_SEP.join(raw)).split(_SEP)
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
            IndexEntry(
                id=person["id"],
                sort_key=(name or display).lstrip("@"),
                name=name,
                name_words=" " + name_words,
                handles=handles_index,
                phones=phones,
                details=details_index,
                free_text=free_text,
                blob="\n".join((name, handles_index, phones, details_index, free_text)),
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

    def __init__(self, people: Iterable[Mapping[str, Any]] = ()):
        self._entries: dict[str, IndexEntry] = {e.id: e for e in build_entries(people)}
        self._by_name: list[IndexEntry] | None = None
        self._last_query: list[str] = []
        self._last_hits: list[IndexEntry] | None = None  # in name order

    def __len__(self) -> int:
        return len(self._entries)

    def put(self, person: Mapping[str, Any]) -> None:
        self._entries[person["id"]] = entry_for(person)
        self._changed()

    def remove(self, person_id: str) -> None:
        self._entries.pop(person_id, None)
        self._changed()

    def _changed(self) -> None:
        self._by_name = None
        self._last_hits = None

    def _sorted(self) -> list[IndexEntry]:
        if self._by_name is None:
            self._by_name = sorted(self._entries.values(), key=lambda e: (e.sort_key, e.id))
        return self._by_name

    def all_ids(self) -> list[str]:
        """Every person, sorted by name."""
        return [e.id for e in self._sorted()]

    def search(self, query: str) -> list[str]:
        """Ids of the people matching every word of `query`, best first, then by name."""
        words = query_words(query)
        if not words:
            self._last_hits = None
            return self.all_ids()
        # Typing narrows: when the new query extends the last one word by word, only
        # the last hits can still match, so each key of filter-as-you-type gets cheaper.
        candidates = self._sorted()
        if self._last_hits is not None and _extends(words, self._last_query):
            candidates = self._last_hits
        numbers = [w.isdigit() for w in words]
        pairs = list(zip(words, numbers, strict=True))
        first = words[0]
        # Candidates come in name order, so each score's bucket is already sorted by
        # name: no sort is needed, only the buckets joined from the best score down.
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
        self._last_query = words
        self._last_hits = hits
        return [entry.id for score in sorted(buckets, reverse=True) for entry in buckets[score]]


def _extends(words: list[str], previous: list[str]) -> bool:
    """True when each previous word is a prefix of the word now typed in its place."""
    if not previous or len(words) < len(previous):
        return False
    return all(new.startswith(old) for new, old in zip(words, previous, strict=False))
