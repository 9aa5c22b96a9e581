"""The settings file: $XDG_CONFIG_HOME/nettui/config.toml.

    theme = "cafe"              # a theme name (see the palette's "Theme")
    language = "en"             # en or es: how numeric dates such as 3/12 are read
    mouse = true                # false: no mouse reporting (saves bandwidth over ssh)
    first_day_of_week = "monday"
    meetup_length = "1h"        # the default length of a new meetup
    trip_slots = ["10:00", "12:00", "16:00", "18:00"]   # when a trip plans coffees

    [keymap]                    # binding id = keys, e.g.
    "people.add" = "a,plus"

    [sync]                      # the vdir nettui exchanges with (see nettui/sync)
    contacts = "~/.local/share/nettui/vdir/contacts"   # one .vcf a person
    calendar = "~/.local/share/nettui/vdir/meetups"    # one .ics a meetup
    vdirsyncer = true           # false: only the folders (you run vdirsyncer yourself)

A bad value gets a message naming the key, and its default is used. nettui writes
back only the theme chosen in the app, keeping the rest of the file as it is
(comments and all), with tomlkit.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from nettui.i18n import N_, _
from nettui.paths import config_file, default_vdir

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Problem:
    """A problem with the settings file, said in the language chosen later: the file
    is read before the language is known (it may be the file that chooses it)."""

    message: str  # marked with N_, with {placeholders}
    values: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return _(self.message).format(**{k: str(v) for k, v in self.values.items()})


@dataclass
class SyncSettings:
    """config.toml's [sync]: the two folders of the vdir, and whether nettui runs
    vdirsyncer around its exchange with them."""

    contacts: Path = field(default_factory=lambda: default_vdir() / "contacts")
    calendar: Path = field(default_factory=lambda: default_vdir() / "meetups")
    vdirsyncer: bool = True


@dataclass
class Config:
    theme: str | None = None
    language: str | None = None  # None: from LC_ALL, LC_MESSAGES or LANG
    mouse: bool = True
    first_day_of_week: str = "monday"
    meetup_length: str = "1h"
    trip_slots: tuple[str, ...] = ("10:00", "12:00", "16:00", "18:00")
    keymap: dict[str, str] = field(default_factory=dict)
    sync: SyncSettings = field(default_factory=SyncSettings)
    problems: list[Problem] = field(default_factory=list)

    @property
    def trip_times(self) -> list[time]:
        """trip_slots as times of day (checked when the file was read)."""
        from nettui.domain.trips import parse_slot

        return sorted({parse_slot(slot) for slot in self.trip_slots})

    @property
    def week_starts(self) -> int:
        """The first day of the week as a number (0 = Monday)."""
        return WEEKDAY_NAMES.index(self.first_day_of_week)


def config_path() -> Path:
    return config_file()


def load(path: Path | None = None) -> Config:
    """The settings, with a message for each bad one (its default is used instead)."""
    from nettui.domain.dates import DateError, parse_duration

    path = path or config_path()
    config = Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        config.problems.append(
            Problem(
                N_("{path} could not be read ({error}); the defaults are used."),
                {"path": path, "error": error},
            )
        )
        return config

    def bad(key: str, why: str, **values: object) -> None:
        config.problems.append(
            Problem(
                N_("{path}: {key} {why}; the default is used."),
                {"path": path, "key": key, "why": Problem(why, values)},
            )
        )

    if "theme" in data:
        if isinstance(data["theme"], str) and data["theme"].strip():
            config.theme = data["theme"].strip()
        else:
            bad("theme", N_("must be a theme name"))
    if "language" in data:
        if data["language"] in ("en", "es"):
            config.language = data["language"]
        else:
            bad("language", N_('must be "en" or "es", not {value!r}'), value=data["language"])
    if "mouse" in data:
        if isinstance(data["mouse"], bool):
            config.mouse = data["mouse"]
        else:
            bad("mouse", N_("must be true or false"))
    if "first_day_of_week" in data:
        day = str(data["first_day_of_week"]).lower()
        if day in WEEKDAY_NAMES:
            config.first_day_of_week = day
        else:
            bad(
                "first_day_of_week",
                N_("must be a weekday name (monday ... sunday), not {value!r}"),
                value=data["first_day_of_week"],
            )
    if "meetup_length" in data:
        try:
            parse_duration(str(data["meetup_length"]))
            config.meetup_length = str(data["meetup_length"])
        except DateError:
            bad(
                "meetup_length",
                N_("is not a duration (1h, 90 min): {value!r}"),
                value=data["meetup_length"],
            )
    if "trip_slots" in data:
        _read_trip_slots(data["trip_slots"], config, bad)
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict):
        for binding_id, keys in keymap.items():
            if isinstance(keys, str) and keys.strip():
                config.keymap[binding_id] = keys.strip()
            else:
                bad(f"keymap.{binding_id}", N_('must be keys such as "a" or "a,plus"'))
    else:
        bad("keymap", N_("must be a table of binding id = keys"))
    _read_sync(data.get("sync", {}), config, bad, path)
    unknown = set(data) - {
        "theme", "language", "mouse", "first_day_of_week", "meetup_length", "trip_slots",
        "keymap", "sync",
    }  # fmt: skip
    for key in sorted(unknown):
        config.problems.append(
            Problem(
                N_("{path}: {key} is not a nettui setting; it is ignored."),
                {"path": path, "key": key},
            )
        )
    return config


def _read_trip_slots(value: object, config: Config, bad: Callable[..., None]) -> None:
    from nettui.domain.trips import parse_slot

    slots = value if isinstance(value, list) else []
    for slot in slots:
        try:
            parse_slot(slot if isinstance(slot, str) else "")
        except ValueError:
            bad("trip_slots", N_("holds {value!r}, not a time such as 10:00"), value=slot)
            return
    if not slots:
        bad("trip_slots", N_('must be a list of times such as ["10:00", "16:00"]'))
        return
    config.trip_slots = tuple(slots)


def _read_sync(table: object, config: Config, bad: Callable[..., None], path: Path) -> None:
    if not isinstance(table, dict):
        bad("sync", N_("must be a table (contacts, calendar, vdirsyncer)"))
        return
    for key in ("contacts", "calendar"):
        if key in table:
            value = table[key]
            if isinstance(value, str) and value.strip():
                setattr(config.sync, key, Path(os.path.expandvars(value.strip())).expanduser())
            else:
                bad(f"sync.{key}", N_("must be a folder"))
    if "vdirsyncer" in table:
        if isinstance(table["vdirsyncer"], bool):
            config.sync.vdirsyncer = table["vdirsyncer"]
        else:
            bad("sync.vdirsyncer", N_("must be true or false"))
    for key in sorted(set(table) - {"contacts", "calendar", "vdirsyncer"}):
        config.problems.append(
            Problem(
                N_("{path}: {key} is not a nettui setting; it is ignored."),
                {"path": path, "key": f"sync.{key}"},
            )
        )


def save_theme(name: str, path: Path | None = None) -> None:
    """Remember the theme chosen in the app, keeping the rest of the file untouched."""
    import tomlkit

    path = path or config_path()
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        document = tomlkit.document()
    except (OSError, tomlkit.exceptions.TOMLKitError):
        return  # a broken file was reported at start; never overwrite what we can't read
    document["theme"] = name
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(tomlkit.dumps(document), encoding="utf-8")
    os.replace(tmp, path)
