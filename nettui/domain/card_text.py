"""The whole card as a person reads and types it: typed values with their labels,
addresses on one line, birthdays and anniversaries in words.

Shared by the person's page, its form and `nettui show/add/edit`, so the three say and
accept the same things. A line the user did not change keeps its stored record
exactly (every TYPE, the ADR part each piece was in); only a changed line is read
from the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import date

from nettui.domain.card import Address, TypedValue, check_partial_date, typed_of
from nettui.domain.errors import ValidationError
from nettui.domain.models import NAME_PARTS, Person
from nettui.domain.text import fold
from nettui.i18n import N_, _, current_language, ngettext

# vCard TYPEs shown as words; those not listed here (voice, internet, x400, x-...) say
# nothing a person needs and are kept without being shown.
TYPE_WORDS = {
    "cell": N_("mobile"),
    "work": N_("work"),
    "home": N_("home"),
    "fax": N_("fax"),
    "pager": N_("pager"),
    "text": N_("text"),
    "video": N_("video"),
    "main": N_("main"),
    "pref": N_("preferred"),
    "iphone": "iPhone",
}
# What a user may type for each TYPE, in either language (folded).
_TYPE_OF_WORD = {
    **{word: word for word in TYPE_WORDS},
    **{"mobile": "cell", "movil": "cell", "celular": "cell", "trabajo": "work"},
    **{"casa": "home", "busca": "pager", "texto": "text", "sms": "text"},
    **{"principal": "main", "preferred": "pref", "preferido": "pref", "preferida": "pref"},
    **{"voice": "voice", "voz": "voice", "internet": "internet"},
}


# Labels that programs write themselves, not the user (Apple's built-in "HomePage",
# the "homepage" earlier imports gave a web address): shown in the user's language.
LABEL_WORDS = {"homepage": N_("home page"), "home page": N_("home page"), "other": N_("other")}


def typed_note(typed: TypedValue | None) -> str:
    """What is said beside a value: its label, else its TYPEs as words ("mobile, work")."""
    if typed is None:
        return ""
    if typed.label:
        word = LABEL_WORDS.get(typed.label.lower())
        return _(word) if word else typed.label
    return ", ".join(_(TYPE_WORDS[t]) for t in typed.types if t in TYPE_WORDS)


def values_with_notes(person: Person, which: str) -> list[tuple[str, str]]:
    """(value, note) for each of the person's emails, phones or urls, in order."""
    values: list[str] = getattr(person, which)
    return [(v, typed_note(typed_of(person.typed, which, v))) for v in values]


def values_text(person: Person, which: str) -> str:
    """The form's text: one value a line, its note in parentheses."""
    return "\n".join(f"{v} ({n})" if n else v for v, n in values_with_notes(person, which))


def _pieces(text: str) -> list[str]:
    """Lines, and comma-separated pieces of a line, outside parentheses."""
    pieces: list[str] = []
    for line in text.splitlines():
        depth, start = 0, 0
        for at, char in enumerate(line):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == "," and depth <= 0:
                pieces.append(line[start:at])
                start = at + 1
        pieces.append(line[start:])
    return [p.strip() for p in pieces if p.strip()]


_NOTE = re.compile(r"^(?P<value>.*?)\s*\((?P<note>[^()]*)\)$")


def parse_values(
    text: str, which: str, before: Person | None
) -> tuple[list[str], list[TypedValue]]:
    """The values typed ("+34 600 11 22 33 (mobile)", one a line or comma-separated)
    and their TypedValues. A value whose note reads as before keeps its TypedValue
    exactly; a changed note of type words ("work, fax") sets the TYPEs, any other text
    becomes the label (the TYPEs stay)."""
    values: list[str] = []
    typed: list[TypedValue] = []
    for piece in _pieces(text):
        match = _NOTE.match(piece)
        value, note = (match["value"], match["note"].strip()) if match else (piece, "")
        if not value:
            raise ValidationError(
                _("{note!r} in parentheses needs a value before it.").format(note=note)
            )
        values.append(value)
        old = typed_of(before.typed, which, value) if before is not None else None
        if old is not None and note == typed_note(old):
            typed.append(replace(old, types=list(old.types)))
            continue
        if not note:
            continue
        words = [fold(w) for w in re.split(r"[,\s]+", note) if w]
        if all(w in _TYPE_OF_WORD for w in words):
            types = list(dict.fromkeys(_TYPE_OF_WORD[w] for w in words))
            typed.append(TypedValue(of=which, value=value, types=types))
        else:
            types = list(old.types) if old is not None else []
            typed.append(TypedValue(of=which, value=value, types=types, label=note))
    return values, typed


# -- addresses -------------------------------------------------------------------------------


def address_note(address: Address) -> str:
    """Its label, else its TYPEs as words ("work")."""
    return address.label or ", ".join(_(TYPE_WORDS[t]) for t in address.types if t in TYPE_WORDS)


def address_line(address: Address) -> str:
    """ "222 Broadway, New York, NY, 10038, USA (work)": as the form shows it."""
    note = address_note(address)
    return address.one_line() + (f" ({note})" if note else "")


def addresses_text(person: Person) -> str:
    return "\n".join(address_line(a) for a in person.addresses)


# "28013 Madrid", "NY 10038": a piece that starts or ends with a postal code.
_POSTAL = re.compile(
    r"^(?P<code>[A-Z]{0,2}-?\d[\dA-Z-]{2,9})\s+(?P<rest>.+)$"
    r"|^(?P<rest2>.+?)\s+(?P<code2>\d[\dA-Z-]{2,9})$"
)


def _guess_address(parts: list[str]) -> Address:
    """Parts typed by a person: street first, country last (when there are three or
    more), a postal code where a piece starts or ends with one ("28013 Madrid",
    "NY 10038"), the city before the region."""
    address = Address()
    if not parts:
        return address
    address.street = parts[0]
    rest = parts[1:]
    if len(parts) >= 3:
        address.country = rest.pop()
    places: list[str] = []
    for part in rest:
        match = _POSTAL.match(part) if not address.postal_code else None
        if match:
            address.postal_code = match["code"] or match["code2"]
            part = match["rest"] or match["rest2"]
        elif re.fullmatch(r"\d[\dA-Z -]{2,9}", part) and not address.postal_code:
            address.postal_code = part
            continue
        places.append(part)
    if places:
        address.locality = places[0]
        address.region = ", ".join(places[1:])
    return address


def parse_addresses(text: str, before: Person | None) -> list[Address]:
    """One address a line, its parts separated by commas, a label in parentheses. A
    line as the form showed it keeps its address exactly; a changed line with as many
    parts as before puts each in the same place (a typo fixed); any other is guessed."""
    old = list(before.addresses) if before is not None else []
    shown = {address_line(a): a for a in old}
    addresses = []
    for at, line in enumerate(ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        if line in shown:
            addresses.append(replace(shown[line], types=list(shown[line].types)))
            continue
        match = _NOTE.match(line)
        body, note = (match["value"], match["note"].strip()) if match else (line, "")
        parts = [p.strip() for p in body.split(",") if p.strip()]
        if not parts:
            continue
        previous = old[at] if at < len(old) else None
        filled = [i for i, p in enumerate(previous.parts()) if p] if previous else []
        if previous is not None and len(filled) == len(parts):
            names = ("po_box", "extended", "street", "locality", "region", "postal_code")
            placed = dict.fromkeys((*names, "country"), "")
            placed.update({(*names, "country")[i]: p for i, p in zip(filled, parts, strict=True)})
            address = replace(previous, types=list(previous.types), **placed)
        else:
            address = _guess_address(parts)
            address.types = list(previous.types) if previous is not None else []
        words = [fold(w) for w in re.split(r"[,\s]+", note) if w]
        if note and all(w in _TYPE_OF_WORD for w in words):
            address.types, address.label = [_TYPE_OF_WORD[w] for w in words], ""
        else:
            address.label = note
        address.check()
        addresses.append(address)
    return addresses


# -- birthdays and anniversaries -----------------------------------------------------------

BIRTHDAY_EXAMPLES = N_("22 Jan, 22 de enero, January 22 1990, 1990-01-22, --01-22")


def parse_partial_date(text: str, what: str, today: date, lang: str = "en") -> str | None:
    """A birthday or anniversary as typed ("22 Jan", "22 de enero de 1990",
    "1990-01-22", "--01-22", "22/1/1990" day first in Spanish) as stored: "1990-01-22"
    or "--01-22". Blank: None. A date after today is refused (a year is a past one)."""
    from nettui.domain.dates import MONTHS  # only forms and commands need the month names

    cleaned = " ".join(fold(text).replace(",", " ").replace(".", " ").split())
    if not cleaned:
        return None
    year: int | None = None
    month = day = 0
    stored: str | None = None
    if re.fullmatch(r"(\d{4}|--)-?\d{2}-?\d{2}", cleaned):
        with suppress(ValidationError):
            stored = check_partial_date(cleaned, what)
    elif numeric := re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?", cleaned):
        first, second = int(numeric[1]), int(numeric[2])
        day, month = (first, second) if lang == "es" else (second, first)
        year = int(numeric[3]) if numeric[3] else None
    else:
        words = [w for w in re.findall(r"[a-z]+|\d+", cleaned) if w not in ("de", "of", "the")]
        if len(words) in (2, 3) and (len(words) == 2 or words[2].isdigit()):
            if words[0].isdigit() and words[1] in MONTHS:
                day, month = int(words[0]), MONTHS[words[1]]
            elif words[0] in MONTHS and words[1].isdigit():
                day, month = int(words[1]), MONTHS[words[0]]
            year = int(words[2]) if len(words) == 3 else None
    if year is not None and year < 100:  # "22/1/90": the last century's when not past
        year += 2000 if 2000 + year <= today.year else 1900
    if month and day:
        typed = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
        with suppress(ValidationError):
            stored = check_partial_date(typed, what)
    if stored is not None:
        return _not_future(stored, text, today)
    raise ValidationError(
        _("{text!r} is not a date nettui understands. Try: {examples}.").format(
            text=text, examples=_(BIRTHDAY_EXAMPLES)
        )
    )


def _not_future(stored: str, text: str, today: date) -> str:
    if not stored.startswith("--") and date.fromisoformat(stored) > today:
        raise ValidationError(
            _("{text!r} is after today: give a past date, or leave out the year.").format(text=text)
        )
    return stored


def _day_words(day: date, with_year: bool) -> str:
    from babel.dates import format_date  # slow to import: paid only when a date is shown

    patterns = {
        "en": ("d MMMM", "d MMMM y"),
        "es": ("d 'de' MMMM", "d 'de' MMMM 'de' y"),
    }[current_language()]
    return format_date(day, patterns[with_year], locale=current_language())


def describe_partial_date(value: str, what: str, today: date) -> str:
    """ "22 January 1990 (in 48 days), age 36" for a birthday; "12 June 2015 (in 10
    days), 10 years" for an anniversary; without the year, no age. 29 February is kept
    on 28 February in other years."""
    year: int | None = None
    if value.startswith("--"):
        month_n, day_n = int(value[2:4]), int(value[5:7])
    else:
        year, month_n, day_n = int(value[:4]), int(value[5:7]), int(value[8:10])

    def on(year_: int) -> date:
        try:
            return date(year_, month_n, day_n)
        except ValueError:  # 29 February in a year without one
            return date(year_, 2, 28)

    coming = on(today.year)
    if coming < today:
        coming = on(today.year + 1)
    days = (coming - today).days
    if days == 0:
        when = _("today")
    elif days == 1:
        when = _("tomorrow")
    else:
        when = ngettext("in {n} day", "in {n} days", days).format(n=days)
    shown = _day_words(on(year if year is not None else 2000), with_year=year is not None)
    text = f"{shown} ({when})"
    if year is not None:
        years = today.year - year - ((today.month, today.day) < (month_n, day_n))
        if what == "birthday":
            text += ", " + _("age {n}").format(n=years)
        else:
            text += ", " + ngettext("{n} year", "{n} years", years).format(n=years)
    return text


# -- names -----------------------------------------------------------------------------------


def settle_name_parts(person: Person, old_name: str) -> bool:
    """After the name was edited: N's parts stay when every one of them is still in the
    new name (a typo fixed elsewhere); otherwise they are cleared, and the export writes
    N from the name as it does for a person typed in. True if they were cleared."""
    if fold(" ".join(old_name.split())) == fold(person.name):
        return False
    words: Sequence[str] = fold(person.name).split()
    parts = [getattr(person, p) for p in NAME_PARTS]
    if all(w in words for part in parts for w in fold(part).split()):
        return False
    for part in NAME_PARTS:
        setattr(person, part, "")
    return any(parts)
