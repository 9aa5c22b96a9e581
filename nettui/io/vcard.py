"""vCard 2.1, 3.0 and 4.0 in and out: a strict parser of our own, and a writer.

Why our own parser: vobject, the common Python library, has no vCard 4.0 support and
fails on the quoted-printable soft line breaks of vCard 2.1 (old Android exports).
This one follows RFC 2425/2426/6350 and the exporters' quirks:

- lines folded with CRLF + space or tab (3.0, 4.0), quoted-printable values with soft
  line breaks ending in "=" (2.1), with CHARSET; any line ending (LF, CRLF, CR CR LF, CR);
- bare 2.1 parameters (TEL;WORK;VOICE;PREF), TYPE lists, quoted parameter values;
- Apple's itemN. groups with X-ABLabel, X-ABDATE, X-SOCIALPROFILE, IMPP, BDAY with
  X-APPLE-OMIT-YEAR; Google's BDAY:--0122 and CATEGORIES; PHOTO inline or as a URL;
- 4.0's data: URIs, ALTID, LANGUAGE and PREF parameters, TEL;VALUE=uri:tel:+34...;
- many cards in one file, cards wrapped in BEGIN:VADDRESSBOOK, cards without UID.

The whole card is read into the person's fields (card.py); every property nettui has
no field for is kept as it came and written back on export. A value that does not
parse (a TEL with no digits, an email with a broken byte, a BDAY that is no date) keeps
its card: it goes into the notes, labelled with its property and line, and is listed in
`ParsedCard.problems`. So does a line that is no content line (a value's new line
written raw: it continues that value; "Tip: call after 5" too, as no standard and no
X- name starts with TIP), a missing END:VCARD, a nested AGENT card (kept
as the outer card's property); a file in Windows-1252 (or a line's CHARSET) or UTF-16.
Only a card that holds nothing a person is made of is skipped, and said to be whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from nettui.domain.card import Photo
from nettui.domain.models import Person
from nettui.i18n import _
from nettui.io.vcard_lines import ContentLine, VCardError, file_text, logical_lines, parse_line
from nettui.io.vcard_read import DROPPED, read_card
from nettui.io.vcard_read import handle_from_url as _handle_from_url  # the CSV reader too
from nettui.io.vcard_write import write_vcard

__all__ = ["ParsedCard", "VCardError", "_handle_from_url", "read_vcards", "write_vcard"]


@dataclass
class ParsedCard:
    """A card read into a Person, with what came from where."""

    line: int
    person: Person
    uid: str | None = None
    notes_added: list[str] = field(default_factory=list)  # values set aside in the notes
    photo: Photo | None = None  # the store keeps it as a file beside itself
    problems: list[str] = field(default_factory=list)  # "line N: ..." of each value set aside


class CardLines(list[ContentLine]):
    """A card's content lines, and what was wrong with the lines themselves (a line
    that is no content line, a missing END:VCARD): the card is read all the same."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []


def _agent_waits(card: CardLines | None) -> bool:
    """vCard 2.1's AGENT: a nested card on the lines after it, not a value."""
    return (
        card is not None and bool(card) and card[-1].name == "AGENT" and not card[-1].value.strip()
    )


# Every property a card may hold by its standards (vCard 2.1; RFC 2425, 2426, 6350, and
# the extensions IANA registers: 4770, 6474, 6715, 8605, 9554). A line named otherwise,
# and not X-, is the new line of a value written raw that happens to hold a colon.
KNOWN = frozenset(
    {
        "ADR", "AGENT", "BDAY", "EMAIL", "FN", "GEO", "KEY", "LABEL", "LOGO", "MAILER", "N",
        "NOTE", "ORG", "PHOTO", "REV", "ROLE", "SOUND", "TEL", "TITLE", "TZ", "UID", "URL",
        "VERSION", "NAME", "PROFILE", "SOURCE", "CATEGORIES", "CLASS", "NICKNAME", "PRODID",
        "SORT-STRING", "KIND", "XML", "GENDER", "ANNIVERSARY", "LANG", "MEMBER", "RELATED",
        "CLIENTPIDMAP", "FBURL", "CALADRURI", "CALURI", "IMPP", "BIRTHPLACE", "DEATHPLACE",
        "DEATHDATE", "EXPERTISE", "HOBBY", "INTEREST", "ORG-DIRECTORY", "CONTACT-URI",
        "CREATED", "GRAMGENDER", "LANGUAGE", "PRONOUNS", "SOCIALPROFILE", "JSPROP",
    }
)  # fmt: skip


def _not_a_line(card: CardLines, number: int, raw: str) -> None:
    """A line that is no content line inside a card, most often a value's new line
    written raw: the rest of the value before it (as a new line), or of the notes."""
    if card and card[-1].name not in DROPPED:
        card[-1].value += "\n" + raw
        said = _("line {n}: not a vCard line, read as a new line of the {name} before it: {text!r}")
        card.problems.append(said.format(n=number, name=card[-1].name, text=raw[:40]))
        return
    card.append(ContentLine(number, "", "NOTE", {}, raw))
    said = _("line {n}: not a vCard line, kept in the notes: {text!r}")
    card.problems.append(said.format(n=number, text=raw[:40]))


def _cards(text: str) -> Iterator[tuple[int, CardLines | VCardError]]:
    """Each card's lines (or the error that broke it), with its first line number."""
    card: CardLines | None = None
    start = 0
    agent: list[str] = []  # the raw lines of a nested AGENT card, while one is open
    depth = 0
    for number, raw in logical_lines(text):
        upper = raw.strip().upper() if raw[:1] in "BbEe" or raw[:1].isspace() else ""
        if card is not None and (depth or (upper == "BEGIN:VCARD" and _agent_waits(card))):
            depth += {"BEGIN:VCARD": 1, "END:VCARD": -1}.get(upper, 0)
            agent.append(raw.strip() if upper else raw)
            if depth == 0:  # kept as 3.0 writes it: one value, its lines as \n
                card[-1].value = "\n".join(agent)
                agent = []
            continue
        if upper in ("BEGIN:VADDRESSBOOK", "END:VADDRESSBOOK"):
            continue
        if upper == "BEGIN:VCARD":
            if card is not None:  # read up to here: one missing line loses no card
                said = _("line {n}: the card has no END:VCARD; read up to line {end}")
                card.problems.append(said.format(n=start, end=number - 1))
                yield start, card
            card, start = CardLines(), number
            continue
        if upper == "END:VCARD":
            if card is None:
                yield (
                    number,
                    VCardError(_("line {n}: END:VCARD without BEGIN:VCARD").format(n=number)),
                )
            else:
                yield start, card
            card = None
            continue
        if card is None:
            yield (
                number,
                VCardError(
                    _("line {n}: text outside a card: {text!r}").format(n=number, text=raw[:40])
                ),
            )
            continue
        try:
            line = parse_line(number, raw)
        except VCardError:
            _not_a_line(card, number, raw)
            continue
        if line.name in KNOWN or line.name.startswith("X-"):
            card.append(line)
        else:  # "Tip: call after 5", "https://...": a value's new line, written raw
            _not_a_line(card, number, raw)
    if card is not None:
        # The file stops inside a card: cut short (a copy or a sync half done), so the
        # card may be half of itself, and is not taken.
        yield start, VCardError(_("line {n}: the card has no END:VCARD").format(n=start))


def read_vcards(
    data: bytes, progress: Callable[[int, int], None] | None = None
) -> tuple[list[ParsedCard], list[str]]:
    """Every card of a file: the people read, and the errors (with line numbers).
    `progress(done, total)` is called every 250 cards."""
    text = file_text(data)
    total = text.upper().count("BEGIN:VCARD")
    people: list[ParsedCard] = []
    errors: list[str] = []
    for done, (start, card) in enumerate(_cards(text), start=1):
        if progress and done % 250 == 0:
            progress(done, total)
        if isinstance(card, VCardError):
            errors.append(str(card))
            continue
        try:
            read = read_card(start, card)
        except VCardError as error:
            errors.append(str(error))
            continue
        read.problems[:0] = card.problems
        people.append(
            ParsedCard(
                line=start,
                person=read.person,
                uid=read.uid,
                notes_added=read.set_aside,
                photo=read.photo,
                problems=read.problems,
            )
        )
    return people, errors
