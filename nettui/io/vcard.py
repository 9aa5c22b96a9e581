"""vCard 2.1, 3.0 and 4.0 in and out: a strict parser of our own, and a writer.

Why our own parser: vobject, the common Python library, has no vCard 4.0 support and
fails on the quoted-printable soft line breaks of vCard 2.1 (old Android exports).
This one follows RFC 2425/2426/6350 and the exporters' quirks:

- lines folded with CRLF + space or tab (3.0, 4.0), and quoted-printable values with
  soft line breaks ending in "=" (2.1), with CHARSET=UTF-8 (or another charset);
- bare 2.1 parameters (TEL;CELL;VOICE), TYPE lists, quoted parameter values;
- Apple's itemN. groups with X-ABLabel, X-SOCIALPROFILE, IMPP, BDAY with
  X-APPLE-OMIT-YEAR; Google's BDAY:--0122 and CATEGORIES; PHOTO as base64 or a URL;
- 4.0's data: URIs, ALTID and LANGUAGE parameters, TEL;VALUE=uri:tel:+34...;
- many cards in one file, cards wrapped in BEGIN:VADDRESSBOOK, cards without UID.

A field nettui has no place for goes into the notes, labelled ("Birthday: 1990-01-22",
"NICKNAME: Pepe"): nothing is dropped. A broken card is reported with its line number
and skipped; the other cards still import.
"""

from __future__ import annotations

import base64
import quopri
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from nettui.domain.card import Photo
from nettui.domain.models import (
    SOCIAL_HOSTS,
    Handle,
    Person,
    ValidationError,
    is_email,
    is_phone,
)
from nettui.i18n import _

# Properties that describe the file, not the person: nothing of the person is lost.
_METADATA = {"VERSION", "PRODID", "REV", "KIND", "CLIENTPIDMAP", "SOURCE", "NAME", "PROFILE"}


class VCardError(ValueError):
    """A card that cannot be read; the message names the line."""


@dataclass
class ContentLine:
    line: int  # where it starts in the file (1-based)
    group: str
    name: str
    params: dict[str, list[str]]
    value: str  # raw, still escaped and encoded


@dataclass
class ParsedCard:
    """A card read into a Person, with what came from where."""

    line: int
    person: Person
    uid: str | None = None
    notes_added: list[str] = field(default_factory=list)  # labels of fields kept in notes
    photo: Photo | None = None  # the store keeps it as a file beside itself
    problems: list[str] = field(default_factory=list)


# -- lines ---------------------------------------------------------------------------------


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfold: join folded lines (CRLF + space/tab) and quoted-printable soft breaks."""
    # CR CR LF (an iPhone export passed through a converter) is one line break too.
    physical = re.split(r"\r*\n|\r", text)
    current: str | None = None
    start = 0
    for number, line in enumerate(physical, start=1):
        if current is not None and line[:1] in (" ", "\t"):
            current += line[1:]
            continue
        if current is not None and _is_quoted_printable(current) and current.endswith("="):
            current = current[:-1] + line  # a soft line break of vCard 2.1
            continue
        if current is not None and current.strip():
            yield start, current
        current, start = line, number
    if current is not None and current.strip():
        yield start, current


def _is_quoted_printable(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


# [group.]NAME[;params]:value; a parameter value may be quoted and hold ":" or ";".
_CONTENT_LINE = re.compile(
    r"^((?:[A-Za-z0-9-]+\.)?)([A-Za-z0-9-]+)((?:;(?:[^:\"]|\"[^\"]*\")*)?):(.*)$", re.S
)
_PARAM = re.compile(r';([^;:=]+)(?:=((?:"[^"]*"|[^;:])*))?')


def _parse_line(number: int, line: str) -> ContentLine:
    match = _CONTENT_LINE.match(line)
    if not match:
        raise VCardError(
            _("line {n}: not a vCard line (no NAME:value): {text!r}").format(
                n=number, text=line[:40]
            )
        )
    group, name, raw_params, value = match.groups()
    params: dict[str, list[str]] = {}
    for key, raw in _PARAM.findall(raw_params):
        key = key.strip().upper()
        if raw == "" and "=" not in key:
            # vCard 2.1 bare parameters: TEL;CELL;VOICE means TYPE=CELL,VOICE
            if key in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"):
                params.setdefault("ENCODING", []).append(key)
            else:
                params.setdefault("TYPE", []).append(key)
            continue
        values = [v.strip('"') for v in re.findall(r'"[^"]*"|[^,]+', raw)]
        params.setdefault(key, []).extend(values)
    return ContentLine(number, group.rstrip(".").upper(), name.upper(), params, value)


# -- values --------------------------------------------------------------------------------


def _decode(line: ContentLine) -> str:
    """The value as text: quoted-printable decoded with its charset."""
    encodings = [e.upper() for e in line.params.get("ENCODING", [])]
    if "QUOTED-PRINTABLE" in encodings:
        charset = (line.params.get("CHARSET") or ["UTF-8"])[0]
        raw = quopri.decodestring(line.value.encode("latin-1", "replace"))
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return raw.decode("utf-8", "replace")
    return line.value


def _unescape(text: str) -> str:
    return re.sub(r"\\([nN,;:\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _components(text: str, separator: str = ";") -> list[str]:
    """Split on unescaped separators, then unescape each part."""
    parts = re.split(r"(?<!\\)" + re.escape(separator), text)
    return [_unescape(p).strip() for p in parts]


def _types(line: ContentLine) -> list[str]:
    return [t.lower() for t in line.params.get("TYPE", [])]


# -- cards ---------------------------------------------------------------------------------


def _cards(text: str) -> Iterator[tuple[int, list[ContentLine] | VCardError]]:
    """Each card's lines (or the error that broke it), with its first line number."""
    card: list[ContentLine] | None = None
    start = 0
    broken: VCardError | None = None
    for number, raw in _logical_lines(text):
        upper = raw.strip().upper()
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
            card.append(_parse_line(number, raw))
        except VCardError as error:
            broken = broken or error
    if card is not None:
        yield start, VCardError(_("line {n}: the card has no END:VCARD").format(n=start))


def _handle_from_url(url: str, label: str = "") -> Handle:
    lowered = url.lower()
    for host, network in SOCIAL_HOSTS.items():
        if host in lowered:
            return Handle(network=network, value=url)
    return Handle(network=(label or "web").lower(), value=url)


def _card_to_person(start: int, lines: list[ContentLine]) -> ParsedCard:
    person = Person()
    notes: list[str] = []
    labels = {
        line.group: _unescape(_decode(line)).strip("_$!<>")
        for line in lines
        if line.name == "X-ABLABEL" and line.group
    }
    uid = None
    full_name = ""
    structured = ""
    extra_notes: list[str] = []
    first_bad: tuple[int, str] | None = None  # (line, why) of the first value set aside
    for line in lines:
        name = line.name
        value = _decode(line)
        label = labels.get(line.group, "")
        if name in _METADATA or name == "X-ABLABEL":
            continue
        if name == "FN":
            written = _unescape(value).strip()
            if not full_name:
                full_name = written
            elif written != full_name:  # ALTID: the same name in another language
                extra_notes.append(f"Also written: {written}")
        elif name == "N":
            parts = _components(value) + [""] * 5
            family, given, additional, prefix, suffix = parts[:5]
            structured = " ".join(p for p in (prefix, given, additional, family, suffix) if p)
        elif name == "EMAIL":
            email = _unescape(value).strip()
            if is_email(email):
                person.emails.append(email)
            else:  # one bad value does not lose the card: kept, where it came from said
                extra_notes.append(f"Email (line {line.line}, not an address): {email}")
                first_bad = first_bad or (line.line, _why_not(Person(name="?", emails=[email])))
        elif name == "TEL":
            number = _unescape(value).strip().removeprefix("tel:")
            if is_phone(number):
                person.phones.append(number)
            else:
                extra_notes.append(f"Phone (line {line.line}, not a number): {number}")
                first_bad = first_bad or (line.line, _why_not(Person(name="?", phones=[number])))
        elif name == "ORG":
            parts = [p for p in _components(value) if p]
            person.company = parts[0] if parts else ""
            if len(parts) > 1:
                extra_notes.append(f"Department: {' / '.join(parts[1:])}")
        elif name in ("TITLE", "ROLE"):
            text = _unescape(value).strip()
            person.role = f"{person.role}, {text}" if person.role and text != person.role else text
        elif name == "NOTE":
            notes.append(_unescape(value).strip())
        elif name == "CATEGORIES":
            person.tags.extend(t for t in _components(value, ",") if t)
        elif name == "UID":
            uid = _unescape(value).strip()
        elif name in ("X-SOCIALPROFILE", "SOCIALPROFILE"):
            network = (_types(line) or [label or ""])[0]
            user = (line.params.get("X-USER") or [""])[0]
            url = _unescape(value).strip()
            handle = _handle_from_url(url, network)
            if network:
                handle = Handle(network=network.lower(), value=user or url)
            person.handles.append(handle)
        elif name == "IMPP":
            address = _unescape(value).strip()
            scheme, _colon, rest = address.partition(":")
            network = (line.params.get("X-SERVICE-TYPE") or [scheme or "im"])[0]
            person.handles.append(Handle(network=network.lower(), value=rest or address))
        elif name == "URL":
            person.handles.append(_handle_from_url(_unescape(value).strip(), label))
        elif name == "ADR":
            parts = (_components(value) + [""] * 7)[:7]
            _box, _extended, street, city, region, code, country = parts
            if city and not person.location:
                person.location = city
            address = ", ".join(p for p in (street, city, region, code, country) if p)
            if address:
                extra_notes.append(f"Address{f' ({label})' if label else ''}: {address}")
        elif name == "BDAY":
            day = _unescape(value).strip()
            omit = line.params.get("X-APPLE-OMIT-YEAR")
            if omit and day.startswith(omit[0]):
                day = "--" + day[len(omit[0]) :].lstrip("-")
            extra_notes.append(f"Birthday: {day}")
        elif name == "PHOTO":
            encodings = [e.upper() for e in line.params.get("ENCODING", [])]
            if "B" in encodings or "BASE64" in encodings:
                kind = (_types(line) or ["jpeg"])[0]
                try:
                    size = len(base64.b64decode(value, validate=False))
                except ValueError:
                    size = len(value)
                extra_notes.append(
                    f"Photo ({kind}, {size} bytes): data:image/{kind};base64,{value}"
                )
            else:
                extra_notes.append(f"Photo: {_unescape(value).strip()}")
        elif name.startswith("X-NETTUI-"):
            _nettui_field(person, name, _unescape(value))
        else:
            shown = _unescape(value).strip()
            if shown:
                title = name.title() if not name.startswith("X-") else name
                extra_notes.append(f"{title}{f' ({label})' if label else ''}: {shown}")
    person.name = full_name or structured
    if not person.name and not person.emails and not person.handles and person.phones:
        person.name = person.phones[0]  # a number alone still deserves a card
    all_notes = [n for n in notes if n]
    if extra_notes:
        all_notes.append("\n".join(extra_notes))
    person.notes = "\n\n".join(all_notes)
    try:
        person.validate()
    except ValidationError as error:
        # The card is lost all the same: say which value, and where, if one was set aside.
        where, why = first_bad or (start, str(error))
        raise VCardError(_("line {n}: {error}").format(n=where, error=why)) from None
    return ParsedCard(line=start, person=person, uid=uid, notes_added=extra_notes)


def _why_not(alone: Person) -> str:
    """Why a value cannot be kept as what it claims to be, in the domain's words."""
    try:
        alone.validate()
    except ValidationError as error:
        return str(error)
    return ""


def _nettui_field(person: Person, name: str, value: str) -> None:
    """Our own X- properties, so that nettui -> vCard -> nettui loses nothing."""
    key = name.removeprefix("X-NETTUI-").lower().replace("-", "_")
    if key in ("goals", "concerns", "uids"):
        setattr(person, key, [v for v in value.split("\n") if v])
    elif key in ("about", "how_we_met", "location", "met_in_person", "last_contact", "cadence"):
        setattr(
            person,
            key,
            value or None if key in ("met_in_person", "last_contact", "cadence") else value,
        )
    elif key == "id":
        person.id = value


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
            people.append(_card_to_person(start, card))
        except VCardError as error:
            errors.append(str(error))
    return people, errors


# -- writing -------------------------------------------------------------------------------


def _escape(text: str) -> str:
    # A CR (Outlook's quoted-printable =0D=0A) has no escape: written raw, it broke the
    # line for every reader. CR LF and a lone CR are a new line, as LF is.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _fold(line: str) -> str:
    """Fold at 75 octets (RFC 6350 3.2), never inside a UTF-8 character."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def write_vcard(person: Person, version: str = "3.0", photo: Photo | None = None) -> str:
    """One card. Apple, Google and khard read 3.0; 4.0 for the newer programs."""
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    name = person.name or person.display_name
    words = name.split()
    family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (name, "")
    lines.append(f"FN:{_escape(name)}")
    lines.append(f"N:{_escape(family)};{_escape(given)};;;")
    lines.append(f"UID:{'urn:uuid:' if version == '4.0' else ''}{person.id}")
    for email in person.emails:
        lines.append(
            f"EMAIL;TYPE=internet:{_escape(email)}"
            if version == "3.0"
            else f"EMAIL:{_escape(email)}"
        )
    for phone in person.phones:
        lines.append(f"TEL:{_escape(phone)}")
    if person.company:
        lines.append(f"ORG:{_escape(person.company)}")
    if person.role:
        lines.append(f"TITLE:{_escape(person.role)}")
    if person.tags:
        lines.append("CATEGORIES:" + ",".join(_escape(t) for t in person.tags))
    for handle in person.handles:
        lines.append(f"X-SOCIALPROFILE;TYPE={_escape(handle.network)}:{_escape(handle.value)}")
    if person.notes:
        lines.append(f"NOTE:{_escape(person.notes)}")
    extras = {
        "X-NETTUI-ID": person.id,
        "X-NETTUI-LOCATION": person.location,
        "X-NETTUI-ABOUT": person.about,
        "X-NETTUI-GOALS": "\n".join(person.goals),
        "X-NETTUI-CONCERNS": "\n".join(person.concerns),
        "X-NETTUI-HOW-WE-MET": person.how_we_met,
        "X-NETTUI-MET-IN-PERSON": person.met_in_person or "",
        "X-NETTUI-LAST-CONTACT": person.last_contact or "",
        "X-NETTUI-CADENCE": person.cadence or "",
        "X-NETTUI-UIDS": "\n".join(person.uids),
    }
    for key, value in extras.items():
        if value:
            lines.append(f"{key}:{_escape(value)}")
    lines.append("END:VCARD")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
