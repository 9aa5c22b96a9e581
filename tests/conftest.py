"""Shared fixtures: a real database file on disk in a temp folder, never a mock."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from nettui.i18n import set_language
from nettui.store.repository import Repository

# Property-based tests: a quick guard in every run, 2,000 examples a target in the soak.
settings.register_profile("quick", max_examples=150, deadline=None)
settings.register_profile("soak", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("NETTUI_HYPOTHESIS", "quick"))


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English; a test that opens the app in Spanish leaves no trace."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "nettui.json"


@pytest.fixture
def repo(db_path: Path):
    with Repository(db_path) as repository:
        yield repository


@pytest.fixture
def cli_env(tmp_path: Path, db_path: Path) -> dict[str, str]:
    """Environment for running the real `nettui` program against `db_path`."""
    env = dict(os.environ)
    env["NETTUI_DB"] = str(db_path)
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    # English unless a test asks for Spanish, whatever the machine's locale.
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        env.pop(variable, None)
    env["LANG"] = "C.UTF-8"
    return env


NETTUI = [sys.executable, "-m", "nettui.cli"]

E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything in tests/e2e is `e2e` (the fast loop, `-m "not e2e and not slow"`,
    leaves it out), whichever file a new end-to-end test is put in."""
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.e2e)
