"""The search index saved beside the database, so a new process need not rebuild it.

Folding and indexing people costs more than parsing them; `nettui find` and
the app's first paint would pay it on every start. The saved index is tied to the
exact database file it was built from (inode, size, modification time): the database
is only ever replaced, never edited in place, so any change makes it stale, and a
stale, damaged or foreign index is simply rebuilt. It holds folded personal data, so
it is private (0600) like the database.

The format is plain text, one person a line in name order, fields separated by the
ASCII unit separator. `quick_search` then finds the lines holding the query's first
word with str.find over the whole text (C speed) and decodes only those lines, so
`nettui find` needs neither the database nor a full index.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from nettui.domain.search import (
    FIRST_KEYS,
    INDEX_FORMAT,
    THIRD_KEY,
    IndexEntry,
    KeysTable,
    PersonIndex,
    PersonSummary,
    make_entry,
    query_words,
    rank,
)
from nettui.store.fileinfo import Signature, file_signature

_FIELD = "\x1f"
_EMAILS = "\x1e"  # between a person's emails, inside one field
_ENTRY_FIELDS = 8  # IndexEntry without its blob; the summary's fields follow


def cache_path(db: Path) -> Path:
    return db.with_name(db.name + ".index")


def _header(signature: Signature) -> str:
    """The header's first words: the format and the database file it was built from.
    The number of people and of those met in person follow (for `preview`)."""
    return f"nettui-index {INDEX_FORMAT} {signature[0]} {signature[1]} {signature[2]}"


def _matches(header: str, signature: Signature) -> bool:
    return header.rsplit(" ", 2)[0] == _header(signature)


def _clean(text: str) -> str:
    return text.replace("\n", " ").replace(_FIELD, " ").replace(_EMAILS, " ")


def _line(entry: IndexEntry, summary: PersonSummary) -> str:
    fields = [
        *entry.as_row(),
        summary.display_name,
        summary.role,
        summary.company,
        summary.met_in_person or "",
        "1" if summary.needs_real_name else "",
        summary.last_contact or "",
    ]
    emails = _EMAILS.join(_clean(e) for e in summary.emails)
    return _FIELD.join([*(_clean(f) for f in fields), emails])


def _decode(line: str) -> tuple[IndexEntry, PersonSummary]:
    fields = line.split(_FIELD)
    entry = make_entry(*fields[:_ENTRY_FIELDS])
    display, role, company, met, flag, last_contact, emails = fields[_ENTRY_FIELDS:]
    return entry, PersonSummary(
        entry.id,
        display,
        role,
        company,
        met or None,
        bool(flag),
        tuple(emails.split(_EMAILS)) if emails else (),
        last_contact or None,
    )


def _read_body(db: Path, signature: Signature) -> str | None:
    """The lines after the header, if the saved index is for this exact file."""
    try:
        text = cache_path(db).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    header, _, body = text.partition("\n")
    return body if _matches(header, signature) else None


def load(db: Path, signature: Signature) -> PersonIndex | None:
    """The saved index for this exact file (decoded when first searched), or None."""
    body = _read_body(db, signature)
    if body is None:
        return None
    lines = [line for line in body.split("\n") if line]
    ids = [line.partition(_FIELD)[0] for line in lines]

    def decode() -> list[IndexEntry]:
        return [make_entry(*line.split(_FIELD)[:_ENTRY_FIELDS]) for line in lines]

    return PersonIndex.saved(ids, decode)


def save(
    db: Path, signature: Signature, entries: list[IndexEntry], summaries: list[PersonSummary]
) -> None:
    """Best effort: an index that cannot be written is rebuilt next time."""
    met = sum(1 for summary in summaries if summary.met)

    def write(out: BinaryIO) -> None:
        # Line by line through the file's buffer: the whole text at once, as lines,
        # text and bytes, raised the app's peak memory.
        out.write(f"{_header(signature)} {len(summaries)} {met}".encode())
        for entry, summary in zip(entries, summaries, strict=True):
            out.write(("\n" + _line(entry, summary)).encode("utf-8"))

    _write_private(cache_path(db), write)


def _write_private(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Replace `target` with what `write` writes (0600, atomically); best effort."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb", buffering=1 << 18) as out:
            write(out)
        os.replace(tmp, target)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# -- the first keys of a filter -------------------------------------------------------------
#
# PersonIndex.prepare_first_keys answers every query of one to three characters, which
# takes seconds in a large store. The table is saved beside the index, in msgpack, as
# each word's positions in the saved index's name order: the next start only reads it.
# It is tied to the database file the index was saved for.

KEYS_FORMAT = 2  # 2: words of three characters too, and the longest saved


def keys_path(db: Path) -> Path:
    return db.with_name(db.name + ".keys")


def save_first_keys(db: Path, signature: Signature, table: KeysTable) -> None:
    """Best effort, like the index: a table that cannot be written is made again."""
    import msgspec  # here, not above: it slows `nettui find`'s start (which needs no table)

    typecodes = {positions.typecode for positions in table.words.values()}
    if len(typecodes) > 1:
        return
    document = {
        "format": KEYS_FORMAT,
        "index": INDEX_FORMAT,
        "file": list(signature),
        "typecode": typecodes.pop() if typecodes else "H",
        "longest": table.longest,
        # Views, not copies: the bytes of 2 million places are copied once, into the file.
        "table": {word: memoryview(places).cast("B") for word, places in table.words.items()},
    }
    _write_private(keys_path(db), lambda out: out.write(msgspec.msgpack.encode(document)))


def load_first_keys(db: Path, signature: Signature, people: int) -> KeysTable | None:
    """The saved table for the index saved for this exact file (of `people` people), or
    None: missing, for another file, of another format, or damaged."""
    import msgspec

    class Document(msgspec.Struct):
        format: int
        index: int
        file: list[Any]
        typecode: str
        longest: int
        # Views into the file's bytes, each copied once into its array (decoded as
        # bytes, the table was in memory three times over while it loaded).
        table: dict[str, memoryview]

    try:
        document = msgspec.msgpack.decode(keys_path(db).read_bytes(), type=Document)
        if not (
            document.format == KEYS_FORMAT
            and document.index == INDEX_FORMAT
            and document.file == list(signature)
            and document.typecode in ("H", "I")
            and document.longest in (max(FIRST_KEYS), THIRD_KEY)
        ):
            return None
        words = {}
        for word, places in document.table.items():
            positions = array(document.typecode)
            positions.frombytes(places)
            if not positions or max(positions) >= people:
                return None
            words[word] = positions
    except (OSError, msgspec.DecodeError, TypeError, ValueError):
        return None
    return KeysTable(words, document.longest)


class Preview(NamedTuple):
    """The first people in name order, and how many there are, from the saved index."""

    known: int
    met: int
    first: list[PersonSummary]


def preview(db: Path, rows: int) -> Preview | None:
    """The first `rows` people and the counts, read from the head of the saved index
    alone (the same time however many people there are), or None when there is no index for
    the database file as it is now. The app's first paint shows this while the store
    loads."""
    signature = file_signature(Path(os.path.realpath(db)))
    if signature is None:
        return None
    try:
        with open(cache_path(Path(os.path.realpath(db))), encoding="utf-8") as file:
            header = file.readline().rstrip("\n")
            if not _matches(header, signature):
                return None
            known, met = (int(n) for n in header.rsplit(" ", 2)[1:])
            lines = [file.readline().rstrip("\n") for _ in range(min(rows, known))]
            first = [_decode(line)[1] for line in lines]
    except (OSError, UnicodeDecodeError, TypeError, ValueError):
        return None
    return Preview(known, met, first)


def _lines_containing(body: str, word: str) -> list[str]:
    """Every line of `body` in which `word` occurs, in order, each once."""
    lines = []
    position = body.find(word)
    while position != -1:
        start = body.rfind("\n", 0, position) + 1
        end = body.find("\n", position)
        end = len(body) if end == -1 else end
        lines.append(body[start:end])
        position = body.find(word, end)
    return lines


def quick_search(db: Path, query: str) -> list[PersonSummary] | None:
    """One-line summaries of the matches from the saved index alone, or None.

    When the saved index belongs to the database file as it is now, the database need
    not even be parsed: this is what makes `nettui find` fast in a large store.
    """
    db = Path(os.path.realpath(db))  # as the storage does: the index sits by the real file
    signature = file_signature(db)
    body = _read_body(db, signature) if signature else None
    if body is None:
        return None
    words = query_words(query)
    lines = _lines_containing(body, words[0]) if words else body.split("\n")
    try:
        decoded = [_decode(line) for line in lines if line]
    except (TypeError, ValueError):
        return None
    if not words:
        return [summary for _, summary in decoded]
    summaries = {entry.id: summary for entry, summary in decoded}
    ranked, _ = rank([entry for entry, _ in decoded], words)
    return [summaries[entry.id] for entry in ranked]
