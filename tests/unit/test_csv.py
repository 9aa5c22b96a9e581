"""Contacts CSV: Google (both layouts), LinkedIn, Outlook in; Google's layout out."""

from __future__ import annotations

from pathlib import Path

from nettui.domain.models import Handle, Person
from nettui.io.csv import read_csv, write_google_csv
from nettui.store.repository import Repository
from tests.cli_in_process import run_nettui

DATA = Path(__file__).parents[1] / "data" / "csv"


def read(name: str) -> tuple[dict[str, Person], str]:
    rows, errors, kind = read_csv((DATA / name).read_bytes())
    assert errors == []
    return {r.person.name: r.person for r in rows}, kind


def test_google_current_layout_with_bom_numbered_groups_and_multiple_values():
    people, kind = read("google.csv")
    assert kind == "Google"
    lucia = people["Lucía Fernández"]
    assert lucia.emails == ["lucia@gmail.com", "lucia.f@gmail.com", "lucia@analytica.io"]
    assert lucia.phones == ["+34 622 333 444"]
    assert (lucia.company, lucia.role, lucia.location) == ("Analytica", "Data scientist", "Sevilla")
    assert lucia.tags == ["Sevilla Tech"]  # "* myContacts" is Google's own group
    assert lucia.handles == [
        Handle(network="linkedin", value="https://www.linkedin.com/in/lucia-f")
    ]
    for kept in ("Met at PyConES", "Nickname: Lu", "Birthday: 1990-01-22", "Country: Spain"):
        assert kept in lucia.notes
    jose = people["José María Núñez"]
    assert jose.phones == ["+34 91 555 12 34", "+34 600 111 222"]


def test_google_older_layout():
    people, kind = read("google-old.csv")
    assert kind == "Google (older layout)"
    grace = people["Grace Smith"]
    assert (grace.emails, grace.phones) == (["grace@example.co.uk"], ["+44 7700 900123"])
    assert (grace.company, grace.role, grace.tags) == ("Acme Ltd", "Research lead", ["Friends"])
    assert grace.notes == "Old friend from London"


def test_linkedin_connections_are_online_only_with_profile_and_date():
    people, kind = read("linkedin.csv")
    assert kind == "LinkedIn"
    oliver = people["Oliver Walker"]
    assert oliver.handles == [
        Handle(network="linkedin", value="https://www.linkedin.com/in/oliverwalker")
    ]
    assert oliver.how_we_met == "LinkedIn, connected on 12 Mar 2024"
    assert (oliver.company, oliver.role, oliver.met_in_person) == ("GreenRoute", "Founder", None)
    assert people["Begoña Peña"].emails == ["begona@estudionube.es"]


def test_outlook_semicolons_and_windows_1252():
    people, kind = read("outlook.csv")
    assert kind == "Outlook"
    inigo = people["Sr. Íñigo Ibáñez"]
    assert (inigo.emails, inigo.phones) == (["inigo@luzyfoco.es"], ["+34 611 22 33 44"])
    assert (inigo.company, inigo.role, inigo.tags) == (
        "Luz y Foco",
        "Fotógrafo",
        ["Clientes", "Sevilla"],
    )
    assert "E-mail Display Name: Íñigo (Luz y Foco)" in inigo.notes


def test_a_bad_row_is_named_and_the_others_import():
    data = b"First Name,Last Name,E-mail 1 - Value\nAna,Garcia,ana@x.org\nBad,Row,not-an-email\n"
    rows, errors, _ = read_csv(data)
    assert [r.person.name for r in rows] == ["Ana Garcia"]
    assert errors == ["line 3: 'not-an-email' is not an email address (name@example.org)."]


def test_google_csv_round_trip_keeps_every_field():
    person = Person(
        name="María José Núñez-Peña",
        handles=[
            Handle(network="twitter", value="@mj"),
            Handle(network="linkedin", value="https://www.linkedin.com/in/mj"),
        ],
        emails=["mj@example.org", "m.j@work.es"],
        phones=["+34 600 111 222"],
        role="Abogada laboralista",
        company="Despacho Ortega, S.L.",
        location="Sevilla",
        about="Employment law",
        goals=["Open an office in Lisboa", "Write a book"],
        concerns=["Cash flow"],
        how_we_met="PyConES",
        tags=["legal", "sevilla"],
        met_in_person="2026-03-12",
        last_contact="2026-11-20",
        cadence="FREQ=MONTHLY;INTERVAL=3",
        notes='Likes coffee, "a lot".\nLine two',
    )
    person.validate()
    rows, errors, kind = read_csv(write_google_csv([person, Person(name="Ana")]))
    assert errors == [] and kind == "Google"
    back = rows[0].person
    ignore = {"created", "updated"}
    assert {k: v for k, v in back.to_dict().items() if k not in ignore} == {
        k: v for k, v in person.to_dict().items() if k not in ignore
    }


def test_csv_import_is_idempotent(cli_env, db_path):
    files = [str(p) for p in sorted(DATA.glob("*.csv"))]

    def run(*args):
        return run_nettui(cli_env, *args)

    first = run("import", *files)
    assert first.returncode == 0, first.stderr
    assert "LinkedIn CSV rows read" in first.stdout
    with Repository(db_path) as repo:
        count = repo.count_people()
    assert count == 6
    again = run("import", *files)
    assert again.stdout.count("added 0 people") == 4
    with Repository(db_path) as repo:
        assert repo.count_people() == count
