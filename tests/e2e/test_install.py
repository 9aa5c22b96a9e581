"""A plain, non-editable `pip install .` into a fresh virtual environment finds its
themes: `nettui --theme cafe --demo` runs with the café theme."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.pty_screen import screen_bytes

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
    program = str(venv / "bin" / "nettui")
    seen = screen_bytes(
        [program, "--theme", "cafe", "--demo"],
        env,
        lambda out: b"Filter" in out and CAFE_BACKGROUND in out,
        cwd=str(tmp_path),  # away from the source tree
    )
    assert b"Filter" in seen, seen[-500:]
    assert CAFE_BACKGROUND in seen  # the café theme's background is on screen
