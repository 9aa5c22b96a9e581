"""A person as one vCard 3.0 or 4.0 card with real properties: typed values with
Apple-style labels, structured addresses, dates, organisations, the photo, and every
kept property as it came, so that other programs (khard, Apple, Google) read it whole
and nettui reads back what it wrote."""

from __future__ import annotations

import base64
import re

from nettui.domain.card import KeptProperty, Photo, TypedField, TypedValue
from nettui.domain.models import Person
from nettui.io.vcard_lines import (
    content_line,
    escape,
    fold,
    newlines_escaped,
    unescape,
)
from nettui.io.vcard_read import SOCIAL, plain_label, social_handle

_HEX_ID = re.compile(r"^[0-9a-f]{32}$")


def _list_part(text: str) -> str:
    """A part of N that is a list ("Richter,James"): each item escaped, commas kept."""
    return ",".join(escape(item) for item in text.split(","))


def _type_params(types: list[str], version: str) -> dict[str, list[str]]:
    if version == "4.0":
        rest = [t for t in types if t != "pref"]
        params = {"TYPE": rest} if rest else {}
        if "pref" in types:
            params["PREF"] = ["1"]
        return params
    return {"TYPE": [t.upper() for t in types]} if types else {}


def _date(value: str, version: str) -> str:
    """1990-01-22 / --01-22 in 3.0 (khard and Apple read both), 19900122 / --0122 in
    4.0 (RFC 6350's basic form)."""
    if version != "4.0":
        return value
    return "--" + value[2:].replace("-", "") if value.startswith("--") else value.replace("-", "")


class _Groups:
    """itemN groups for labels, never one a kept property already uses."""

    def __init__(self, person: Person) -> None:
        self.taken = {k.group.upper() for k in person.kept_properties if k.group}
        self.n = 0

    def next(self) -> str:
        self.n += 1
        while f"ITEM{self.n}" in self.taken:
            self.n += 1
        return f"item{self.n}"


def _labelled(
    lines: list[str],
    groups: _Groups,
    name: str,
    value: str,
    params: dict[str, list[str]],
    label: str,
) -> None:
    if label:
        group = groups.next()
        lines.append(content_line(name, value, params, group))
        # Plain words, also for Apple's built-in labels (_$!<Mobile>!$_): khard, aerc
        # and the other programs of a terminal show them as they are. Apple shows
        # "Mobile" as a label of the user's own: the same word.
        lines.append(content_line("X-ABLabel", escape(label), {}, group))
    else:
        lines.append(content_line(name, value, params))


def _uid(person: Person, version: str) -> str:
    if person.uids:
        return person.uids[0]
    if version == "4.0" and _HEX_ID.match(person.id):
        i = person.id
        return f"urn:uuid:{i[:8]}-{i[8:12]}-{i[12:16]}-{i[16:20]}-{i[20:]}"
    return person.id


def _group_label(person: Person, group: str) -> str:
    return next(
        (
            plain_label(unescape(k.value).strip())
            for k in person.kept_properties
            if group and k.name == "X-ABLABEL" and k.group.upper() == group.upper()
        ),
        "",
    )


def _kept_still_held(person: Person) -> list[KeptProperty]:
    """The kept properties to write back: a social profile or IMPP only while the person
    still has its handle (one the user removed must not come back), and Apple's label
    of one that went goes with it."""
    held = {(h.network, h.value) for h in person.handles}
    gone: set[str] = set()
    kept = []
    for k in person.kept_properties:
        label = _group_label(person, k.group)
        handle = social_handle(k.name, k.params, k.value, label) if k.name in SOCIAL else None
        if handle is not None and (handle.network, handle.value) not in held:
            gone.add(k.group.upper())
            continue
        kept.append(k)
    groups = {k.group.upper() for k in kept if k.name != "X-ABLABEL"}
    return [
        k
        for k in kept
        if not (k.name == "X-ABLABEL" and k.group and k.group.upper() in gone - groups)
    ]


def write_vcard(person: Person, version: str = "3.0", photo: Photo | None = None) -> str:
    """One card. Apple, Google and khard read 3.0; 4.0 for the newer programs."""
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    name = person.name or person.display_name
    lines.append(f"FN:{escape(name)}")
    parts = (
        person.family_name,
        person.given_name,
        person.additional_names,
        person.name_prefix,
        person.name_suffix,
    )
    if any(parts):
        lines.append("N:" + ";".join(_list_part(p) for p in parts))
    else:  # no parts came: the last word is the family name (a guess, as others make)
        words = name.split()
        family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (name, "")
        lines.append(f"N:{escape(family)};{escape(given)};;;")
    if person.nickname:
        lines.append(f"NICKNAME:{escape(person.nickname)}")
    lines.append(f"UID:{newlines_escaped(_uid(person, version))}")
    groups = _Groups(person)
    typed = {(t.of, t.value): t for t in person.typed}
    for of, prop, values in (
        (TypedField.EMAIL, "EMAIL", person.emails),
        (TypedField.PHONE, "TEL", person.phones),
        (TypedField.URL, "URL", person.urls),
    ):
        for value in values:
            about = typed.get((of, value)) or TypedValue(of=of, value=value)
            types = [about.types]
            if "voice" in about.types and "fax" in about.types:
                # One number for talking and for faxes (Outlook's WORK;VOICE and WORK;FAX):
                # two TELs, as it came, for a reader that shows one kind per line.
                types = [[t for t in about.types if t != x] for x in ("fax", "voice")]
            for some in types:
                params = _type_params(some, version)
                _labelled(lines, groups, prop, escape(value), params, about.label)
    for address in person.addresses:
        value = ";".join(escape(p) for p in address.parts())
        _labelled(lines, groups, "ADR", value, _type_params(address.types, version), address.label)
    if person.birthday:
        lines.append(f"BDAY:{_date(person.birthday, version)}")
    if person.anniversary:
        key = "ANNIVERSARY" if version == "4.0" else "X-ANNIVERSARY"
        lines.append(f"{key}:{_date(person.anniversary, version)}")
    if person.company or person.departments:
        lines.append("ORG:" + ";".join(escape(p) for p in [person.company, *person.departments]))
    for org in person.other_organisations:
        lines.append("ORG:" + ";".join(escape(p) for p in [org.name, *org.units]))
    # A role that came as ROLE (kept, written back below) is not written again as TITLE.
    from_role = any(
        k.name == "ROLE" and unescape(k.value).strip() == person.role
        for k in person.kept_properties
    )
    if person.role and not (from_role and not person.other_titles):
        lines.append(f"TITLE:{escape(person.role)}")
    lines.extend(f"TITLE:{escape(title)}" for title in person.other_titles)
    if person.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in person.tags))
    still_held = _kept_still_held(person)
    as_they_came = {
        (h.network, h.value)
        for k in still_held
        if k.name in SOCIAL
        for h in [social_handle(k.name, k.params, k.value, _group_label(person, k.group))]
    }
    for handle in person.handles:
        if (handle.network, handle.value) not in as_they_came:  # new in nettui
            lines.append(f"X-SOCIALPROFILE;TYPE={escape(handle.network)}:{escape(handle.value)}")
    if person.notes:
        lines.append(f"NOTE:{escape(person.notes)}")
    if photo is not None:
        data = base64.b64encode(photo.data).decode("ascii")
        if version == "4.0":
            lines.append(f"PHOTO:data:image/{photo.kind};base64,{data}")
        else:
            lines.append(f"PHOTO;ENCODING=b;TYPE={photo.kind.upper()}:{data}")
    for kept in still_held:
        lines.append(content_line(kept.name, newlines_escaped(kept.value), kept.params, kept.group))
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
        "X-NETTUI-UIDS": "\n".join(person.uids[1:]),  # the first is the card's UID
    }
    for key, value in extras.items():
        if value:
            lines.append(f"{key}:{escape(value)}")
    lines.append("END:VCARD")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
