"""The form to add or edit a need or an offer: whose, what, tags, and its status."""

from __future__ import annotations

import dataclasses

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, Label, Static

from nettui.domain.models import (
    ME,
    NEED_OFFER_KINDS,
    NEED_OFFER_STATUSES,
    NeedOffer,
    ValidationError,
)
from nettui.domain.text import visible
from nettui.store.errors import Ambiguous, NotFound, StoreError
from nettui.ui.screens.form import FormScreen


class NeedOfferFormScreen(FormScreen[NeedOffer | None]):
    """Add (given a kind, and maybe the person) or edit a need or offer."""

    DEFAULT_CSS = """
    NeedOfferFormScreen .row Label { width: 10; }
    """

    def __init__(
        self,
        item: NeedOffer | None = None,
        *,
        kind: str = "need",
        person_id: str | None = None,
    ) -> None:
        super().__init__()
        self.item = item
        self.kind = item.kind if item else kind
        self.person_id = item.person_id if item else person_id
        self.LAST_FIELD_ID = "status" if item else "tags"

    def compose(self) -> ComposeResult:
        repo = self.app.repo  # type: ignore[attr-defined]
        verb = "Edit" if self.item else "Add"
        if self.person_id is not None:
            title = f"{verb} {self.kind} of {repo.owner_name(self.person_id)}"
        else:
            title = f"{verb} {'a need' if self.kind == 'need' else 'an offer'}"
        names = [ME, *repo.display_names()]
        with Vertical():
            yield Static(visible(title), classes="title", markup=False)
            if self.person_id is None:
                with Horizontal(classes="row"):
                    yield Label("Whose")
                    yield Input(
                        placeholder='"me", or a name (→ accepts the suggestion)',
                        id="whose",
                        compact=True,
                        suggester=SuggestFromList(names, case_sensitive=False),
                    )
                with Horizontal(classes="row"):
                    yield Label("Kind")
                    yield Input(
                        self.kind,
                        id="kind",
                        compact=True,
                        suggester=SuggestFromList(NEED_OFFER_KINDS),
                    )
            with Horizontal(classes="row"):
                yield Label("What")
                placeholder = (
                    "e.g. busco abogada laboralista, looking for seed funding"
                    if self.kind == "need"
                    else "e.g. ofrezco fotografía de eventos, happy to review pitch decks"
                )
                yield Input(
                    visible(self.item.text) if self.item else "",
                    placeholder=placeholder,
                    id="text",
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label("Tags")
                yield Input(
                    ", ".join(self.item.tags) if self.item else "",
                    placeholder="comma-separated: weigh more than words",
                    id="tags",
                    compact=True,
                )
            if self.item:
                with Horizontal(classes="row"):
                    yield Label("Status")
                    yield Input(
                        self.item.status,
                        placeholder=" / ".join(NEED_OFFER_STATUSES),
                        id="status",
                        compact=True,
                        suggester=SuggestFromList(NEED_OFFER_STATUSES),
                    )
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                "tab moves · enter on the last field or ctrl+s saves · esc cancels",
                classes="muted",
            )
        yield Footer()

    def on_mount(self) -> None:
        first = "#whose" if self.person_id is None else "#text"
        self.set_focus(self.query_one(first, Input))

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def build_item(self) -> NeedOffer:
        repo = self.app.repo  # type: ignore[attr-defined]
        owner = self.person_id
        kind = self.kind
        if owner is None:
            whose = self._value("whose")
            if not whose:
                raise ValidationError('Say whose it is: "me", or a person\'s name.')
            owner = ME if whose.lower() == ME else repo.resolve_person(whose).id
            kind = self._value("kind").lower()
        tags = [t.strip() for t in self._value("tags").split(",") if t.strip()]
        text = self._value("text")
        if self.item is not None and text == visible(self.item.text):
            text = self.item.text  # untouched: keep it exactly
        if self.item is None:
            item = NeedOffer(person_id=owner, kind=kind, text=text, tags=tags)
        else:
            item = dataclasses.replace(
                self.item, text=text, tags=tags, status=self._value("status").lower()
            )
        item.validate()
        return item

    def save(self) -> None:
        error = self.query_one("#form-error", Static)
        repo = self.app.repo  # type: ignore[attr-defined]
        try:
            item = self.build_item()
            if self.item is None:
                repo.add_need_offer(item)
            else:
                repo.update_need_offer(item)
        except (ValidationError, StoreError, NotFound, Ambiguous) as problem:
            message = problem.args[0] if problem.args else str(problem)
            error.update(visible(f"Not saved: {message}"))
            return
        self.app.notify(visible(f"Saved: {item.text}"), markup=False)
        self.dismiss(item)
