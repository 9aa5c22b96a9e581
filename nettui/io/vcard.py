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
`ParsedCard.problems`. A broken card is reported with its line and skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from nettui.domain.card import Photo
from nettui.domain.models import Person
from nettui.i18n import _
from nettui.io.vcard_lines import VCardError, parse_line
from nettui.io.vcard_read import handle_from_url as _handle_from_url  # the CSV reader too
from nettui.io.vcard_read import read_card
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


def _cards(text: str) -> Iterator[tuple[int, list | VCardError]]:
    """Each card's lines (or the error that broke it), with its first line number."""
    from nettui.io.vcard_lines import logical_lines

    card: list | None = None
    start = 0
    broken: VCardError | None = None
    for number, raw in logical_lines(text):
        upper = raw.strip().upper() if raw[:1] in "BbEe" or raw[:1].isspace() else ""
        if upper in ("BEGIN:VADDRESSBOOK", "END:VADDRESSBOOK"):
            continue
        if upper == "BEGIN:VCARD":
            if card is not None:
                yield start, VCardError(_("line {n}: the card has no END:VCARD").format(n=start))
            card, start, broken = [], number, None
            continue
        if upper == "END:VCARD":
            if card is None:
                yield (
                    number,
                    VCardError(_("line {n}: END:VCARD without BEGIN:VCARD").format(n=number)),
                )
            else:
                yield start, broken or card
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
            card.append(parse_line(number, raw))
        except VCardError as error:
            broken = broken or error
    if card is not None:
        yield start, VCardError(_("line {n}: the card has no END:VCARD").format(n=start))


def read_vcards(
    data: bytes, progress: Callable[[int, int], None] | None = None
) -> tuple[list[ParsedCard], list[str]]:
    """Every card of a file: the people read, and the errors (with line numbers).
    `progress(done, total)` is called every 250 cards."""
    text = data.decode("utf-8-sig", errors="replace")
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
