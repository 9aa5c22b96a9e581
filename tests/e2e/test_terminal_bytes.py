"""What one key costs over a terminal (an ssh link): the bytes the app writes for it,
counted in a real pty. A move in the list redraws the two rows that change and the
header's position, never the whole list (about 5 KB at 100 columns)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import struct
import termios
import time

from nettui.domain.models import Person
from nettui.store.repository import Repository
from tests.e2e.test_tmux import BIN

MOST_BYTES_PER_MOVE = 2_000  # issue 8: <= 2 KB written for one keystroke in the list


class Terminal:
    """The installed app in a pty of 100x30."""

    def __init__(self, db: os.PathLike[str]) -> None:
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
        env.pop("NO_COLOR", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(str(BIN), [str(BIN), "--db", str(db)], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))

    def answer(self, keys: bytes, quiet: float = 0.4, most: float = 15.0) -> bytes:
        """Write `keys`; what the app writes until `quiet` seconds of silence."""
        os.write(self.fd, keys)
        got, last, start = b"", time.monotonic(), time.monotonic()
        while time.monotonic() < start + most:
            ready, _, _ = select.select([self.fd], [], [], 0.02)
            if ready:
                with contextlib.suppress(OSError):
                    got += os.read(self.fd, 65536)
                    last = time.monotonic()
            elif got and time.monotonic() - last > quiet:
                break
        return got

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self.fd, b"q")
        time.sleep(0.3)
        with contextlib.suppress(OSError):
            os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def test_a_move_in_the_list_writes_a_few_rows_even_far_down(db_path):
    with Repository(db_path) as repo:
        repo.add_many([Person(name=f"Person {n:03d}", role="Tester") for n in range(300)])
    terminal = Terminal(db_path)
    try:
        assert b"Person 000" in terminal.answer(b"", quiet=2.0)
        moves = [terminal.answer(b"j") for _ in range(3)]
        assert b"4/300" in moves[-1]  # the header says where the cursor is
        terminal.answer(b"G")  # the bottom: the list is scrolled
        moves += [terminal.answer(b"k") for _ in range(3)]
        assert b"297/300" in moves[-1]
        assert all(0 < len(move) <= MOST_BYTES_PER_MOVE for move in moves), [len(m) for m in moves]
    finally:
        terminal.close()


def test_a_key_typed_in_the_filter_that_finds_the_same_people_redraws_only_the_filter(
    db_path,
):
    with Repository(db_path) as repo:
        repo.add_many([Person(name=f"Person {n:03d}", role="Tester") for n in range(300)])
        repo.add_many([Person(name=f"Zoe Núñez {n}") for n in range(3)])
    terminal = Terminal(db_path)
    try:
        assert b"Person 000" in terminal.answer(b"", quiet=2.0)
        terminal.answer(b"/")
        n, u, n2, e, z = (terminal.answer(key.encode()) for key in "nunez")
        # The list changed: "n" brings the three to the top, "u" clears the rest (the
        # lines of the three, the same people on the same lines, are not redrawn).
        assert b"Zoe N" in n and b"Person" in n
        assert len(u) > 500 and b"Zoe N" not in u
        # "nu" to "nunez" find the same three people: the filter alone is redrawn.
        for answer in (n2, e, z):
            assert 0 < len(answer) <= 500 and b"Zoe N" not in answer, len(answer)
        assert b"nunez" in terminal.answer(b"\x7f" + b"z")  # back and forth: still there
        assert b"Zoe N" not in terminal.answer(b"q")  # no one: the list is emptied
        still_no_one = terminal.answer(b"q")  # only the message, which names the query
        assert 0 < len(still_no_one) <= 500 and b"nunezqq" in still_no_one, still_no_one
    finally:
        terminal.close()


def test_the_first_move_after_clearing_the_filter_writes_a_few_rows(db_path):
    """Escape (or ctrl+g) clears the filter, then j: two rows and the header, as any
    move. Textual repainted the whole screen for the clear and kept the list's own
    request to repaint, so the first move sent the whole list again (4 to 8 KB)."""
    with Repository(db_path) as repo:
        repo.add_many([Person(name=f"Person {n:03d}", role="Tester") for n in range(300)])
    terminal = Terminal(db_path)
    try:
        assert b"Person 000" in terminal.answer(b"", quiet=2.0)
        plain = len(terminal.answer(b"j"))
        for clear in (b"\x1b", b"\r\x07"):  # escape in the filter; enter, then ctrl+g
            terminal.answer(b"/")
            terminal.answer(b"person 015")
            assert b"16/300" in terminal.answer(clear)  # on the same person, all listed
            moves = [len(terminal.answer(key)) for key in (b"j", b"k")]
            assert all(0 < move <= max(plain * 3 // 2, 700) for move in moves), (plain, moves)
    finally:
        terminal.close()
