"""A plain, non-editable `pip install .` into a fresh virtual environment finds its
themes: `nettui --theme cafe --demo` runs with the café theme."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CAFE_BACKGROUND = b"48;2;43;33;27"  # #2B211B as a truecolor background


def test_installed_wheel_runs_with_the_cafe_theme(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", str(ROOT)], check=True, capture_output=True
    )
    env = dict(
        os.environ, TERM="xterm-256color", COLORTERM="truecolor", XDG_CONFIG_HOME=str(tmp_path)
    )
    env.pop("PYTHONPATH", None)  # only the installed copy
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(tmp_path)  # away from the source tree
        program = str(venv / "bin" / "nettui")
        os.execve(program, [program, "--theme", "cafe", "--demo"], env)
    seen = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (b"Filter" not in seen or CAFE_BACKGROUND not in seen):
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
    assert b"Filter" in seen, seen[-500:]
    assert CAFE_BACKGROUND in seen  # the café theme's background is on screen
