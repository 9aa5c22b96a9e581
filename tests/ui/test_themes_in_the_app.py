"""Themes in the app: --theme, a broken user theme named, the choice remembered."""

from __future__ import annotations

from nettui.config import Config, load
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.themes import DEFAULT_THEME


async def test_a_broken_user_theme_is_named_and_the_default_is_used(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("COLORTERM", "truecolor")
    themes = tmp_path / "nettui" / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "not-a-colour"\n')
    app = NettuiApp(Repository(db_path), config=Config(theme="mine"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications)
        assert "mine.toml" in said and "not a colour" in said
        assert app.theme == DEFAULT_THEME


async def test_theme_flag_and_the_choice_is_remembered(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    app = NettuiApp(Repository(db_path), theme="cafe")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "cafe"
        app.theme = "high-contrast"  # as the palette's "Theme" command does
        await pilot.pause()
    assert load(tmp_path / "nettui" / "config.toml").theme == "high-contrast"


async def test_sixteen_colour_terminals_get_an_ansi_theme(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    app = NettuiApp(Repository(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "ansi-dark"
