"""Add an event: a conference, a fair, a talk, and the people met (or to meet) there.

"Starts" says, as it is typed, the day and span understood (domain/events.event_span:
a date without a year is the nearest such day, past or coming), as the meetup form's
"When" does."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from nettui.domain.dates import DateError, local_now
from nettui.domain.events import describe_span, event_span
from nettui.domain.models import Event, ValidationError
from nettui.domain.text import fold, visible
from nettui.i18n import _
from nettui.store.errors import Ambiguous, NotFound, StoreError
from nettui.ui.keys import form_keys, key_text
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field
from nettui.ui.widgets.key_footer import KeyFooter


class EventFormScreen(FormScreen[Event | None]):
    LAST_FIELD_ID = "people"

    DEFAULT_CSS = """
    EventFormScreen .row Label { width: 10; }
    EventFormScreen #preview { height: auto; padding: 0 0 0 10; }
    """

    def compose(self) -> ComposeResult:
        everyone = self.repo.display_names()
        with Vertical():
            yield Static(_("Add an event"), classes="title")
            for field_id, label, placeholder in (
                ("name", _("Name"), _("Conferencia Tech Sevilla, PyCon, a talk")),
                ("when", _("Starts"), _("3 de diciembre a las 9, 2027-03-12 09:00")),
                (
                    "length",
                    _("Lasts"),
                    _("2 days, 8h (default: all day, or to the end of the day)"),
                ),
                ("place", _("Where"), _("a city, a venue")),
            ):
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield Field(placeholder=placeholder, id=field_id, compact=True)
                if field_id == "when":
                    yield Static("", id="preview", markup=False)
            with Horizontal(classes="row"):
                yield Label(_("People"))
                yield Field(
                    placeholder=_("going, or there: names, separated by commas"),
                    id="people",
                    compact=True,
                    suggester=SuggestFromList(everyone, case_sensitive=False),
                )
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                _("{enter} on the last field or {save} saves · {cancel} cancels").format(
                    **form_keys(self.app)
                ),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#name", Input))

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    @on(Input.Changed, "#when")
    @on(Input.Changed, "#length")
    def preview(self) -> None:
        """Say, as the user types, when the event is as understood (or why not)."""
        preview = self.query_one("#preview", Static)
        if not self._value("when"):
            preview.update("")
            return
        now = local_now()
        try:
            start, end = event_span(self._value("when"), self._value("length"), now, self.lang)
        except DateError as problem:
            preview.update(visible(f"? {problem.args[0] if problem.args else problem}"))
            return
        preview.update(visible("→ " + describe_span(start, end, now)))

    def _person_id(self, name: str) -> str:
        """A name typed in "People": someone known, said in the app's words. Part of a
        known name is not taken for them (as "who I met here" and `event met` do), and
        a name two people have is picked from a list on the event's page."""
        try:
            person = self.repo.resolve_person(name)
        except Ambiguous:
            raise ValidationError(
                _(
                    "{name!r} could be several people: add the event without them, then "
                    "{going} on its page lists them to pick one."
                ).format(name=name, going=key_text(self.app, "event.going", short=True))
            ) from None
        except NotFound:
            raise NotFound(
                _(
                    "No one called {name!r} among your people: take a name suggested as "
                    "you type, or add them first (People, {add})."
                ).format(name=name, add=key_text(self.app, "people.add", short=True))
            ) from None
        typed = fold(" ".join(name.split()))
        if typed not in (fold(person.name), fold(person.display_name)) and not (
            person.id.startswith(name.strip())
        ):
            raise ValidationError(
                _("{name!r} is only part of a name ({whole}): type the whole name.").format(
                    name=name, whole=person.display_name
                )
            )
        return person.id

    def save(self) -> None:
        repo = self.repo
        try:
            start, end = event_span(
                self._value("when"), self._value("length"), local_now(), self.lang
            )
            names = [n.strip() for n in self._value("people").split(",") if n.strip()]
            event = Event(
                name=self._value("name"),
                start=start.isoformat(),
                end=end.isoformat(),
                place=self._value("place"),
                people=[self._person_id(n) for n in names],
            )
        except (DateError, ValidationError, StoreError, NotFound, Ambiguous) as problem:
            self.show_problem(problem)
            return
        self.store(
            lambda: repo.add_event(event),
            lambda _: self._added(event),
            (DateError, ValidationError, Ambiguous),
        )

    def _added(self, event: Event) -> None:
        self.app.notify(visible(_("Added: {name}.").format(name=event.name)), markup=False)
        self.dismiss(event)
