"""Bringing imported people into the store without duplicates, losing nothing.

An incoming person is the same as one already known when they share a UID, an email,
a handle on a network (not a plain web address: a company's site is shared), a phone
number (its last 9 digits), or a folded name plus company (a name alone only when it
has at least two words, or when it is all a card has: two cards for "Ana" with
emails of their own are not one person). The same rules merge the cards of one file
among themselves. Merging combines everything:
lists are joined, empty fields are filled, and notes are appended when new.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from nettui.domain.models import SOCIAL_HOSTS, Handle, Person
from nettui.domain.text import digits, fold

SOCIAL_NETWORKS = frozenset(SOCIAL_HOSTS.values())


def names_one_person(handle: Handle) -> bool:
    """A handle on a network (twitter:@ana, a LinkedIn profile's address) names one
    person; a plain web address may be a company's site, shared by everyone who works
    there: two cards with only `URL:http://www.ibm.com` in common are two people."""
    value = handle.value.lower()
    is_address = "://" in value or value.startswith("www.")
    return not is_address or handle.network in SOCIAL_NETWORKS


def keys_of(person: Person) -> set[str]:
    keys = {f"uid:{u}" for u in person.uids}
    keys |= {f"email:{fold(e)}" for e in person.emails}
    keys |= {f"handle:{h.network}:{fold(h.value)}" for h in person.handles if names_one_person(h)}
    keys |= {f"phone:{digits(p)[-9:]}" for p in person.phones if len(digits(p)) >= 6}
    name = " ".join(fold(person.name).split())
    if name and (person.company or len(name.split()) >= 2):
        keys.add(f"name:{name}|{fold(person.company).strip()}")
    return keys | {f"uid:{person.id}"}


def import_keys_of(person: Person) -> set[str]:
    """keys_of, and for a card whose one-word name is all it has (`FN:최유림` alone)
    that name: else importing the same file again added that person again. (The
    review of duplicates keeps such pairs as the weaker "same name".)"""
    keys = keys_of(person)
    name = " ".join(fold(person.name).split())
    if name and keys == {f"uid:{person.id}"}:
        keys.add(f"name:{name}|")
    return keys


def same_name_key(person: Person) -> set[str]:
    """The folded name alone: a weaker sign than keys_of (two people may share a name),
    for the review of possible duplicates only, never to merge an import."""
    name = " ".join(fold(person.name).split())
    return {f"same_name:{name}"} if name else set()


def merged(old: Person, new: Person) -> Person:
    """`old` with everything `new` adds; `old`'s id and values win where both have one."""
    result = dataclasses.replace(old)
    for name in ("emails", "phones", "tags", "goals", "concerns", "uids"):
        combined = list(getattr(old, name))
        combined += [v for v in getattr(new, name) if v not in combined]
        setattr(result, name, combined)
    handles = list(old.handles)
    handles += [h for h in new.handles if h not in handles]
    result.handles = handles
    for name in ("name", "role", "company", "location", "about", "how_we_met", "cadence"):
        if not getattr(old, name) and getattr(new, name):
            setattr(result, name, getattr(new, name))
    if new.met_in_person and (not old.met_in_person or new.met_in_person < old.met_in_person):
        result.met_in_person = new.met_in_person
    if new.last_contact and (not old.last_contact or new.last_contact > old.last_contact):
        result.last_contact = new.last_contact
    if new.notes and new.notes not in old.notes:
        result.notes = f"{old.notes}\n\n{new.notes}" if old.notes else new.notes
    return result


@dataclass
class Plan:
    """What an import does: new people, changes to known people, and unchanged ones."""

    new: list[Person] = field(default_factory=list)
    changed: list[Person] = field(default_factory=list)  # known people, with additions
    unchanged: int = 0


def plan_import(known: list[Person], incoming: list[Person]) -> Plan:
    by_key: dict[str, Person] = {}
    for person in known:
        for key in import_keys_of(person):
            by_key.setdefault(key, person)
    fresh: dict[str, Person] = {}  # new people by id, merged among themselves
    changed: dict[str, Person] = {}
    plan = Plan()
    for person in incoming:
        match = next((by_key[k] for k in sorted(import_keys_of(person)) if k in by_key), None)
        if match is None:
            fresh[person.id] = person
            for key in import_keys_of(person):
                by_key[key] = person
            continue
        combined = merged(match, person)
        if match.id in fresh:
            fresh[match.id] = combined
        elif combined != match:
            changed[match.id] = combined
        else:
            plan.unchanged += 1
        for key in import_keys_of(combined):
            by_key[key] = combined
    plan.new = list(fresh.values())
    plan.changed = list(changed.values())
    return plan
