"""The exchange never loses what the user did (review of issue 23): another or an
emptied folder deletes no one, photos travel, a shared phone joins no two people, an
edit made during the writes goes out, and only what changed comes in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nettui.domain.models import Handle, Meetup, MeetupStatus, Person
from nettui.io.vcard import read_vcards
from nettui.store import photos
from nettui.store.repository import Repository
from nettui.sync import vdir
from nettui.sync.exchange import exchange

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
OTHER_PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64, 160))


def sync(repo: Repository, root: Path, dry_run: bool = False, accept_empty: bool = False):
    more = {"accept_empty": True} if accept_empty else {}
    return exchange(repo, root / "contacts", root / "meetups", dry_run, **more)


def cards(root: Path) -> dict[str, Path]:
    found = {}
    for path in sorted((root / "contacts").glob("*.vcf")):
        parsed, errors = read_vcards(path.read_bytes())
        assert not errors and len(parsed) == 1, path
        found[parsed[0].uid] = path
    return found


def edit_card(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, text
    path.write_text(text.replace(old, new))


def with_photo(path: Path, data: bytes) -> None:
    import base64

    encoded = base64.b64encode(data).decode()
    lines = [line for line in path.read_text().splitlines() if not line.startswith("PHOTO")]
    lines.insert(-1, f"PHOTO;ENCODING=b;TYPE=PNG:{encoded}")
    path.write_text("\r\n".join(lines) + "\r\n")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "vdir"


# -- the folder (review item 2) ----------------------------------------------------------


def test_another_contacts_folder_is_a_first_exchange_that_deletes_no_one(
    repo: Repository, root: Path, tmp_path: Path
):
    people = [repo.add_person(Person(name=n)) for n in ("Ana", "Bea", "Cleo")]
    sync(repo, root)
    other = tmp_path / "khard"
    report = sync(repo, other)
    assert not report.people_in.get("removed") and not report.people_out.get("removed")
    assert sorted(report.people_out["added"]) == ["Ana", "Bea", "Cleo"]
    assert repo.count_people() == 3
    assert sorted(cards(other)) == sorted(p.id for p in people)
    assert sync(repo, other).in_sync and not sync(repo, other).moved


@pytest.mark.parametrize("how", ["missing", "emptied"])
def test_a_missing_or_emptied_contacts_folder_removes_no_one(
    repo: Repository, root: Path, how: str
):
    for name in ("Ana", "Bea"):
        repo.add_person(Person(name=name))
    sync(repo, root)
    folder = root / "contacts"
    if how == "missing":
        shutil.rmtree(folder)
    else:
        for path in folder.iterdir():
            path.unlink()
    report = sync(repo, root)
    assert not report.in_sync
    assert report.skipped == [
        f"The contacts folder {folder} holds no card, but 2 people were exchanged with it"
        " (missing, unmounted or emptied?); nothing was changed. If it was emptied on"
        " purpose, `nettui sync --accept-empty` removes them from nettui too."
    ]
    assert repo.count_people() == 2
    assert folder.exists() == (how == "emptied")  # an unmounted folder is not made
    # Meant: the user says so, and they go as any card removed elsewhere.
    accepted = sync(repo, root, accept_empty=True)
    assert sorted(accepted.people_in["removed"]) == ["Ana", "Bea"]
    assert repo.count_people() == 0


def test_a_missing_calendar_folder_cancels_no_meetup(repo: Repository, root: Path):
    ana = repo.add_person(Person(name="Ana"))
    meetup = repo.plan_meetup(
        Meetup(
            title="Coffee",
            people=[ana.id],
            start="2027-01-12T10:00:00+01:00",
            end="2027-01-12T11:00:00+01:00",
        )
    )
    sync(repo, root)
    shutil.rmtree(root / "meetups")
    report = sync(repo, root)
    assert any("The calendar folder" in line for line in report.skipped)
    assert repo.meetup(meetup.id).status == MeetupStatus.PLANNED
    assert not report.meetups_in.get("changed")
    assert list(cards(root)) == [ana.id]  # the contacts still exchanged


# -- photos (item 4) ---------------------------------------------------------------------


def test_a_photo_added_or_changed_on_the_phone_comes_in_and_stays(
    repo: Repository, root: Path, db_path: Path
):
    iris = repo.add_person(Person(name="Iris"))
    sync(repo, root)
    with_photo(cards(root)[iris.id], PNG)
    assert sync(repo, root).people_in["changed"] == ["Iris"]
    back = repo.person(iris.id)
    assert back.photo and (photos.folder_of(db_path) / back.photo).read_bytes() == PNG
    # An edit in nettui writes the card again: the photo goes with it.
    repo.update_person(Person.from_dict({**back.to_dict(), "tags": ["x"]}), changed=["tags"])
    assert sync(repo, root).people_out["changed"] == ["Iris"]
    parsed, _ = read_vcards(cards(root)[iris.id].read_bytes())
    assert parsed[0].photo is not None and parsed[0].photo.data == PNG
    # Changed on the phone: the new one comes in.
    with_photo(cards(root)[iris.id], OTHER_PNG)
    assert sync(repo, root).people_in["changed"] == ["Iris"]
    assert photos.read(db_path, repo.person(iris.id).photo).data == OTHER_PNG
    assert not sync(repo, root).moved


def test_a_new_card_with_a_photo_gives_the_person_that_photo(
    repo: Repository, root: Path, db_path: Path
):
    folder = root / "contacts"
    folder.mkdir(parents=True)
    card = folder / "p.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:p-1\r\nFN:Pia\r\nEND:VCARD\r\n")
    with_photo(card, PNG)
    assert sync(repo, root).people_in["added"] == ["Pia"]
    (pia,) = repo.people()
    assert photos.read(db_path, pia.photo).data == PNG


# -- who is who (item 6) -----------------------------------------------------------------


def test_a_shared_phone_never_makes_two_differently_named_people_one(repo: Repository, root: Path):
    eva = repo.add_person(Person(name="Eva Gomez", phones=["+34 910 000 000"]))
    folder = root / "contacts"
    folder.mkdir(parents=True)
    (folder / "frank.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:frank-1\r\nFN:Frank Office\r\n"
        "TEL:+34 910 000 000\r\nEMAIL:frank@example.org\r\nNOTE:his note\r\nEND:VCARD\r\n"
    )
    report = sync(repo, root)
    assert report.people_in["added"] == ["Frank Office"]
    assert repo.count_people() == 2
    assert repo.person(eva.id).emails == [] and repo.person(eva.id).notes == ""
    assert "FN:Frank Office" in (folder / "frank.vcf").read_text()


# -- an edit during the writes (item 7) --------------------------------------------------


def test_an_edit_made_while_the_files_are_written_goes_out_next_time(
    repo: Repository, root: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    ana = repo.add_person(Person(name="Ana"))
    repo.add_person(Person(name="Bea"))
    real_write = vdir.write_atomic
    written: list[Path] = []

    def write_and_edit(path: Path, data: bytes):
        entry = real_write(path, data)
        written.append(path)
        if len(written) == 1:  # another program edits Ana meanwhile (her file or not)
            with Repository(db_path) as other:
                found = other.person(ana.id)
                other.update_person(
                    Person.from_dict({**found.to_dict(), "company": "Initech"}),
                    changed=["company"],
                )
        return entry

    monkeypatch.setattr(vdir, "write_atomic", write_and_edit)
    sync(repo, root)
    monkeypatch.undo()
    assert repo.person(ana.id).company == "Initech"
    again = sync(repo, root)
    assert "Ana" in again.people_out["changed"]
    assert "ORG:Initech" in cards(root)[ana.id].read_text()


def test_a_meetup_edited_while_the_files_are_written_goes_out_next_time(
    repo: Repository, root: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    ana = repo.add_person(Person(name="Ana"))
    first, second = (
        repo.plan_meetup(
            Meetup(
                title=t,
                people=[ana.id],
                start=f"2027-01-1{d}T10:00:00+01:00",
                end=f"2027-01-1{d}T11:00:00+01:00",
            )
        )
        for d, t in ((2, "One"), (3, "Two"))
    )
    real_write = vdir.write_atomic
    calls: list[Path] = []

    def write_and_edit(path: Path, data: bytes):
        entry = real_write(path, data)
        calls.append(path)
        if path.suffix == ".ics" and len([c for c in calls if c.suffix == ".ics"]) == 1:
            with Repository(db_path) as other:
                for meetup in (other.meetup(first.id), other.meetup(second.id)):
                    other.update_meetup(Meetup.from_dict({**meetup.to_dict(), "place": "Bar"}))
        return entry

    monkeypatch.setattr(vdir, "write_atomic", write_and_edit)
    sync(repo, root)
    monkeypatch.undo()
    sync(repo, root)
    for path in (root / "meetups").glob("*.ics"):
        assert "LOCATION:Bar" in path.read_text(), path


# -- what nettui holds (item 8) ----------------------------------------------------------


def test_a_person_with_notes_stays_when_their_card_goes(repo: Repository, root: Path):
    ana = repo.add_person(Person(name="Ana", notes="met her at the fair; owes me a call"))
    bea = repo.add_person(Person(name="Bea"))
    sync(repo, root)
    cards(root)[ana.id].unlink()
    report = sync(repo, root)
    assert report.kept == ["Ana"] and repo.person(ana.id) is not None
    assert repo.person(bea.id) is not None


# -- conflicts ---------------------------------------------------------------------------


def test_a_newer_conflict_replaces_the_older_and_a_value_taken_in_settles_it(
    repo: Repository, root: Path
):
    ana = repo.add_person(Person(name="Ana", role="Engineer"))
    bea = repo.add_person(Person(name="Bea"))  # keeps the folder from being empty
    sync(repo, root)

    def both(mine: str, theirs: str) -> None:
        path = cards(root)[ana.id]
        text = path.read_text()
        current = repo.person(ana.id)
        edit_card(path, f"TITLE:{current.role}", f"TITLE:{theirs}")
        assert f"TITLE:{theirs}" in path.read_text() and text != path.read_text()
        repo.update_person(Person.from_dict({**current.to_dict(), "role": mine}), ["role"])

    both("Manager", "CTO")
    sync(repo, root)
    both("Director", "CEO")
    sync(repo, root)
    assert [(c["ours"], c["theirs"]) for c in repo.conflicts()] == [("Director", "CEO")]
    # The phone changes it once more, nettui does not: taken in, the conflict is settled.
    edit_card(cards(root)[ana.id], "TITLE:Director", "TITLE:Founder")
    sync(repo, root)
    assert repo.person(ana.id).role == "Founder"
    assert repo.conflicts() == []
    assert repo.person(bea.id) is not None


# -- only what changed comes in ------------------------------------------------------------


def test_a_change_on_the_phone_leaves_the_other_fields_as_nettui_wrote_them(
    repo: Repository, root: Path
):
    notes = "first line\r\nsecond line  \n\n"
    kept = repo.add_person(
        Person(
            name="",
            handles=[Handle(network="github", value="anon")],
            notes=notes,
            concerns=["rent\nand bills"],
        )
    )
    stored = repo.person(kept.id)
    sync(repo, root)
    path = cards(root)[kept.id]
    lines = path.read_text().splitlines()
    lines.insert(-1, "TEL:+34 600 111 222")
    path.write_text("\r\n".join(lines) + "\r\n")
    assert sync(repo, root).people_in["changed"]
    back = repo.person(kept.id)
    assert back.phones == ["+34 600 111 222"]
    assert (back.name, back.notes, back.concerns) == (stored.name, stored.notes, stored.concerns)


# -- deleted in nettui, edited elsewhere -----------------------------------------------------


def test_a_person_deleted_in_nettui_while_edited_elsewhere_goes_and_the_report_says_so(
    repo: Repository, root: Path
):
    ana = repo.add_person(Person(name="Ana"))
    repo.add_person(Person(name="Bea"))
    sync(repo, root)
    path = cards(root)[ana.id]
    lines = path.read_text().splitlines()
    lines.insert(-1, "TEL:+34 600 111 222")
    path.write_text("\r\n".join(lines) + "\r\n")
    repo.delete_person(ana.id)
    report = sync(repo, root)
    assert report.people_out["removed"] == [
        "Ana (deleted in nettui; the changes made elsewhere to phones went too)"
    ]
    assert ana.id not in cards(root)


def test_nettui_sync_refuses_an_emptied_folder_then_accepts_it_when_told(
    cli_env: dict[str, str], root: Path, db_path: Path
):
    from tests.cli_in_process import run_nettui

    config = Path(cli_env["XDG_CONFIG_HOME"]) / "nettui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'[sync]\ncontacts = "{root}/contacts"\ncalendar = "{root}/meetups"\nvdirsyncer = false\n'
    )
    assert run_nettui(cli_env, "add", "Ana Ruiz").returncode == 0
    assert run_nettui(cli_env, "sync").returncode == 0
    shutil.rmtree(root / "contacts")
    refused = run_nettui(cli_env, "sync")
    assert refused.returncode == 1
    assert "holds no card, but 1 people were exchanged" in refused.stdout
    assert run_nettui(cli_env, "show", "Ana Ruiz").returncode == 0
    accepted = run_nettui(cli_env, "sync", "--accept-empty")
    assert accepted.returncode == 0, accepted.stderr
    assert "Removed from nettui (1): Ana Ruiz" in accepted.stdout
