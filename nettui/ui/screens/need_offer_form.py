"""The form to add or edit a need or an offer: whose, what, tags, and its status."""

from __future__ import annotations

import dataclasses

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from nettui.domain.labels import item_status, label, labels_of, value_of
from nettui.domain.models import (
    ME,
    NEED_OFFER_KINDS,
    NEED_OFFER_STATUSES,
    NeedOffer,
    NeedOfferKind,
    NeedOfferStatus,
    ValidationError,
)
from nettui.domain.records import check_choice
from nettui.domain.text import fold, visible
from nettui.i18n import _
from nettui.store.errors import Ambiguous, NotFound, StoreError
from nettui.ui.keys import form_keys
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field
from nettui.ui.widgets.key_footer import KeyFooter


class NeedOfferFormScreen(FormScreen[NeedOffer | None]):
    """Add (given a kind, and maybe the person) or edit a need or offer."""

    DEFAULT_CSS = """
    NeedOfferFormScreen .row Label { width: 10; }
    """

    def __init__(
        self,
        item: NeedOffer | None = None,
        *,
        kind: NeedOfferKind = NeedOfferKind.NEED,
        person_id: str | None = None,
    ) -> None:
        super().__init__()
        self.item = item
        self.kind = item.kind if item else kind
        self.person_id = item.person_id if item else person_id
        self.LAST_FIELD_ID = "status" if item else "tags"

    def compose(self) -> ComposeResult:
        repo = self.repo
        if self.person_id is not None:
            title = {
                (False, "need"): _("Add a need of {name}"),
                (False, "offer"): _("Add an offer of {name}"),
                (True, "need"): _("Edit a need of {name}"),
                (True, "offer"): _("Edit an offer of {name}"),
            }[(self.item is not None, self.kind)].format(name=repo.owner_name(self.person_id))
        else:
            title = _("Add a need") if self.kind == NeedOfferKind.NEED else _("Add an offer")
        names = [label(ME), *repo.display_names()]
        with Vertical():
            yield Static(visible(title), classes="title", markup=False)
            if self.person_id is None:
                with Horizontal(classes="row"):
                    yield Label(_("Whose"))
                    yield Field(
                        placeholder=_('"me", or a name (→ accepts the suggestion)'),
                        id="whose",
                        compact=True,
                        suggester=SuggestFromList(names, case_sensitive=False),
                    )
                with Horizontal(classes="row"):
                    yield Label(_("Kind"))
                    yield Field(
                        label(self.kind),
                        placeholder=" / ".join(labels_of(NEED_OFFER_KINDS)),
                        id="kind",
                        compact=True,
                        suggester=SuggestFromList(labels_of(NEED_OFFER_KINDS)),
                    )
            with Horizontal(classes="row"):
                yield Label(_("What"))
                placeholder = (
                    _("e.g. busco abogada laboralista, looking for seed funding")
                    if self.kind == NeedOfferKind.NEED
                    else _("e.g. ofrezco fotografía de eventos, happy to review pitch decks")
                )
                yield Field(
                    visible(self.item.text) if self.item else "",
                    placeholder=placeholder,
                    id="text",
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label(_("Tags"))
                yield Field(
                    ", ".join(self.item.tags) if self.item else "",
                    placeholder=_("comma-separated: weigh more than words"),
                    id="tags",
                    compact=True,
                )
            if self.item:
                with Horizontal(classes="row"):
                    yield Label(_("Status"))
                    yield Field(
                        item_status(self.item.status),
                        placeholder=" / ".join(map(item_status, NEED_OFFER_STATUSES)),
                        id="status",
                        compact=True,
                        suggester=SuggestFromList(list(map(item_status, NEED_OFFER_STATUSES))),
                    )
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                _(
                    "{next} moves · {enter} on the last field or {save} saves · {cancel} cancels"
                ).format(**form_keys(self.app)),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        first = "#whose" if self.person_id is None else "#text"
        self.set_focus(self.query_one(first, Input))

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def build_item(self) -> NeedOffer:
        repo = self.repo
        owner = self.person_id
        kind = self.kind
        if owner is None:
            whose = self._value("whose")
            if not whose:
                raise ValidationError(_('Say whose it is: "me", or a person\'s name.'))
            mine = fold(whose) in (ME, fold(label(ME)))
            owner = ME if mine else repo.resolve_person(whose).id
            kind = check_choice(
                value_of(self._value("kind"), NEED_OFFER_KINDS), NeedOfferKind, "kind"
            )
        tags = [t.strip() for t in self._value("tags").split(",") if t.strip()]
        text = self._value("text")
        if self.item is not None and text == visible(self.item.text):
            text = self.item.text  # untouched: keep it exactly
        if self.item is None:
            item = NeedOffer(person_id=owner, kind=kind, text=text, tags=tags)
        else:
            item = dataclasses.replace(
                self.item,
                text=text,
                tags=tags,
                status=check_choice(
                    value_of(self._value("status"), NEED_OFFER_STATUSES), NeedOfferStatus, "status"
                ),
            )
        item.validate()
        return item

    def save(self) -> None:
        repo = self.repo
        try:
            item = self.build_item()
        except (ValidationError, StoreError, NotFound, Ambiguous) as problem:
            self.show_problem(problem)
            return
        errors = (ValidationError, Ambiguous)
        if self.item is None:
            self.store(lambda: repo.add_need_offer(item), self._saved, errors)
        else:
            # Only what was edited: a status changed meanwhile elsewhere stays.
            fields = ("text", "tags", "status")
            edited = {f for f in fields if getattr(item, f) != getattr(self.item, f)}
            self.store(lambda: repo.update_need_offer(item, changed=edited), self._saved, errors)

    def _saved(self, item: NeedOffer) -> None:
        self.app.notify(visible(_("Saved: {text}").format(text=item.text)), markup=False)
        self.dismiss(item)
