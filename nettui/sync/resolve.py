"""vdirsyncer's conflict command: `python -m nettui.sync.resolve SYNCED CONFLICTS A B`.

vdirsyncer calls it for an item changed on both sides since it last saw them equal
(typically: nettui's edit reached the folder, the push failed, then the phone edited
the same card). A is the folder's copy, B the server's. Neither may win whole: the
common ancestor is the copy vdirsyncer last synced, which nettui keeps in SYNCED
(`snapshot`, after each sync that went through). The three are merged property by
property (merge.py's rules), the result is written to A and B (vdirsyncer then puts it
on both sides), and where both changed one field differently the folder's value is
kept and the pair appended to CONFLICTS (JSON lines), which `nettui sync` records in
the store for the user to pick. Without an ancestor, any difference is a conflict.

Merging the files' properties rather than nettui's fields keeps what nettui does not
model (a server's own properties, a calendar's alarms) exactly as it came.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nettui.sync.lines import property_name as _name
from nettui.sync.lines import unfolded as _lines
from nettui.sync.merge import merge_list

# Rewritten by every writer: the server's copy is taken, never a conflict.
STAMPS = {"REV", "PRODID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE"}
# Properties that hold one item a line: joined as lists, as the exchange joins them.
MULTI = {"EMAIL", "TEL", "ADR", "URL", "IMPP", "X-SOCIALPROFILE", "ATTENDEE", "CATEGORIES"}

Key = tuple[tuple[str, ...], str]  # (the components around the line, its property name)
_UID = re.compile(r"^UID[;:](?:.*:)?(.*)$", re.M | re.I)


def _parse(text: str) -> tuple[list[tuple[Key | None, str]], dict[Key, list[str]]] | None:
    """The lines with their keys (None for BEGIN/END) and the lines of each key; None
    when a component appears twice at one place (events with exceptions): no
    property-by-property merge then."""
    stack: list[str] = []
    seen: set[tuple[str, ...]] = set()
    order: list[tuple[Key | None, str]] = []
    groups: dict[Key, list[str]] = {}
    for line in _lines(text):
        name = _name(line)
        if name == "BEGIN":
            stack.append(line.partition(":")[2].strip().upper())
            if tuple(stack) in seen:
                return None
            seen.add(tuple(stack))
            order.append((None, line))
        elif name == "END":
            order.append((None, line))
            if stack:
                stack.pop()
        else:
            key = (tuple(stack), name)
            order.append((key, line))
            groups.setdefault(key, []).append(line)
    return order, groups


def _uid(text: str) -> str | None:
    match = _UID.search(text.replace("\r\n", "\n"))
    return match.group(1).strip() if match else None


def find_base(synced: Path, uid: str | None) -> str | None:
    """The copy vdirsyncer last synced of the item with this UID, if kept."""
    if uid is None:
        return None
    try:
        entries = list(os.scandir(synced))
    except OSError:
        return None
    for entry in entries:
        try:
            text = Path(entry.path).read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        if _uid(text) == uid:
            return text
    return None


_HEAD = re.compile(r'^((?:[^:"]|"[^"]*")*):')


def _norm(line: str) -> str:
    """A line as a server may rewrite it, made one form: parameters unquoted (Radicale
    writes CN="Bob Lee" back as CN=Bob Lee), names and parameters in any case."""
    head = _HEAD.match(line)
    if head is None:
        return line
    return head.group(1).replace('"', "").upper() + line[head.end() - 1 :]


def _value(line: str) -> str:
    head = _HEAD.match(line)
    return line[head.end() :] if head else line


def _item_key(*sides: list[str]) -> Callable[[str], str]:
    """How the items of a list (EMAIL, TEL…) are told apart: by value, so that an item
    whose types changed on one side is that item still; by the whole line for a value
    a side holds twice (one number as a voice line and a fax line)."""
    twice = {v for side in sides for v, n in Counter(map(_value, side)).items() if n > 1}
    return lambda line: _norm(line) if _value(line) in twice else _value(line)


def _same(one: list[str], other: list[str]) -> bool:
    return len(one) == len(other) and [_norm(x) for x in one] == [_norm(x) for x in other]


def merge_texts(base: str | None, ours: str, theirs: str) -> tuple[str, list[Key]]:
    """The merged item and the keys both sides changed differently (ours kept)."""
    parsed_ours, parsed_theirs = _parse(ours), _parse(theirs)
    parsed_base = _parse(base) if base is not None else None
    if parsed_ours is None or parsed_theirs is None:
        return ours, [] if ours == theirs else [((), "*")]
    order, mine = parsed_ours
    _unused, other = parsed_theirs
    before = parsed_base[1] if parsed_base is not None else None
    merged: dict[Key, list[str]] = {}
    conflicts: list[Key] = []
    for key in dict.fromkeys([*mine, *other]):
        a, b = mine.get(key, []), other.get(key, [])
        old = before.get(key, []) if before is not None else None
        if a == b or key[1] in STAMPS or _same(a, b):
            merged[key] = b
        elif key[1] in MULTI or len(a) > 1 or len(b) > 1:
            merged[key] = merge_list(old or [], a, b, _item_key(old or [], a, b))
        elif old is not None and _same(a, old):
            merged[key] = b
        elif old is not None and _same(b, old):
            merged[key] = a
        elif old is None and not a:  # never synced: a value fills an empty field
            merged[key] = b
        elif old is None and not b:
            merged[key] = a
        else:
            merged[key] = a
            conflicts.append(key)
    return _assemble(order, merged), conflicts


def _assemble(order: list[tuple[Key | None, str]], merged: dict[Key, list[str]]) -> str:
    """Our lines' order; a key's merged lines where its first line was; keys new from
    the other side before the END of their component."""
    out: list[str] = []
    done: set[Key] = set()
    stack: list[str] = []
    for key, line in order:
        if key is None and _name(line) == "END":
            here = tuple(stack)
            for other, lines in merged.items():
                if other[0] == here and other not in done:
                    out += lines
                    done.add(other)
            out.append(line)
            if stack:
                stack.pop()
        elif key is None:
            stack.append(line.partition(":")[2].strip().upper())
            out.append(line)
        elif key not in done:
            out += merged.get(key, [])
            done.add(key)
    return "\r\n".join(out) + "\r\n"


def _person_fields(text: str) -> dict[str, Any] | None:
    from nettui.io.vcard import read_vcards
    from nettui.sync.contacts import fields_of

    cards, _errors = read_vcards(text.encode())
    return fields_of(cards[0].person) if len(cards) == 1 else None


def conflicts_of(
    merged: str, theirs: str, keys: list[Key], uid: str | None
) -> list[dict[str, Any]]:
    """The conflicts as the store records them: for a card, nettui's fields (the merged
    card read with the other side's lines put back); for an event, its properties."""
    if not keys:
        return []
    is_card = merged.lstrip().upper().startswith("BEGIN:VCARD")
    mine, other = _parse(merged), _parse(theirs)
    if mine is None or other is None or ((), "*") in keys:  # no merge: the whole item
        return [{"kind": "person" if is_card else "meetup", "uid": uid, "field": "*",
                 "ours": merged, "theirs": theirs}]  # fmt: skip
    order, groups = mine
    if is_card:
        ours_fields = _person_fields(merged)
        put_back = {**groups, **{k: other[1].get(k, []) for k in keys}}
        theirs_fields = _person_fields(_assemble(order, put_back))
        if ours_fields is not None and theirs_fields is not None:
            # Read as nettui reads them, the two may not differ at all: lines a server
            # rewrote in another form are no conflict.
            return [
                {"kind": "person", "uid": uid, "field": name, "ours": value,
                 "theirs": theirs_fields.get(name)}
                for name, value in ours_fields.items()
                if value != theirs_fields.get(name)
            ]  # fmt: skip
    return [
        {"kind": "person" if is_card else "meetup", "uid": uid, "field": key[1],
         "ours": "\n".join(groups.get(key, [])), "theirs": "\n".join(other[1].get(key, []))}
        for key in keys
    ]  # fmt: skip


def _merge_event(
    base: str | None, ours: str, theirs: str, uid: str | None
) -> tuple[str, list[dict[str, Any]]]:
    """An event: the calendar app's copy with nettui's changed fields on top (events.py);
    the conflicts with the values as the exchange's meetup conflicts hold them, and
    none where both read back the same (a server's rewriting of a line)."""
    from datetime import UTC

    from nettui.io.ics import read_event
    from nettui.sync.calendar import _utc
    from nettui.sync.events import merge_event

    merged, found = merge_event(base, ours, theirs)

    def fields(text: str) -> dict[str, str] | None:
        try:
            event = read_event(text.encode(), UTC)
        except Exception:  # a file the exchange will name; the lines are said instead
            return None
        return {"when": f"{_utc(event.start)}/{_utc(event.end)}", "place": event.place,
                "title": event.title, "status": event.status}  # fmt: skip

    mine, other = fields(merged), fields(theirs)
    rows = []
    for field, a, b in found:
        if mine is not None and other is not None and field in mine:
            a, b = mine[field], other[field]
            if a == b:
                continue
        rows.append({"kind": "meetup", "uid": uid, "field": field, "ours": a, "theirs": b})
    return merged, rows


def resolve(synced: Path, conflicts: Path, a: Path, b: Path) -> None:
    ours, theirs = a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")
    uid = _uid(ours) or _uid(theirs)
    if ours.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        merged, rows = _merge_event(find_base(synced, uid), ours, theirs, uid)
    else:
        merged, keys = merge_texts(find_base(synced, uid), ours, theirs)
        rows = conflicts_of(merged, theirs, keys, uid)
    if rows:
        conflicts.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with conflicts.open("a", encoding="utf-8") as file:
            for row in rows:
                file.write(json.dumps(row, ensure_ascii=False) + "\n")
            file.flush()
            os.fsync(file.fileno())
    for path in (a, b):
        path.write_text(merged, encoding="utf-8", newline="")


def snapshot(
    folder: Path, synced: Path, skip: set[str] | None = None, new_only: bool = False
) -> None:
    """Keep a copy of every item of `folder` as vdirsyncer just synced it (both sides
    equal): the ancestor of the next conflict. Only files whose size or time changed
    are copied (copies keep the time), so a sync with no change copies nothing.
    `skip`: files vdirsyncer did not sync (their copy, if any, stays as it was);
    `new_only`: copy only files with no copy yet, and remove none."""
    skip = skip or set()
    synced.mkdir(mode=0o700, parents=True, exist_ok=True)
    have = {e.name: e.stat() for e in os.scandir(synced) if e.is_file()}
    try:
        current = [e for e in os.scandir(folder) if e.is_file() and not e.name.startswith(".")]
    except FileNotFoundError:
        current = []
    for entry in current:
        info, kept = entry.stat(), have.pop(entry.name, None)
        if entry.name in skip or (new_only and kept is not None):
            continue
        if kept is None or (kept.st_size, kept.st_mtime_ns) != (info.st_size, info.st_mtime_ns):
            temp = synced / f".{entry.name}.tmp"
            shutil.copy2(entry.path, temp)  # a copy: a program writing in place changes no base
            os.replace(temp, synced / entry.name)
    for name in () if new_only else have:
        if name not in skip:
            (synced / name).unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    if len(argv) != 4:  # only vdirsyncer calls it, as render() tells it to
        return 2
    synced, conflicts, a, b = map(Path, argv)
    resolve(synced, conflicts, a, b)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
