"""People as search reads them: each folded once into an entry, and the summary a
one-line listing shows.

The entries are what the search index (search.py) ranks and what the store saves
beside the database (store/search_cache.py), so a change to them bumps INDEX_FORMAT.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from nettui.domain.names import display_name_of, is_only_a_handle
from nettui.domain.text import digits, fold

# Bump when IndexEntry or build_entries change: saved indexes of the old format are
# then ignored and rebuilt (see nettui/store/search_cache.py).
INDEX_FORMAT = 5


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
# "ana@x.org", "María-José"). str.translate does this in C, far cheaper than a \W
# regex over all the text of a large store.
_PUNCTUATION = str.maketrans(dict.fromkeys("@.-_'/:+,;()[]{}#&!?\"*|<>=~`$%^\\", " "))


def _raw_fields(person: Mapping[str, Any]) -> tuple[str, str, str, str, str]:
    """name, display name, handles+emails, details, free text: as typed."""
    name = person.get("name") or ""
    handle_values = [h.get("value", "") for h in person.get("handles") or []]
    emails = person.get("emails") or []
    display = name or (handle_values[0] if handle_values else (emails[0] if emails else ""))
    # A nickname and web addresses are ways to name someone, as handles are.
    handles = " ".join(
        [*handle_values, *emails, person.get("nickname") or "", *(person.get("urls") or [])]
    )
    details = " ".join(
        [person.get(k) or "" for k in ("role", "company", "location")]
        + list(person.get("tags") or [])
        + _card_details(person)
    )
    free_text = " ".join(
        [person.get(k) or "" for k in ("about", "how_we_met", "notes")]
        + list(person.get("goals") or [])
        + list(person.get("concerns") or [])
        + _birthday_words(person.get("birthday"))
    )
    return name, display, handles, details, free_text


# TYPEs that every phone or email has, which no one searches for.
_QUIET_TYPES = {"voice", "internet", "pref", "x400"}


def _card_details(person: Mapping[str, Any]) -> list[str]:
    """Where they are and work, and the labels of their channels ("fax", "Casa")."""
    found: list[str] = [*(person.get("departments") or []), *(person.get("other_titles") or [])]
    for organisation in person.get("other_organisations") or []:
        found += [organisation.get("name") or "", *(organisation.get("units") or [])]
    for address in person.get("addresses") or []:
        found += [v for k, v in address.items() if k != "types" and isinstance(v, str)]
        found += [t for t in address.get("types") or [] if t not in _QUIET_TYPES]
    for typed in person.get("typed") or []:
        found += [typed.get("label") or ""]
        found += [t for t in typed.get("types") or [] if t not in _QUIET_TYPES]
    return found


# A birthday is found by its month in either language ("enero", "january") and by its
# date as stored: the free text, the last place searched, so a name always ranks first.
_MONTH_WORDS = (
    ("january", "enero"), ("february", "febrero"), ("march", "marzo"), ("april", "abril"),
    ("may", "mayo"), ("june", "junio"), ("july", "julio"), ("august", "agosto"),
    ("september", "septiembre"), ("october", "octubre"), ("november", "noviembre"),
    ("december", "diciembre"),
)  # fmt: skip


def _birthday_words(birthday: str | None) -> list[str]:
    if not birthday:
        return []
    month = int(birthday[-5:-3])
    return [birthday, *_MONTH_WORDS[month - 1]] if 1 <= month <= 12 else [birthday]


def build_entries(people: Iterable[Mapping[str, Any]]) -> list[IndexEntry]:
    """Index many people at once.

    Folding (NFKD, strip accents, casefold) and splitting into words run once over
    all the text joined together, in C, rather than five times per person: building
    the index of a large store is what `nettui find` and first paint wait for.
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
