"""A contact known only by a handle keeps it: typed as the name, it is kept as a handle
too, and adding a handle someone already has is said (app: tests/ui)."""

from __future__ import annotations

import json

import pytest

from nettui.domain.models import Handle, Person, keep_name_as_handle
from nettui.domain.names import looks_like_handle
from tests.unit.test_cli import nettui


@pytest.mark.parametrize("text", ["CL72DJ33", "@ana", "ana_dev", "x.ana99", "R2D2", " @jnunez "])
def test_names_that_are_handles(text):
    assert looks_like_handle(text)


@pytest.mark.parametrize(
    "text",
    ["Ana", "José", "O'Brien", "Jean-Luc", "J.R.", "Ana García", "12345", "ana@x.org", "@", ""],
)
def test_names_that_are_names(text):
    assert not looks_like_handle(text)


def test_a_handle_typed_as_a_name_is_kept_once_and_the_person_asks_who_this_is():
    person = Person(name="CL72DJ33")
    assert keep_name_as_handle(person) == Handle(network="unknown", value="CL72DJ33")
    assert keep_name_as_handle(person) is None  # already there
    assert person.needs_real_name
    person.name = "Carlos López"
    assert [str(h) for h in person.handles] == ["unknown:CL72DJ33"]
    assert not person.needs_real_name
    known = Person(name="@ana", handles=[Handle(network="twitter", value="ana")])
    assert keep_name_as_handle(known) is None and len(known.handles) == 1


def test_cli_add_keeps_the_handle_and_warns_about_a_known_one(cli_env):
    first = nettui(cli_env, "add", "CL72DJ33", check_code=0)
    assert first.stderr == ""
    [carlos] = json.loads(nettui(cli_env, "find", "cl72", "--json", check_code=0).stdout)
    assert carlos["handles"] == [{"network": "unknown", "value": "CL72DJ33"}]
    second = nettui(cli_env, "add", "Carlos", "--handle", "linkedin:@cl72dj33", check_code=0)
    assert "unknown:CL72DJ33 is already the handle of CL72DJ33" in second.stderr
    assert carlos["id"][:8] in second.stderr
    assert len(second.stdout.strip()) == 32  # added all the same: the new id
    everyone = json.loads(nettui(cli_env, "find", "", "--json", check_code=0).stdout)
    assert sorted(p["name"] for p in everyone) == ["CL72DJ33", "Carlos"]
