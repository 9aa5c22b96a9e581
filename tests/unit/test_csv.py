"""Contacts CSV: Google (both layouts), LinkedIn, Outlook in, every field where it
belongs; Google's layout out, and a CSV round trip that loses nothing but the photo."""

from __future__ import annotations

from pathlib import Path

from nettui.domain.card import Address, KeptProperty, Organisation, TypedValue
from nettui.domain.models import Handle, Person
from nettui.io.csv import read_csv, write_google_csv
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui

DATA = Path(__file__).parents[1] / "data" / "csv"


def read(name: str) -> tuple[dict[str, Person], str]:
    rows, errors, kind = read_csv((DATA / name).read_bytes())
    assert errors == []
    return {r.person.name: r.person for r in rows}, kind


def typed(person: Person) -> list[tuple[str, list[str], str]]:
    return [(t.value, t.types, t.label) for t in person.typed]


def kept(person: Person) -> dict[str, str]:
    return {f"{k.group}.{k.name}".lstrip("."): k.value for k in person.kept_properties}


def test_google_current_layout_every_field_lands_in_its_place():
    people, kind = read("google.csv")
    assert kind == "Google"
    lucia = people["Dra. Lucía Fernández PhD"]
    assert (lucia.name_prefix, lucia.given_name, lucia.family_name, lucia.name_suffix) == (
        "Dra.",
        "Lucía",
        "Fernández",
        "PhD",
    )
    assert (lucia.nickname, lucia.birthday, lucia.anniversary) == ("Lu", "1990-01-22", "--06-14")
    assert (lucia.company, lucia.role, lucia.departments) == (
        "Analytica",
        "Data scientist",
        ["Research"],
    )
    assert lucia.tags == ["Sevilla Tech"]  # "* myContacts" and "* starred" are Google's own
    # " ::: " joins two values with one label; "* " marks Google's primary one.
    assert lucia.emails == ["lucia@gmail.com", "lucia.f@gmail.com", "lucia@analytica.io"]
    assert typed(lucia)[:3] == [
        ("lucia@gmail.com", ["pref", "home"], "Home"),
        ("lucia.f@gmail.com", ["pref", "home"], "Home"),
        ("lucia@analytica.io", ["work"], "Work"),
    ]
    # Google's U+202D/U+202C marks are gone; a fax is told from a mobile.
    assert lucia.phones == ["+34 622 333 444", "+34 954 000 111"]
    assert typed(lucia)[3:5] == [
        ("+34 622 333 444", ["cell"], "Mobile"),
        ("+34 954 000 111", ["work", "fax"], "Work Fax"),
    ]
    assert lucia.addresses == [
        Address(
            extended="2º B",
            street="Calle Feria 12",
            locality="Sevilla",
            region="Andalucía",
            postal_code="41003",
            country="Spain",
            types=["home"],
            label="Home",
        )
    ]
    assert lucia.location == "Sevilla"
    assert lucia.urls == ["https://lucia.example/blog"]
    assert lucia.handles == [
        Handle(network="linkedin", value="https://www.linkedin.com/in/lucia-f")
    ]  # a profile names the person: a handle, not just a web address
    assert lucia.notes == "Met at PyConES"  # nothing else was put in the notes
    assert kept(lucia) == {
        "X-PHONETIC-FIRST-NAME": "loo-THEE-ah",
        "PHOTO": "https://lh3.googleusercontent.com/contacts/abc",
        "relation1.X-ABRELATEDNAMES": "Marta",
        "relation1.X-ABLABEL": "Spouse",
        "X-CSV-SHOE-SIZE": "38",
    }
    jose = people["José María Núñez"]
    assert jose.additional_names == "María"
    assert jose.phones == ["+34 91 555 12 34", "+34 600 111 222"]


def test_google_older_layout():
    people, kind = read("google-old.csv")
    assert kind == "Google (older layout)"
    grace = people["Grace Smith"]
    assert grace.emails == ["grace@example.co.uk", "gsmith@acme.example"]
    assert typed(grace)[2:4] == [
        ("+44 7700 900123", ["cell"], "Mobile"),
        ("+44 20 7946 0000", ["pager"], "Pager"),
    ]
    assert (grace.company, grace.role, grace.departments) == ("Acme Ltd", "Research lead", ["R&D"])
    assert grace.other_organisations == [Organisation(name="Royal Society")]
    assert grace.other_titles == ["Fellow"]
    assert (grace.birthday, grace.anniversary, grace.tags) == ("--12-09", "2001-05-19", ["Friends"])
    [address] = grace.addresses
    assert (address.po_box, address.street, address.postal_code, address.types) == (
        "PO Box 42",
        "1 Canada Square",
        "E14 5AB",
        ["work"],
    )
    assert grace.urls == ["https://grace.example.co.uk"]
    assert Handle(network="skype", value="grace.smith") in grace.handles
    assert kept(grace) == {"X-CSV-MAIDEN-NAME": "Hopper", "X-CSV-GENDER": "female"}
    assert grace.notes == "Old friend from London"


def test_linkedin_connections_are_online_only_with_profile_and_date():
    people, kind = read("linkedin.csv")
    assert kind == "LinkedIn"
    oliver = people["Oliver Walker"]
    assert oliver.handles == [
        Handle(network="linkedin", value="https://www.linkedin.com/in/oliverwalker")
    ]
    assert (oliver.given_name, oliver.family_name) == ("Oliver", "Walker")
    assert oliver.how_we_met == "LinkedIn, connected on 12 Mar 2024"
    assert (oliver.company, oliver.role, oliver.met_in_person) == ("GreenRoute", "Founder", None)
    assert people["Begoña Peña"].emails == ["begona@estudionube.es"]


def test_outlook_title_is_a_name_prefix_and_columns_say_the_types():
    rows, errors, kind = read_csv((DATA / "outlook.csv").read_bytes())
    assert (kind, errors) == ("Outlook", [])
    inigo = rows[0].person
    assert (inigo.name, inigo.name_prefix) == ("Sr. Íñigo Ibáñez", "Sr.")
    assert (inigo.company, inigo.departments, inigo.role) == (
        "Luz y Foco",
        ["Estudio"],
        "Fotógrafo",
    )
    assert inigo.tags == ["Clientes", "Sevilla"]
    assert inigo.emails == ["inigo@luzyfoco.es"]
    assert typed(inigo) == [
        ("+34 954 111 222", ["work", "fax"], ""),
        ("+34 611 22 33 44", ["cell"], ""),
        ("+34 954 111 200", [], "Company Main Phone"),
    ]
    assert inigo.addresses == [
        Address(
            street="Calle Mayor 3",
            extended="Local 2",
            locality="Sevilla",
            region="Sevilla",
            postal_code="41001",
            country="España",
            types=["work"],
        )
    ]
    assert (inigo.birthday, inigo.anniversary) == ("1985-03-21", None)  # 0/0/00: none
    assert inigo.urls == ["http://www.luzyfoco.es/"]
    # Outlook's defaults (Gender "Unspecified", E-mail Type "SMTP") are not kept.
    assert kept(inigo) == {
        "X-CSV-CHILDREN": "Lucas",
        "X-CSV-E-MAIL-DISPLAY-NAME": "Íñigo (Luz y Foco)",
        "X-CSV-INITIALS": "I.I.",
    }


def test_a_bad_phone_email_or_date_keeps_the_row_and_names_its_line():
    rows, errors, _kind = read_csv((DATA / "outlook.csv").read_bytes())
    assert errors == []
    carmen = rows[1].person
    assert carmen.name == "Carmen Ruiz"
    assert carmen.phones == ["+34 622 000 111"] and carmen.emails == ["carmen@ruiz.example"]
    for kept_note in (
        "Business Phone (line 3, not a number): Llamar por la tarde",
        "E-mail Address (line 3, not an address): carmen.ruiz@",
        "Birthday (line 3, not a date): 31/31/1990",
    ):
        assert kept_note in carmen.notes
    assert rows[1].problems == [
        "line 3: birthday must be a date like 1990-01-22, or --01-22 without the year; "
        "got '31/31/1990'.",
        "line 3: 'Llamar por la tarde' is not a phone number: it has too few digits.",
        "line 3: 'carmen.ruiz@' is not an email address (name@example.org).",
    ]


def test_a_row_that_is_no_person_is_named_and_the_others_import():
    data = b"First Name,Last Name,E-mail 1 - Value\nAna,Garcia,ana@x.org\n,,not-an-email\n"
    rows, errors, _ = read_csv(data)
    assert [r.person.name for r in rows] == ["Ana Garcia"]
    assert errors == ["line 3: A person needs a name, or at least a handle or an email."]


def test_a_generic_file_title_is_a_job_title_and_unknown_columns_are_kept():
    data = "Name,Title,Email,Mobile,Favourite Café\nAna Gil,CTO,ana@gil.example,600 111 222,Sí\n"
    [row], errors, kind = read_csv(data.encode())
    assert (kind, errors) == ("generic", [])
    ana = row.person
    assert (ana.role, ana.name_prefix, ana.emails, ana.phones) == (
        "CTO",
        "",
        ["ana@gil.example"],
        ["600 111 222"],
    )
    assert ana.kept_properties == [KeptProperty(name="X-CSV-FAVOURITE-CAFE", value="Sí")]


def whole_person() -> Person:
    person = Person(
        name="Dr. María José Núñez-Peña Jr.",
        name_prefix="Dr.",
        given_name="María José",
        additional_names="Ana",
        family_name="Núñez-Peña",
        name_suffix="Jr.",
        nickname="Majo",
        handles=[
            Handle(network="twitter", value="@mj"),
            Handle(network="linkedin", value="https://www.linkedin.com/in/mj"),
        ],
        emails=["mj@example.org", "m.j@work.es"],
        phones=["+34 600 111 222", "+34 954 000 111", "+34 91 000 0000"],
        urls=["https://mj.example", "https://www.linkedin.com/company/despacho"],
        typed=[
            TypedValue(of="emails", value="mj@example.org", types=["home", "pref"]),
            TypedValue(of="emails", value="m.j@work.es", types=["work"], label="Despacho"),
            TypedValue(of="phones", value="+34 600 111 222", types=["cell", "voice"]),
            TypedValue(of="phones", value="+34 954 000 111", types=["work", "fax"]),
            TypedValue(of="urls", value="https://mj.example", label="Blog"),
        ],
        addresses=[
            Address(
                po_box="Apartado 7",
                extended="2º B",
                street="Calle Feria 12",
                locality="Sevilla",
                region="Andalucía",
                postal_code="41003",
                country="España",
                types=["home"],
            ),
            Address(street="Rua Augusta 1", locality="Lisboa", label="Summer"),
        ],
        birthday="--01-22",
        anniversary="2010-06-14",
        role="Abogada laboralista",
        company="Despacho Ortega, S.L.",
        departments=["Laboral", "Madrid"],
        other_organisations=[Organisation(name="Colegio de Abogados", units=["Comisión"])],
        other_titles=["Profesora"],
        location="Sevilla",
        about="Employment law",
        goals=["Open an office in Lisboa", "Write a book"],
        concerns=["Cash flow"],
        how_we_met="PyConES",
        tags=["legal", "sevilla"],
        met_in_person="2026-03-12",
        last_contact="2026-11-20",
        cadence="FREQ=MONTHLY;INTERVAL=3",
        uids=["urn:uuid:0b6e9c1a-1111-4a4a-9c9c-123456789abc", "google:c123"],
        notes='Likes coffee, "a lot".\nLine two ::: not a list',
        kept_properties=[
            KeptProperty(group="item1", name="X-ABDATE", value="2015-03-01"),
            KeptProperty(group="item1", name="X-ABLABEL", value="_$!<Other>!$_"),
            KeptProperty(name="X-CUSTOM", params={"TYPE": ["a", "b"]}, value="one\\, two\\nthree"),
            KeptProperty(name="GENDER", value="F"),
        ],
    )
    person.validate()
    return person


def test_csv_round_trip_of_every_field_gives_the_same_file_and_the_same_records(
    cli_env, db_path, tmp_path
):
    people = [whole_person(), Person(name="Ana"), Person(name="Luis Gil", phones=["600 1 2 3"])]
    for person in people:
        person.validate()
    with Repository(db_path) as repo:
        repo.add_many(people)
    first = tmp_path / "first.csv"
    done = run_nettui(cli_env, "export", "--format", "csv", "-o", str(first))
    assert done.returncode == 0, done.stderr
    empty_env = {**cli_env, "NETTUI_DB": str(tmp_path / "empty" / "nettui.json")}
    done = run_nettui(empty_env, "import", str(first))
    assert done.returncode == 0 and "added 3 people" in done.stdout, done.stdout + done.stderr
    second = tmp_path / "second.csv"
    done = run_nettui(empty_env, "export", "--format", "csv", "-o", str(second))
    assert second.read_bytes() == first.read_bytes()

    made = {"created", "updated"}  # when each store wrote it
    with Repository(db_path) as before, Repository(tmp_path / "empty" / "nettui.json") as after:
        old = {
            p.id: {k: v for k, v in p.to_dict().items() if k not in made} for p in before.people()
        }
        new = {
            p.id: {k: v for k, v in p.to_dict().items() if k not in made} for p in after.people()
        }
    assert new == old


def test_google_reads_the_columns_it_knows_in_our_export():
    """What a program reading only Google's columns gets from our export."""
    text = write_google_csv([whole_person()]).decode()
    header, row = text.split("\r\n")[:2]
    assert header.startswith("First Name,Middle Name,Last Name,Phonetic First Name,")
    assert "E-mail 1 - Label,E-mail 1 - Value" in header
    assert "* Home,mj@example.org" in row and "Despacho,m.j@work.es" in row
    assert "Mobile,+34 600 111 222" in row and "Work Fax,+34 954 000 111" in row
    assert "Apartado 7,Andalucía,41003,España,2º B" in row  # PO Box, region, code...
    assert "Anniversary,2010-06-14" in row and "--01-22" in row


def test_old_csv_exports_still_import():
    """nettui's exports before the whole card: handles as websites, name split in two."""
    old = (
        "First Name,Middle Name,Last Name,Notes,Labels,Organization Name,Organization Title,"
        "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Website 1 - Label,"
        "Website 1 - Value,Website 2 - Label,Website 2 - Value,Custom Field 1 - Label,"
        "Custom Field 1 - Value,Custom Field 2 - Label,Custom Field 2 - Value\r\n"
        "María José,,Núñez,Hi,legal ::: sevilla,Despacho,Abogada,,mj@example.org,,600 111 222,"
        "twitter,@mj,linkedin,https://www.linkedin.com/in/mj,Goals,Write a book ::: Run,"
        "Nettui Id,abc123\r\n"
    )
    [row], errors, _kind = read_csv(old.encode())
    person = row.person
    assert errors == [] and person.id == "abc123"
    assert person.handles == [
        Handle(network="twitter", value="@mj"),
        Handle(network="linkedin", value="https://www.linkedin.com/in/mj"),
    ]
    assert (person.name, person.tags, person.goals) == (
        "María José Núñez",
        ["legal", "sevilla"],
        ["Write a book", "Run"],
    )


def test_csv_import_is_idempotent(cli_env, db_path):
    files = [str(p) for p in sorted(DATA.glob("*.csv"))]

    def run(*args):
        return run_nettui(cli_env, *args)

    first = run("import", *files)
    assert first.returncode == 0, first.stderr
    assert "LinkedIn CSV rows read" in first.stdout
    with Repository(db_path) as repo:
        count = repo.count_people()
    assert count == 7
    again = run("import", *files)
    assert again.stdout.count("added 0 people") == 4
    with Repository(db_path) as repo:
        assert repo.count_people() == count


def test_outlooks_unicode_export_utf16_with_tabs_is_read():
    """Outlook's "Unicode text" export: UTF-16 with a byte order mark, tab separated."""
    data = (
        "First Name\tLast Name\tE-mail Address\tBusiness Phone\r\n"
        "Jürgen\tMüller\tj@mueller.example\t+49 30 1234567\r\n"
    ).encode("utf-16")
    rows, errors, _label = read_csv(data)
    [row] = rows
    assert (row.person.name, row.person.emails) == ("Jürgen Müller", ["j@mueller.example"])
    assert row.person.phones == ["+49 30 1234567"] and errors == []


def test_our_export_of_notes_longer_than_the_csv_modules_limit_reads_back():
    """Python's csv refuses a cell over 128 KiB by default: a 300 KiB note was skipped."""
    notes = "\n".join(f"meeting {n}: " + "x" * 70 for n in range(4000))
    assert len(notes.encode()) > 300 * 1024
    person = Person(name="Long Notes", emails=["long@notes.example"], notes=notes)
    [back], errors, _kind = read_csv(write_google_csv([person]))
    assert errors == []
    assert back.person.notes == notes
