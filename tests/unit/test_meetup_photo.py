"""The photo together (issue 24, part 4): `nettui done MEETUP --photo PATH` keeps a
checked, reduced copy beside the store; anything else is refused with nothing written;
the backup carries it; doctor does not call it an orphan."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta

import pytest
from PIL import Image

from nettui.domain.models import Meetup, Person
from nettui.store import photos
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui


def run(env, *args, code=0):
    result = run_nettui(env, *args)
    assert result.returncode == code, (result.stdout, result.stderr)
    return result


@pytest.fixture
def meetup_id(db_path) -> str:
    start = datetime.now().astimezone().replace(second=0, microsecond=0) - timedelta(hours=3)
    with Repository(db_path) as repo:
        ana = repo.add_person(Person(name="Ana García"))
        meetup = repo.plan_meetup(
            Meetup(
                title="Coffee with Ana",
                people=[ana.id],
                start=start.isoformat(),
                end=(start + timedelta(hours=1)).isoformat(),
            )
        )
    return meetup.id


def photo_of(env, meetup_id: str) -> str | None:
    shown = json.loads(run(env, "show", "Ana", "--json").stdout)
    [meetup] = [m for m in shown["meetups"] if m["id"] == meetup_id]
    return meetup["photo"]


def test_done_with_a_photo_copies_it_private_and_show_gives_its_path(
    cli_env, db_path, tmp_path, meetup_id
):
    home = tmp_path / "home"
    (home / "Pictures").mkdir(parents=True)
    # A camera's photo: large, on its side (EXIF orientation 6), with a GPS position.
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (40.0, 25.0, 0.0)}
    Image.new("RGB", (4000, 3000), (30, 90, 160)).save(
        home / "Pictures" / "us.jpg", exif=exif, quality=95
    )
    env = dict(cli_env, HOME=str(home))
    said = run(env, "done", meetup_id[:8], "--photo", "~/Pictures/us.jpg").stdout
    assert "Photo kept at" in said

    path = photo_of(env, meetup_id)
    assert path is not None and path.startswith(str(photos.folder_of(db_path)))
    assert stat.S_IMODE(photos.folder_of(db_path).stat().st_mode) == 0o700
    assert stat.S_IMODE((photos.folder_of(db_path) / path.rsplit("/", 1)[1]).stat().st_mode) == (
        0o600
    )
    with Image.open(path) as kept:
        assert kept.size == (1200, 1600)  # upright, long side 1600
        assert not kept.getexif().get_ifd(0x8825)  # no GPS position kept
    with Repository(db_path) as repo:
        meetup = repo.meetup(meetup_id)
        assert meetup.status == "done" and meetup.photo_together and meetup.photo


def test_a_png_named_txt_is_an_image_and_a_bare_photo_flag_still_works(
    cli_env, db_path, tmp_path, meetup_id
):
    Image.new("RGBA", (64, 64), (0, 0, 255, 128)).save(tmp_path / "notes.txt", "PNG")
    run(cli_env, "done", meetup_id, "--photo", str(tmp_path / "notes.txt"))
    assert photo_of(cli_env, meetup_id).endswith(".png")  # transparency kept as PNG

    with Repository(db_path) as repo:
        bea = repo.add_person(Person(name="Bea López"))
        start = datetime.now().astimezone() - timedelta(hours=5)
        other = repo.plan_meetup(
            Meetup(
                title="Lunch",
                people=[bea.id],
                start=start.isoformat(),
                end=(start + timedelta(hours=1)).isoformat(),
            )
        )
    run(cli_env, "done", other.id, "--photo")  # as before: "we took a photo together"
    with Repository(db_path) as repo:
        lunch = repo.meetup(other.id)
        assert lunch.photo_together and lunch.photo == ""


@pytest.mark.parametrize(
    ("name", "make", "said"),
    [
        ("holiday.jpg", lambda p: p.write_text("just text\n"), "is not an image"),
        ("missing.png", lambda p: None, "There is no file"),
        ("a-folder.jpg", lambda p: p.mkdir(), "is a folder"),
        ("", lambda p: None, "Give the path of the photo's file"),
        # /dev/zero never ends (it filled the memory) and a pipe waits for a writer.
        ("zero.jpg", lambda p: p.symlink_to("/dev/zero"), "is not a file"),
        ("pipe.jpg", lambda p: os.mkfifo(p), "is not a file"),
        ("half.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF"), "is not an image"),
        (
            "huge.png",
            lambda p: p.write_bytes(b"\0" * (photos.MAX_PHOTO_BYTES + 1)),
            "a photo may be up to 40 MB",
        ),
    ],
)
def test_anything_but_an_image_is_refused_with_nothing_written(
    cli_env, db_path, tmp_path, meetup_id, name, make, said
):
    path = tmp_path / name
    if name:
        make(path)
    before = db_path.read_bytes()
    result = run(cli_env, "done", meetup_id, "--photo", str(path) if name else "", code=2)
    assert said in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert db_path.read_bytes() == before  # byte for byte
    assert not photos.folder_of(db_path).exists()  # no file copied


def test_the_backup_carries_meetup_photos_and_doctor_counts_none_as_orphans(
    cli_env, db_path, tmp_path, meetup_id
):
    Image.new("RGB", (300, 200), (250, 200, 0)).save(tmp_path / "us.jpg")
    run(cli_env, "done", meetup_id, "--photo", str(tmp_path / "us.jpg"))
    doctor = run(cli_env, "doctor").stdout
    assert "belong" not in doctor and "missing" not in doctor

    backup = tmp_path / "backup.json"
    run(cli_env, "export", "--format", "json", "-o", str(backup))
    elsewhere = tmp_path / "elsewhere" / "nettui.json"
    other = dict(cli_env, NETTUI_DB=str(elsewhere))
    run(other, "import", str(backup))
    original = photos.folder_of(db_path) / Repository(db_path).meetup(meetup_id).photo
    restored = photo_of(other, meetup_id)
    assert restored is not None and restored.startswith(str(photos.folder_of(elsewhere)))
    with open(restored, "rb") as copy:
        assert copy.read() == original.read_bytes()
    assert stat.S_IMODE(os.stat(restored).st_mode) == 0o600


def test_a_photo_lost_from_the_folder_comes_back_from_the_backup(
    cli_env, db_path, tmp_path, meetup_id
):
    """The records are still in the store, so the backup adds none of them; the photo
    file that went missing is put back all the same, and one that is there is kept."""
    Image.new("RGB", (300, 200), (0, 120, 250)).save(tmp_path / "us.jpg")
    run(cli_env, "done", meetup_id, "--photo", str(tmp_path / "us.jpg"))
    backup = tmp_path / "backup.json"
    run(cli_env, "export", "--format", "json", "-o", str(backup))
    kept = photos.folder_of(db_path) / Repository(db_path).meetup(meetup_id).photo
    data = kept.read_bytes()
    kept.unlink()
    assert run(cli_env, "doctor", code=1)

    said = run(cli_env, "import", "--dry-run", str(backup)).stdout
    assert "would put back 1 missing photo" in said and not kept.exists()
    said = run(cli_env, "import", str(backup)).stdout
    assert "put back 1 missing photo" in said
    assert kept.read_bytes() == data and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert "put back" not in run(cli_env, "import", str(backup)).stdout
    run(cli_env, "doctor")


def test_the_photo_may_come_after_the_meetup_was_recorded(cli_env, db_path, tmp_path, meetup_id):
    """ "A friend sends it tomorrow": recorded once, the meetup still takes its photo,
    and nothing else is recorded again."""
    run(cli_env, "done", meetup_id, "--notes", "Great chat")
    with Repository(db_path) as repo:
        ana = repo.meetup(meetup_id).people[0]
        logged = len(repo.interactions_of(ana))
    Image.new("RGB", (300, 200), (10, 160, 90)).save(tmp_path / "later.png")
    said = run(cli_env, "done", meetup_id, "--photo", str(tmp_path / "later.png")).stdout
    assert "Photo together kept with" in said
    with Repository(db_path) as repo:
        meetup = repo.meetup(meetup_id)
        assert meetup.photo and meetup.photo_together and meetup.outcome == "Great chat"
        assert (photos.folder_of(db_path) / meetup.photo).is_file()
        assert len(repo.interactions_of(ana)) == logged  # no second "met in person"
    # Anything more than a photo is still a second recording: refused.
    again = run(cli_env, "done", meetup_id, "--notes", "again", code=2)
    assert "already recorded" in again.stderr
