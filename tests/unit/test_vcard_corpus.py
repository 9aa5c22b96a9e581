"""The corpus: one file per exporter's style (tests/data/vcards/), written from what
those programs write. Every value of every source card comes back out of our export
as a property (not folded into the notes), and the export is stable: read it and
export again, the same text."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path

import pytest

from nettui.domain.models import clean_phone
from nettui.io.vcard import _cards, read_vcards, write_vcard
from nettui.io.vcard_lines import (
    ContentLine,
    decode,
    logical_lines,
    parse_line,
    split_escaped,
    unescape,
)
from nettui.io.vcard_read import ANNIVERSARIES, DROPPED, card_date, plain_label
from tests.cli_in_process import run_nettui

CORPUS = Path(__file__).parents[1] / "data" / "vcards"
FILES = sorted(CORPUS.glob("*.vcf"))

# The values that do not parse, by file: each must be in the notes, and reported with
# the line it stands on.
UNPARSED = {
    "outlook-2003.vcf": ["BusinessPhone"],
    "android-2.1.vcf": ["jos=E9@casa.example"],
    "vcard-4.0.vcf": ["circa 1800"],
}


def _essence(line: ContentLine) -> set[str]:
    """What a value says, whatever the form it was written in: each text item of it,
    a date as the model holds it, a picture's bytes, a phone without its marks."""
    value, _clean = decode(line)
    name = line.name
    if name in ("PHOTO", "LOGO") and ("base64," in value or line.params.get("ENCODING")):
        data = value.partition("base64,")[2] if value.startswith("data:") else value
        try:
            return {base64.b64decode("".join(data.split())).hex()}
        except (binascii.Error, ValueError):
            pass
    if name in ("BDAY", "X-ABDATE", *ANNIVERSARIES):
        day = card_date(line, unescape(value))
        if day:
            return {day}
    if name == "TEL":
        return {clean_phone(unescape(value).strip().removeprefix("tel:"))}
    if name == "X-ABLABEL":
        return {plain_label(unescape(value).strip())}
    items = set()
    for part in split_escaped(value, ";"):
        items.update(unescape(item).strip() for item in split_escaped(part, ","))
    items.discard("")
    return items


def _lines(text: str) -> list[ContentLine]:
    return [parse_line(n, raw) for n, raw in logical_lines(text)]


def _source_cards(path: Path) -> list[list[ContentLine]]:
    text = path.read_bytes().decode("utf-8")
    return [card for _start, card in _cards(text) if isinstance(card, list)]


@pytest.mark.parametrize("version", ["3.0", "4.0"])
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_value_of_every_card_comes_out_as_a_property(path, version):
    cards, errors = read_vcards(path.read_bytes())
    sources = _source_cards(path)
    assert errors == [] and len(cards) == len(sources)
    unparsed = UNPARSED.get(path.name, [])
    for card, source in zip(cards, sources, strict=True):
        exported = _lines(write_vcard(card.person, version, card.photo))
        notes = " ".join(unescape(line.value) for line in exported if line.name == "NOTE")
        found = set().union(*(_essence(line) for line in exported if line.name != "NOTE"))
        for line in source:
            if line.name in DROPPED or line.name in ("BEGIN", "END"):
                continue
            essence = _essence(line)
            if any(bad in line.value for bad in unparsed):
                assert any(bad in notes for bad in unparsed if bad in line.value)
                continue
            if line.name == "X-ABLABEL" and essence == {"Anniversary"}:
                essence = set()  # Apple's label of the date that is now the anniversary
            if line.name == "NOTE":  # the notes are one text, with what was set aside
                missing = {item for item in essence if item not in notes}
            else:
                missing = essence - found
            assert not missing, f"line {line.line} {line.name}: {missing} not in the export"


@pytest.mark.parametrize("version", ["3.0", "4.0"])
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_export_read_export_again_gives_the_same_text(path, version):
    cards, _errors = read_vcards(path.read_bytes())
    first = "".join(write_vcard(c.person, version, c.photo) for c in cards)
    again, errors = read_vcards(first.encode())
    assert errors == []
    assert "".join(write_vcard(c.person, version, c.photo) for c in again) == first


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_values_that_do_not_parse_are_reported_on_their_own_line(path):
    text = path.read_bytes().decode("utf-8")
    lines = re.split(r"\r*\n|\r", text)
    expected = [
        n
        for n, line in enumerate(lines, start=1)
        for bad in UNPARSED.get(path.name, [])
        if bad in line
    ]
    cards, _errors = read_vcards(path.read_bytes())
    problems = [p for c in cards for p in c.problems]
    assert [int(p.split(":")[0].removeprefix("line ")) for p in problems] == expected
    for card in cards:
        for problem in card.problems:
            assert problem.split(":")[0].removeprefix("line ") in card.person.notes


def test_the_exporters_quirks_land_in_their_fields():
    def one(name: str, index: int = 0):
        cards, _errors = read_vcards((CORPUS / name).read_bytes())
        return cards[index]

    john = one("outlook-2003.vcf").person
    assert (john.name_prefix, john.given_name, john.additional_names) == ("Mr.", "John", "James")
    assert (john.family_name, john.name_suffix, john.nickname) == ("Richter", "Sr.", "Johnny")
    assert john.notes.startswith("Met at CeBIT 2004.\nLikes golf, and good coffee.")
    fax = next(t for t in john.typed if t.value == "+49 30 7654321")
    assert fax.types == ["work", "fax"]
    [label] = [k for k in john.kept_properties if k.name == "LABEL"]
    assert label.value == "Unter den Linden 1\\nBerlin 10117\\nGermany"
    assert "ENCODING" not in label.params
    jane = one("outlook-2007.vcf").person
    assert (jane.company, jane.departments) == ("Fabrikam Inc.", ["Research", "Materials"])
    assert (jane.birthday, jane.anniversary) == ("1970-03-12", "2005-06-11")
    apple = one("apple-3.0.vcf")
    inigo = apple.person
    assert (inigo.birthday, inigo.anniversary) == ("--01-22", "2015-06-20")
    assert apple.photo is not None and apple.photo.data.startswith(b"\xff\xd8")
    studio = next(t for t in inigo.typed if t.value == "+34 955 00 11 22")
    assert studio.label == "Estudio"
    kept = {(k.group, k.name): k.value for k in inigo.kept_properties}
    assert kept[("item6", "X-ABRELATEDNAMES")] == "Marta Ruiz"
    assert kept[("item6", "X-ABLABEL")] == "_$!<Spouse>!$_"
    assert kept[("item7", "X-ABDATE")] == "2020-09-01"  # not an anniversary: kept
    lucia = one("google-3.0.vcf").person
    assert lucia.phones == ["+34 622 333 444", "+34 954 22 33 44"]  # no U+202D/U+202C
    assert lucia.urls == ["https://analytica.io/team/lucia"]
    assert lucia.addresses[0].extended == "222 Broadway"
    mei = one("thunderbird.vcf").person
    assert (mei.addresses[0].po_box, mei.addresses[0].extended) == ("PO Box 123", "222 Broadway")
    ana = one("evolution.vcf").person
    assert (ana.role, ana.anniversary, ana.birthday) == ("Abogada", "2012-09-15", "1980-02-29")
    begona = one("vcard-4.0.vcf").person
    assert begona.role == "Diseñadora UX" and begona.birthday == "--03-04"
    assert begona.addresses[0].label == "Calle Larios 3\nMálaga"
    assert one("vcard-4.0.vcf").photo is not None
    piotr = one("crcrlf-iphone.vcf").person
    assert piotr.notes == "Two kids\nLoves sailing"
    assert [t.label for t in piotr.typed] == ["Work", "Mobile"]


def test_the_4_0_export_writes_dates_pref_and_a_uuid_as_4_0_does():
    [card], _errors = read_vcards((CORPUS / "mononym.vcf").read_bytes())
    text = write_vcard(card.person, "4.0")
    uid = re.search(r"UID:urn:uuid:([0-9a-f-]+)", text)
    assert uid and len(uid.group(1)) == 36 and uid.group(1).count("-") == 4
    cards, _errors = read_vcards((CORPUS / "vcard-4.0.vcf").read_bytes())
    text = write_vcard(cards[0].person, "4.0", cards[0].photo)
    assert "BDAY:--0304\r\n" in text and "ANNIVERSARY:20190615\r\n" in text
    assert "EMAIL;TYPE=work;PREF=1:begona@estudionube.es\r\n" in text
    assert "PHOTO:data:image/png;base64," in text
    three = write_vcard(cards[0].person, "3.0", cards[0].photo)
    assert "BDAY:--03-04\r\n" in three and "X-ANNIVERSARY:2019-06-15\r\n" in three
    assert "PHOTO;ENCODING=b;TYPE=PNG:" in three
    assert "TYPE=VOICE" not in text and "INTERNET" not in three  # none invented


def test_the_corpus_through_the_store_exports_the_same_file_twice(cli_env, tmp_path):
    """import the corpus, export, import that into an empty store, export again."""
    files = [str(p) for p in FILES]
    for fmt in ("vcf", "vcf4"):
        first_db = dict(cli_env, NETTUI_DB=str(tmp_path / fmt / "first.json"))
        second_db = dict(cli_env, NETTUI_DB=str(tmp_path / fmt / "second.json"))
        assert run_nettui(first_db, "import", *files).returncode in (0, 1)
        one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
        assert run_nettui(first_db, "export", "--format", fmt, "-o", str(one)).returncode == 0
        assert run_nettui(second_db, "import", str(one)).returncode == 0
        assert run_nettui(second_db, "export", "--format", fmt, "-o", str(two)).returncode == 0
        assert one.read_text() == two.read_text()
        assert one.read_text().count("BEGIN:VCARD") == sum(len(_source_cards(p)) for p in FILES)


def test_labels_get_groups_of_their_own_beside_the_kept_ones():
    """Apple's related names keep their item6 group (and label); a labelled email
    written by us never takes a group a kept property holds."""
    [card], _errors = read_vcards((CORPUS / "apple-3.0.vcf").read_bytes())
    lines = _lines(write_vcard(card.person, "3.0"))
    kept_groups = {k.group.upper() for k in card.person.kept_properties if k.group}
    ours = {line.group.upper() for line in lines if line.name in ("EMAIL", "TEL", "URL")}
    ours.discard("")
    assert ours and not ours & kept_groups
    spouse = [line for line in lines if line.group.upper() == "ITEM6"]
    assert [(line.name, line.value) for line in spouse] == [
        ("X-ABRELATEDNAMES", "Marta Ruiz"),
        ("X-ABLABEL", "_$!<Spouse>!$_"),
    ]
