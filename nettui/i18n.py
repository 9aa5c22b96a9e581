"""The language nettui speaks: English in the code, Spanish from a gettext catalog.

Every string a user sees goes through `_()` (or `ngettext()` when it counts). Strings
that must exist before the language is known (class-level key bindings, tables of
labels) are marked with `N_()`, which only marks them for extraction, and are passed
through `_()` where they are shown.

The catalog's source is nettui/locale/es/LC_MESSAGES/nettui.po; the compiled .mo
beside it is what runs (stdlib gettext: no parsing cost at start). README "Translating"
says how to update both with pybabel.

Dates are formatted with Babel's CLDR data ("viernes, 4 de diciembre"), so they never
depend on which C locales the machine happens to have installed.
"""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "nettui"
LANGUAGES = ("en", "es")

_language = "en"
_catalog: gettext.NullTranslations = gettext.NullTranslations()


def set_language(language: str) -> None:
    """Speak `language` ("en" or "es") from now on, in this process."""
    global _language, _catalog
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if language == "en":
        _catalog = gettext.NullTranslations()
    else:
        _catalog = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
    _language = language


def current_language() -> str:
    return _language


def catalog(language: str) -> gettext.NullTranslations:
    """The catalog of `language`, for text written in it whatever the interface speaks
    (a message drafted for someone in Spanish from an English session): the process's
    language is left alone. Call its `gettext`, so pybabel extracts the strings."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if language == _language:
        return _catalog
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


def _(message: str) -> str:
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _catalog.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` as said in `context`: one English word that Spanish says two ways
    ("done": "hecha" for a need, "hecho" for a meetup)."""
    return _catalog.pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for translation without translating it yet."""
    return message


def language_from_environment() -> str:
    """es for es_* locales (the first set of LC_ALL, LC_MESSAGES and LANG), else en."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "es" if value.lower().startswith("es") else "en"
    return "en"


# -- dates, in words -------------------------------------------------------------------------
# CLDR patterns per language: the names come from Babel, the order and the joining
# words ("de") differ by language.
PATTERNS = {
    "day_long": {"en": "EEEE, MMMM d", "es": "EEEE, d 'de' MMMM"},
    "day_long_with_year": {"en": "EEEE, MMMM d, y", "es": "EEEE, d 'de' MMMM 'de' y"},
    "day_short": {"en": "EEE, MMM d, y", "es": "EEE, d MMM y"},
    "day_month_year": {"en": "MMM d, y", "es": "d MMM y"},
    "weekday": {"en": "EEE", "es": "EEE"},
    "weekday_day": {"en": "EEE, MMM d", "es": "EEE d MMM"},
    "month": {"en": "LLL", "es": "LLL"},
    # Birthdays on the Dashboard, as its meetups say their days.
    "day_month": {"en": "MMM d", "es": "d MMM"},
    "weekday_day_month": {"en": "EEE, MMM d", "es": "EEE d MMM"},
    "month_year": {"en": "LLLL y", "es": "LLLL 'de' y"},
}


def _format(day: date | datetime, pattern: str) -> str:
    from babel.dates import format_date  # slow to import: paid only when a date is shown

    return format_date(day, PATTERNS[pattern][_language], locale=_language)


def day_long(day: date | datetime) -> str:
    """Friday, December 4 / viernes, 4 de diciembre."""
    return _format(day, "day_long")


def day_long_with_year(day: date | datetime) -> str:
    """Friday, December 4, 2026 / viernes, 4 de diciembre de 2026."""
    return _format(day, "day_long_with_year")


def day_short(day: date | datetime) -> str:
    """Fri, Dec 4, 2026 / vie, 4 dic 2026."""
    return _format(day, "day_short")


def day_month_year(day: date | datetime) -> str:
    """Dec 4, 2026 / 4 dic 2026."""
    return _format(day, "day_month_year")


def weekday_time(moment: datetime) -> str:
    """Fri 10:00 / vie 10:00."""
    return f"{_format(moment, 'weekday')} {moment:%H:%M}"


def weekday_day_time(moment: datetime) -> str:
    """Tue, Dec 8 10:00 / mar 8 dic 10:00."""
    return f"{_format(moment, 'weekday_day')} {moment:%H:%M}"


def day_month(day: date) -> str:
    """Dec 8 / 8 dic."""
    return _format(day, "day_month")


def weekday_day_month(day: date) -> str:
    """Tue, Dec 8 / mar 8 dic."""
    return _format(day, "weekday_day_month")


def month_year(day: date) -> str:
    """February 2027 / febrero de 2027."""
    return _format(day, "month_year")


def month_short(day: date) -> str:
    """Dec / dic."""
    return _format(day, "month")
