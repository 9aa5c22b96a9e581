"""Bringing imported people into the store without duplicates, losing nothing.

An incoming person is the same as one already known when they share a UID, an email,
a handle, a phone number (its last 9 digits), or a folded name plus company (a name alone only
when it has at least two words: two cards for "Ana" are not one person). The same
rules merge the cards of one file among themselves. Merging combines everything:
lists are joined, empty fields are filled, and notes are appended when new.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from nettui.domain.models import Person
from nettui.domain.text import digits, fold


def keys_of(person: Person) -> set[str]:
    keys = {f"uid:{u}" for u in person.uids} | {f"uid:{person.id}"}
    keys |= {f"email:{fold(e)}" for e in person.emails}
    keys |= {f"handle:{h.network}:{fold(h.value)}" for h in person.handles}
    keys |= {f"phone:{digits(p)[-9:]}" for p in person.phones if len(digits(p)) >= 6}
    name = " ".join(fold(person.name).split())
    if name and (person.company or len(name.split()) >= 2):
        keys.add(f"name:{name}|{fold(person.company).strip()}")
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
        for key in keys_of(person):
            by_key.setdefault(key, person)
    fresh: dict[str, Person] = {}  # new people by id, merged among themselves
    changed: dict[str, Person] = {}
    plan = Plan()
    for person in incoming:
        match = next((by_key[k] for k in sorted(keys_of(person)) if k in by_key), None)
        if match is None:
            fresh[person.id] = person
            for key in keys_of(person):
                by_key[key] = person
            continue
        combined = merged(match, person)
        if match.id in fresh:
            fresh[match.id] = combined
        elif combined != match:
            changed[match.id] = combined
        else:
            plan.unchanged += 1
        for key in keys_of(combined):
            by_key[key] = combined
    plan.new = list(fresh.values())
    plan.changed = list(changed.values())
    return plan
