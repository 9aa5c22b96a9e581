"""The storage promises of DESIGN "Storage rules", checked on a real file."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from nettui.domain import json_codec
from nettui.domain.models import Person
from nettui.store import files
from nettui.store import storage as storage_module
from nettui.store.errors import StoreCorrupt, StoreTooNew, StoreWriteError
from nettui.store.migrations import SCHEMA_VERSION
from nettui.store.repository import Repository
from nettui.store.storage import SafeJSONStorage, backups_of


def decoded(repo: Repository) -> dict:
    """The store in memory as plain dicts: encoding it is a fresh serialisation."""
    return {name: dict(table) for name, table in repo.storage.raw().items()}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_and_folder_are_private(repo, db_path):
    repo.add_person(Person(name="Ana"))
    assert mode(db_path) == 0o600
    assert mode(db_path.parent) == 0o700
    data = json.loads(db_path.read_bytes())
    assert data["meta"]["schema"]["schema_version"] == SCHEMA_VERSION
    assert [p["name"] for p in data["people"].values()] == ["Ana"]


def test_a_write_replaces_the_file_and_leaves_no_temp_files(repo, db_path):
    repo.add_person(Person(name="Ana"))
    first_inode = db_path.stat().st_ino
    repo.add_person(Person(name="Bea"))
    assert db_path.stat().st_ino != first_inode  # replaced, never rewritten in place
    assert not list(db_path.parent.glob(".*.tmp"))


def test_file_is_parsed_once_and_reloaded_only_when_changed(repo, db_path):
    repo.add_person(Person(name="Ana"))
    loads = repo.storage.generation
    for _ in range(20):
        repo.search("ana")
        repo.people()
    assert repo.storage.generation == loads  # our own write needs no re-read
    with Repository(db_path) as other:
        other.add_person(Person(name="Bea"))
    assert [p.name for p in repo.people()] == ["Ana", "Bea"]
    assert repo.storage.generation == loads + 1


def test_write_outside_a_transaction_is_refused(db_path):
    storage = SafeJSONStorage(db_path)
    with pytest.raises(RuntimeError, match="outside transaction"):
        storage.write({})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b" \n\t\n", "is empty"),
        (b'{"people": {"1": {"name": "Ana"}', "not valid JSON \\(line 1"),
        (b"\x00\xff\xfe binary", "not valid JSON"),
        (b"[1, 2, 3]", "not a nettui database"),
        (b'{"people": [1, 2]}', "table 'people' is not a set of records"),
        (b'{"people": {"1": 5}}', "table 'people' is not a set of records"),
        (b'{"meta": {}, "people": {"1": {}, "2": "{text}"}}', "table 'people' is not a set"),
    ],
)
def test_a_corrupt_file_is_refused_and_never_touched(db_path, content, message):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    before = db_path.stat()
    repo = Repository(db_path)
    with pytest.raises(StoreCorrupt, match=message) as caught:
        repo.search("")
    assert str(db_path) in str(caught.value)
    with pytest.raises(StoreCorrupt):
        repo.add_person(Person(name="Ana"))
    assert db_path.read_bytes() == content
    assert db_path.stat().st_mtime_ns == before.st_mtime_ns
    assert not backups_of(db_path)


def test_a_file_from_a_newer_schema_is_refused(db_path):
    db_path.parent.mkdir(parents=True)
    content = json_codec.encode({"meta": {"schema": {"schema_version": SCHEMA_VERSION + 1}}})
    db_path.write_bytes(content)
    with pytest.raises(StoreTooNew, match="newer nettui"):
        Repository(db_path).add_person(Person(name="Ana"))
    assert db_path.read_bytes() == content


def test_a_version_0_file_is_migrated_on_the_next_write(db_path):
    """A plain TinyDB file (no meta table) is upgraded, and its people kept."""
    db_path.parent.mkdir(parents=True)
    person = Person(name="Ana").to_dict()
    db_path.write_bytes(json_codec.encode({"people": {person["id"]: person}}))
    with Repository(db_path) as repo:
        assert [p.name for p in repo.people()] == ["Ana"]
        repo.add_person(Person(name="Bea"))
    data = json_codec.decode(db_path.read_bytes())
    assert data["meta"]["schema"]["schema_version"] == SCHEMA_VERSION
    assert len(data["people"]) == 2


def test_backups_rotate_next_to_the_database(repo, db_path, monkeypatch):
    monkeypatch.setattr(storage_module, "BACKUP_EVERY_SECONDS", 0)
    for i in range(15):
        repo.add_person(Person(name=f"Person {i}"))
    backups = backups_of(db_path)
    assert len(backups) == storage_module.BACKUPS_KEPT
    assert all(mode(b) == 0o600 for b in backups)
    newest = json_codec.decode(backups[0].read_bytes())
    assert len(newest["people"]) == 14  # the file as it was before the last write


def test_backups_are_at_most_hourly(repo, db_path):
    for i in range(5):
        repo.add_person(Person(name=f"Person {i}"))
    assert len(backups_of(db_path)) == 1


def test_a_failed_write_keeps_the_old_file_and_the_memory_consistent(repo, db_path, monkeypatch):
    repo.add_person(Person(name="Ana"))
    before = db_path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module.os, "replace", disk_full)
    with pytest.raises(StoreWriteError, match="disk is full. The previous file is intact"):
        repo.add_person(Person(name="Bea"))
    assert db_path.read_bytes() == before
    assert [p.name for p in repo.people()] == ["Ana"]  # no phantom Bea in memory
    assert not list(db_path.parent.glob(".*.tmp"))
    monkeypatch.undo()
    repo.add_person(Person(name="Bea"))  # works again once there is space
    assert [p.name for p in repo.people()] == ["Ana", "Bea"]


def test_a_disk_that_fills_up_midway_keeps_the_old_file(repo, db_path, monkeypatch):
    """The file is written a quarter of a megabyte at a time: a write that fails
    halfway through leaves the old file whole, no temp file, and the memory as it was."""
    repo.add_many([Person(name=f"Person {n}", notes="x" * 400) for n in range(2000)])
    ana = repo.add_person(Person(name="Ana"))
    ana.notes = "first"
    repo.update_person(ana, changed={"notes"})
    before = db_path.read_bytes()
    real_writev, calls = os.writev, []

    def fills_up(fd, buffers):
        calls.append(fd)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_writev(fd, buffers)

    monkeypatch.setattr(storage_module.os, "writev", fills_up)
    ana.notes = "second"
    with pytest.raises(StoreWriteError, match="disk is full. The previous file is intact"):
        repo.update_person(ana, changed={"notes"})
    assert len(calls) > 2  # it did fail midway, not before starting
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob(".*.tmp"))
    assert repo.person(ana.id).notes == "first"
    monkeypatch.undo()
    ana.notes = "third"
    repo.update_person(ana, changed={"notes"})
    assert db_path.read_bytes() == json_codec.encode(decoded(repo))


def test_an_exception_inside_a_transaction_writes_nothing(repo, db_path):
    repo.add_person(Person(name="Ana"))
    before = db_path.read_bytes()
    with pytest.raises(ZeroDivisionError), repo.transaction():
        repo._insert(Person(name="Bea"))
        raise ZeroDivisionError
    assert db_path.read_bytes() == before
    assert [p.name for p in repo.people()] == ["Ana"]


def test_a_stale_temp_file_from_a_crash_is_cleaned_up(repo, db_path):
    repo.add_person(Person(name="Ana"))
    stale = db_path.parent / f".{db_path.name}.abc123.tmp"
    stale.write_text("half a write")
    repo.add_person(Person(name="Bea"))
    assert not stale.exists()


def test_the_replaced_file_is_freed_after_the_write_and_after_a_crash(repo, db_path):
    """The file an edit replaces is freed after the edit (not during: that slowed
    the save at scale); one left by a process that died is freed by the next write."""
    repo.add_person(Person(name="Ana"))
    repo.add_person(Person(name="Bea"))
    repo.storage.close()
    assert not list(db_path.parent.glob(".*.old"))
    left = db_path.parent / f".{db_path.name}.999999-3.old"  # a process that died
    left.write_text("the file before")
    repo.add_person(Person(name="Eva"))
    assert not left.exists()
    repo.storage.close()
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(".")) == []
    assert [p.name for p in Repository(db_path).people()] == ["Ana", "Bea", "Eva"]


def test_a_short_write_is_finished_piece_by_piece(tmp_path, monkeypatch):
    """writev may write less than asked (a signal, a nearly full disk): the rest is
    written in order, nothing twice."""
    pieces = [b"{", b'"a":1,', memoryview(b'"b":22,')[:-1], b"}"] * 3
    real_writev = os.writev

    def short_writev(fd, buffers):
        return real_writev(fd, [bytes(b"".join(buffers))[:5]])

    monkeypatch.setattr(os, "writev", short_writev)
    target = tmp_path / "out"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        files.write_all(fd, pieces)
    finally:
        os.close(fd)
    assert target.read_bytes() == b'{"a":1,"b":22}' * 3


def test_a_lock_file_left_by_a_dead_process_does_not_block(db_path):
    db_path.parent.mkdir(parents=True)
    (db_path.parent / f"{db_path.name}.lock").write_text("")
    with Repository(db_path) as repo:
        repo.add_person(Person(name="Ana"))
        assert repo.count_people() == 1


def test_a_symlinked_database_stays_a_symlink(tmp_path):
    real = tmp_path / "real" / "nettui.json"
    real.parent.mkdir()
    link = tmp_path / "link.json"
    with Repository(real) as repo:
        repo.add_person(Person(name="Ana"))
    link.symlink_to(real)
    with Repository(link) as repo:
        repo.add_person(Person(name="Bea"))
    assert link.is_symlink()
    assert len(json_codec.decode(real.read_bytes())["people"]) == 2


def test_the_folder_is_created_with_the_file(tmp_path):
    deep = tmp_path / "a" / "b" / "nettui.json"
    with Repository(deep) as repo:
        assert repo.people() == []  # reading creates nothing
        assert not deep.exists()
        repo.add_person(Person(name="Ana"))
    assert deep.exists()
    assert os.access(deep, os.R_OK)


def test_the_saved_search_index_follows_the_file(db_path):
    with Repository(db_path) as repo:
        repo.add_person(Person(name="José Núñez"))
    with Repository(db_path) as repo:
        assert [p.name for p in repo.search("nunez")] == ["José Núñez"]  # builds, saves
    index_file = db_path.with_name(db_path.name + ".index")
    assert index_file.exists() and mode(index_file) == 0o600
    with Repository(db_path) as other:
        other.add_person(Person(name="Íñigo Núñez"))  # the saved index is now stale
    with Repository(db_path) as repo:
        assert [p.name for p in repo.search("nunez")] == ["Íñigo Núñez", "José Núñez"]
    index_file.write_bytes(b"\x00garbage")  # a damaged index is rebuilt, never trusted
    with Repository(db_path) as repo:
        assert len(repo.search("nunez")) == 2


def test_the_table_of_the_first_keys_is_saved_and_read_back_for_the_same_file(db_path, monkeypatch):
    """The table of one- to three-character queries (seconds to make at scale) is
    saved beside the index: a new session reads it instead of making it again, but
    only for the exact file and index it was made for."""
    from nettui.demo import synthetic_people
    from nettui.domain import search

    keys_file = db_path.with_name(db_path.name + ".keys")
    words = ["a", "n", "an", "nu", "12", "zq", "ana", "nun", "zqx"]
    with Repository(db_path) as repo:
        repo.add_many(list(synthetic_people(200)))
        repo.prepare_first_keys()  # made, and saved for the file as it is
        answers = {w: repo.search_ids(w) for w in words}
    assert keys_file.exists() and mode(keys_file) == 0o600

    def not_made_again(*args: object) -> None:
        raise AssertionError("the table was made again")

    with monkeypatch.context() as patched:
        patched.setattr(search, "_short_query_table", not_made_again)
        with Repository(db_path) as repo:
            repo.prepare_first_keys()
            assert repo.first_keys_ready
            assert {w: repo.search_ids(w) for w in words} == answers
    with Repository(db_path) as other:  # another session: the saved table is stale
        other.add_person(Person(name="Ana Núñez"))
    with Repository(db_path) as repo:
        repo.prepare_first_keys()  # made again, for the new file
        assert repo.search("ana nunez")[0].id in repo.search_ids("nu")
        answers = {w: repo.search_ids(w) for w in words}
        repo.add_person(Person(name="Nuño"))  # changed here: saved again on closing
        repo.prepare_first_keys()
    with monkeypatch.context() as patched:
        patched.setattr(search, "_short_query_table", not_made_again)
        with Repository(db_path) as repo:
            repo.prepare_first_keys()
            assert repo.search("nuno")[0].id in repo.search_ids("nu")
    keys_file.write_bytes(b"\x93garbage")  # damaged: made again, never trusted
    with Repository(db_path) as repo:
        repo.prepare_first_keys()
        assert repo.first_keys_ready and repo.search_ids("zq") == []


def test_a_table_saved_between_its_two_passes_is_finished_not_made_again(db_path, monkeypatch):
    """The app may close after the first pass (one and two characters) and before the
    second (three): the next session reads the first and makes only the second."""
    from nettui.demo import synthetic_people
    from nettui.domain import search

    class Closed(Exception):
        pass

    pauses = 0

    def close_during_the_second_pass() -> None:
        nonlocal pauses
        pauses += 1
        if pauses > 2:  # 200 people: a pause at the 1st and the 101st of each pass
            raise Closed

    with Repository(db_path) as repo:
        repo.add_many(list(synthetic_people(200)))
        with pytest.raises(Closed):
            repo.prepare_first_keys(pause=close_during_the_second_pass)
        assert not repo.first_keys_ready
        answers = {w: list(repo.search_ids(w)) for w in ["a", "an", "ana", "nun"]}
    made = []
    make = search._short_query_table

    def recorded(people, lengths, pause=None):  # type: ignore[no-untyped-def]
        made.append(lengths)
        return make(people, lengths, pause)

    monkeypatch.setattr(search, "_short_query_table", recorded)
    with Repository(db_path) as repo:
        repo.prepare_first_keys()
        assert made == [(3,)] and repo.first_keys_ready
        assert {w: list(repo.search_ids(w)) for w in answers} == answers


def test_the_quick_search_ranks_exactly_like_the_full_one(db_path):
    from nettui.demo import synthetic_people
    from nettui.store.search_cache import quick_search

    with Repository(db_path) as repo:
        repo.add_many(list(synthetic_people(300)))
        repo.add_person(Person(name="Zoë O'Brien-Núñez", notes="line one\nline\x1ftwo"))
        repo.search("")  # builds and saves the index
    with Repository(db_path) as repo:
        for query in ("", "nunez", "jose nunez", "o'brien", "zoe", "example.org", "34 6", "zzz"):
            full = [(p.id, p.display_name) for p in repo.search(query)]
            quick = quick_search(db_path, query)
            assert quick is not None
            assert [(s.id, s.display_name) for s in quick] == full, query
        repo.add_person(Person(name="New"))  # the index in memory follows; the saved one not
        assert quick_search(db_path, "new") is None  # stale: the caller falls back
    # closing saves the index, so the next `nettui find` is quick again
    assert [s.display_name for s in quick_search(db_path, "new")] == ["New"]


def test_what_is_written_is_always_the_whole_store(db_path):
    """Unchanged tables and documents are written from their bytes of the last write:
    after every kind of change, the file must still say exactly what the store holds,
    byte for byte as one fresh serialisation would."""
    from datetime import datetime, timedelta

    from nettui.domain.models import Interaction, Meetup, NeedOffer

    repo = Repository(db_path)

    def on_disk_is_in_memory() -> None:
        assert db_path.read_bytes() == json_codec.encode(decoded(repo))

    ana = repo.add_person(Person(name="Ana", role="Abogada"))
    luis = repo.add_person(Person(name="Luis"))
    twin = repo.add_person(Person(name="Luis", emails=["luis@example.org"]))
    on_disk_is_in_memory()
    ana.role = "Abogada laboralista"
    repo.update_person(ana, changed={"role"})
    on_disk_is_in_memory()
    start = datetime.now().astimezone().replace(microsecond=0) - timedelta(days=1)
    repo.log_interaction(Interaction(person_id=luis.id, at=start.isoformat(), summary="Café"))
    need = repo.add_need_offer(NeedOffer(person_id=ana.id, kind="need", text="Busco fotógrafo"))
    repo.add_need_offer(NeedOffer(person_id="me", kind="offer", text="Ofrezco fotografía"))
    on_disk_is_in_memory()
    meetup = Meetup(
        title="Café", people=[luis.id], start=start.isoformat(),
        end=(start + timedelta(hours=1)).isoformat(),
    )  # fmt: skip
    repo.plan_meetup(meetup)
    repo.record_outcome(meetup.id, outcome="Bien", photo_together=True)
    on_disk_is_in_memory()
    for match in repo.matches():
        repo.act_on_match(match.need.id, match.offer.id, "introduced")
    need.status = "done"
    repo.update_need_offer(need, changed={"status"})
    on_disk_is_in_memory()
    for n in range(3):  # edits of one person after another: kept document by document
        ana.notes = f"edit {n}"
        repo.update_person(ana, changed={"notes"})
        luis.notes = f"edit {n}"
        repo.update_person(luis, changed={"notes"})
        on_disk_is_in_memory()
    # Kept document by document, then a person added, edited, deleted, edited again.
    eva = repo.add_person(Person(name="Eva"))
    on_disk_is_in_memory()
    for person in (eva, ana, eva):
        person.notes = "again"
        repo.update_person(person, changed={"notes"})
        on_disk_is_in_memory()
    repo.delete_person(eva.id)
    on_disk_is_in_memory()
    ana.notes = "after a deletion"
    repo.update_person(ana, changed={"notes"})
    on_disk_is_in_memory()
    with Repository(db_path) as other:  # another session writes: ours reloads
        other.add_person(Person(name="Eva"))
    ana.about = "Laboralista"
    repo.update_person(ana, changed={"about"})
    on_disk_is_in_memory()
    assert {p.name for p in repo.people()} >= {"Ana", "Eva"}
    repo.merge_people(luis.id, twin.id)
    repo.delete_person(ana.id)
    on_disk_is_in_memory()
    repo.undo_delete()
    repo.add_many([Person(name=f"Bulk {n}") for n in range(5)])
    on_disk_is_in_memory()
    other = Repository(db_path)  # another session writes; ours reloads, then writes
    other.add_person(Person(name="From elsewhere"))
    repo.add_person(Person(name="After that"))
    on_disk_is_in_memory()
    assert {"From elsewhere", "After that"} <= {p.name for p in Repository(db_path).people()}


def test_the_first_screenful_comes_from_the_head_of_the_saved_index(db_path):
    """The app paints from `preview` while the store is read: the same first people
    and counts as the store, and nothing at all for a file the index was not made of."""
    from nettui.store.search_cache import cache_path, preview

    with Repository(db_path) as repo:
        for name in ("Carla Ruiz", "Ana García", "Bea López"):
            repo.add_person(Person(name=name, role="Abogada"))
        repo.add_person(Person(name="Dora", met_in_person="2026-01-02"))
        repo.search_ids("")  # the index is saved when the repository closes
    shown = preview(db_path, rows=2)
    assert shown is not None
    assert (shown.known, shown.met) == (4, 1)
    assert [(s.display_name, s.role) for s in shown.first] == [
        ("Ana García", "Abogada"),
        ("Bea López", "Abogada"),
    ]
    with Repository(db_path) as repo:  # nettui keeps the saved index up to date
        repo.add_person(Person(name="Aaron"))
    assert [s.display_name for s in preview(db_path, rows=1).first] == ["Aaron"]
    data = json_codec.decode(db_path.read_bytes())  # another program changes the file
    db_path.write_bytes(json_codec.encode(data) + b" ")
    assert preview(db_path, rows=2) is None
    cache_path(db_path).write_text("nettui-index 3 1 2 3\n")  # an older format
    assert preview(db_path, rows=2) is None
    cache_path(db_path).unlink()
    assert preview(db_path, rows=2) is None


def test_documents_stay_text_until_read_and_a_read_is_a_copy(db_path):
    """The store keeps each document as its JSON text, a view of the file read: far
    less memory than the decoded dicts (3.6 times the file's size at 10,000 people),
    the same data for every reader, and a reader cannot change the store by accident."""
    import gc
    import tracemalloc

    from nettui.domain.models import Interaction

    with Repository(db_path) as setup:
        setup.add_many([Person(name=f"Person {n}", tags=["a", "b"]) for n in range(3000)])
        someone = setup.people()[0]
        setup.add_many([Interaction(person_id=someone.id, summary=f"s{n}") for n in range(3000)])
    size = db_path.stat().st_size
    gc.collect()
    tracemalloc.start()
    try:
        repo = Repository(db_path)
        repo.storage.raw()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held < size * 0.6, (held, size)  # the views and ids; the file is mapped apart
    assert json_codec.decode(db_path.read_bytes()) == decoded(repo)
    people = repo.storage.table("people")
    first = people[someone.id]
    first["name"] = "Changed by a reader"
    assert people[someone.id]["name"] == "Person 0"
    assert repo.person(someone.id).name == "Person 0"
    other = Repository(db_path)
    other.log_interaction(Interaction(person_id=someone.id, summary="Otra"))
    assert repo.refresh()  # another session wrote: read again
    assert decoded(repo) == decoded(other)
    assert "Otra" in [i.summary for i in repo.interactions_of(someone.id)]


def encoded_documents(monkeypatch) -> list[dict]:
    """Every document the storage encodes from now on (the rest it copies as text)."""
    encoded: list[dict] = []
    real_append = storage_module.json_codec.append_members

    def counting_append(buffer, members):
        encoded.extend(v for v in members.values() if type(v) is dict)  # not text
        real_append(buffer, members)

    monkeypatch.setattr(storage_module.json_codec, "append_members", counting_append)
    return encoded


def test_an_add_or_a_deletion_among_many_serialises_only_what_changed(db_path, monkeypatch):
    """A table is not encoded again whole when someone is edited, added or deleted
    (at scale that was a cost on every change); the rest is copied."""
    repo = Repository(db_path)
    repo.add_many([Person(name=f"Person {n}") for n in range(300)])
    someone = repo.people()[0]
    someone.notes = "edited"
    repo.update_person(someone, changed={"notes"})  # from now on places are known
    encoded = encoded_documents(monkeypatch)
    added = repo.add_person(Person(name="Added"))
    someone.notes = "edited again"
    repo.update_person(someone, changed={"notes"})
    repo.delete_person(added.id)
    people_encoded = [v for v in encoded if "name" in v]
    assert [p["name"] for p in people_encoded] == ["Added", "Person 0"]
    monkeypatch.undo()
    assert db_path.read_bytes() == json_codec.encode(decoded(repo))


def test_an_edit_writes_the_other_tables_as_they_were_read(db_path, monkeypatch):
    """Only a table that changed is written document by document: an edit of someone
    writes the interactions as the one piece of text they were read as."""
    from nettui.domain.models import Interaction

    with Repository(db_path) as setup:
        people = [Person(name=f"Person {n}") for n in range(50)]
        setup.add_many(people)
        setup.add_many([Interaction(person_id=people[0].id, summary=f"s{n}") for n in range(200)])
    repo = Repository(db_path)  # a session that reads the file
    passed: list[str] = []
    real_append = storage_module.json_codec.append_members

    def counting_append(buffer, members):
        passed.extend(members)
        real_append(buffer, members)

    monkeypatch.setattr(storage_module.json_codec, "append_members", counting_append)
    someone = repo.person(people[3].id)
    someone.notes = "edited"
    repo.update_person(someone, changed={"notes"})
    assert sorted(passed) == sorted(repo.storage.table("people"))  # no interaction
    monkeypatch.undo()
    assert db_path.read_bytes() == json_codec.encode(decoded(repo))
    assert Repository(db_path).person(someone.id).notes == "edited"


def test_an_edit_keeps_no_copy_of_the_file_in_memory(db_path):
    """What did not change is copied from the file on disk, not kept in memory: after
    edits the store holds about what it held before them, not one more file's worth
    (at scale, a large part of the app's peak)."""
    import gc
    import tracemalloc

    repo = Repository(db_path)
    repo.add_many([Person(name=f"Person {n}", notes="x" * 400) for n in range(2000)])
    people = repo.people()[:3]
    size = db_path.stat().st_size
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n, person in enumerate(people * 2):
            person.notes = f"edit {n}"
            repo.update_person(person, changed={"notes"})
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < size / 10, (kept, size)
    assert db_path.read_bytes() == json_codec.encode(decoded(repo))


def test_a_file_changed_in_place_behind_our_back_is_read_again_before_a_change(db_path):
    """A file another program changed in place (same name, other size and time) is
    read again before our next change: nothing of theirs is lost. The documents we
    did not change keep the text that program wrote (here with its spaces)."""
    repo = Repository(db_path)
    repo.add_many([Person(name=f"Person {n}") for n in range(50)])
    someone = repo.people()[0]
    someone.notes = "ours"
    repo.update_person(someone, changed={"notes"})
    data = json.loads(db_path.read_text())
    for document in data["people"].values():
        document["role"] = "changed elsewhere"
    with open(db_path, "w") as file:  # in place, as a careless script would
        json.dump(data, file)
    someone.notes = "ours again"
    repo.update_person(someone, changed={"notes"})
    ours = repo.person(someone.id)
    data["people"][someone.id].update(notes="ours again", updated=ours.updated)
    assert json.loads(db_path.read_bytes()) == data == decoded(repo)
    assert b'"role": "changed elsewhere"' in db_path.read_bytes()
    roles = {p.role for p in Repository(db_path).people()}
    assert roles == {"changed elsewhere"}


def test_random_changes_copy_what_did_not_change_and_the_file_stays_exact(db_path):
    """Unchanged documents are written as the text they were read as: after any mix
    of edits, additions and deletions, in any order, the file is still byte for byte
    one fresh serialisation of the store."""
    import random

    from nettui.domain.models import Interaction

    rng = random.Random(8)
    repo = Repository(db_path)
    people = [repo.add_person(Person(name=f"Person {n}")) for n in range(40)]
    for step in range(60):
        action = rng.choice(["edit", "edit", "add", "delete", "log", "edit two", "many"])
        if action == "many":  # many documents changed at once
            repo.add_many([Person(name=f"Bulk {step} {n}") for n in range(40)])
            people = repo.people()
        elif action == "add" or len(people) < 5:
            people.append(repo.add_person(Person(name=f"New {step}")))
        elif action == "delete":
            repo.delete_person(people.pop(rng.randrange(len(people))).id)
        elif action == "log":
            repo.log_interaction(Interaction(person_id=rng.choice(people).id, summary=f"s{step}"))
        else:
            for person in rng.sample(people, 2 if action == "edit two" else 1):
                person.notes = f"step {step} " * rng.randrange(1, 4)  # longer and shorter
                repo.update_person(person, changed={"notes"})
        assert db_path.read_bytes() == json_codec.encode(decoded(repo)), (step, action)
    fresh = Repository(db_path)
    assert [p.name for p in fresh.people()] == [p.name for p in repo.people()]


def other_process_can_lock(db_path: Path) -> bool:
    import fcntl

    fd = os.open(db_path.with_name(db_path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_a_deferred_write_keeps_the_lock_until_the_file_is_written(repo, db_path):
    """The app changes memory on its UI thread and writes the file in a worker: until
    then the old file stays, and no other process may write in between."""
    repo.add_person(Person(name="Ana"))
    before = db_path.read_bytes()
    with repo.storage.deferring_writes():
        repo.add_person(Person(name="Bea"))
        repo.add_person(Person(name="Cai"))  # joins the write waiting
    assert repo.storage.write_pending
    assert db_path.read_bytes() == before
    assert not other_process_can_lock(db_path)
    assert sorted(p.name for p in repo.people()) == ["Ana", "Bea", "Cai"]
    repo.storage.finish_deferred(repo.storage.write_deferred())
    assert not repo.storage.write_pending and other_process_can_lock(db_path)
    assert sorted(p["name"] for p in decoded(repo)["people"].values()) == ["Ana", "Bea", "Cai"]


def test_a_deferred_write_that_fails_puts_memory_back_and_frees_the_lock(
    repo, db_path, monkeypatch
):
    repo.add_person(Person(name="Ana"))
    before = db_path.read_bytes()
    with repo.storage.deferring_writes():
        repo.add_person(Person(name="Bea"))

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module.os, "replace", disk_full)
    with pytest.raises(StoreWriteError, match="disk is full") as failed:
        repo.storage.write_deferred()
    repo.storage.finish_deferred(failed.value)
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert [p.name for p in repo.people()] == ["Ana"]  # no phantom Bea in memory
    assert other_process_can_lock(db_path)
    repo.add_person(Person(name="Bea"))  # and the next write works
    assert [p.name for p in repo.people()] == ["Ana", "Bea"]


def test_a_rolled_back_deferred_write_leaves_no_search_index_of_it(repo, db_path, monkeypatch):
    """While its write is pending, memory is ahead of the file: the search index made
    then must not be saved as the file's (a new session would find a phantom)."""
    repo.add_person(Person(name="Ana"))
    repo.search("")
    other = Repository(db_path)  # another process, which saves no index of its own
    other.add_many([Person(name="Bea")])
    for index in db_path.parent.glob(db_path.name + ".index*"):
        index.unlink()
    with repo.storage.deferring_writes():
        repo.add_person(Person(name="Cai"))

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module.os, "replace", disk_full)
    with pytest.raises(StoreWriteError) as failed:
        repo.storage.write_deferred()
    repo.storage.finish_deferred(failed.value)
    monkeypatch.undo()
    repo.close()
    fresh = Repository(db_path)
    assert list(fresh.search_ids("cai")) == [] and fresh.count_people() == 2
    fresh.close()


def test_a_transaction_outside_while_a_write_is_pending_is_refused(repo, db_path):
    with repo.storage.deferring_writes():
        repo.add_person(Person(name="Ana"))
    with pytest.raises(RuntimeError, match="deferred write is pending"):
        repo.add_person(Person(name="Bea"))
    repo.storage.finish_deferred(repo.storage.write_deferred())
    assert [p.name for p in repo.people()] == ["Ana"]
