"""The whole card as a person reads and types it: typed values with their labels,
addresses on one line, birthdays and anniversaries in words.

Shared by the person's page, its form and `nettui show/add/edit`, so the three say and
accept the same things. A line the user did not change keeps its stored record
exactly (every TYPE, the ADR part each piece was in); only a changed line is read
from the text.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import date

from nettui.domain.address_text import guess_address
from nettui.domain.card import Address, TypedValue, check_partial_date, typed_of
from nettui.domain.errors import ValidationError
from nettui.domain.models import NAME_PARTS, Person
from nettui.domain.text import fold
from nettui.i18n import N_, _, current_language, ngettext, pgettext

# vCard TYPEs shown as words; those not listed here (voice, internet, x400, x-...) say
# nothing a person needs and are kept without being shown. Said through type_word().
TYPE_WORDS = {
    "cell": "mobile",
    "work": "work",
    "home": "home",
    "fax": "fax",
    "pager": "pager",
    "text": "text",
    "video": "video",
    "main": "main",
    "pref": "preferred",
    "iphone": "iPhone",
}


def type_word(vcard_type: str) -> str:
    """A TYPE as a word in the user's language. The words carry a context: "home" is
    also the Home key, "text" a meetup's text, and each may be said otherwise."""
    words = {
        "cell": pgettext("vCard type", "mobile"),
        "work": pgettext("vCard type", "work"),
        "home": pgettext("vCard type", "home"),
        "fax": pgettext("vCard type", "fax"),
        "pager": pgettext("vCard type", "pager"),
        "text": pgettext("vCard type", "text"),
        "video": pgettext("vCard type", "video"),
        "main": pgettext("vCard type", "main"),
        "pref": pgettext("vCard type", "preferred"),
    }
    return words.get(vcard_type, TYPE_WORDS.get(vcard_type, vcard_type))


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
    return ", ".join(type_word(t) for t in typed.types if t in TYPE_WORDS)


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
    return address.label or ", ".join(type_word(t) for t in address.types if t in TYPE_WORDS)


def address_line(address: Address) -> str:
    """ "222 Broadway, New York, NY, 10038, USA (work)": as the form shows it."""
    note = address_note(address)
    return address.one_line() + (f" ({note})" if note else "")


def addresses_text(person: Person) -> str:
    return "\n".join(address_line(a) for a in person.addresses)


def _address_pieces(text: str) -> set[str]:
    return {fold(p.strip()) for p in text.split(",") if p.strip()}


def _most_alike(lines: list[str], old: list[Address]) -> dict[int, Address]:
    """Each changed line's old address: the one it shares most parts with (a typo
    fixed, a part added), the best pairs first; a line sharing no part is new."""
    scores = []
    for at, line in enumerate(lines):
        match = _NOTE.match(line)
        pieces = _address_pieces(match["value"] if match else line)
        for which, address in enumerate(old):
            shared = len(pieces & _address_pieces(address.one_line()))
            if shared:
                scores.append((-shared, at, which))
    taken: dict[int, Address] = {}
    used: set[int] = set()
    for _shared, at, which in sorted(scores):
        if at not in taken and which not in used:
            taken[at] = old[which]
            used.add(which)
    return taken


def parse_addresses(text: str, before: Person | None) -> list[Address]:
    """One address a line, its parts separated by commas, a label in parentheses. A
    line as the form showed it keeps its address exactly; a changed line takes over
    the TYPEs and label of the old address it is most like (a typo fixed, a part
    added); every changed line is read afresh from its parts."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    old = list(before.addresses) if before is not None else []
    kept: dict[int, Address] = {}
    for at, line in enumerate(lines):  # unchanged lines first: they keep their records
        same = next((a for a in old if address_line(a) == line), None)
        if same is not None:
            old.remove(same)
            kept[at] = replace(same, types=list(same.types))
    changed = [at for at in range(len(lines)) if at not in kept]
    alike = _most_alike([lines[at] for at in changed], old)
    addresses = []
    for at, line in enumerate(lines):
        if at in kept:
            addresses.append(kept[at])
            continue
        previous = alike.get(changed.index(at))
        address = _read_address(line, previous)
        if address is not None:
            addresses.append(address)
    return addresses


def _read_address(line: str, previous: Address | None) -> Address | None:
    match = _NOTE.match(line)
    body, note = (match["value"], match["note"].strip()) if match else (line, "")
    parts = [p.strip() for p in body.split(",") if p.strip()]
    if not parts:
        return None
    # Read afresh, never part by part in the old places: a postal code or a flat added
    # ("41003 Sevilla", "Flat 2, ...") moved every piece after it into the wrong part.
    address = guess_address(parts)
    if previous is not None:
        address.types, address.label = list(previous.types), previous.label
    words = [fold(w) for w in re.split(r"[,\s]+", note) if w]
    if previous is not None and note == address_note(previous):
        pass  # the label or the TYPEs as shown: kept as they were
    elif note and all(w in _TYPE_OF_WORD for w in words):
        unseen = [t for t in address.types if t not in TYPE_WORDS]  # postal, parcel...
        address.types = list(dict.fromkeys([*unseen, *(_TYPE_OF_WORD[w] for w in words)]))
        address.label = ""
    else:
        address.label = note
        if not note:  # the words taken away: so are the TYPEs they showed
            address.types = [t for t in address.types if t not in TYPE_WORDS]
    address.check()
    return address


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
    if iso := re.fullmatch(r"(\d{4}|--)-?(\d{2})-?(\d{2})", cleaned):
        with suppress(ValidationError):
            stored = check_partial_date(cleaned, what)
        year = None if iso[1] == "--" else int(iso[1])
        month, day = int(iso[2]), int(iso[3])
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
    if 1 <= month <= 12 and 1 <= day <= 31:  # the format was right: the day is not
        raise ValidationError(_no_such_day(text, year, month))
    raise ValidationError(
        _("{text!r} is not a date nettui understands. Try: {examples}.").format(
            text=text, examples=_(BIRTHDAY_EXAMPLES)
        )
    )


def _no_such_day(text: str, year: int | None, month: int) -> str:
    """ "'1980-02-30': February 1980 has 29 days." """
    from babel.dates import format_date  # slow to import: paid only when a date is wrong

    lang = current_language()
    days = monthrange(year if year is not None else 2000, month)[1]  # 2000: a leap year
    pattern = "LLLL" if year is None else {"en": "LLLL y", "es": "LLLL 'de' y"}[lang]
    shown = format_date(date(year or 2000, month, 1), pattern, locale=lang)
    return _("{text!r} does not exist: {month} has {days} days.").format(
        text=text, month=shown, days=days
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
