"""Run a program in a real pseudo-terminal and collect what it writes to the screen."""

from __future__ import annotations

import os
import pty
import select
import time
from collections.abc import Callable


def screen_bytes(
    argv: list[str],
    env: dict[str, str],
    done: Callable[[bytes], bool],
    seconds: float = 30.0,
    cwd: str | None = None,
) -> bytes:
    """What `argv` writes until `done(output)` or `seconds` pass; then q, then kill."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the program itself
        if cwd:
            os.chdir(cwd)
        os.execvpe(argv[0], argv, env)
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not done(seen):
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    os.write(fd, b"q")
    time.sleep(0.5)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
    return seen
