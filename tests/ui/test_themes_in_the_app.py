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


def _readable(style) -> bool:  # type: ignore[no-untyped-def]
    """Text in another colour than its background, or in the terminal's own."""
    return style.color != style.bgcolor or style.color is None or style.color.is_default


def _drawn_rows(app: NettuiApp) -> list[list]:
    """The People list's first rows as the terminal gets them: after the app's filters."""
    from nettui.ui.widgets.person_list import PersonList

    people = app.screen.query_one(PersonList)
    background = people.background_colors[1]
    rows = []
    for y in (1, 2):
        segments = list(people.render_line(y))
        for line_filter in app.get_line_filters():
            segments = line_filter.apply(segments, background)
        rows.append(segments)
    return rows


async def test_no_color_on_a_sixteen_colour_terminal_is_not_black_on_black(
    db_path, tmp_path, monkeypatch
):
    """NO_COLOR with an ANSI theme (a 16-colour terminal, or one chosen) turned every
    "default" colour black under Textual's greying: the screen was black on black."""
    from nettui.domain.models import Person

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COLORTERM", raising=False)
    repo = Repository(db_path)
    repo.add_person(Person(name="Ana Núñez"))
    repo.add_person(Person(name="Luis Pérez"))
    for config in (Config(), Config(theme="ansi-dark")):
        app = NettuiApp(repo, config=config)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            on_cursor, other = _drawn_rows(app)
            for row in (on_cursor, other):
                styled = [s.style for s in row if s.text.strip()]
                assert styled and all(map(_readable, styled)), row
            # The cursor still stands out, in greys.
            assert on_cursor[1].style.bgcolor != other[1].style.bgcolor
            assert "Ana Núñez" in "".join(s.text for s in on_cursor)
            # Picked in the palette later: the terminal's own colours, not black.
            app.theme = "ansi-dark"
            await pilot.pause()
            for row in _drawn_rows(app):
                assert all(_readable(s.style) for s in row if s.text.strip())
