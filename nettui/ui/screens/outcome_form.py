"""After a meetup: how it went, a photo together, and what follows from it."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Footer, Input, Label, Static

from nettui.domain.dates import DateError, describe, local_now, parse
from nettui.domain.models import Meetup, ValidationError
from nettui.domain.text import visible
from nettui.store.errors import NotFound, StoreError
from nettui.ui.screens.form import FormScreen


class OutcomeFormScreen(FormScreen[Meetup | None]):
    """Record the outcome: everyone there is now met in person."""

    LAST_FIELD_ID = "next"

    DEFAULT_CSS = """
    OutcomeFormScreen .row Label { width: 13; }
    """

    def __init__(self, meetup: Meetup) -> None:
        super().__init__()
        self.meetup = meetup

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(visible(f"How did it go? {self.meetup.title}"), classes="title")
            with Horizontal(classes="row"):
                yield Label("Notes")
                yield Input(placeholder="one line: what you talked about", id="notes", compact=True)
            with Horizontal(classes="row"):
                yield Label("")
                yield Checkbox("We took a photo together", id="photo", compact=True)
            with Horizontal(classes="row"):
                yield Label("They need")
                yield Input(placeholder="a follow-up need (optional)", id="need", compact=True)
            with Horizontal(classes="row"):
                yield Label("They offer")
                yield Input(placeholder="a follow-up offer (optional)", id="offer", compact=True)
            with Horizontal(classes="row"):
                yield Label("Meet again")
                yield Input(placeholder="when, e.g. en 3 meses (optional)", id="next", compact=True)
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                "space ticks · enter on the last field or ctrl+s saves · esc cancels",
                classes="muted",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#notes", Input))

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def save(self) -> None:
        error = self.query_one("#form-error", Static)
        repo = self.app.repo  # type: ignore[attr-defined]
        meetup = self.meetup
        try:
            next_start = None
            if self._value("next"):
                next_start = parse(self._value("next"), local_now(), self.app.lang)  # type: ignore[attr-defined]
            again = repo.record_outcome(
                meetup.id,
                outcome=self._value("notes"),
                photo_together=self.query_one("#photo", Checkbox).value,
                need=self._value("need"),
                offer=self._value("offer"),
                next_start=next_start,
            )
        except (DateError, ValidationError, StoreError, NotFound) as problem:
            message = problem.args[0] if problem.args else str(problem)
            error.update(visible(f"Not saved: {message}"))
            return
        said = "Recorded. Everyone there is now met in person."
        if again is not None:
            said += f" Next: {describe(datetime.fromisoformat(again.start), local_now())}."
        self.app.notify(visible(said), markup=False)
        self.dismiss(meetup)
