"""Bringing imported people into the store without duplicates, losing nothing.

An incoming person is the same as one already known when they share a UID, an email,
a handle on a network (not a plain web address: a company's site is shared), a phone
number (its last 9 digits), or a folded name plus company (a name alone only when it
has at least two words, or when it is all a card has: two cards for "Ana" with
emails of their own are not one person). A website, a company or an address alone is
never a key. A card with no key at all still matches the very same card imported
before, by a fingerprint of its content. The same rules merge the cards of one file
among themselves, except that two cards with different UIDs are never made one: the
program that wrote the file said they are two.

Merging combines everything: lists are joined (phones by their digits, addresses by
their folded text), types and labels are added to the values they describe, empty
fields are filled, and notes are appended when new.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from nettui.domain import json_codec
from nettui.domain.card import Address, KeptProperty, Organisation, TypedField, TypedValue
from nettui.domain.models import NAME_PARTS, SOCIAL_HOSTS, Handle, Person
from nettui.domain.text import digits, fold

SOCIAL_NETWORKS = frozenset(SOCIAL_HOSTS.values())
T = TypeVar("T")


def names_one_person(handle: Handle) -> bool:
    """A handle on a network (twitter:@ana, a LinkedIn profile's address) names one
    person; a plain web address may be a company's site, shared by everyone who works
    there: two cards with only `URL:http://www.ibm.com` in common are two people."""
    value = handle.value.lower()
    is_address = "://" in value or value.startswith("www.")
    return not is_address or handle.network in SOCIAL_NETWORKS


def phone_key(phone: str) -> str:
    """What makes two ways of writing a number one number: Apple's "+1 (555) 123-4567"
    and Google's "+15551234567" (the last 9 digits; all of a short one)."""
    found = digits(phone)
    return found[-9:] if len(found) >= 6 else found or phone


def keys_of(person: Person) -> set[str]:
    keys = {f"uid:{u}" for u in person.uids}
    keys |= {f"email:{fold(e)}" for e in person.emails}
    keys |= {f"handle:{h.network}:{fold(h.value)}" for h in person.handles if names_one_person(h)}
    keys |= {f"phone:{digits(p)[-9:]}" for p in person.phones if len(digits(p)) >= 6}
    name = " ".join(fold(person.name).split())
    if name and (person.company or len(name.split()) >= 2):
        keys.add(f"name:{name}|{fold(person.company).strip()}")
    return keys | {f"uid:{person.id}"}


def fingerprint(person: Person) -> str:
    """The content of a card as imported, its ids, times and photo file name aside: the
    same card read again has the same fingerprint."""
    content = person.to_dict()
    for name in ("id", "created", "updated", "photo"):
        content.pop(name, None)
    return hashlib.sha256(json_codec.encode(content)).hexdigest()[:32]


def import_keys_of(person: Person) -> set[str]:
    """keys_of, and for a card with nothing else (`FN:최유림` alone) its fingerprint:
    else importing the same file again added that person again. Not its one-word name:
    two cards "Ana" with different notes are two people (the review of duplicates
    shows such pairs as the weaker "same name")."""
    keys = keys_of(person)
    if keys == {f"uid:{person.id}"}:
        keys.add(f"card:{fingerprint(person)}")
    return keys


def same_name_key(person: Person) -> set[str]:
    """The folded name alone: a weaker sign than keys_of (two people may share a name),
    for the review of possible duplicates only, never to merge an import."""
    name = " ".join(fold(person.name).split())
    return {f"same_name:{name}"} if name else set()


def _joined(old: Sequence[T], new: Sequence[T]) -> list[T]:
    combined = list(old)
    combined += [v for v in new if v not in combined]
    return combined


def _phones(old: Person, new: Person) -> tuple[list[str], dict[str, str]]:
    """The phones of both, one number once in the form `old` wrote it; and for each of
    `new`'s phones, the form kept (its types and labels go there)."""
    combined = list(old.phones)
    held = {phone_key(p): p for p in combined}
    kept_as: dict[str, str] = {}
    for phone in new.phones:
        key = phone_key(phone)
        if key not in held:
            held[key] = phone
            combined.append(phone)
        kept_as[phone] = held[key]
    return combined, kept_as


def _typed(old: Person, new: Person, phone_as: dict[str, str]) -> list[TypedValue]:
    """Joined by (which list, value): a known value gains the types and label it lacked."""
    combined = [dataclasses.replace(t, types=list(t.types)) for t in old.typed]
    index = {(t.of, t.value): t for t in combined}
    for typed in new.typed:
        value = (
            phone_as.get(typed.value, typed.value) if typed.of == TypedField.PHONE else typed.value
        )
        known = index.get((typed.of, value))
        if known is None:
            known = dataclasses.replace(typed, value=value, types=list(typed.types))
            index[(typed.of, value)] = known
            combined.append(known)
            continue
        known.types += [t for t in typed.types if t not in known.types]
        known.label = known.label or typed.label
    return combined


def _address_key(address: Address) -> str:
    return " ".join(fold(address.one_line()).replace(",", " ").split())


def _addresses(old: Person, new: Person) -> list[Address]:
    combined = list(old.addresses)
    seen = {_address_key(a) for a in combined}
    for address in new.addresses:
        if _address_key(address) not in seen:
            seen.add(_address_key(address))
            combined.append(address)
    return combined


def _content(kept: KeptProperty) -> str:
    """A kept property without its group, to compare groups by what they hold."""
    return f"{kept.name};{sorted(kept.params.items())};{kept.value}"


def _kept(old: Person, new: Person) -> list[KeptProperty]:
    """The kept properties of both, without repeats. A group of `new` that `old` uses
    too (Apple numbers every card's groups item1, item2…) is renamed, the whole group
    together: else two cards' "item1.X-ABRELATEDNAMES" and their labels would be read
    as one relation."""
    taken = {k.group.upper() for k in old.kept_properties if k.group}
    old_groups: dict[str, list[KeptProperty]] = {}
    for kept in old.kept_properties:
        if kept.group:
            old_groups.setdefault(kept.group.upper(), []).append(kept)
    known = [sorted(map(_content, members)) for members in old_groups.values()]
    groups: dict[str, list[KeptProperty]] = {}
    for kept in new.kept_properties:
        groups.setdefault(kept.group.upper(), []).append(kept)
    added: list[KeptProperty] = list(groups.pop("", []))
    number = 0
    for group, members in groups.items():
        if sorted(map(_content, members)) in known:
            continue  # a group old has already, under whatever name: nothing new
        if group not in taken:
            added += members
            continue
        number += 1
        while f"ITEM{number}" in taken or f"ITEM{number}" in groups:
            number += 1
        taken.add(f"ITEM{number}")
        added += [dataclasses.replace(m, group=f"item{number}") for m in members]
    return _joined(old.kept_properties, added)


def merged(old: Person, new: Person) -> Person:
    """`old` with everything `new` adds; `old`'s id and values win where both have one."""
    result = dataclasses.replace(old)
    for name in (
        "emails",
        "tags",
        "goals",
        "concerns",
        "uids",
        "urls",
        "other_titles",
        "other_organisations",
    ):
        setattr(result, name, _joined(getattr(old, name), getattr(new, name)))
    result.kept_properties = _kept(old, new)
    result.phones, phone_as = _phones(old, new)
    result.typed = _typed(old, new, phone_as)
    result.addresses = _addresses(old, new)
    result.handles = _joined(old.handles, new.handles)
    for name in (
        "name",
        "role",
        "company",
        "location",
        "about",
        "how_we_met",
        "cadence",
        "nickname",
        "birthday",
        "anniversary",
        "photo",
    ):
        if not getattr(old, name) and getattr(new, name):
            setattr(result, name, getattr(new, name))
    # A second company is kept beside the first, with its units, not dropped.
    if old.company and new.company and fold(old.company) != fold(new.company):
        other = Organisation(name=new.company, units=list(new.departments))
        if all(fold(o.name) != fold(other.name) for o in result.other_organisations):
            result.other_organisations = [*result.other_organisations, other]
    else:
        result.departments = _joined(old.departments, new.departments)
    if old.role and new.role and fold(old.role) != fold(new.role):
        result.other_titles = _joined(result.other_titles, [new.role])
    # N's parts describe one name: taken together, and only when old has none.
    if not any(getattr(old, part) for part in NAME_PARTS):
        for part in NAME_PARTS:
            setattr(result, part, getattr(new, part))
    if new.met_in_person and (not old.met_in_person or new.met_in_person < old.met_in_person):
        result.met_in_person = new.met_in_person
    if new.last_contact and (not old.last_contact or new.last_contact > old.last_contact):
        result.last_contact = new.last_contact
    if new.notes and new.notes not in old.notes:
        result.notes = f"{old.notes}\n\n{new.notes}" if old.notes else new.notes
    return result


# The keys of a card from the surest to the weakest: a card's own UID first, so that
# a shared key (a shop's info@ address) never takes a card to another person.
_KEY_STRENGTH = {"uid": 0, "card": 1, "email": 2, "handle": 3, "phone": 4, "name": 5}


def _strength(key: str) -> tuple[int, str]:
    return _KEY_STRENGTH.get(key.partition(":")[0], 9), key


def _name_words(name: str) -> set[str]:
    """The words of a name, folded; none when the name is no name (a number alone)."""
    return {w for w in fold(name).split() if any(ch.isalpha() for ch in w)}


def names_differ(one: Person, other: Person) -> bool:
    """Two real names that are two people: no word in common ("Erik Lind", "Sara
    Berg"), or other given names ("Erik Lind", "Sara Lind": one family's landline;
    "María García", "José García" at one switchboard). An initial agrees with its
    name ("J. García", "José García")."""
    words, others = _name_words(one.name), _name_words(other.name)
    if not words or not others:
        return False
    if not words & others:
        return True
    first, other_first = _given(one.name), _given(other.name)
    if len(words) < 2 or len(others) < 2 or first == other_first:
        return False
    if len(first) == 1 or len(other_first) == 1:
        return first[:1] != other_first[:1]
    return True


_PREFIXES = {"dr", "dra", "mr", "mrs", "ms", "sr", "sra", "srta", "d", "dna", "don", "prof"}


def _given(name: str) -> str:
    """The first word of a name past a title ("Dr. Ana Ruiz": "ana"), folded."""
    words = [w.rstrip(".") for w in fold(name).split()]
    while len(words) > 1 and words[0] in _PREFIXES:
        words = words[1:]
    return words[0] if words else ""


def _best_match(
    person: Person,
    keys: list[str],
    uid: str | None,
    by_key: dict[str, str],
    current: dict[str, Person],
    uids_in: dict[str, set[str]],
) -> str | None:
    """The person an incoming card is, by its strongest key that holds: never another
    card of this file with another UID; never someone with another name by a phone
    alone (a switchboard's or a family's number is shared). An email does join a
    renamed person ("Bob" now, "Robert Smith" on the card)."""
    for key in keys:
        found = by_key.get(key)
        if found is None:
            continue
        if uid and uids_in.get(found, {uid}) - {uid}:
            continue
        kind = key.partition(":")[0]
        if kind == "phone" and names_differ(current[found], person):
            continue
        return found
    return None


@dataclass
class Plan:
    """What an import does: new people, changes to known people, and unchanged ones;
    and the cards of the file that became one person (indexes into `incoming`, in the
    file's order), so the summary can say which."""

    new: list[Person] = field(default_factory=list)
    changed: list[Person] = field(default_factory=list)  # known people, with additions
    unchanged: int = 0
    joined: list[tuple[Person, list[int]]] = field(default_factory=list)


def plan_import(
    known: list[Person], incoming: list[Person], card_uids: Sequence[str | None] = ()
) -> Plan:
    """`card_uids[i]`, when given, is the UID incoming[i] had in its file (else its
    first imported UID counts): two cards whose UIDs differ never end as one person."""
    current = {p.id: p for p in known}  # each person as this import has made them
    by_key: dict[str, str] = {}  # key -> person id
    for person in known:
        for key in import_keys_of(person):
            by_key.setdefault(key, person.id)
    fresh: set[str] = set()  # new people's ids
    changed: set[str] = set()
    cards_of: dict[str, list[int]] = {}  # person id -> the cards of this file in them
    uids_in: dict[str, set[str]] = {}  # person id -> the card UIDs of this file in them
    plan = Plan()
    for number, person in enumerate(incoming):
        uid = (card_uids[number] if number < len(card_uids) else None) or next(
            iter(person.uids), None
        )
        keys = sorted(import_keys_of(person), key=_strength)
        match_id = _best_match(person, keys, uid, by_key, current, uids_in)
        if match_id is None:
            current[person.id] = person
            fresh.add(person.id)
            for key in keys:
                by_key.setdefault(key, person.id)
            cards_of[person.id] = [number]
            uids_in[person.id] = {uid} if uid else set()
            continue
        cards_of.setdefault(match_id, []).append(number)
        if uid:
            uids_in.setdefault(match_id, set()).add(uid)
        match = current[match_id]
        combined = merged(match, person)
        if combined != match:
            current[match_id] = combined
            if match_id not in fresh:
                changed.add(match_id)
            for key in import_keys_of(combined):  # unchanged: the same keys as before
                by_key.setdefault(key, match_id)
        elif match_id not in fresh and match_id not in changed:
            plan.unchanged += 1
    plan.new = [current[i] for i in current if i in fresh]
    plan.changed = [current[i] for i in current if i in changed]
    plan.joined = [(current[i], cards) for i, cards in cards_of.items() if len(cards) > 1]
    return plan
