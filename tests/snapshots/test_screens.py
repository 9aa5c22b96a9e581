"""One picture per screen, at 80x24 and 120x40, on a fixed demo network and a fixed
clock (conftest.py's `frozen_now`). Review changes as pictures:
`pytest tests/snapshots --snapshot-update`, then open the report or the .svg files."""

from __future__ import annotations

import pytest

from nettui.config import Config
from nettui.demo import build_demo
from nettui.i18n import set_language
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp

SCREENS = {
    "people": ["2"],
    "person": ["2", "down", "enter"],
    "needs": ["3"],
    "meetups": ["4"],
    "dashboard": ["1"],
    "help": ["2", "question_mark"],
}


def make_app(tmp_path, monkeypatch, now, lang: str = "en") -> NettuiApp:
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    repo = Repository(tmp_path / "nettui.json")
    set_language(lang)  # as `nettui --demo` does: the demo speaks the interface's language
    build_demo(repo, now=now)
    return NettuiApp(repo, lang=lang, config=Config(theme="nettui-dark"))


@pytest.fixture
def app(tmp_path, monkeypatch, frozen_now):
    return make_app(tmp_path, monkeypatch, frozen_now)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, app, screen, size):
    assert snap_compare(app, press=[*SCREENS[screen], "_", "_"], terminal_size=size)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_in_spanish(snap_compare, tmp_path, monkeypatch, frozen_now, screen):
    """Spanish words are longer: nothing may be cut off at 80x24."""
    app = make_app(tmp_path, monkeypatch, frozen_now, lang="es")
    assert snap_compare(app, press=[*SCREENS[screen], "_", "_"], terminal_size=(80, 24))
