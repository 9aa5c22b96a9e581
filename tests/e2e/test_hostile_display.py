"""A contact whose every field is hostile, shown by the real programs in a real
pseudo-terminal: the bytes that reach the terminal never carry the contact's escape
sequences (a title change, an OSC 52 clipboard write, colours, a C1 CSI), bells,
or bidi overrides; the text itself is shown, as symbols. Exports keep the data.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time

import pytest

from nettui.domain.models import Person
from nettui.store.repository import Repository
from tests.e2e.test_tmux import BIN

TITLE = "\x1b]2;PWNED\x07"
CLIPBOARD = "\x1b]52;c;ZXZpbCBjb21tYW5k\x07"  # OSC 52: "evil command" into the clipboard
HOSTILE = Person(
    name=f"Eve {TITLE}{CLIPBOARD}[bold]Mallory[/bold] \x1b[31mRed\x9b2J",
    role="\u202egnp.exe",  # a right-to-left override: "exe.png" to the eye
    company="شركة 株式会社 🧑‍💻",
    emails=["eve@example.org"],
    tags=["[link=http://x]tag[/link]", "🙂"],
    notes="\x07\x00" + "x" * 100_000,  # a bell, a NUL, and 100 KB
)
# What must never reach the terminal from this contact.
FORBIDDEN = [
    TITLE.encode(),
    b"\x1b]52;",
    b"\x1b[31mRed",
    "\x9b".encode(),
    "\u202e".encode(),
    b"\x07",
    b"\x00",
]


@pytest.fixture
def hostile_db(tmp_path):
    db = tmp_path / "nettui.json"
    with Repository(db) as repo:
        repo.add_person(HOSTILE)
    return db


def in_a_terminal(argv: list[str], steps: list[tuple[bytes, bytes]], seconds: float = 30) -> bytes:
    """Run `argv` in a pty; at each step wait for `seen` in the output, then type `keys`."""
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "COLUMNS": "100"}
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    output = b""
    deadline = time.monotonic() + seconds
    pending = list(steps)
    since = 0  # a step waits for output that came after the previous step's keys
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break  # the program ended
            if not chunk:
                break
            output += chunk
        if pending and pending[0][0] in output[since:]:
            os.write(fd, pending.pop(0)[1])
            since = len(output)
    ended, give_up = 0, time.monotonic() + 3
    while not ended and time.monotonic() < give_up:
        ended, _status = os.waitpid(pid, os.WNOHANG)
        time.sleep(0.02)
    if not ended:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
    os.close(fd)
    assert ended, f"the program did not end by itself: {output[-500:]!r}"
    assert not pending, f"never saw {pending[0][0]!r} in {output[-3000:]!r}"
    return output


def assert_harmless(output: bytes) -> None:
    # Textual's own pointer-shape sequence (OSC 22) ends with a bell; ours never do.
    output = re.sub(rb"\x1b\]22;[a-z-]*\x07", b"", output)
    for sequence in FORBIDDEN:
        assert sequence not in output, f"{sequence!r} reached the terminal"


@pytest.mark.parametrize(
    "command",
    [["find", ""], ["show", "eve"], ["export", "--format", "vcf"], ["mutt-query", "eve"]],
)
def test_the_cli_on_a_terminal_shows_it_as_symbols(hostile_db, command):
    output = in_a_terminal([str(BIN), "--db", str(hostile_db), *command], [])
    assert_harmless(output)
    assert "PWNED␇".encode() in output and b"[bold]Mallory[/bold]" in output


def test_an_export_to_a_file_keeps_the_data_exactly(hostile_db, tmp_path):
    out = tmp_path / "backup.json"
    export = [str(BIN), "--db", str(hostile_db), "export", "--format", "json", "-o", str(out)]
    subprocess.run(export, check=True)
    [person] = json.loads(out.read_text())["tables"]["people"]
    assert (person["name"], person["role"], person["notes"]) == (
        HOSTILE.name, HOSTILE.role, HOSTILE.notes
    )  # fmt: skip
    piped = subprocess.run(
        [str(BIN), "--db", str(hostile_db), "export", "--format", "vcf"],
        capture_output=True,
        check=True,
    ).stdout
    assert b"\x1b]2\\;PWNED\x07" in piped  # to a pipe or a file: the data (vCard-escaped)


def test_the_app_shows_it_as_symbols(hostile_db):
    output = in_a_terminal(
        [str(BIN), "--db", str(hostile_db)],
        [
            ("PWNED␇".encode(), b"\r"),  # the list; open the person's page
            (b"Channels", b"e"),  # the page; open the edit form, which shows every field
            (b"Edit Eve", b"\x1b"),
            (b" Back", b"q"),  # the page again (its footer), then quit
        ],
    )
    assert_harmless(output)
    assert "␛]2;PWNED␇".encode() in output
