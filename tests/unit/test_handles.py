"""A contact known only by a handle keeps it: typed as the name, it is kept as a handle
too, and adding a handle someone already has is said (app: tests/ui)."""

from __future__ import annotations

import json

import pytest

from nettui.domain.models import Handle, Person, keep_name_as_handle, keep_names_as_handles
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


def test_an_edit_keeps_the_name_it_replaces_when_that_was_a_handle():
    """The one rule the app's form and `nettui edit` both call."""
    old = Person(name="CL72DJ33")  # stored before this rule: no handle
    old.name = "Carlos López"
    assert keep_names_as_handles(old, before="CL72DJ33")
    assert [str(h) for h in old.handles] == ["unknown:CL72DJ33"]
    assert not keep_names_as_handles(old, before="Carlos López")  # nothing new
    renamed = Person(name="ana_dev")
    assert keep_names_as_handles(renamed, before="@ana")  # both look like handles: both kept
    assert [str(h) for h in renamed.handles] == ["unknown:ana_dev", "unknown:@ana"]
    assert not keep_names_as_handles(Person(name="Ana García"), before="Ana")


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


def test_cli_edit_giving_the_real_name_keeps_the_handle_it_replaces(cli_env, db_path):
    from nettui.store.repository import Repository

    with Repository(db_path) as repo:
        # As stored before names were kept as handles: the handle is only the name.
        old = Person(name="CL72DJ33")
        repo.add_many([old])
        carlos = old.id
    before = nettui(cli_env, "find", "cl72", "--json", check_code=0)
    assert json.loads(before.stdout)[0]["handles"] == []
    nettui(cli_env, "edit", "CL72DJ33", "--name", "Carlos López", check_code=0)
    [shown] = json.loads(nettui(cli_env, "find", "cl72dj33", "--json", check_code=0).stdout)
    assert shown["id"] == carlos and shown["name"] == "Carlos López"
    assert shown["handles"] == [{"network": "unknown", "value": "CL72DJ33"}]
    # Kept once: a later edit of the name adds nothing more.
    nettui(cli_env, "edit", "carlos", "--name", "Carlos López Ruiz", check_code=0)
    shown = json.loads(nettui(cli_env, "show", carlos, "--json", check_code=0).stdout)
    assert shown["handles"] == [{"network": "unknown", "value": "CL72DJ33"}]
