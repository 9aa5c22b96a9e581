"""The three-way merge of one record's fields: what was last exchanged (the base),
nettui's side (ours) and the file's side (theirs), each a dict of plain JSON values.

- A field changed on one side only takes that side's value.
- Changed on both sides to different values: ours is kept and the pair is a conflict
  for the user to pick.
- A list is merged item by item, not replaced: an item added on either side is kept;
  one removed on one side only (and unchanged on the other) goes. Items are matched by
  a key (an email's typed value by its value), so a changed TYPE is a change of that
  item, not a new one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def _whole(item: Any) -> str:
    return item if isinstance(item, str) else json.dumps(item, sort_keys=True)


def _typed_key(item: Any) -> str:
    return f"{item.get('of')}\0{item.get('value')}" if isinstance(item, dict) else _whole(item)


# How the items of a list field are told apart; any other list: by their whole value.
KEYS: dict[str, Callable[[Any], str]] = {"typed": _typed_key}


@dataclass
class Merged:
    values: dict[str, Any]  # the merged fields
    theirs_taken: list[str] = field(default_factory=list)  # fields nettui takes in
    ours_kept: list[str] = field(default_factory=list)  # fields the file must get
    conflicts: list[tuple[str, Any, Any]] = field(default_factory=list)  # field, ours, theirs


def merge_list(
    base: list[Any], ours: list[Any], theirs: list[Any], key: Callable[[Any], str]
) -> list[Any]:
    b = {key(i): i for i in base}
    o = {key(i): i for i in ours}
    t = {key(i): i for i in theirs}
    merged: list[Any] = []
    for k in dict.fromkeys([*o, *t]):
        if k in o and k in t:
            mine, other = o[k], t[k]
            merged.append(other if mine == b.get(k) else mine)
        elif k in o:  # not in theirs: removed there, or added here
            if k not in b or o[k] != b[k]:
                merged.append(o[k])
        elif k not in b or t[k] != b[k]:  # only in theirs: added there, or changed there
            merged.append(t[k])
    return merged


def merge(base: dict[str, Any] | None, ours: dict[str, Any], theirs: dict[str, Any]) -> Merged:
    """`base` None: never exchanged (a file matched by UID, or linked by email):
    whatever differs is a conflict, ours kept; lists are joined."""
    result = Merged(values=dict(ours))
    for name in dict.fromkeys([*ours, *theirs]):
        mine, other = ours.get(name), theirs.get(name)
        if mine == other:
            continue
        before = base.get(name) if base is not None else None
        value: Any
        if isinstance(mine, list) or isinstance(other, list):
            value = merge_list(
                (before or []) if base is not None else [],
                mine or [],
                other or [],
                KEYS.get(name, _whole),
            )
        elif base is None and not mine:  # never exchanged: a value fills an empty field
            value = other
        elif base is None and not other:
            value = mine
        elif base is not None and mine == before:
            value = other
        elif base is not None and other == before:
            value = mine
        else:
            result.conflicts.append((name, mine, other))
            value = mine
        result.values[name] = value
        if value != mine:
            result.theirs_taken.append(name)
        if value != other:
            result.ours_kept.append(name)
    return result
