"""The installed app in a real pty, for the benchmarks: what a key costs to the last
byte of the app's answer (bench/run.py, bench/needs_filter.py)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from pathlib import Path


def nettui_command() -> list[str]:
    installed = Path(sys.executable).parent / "nettui"
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "nettui.cli"]


class Terminal:
    """`nettui --db DB` started in a pty of `columns` x `lines` (xterm-256color, colour on)."""

    def __init__(self, db: Path, columns: int = 100, lines: int = 30) -> None:
        env = dict(
            os.environ,
            TERM="xterm-256color",
            COLUMNS=str(columns),
            LINES=str(lines),
            LANG="C.UTF-8",
        )
        env.pop("NO_COLOR", None)
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the real program in a real pty
            os.execvpe(nettui_command()[0], [*nettui_command(), "--db", str(db)], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))

    def wait_for(self, marker: str, timeout: float = 60.0) -> float | None:
        """Seconds from the start until `marker` is on screen; None if it never came."""
        seen = b""
        while time.perf_counter() < self.started + timeout:
            ready, _, _ = select.select([self.fd], [], [], 0.02)
            if ready:
                try:
                    seen += os.read(self.fd, 65536)
                except OSError:
                    return None
                if marker.encode() in seen:
                    return time.perf_counter() - self.started
        return None

    def answer(self, keys: bytes, quiet: float = 0.15, most: float = 5.0) -> tuple[float, int]:
        """Write `keys`; (seconds to the last byte before `quiet` s of silence, bytes)."""
        sent = time.perf_counter()
        os.write(self.fd, keys)
        got, last = 0, sent
        while time.perf_counter() < sent + most:
            ready, _, _ = select.select([self.fd], [], [], 0.005)
            if ready:
                with contextlib.suppress(OSError):
                    got += len(os.read(self.fd, 65536))
                    last = time.perf_counter()
            elif got and time.perf_counter() - last > quiet:
                break
        return last - sent, got

    def peak_rss_mb(self) -> float:
        return peak_rss_mb(self.pid)

    def quit(self) -> None:
        """q, then wait for the app to end (killed after 10 s)."""
        os.write(self.fd, b"q")
        end = time.perf_counter() + 10
        while time.perf_counter() < end:
            with contextlib.suppress(OSError):
                if select.select([self.fd], [], [], 0.05)[0]:
                    os.read(self.fd, 65536)
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
        else:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def peak_rss_mb(pid: int) -> float:
    """The peak RSS of this process alone (ru_maxrss would carry the parent's over fork)."""
    with contextlib.suppress(OSError, StopIteration):
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        return int(next(s for s in status if s.startswith("VmHWM")).split()[1]) / 1024
    return 0.0
