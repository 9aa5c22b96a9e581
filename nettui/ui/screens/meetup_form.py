"""Plan a meetup: who, when (with a live preview of the date as understood), how long,
where, what kind, and an agenda prefilled with their needs and what I can offer."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Input, Label, OptionList, Static, TextArea

from nettui.domain.dates import DateError, describe, local_now, parse, parse_duration
from nettui.domain.labels import label, labels_of, meetup_title, value_of
from nettui.domain.models import MEETUP_KINDS, Meetup, MeetupKind, Person, ValidationError
from nettui.domain.records import check_choice
from nettui.domain.text import fold, visible
from nettui.i18n import _
from nettui.store.errors import Ambiguous, NotFound, StoreError
from nettui.ui.keys import form_keys, key_text
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field, TextBox
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.key_list import KeyList, person_choices


class LastNameSuggester(Suggester):
    """Completes the last of the comma-separated names typed ("Ana García, bego" ->
    "Ana García, Begoña Ruiz"), ignoring accents and case."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self._names = sorted((fold(n), n) for n in names if n)

    async def get_suggestion(self, value: str) -> str | None:
        last = value.rpartition(",")[2]
        typed = last.lstrip()
        if not typed:
            return None
        start = fold(typed)
        for folded, name in self._names:  # sorted: the first that starts so
            if folded.startswith(start) and len(name) > len(typed):
                return value[: len(value) - len(typed)] + name
        return None


class MeetupFormScreen(FormScreen[Meetup | None]):
    """Dismisses with the planned meetup, or None."""

    LAST_FIELD_ID = "title"

    DEFAULT_CSS = """
    MeetupFormScreen > Vertical { max-width: 100; height: 100%; max-height: 30; }
    MeetupFormScreen .row Label { width: 10; }
    MeetupFormScreen #preview { height: auto; padding: 0 0 0 11; }
    MeetupFormScreen .row TextArea { width: 1fr; height: 5; background: $boost; }
    MeetupFormScreen #choose-label { padding: 0 0 0 11; height: auto; }
    MeetupFormScreen #choose { margin: 0 0 0 11; height: auto; max-height: 8; }
    MeetupFormScreen .hidden { display: none; }
    """

    def __init__(self, person_ids: list[str] | None = None) -> None:
        super().__init__()
        self.person_ids = person_ids or []
        # A name typed in "With" that could be several people, once one was picked:
        # the name as it now reads in the field -> that person's id.
        self._picked: dict[str, str] = {}
        # While the list of people to pick from is shown: the name it is for, and
        # what to do once one is picked ("next": go on to the next field, "save").
        self._choosing: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        repo = self.repo
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
                        suggester=LastNameSuggester(everyone),
                    )
                yield Static("", id="choose-label", classes="hidden muted", markup=False)
                yield KeyList(id="choose")
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
                    length = self.config.meetup_length
                    yield Field(length, placeholder="1h, 90 min, 1:30", id="duration", compact=True)
                with Horizontal(classes="row"):
                    yield Label(_("Where"))
                    yield Field(
                        placeholder=_("a café, an address, online"), id="place", compact=True
                    )
                with Horizontal(classes="row"):
                    yield Label(_("Kind"))
                    yield Field(
                        label(MeetupKind.COFFEE),
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
                    default = meetup_title(MeetupKind.COFFEE, names) if names else ""
                    yield Field(
                        visible(default),
                        placeholder=meetup_title(MeetupKind.COFFEE, ["Ana"]),
                        id="title",
                        compact=True,
                    )
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                _(
                    "{next} moves · {enter} on the title or {save} plans it · {cancel} cancels"
                ).format(**form_keys(self.app)),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#choose", KeyList).add_class("hidden")
        first = "#when" if self.person_ids else "#people"
        self.set_focus(self.query_one(first, Input))

    # -- "With": tab completes a name, and a name that could be several asks which ----------

    def _names_typed(self) -> list[str]:
        return [n.strip() for n in self._value("people").split(",") if n.strip()]

    def _settle_names(self) -> str | None:
        """Complete each name typed in "With" that is one person, in the field; return
        the first that could be several (and offer them), or None."""
        repo = self.repo
        shown = [visible(repo.owner_name(p)) for p in self.person_ids]
        names = self._names_typed()
        if names == shown:
            return None  # the people the form was opened for
        settled = []
        for name in names:
            if name in self._picked:
                settled.append(name)
                continue
            try:
                settled.append(visible(repo.resolve_person(name).display_name))
            except NotFound:
                settled.append(name)  # said when saving
            except Ambiguous as several:
                self._write_names([*settled, *names[len(settled) :]])
                self._offer(name, [p for p in several.candidates if isinstance(p, Person)])
                return name
        self._write_names(settled)
        return None

    def _write_names(self, names: list[str]) -> None:
        field = self.query_one("#people", Input)
        text = ", ".join(names)
        if field.value.strip().rstrip(",") != text:
            field.value = text
            field.cursor_position = len(text)

    def _offer(self, name: str, people: list[Person]) -> None:
        label = self.query_one("#choose-label", Static)
        label.update(
            visible(
                _(
                    "{name!r} could be {n} people: pick one ({enter}), or {cancel} to retype."
                ).format(
                    name=name,
                    n=len(people),
                    enter="enter",  # the list's own key (Textual's)
                    cancel=key_text(self.app, "form.cancel", short=True),
                )
            )
        )
        choices = self.query_one("#choose", KeyList)
        choices.replace(person_choices(people))
        label.remove_class("hidden")
        choices.remove_class("hidden")
        self.set_focus(choices)

    def _close_choice(self) -> None:
        self._choosing = None
        self.query_one("#choose-label", Static).add_class("hidden")
        self.query_one("#choose", KeyList).add_class("hidden")
        self.set_focus(self.query_one("#people", Input))

    @on(OptionList.OptionSelected, "#choose")
    def _picked_one(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._choosing is None or event.option.id is None:
            return
        name, then = self._choosing
        repo = self.repo
        person = repo.person(event.option.id)
        if person is None:
            return
        full = visible(person.display_name)
        self._picked[full] = person.id
        names = self._names_typed()
        self._write_names([full if n == name else n for n in names])
        self._close_choice()
        self._go_on(then)

    def _go_on(self, then: str) -> None:
        """Settle the rest of the names, then move on or save."""
        several = self._settle_names()
        if several is not None:
            self._choosing = (several, then)
            return
        if then == "save":
            self.save()
        else:
            self._move_to(self.focus_next)

    def action_next_field(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.id == "people":
            self._go_on("next")  # tab completes a name, as the right arrow does
            return
        if isinstance(focused, OptionList) and focused.id == "choose":
            focused.action_select()  # tab picks, as enter does
            return
        super().action_next_field()

    def action_cancel(self) -> None:
        if self._choosing is not None:
            self._close_choice()  # back to the names, the form kept
            return
        super().action_cancel()

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
        clashes = self.repo.overlapping(meetup)
        if clashes:
            line += "  · " + _("overlaps {title}").format(title=clashes[0].title)
        preview.update(visible(line))

    def build_meetup(self, check_people: bool = True) -> Meetup:
        repo = self.repo
        now = local_now()
        start = parse(self._value("when"), now, self.lang)
        duration = parse_duration(self._value("duration"))
        people = list(self.person_ids)
        typed = [n.strip() for n in self._value("people").split(",") if n.strip()]
        shown = [visible(repo.owner_name(p)) for p in self.person_ids]
        if typed != shown or not people:
            people = (
                [self._picked.get(name) or repo.resolve_person(name).id for name in typed]
                if check_people
                else people
            )
        kind = check_choice(
            value_of(self._value("kind") or MeetupKind.COFFEE, MEETUP_KINDS), MeetupKind, "kind"
        )
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
        repo = self.repo
        if self._choosing is not None:
            return  # a person is being picked: enter picks
        several = self._settle_names()
        if several is not None:
            self._choosing = (several, "save")
            return
        try:
            meetup = self.build_meetup()
            clashes = repo.overlapping(meetup)
        except (DateError, ValidationError, StoreError, NotFound, Ambiguous) as problem:
            self.show_problem(problem)
            return
        self.store(
            lambda: repo.plan_meetup(meetup),
            lambda _: self._planned(meetup, clashes),
            (DateError, ValidationError, Ambiguous),
        )

    def _planned(self, meetup: Meetup, clashes: list[Meetup]) -> None:
        said = _("Planned: {title}.").format(title=meetup.title)
        if clashes:
            said += " " + _("It overlaps {title}.").format(title=clashes[0].title)
        self.app.notify(visible(said), markup=False)
        self.dismiss(meetup)
