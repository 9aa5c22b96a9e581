"""Log an interaction with a person: when, which channel, in person or not, what happened."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from nettui.domain.dates import DateError, moment_of_day, parse_day
from nettui.domain.labels import labels_of, value_of
from nettui.domain.models import CHANNELS, Channel, Interaction, ValidationError
from nettui.domain.text import clip, visible
from nettui.i18n import _
from nettui.store.errors import NotFound, StoreError
from nettui.ui.keys import form_keys
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.tick_box import TickBox


class InteractionFormScreen(FormScreen[Interaction | None]):
    """Dismisses with the logged interaction, or None when cancelled."""

    LAST_FIELD_ID = "summary"

    def __init__(self, person_id: str) -> None:
        super().__init__()
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        person = self.repo.person(self.person_id)
        name = clip(person.display_name) if person else "?"
        with Vertical():
            yield Static(
                visible(_("Log an interaction with {name}").format(name=name)),
                classes="title",
                markup=False,
            )
            with Horizontal(classes="row"):
                yield Label(_("When"))
                yield Field(
                    _("today"),
                    placeholder=_("today, yesterday, 3 days ago, 2026-03-12"),
                    id="when",
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label(_("Channel"))
                yield Field(
                    placeholder=", ".join(labels_of(CHANNELS)),
                    id="channel",
                    compact=True,
                    suggester=SuggestFromList(labels_of(CHANNELS), case_sensitive=False),
                )
            with Horizontal(classes="row"):
                yield Label("")
                yield TickBox(_("We were together in person"), id="in_person", compact=True)
            with Horizontal(classes="row"):
                yield Label(_("What happened"))
                yield Field(placeholder=_("one line"), id="summary", compact=True)
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                _("{next} next · {tick} ticks · {enter} on the last field or {save} saves").format(
                    **form_keys(self.app)
                ),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#summary", Input))

    def build_interaction(self) -> Interaction:
        now = datetime.now().astimezone().replace(microsecond=0)
        when_text = self.query_one("#when", Input).value.strip() or "today"
        day = parse_day(when_text, now.date())
        in_person = self.query_one("#in_person", TickBox).value
        typed = self.query_one("#channel", Input).value
        channel = value_of(typed, CHANNELS) if typed.strip() else ""
        interaction = Interaction(
            person_id=self.person_id,
            at=moment_of_day(day, now.date(), now).isoformat(),
            channel=channel or (Channel.IN_PERSON if in_person else Channel.OTHER),
            in_person=in_person,
            summary=self.query_one("#summary", Input).value,
        )
        interaction.validate()
        return interaction

    def save(self) -> None:
        repo = self.repo
        try:
            interaction = self.build_interaction()
        except (ValidationError, DateError, StoreError, NotFound) as problem:
            self.show_problem(problem)
            return
        self.store(
            lambda: repo.log_interaction(interaction),
            lambda _: self._logged(interaction),
            (ValidationError, DateError),
        )

    def _logged(self, interaction: Interaction) -> None:
        self.app.notify(_("Interaction logged."), markup=False)
        self.dismiss(interaction)
