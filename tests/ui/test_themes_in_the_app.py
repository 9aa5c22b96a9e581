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


# The 16 colours as xterm draws them: what a TERM=xterm terminal shows for SGR 30-37
# and 90-97 (white, 229, and bright white, 255, are hardly apart).
XTERM_16 = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
    (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
    (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
]  # fmt: skip
# Keys from the People screen to each screen checked (escape closes what was open).
EVERY_SCREEN = {
    "Dashboard": ["1"],
    "People": ["2"],
    "a person's page": ["2", "down", "enter"],
    "Needs & offers": ["3"],
    "Needs & offers, Needs tab": ["3", "right"],
    "Meetups": ["4"],
    "Meetups, Events tab": ["4", "right", "right"],
    "help": ["2", "question_mark"],
    "Add a person": ["2", "a"],
    "Plan a meetup": ["4", "a"],
}


def _contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio: 1 for the same colour, 21 for black on white."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _unreadable_cells(app: NettuiApp) -> list[str]:
    """Visible characters whose colour and background a 16-colour terminal shows as the
    same colour or nearly the same (contrast under 2:1), as "row: text (fg on bg)".
    Each colour goes to the terminal's 16 as Rich sends it; the terminal's own colours
    ("default") are its foreground and background, light on dark for a dark theme."""
    from rich.color import ColorSystem

    assert app.console.color_system == "standard"
    dark = app.current_theme.dark
    default_fg, default_bg = (7, 0) if dark else (0, 15)

    def number(color, default: int) -> int:  # type: ignore[no-untyped-def]
        if color is None or color.is_default:
            return default
        return color.downgrade(ColorSystem.STANDARD).number  # type: ignore[no-any-return]

    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    found = []
    for y, line in enumerate(update.strips):
        for strip in line:
            for text, style, _control in strip:
                if style is None or not text.strip():
                    continue
                fg, bg = number(style.color, default_fg), number(style.bgcolor, default_bg)
                if style.reverse:
                    fg, bg = bg, fg
                if _contrast(XTERM_16[fg], XTERM_16[bg]) < 2:
                    found.append(f"{y}: {text.strip()!r} ({fg} on {bg})")
    return found


async def _every_screen_is_readable(app: NettuiApp) -> dict[str, list[str]]:
    problems = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name, keys in EVERY_SCREEN.items():
            await pilot.press("escape", "escape", "2")
            await pilot.press(*keys)
            await pilot.pause()
            if found := _unreadable_cells(app):
                problems[f"{name} ({app.theme})"] = found
    return problems


async def test_every_screen_is_readable_with_no_color_and_in_sixteen_colours(tmp_path, monkeypatch):
    """NO_COLOR=1 TERM=xterm drew the People cursor row's "online only" grey on grey
    (SGR 37 on 47) and its date 97 on 47; a light theme's dates white on white; the
    ANSI themes the cursor row's date white on white, a tab's underline black on black.
    Every visible character must differ from its background, in NO_COLOR (dark and
    light) and in the 16-colour themes."""
    from nettui.demo import build_demo

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    repo = Repository(tmp_path / "nettui.json")
    build_demo(repo)
    problems = {}
    modes = [(True, None), (True, "nettui-light"), (False, "ansi-dark"), (False, "ansi-light")]
    for no_color, theme in modes:
        if no_color:
            monkeypatch.setenv("NO_COLOR", "1")
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        app = NettuiApp(repo, config=Config(theme=theme))
        problems.update(await _every_screen_is_readable(app))
    assert not problems, problems
