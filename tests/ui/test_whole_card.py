"""A person holding a whole card: the page shows it, the form edits it and loses nothing."""

from __future__ import annotations

from nettui.domain.card import Address, KeptProperty, TypedValue
from nettui.domain.models import Person
from nettui.store.repository import Repository
from nettui.ui.app import NettuiApp
from nettui.ui.screens.person_form import PersonFormScreen
from tests.ui.test_people_screen import on_person_page, screen_text, type_text
from tests.ui.waits import saved


def whole_card() -> Person:
    return Person(
        name="[bold]Ana[/bold] García",
        name_prefix="Dra.",
        given_name="Ana",
        family_name="García",
        nickname="Anita",
        phones=["+34 600 11 22 33"],
        emails=["ana@work.example"],
        typed=[
            TypedValue(of="phones", value="+34 600 11 22 33", types=["cell", "voice"]),
            TypedValue(of="emails", value="ana@work.example", types=["work"]),
        ],
        addresses=[Address(street="Calle Mayor 1", locality="Madrid", types=["home"])],
        birthday="--01-22",
        kept_properties=[
            KeptProperty(name="X-GENDER", value="F"),
            KeptProperty(group="item1", name="X-ABLABEL", value="Mom"),
        ],
    )


async def test_the_page_shows_the_card_and_the_form_keeps_what_it_does_not_show(db_path):
    repo = Repository(db_path)
    ana = repo.add_person(whole_card())
    app = NettuiApp(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_person_page(ana.id)
        await pilot.pause()
        assert on_person_page(app)
        page = app.screen.query_one("PersonPage").text
        assert "[bold]Ana[/bold] García" in page  # markup is text
        assert "+34 600 11 22 33  mobile" in page and "ana@work.example  work" in page
        assert "Calle Mayor 1, Madrid  home" in page and "Anita" in page
        assert "22 January (in " in page and "2 more vCard fields kept" in page
        assert "↓ more" in screen_text(app)  # a long card scrolls at 80x24

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormScreen)
        # The phones' area: a label changed, a phone added; the birthday retyped.
        phones = app.screen.query_one("#phones")
        phones.text = "+34 600 11 22 33 (mobile)\n+34 91 555 00 00 (fax)"
        app.screen.query_one("#birthday").value = "3 de marzo de 1985"
        await pilot.pause()
        preview = str(app.screen.query_one("#birthday-preview").render())
        assert "3 March 1985" in preview and "age " in preview
        app.screen.query_one("#birthday").value = "31 feb"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormScreen)  # not saved, says why
        error = str(app.screen.query_one("#form-error").render())
        assert "'31 feb' does not exist: February has 29 days." in error
        # The hint under Emails shows an email; every area of values reads it the same.
        assert "ana@example.org (work)" in screen_text(app)
        app.screen.query_one("#birthday").value = "3 de marzo de 1985"
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert not isinstance(app.screen, PersonFormScreen)
    with Repository(db_path) as fresh:
        stored = fresh.person(ana.id)
    assert stored.birthday == "1985-03-03"
    assert stored.phones == ["+34 600 11 22 33", "+34 91 555 00 00"]
    typed = {(t.value, tuple(t.types)) for t in stored.typed}
    assert ("+34 600 11 22 33", ("cell", "voice")) in typed  # unchanged: voice kept
    assert ("+34 91 555 00 00", ("fax",)) in typed
    assert ("ana@work.example", ("work",)) in typed
    assert stored.kept_properties == ana.kept_properties
    assert (stored.name_prefix, stored.family_name) == ("Dra.", "García")


async def test_a_new_name_clears_the_name_parts_it_no_longer_holds(db_path):
    repo = Repository(db_path)
    ana = repo.add_person(whole_card())
    app = NettuiApp(repo)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_person_page(ana.id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Ana Ruiz")
        await pilot.press("ctrl+s")
        await saved(pilot)
    with Repository(db_path) as fresh:
        stored = fresh.person(ana.id)
    assert stored.name == "Ana Ruiz" and stored.family_name == "" and stored.nickname == "Anita"


def test_a_person_with_only_an_address_is_not_said_to_have_no_channel():
    """The page said "none yet" under Channels, then showed the address under it."""
    from nettui.domain.card import Address
    from nettui.domain.models import Person
    from nettui.ui.widgets.person_text import person_page

    person = Person(name="Ana", addresses=[Address(street="Calle Mayor 1", locality="Valladolid")])
    shown = person_page(person, [], [], []).plain
    channels = shown.split("Channels")[1]
    assert "Calle Mayor 1" in channels and "none yet" not in channels.split("Calle Mayor")[0]
    assert "none yet" in person_page(Person(name="Bea"), [], [], []).plain.split("Channels")[1]
