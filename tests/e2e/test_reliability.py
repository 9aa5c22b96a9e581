"""The promises of DESIGN "Principles" and "Storage rules" under faults, on real
processes, a real terminal and real (small, read-only) file systems. bench/soak.py
runs the same scenarios longer and prints the figures.
"""

from __future__ import annotations

import os
import stat
import time

import pytest

from nettui.domain import json_codec
from nettui.domain.models import Person
from nettui.store.migrations import META_ID, META_TABLE, SCHEMA_VERSION
from nettui.store.repository import Repository
from tests.e2e.test_tmux import BIN, Tmux
from tests.reliability import (
    cli,
    concurrent_sessions,
    crash_campaign,
    disconnects,
    fill,
    full_disk_cycles,
    read_only,
    small_disk,
    temp_files,
)
from tests.ui.waits import saved


@pytest.fixture
def env(cli_env):
    return {**cli_env, "LANG": "C.UTF-8"}


@pytest.fixture
def tmux(tmp_path):
    terminal = Tmux(tmp_path)
    yield terminal
    terminal.kill()


def test_writers_killed_mid_write_lose_nothing_they_acknowledged(db_path, env):
    figures = crash_campaign(db_path, kills=20, env=env)
    assert figures.unreadable == 0
    assert figures.lost == []
    assert figures.acknowledged >= 20


def test_the_app_and_two_cli_writers_at_once(db_path, env, tmux):
    figures = concurrent_sessions(db_path, seconds=12, env=env, tmux=tmux)
    assert figures.lost == []
    assert figures.cli_adds >= 5 and figures.cli_logs >= 5 and figures.app_edits >= 2
    assert figures.max_lag <= 2.0, f"shown after {figures.max_lag:.2f} s"


def test_a_dropped_session_keeps_every_confirmed_change(db_path, tmp_path):
    terminals: list[Tmux] = []

    def new_terminal() -> Tmux:
        terminals.append(Tmux(tmp_path))
        return terminals[-1]

    figures = disconnects(db_path, rounds=2, tmux_factory=new_terminal)
    assert (figures.rounds, figures.confirmed) == (2, 2)
    assert figures.lost == [] and figures.unreadable == 0 and figures.leftovers == 0
    assert figures.half_typed_saved == 0  # the half-typed form is lost, nothing else
    assert cli(db_path, "add", "after the drop").returncode == 0  # no lock left behind


def test_a_full_disk_refuses_clearly_keeps_the_file_and_recovers(tmp_path, env):
    with small_disk(tmp_path / "disk", kilobytes=256) as disk:
        figures = full_disk_cycles(disk, rounds=2, env=env)
    assert figures.refused_clearly == figures.intact == figures.recovered == 2
    [message] = figures.messages
    assert message == (
        "nettui: Could not save to DB: the disk is full. The previous file is intact."
    )


async def test_the_app_on_a_full_disk_says_so_and_saves_once_there_is_room(tmp_path):
    from nettui.ui.app import NettuiApp
    from tests.ui.test_people_screen import screen_text, type_text

    with small_disk(tmp_path / "disk", kilobytes=256) as disk:
        db = disk / "nettui.json"
        with Repository(db) as repo:
            repo.add_person(Person(name="Ana", notes="x" * 20_000))
        before = db.read_bytes()
        filler = fill(disk, leave_bytes=len(before) // 2)
        app = NettuiApp(Repository(db))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("a")
            await type_text(pilot, "Luis")
            await pilot.press("ctrl+s")
            await saved(pilot)
            said = " ".join(screen_text(app).replace("│", " ").split())  # unwrapped
            assert "Not saved: Could not save to" in said and "the disk is full." in said
            assert db.read_bytes() == before and not temp_files(db)
            filler.unlink()
            await pilot.press("ctrl+s")  # the form kept what was typed: save again
            await saved(pilot)
            assert "Luis" in screen_text(app)  # the form closed, and Luis is in the list
            app.repo.close()
        with Repository(db) as repo:
            assert sorted(p.name for p in repo.people()) == ["Ana", "Luis"]


def test_a_read_only_file_is_read_but_never_replaced(db_path, env):
    assert cli(db_path, "add", "Ana").returncode == 0
    os.chmod(db_path, 0o400)
    before = db_path.read_bytes()
    refused = cli(db_path, "add", "Luis", env=env)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"nettui: {db_path} is read-only, so nothing was saved. "
        f"To allow changes: chmod u+w {db_path}\n"
    )
    assert db_path.read_bytes() == before
    assert cli(db_path, "find", "ana", env=env).returncode == 0  # reading still works


def test_a_read_only_folder_or_file_system(tmp_path, env):
    folder = tmp_path / "data"
    db = folder / "nettui.json"
    assert cli(db, "add", "Ana", env=env).returncode == 0
    before = db.read_bytes()
    with read_only(folder):
        refused = cli(db, "add", "Luis", env=env)
        assert refused.returncode == 2
        assert "the file system is read-only" in refused.stderr
        assert "Traceback" not in refused.stderr
        found = cli(db, "find", "ana", env=env)
        assert found.returncode == 0 and "Ana" in found.stdout
    assert db.read_bytes() == before


def test_a_missing_folder_is_created_private(tmp_path, env):
    db = tmp_path / "not" / "there" / "yet" / "nettui.json"
    assert cli(db, "add", "Ana", env=env).returncode == 0
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


CORRUPT = {
    "truncated": b'{"people": {"1": {"name": "Ana"',
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "wrong shape": b"[1, 2, 3]",
    "from the future": json_codec.encode(
        {META_TABLE: {META_ID: {"schema_version": SCHEMA_VERSION + 1}}, "people": {}}
    ),
}


@pytest.mark.parametrize("kind", list(CORRUPT))
def test_a_damaged_file_is_refused_untouched_and_doctor_restores(db_path, env, kind):
    with Repository(db_path) as repo:
        repo.add_person(Person(name="Ana"))
        repo.add_person(Person(name="Luis"))  # the first write left a backup of one
    damaged = CORRUPT[kind]
    db_path.write_bytes(damaged)
    for command in (
        ["find", "ana"],
        ["add", "Eva"],
        ["show", "ana"],
        ["export", "--format", "vcf"],
    ):
        refused = cli(db_path, *command, env=env)
        assert refused.returncode == 2, (command, refused.stderr)
        assert str(db_path) in refused.stderr and "Traceback" not in refused.stderr
        assert db_path.read_bytes() == damaged
    doctor = cli(db_path, "doctor", env=env)
    assert doctor.returncode == 1 and "PROBLEM" in doctor.stdout
    assert "nettui doctor --restore" in doctor.stdout
    restored = cli(db_path, "doctor", "--restore", env=env)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Restored" in restored.stdout
    assert cli(db_path, "find", "ana", env=env).returncode == 0
    [kept] = db_path.parent.glob("nettui.json.damaged-*")
    assert kept.read_bytes() == damaged and stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_every_file_nettui_writes_is_private(tmp_path, env):
    db = tmp_path / "data" / "nettui.json"
    for name in ("Ana", "Luis", "Eva"):
        assert cli(db, "add", name, env=env).returncode == 0
    exports = tmp_path / "exports"
    exports.mkdir()
    for fmt in ("vcf", "vcf4", "csv", "json", "ics"):
        done = cli(db, "export", "--format", fmt, "-o", str(exports / f"all.{fmt}"), env=env)
        assert done.returncode == 0, done.stderr
    db.write_bytes(b"{broken")  # doctor --restore keeps the damaged file aside
    assert cli(db, "doctor", "--restore", env=env).returncode == 0
    assert cli(db, "find", "", env=env).returncode == 0  # writes the search index
    written = [p for p in (db.parent, exports) for p in p.rglob("*")]
    assert len(written) >= 9
    for path in written:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path.name}: {mode:o}"
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700


def test_a_store_others_can_read_is_named_with_the_fix(db_path, env):
    assert cli(db_path, "add", "Ana", env=env).returncode == 0
    os.chmod(db_path, 0o644)
    found = cli(db_path, "find", "ana", env=env)
    assert f"{db_path} can be read by other users; fix it with: chmod 600 {db_path}" in (
        found.stderr
    )


def test_the_app_too_says_when_others_can_read_the_store(db_path, env, tmux):
    assert cli(db_path, "add", "Ana", env=env).returncode == 0
    os.chmod(db_path, 0o644)
    tmux.start(f"env LANG=C.UTF-8 {BIN} --db {db_path}", 120, 30)
    tmux.wait_for("online only")  # the app is up (the command warned before it too)
    shown = tmux.wait_for("can be read by")
    said = "".join(shown.replace("▌", " ").split())  # a long path wraps, mid-word too
    assert "canbereadbyotherusers" in said and "chmod600" in said and "Ana" in said


def test_a_file_damaged_behind_its_index_stops_the_app_clearly(db_path, env, tmux, tmp_path):
    """The app paints the first people from the saved index, then reads the store: a
    file damaged in place without changing its size or time (so the index still
    matches) ends the app with the one-sentence error and exit code 2, untouched."""
    with Repository(db_path) as repo:
        repo.add_person(Person(name="Ana García"))
        repo.add_person(Person(name="Luis"))
        repo.search_ids("")  # saves the index on close
    before = db_path.stat()
    with open(db_path, "r+b") as file:
        file.seek(5)
        file.write(b"\x00broken")
    os.utime(db_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    damaged = db_path.read_bytes()
    status = tmp_path / "status"
    tmux.start(f"{BIN} --db {db_path} 2> {tmp_path / 'err'}; echo $? > {status}")
    deadline = time.monotonic() + 15
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status.read_text().strip() == "2"
    said = (tmp_path / "err").read_text()
    assert "is damaged: it is not valid JSON" in said and "Traceback" not in said
    assert db_path.read_bytes() == damaged
