"""Files as real programs and hands damage them: one bad line, another charset, UTF-16,
a nested card. Each card is still imported, and what was wrong is named by its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from nettui.io.vcard import read_vcards, write_vcard
from nettui.store.importing import detect_format
from tests.cli_in_process import run_nettui

RAW_NEWLINE = b"""BEGIN:VCARD
VERSION:3.0
FN:Raw Newline Person
EMAIL:raw@nl.example
TEL:+44 20 7946 0000
NOTE:first line of a note
second line without fold
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Underscore Person
EMAIL:us@nl.example
X-GOOGLE_TALK:us@gtalk
END:VCARD
"""


def test_a_raw_new_line_in_a_value_continues_it_and_the_card_is_kept():
    cards, errors = read_vcards(RAW_NEWLINE)
    assert errors == []
    raw, underscore = cards
    assert (raw.person.name, raw.person.emails) == ("Raw Newline Person", ["raw@nl.example"])
    assert raw.person.phones == ["+44 20 7946 0000"]
    assert raw.person.notes == "first line of a note\nsecond line without fold"
    assert raw.problems == [
        "line 7: not a vCard line, read as a new line of the NOTE before it: "
        "'second line without fold'"
    ]
    assert underscore.person.emails == ["us@nl.example"]
    [talk] = underscore.person.kept_properties
    assert (talk.name, talk.value) == ("X-GOOGLE_TALK", "us@gtalk")
    assert "X-GOOGLE_TALK:us@gtalk\r\n" in write_vcard(underscore.person)


def test_a_raw_new_line_holding_a_colon_continues_the_note_and_is_reported():
    """A note's lines written raw that look like NAME:value ("https://...", "Tip: ...")
    are no properties: only a name vCard defines, or an X- name, starts one."""
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Link Note\r\nNOTE:her portfolio\r\n"
        b"https://example.com/portfolio\r\nTip: call after 5\r\nX-FOO:kept\r\n"
        b"TITLE:Designer\r\nEND:VCARD\r\n"
    )
    [card], errors = read_vcards(data)
    assert errors == []
    person = card.person
    assert person.notes == "her portfolio\nhttps://example.com/portfolio\nTip: call after 5"
    assert [k.name for k in person.kept_properties] == ["X-FOO"]
    assert person.role == "Designer"
    assert card.problems == [
        "line 5: not a vCard line, read as a new line of the NOTE before it: "
        "'https://example.com/portfolio'",
        "line 6: not a vCard line, read as a new line of the NOTE before it: 'Tip: call after 5'",
    ]
    out = write_vcard(person)
    assert "\r\nNOTE:her portfolio\\nhttps://example.com/portfolio\\nTip: call after 5\r\n" in out
    assert "HTTPS" not in out and "TIP:" not in out


def test_a_store_holding_a_property_name_with_an_underscore_opens_shows_and_exports(
    cli_env, tmp_path
):
    """The reader takes X-GOOGLE_TALK and item1.X-AIM_ID; the store kept them and then
    refused to load itself: show, export, the backup and doctor all failed."""
    path = tmp_path / "google.vcf"
    path.write_bytes(
        RAW_NEWLINE.replace(b"X-GOOGLE_TALK:us@gtalk", b"X-GOOGLE_TALK:us@gtalk\nitem1.X-AIM_ID:x")
    )
    assert run_nettui(cli_env, "import", str(path)).returncode == 0
    shown = run_nettui(cli_env, "show", "Underscore Person")
    assert shown.returncode == 0, shown.stderr
    assert "us@nl.example" in shown.stdout
    out = tmp_path / "out.vcf"
    exported = run_nettui(cli_env, "export", "--format", "vcf", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "X-GOOGLE_TALK:us@gtalk\r\n" in out.read_bytes().decode()
    assert "item1.X-AIM_ID:x\r\n" in out.read_bytes().decode()
    backup = tmp_path / "backup.json"
    assert run_nettui(cli_env, "export", "--format", "json", "-o", str(backup)).returncode == 0
    assert run_nettui(cli_env, "doctor").returncode == 0


def test_a_missing_end_keeps_the_card_read_up_to_the_next_one_not_a_file_cut_short():
    data = b"BEGIN:VCARD\nFN:Ana\nBEGIN:VCARD\nFN:Bea\nEND:VCARD\nBEGIN:VCARD\nFN:Carla\n"
    cards, errors = read_vcards(data)
    assert [c.person.name for c in cards] == ["Ana", "Bea"]
    assert cards[0].problems == ["line 1: the card has no END:VCARD; read up to line 2"]
    # A file cut short inside a card (a copy or a sync half done) may hold half a card:
    # that one is not taken.
    assert errors == ["line 6: the card has no END:VCARD"]


# Outlook 2003: 8-bit Windows-1252 text, not quoted-printable, CHARSET on the line.
OUTLOOK = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=Windows-1252:Müller;Jürgen\r\n"
    "FN;CHARSET=Windows-1252:Jürgen Müller\r\nORG:Bäckerei Groß\r\n"
    "NOTE;CHARSET=ISO-8859-7:Καλημέρα\r\nEND:VCARD\r\n"
)


def test_a_file_that_is_not_utf_8_is_read_as_windows_1252_or_its_lines_charset():
    data = OUTLOOK.replace("Καλημέρα", "").encode("cp1252")
    data = data.replace(b"ISO-8859-7:", b"ISO-8859-7:" + "Καλημέρα".encode("iso-8859-7"))
    [card], errors = read_vcards(data)
    assert errors == []
    person = card.person
    assert person.name == "Jürgen Müller"
    assert person.company == "Bäckerei Groß"  # no CHARSET: Windows-1252
    assert person.notes == "Καλημέρα"  # its own CHARSET honoured


def test_a_utf_16_file_is_recognised_and_read():
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ñandú\r\nEMAIL:zoe@x.example\r\nEND:VCARD\r\n"
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):
        data = text.encode(codec)
        assert detect_format(Path("contacts.txt"), data) == "vcf"
        [card], errors = read_vcards(data)
        assert errors == [] and card.person.name == "Zoë Ñandú"
        assert card.person.emails == ["zoe@x.example"]


AGENT = b"""BEGIN:VCARD
VERSION:2.1
N:Boss;Big
FN:Big Boss
EMAIL:boss@x.example
AGENT:
BEGIN:VCARD
VERSION:2.1
N:Assistant;Ann
FN:Ann Assistant
TEL:+1 555 000 1111
END:VCARD
END:VCARD
BEGIN:VCARD
VERSION:2.1
FN:After Agent
END:VCARD
"""


def test_a_nested_agent_card_is_kept_as_a_property_of_the_outer_card():
    cards, errors = read_vcards(AGENT)
    assert errors == [] and [c.person.name for c in cards] == ["Big Boss", "After Agent"]
    boss = cards[0].person
    assert boss.emails == ["boss@x.example"] and boss.phones == []
    [agent] = boss.kept_properties
    assert agent.name == "AGENT"
    assert agent.value == (
        "BEGIN:VCARD\\nVERSION:2.1\\nN:Assistant;Ann\\nFN:Ann Assistant\\n"
        "TEL:+1 555 000 1111\\nEND:VCARD"
    )
    exported = write_vcard(boss)
    assert "AGENT:BEGIN:VCARD\\nVERSION:2.1\\nN:Assistant;Ann" in exported.replace("\r\n ", "")
    [again], errors = read_vcards(exported.encode())
    assert errors == [] and again.person.kept_properties == boss.kept_properties


def test_a_picture_that_is_not_base64_is_set_aside_and_the_export_stays_readable():
    vobject = pytest.importorskip("vobject")
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pia\r\nEMAIL:pia@x.example\r\n"
        b"PHOTO;ENCODING=b;TYPE=JPEG:not base64 !!!\r\n"
        b"LOGO:data:image/png;base64,%%%\r\nEND:VCARD\r\n"
    )
    [card], errors = read_vcards(data)
    assert errors == [] and card.photo is None and card.person.kept_properties == []
    assert card.problems == [
        "line 5: the PHOTO says it is base64, and it is not",
        "line 6: the LOGO says it is base64, and it is not",
    ]
    assert "Photo (line 5, not base64): not base64 !!!" in card.person.notes
    exported = write_vcard(card.person)
    assert vobject.readOne(exported).fn.value == "Pia"


def test_values_set_aside_are_labelled_in_the_users_language():
    from nettui.domain.card import TypedValue
    from nettui.domain.card_text import typed_note
    from nettui.i18n import set_language

    set_language("es")
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Jon\r\nTEL;WORK;VOICE:BusinessPhone\r\nEND:VCARD\r\n"
    [card], _errors = read_vcards(data)
    assert card.person.notes == "Teléfono (línea 4, no es un número): BusinessPhone"
    homepage = TypedValue(of="urls", value="http://www.acme.es", label="homepage")
    assert typed_note(homepage) == "página personal"
