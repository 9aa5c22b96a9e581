"""Themes as data: the bundled themes/*.toml, then the user's own.

Each file holds the fields of Textual's Theme. A file that does not load (bad TOML,
a missing name, a colour that is not a colour) is reported with its name and the
problem, and skipped: the app starts anyway.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

import nettui
from nettui.i18n import _
from nettui.paths import config_dir

COLOUR_FIELDS = (
    "primary", "secondary", "accent", "foreground", "background", "surface", "panel",
    "warning", "error", "success", "boost",
)  # fmt: skip
DEFAULT_THEME = "nettui-dark"
DEFAULT_LIGHT_THEME = "nettui-light"
DEFAULT_16_COLOUR_THEME = "ansi-dark"


def bundled_themes_dir() -> Path:
    """themes/ inside the installed package (the wheel), or at the project root."""
    inside = Path(nettui.__file__).parent / "themes"
    return inside if inside.is_dir() else Path(nettui.__file__).parents[1] / "themes"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def load_theme(path: Path) -> Theme:
    """One theme file; raises ValueError with the file's name and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{path}: {error}") from None
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(_("{path}: the theme has no name.").format(path=path))
    if "primary" not in data:
        raise ValueError(_("{path}: the theme has no primary colour.").format(path=path))
    colours: dict[str, str] = {}
    for key in COLOUR_FIELDS:
        if key in data:
            try:
                Color.parse(str(data[key]))
            except ColorParseError:
                raise ValueError(
                    _("{path}: {key} = {value!r} is not a colour.").format(
                        path=path, key=key, value=data[key]
                    )
                ) from None
            colours[key] = str(data[key])
    dark = data.get("dark", True)  # Theme's default
    if not isinstance(dark, bool):
        raise ValueError(_("{path}: dark must be true or false.").format(path=path))
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ValueError(_("{path}: [variables] must be a table.").format(path=path))
    theme = Theme(
        name=name.strip(),
        primary=colours.pop("primary"),
        dark=dark,
        variables={str(k): str(v) for k, v in variables.items()},
    )
    # The other colours by name (each is an optional str field of Theme).
    for key, value in colours.items():
        setattr(theme, key, value)
    return theme


def load_themes() -> tuple[list[Theme], list[str]]:
    """All themes that load, bundled first, and a message for each file that did not."""
    themes, problems = [], []
    for folder in (bundled_themes_dir(), user_themes_dir()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                themes.append(load_theme(path))
            except ValueError as error:
                problems.append(str(error))
    return themes, problems


def few_colours() -> bool:
    """A terminal with only 16 colours (TERM=xterm, screen, linux, no COLORTERM)."""
    term = os.environ.get("TERM", "")
    if os.environ.get("COLORTERM") in ("truecolor", "24bit"):
        return False
    return "256color" not in term and term not in ("xterm-kitty", "alacritty", "foot", "wezterm")


# Textual's ANSI themes draw what is quiet (the unselected part of a tab's underline,
# a field's border out of focus) in the terminal's background colour: black on a
# dark terminal, white on a light one, so it vanished. Bright black reads on both.
QUIET_ANSI = {"border-blurred": "ansi_bright_black"}


def readable_ansi_themes(themes: dict[str, Theme]) -> list[Theme]:
    """Textual's ansi-dark and ansi-light, with nothing drawn in the background's colour."""
    return [
        replace(themes[name], variables={**themes[name].variables, **QUIET_ANSI})
        for name in ("ansi-dark", "ansi-light")
        if name in themes
    ]
