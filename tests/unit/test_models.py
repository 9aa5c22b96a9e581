import pytest

from nettui.domain.models import (
    Handle,
    Interaction,
    Meetup,
    NeedOffer,
    Person,
    ValidationError,
)


def test_person_round_trips_through_a_dict():
    person = Person(
        name="  Ana   García ",
        handles=[Handle(network="twitter", value="@ana")],
        emails=["ana@example.org", "ana@example.org"],
        tags=["#legal", "legal", "sevilla"],
        met_in_person="2026-03-12",
    )
    person.validate()
    assert person.name == "Ana García"
    assert person.emails == ["ana@example.org"]
    assert person.tags == ["legal", "sevilla"]
    again = Person.from_dict(person.to_dict())
    assert again == person


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "needs a name"),
        ({"name": "Ana", "emails": ["not-an-email"]}, "not an email"),
        ({"name": "Ana", "phones": ["call me"]}, "too few digits"),
        ({"name": "Ana", "met_in_person": "yesterday-ish"}, "must be a date"),
        ({"name": 42}, "must be text"),
        ({"name": "Ana", "tags": "legal"}, "list of texts"),
        ({"name": "Ana", "handles": [{"network": "twitter"}]}, "network and a value"),
    ],
)
def test_person_validation_says_what_is_wrong(data, message):
    with pytest.raises(ValidationError, match=message):
        Person.from_dict(data)


def test_a_handle_only_contact_is_flagged():
    assert Person(handles=[Handle(network="twitter", value="CL72DJ33")]).needs_real_name
    assert Person(name="CL72DJ33").needs_real_name
    assert Person(name="@ana", handles=[Handle(network="twitter", value="@ana")]).needs_real_name
    assert not Person(name="Ana García").needs_real_name
    assert not Person(name="Cher").needs_real_name


def test_handle_parse():
    assert Handle.parse("Twitter: @ana") == Handle(network="twitter", value="@ana")
    with pytest.raises(ValidationError, match="NETWORK:VALUE"):
        Handle.parse("@ana")


def test_other_records_validate_enumerations_and_times():
    with pytest.raises(ValidationError, match="kind must be one of"):
        NeedOffer.from_dict({"person_id": "me", "kind": "wish", "text": "x"})
    with pytest.raises(ValidationError, match="the text is empty"):
        NeedOffer.from_dict({"person_id": "me", "kind": "need", "text": "  "})
    with pytest.raises(ValidationError, match="UTC offset"):
        Interaction.from_dict({"person_id": "p", "at": "2026-01-01T10:00", "summary": "x"})
    with pytest.raises(ValidationError, match="end before it starts"):
        Meetup.from_dict(
            {
                "title": "Coffee",
                "people": ["p"],
                "start": "2026-01-01T10:00+01:00",
                "end": "2026-01-01T09:00+01:00",
            }
        )
    in_person = Interaction.from_dict(
        {"person_id": "p", "at": "2026-01-01T10:00+01:00", "channel": "In person", "summary": "x"}
    )
    assert in_person.in_person
