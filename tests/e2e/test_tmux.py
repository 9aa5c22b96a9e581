"""The installed `nettui` program in a real terminal (tmux): type keys, read the screen."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from nettui.domain.models import Person
from nettui.store.repository import Repository

BIN = Path(sys.executable).parent / "nettui"


class Tmux:
    """One tmux server of our own (its own socket), so nothing else is touched."""

    def __init__(self, tmp_path: Path) -> None:
        if shutil.which("tmux") is None:
            pytest.fail("tmux is not installed: apt-get install -y tmux (see README)")
        if not BIN.exists():
            pytest.fail(f"the nettui program is not installed next to {sys.executable}")
        self.socket = str(tmp_path / f"tmux-{uuid.uuid4().hex[:8]}")

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-S", self.socket, *args], capture_output=True, text=True, check=True
        ).stdout

    def start(self, command: str, width: int = 100, height: int = 30) -> None:
        self.run("new-session", "-d", "-x", str(width), "-y", str(height), command)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", *keys)
        time.sleep(0.15)

    def screen(self) -> str:
        return self.run("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def kill(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def tmux(tmp_path):
    terminal = Tmux(tmp_path)
    yield terminal
    terminal.kill()


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_find_without_accents_and_log_a_coffee(tmux, tmp_path, size):
    db = tmp_path / "nettui.json"
    subprocess.run(
        [str(BIN), "--db", str(db), "add", "José Núñez", "--role", "Abogado"], check=True
    )
    subprocess.run([str(BIN), "--db", str(db), "add", "Ana García"], check=True)
    done = tmp_path / "exited"
    tmux.start(f"TERM=xterm-256color {BIN} --db {db}; touch {done}", *size)
    tmux.wait_for("Ana García")
    tmux.keys("/")
    tmux.keys("n", "u", "n", "e", "z")
    shown = tmux.wait_for("1 of 2 shown")
    assert "José Núñez" in shown and "Ana García" not in shown
    tmux.keys("Enter")
    tmux.keys("Enter")
    tmux.wait_for("Interactions")
    tmux.keys("l")
    tmux.wait_for("Log an interaction with José Núñez")
    tmux.keys("Coffee at the station")
    tmux.keys("Enter")
    tmux.wait_for("Coffee at the station")
    tmux.keys("Escape")
    tmux.wait_for("Filter")
    tmux.keys("Escape")
    tmux.keys("q")
    deadline = time.monotonic() + 10
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert done.exists(), "q did not quit the app"
    with Repository(db) as repo:
        jose = repo.resolve_person("jose")
        assert [i.summary for i in repo.interactions_of(jose.id)] == ["Coffee at the station"]
        assert jose.last_contact is not None


def test_a_corrupt_file_is_reported_not_opened(tmux, tmp_path):
    db = tmp_path / "nettui.json"
    db.write_bytes(b"{broken")
    # Wide: the message names the whole temp path, which must not wrap mid-word.
    tmux.start(f"{BIN} --db {db}; echo EXIT=$?; sleep 30", 240, 24)
    shown = tmux.wait_for("EXIT=")
    assert "EXIT=2" in shown and "is damaged" in shown and "Traceback" not in shown
    assert db.read_bytes() == b"{broken"


def test_keys_typed_in_one_burst_land_where_they_were_meant(tmux, tmp_path):
    """Over a lagging ssh link keys arrive together: "a", a name, tab, a role, ctrl+s."""
    db = tmp_path / "nettui.json"
    tmux.start(f"TERM=xterm-256color {BIN} --db {db}", 80, 24)
    tmux.wait_for("No people yet")
    tmux.run("send-keys", "a", "María Peña", "Tab", "Fotógrafa", "C-s")  # one write
    tmux.wait_for("Saved María Peña")
    tmux.run("send-keys", "/", "pena")
    shown = tmux.wait_for("1 of 1 shown")
    assert "Fotógrafa" in shown
    with Repository(db) as repo:
        [maria] = repo.people()
    assert (maria.name, maria.role) == ("María Peña", "Fotógrafa")


def test_a_burst_into_a_filled_field_replaces_it_whole(tmux, tmp_path):
    """Over a lagging link, "e, tab, ctrl+a, ctrl+k, a new role, ctrl+s" arrives at once.
    The form selects the role's text as tab arrives; Textual's own select-on-focus
    came with the Focus event after the burst, selected the first letters just typed,
    and the next ones overwrote them ("role 14" was saved as "e 14")."""
    db = tmp_path / "nettui.json"
    subprocess.run([str(BIN), "--db", str(db), "add", "Ana", "--role", "Periodista"], check=True)
    tmux.start(f"TERM=xterm-256color {BIN} --db {db}", 80, 24)
    tmux.wait_for("Periodista")
    for attempt in range(5):
        role = f"Abogada laboralista {attempt}"
        tmux.run("send-keys", "e", "Tab", "C-a", "C-k", role, "C-s")  # one write
        deadline = time.monotonic() + 10
        while "Edit Ana" in (shown := tmux.screen()) or role not in shown:
            assert time.monotonic() < deadline, f"not saved:\n{shown}"
            time.sleep(0.05)
        with Repository(db) as repo:
            [ana] = repo.people()
        assert ana.role == role


@pytest.mark.parametrize("key, screen", [("2", "3 people ·"), ("1", "3 people known")])
def test_keys_typed_at_launch_act_on_the_screen_that_appears(tmux, tmp_path, key, screen):
    """A key typed before the first screen is ready is that screen's key: "2" stays on
    People, "1" opens the Dashboard. Textual gave the first field (the filter) the focus
    as the screen was built, so "2" was typed there: "No one matches '2'"."""
    db = tmp_path / "nettui.json"
    with Repository(db) as repo:
        for name in ("Ana García", "José Núñez", "Nuria Vidal"):
            repo.add_person(Person(name=name))
    tmux.start(f"TERM=xterm-256color {BIN} --db {db}", 80, 24)
    tmux.run("send-keys", key)  # at once: before the app has drawn anything
    shown = tmux.wait_for(screen)
    time.sleep(0.5)
    shown = tmux.screen()
    assert "No one matches" not in shown and f"Filter {key}" not in shown, shown
    assert screen in shown


def test_a_real_bracketed_paste_with_escape_sequences_stays_in_the_form(tmux, tmp_path):
    """tmux pastes as a terminal does (paste-buffer -p: bracketed). Textual's parser
    read the ESC inside as keys: the form closed (escape, or BEL as ctrl+g) and what
    was typed was lost. The paste is text without its escape sequences."""
    db = tmp_path / "nettui.json"
    tmux.start(f"TERM=xterm-256color {BIN} --db {db}", 80, 24)
    tmux.wait_for("No people yet")
    tmux.keys("a")
    tmux.wait_for("Add a person")
    tmux.keys("-l", "Ana ")
    for text in ("\x1b[31mGarcía\x1b[0m\x1b]0;title\x07", None, "Abogada\x1b\x1b laboralista"):
        if text is None:
            tmux.keys("Tab")
            continue
        tmux.run("set-buffer", "-b", "nettui-test", text)
        tmux.run("paste-buffer", "-p", "-b", "nettui-test")
        time.sleep(0.3)
    shown = tmux.wait_for("Ana García")
    assert "Add a person" in shown and "Abogada laboralista" in shown, shown
    tmux.keys("C-s")
    tmux.wait_for("Saved Ana García")
    with Repository(db) as repo:
        [ana] = repo.people()
    assert (ana.name, ana.role) == ("Ana García", "Abogada laboralista")
