"""tests/unit starts no processes: a unit test that tries fails, saying where it belongs.

The CLI runs in-process there (tests/cli_in_process.py); a test whose point is a real
process (a pty, two writers, a fresh interpreter, pip) goes to tests/e2e.
"""

from __future__ import annotations

import _posixsubprocess
import os
import subprocess

import pytest

ADVICE = (
    "tests/unit starts no processes ({what}): run the CLI in-process with "
    "tests.cli_in_process.run_nettui, or move the test to tests/e2e"
)


def _refuse(what: str):
    def refuse(*args, **kwargs):
        raise AssertionError(ADVICE.format(what=what))

    return refuse


@pytest.fixture
def libc_found_before_the_guard() -> None:
    """nettui.heap finds glibc once per process with ctypes.util.find_library, which asks
    `ldconfig -p`: the library's own lookup, not the test's, so it is done before the
    guard (again only after test_heap.py empties that cache)."""
    from nettui.heap import _libc

    _libc()


@pytest.fixture(autouse=True)
def no_processes(monkeypatch: pytest.MonkeyPatch, libc_found_before_the_guard: None) -> None:
    # Every way the standard library starts a process ends in one of these.
    monkeypatch.setattr(subprocess.Popen, "_execute_child", _refuse("subprocess"))
    monkeypatch.setattr(_posixsubprocess, "fork_exec", _refuse("fork_exec"))
    for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, _refuse(f"os.{name}"))
