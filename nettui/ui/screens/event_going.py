"""Someone you know is going to an event: a name, with suggestions as it is typed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static

from nettui.domain.errors import ValidationError
from nettui.domain.models import Event, Person
from nettui.domain.text import clip, visible
from nettui.i18n import _
from nettui.store.errors import Ambiguous, NotFound, StoreError
from nettui.ui.keys import form_keys
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.key_list import KeyList, person_choices
from nettui.ui.widgets.name_suggester import NameSuggester


class EventGoingScreen(FormScreen[Event | None]):
    """Dismisses with the event as saved, or None when cancelled."""

    LAST_FIELD_ID = "name"
    DEFAULT_CSS = """
    EventGoingScreen #choose { height: auto; max-height: 8; border: none; padding: 0; }
    EventGoingScreen .hidden { display: none; }
    """

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                visible(_("Who is going to {event}?").format(event=clip(self.event.name, 60))),
                classes="title",
                markup=False,
            )
            with Horizontal(classes="row"):
                yield Label(_("Name"))
                yield Field(
                    placeholder=_("someone you know; → takes a suggested name"),
                    id="name",
                    compact=True,
                    suggester=NameSuggester(self.repo.display_names()),
                )
            yield Static("", id="form-error", classes="error", markup=False)
            # A name two people have: they are listed to pick from (ids show nowhere).
            yield KeyList(id="choose")
            yield Static(
                _("{enter} on the last field or {save} saves · {cancel} cancels").format(
                    **form_keys(self.app)
                ),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#choose", KeyList).add_class("hidden")
        self.set_focus(self.query_one("#name", Input))

    def save(self) -> None:
        repo = self.repo
        try:
            person = repo.resolve_person(self.query_one("#name", Input).value)
        except Ambiguous as several:
            self._offer([p for p in several.candidates if isinstance(p, Person)])
            return
        except (NotFound, StoreError) as problem:
            self.show_problem(problem)
            return
        self._going(person)

    def _offer(self, people: list[Person]) -> None:
        self.query_one("#form-error", Static).update(
            _("{n} people have that name: pick one (enter).").format(n=len(people))
        )
        options = person_choices(people)
        choices = self.query_one("#choose", KeyList)
        choices.replace(options)
        choices.highlighted = None  # an enter typed ahead picks no one, as in the loop
        choices.remove_class("hidden")
        self.set_focus(choices)

    @on(OptionList.OptionSelected, "#choose")
    def _picked(self, chosen: OptionList.OptionSelected) -> None:
        chosen.stop()
        person = self.repo.person(chosen.option.id or "")
        if person is not None:
            self._going(person)

    def _going(self, person: Person) -> None:
        repo, event = self.repo, self.event
        self.store(
            lambda: repo.going_to_event(event.id, person.id),
            lambda saved: self._added(person.display_name, saved),
            (ValidationError, NotFound),
        )

    def _added(self, name: str, event: Event) -> None:
        self.app.notify(
            visible(_("{name} is going to {event}.").format(name=name, event=event.name)),
            markup=False,
        )
        self.dismiss(event)
