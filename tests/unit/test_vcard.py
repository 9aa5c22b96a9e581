"""vCard import and export: each exporter's quirks, round trips, idempotence, merging."""

from __future__ import annotations

from pathlib import Path

import pytest

from nettui.domain.merge import merged, plan_import
from nettui.domain.models import Handle, Person
from nettui.io.vcard import read_vcards, write_vcard
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui

DATA = Path(__file__).parents[1] / "data" / "vcf"


def read(name: str) -> dict[str, Person]:
    cards, errors = read_vcards((DATA / name).read_bytes())
    assert errors == []
    return {c.person.name: c.person for c in cards}


def test_android_2_1_quoted_printable_with_soft_line_breaks():
    people = read("android-2.1.vcf")
    jose = people["José Núñez"]
    assert jose.emails == ["jose@example.org"]
    assert jose.phones == ["+34600111222", "+34 91 555 12 34"]
    assert jose.notes == (
        "Conocido en la conferencia de Sevilla, hablamos de financiación y de su startup "
        "de logística."
    )
    grace = people["Grace Smith"]
    assert (grace.company, grace.phones) == ("Acme Ltd", ["0044 7700 900123"])
    assert grace.departments == ["Research"] and grace.notes == ""
    assert [(t.value, t.types) for t in grace.typed] == [("0044 7700 900123", ["cell", "pref"])]


def test_apple_3_0_groups_labels_social_profiles_and_birthday_without_year():
    [(name, inigo)] = read("apple-3.0.vcf").items()
    assert name == "Íñigo Ibáñez"
    assert (inigo.role, inigo.company, inigo.location) == (
        "Fotógrafo de eventos",
        "Luz y Foco",
        "Sevilla",
    )
    assert inigo.emails == ["inigo@luzyfoco.es"] and inigo.phones == ["+34 611 22 33 44"]
    assert inigo.urls == ["https://www.linkedin.com/in/inigo-ibanez"]
    assert [(t.of, t.value, t.label) for t in inigo.typed if t.label] == [
        ("emails", "inigo@luzyfoco.es", "Other"),
        ("urls", "https://www.linkedin.com/in/inigo-ibanez", "LinkedIn"),
    ]
    assert Handle(network="twitter", value="inigoib") in inigo.handles
    assert Handle(network="telegram", value="inigoib") in inigo.handles
    assert "Hace fotos de bodas, eventos y retratos.\nMuy recomendable." in inigo.notes
    assert inigo.birthday == "--01-22"
    [home] = inigo.addresses
    assert (home.street, home.locality, home.postal_code, home.country, home.types) == (
        "Calle Feria 12",
        "Sevilla",
        "41003",
        "Spain",
        ["home", "pref"],
    )
    assert "Birthday" not in inigo.notes and "Photo" not in inigo.notes


def test_google_3_0_folded_lines_categories_and_birthday():
    people = read("google-3.0.vcf")
    lucia = people["Lucía Fernández"]
    assert lucia.emails == ["lucia.fernandez@gmail.com", "lucia@analytica.io"]
    assert lucia.tags == ["myContacts", "Sevilla Tech", "Starred in Android"]
    assert "looking for a mentor" in lucia.notes  # the folded line is whole again
    assert lucia.birthday == "--01-22" and "Birthday" not in lucia.notes
    [photo] = lucia.kept_properties  # a picture by URL: kept as it came
    assert (photo.name, photo.value) == (
        "PHOTO",
        "https://lh3.googleusercontent.com/contacts/AOxyz123",
    )
    handle_only = people["CL72DJ33"]
    assert handle_only.needs_real_name


def test_vcard_4_0_in_an_address_book_with_altid_and_tel_uri():
    people = read("proton-4.0.vcf")
    begona = people["Begoña Peña"]
    assert begona.phones == ["+34-633-444-555"]
    assert (begona.role, begona.company) == ("Diseñadora UX", "Estudio Nube")
    assert begona.nickname == "Bego" and begona.notes == ""
    kept = {(k.name, k.value): k.params for k in begona.kept_properties}
    assert kept[("FN", "Begona Pena")] == {"ALTID": ["1"], "LANGUAGE": ["en"]}
    assert ("GENDER", "F") in kept and ("ROLE", "Diseñadora UX") in kept
    assert [(t.value, t.types) for t in begona.typed] == [
        ("begona@estudionube.es", ["work", "pref"]),
        ("+34-633-444-555", ["voice", "cell"]),
    ]
    assert people["Oliver Walker"].notes == "Founder at GreenRoute; raising a seed round."


def test_a_line_that_is_no_vcard_line_keeps_its_card_and_a_lost_card_says_so():
    cards, errors = read_vcards((DATA / "broken.vcf").read_bytes())
    assert [c.person.name for c in cards] == ["Good One", "Bad One", "Also Good"]
    bad = cards[1]
    assert bad.person.notes == "this line has no colon"  # kept, not lost
    assert bad.problems == ["line 8: not a vCard line, kept in the notes: 'this line has no colon'"]
    # The card with nothing but a broken email is lost: the message says the whole
    # card went, and names the line of the bad value itself (18).
    [error] = errors
    assert error.startswith("line 16: the whole card (to line 19) cannot be read: line 18:")
    assert "not an email address" in error


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_round_trip_keeps_every_field(version):
    person = Person(
        name="María José Núñez-Peña",
        handles=[Handle(network="twitter", value="@mj"), Handle(network="linkedin", value="in/mj")],
        emails=["mj@example.org", "m.j@work.es"],
        phones=["+34 600 111 222"],
        role="Abogada laboralista",
        company="Despacho; Ortega, S.L.",
        location="Sevilla",
        about="Works on employment law\nand startups",
        goals=["Open an office in Lisboa", "Write a book"],
        concerns=["Cash flow"],
        how_we_met="PyConES, a talk on remote work",
        tags=["legal", "sevilla"],
        met_in_person="2026-03-12",
        last_contact="2026-11-20",
        cadence="FREQ=MONTHLY;INTERVAL=3",
        notes="Likes coffee, a lot.\nLine two; with semicolons \\ and backslashes",
        uids=["urn:uuid:abc"],
    )
    person.validate()
    text = write_vcard(person, version)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    [card], errors = read_vcards(text.encode())
    assert errors == []
    back = card.person
    ignore = {"created", "updated"}
    assert {k: v for k, v in back.to_dict().items() if k not in ignore} == {
        k: v for k, v in person.to_dict().items() if k not in ignore
    }


def test_merging_two_duplicates_keeps_everything_of_both():
    first = Person(
        name="Ana García",
        emails=["ana@a.org"],
        role="Lawyer",
        tags=["legal"],
        notes="Met at a talk",
        met_in_person="2025-05-01",
    )
    second = Person(
        name="Ana Garcia",
        emails=["ana@a.org", "ana@b.org"],
        company="Ortega",
        phones=["+34 600 000 000"],
        tags=["sevilla"],
        notes="Has two kids",
        met_in_person="2024-01-01",
        handles=[Handle(network="twitter", value="@ana")],
    )
    both = merged(first, second)
    assert both.id == first.id and both.name == "Ana García" and both.role == "Lawyer"
    assert both.emails == ["ana@a.org", "ana@b.org"] and both.company == "Ortega"
    assert both.phones == ["+34 600 000 000"] and both.tags == ["legal", "sevilla"]
    assert both.notes == "Met at a talk\n\nHas two kids"
    assert both.met_in_person == "2024-01-01"  # the first meeting is the earliest
    assert both.handles == second.handles
    plan = plan_import([first], [second])
    assert plan.new == [] and [p.id for p in plan.changed] == [first.id]


def test_import_cli_is_idempotent_and_dry_run_writes_nothing(cli_env, db_path):
    files = [str(p) for p in sorted(DATA.glob("*.vcf"))]

    def run(*args):
        return run_nettui(cli_env, *args)

    dry = run("import", *files, "--dry-run")
    assert dry.returncode == 1  # the broken cards were skipped
    assert "would add 3 people" in dry.stdout and not db_path.exists()
    # broken.vcf: 4 cards, of which 1 (an email that is none, and nothing else) is skipped
    assert (
        "broken.vcf: 4 cards read: would add 3 people, 1 value kept in the notes, 1 skipped."
        in dry.stdout
    )
    assert "broken.vcf:8: not a vCard line" in dry.stderr and "Traceback" not in dry.stderr
    assert "the whole card (to line 19) cannot be read" in dry.stderr
    first = run("import", *files)
    with Repository(db_path) as repo:
        count = repo.count_people()
        assert count == 10
    second = run("import", *files)
    assert second.stdout.count("added 0 people") == 5, second.stdout
    with Repository(db_path) as repo:
        assert repo.count_people() == count
    assert first.returncode == second.returncode == 1


def test_export_then_import_into_an_empty_store_gives_the_same_people(cli_env, tmp_path):
    def run(env, *args):
        result = run_nettui(env, *args)
        assert result.returncode in (0, 1), result.stderr
        return result

    run(cli_env, "import", *[str(p) for p in sorted(DATA.glob("*.vcf"))])
    for fmt in ("vcf", "vcf4"):
        out = tmp_path / f"out.{fmt}"
        run(cli_env, "export", "--format", fmt, "-o", str(out))
        other = dict(cli_env, NETTUI_DB=str(tmp_path / fmt / "n.json"))
        run(other, "import", str(out))
        with Repository(Path(cli_env["NETTUI_DB"])) as a, Repository(Path(other["NETTUI_DB"])) as b:
            ignore = {"created", "updated"}
            left = [{k: v for k, v in p.to_dict().items() if k not in ignore} for p in a.people()]
            right = [{k: v for k, v in p.to_dict().items() if k not in ignore} for p in b.people()]
            assert left == right


TWO_AT_IBM = b"""BEGIN:VCARD\r
VERSION:3.0\r
UID:card-1\r
FN:Ana Garcia\r
EMAIL;TYPE=WORK:ana@ibm.example\r
TEL;TYPE=WORK:+34 600 111 222\r
URL;TYPE=WORK:http://www.ibm.com\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
UID:card-2\r
FN:Luis Ortega\r
EMAIL;TYPE=WORK:luis@ibm.example\r
TEL;TYPE=WORK:+34 600 333 444\r
URL;TYPE=WORK:http://www.ibm.com\r
END:VCARD\r
"""


def test_two_people_who_share_a_company_website_stay_two(cli_env, db_path, tmp_path):
    """Outlook puts the company's site on every card: it named one person before, so
    the second card was merged into the first and "Luis Ortega" was found nowhere."""
    cards = tmp_path / "ibm.vcf"
    cards.write_bytes(TWO_AT_IBM)
    assert run_nettui(cli_env, "import", str(cards)).returncode == 0
    with Repository(db_path) as repo:
        assert sorted(p.name for p in repo.people()) == ["Ana Garcia", "Luis Ortega"]
    # A social profile's address still names one person: the same card merges.
    profile = Person(
        name="A", handles=[Handle(network="linkedin", value="https://linkedin.com/in/ana")]
    )
    again = Person(
        name="B", handles=[Handle(network="linkedin", value="https://linkedin.com/in/ana")]
    )
    assert plan_import([profile], [again]).new == []


def test_a_card_with_only_a_one_word_name_is_not_added_again(cli_env, db_path, tmp_path):
    cards = tmp_path / "mononym.vcf"
    cards.write_bytes("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:최유림\r\nEND:VCARD\r\n".encode())
    for _ in range(2):
        assert run_nettui(cli_env, "import", str(cards)).returncode == 0
    with Repository(db_path) as repo:
        assert [p.name for p in repo.people()] == ["최유림"]
    # Two cards named "Ana", each with an email of her own, stay two people.
    ana_one = Person(name="Ana", emails=["ana@one.example"])
    ana_two = Person(name="Ana", emails=["ana@two.example"])
    assert len(plan_import([ana_one], [ana_two]).new) == 1


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_a_note_with_carriage_returns_exports_cards_every_reader_can_read(version):
    """Outlook and Lotus write =0D=0A in quoted-printable notes: the CR was written raw,
    and reading our own export back stopped after a few cards."""
    people = [
        Person(name=f"Persona {n}", notes="Llamar el lunes\r\nVive en Bilbao\rDos hijos")
        if n % 2
        else Person(name=f"Persona {n}", notes="Sin nota especial")
        for n in range(16)
    ]
    text = "".join(write_vcard(p, version) for p in people)
    assert "\r" not in text.replace("\r\n", "")  # no CR but the line endings
    cards, errors = read_vcards(text.encode())
    assert errors == [] and len(cards) == 16
    assert cards[1].person.notes == "Llamar el lunes\nVive en Bilbao\nDos hijos"


@pytest.mark.parametrize("name", ["apple-3.0.vcf", "android-2.1.vcf", "broken.vcf"])
def test_cr_cr_lf_line_endings_read_as_the_file_itself(name):
    """An iPhone export passed through a converter ends its lines with CR CR LF: the
    whole card was lost, and an error named line 50 for line 26."""
    data = (DATA / name).read_bytes().replace(b"\r\n", b"\n")
    crcrlf = data.replace(b"\n", b"\r\r\n")
    cards, errors = read_vcards(data)
    cards_too, errors_too = read_vcards(crcrlf)

    def fields(found):
        made = ("id", "created", "updated")  # new for each reading
        return [{k: v for k, v in c.person.to_dict().items() if k not in made} for c in found]

    assert fields(cards_too) == fields(cards) and cards
    assert errors_too == errors  # the same line numbers


def test_one_bad_value_does_not_lose_the_card():
    """Outlook 2003 wrote `TEL;WORK;VOICE:BusinessPhone`: the whole card (name, email,
    company, note) was rejected, and the error named the card's first line."""
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Richter;John\r\nFN:John Richter\r\n"
        "ORG:Contoso\r\nTEL;WORK;VOICE:BusinessPhone\r\nTEL;CELL:+49 170 1234567\r\n"
        "EMAIL;INTERNET:john@contoso.example\r\nEMAIL;INTERNET:not-an-address\r\n"
        "NOTE:Met at CeBIT\r\nEND:VCARD\r\n"
    )
    cards, errors = read_vcards(card.encode())
    assert errors == []
    [john] = [c.person for c in cards]
    assert john.name == "John Richter" and john.company == "Contoso"
    assert john.phones == ["+49 170 1234567"] and john.emails == ["john@contoso.example"]
    assert "Met at CeBIT" in john.notes
    assert "Phone (line 6, not a number): BusinessPhone" in john.notes  # nothing lost
    assert "Email (line 9, not an address): not-an-address" in john.notes


def test_social_profiles_come_back_as_they_came_while_the_handle_is_held():
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Íñigo\r\n"
        "X-SOCIALPROFILE;type=twitter;x-user=inigoib:https://twitter.com/inigoib\r\n"
        "item1.IMPP;X-SERVICE-TYPE=Telegram:x-apple:inigoib\r\n"
        "item1.X-ABLabel:Chat\r\nEND:VCARD\r\n"
    )
    [read], errors = read_vcards(card.encode())
    person = read.person
    assert errors == [] and person.handles == [
        Handle(network="twitter", value="inigoib"),
        Handle(network="telegram", value="inigoib"),
    ]
    text = write_vcard(person)
    assert "X-SOCIALPROFILE;TYPE=twitter;X-USER=inigoib:https://twitter.com/inigoib\r\n" in text
    assert "item1.IMPP;X-SERVICE-TYPE=Telegram:x-apple:inigoib\r\nitem1.X-ABLABEL:Chat\r\n" in text
    assert text.count("inigoib") == 3  # written once each, not rebuilt beside
    # A handle the user removed does not come back, nor its label; one added is written.
    person.handles = [
        Handle(network="telegram", value="inigoib"),
        Handle(network="github", value="inigo"),
    ]
    text = write_vcard(person)
    assert "twitter" not in text and "X-SOCIALPROFILE;TYPE=github:inigo\r\n" in text
    person.handles = [Handle(network="twitter", value="inigoib")]
    text = write_vcard(person)
    assert "IMPP" not in text and "Chat" not in text and "item1" not in text


def test_an_address_of_more_than_seven_parts_keeps_the_rest_in_its_country():
    parts = ";".join(f"p{n}" for n in range(1, 21))
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nADR:{parts}\r\nEND:VCARD\r\n"
    [read], errors = read_vcards(card.encode())
    assert errors == []
    [address] = read.person.addresses
    assert (address.street, address.locality) == ("p3", "p4")
    assert address.country == ", ".join(f"p{n}" for n in range(7, 21))
    assert read.problems == [
        "line 4: the address has more than seven parts: those past the seventh are in its country"
    ]
    assert "p20" in write_vcard(read.person)


def test_one_number_for_voice_and_fax_is_written_as_the_two_tels_it_came_as():
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Erik\r\nTEL;WORK;VOICE:+46 8 123 456 00\r\n"
        "TEL;WORK;FAX:+46 8 123 456 00\r\nEND:VCARD\r\n"
    )
    [read], errors = read_vcards(card.encode())
    assert errors == [] and read.person.phones == ["+46 8 123 456 00"]  # one, nothing lost
    assert [t.types for t in read.person.typed] == [["work", "voice", "fax"]]
    text = write_vcard(read.person)
    assert "TEL;TYPE=WORK,VOICE:+46 8 123 456 00\r\nTEL;TYPE=WORK,FAX:+46 8 123 456 00\r\n" in text
    [again], _errors = read_vcards(text.encode())
    assert write_vcard(again.person) == text


def test_apples_own_labels_are_written_back_as_plain_words_khard_can_show():
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Íñigo\r\n"
        "item1.URL:https://inigo.example\r\nitem1.X-ABLabel:_$!<HomePage>!$_\r\n"
        "item2.EMAIL:i@x.example\r\nitem2.X-ABLabel:_$!<Other>!$_\r\n"
        "item3.TEL:+34 955 00 11 22\r\nitem3.X-ABLabel:Estudio\r\nEND:VCARD\r\n"
    )
    [read], _errors = read_vcards(card.encode())
    text = write_vcard(read.person)
    assert "X-ABLabel:HomePage\r\n" in text and "X-ABLabel:Other\r\n" in text
    assert "_$!<" not in text
    assert "X-ABLabel:Estudio\r\n" in text  # a label of the user's own stays as it is
