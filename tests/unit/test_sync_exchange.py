"""The store <-> vdir exchange (issue 23), in process: a real store on disk and real
files in a temp vdir, rewritten the way servers and other programs write them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nettui.domain.models import NeedOffer, NeedOfferKind, Person
from nettui.io.vcard import read_vcards
from nettui.store.repository import Repository
from nettui.sync import vdir
from nettui.sync.exchange import exchange
from tests.cli_in_process import run_nettui


def sync(repo: Repository, root: Path, dry_run: bool = False):
    return exchange(repo, root / "contacts", root / "meetups", dry_run)


def cards(root: Path) -> dict[str, Path]:
    """{UID: file} of the contacts folder, read as khard would."""
    found = {}
    for path in sorted((root / "contacts").glob("*.vcf")):
        parsed, errors = read_vcards(path.read_bytes())
        assert not errors and len(parsed) == 1, path
        found[parsed[0].uid] = path
    return found


def server_rewrite(path: Path, drop_nettui: bool = True, extra: list[str] = ()) -> None:
    """Rewrite a card as a server does: LF endings, properties in another order,
    PRODID and REV added, X-NETTUI-* dropped (as some do), lines added."""
    lines = [line for line in path.read_text().replace("\r\n", "\n").split("\n") if line]
    body = [line for line in lines[2:-1] if not (drop_nettui and line.startswith("X-NETTUI-"))]
    body = [*reversed(body), "PRODID:-//Radicale//NONSGML//EN", "REV:20261206T101010Z"]
    body += list(extra)
    path.write_text("\n".join(["BEGIN:VCARD", "VERSION:3.0", *body, "END:VCARD"]) + "\n")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "vdir"


def test_a_person_made_in_nettui_appears_as_a_card_khard_reads(repo: Repository, root: Path):
    ana = repo.add_person(Person(name="Ana Ruiz", emails=["ana@example.org"], goals=["grow"]))
    report = sync(repo, root)
    assert report.people_out["added"] == ["Ana Ruiz"]
    found = cards(root)
    assert list(found) == [ana.id]
    assert found[ana.id].name == f"{ana.id}.vcf"  # named after its UID, as vdirsyncer does
    assert [p.name for p in (root / "contacts").iterdir()] == [f"{ana.id}.vcf"]  # no temp
    assert (root / "contacts").stat().st_mode & 0o777 == 0o700
    text = found[ana.id].read_text()
    assert "FN:Ana Ruiz" in text and "EMAIL:ana@example.org" in text


def test_a_card_rewritten_by_a_server_with_a_new_phone_comes_back(repo: Repository, root: Path):
    ana = repo.add_person(
        Person(name="Ana Ruiz", emails=["ana@example.org"], goals=["grow"], how_we_met="PyCon")
    )
    sync(repo, root)
    server_rewrite(cards(root)[ana.id], extra=["TEL;TYPE=CELL:+34 600 111 222"])
    report = sync(repo, root)
    assert report.people_in["changed"] == ["Ana Ruiz"]
    back = repo.person(ana.id)
    assert back is not None
    assert back.phones == ["+34 600 111 222"]
    assert back.emails == ["ana@example.org"]
    # The card came back without X-NETTUI-*: nettui's own fields keep their values.
    assert back.goals == ["grow"] and back.how_we_met == "PyCon"
    assert not report.conflicts
    # Reordered, re-ended and stamped, but no change: the next exchange moves nothing.
    again = sync(repo, root)
    assert not again.moved and again.in_sync


def test_lists_are_joined_and_a_removal_on_one_side_is_kept(repo: Repository, root: Path):
    ana = repo.add_person(Person(name="Ana", emails=["a@example.org", "old@example.org"]))
    sync(repo, root)
    path = cards(root)[ana.id]
    path.write_text(path.read_text().replace("EMAIL:old@example.org", "EMAIL:b@example.org"))
    repo.update_person(
        Person.from_dict({**ana.to_dict(), "emails": [*ana.emails, "c@example.org"]}),
        changed=["emails"],
    )
    sync(repo, root)
    back = repo.person(ana.id)
    assert back is not None
    assert sorted(back.emails) == ["a@example.org", "b@example.org", "c@example.org"]
    text = cards(root)[ana.id].read_text()
    assert "c@example.org" in text and "old@example.org" not in text


def test_a_conflict_keeps_both_values_lists_them_and_the_user_picks(
    repo: Repository, root: Path, tmp_path: Path, cli_env: dict[str, str], db_path: Path
):
    ana = repo.add_person(Person(name="Ana", role="Engineer"))
    sync(repo, root)
    path = cards(root)[ana.id]
    path.write_text(path.read_text().replace("TITLE:Engineer", "TITLE:CTO"))
    repo.update_person(Person.from_dict({**ana.to_dict(), "role": "Manager"}), changed=["role"])
    report = sync(repo, root)
    assert len(report.conflicts) == 1 and "CTO" in report.conflicts[0]
    assert repo.person(ana.id).role == "Manager"  # nettui keeps its value
    assert len(sync(repo, root).conflicts) == 0  # the card now says Manager too
    repo.close()
    listed = run_nettui(cli_env, "sync", "conflicts", "--json")
    assert listed.returncode == 0, listed.stderr
    (conflict,) = json.loads(listed.stdout)
    assert (conflict["name"], conflict["field"]) == ("Ana", "role")
    assert (conflict["ours"], conflict["theirs"]) == ("Manager", "CTO")
    picked = run_nettui(cli_env, "sync", "pick", conflict["id"][:8], "theirs")
    assert picked.returncode == 0, picked.stderr
    assert json.loads(run_nettui(cli_env, "sync", "conflicts", "--json").stdout) == []
    with Repository(db_path) as again:
        assert again.person(ana.id).role == "CTO"
        sync(again, root)
    assert "TITLE:CTO" in cards(root)[ana.id].read_text()


def test_deleted_in_nettui_removes_the_card(repo: Repository, root: Path):
    ana = repo.add_person(Person(name="Ana"))
    sync(repo, root)
    repo.delete_person(ana.id)
    report = sync(repo, root)
    assert report.people_out["removed"] == ["Ana"]
    assert cards(root) == {}


def test_a_card_removed_elsewhere_removes_only_who_holds_nothing_more(
    repo: Repository, root: Path, cli_env: dict[str, str], db_path: Path
):
    ana = repo.add_person(Person(name="Ana"))
    bea = repo.add_person(Person(name="Bea"))
    cleo = repo.add_person(Person(name="Cleo"))  # her card stays: the folder is not emptied
    repo.add_need_offer(NeedOffer(person_id=bea.id, kind=NeedOfferKind.NEED, text="a flat"))
    sync(repo, root)
    for uid, path in cards(root).items():
        if uid != cleo.id:
            path.unlink()
    report = sync(repo, root)
    assert report.people_in["removed"] == ["Ana"] and report.kept == ["Bea"]
    assert repo.person(ana.id) is None and repo.person(bea.id) is not None
    assert list(cards(root)) == [cleo.id]
    assert not sync(repo, root).moved  # Bea is not written back until the user says
    repo.close()
    shown = run_nettui(cli_env, "show", "Bea")
    assert "removed from your address book" in shown.stdout
    kept = run_nettui(cli_env, "sync", "keep", "Bea")
    assert kept.returncode == 0, kept.stderr
    with Repository(db_path) as again:
        assert sync(again, root).people_out["added"] == ["Bea"]
    assert sorted(cards(root)) == sorted([bea.id, cleo.id])


def test_a_broken_file_is_named_with_its_line_skipped_and_left_untouched(
    repo: Repository, root: Path
):
    repo.add_person(Person(name="Ana"))
    folder = root / "contacts"
    folder.mkdir(parents=True)
    broken = folder / "broken.vcf"
    broken.write_bytes(b"BEGIN:VCARD\nVERSION:3.0\nFN:Half\n")
    (folder / ".hidden.vcf").write_bytes(b"not a card")
    (folder / "x.vcf.tmp").write_bytes(b"in progress")
    report = sync(repo, root)
    assert report.skipped == [f"{broken}:1: the card has no END:VCARD"]
    assert not report.in_sync
    assert broken.read_bytes() == b"BEGIN:VCARD\nVERSION:3.0\nFN:Half\n"
    assert report.people_out["added"] == ["Ana"]  # the rest syncs
    assert repo.count_people() == 1


def test_two_files_with_one_uid_give_one_person(repo: Repository, root: Path):
    folder = root / "contacts"
    folder.mkdir(parents=True)
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ana@example.org\r\nFN:Ana\r\nEND:VCARD\r\n"
    (folder / "a.vcf").write_text(card)
    (folder / "b.vcf").write_text(card.replace("FN:Ana", "FN:Ana Ruiz"))
    report = sync(repo, root)
    assert report.people_in["added"] == ["Ana"]
    assert len(report.skipped) == 1 and "b.vcf: the same UID as a.vcf" in report.skipped[0]
    assert repo.count_people() == 1
    assert not sync(repo, root).people_in["added"]  # and no duplicate later


def test_a_new_card_with_a_known_email_is_linked_not_duplicated(repo: Repository, root: Path):
    ana = repo.add_person(Person(name="Ana", emails=["ana@example.org"], goals=["grow"]))
    folder = root / "contacts"
    folder.mkdir(parents=True)
    (folder / "x.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nUID:phone-1\nFN:Ana\nEMAIL:ana@example.org\n"
        "TEL:+34 600 111 222\nEND:VCARD\n"
    )
    sync(repo, root)
    assert repo.count_people() == 1
    back = repo.person(ana.id)
    assert back.phones == ["+34 600 111 222"] and back.uids[0] == "phone-1"
    assert list(cards(root)) == ["phone-1"] and back.goals == ["grow"]


def _snapshot(root: Path, db_path: Path) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in (root / "contacts").iterdir()}
    return {"db": db_path.read_bytes(), **files}


def test_dry_run_writes_nothing(repo: Repository, root: Path, db_path: Path):
    ana = repo.add_person(Person(name="Ana"))
    repo.add_person(Person(name="Bea"))
    sync(repo, root)
    server_rewrite(cards(root)[ana.id], extra=["TEL:+34 600 111 222"])
    repo.add_person(Person(name="Carmen"))
    before = _snapshot(root, db_path)
    report = sync(repo, root, dry_run=True)
    assert report.people_in["changed"] == ["Ana"] and report.people_out["added"] == ["Carmen"]
    assert _snapshot(root, db_path) == before


def test_a_no_change_exchange_rewrites_no_file_and_does_not_write_the_store(
    repo: Repository, root: Path, db_path: Path
):
    for name in ("Ana", "Bea", "Carmen"):
        repo.add_person(Person(name=name, emails=[f"{name.lower()}@example.org"]))
    sync(repo, root)
    times = {p: p.stat().st_mtime_ns for p in (root / "contacts").iterdir()}
    store = db_path.stat().st_mtime_ns
    report = sync(repo, root)
    assert not report.moved and report.in_sync
    assert {p: p.stat().st_mtime_ns for p in (root / "contacts").iterdir()} == times
    assert db_path.stat().st_mtime_ns == store


# -- killed at any moment ---------------------------------------------------------------


class Killed(BaseException):
    """Stands for a SIGKILL: nothing after it runs (not even `except Exception`)."""


def _scene(db: Path, root: Path) -> None:
    """Changes on both sides waiting for an exchange: new people here and there, edits
    both ways, a conflict, deletions both ways."""
    with Repository(db) as repo:
        kept = [repo.add_person(Person(name=n, role="Dev")) for n in ("Ana", "Bea", "Cleo")]
        gone = repo.add_person(Person(name="Dora"))
        sync(repo, root)
        repo.delete_person(gone.id)
        repo.update_person(Person.from_dict({**kept[0].to_dict(), "role": "CTO"}), ["role"])
        repo.add_person(Person(name="Eva", emails=["eva@example.org"]))
        found = cards(root)
        server_rewrite(found[kept[0].id], extra=["TEL:+34 600 000 001"])
        path = found[kept[1].id]
        path.write_text(path.read_text().replace("TITLE:Dev", "TITLE:Lead"))
        found[kept[2].id].unlink()
    (root / "contacts" / "new@phone.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nUID:new@phone\nFN:Fer\nEND:VCARD\n"
    )


def _outcome(db: Path, root: Path) -> tuple:
    with Repository(db) as repo:
        people = sorted(
            json.dumps(
                {k: v for k, v in p.to_dict().items() if k not in ("id", "created", "updated")},
                sort_keys=True,
            )
            for p in repo.people()
        )
        conflicts = sorted((c["field"], c["ours"], c["theirs"]) for c in repo.conflicts())
    files = sorted(
        p.read_text().replace("\r\n", "\n").split("X-NETTUI-ID")[0] for p in cards(root).values()
    )
    return people, conflicts, files


def test_an_exchange_killed_at_any_write_converges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from nettui.store.storage import SafeJSONStorage

    # Every run in the same place: the state remembers the folder it was exchanged
    # with, and another folder is a first exchange.
    run, start = tmp_path / "run", tmp_path / "start"
    _scene(run / "db.json", run / "vdir")
    shutil.copytree(run, start)
    with Repository(run / "db.json") as repo:
        sync(repo, run / "vdir")
    expected = _outcome(run / "db.json", run / "vdir")
    real_write, real_remove, real_persist = vdir.write_atomic, vdir.remove, SafeJSONStorage._persist
    kills = 0
    for n in range(40):
        shutil.rmtree(run)
        shutil.copytree(start, run)
        left = [n]

        def step(real, *args, left=left):
            if left[0] == 0:
                raise Killed
            left[0] -= 1
            return real(*args)

        monkeypatch.setattr(vdir, "write_atomic", lambda *a: step(real_write, *a))
        monkeypatch.setattr(vdir, "remove", lambda *a: step(real_remove, *a))
        monkeypatch.setattr(SafeJSONStorage, "_persist", lambda self: step(real_persist, self))
        try:
            with Repository(run / "db.json") as repo:
                sync(repo, run / "vdir")
        except Killed:
            kills += 1
        monkeypatch.undo()
        with Repository(run / "db.json") as repo:
            sync(repo, run / "vdir")
        assert _outcome(run / "db.json", run / "vdir") == expected, f"killed after {n} writes"
        if left[0] > 0:
            break  # this run made fewer writes than allowed: every step has been killed
    assert kills >= 5


def killed_after_the_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next exchange is killed at its first store write after a file write: the
    files hold nettui's values, their states are not stored."""
    from nettui.store.storage import SafeJSONStorage

    real_write, real_persist = vdir.write_atomic, SafeJSONStorage._persist
    written = []

    def write(*args):
        written.append(args[0])
        return real_write(*args)

    def persist(self):
        if written:
            raise Killed
        return real_persist(self)

    monkeypatch.setattr(vdir, "write_atomic", write)
    monkeypatch.setattr(SafeJSONStorage, "_persist", persist)


def _roles(db: Path, role: str, add: str = "") -> None:
    with Repository(db) as repo:
        for person in repo.people():
            repo.update_person(Person.from_dict({**person.to_dict(), "role": role}), ["role"])
        if add:
            repo.add_person(Person(name=add, role=role))


def test_killed_after_writing_the_cards_an_edit_in_nettui_is_no_conflict(
    db_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
):
    with Repository(db_path) as repo:
        for name in ("Ana", "Bea"):
            repo.add_person(Person(name=name, role="R3"))
        sync(repo, root)
    _roles(db_path, "R4", add="Cleo")  # Cleo: no card, no state yet
    killed_after_the_writes(monkeypatch)
    with pytest.raises(Killed), Repository(db_path) as repo:
        sync(repo, root)
    monkeypatch.undo()
    roles = [read_vcards(p.read_bytes())[0][0].person.role for p in cards(root).values()]
    assert roles == ["R4"] * 3  # the cards were written before the kill
    _roles(db_path, "R5")
    with Repository(db_path) as repo:
        report = sync(repo, root)
        assert report.conflicts == [] and repo.conflicts() == []
        assert sorted(report.people_out["changed"]) == ["Ana", "Bea", "Cleo"]
        assert len(repo.people()) == 3
    roles = [read_vcards(p.read_bytes())[0][0].person.role for p in cards(root).values()]
    assert roles == ["R5"] * 3


def test_killed_after_writing_a_card_changed_since_elsewhere_still_merges(
    db_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
):
    """A file that is not nettui's pending write any more (rewritten by a server after
    the kill) is merged against the last stored base, as before: a real conflict."""
    with Repository(db_path) as repo:
        ana = repo.add_person(Person(name="Ana", role="R3"))
        sync(repo, root)
    _roles(db_path, "R4")
    killed_after_the_writes(monkeypatch)
    with pytest.raises(Killed), Repository(db_path) as repo:
        sync(repo, root)
    monkeypatch.undo()
    path = cards(root)[ana.id]
    path.write_text(path.read_text().replace("TITLE:R4", "TITLE:R6"))
    _roles(db_path, "R5")
    with Repository(db_path) as repo:
        report = sync(repo, root)
        assert len(report.conflicts) == 1 and "'R6'" in report.conflicts[0]
        assert repo.person(ana.id).role == "R5"


# -- the command ----------------------------------------------------------------------


def _settings(env: dict[str, str], root: Path, vdirsyncer: bool = False) -> None:
    config = Path(env["XDG_CONFIG_HOME"]) / "nettui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'[sync]\ncontacts = "{root}/contacts"\ncalendar = "{root}/meetups"\n'
        f"vdirsyncer = {str(vdirsyncer).lower()}\n"
    )


def test_nettui_sync_says_what_moved_and_exits_by_the_outcome(cli_env: dict[str, str], root: Path):
    _settings(cli_env, root)
    assert run_nettui(cli_env, "add", "Ana Ruiz").returncode == 0
    first = run_nettui(cli_env, "sync")
    assert (first.returncode, first.stdout) == (0, "Added to your address book (1): Ana Ruiz\n")
    assert (root / "meetups").is_dir()  # both folders made on the first exchange
    (root / "contacts" / "bad.vcf").write_text("BEGIN:VCARD\nFN:x\n")
    second = run_nettui(cli_env, "sync", "--json")
    assert second.returncode == 1
    data = json.loads(second.stdout)
    assert data["in_sync"] is False and data["skipped"][0].endswith(
        "bad.vcf:1: the card has no END:VCARD"
    )
    assert data["people"]["out"] == {"added": [], "changed": [], "removed": []}


def test_nettui_sync_not_set_up_says_how(
    cli_env: dict[str, str], root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from nettui.sync import vdirsyncer

    _settings(cli_env, root, vdirsyncer=True)
    monkeypatch.setattr(vdirsyncer, "configuration_path", lambda: tmp_path / "none" / "config")
    result = run_nettui(cli_env, "sync")
    assert result.returncode == 2
    assert result.stderr == "nettui: Sync is not set up: run nettui sync setup --url URL.\n"
    assert not (root / "contacts").exists()  # nothing written
