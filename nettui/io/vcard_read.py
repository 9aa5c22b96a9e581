"""One card's content lines into a Person: every property to its field, or kept as it
came (see vcard.py for the exporters' quirks read)."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field

from nettui.domain.card import (
    Address,
    KeptProperty,
    Organisation,
    Photo,
    TypedField,
    TypedValue,
    check_partial_date,
)
from nettui.domain.models import (
    SOCIAL_HOSTS,
    Handle,
    Person,
    ValidationError,
    clean_phone,
    is_email,
    is_phone,
)
from nettui.i18n import _
from nettui.io.vcard_lines import (
    ContentLine,
    VCardError,
    components,
    decode,
    escape,
    is_quoted_printable,
    newlines_escaped,
    split_escaped,
    unescape,
)

# Properties that describe the file, not the person: the export writes its own.
DROPPED = frozenset({"VERSION", "PRODID", "REV"})
ANNIVERSARIES = ("ANNIVERSARY", "X-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY", "X-MS-ANNIVERSARY")
_TYPED = {"EMAIL": TypedField.EMAIL, "TEL": TypedField.PHONE, "URL": TypedField.URL}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


def plain_label(text: str) -> str:
    """Apple's own labels come as `_$!<Mobile>!$_`: "Mobile"."""
    match = _APPLE_LABEL.match(text)
    return match.group(1) if match else text


@dataclass
class ReadCard:
    person: Person
    uid: str | None = None
    photo: Photo | None = None
    set_aside: list[str] = field(default_factory=list)  # the notes' labelled lines
    problems: list[str] = field(default_factory=list)


def card_date(line: ContentLine, text: str) -> str | None:
    """A BDAY or anniversary as the model holds it, or None when it is no date."""
    day = text.strip()
    omit = line.params.get("X-APPLE-OMIT-YEAR")
    if omit and day.startswith(omit[0]):
        day = "--" + day[len(omit[0]) :].lstrip("-")
    if "T" in day[2:]:  # a date-time: its date
        day = day.split("T", 1)[0] if not day.startswith("--") else day
    try:
        return check_partial_date(day, "birthday")
    except ValidationError:
        return None


def types_of(line: ContentLine) -> list[str]:
    """TYPEs lower-cased, with 4.0's PREF=1 as "pref" (3.0's TYPE=pref)."""
    types = [t.lower() for t in line.params.get("TYPE", [])]
    if "PREF" in line.params and "pref" not in types:
        types.append("pref")
    return types


class _Reader:
    def __init__(self, start: int) -> None:
        self.start = start
        self.person = Person()
        self.card = ReadCard(self.person)
        self.notes: list[str] = []
        self.kept: list[tuple[int, KeptProperty]] = []
        self.labels: dict[str, str] = {}
        self.label_lines: list[ContentLine] = []
        self.used_groups: set[str] = set()
        self.seen: set[str] = set()  # properties whose first occurrence was read
        self.full_name = ""
        self.structured = ""
        self.role_from_role = ""

    def keep(self, line: ContentLine, value: str | None = None) -> None:
        decoded = is_quoted_printable(line)
        params = {
            k: list(v)
            for k, v in line.params.items()
            if k != "CHARSET" and not (decoded and k == "ENCODING")
        }
        raw = value if value is not None else (decode(line)[0] if decoded else line.value)
        self.kept.append(
            (line.line, KeptProperty(group=line.group, name=line.name, params=params, value=raw))
        )

    def set_aside(self, line: ContentLine, what: str, why: str, value: str, problem: str) -> None:
        """A value that does not parse: into the notes, labelled, and reported."""
        said = _("{what} (line {n}, {why}): {value}")
        self.card.set_aside.append(said.format(what=what, n=line.line, why=why, value=value))
        self.card.problems.append(_("line {n}: {problem}").format(n=line.line, problem=problem))

    def first(self, name: str) -> bool:
        """True the first time a property is met (the ones past it are kept)."""
        if name in self.seen:
            return False
        self.seen.add(name)
        return True

    def read(self, lines: list[ContentLine]) -> ReadCard:
        self.end = lines[-1].line + 1 if lines else self.start + 1  # its END:VCARD
        for line in lines:
            if line.name == "X-ABLABEL" and line.group:
                self.labels[line.group.upper()] = plain_label(unescape(decode(line)[0]).strip())
        for line in lines:
            if line.name in DROPPED:
                continue
            if line.name == "X-ABLABEL" and line.group:
                self.label_lines.append(line)
                continue
            self.property(line)
        for line in self.label_lines:  # a label of a property kept as it came: kept too
            if line.group.upper() not in self.used_groups:
                self.keep(line)
        return self.finish()

    def label(self, line: ContentLine) -> str:
        if not line.group:
            return ""
        self.used_groups.add(line.group.upper())
        return self.labels.get(line.group.upper(), "")

    def property(self, line: ContentLine) -> None:
        name, person = line.name, self.person
        value, clean = decode(line)
        if name.startswith("X-NETTUI-"):  # first: our own export writes ten of them
            _nettui_field(person, name, unescape(value))
        elif name in _TYPED:
            self.typed(line, _TYPED[name], value, clean)
        elif name == "FN" and self.first(name):
            self.full_name = unescape(value).strip()
        elif name == "N" and self.first(name):
            parts = [",".join(components(p, ",")) for p in split_escaped(value)] + [""] * 5
            family, given, additional, prefix, suffix = parts[:5]
            person.family_name, person.given_name = family, given
            person.additional_names, person.name_prefix, person.name_suffix = (
                additional,
                prefix,
                suffix,
            )
            self.structured = " ".join(
                p for p in (prefix, given, additional, family, suffix) if p
            ).replace(",", " ")
        elif name == "NICKNAME" and self.first(name):
            items = split_escaped(value, ",")
            person.nickname = unescape(items[0]).strip()
            if len(items) > 1:  # nettui holds one nickname: the others stay as they came
                self.keep(line, ",".join(items[1:]))
        elif name == "ORG":
            parts = components(value)
            company, units = parts[0], [p for p in parts[1:] if p]
            if self.first(name):
                person.company, person.departments = company, units
            elif company or units:
                person.other_organisations.append(Organisation(name=company, units=units))
        elif name == "TITLE":
            title = unescape(value).strip()
            if self.first(name):
                person.role = title
            elif title:
                person.other_titles.append(title)
        elif name == "ROLE":
            # ROLE (a function, "Project leader") is not TITLE: kept as it came, so it
            # is written back as ROLE; it fills `role` only on a card with no TITLE.
            self.role_from_role = self.role_from_role or unescape(value).strip()
            self.keep(line)
        elif name == "ADR":
            self.address(line, value)
        elif name == "BDAY" and self.first(name):
            self.day(line, value, "birthday", _("Birthday"))
        elif name in ANNIVERSARIES and self.first("ANNIVERSARY"):
            self.day(line, value, "anniversary", _("Anniversary"))
        elif (
            name == "X-ABDATE"
            and self.labels.get(line.group.upper(), "").lower() == "anniversary"
            and self.first("ANNIVERSARY")
        ):
            self.label(line)
            self.day(line, value, "anniversary", _("Anniversary"))
        elif name == "PHOTO" and self.photo(line):
            pass
        elif name == "NOTE":
            self.notes.append(unescape(value).strip())
        elif name == "CATEGORIES":
            person.tags.extend(t for t in components(value, ",") if t)
        elif name == "UID" and self.first(name):
            self.card.uid = unescape(value).strip()
        elif name in SOCIAL:
            # A handle, and the property kept as it came (its URL, X-USER, IMPP's scheme,
            # its label): written back as it came while the person still has the handle.
            label = self.labels.get(line.group.upper(), "") if line.group else ""
            handle = social_handle(name, line.params, value, label)
            person.handles.append(handle)
            rebuilt = (name, line.params, value) == (
                "X-SOCIALPROFILE",
                {"TYPE": [handle.network]},
                escape(handle.value),
            )
            if line.group or not rebuilt:  # the handle alone would not write it again
                self.keep(line)
        elif not _binary_is_whole(line):
            # Kept as it came, it made the whole export unreadable to other programs.
            why = _("the {name} says it is base64, and it is not").format(name=name)
            self.set_aside(line, name.title(), _("not base64"), line.value.strip(), why)
        else:
            self.keep(line, newlines_escaped(value))

    def typed(self, line: ContentLine, of: TypedField, value: str, clean: bool) -> None:
        text = unescape(value).strip()
        if of == TypedField.EMAIL:
            if not clean or not is_email(text):
                why = _("{value!r} is not an email address (or has a broken byte)")
                shown = line.value if not clean else text
                self.set_aside(
                    line, _("Email"), _("not an address"), shown, why.format(value=shown)
                )
                return
            self.person.emails.append(text)
        elif of == TypedField.PHONE:
            text = clean_phone(text.removeprefix("tel:"))
            if not is_phone(text):
                why = _("{value!r} is not a phone number").format(value=text)
                self.set_aside(line, _("Phone"), _("not a number"), text, why)
                return
            self.person.phones.append(text)
        elif text:
            self.person.urls.append(text)
        else:
            return
        types = types_of(line)
        label = self.label(line)
        if not types and not label:
            return
        known = next((t for t in self.person.typed if t.of == of and t.value == text), None)
        if known:
            known.types = list(dict.fromkeys([*known.types, *types]))
            known.label = known.label or label
        else:
            self.person.typed.append(TypedValue(of=of, value=text, types=types, label=label))

    def address(self, line: ContentLine, value: str) -> None:
        parts = components(value) + [""] * 7
        if any(parts[7:]):  # more than vCard's seven: the rest joins the country, not lost
            parts[6] = ", ".join(p for p in parts[6:] if p)
            said = _(
                "the address has more than seven parts: those past the seventh are in its country"
            )
            self.card.problems.append(_("line {n}: {problem}").format(n=line.line, problem=said))
        label = self.label(line) or unescape((line.params.get("LABEL") or [""])[0])
        address = Address(
            po_box=parts[0],
            extended=parts[1],
            street=parts[2],
            locality=parts[3],
            region=parts[4],
            postal_code=parts[5],
            country=parts[6],
            types=types_of(line),
            label=label,
        )
        try:
            address.check()
        except ValidationError:
            self.keep(line)  # ";;;;;;": nothing to hold, written back as it came
            return
        self.person.addresses.append(address)

    def day(self, line: ContentLine, value: str, attribute: str, what: str) -> None:
        text = unescape(value).strip()
        day = card_date(line, text)
        if day is None:
            why = _("{value!r} is not a date").format(value=text)
            self.set_aside(line, what, _("not a date"), text, why)
            return
        setattr(self.person, attribute, day)

    def photo(self, line: ContentLine) -> bool:
        """The first inline picture is the person's photo; True when taken."""
        if self.card.photo is not None:
            return False
        encodings = {e.upper() for e in line.params.get("ENCODING", [])}
        value = line.value.strip()
        kind = ([t.lower() for t in line.params.get("TYPE", [])] or ["jpeg"])[0]
        if value.startswith("data:"):
            head, _comma, value = value.partition(",")
            if ";base64" not in head:
                return False
            kind = head.removeprefix("data:").split(";")[0].removeprefix("image/") or kind
        elif not encodings & {"B", "BASE64"}:
            return False  # a picture by URL: kept as it came
        try:
            data = base64.b64decode("".join(value.split()), validate=True)
        except (binascii.Error, ValueError):
            return False
        self.card.photo = Photo(data=data, kind=kind.removeprefix("image/") or "jpeg")
        return True

    @staticmethod
    def derived_n(person: Person) -> bool:
        if person.name_prefix or person.additional_names or person.name_suffix:
            return False
        words = person.name.split()
        family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (person.name, "")
        return (person.family_name, person.given_name) == (family, given)

    def finish(self) -> ReadCard:
        person = self.person
        person.kept_properties = [k for _n, k in sorted(self.kept, key=lambda item: item[0])]
        person.name = self.full_name or self.structured
        if self.derived_n(person):
            # The N the export makes from the name itself (the last word the family
            # name): no parts to hold, so a round trip gives the same person.
            person.family_name = person.given_name = ""
        if not person.name and not person.emails and not person.handles and person.phones:
            person.name = person.phones[0]  # a number alone still deserves a card
        order = {TypedField.EMAIL: person.emails, TypedField.PHONE: person.phones}
        order[TypedField.URL] = person.urls
        fields = list(order)
        person.typed.sort(  # in the order the values are written back
            key=lambda t: (fields.index(TypedField(t.of)), order[TypedField(t.of)].index(t.value))
        )
        if not person.role and self.role_from_role:
            person.role = self.role_from_role
        if not person.location and person.addresses:
            person.location = next((a.locality for a in person.addresses if a.locality), "")
        notes = [n for n in self.notes if n]
        if self.card.set_aside:
            notes.append("\n".join(self.card.set_aside))
        person.notes = "\n\n".join(notes)
        uid = self.card.uid
        if uid:
            if uid.removeprefix("urn:uuid:").replace("-", "").lower() == person.id:
                self.card.uid = person.id  # our own export: the id, not another program's
            else:  # written first by our export: the card's UID is the person's first
                person.uids = [uid, *(u for u in person.uids if u != uid)]
        try:
            person.validate()
        except ValidationError as error:
            # The card is lost all the same: say so, naming the value set aside, if one
            # was (the reason the card holds nothing else).
            why = self.card.problems[0] if self.card.problems else str(error).rstrip(".")
            said = _("line {start}: the whole card (to line {end}) cannot be read: {why}")
            raise VCardError(said.format(start=self.start, end=self.end, why=why)) from None
        return self.card


def _binary_is_whole(line: ContentLine) -> bool:
    """False for a value said to be base64 (ENCODING=b, a data: URI) that is not."""
    value = line.value.strip()
    if value.startswith("data:") and ";base64," in value[:100]:
        value = value.partition(",")[2]
    elif not {e.upper() for e in line.params.get("ENCODING", [])} & {"B", "BASE64"}:
        return True
    try:
        base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


SOCIAL = frozenset({"X-SOCIALPROFILE", "SOCIALPROFILE", "IMPP"})


def social_handle(name: str, params: dict[str, list[str]], value: str, label: str) -> Handle:
    """The handle a social profile or IMPP property names (the reader holds it; the
    writer knows by it whether the kept property is still the person's)."""
    address = unescape(value).strip()
    if name == "IMPP":
        scheme, _colon, rest = address.partition(":")
        network = (params.get("X-SERVICE-TYPE") or [scheme or "im"])[0]
        return Handle(network=network.lower(), value=rest or address)
    network = ([t.lower() for t in params.get("TYPE", [])] or [label])[0]
    if not network:
        return handle_from_url(address)
    user = (params.get("X-USER") or [""])[0]
    return Handle(network=network.lower(), value=user or address)


def handle_from_url(url: str, label: str = "") -> Handle:
    """A profile's address on a known network names it; another one is a "web" handle."""
    lowered = url.lower()
    for host, network in SOCIAL_HOSTS.items():
        if host in lowered:
            return Handle(network=network, value=url)
    return Handle(network=(label or "web").lower(), value=url)


def _nettui_field(person: Person, name: str, value: str) -> None:
    """Our own X- properties, so that nettui -> vCard -> nettui loses nothing."""
    key = name.removeprefix("X-NETTUI-").lower().replace("-", "_")
    if key in ("goals", "concerns", "uids"):
        setattr(person, key, [v for v in value.split("\n") if v])
    elif key in ("about", "how_we_met", "location"):
        setattr(person, key, value)
    elif key in ("met_in_person", "last_contact", "cadence"):
        setattr(person, key, value or None)
    elif key == "id":
        person.id = value


def read_card(start: int, lines: list[ContentLine]) -> ReadCard:
    return _Reader(start).read(lines)
