"""The whole card as typed and read: labels, addresses, birthdays, name parts, search."""

from __future__ import annotations

from datetime import date

import pytest

from nettui.domain.card import Address, KeptProperty, TypedValue
from nettui.domain.card_text import (
    addresses_text,
    describe_partial_date,
    parse_addresses,
    parse_partial_date,
    parse_values,
    settle_name_parts,
    values_text,
)
from nettui.domain.errors import ValidationError
from nettui.domain.models import Person
from nettui.domain.search import PersonIndex, build_entries
from nettui.i18n import set_language

TODAY = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def whole_card() -> Person:
    return Person(
        name="Ana García",
        nickname="Anita",
        phones=["+34 600 11 22 33", "+34 91 555 12 34"],
        emails=["ana@work.example"],
        urls=["https://ana.example"],
        typed=[
            TypedValue(of="phones", value="+34 600 11 22 33", types=["cell", "voice", "pref"]),
            TypedValue(of="phones", value="+34 91 555 12 34", types=["work"], label="Oficina"),
            TypedValue(of="emails", value="ana@work.example", types=["work", "internet"]),
        ],
        addresses=[
            Address(
                extended="222 Broadway",
                locality="New York",
                region="NY",
                postal_code="10038",
                country="USA",
                types=["work"],
            )
        ],
        birthday="1990-01-22",
        departments=["Laboral"],
        other_titles=["Profesora"],
        kept_properties=[KeptProperty(name="X-GENDER", value="F")],
    )


def test_an_untouched_form_text_gives_back_every_type_and_label():
    ana = whole_card()
    text = values_text(ana, "phones")
    assert text == "+34 600 11 22 33 (mobile, preferred)\n+34 91 555 12 34 (Oficina)"
    values, typed = parse_values(text, "phones", ana)
    assert values == ana.phones
    assert typed == [t for t in ana.typed if t.of == "phones"]  # voice kept, unseen
    addresses = parse_addresses(addresses_text(ana), ana)
    assert addresses == ana.addresses  # the street stays in the extended part


def test_a_changed_label_reads_type_words_in_either_language_or_becomes_the_label():
    ana = whole_card()
    text = "+34 600 11 22 33 (móvil, trabajo), +34 91 555 12 34 (Casa de verano)\n777 888"
    values, typed = parse_values(text, "phones", ana)
    assert values == ["+34 600 11 22 33", "+34 91 555 12 34", "777 888"]
    assert typed[0].types == ["cell", "work"] and typed[0].label == ""
    # A new label keeps the TYPEs it had: a work phone renamed is still a work phone.
    assert (typed[1].label, typed[1].types) == ("Casa de verano", ["work"])
    assert len(typed) == 2
    with pytest.raises(ValidationError, match="needs a value"):
        parse_values("(mobile)", "phones", ana)


def test_an_address_typed_in_is_put_in_its_parts_and_a_typo_fix_keeps_its_types():
    [madrid] = parse_addresses("Calle Mayor 1, 28013 Madrid, Spain (home)", None)
    assert (madrid.street, madrid.postal_code, madrid.locality, madrid.country) == (
        "Calle Mayor 1",
        "28013",
        "Madrid",
        "Spain",
    )
    assert madrid.types == ["home"]
    ana = whole_card()
    fixed = addresses_text(ana).replace("Broadway", "Broadway Ave")
    [address] = parse_addresses(fixed, ana)
    # A changed line is read afresh: the street Thunderbird put in the extended part is
    # now in the street, where the user's own line says it is.
    assert address.street == "222 Broadway Ave" and address.extended == ""
    assert address.postal_code == "10038" and address.types == ["work"]


@pytest.mark.parametrize(
    ("edited", "parts"),
    [
        (
            "Calle Feria 12, 41003 Sevilla, Spain (home)",
            ("", "", "Calle Feria 12", "Sevilla", "", "41003", "Spain"),
        ),
        (
            "Flat 2, Calle Feria 12, Sevilla (home)",
            ("", "Flat 2", "Calle Feria 12", "Sevilla", "", "", ""),
        ),
    ],
)
def test_a_changed_address_line_with_as_many_parts_is_not_filled_by_position(edited, parts):
    """A postal code or a flat added while another part went: the old places were
    filled in order, giving city="41003 Sevilla", or street="Flat 2"."""
    old = Address(street="Calle Feria 12", locality="Sevilla", country="Spain", types=["home"])
    ana = Person(name="Ana", addresses=[old])
    assert addresses_text(ana) == "Calle Feria 12, Sevilla, Spain (home)"
    [address] = parse_addresses(edited, ana)
    assert address.parts() == parts
    assert address.types == ["home"]


@pytest.mark.parametrize(
    ("typed", "lang", "stored"),
    [
        ("22 Jan", "en", "--01-22"),
        ("22 de enero", "es", "--01-22"),
        ("22 de enero de 1990", "es", "1990-01-22"),
        ("January 22, 1990", "en", "1990-01-22"),
        ("1990-01-22", "en", "1990-01-22"),
        ("--01-22", "en", "--01-22"),
        ("19900122", "en", "1990-01-22"),
        ("22/1/90", "es", "1990-01-22"),
        ("1/22/1990", "en", "1990-01-22"),
        ("29 feb", "en", "--02-29"),
        ("", "en", None),
    ],
)
def test_birthdays_as_people_type_them(typed, lang, stored):
    assert parse_partial_date(typed, "birthday", TODAY, lang) == stored


@pytest.mark.parametrize("typed", ["31 feb", "22 smarch", "2030-01-01", "1990-13-01"])
def test_a_birthday_that_is_not_one_says_so_in_one_sentence(typed):
    with pytest.raises(ValidationError) as problem:
        parse_partial_date(typed, "birthday", TODAY)
    assert repr(typed) in str(problem.value) and str(problem.value).count(". ") <= 1


def test_a_birthday_says_when_it_comes_next_and_the_age():
    assert describe_partial_date("1990-01-22", "birthday", TODAY) == (
        "22 January 1990 (in 48 days), age 36"
    )
    assert describe_partial_date("--12-05", "birthday", TODAY) == "5 December (today)"
    assert describe_partial_date("2015-12-06", "anniversary", TODAY) == (
        "6 December 2015 (tomorrow), 10 years"
    )
    set_language("es")
    assert describe_partial_date("1990-01-22", "birthday", TODAY) == (
        "22 de enero de 1990 (dentro de 48 días), 36 años"
    )


def test_name_parts_go_when_the_new_name_no_longer_holds_them():
    richter = Person(
        name="Mr. John Richter", name_prefix="Mr.", given_name="John", family_name="Richter"
    )
    richter.name = "Mr.  John Richter"  # only spacing: nothing to settle
    assert not settle_name_parts(richter, "Mr. John Richter")
    richter.name = "Dr. Mr. John Richter"  # every part still there
    assert not settle_name_parts(richter, "Mr. John Richter")
    assert richter.family_name == "Richter"
    richter.name = "John Smith"
    assert settle_name_parts(richter, "Mr. John Richter")
    assert (richter.name_prefix, richter.given_name, richter.family_name) == ("", "", "")


@pytest.mark.parametrize(
    "query", ["anita", "oficina", "fax", "new york", "10038", "usa", "laboral", "profesora",
              "enero", "january", "ana.example"],
)  # fmt: skip
def test_the_filter_finds_a_person_by_any_part_of_the_card(query):
    ana = whole_card()
    ana.typed.append(TypedValue(of="urls", value="https://ana.example", types=["fax"]))
    other = Person(name="Bea Ruiz", notes="born in march", phones=["555 0000"])
    index = PersonIndex(build_entries([ana.to_dict(), other.to_dict()]))
    assert list(index.search(query)) == [ana.id]


def test_a_birthday_month_never_outranks_a_name():
    june = Person(name="Ana Ruiz", birthday="--06-01")
    named = Person(name="Junio Pérez")
    index = PersonIndex(build_entries([june.to_dict(), named.to_dict()]))
    assert list(index.search("junio")) == [named.id, june.id]


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        (
            "Calle Mayor, 1, 28013 Madrid, España",
            ("", "", "Calle Mayor, 1", "Madrid", "", "28013", "España"),
        ),
        (
            "Apt 4B, 222 Broadway, New York, NY 10038, USA",
            ("", "Apt 4B", "222 Broadway", "New York", "NY", "10038", "USA"),
        ),
        ("Gran Vía 2, 3º B, 28013 Madrid", ("", "3º B", "Gran Vía 2", "Madrid", "", "28013", "")),
        (
            "10 Downing St, London SW1A 2AA, UK",
            ("", "", "10 Downing St", "London", "", "SW1A 2AA", "UK"),
        ),
        ("Calle Mayor 1, Madrid, España", ("", "", "Calle Mayor 1", "Madrid", "", "", "España")),
        (
            "Main St 5, Springfield, Illinois",
            ("", "", "Main St 5", "Springfield", "Illinois", "", ""),
        ),
        ("Apt 4B, 222 Broadway, New York", ("", "Apt 4B", "222 Broadway", "New York", "", "", "")),
        (
            "PO Box 12, Springfield, IL 62701",
            ("PO Box 12", "", "", "Springfield", "IL", "62701", ""),
        ),
        ("ask Juan", ("", "", "ask Juan", "", "", "", "")),
        (
            "5th Floor, 100 King St W, Toronto, ON M5X 1A9",
            ("", "5th Floor", "100 King St W", "Toronto", "ON", "M5X 1A9", ""),
        ),
        ("00-624 Warszawa, Polska", ("", "", "", "Warszawa", "", "00-624", "Polska")),
        ("Sydney NSW 2000", ("", "", "", "Sydney", "NSW", "2000", "")),
        ("Madrid", ("", "", "", "Madrid", "", "", "")),
        ("Moscow, Russia", ("", "", "", "Moscow", "", "", "Russia")),
        ("Tokyo 150-0002", ("", "", "", "Tokyo", "", "150-0002", "")),
        (
            "Av. Corrientes 1234, C1043AAZ Buenos Aires, Argentina",
            ("", "", "Av. Corrientes 1234", "Buenos Aires", "", "C1043AAZ", "Argentina"),
        ),
        ("Calle Mayor", ("", "", "Calle Mayor", "", "", "", "")),
        ("1234 Broadway, New York", ("", "", "1234 Broadway", "New York", "", "", "")),
    ],
)
def test_an_address_typed_as_on_an_envelope_lands_in_its_parts(line, parts):
    [address] = parse_addresses(line, None)
    assert address.parts() == parts
    # As the form shows it back, in ADR's order, it reads the same.
    assert parse_addresses(address.one_line(), None) == [address]


def test_an_edited_address_line_keeps_the_record_it_is_most_like():
    home = Address(street="Calle Mayor 1", locality="Madrid", postal_code="28013", types=["home"])
    work = Address(
        street="222 Broadway",
        locality="New York",
        region="NY",
        postal_code="10038",
        types=["work", "postal"],
    )
    ana = Person(name="Ana", addresses=[home, work])
    assert addresses_text(ana).splitlines()[1] == "222 Broadway, New York, NY, 10038 (work)"
    # The home line deleted and a typo fixed in the work line: still the work address.
    [fixed] = parse_addresses("222 Broadway, New Yrok, NY, 10038 (work)", ana)
    assert fixed.locality == "New Yrok" and fixed.types == ["work", "postal"]
    # Lines swapped, one of them changed: each keeps its own TYPEs.
    text = "222 Broadway, New York, NY, 10038 (work)\nCalle Mayor 3, Madrid, 28013 (home)"
    moved_work, moved_home = parse_addresses(text, ana)
    assert moved_work == work
    assert (moved_home.street, moved_home.types) == ("Calle Mayor 3", ["home"])
    # A line sharing nothing with any old address takes none of their TYPEs.
    [new] = parse_addresses("Rue de Rivoli 5, 75001 Paris, France", ana)
    assert (new.types, new.label, new.country) == ([], "", "France")
    # The words in parentheses taken away: so are the TYPEs they showed.
    [bare] = parse_addresses("222 Broadway, New York, NY, 10038", ana)
    assert bare.types == ["postal"]


def test_a_day_that_does_not_exist_is_told_as_such():
    with pytest.raises(ValidationError) as problem:
        parse_partial_date("1980-02-30", "birthday", TODAY)
    assert str(problem.value) == "'1980-02-30' does not exist: February 1980 has 29 days."
    with pytest.raises(ValidationError, match="February has 29 days"):
        parse_partial_date("30 feb", "birthday", TODAY)
    set_language("es")
    with pytest.raises(ValidationError, match="febrero de 1981 tiene 28 días"):
        parse_partial_date("29/2/1981", "birthday", TODAY, "es")


def test_type_words_are_said_in_spanish_and_read_back():
    set_language("es")
    ana = whole_card()
    ana.addresses[0].types = ["home"]
    assert addresses_text(ana).endswith("(casa)")
    text = values_text(ana, "emails")
    assert text == "ana@work.example (trabajo)"
    assert parse_values(text, "emails", ana)[1][0].types == ["work", "internet"]
    [address] = parse_addresses(addresses_text(ana).replace("(casa)", "(trabajo)"), ana)
    assert address.types == ["work"]
