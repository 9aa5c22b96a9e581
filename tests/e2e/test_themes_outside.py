"""The themes travel in the wheel, and --no-mouse reaches the terminal: a pip build and
the real app in a pty. The settings and theme files themselves: tests/unit/test_config_themes.py."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.pty_screen import screen_bytes

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_carries_the_themes(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("nettui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for theme in ("cafe", "nettui-dark", "nettui-light", "high-contrast"):
        assert f"nettui/themes/{theme}.toml" in names


def _screen_bytes(*args: str) -> bytes:
    env = dict(os.environ, TERM="xterm-256color")
    return screen_bytes(
        [sys.executable, "-m", "nettui.cli", *args], env, lambda out: b"Filter" in out, 4.0
    )


def test_no_mouse_means_no_mouse_reporting(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    with_mouse = _screen_bytes("--demo")
    without = _screen_bytes("--demo", "--no-mouse")
    assert b"Filter" in with_mouse and b"Filter" in without
    assert b"\x1b[?1000h" in with_mouse
    assert b"\x1b[?1000h" not in without
