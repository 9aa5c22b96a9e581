"""Plan a meetup: who, when (with a live preview of the date as understood), how long,
where, what kind, and an agenda prefilled with their needs and what I can offer."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static, TextArea

from nettui.domain.dates import DateError, describe, local_now, parse, parse_duration
from nettui.domain.labels import label, labels_of, meetup_title, value_of
from nettui.domain.models import MEETUP_KINDS, Meetup, ValidationError
from nettui.domain.text import visible
from nettui.i18n import _
from nettui.store.errors import Ambiguous, NotFound, StoreError
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field, TextBox
from nettui.ui.widgets.key_footer import KeyFooter


class MeetupFormScreen(FormScreen[Meetup | None]):
    """Dismisses with the planned meetup, or None."""

    LAST_FIELD_ID = "title"

    DEFAULT_CSS = """
    MeetupFormScreen > Vertical { max-width: 100; height: 100%; max-height: 30; }
    MeetupFormScreen .row Label { width: 10; }
    MeetupFormScreen #preview { height: auto; padding: 0 0 0 11; }
    MeetupFormScreen .row TextArea { width: 1fr; height: 5; background: $boost; }
    """

    def __init__(self, person_ids: list[str] | None = None) -> None:
        super().__init__()
        self.person_ids = person_ids or []

    def compose(self) -> ComposeResult:
        repo = self.app.repo  # type: ignore[attr-defined]
        names = [repo.owner_name(p) for p in self.person_ids]
        agenda = "\n".join(repo.agenda_text(p) for p in self.person_ids).strip()
        everyone = repo.display_names()
        with Vertical():
            yield Static(_("Plan a meetup"), classes="title")
            with VerticalScroll():
                with Horizontal(classes="row"):
                    yield Label(_("With"))
                    yield Field(
                        visible(", ".join(names)),
                        placeholder=_("names, separated by commas"),
                        id="people",
                        compact=True,
                        suggester=SuggestFromList(everyone, case_sensitive=False),
                    )
                with Horizontal(classes="row"):
                    yield Label(_("When"))
                    yield Field(
                        placeholder=_("el viernes a las 10, tomorrow 6pm, 3 Dec 10:00"),
                        id="when",
                        compact=True,
                    )
                yield Static("", id="preview", markup=False)
                with Horizontal(classes="row"):
                    yield Label(_("How long"))
                    length = self.app.config.meetup_length  # type: ignore[attr-defined]
                    yield Field(length, placeholder="1h, 90 min, 1:30", id="duration", compact=True)
                with Horizontal(classes="row"):
                    yield Label(_("Where"))
                    yield Field(
                        placeholder=_("a café, an address, online"), id="place", compact=True
                    )
                with Horizontal(classes="row"):
                    yield Label(_("Kind"))
                    yield Field(
                        label("coffee"),
                        placeholder=" / ".join(labels_of(MEETUP_KINDS)),
                        id="kind",
                        compact=True,
                        suggester=SuggestFromList(labels_of(MEETUP_KINDS)),
                    )
                with Horizontal(classes="row"):
                    yield Label(_("Agenda"))
                    yield TextBox(agenda, id="agenda", tab_behavior="focus", compact=True)
                with Horizontal(classes="row"):
                    yield Label(_("Title"))
                    default = meetup_title("coffee", names) if names else ""
                    yield Field(
                        visible(default),
                        placeholder=meetup_title("coffee", ["Ana"]),
                        id="title",
                        compact=True,
                    )
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                _("tab moves · enter on the title or ctrl+s plans it · esc cancels"),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        first = "#when" if self.person_ids else "#people"
        self.set_focus(self.query_one(first, Input))

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    @on(Input.Changed, "#when")
    @on(Input.Changed, "#duration")
    def preview(self) -> None:
        """Say, as the user types, what date nettui understood, and any clash."""
        preview = self.query_one("#preview", Static)
        text = self._value("when")
        if not text:
            preview.update("")
            return
        try:
            meetup = self.build_meetup(check_people=False)
        except (DateError, ValidationError, NotFound, Ambiguous) as problem:
            preview.update(visible(f"? {problem.args[0] if problem.args else problem}"))
            return
        now = local_now()
        start = datetime.fromisoformat(meetup.start)
        line = "→ " + describe(start, now)
        if start < now:
            line += "  · " + _("in the past")
        clashes = self.app.repo.overlapping(meetup)  # type: ignore[attr-defined]
        if clashes:
            line += "  · " + _("overlaps {title}").format(title=clashes[0].title)
        preview.update(visible(line))

    def build_meetup(self, check_people: bool = True) -> Meetup:
        repo = self.app.repo  # type: ignore[attr-defined]
        now = local_now()
        start = parse(self._value("when"), now, self.app.lang)  # type: ignore[attr-defined]
        duration = parse_duration(self._value("duration"))
        people = list(self.person_ids)
        typed = [n.strip() for n in self._value("people").split(",") if n.strip()]
        shown = [visible(repo.owner_name(p)) for p in self.person_ids]
        if typed != shown or not people:
            people = [repo.resolve_person(name).id for name in typed] if check_people else people
        kind = value_of(self._value("kind") or "coffee", MEETUP_KINDS)
        title = self._value("title") or meetup_title(kind, [repo.owner_name(p) for p in people])
        meetup = Meetup(
            title=title,
            people=people or ["?"],
            start=start.isoformat(),
            end=(start + duration).isoformat(),
            place=self._value("place"),
            kind=kind,
            agenda=self.query_one("#agenda", TextArea).text,
        )
        meetup.validate()
        if check_people and not people:
            raise ValidationError(_("Say who you are meeting."))
        return meetup

    def save(self) -> None:
        repo = self.app.repo  # type: ignore[attr-defined]
        try:
            meetup = self.build_meetup()
            clashes = repo.overlapping(meetup)
            repo.plan_meetup(meetup)
        except (DateError, ValidationError, StoreError, NotFound, Ambiguous) as problem:
            self.show_problem(problem)
            return
        said = _("Planned: {title}.").format(title=meetup.title)
        if clashes:
            said += " " + _("It overlaps {title}.").format(title=clashes[0].title)
        self.app.notify(visible(said), markup=False)
        self.dismiss(meetup)
