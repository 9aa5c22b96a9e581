"""An event's page: when and where, who you met there, and before it, "meet them there":
the people you know online only who are going, the ties it can turn into meetings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from nettui.domain.dates import local_now
from nettui.domain.events import describe_span, has_started, is_upcoming
from nettui.domain.models import Event, Person
from nettui.domain.text import clip, one_line, visible
from nettui.i18n import N_, _
from nettui.store.events import MetThere
from nettui.ui.keys import key_text, with_key
from nettui.ui.screens.base import StoreScreen
from nettui.ui.screens.event_going import EventGoingScreen
from nettui.ui.screens.event_met import EventMetScreen, summary
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.key_list import KeyList
from nettui.ui.widgets.mode_bar import ModeBar


class EventScreen(StoreScreen):
    BINDINGS = [
        Binding("escape,ctrl+g", "back", N_("Back"), id="event.back"),
        # Priority: the form opens as the key arrives, so a name typed right after it
        # in one burst lands in the form.
        Binding("w", "who_met", N_("Who I met here"), priority=True, id="event.who_met"),
        Binding("a", "add_going", N_("Someone going"), priority=True, id="event.going"),
    ]
    DEFAULT_CSS = """
    EventScreen #event-head { height: auto; padding: 0 1; }
    EventScreen #event-people { height: 1fr; border: none; padding: 0; }
    """

    def __init__(self, event_id: str) -> None:
        super().__init__()
        self.event_id = event_id
        self._head = Text()
        self._people: list[tuple[str | None, object]] = []

    def compose(self) -> ComposeResult:
        yield ModeBar("meetups")
        yield Static("", id="event-head", markup=False)
        yield KeyList(id="event-people")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#event-people", KeyList))

    @property
    def event(self) -> Event | None:
        return self.repo.event(self.event_id)

    def refresh_data(self) -> None:
        event = self.event
        if event is None:  # removed by another session
            self.dismiss()
            return
        now = local_now()
        head = Text()
        head.append(one_line(event.name) + "\n", style="bold")
        span = describe_span(
            datetime.fromisoformat(event.start), datetime.fromisoformat(event.end), now
        )
        head.append(_("When: {when}").format(when=span) + "\n")
        if event.place:
            head.append(_("Where: {place}").format(place=one_line(event.place)) + "\n")
        # Only a change is drawn again: each update lays the screen out anew, and a
        # refresh with nothing changed (another session's write) would flicker.
        if head != self._head:
            self._head = head
            self.query_one("#event-head", Static).update(head)
        options = self._people_options(event, now)
        if [(o.id, o.prompt) for o in options] != self._people:
            self._people = [(o.id, o.prompt) for o in options]
            self.query_one("#event-people", KeyList).replace(options)
        self.refresh_bindings()

    def _people_options(self, event: Event, now: datetime) -> list[Option]:
        """Who to meet there (before and during it), who was met there (once it has
        started), and everyone else going or there."""
        upcoming, started = is_upcoming(event, now), has_started(event, now)
        met = self.repo.met_there(event)
        online_only = self.repo.online_only_going(event) if upcoming else []
        others = [
            p
            for p in self.repo.people_by_ids(event.people)
            if p.id not in event.met and p not in online_only
        ]
        to_meet = _("Meet them there ({n}): known online only, going")
        blocks: list[tuple[str, list[Person], str]] = []
        if started:
            blocks.append((_("Met there ({n})"), met, _("Press {key} for who you met here.")))
        if upcoming:
            blocks.append(
                (to_meet, online_only, _("No one yet. Press {key} to add someone going."))
            )
        if others:
            said = _("Also there ({n})") if started else _("Also going ({n})")
            blocks.append((said, others, ""))
        options: list[Option] = []
        for heading, people, empty in blocks:
            options.append(_heading(heading.format(n=len(people))))
            options += [self._person_option(p) for p in people]
            if not people and empty:
                key = "event.who_met" if people is met else "event.going"
                options.append(_heading("  " + empty.format(key=key_text(self.app, key)), dim=True))
        return options

    def _person_option(self, person: Person) -> Option:
        prompt = Text("  " + one_line(person.display_name))
        details = [d for d in (person.role, person.company) if d]
        needs = [
            n
            for n in self.repo.needs_offers_of(person.id)
            if n.kind == "need" and n.status == "open"
        ]
        if needs:  # the newest: what they said at the event, when they said one
            newest = max(needs, key=lambda n: n.created).text
            details.append(_("needs: {text}").format(text=clip(newest, 40)))
        if details:
            # Cut to fit one row at 80 columns: the list wraps a long one.
            room = max(12, 72 - len(prompt.plain))
            prompt.append("  " + clip(one_line(" · ".join(details)), room), style="dim")
        return Option(prompt, id=person.id)

    @on(OptionList.OptionSelected)
    def open_person(self, chosen: OptionList.OptionSelected) -> None:
        if chosen.option.id is not None:
            self.nettui.open_person(chosen.option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "who_met" and self.is_mounted:
            event = self.event
            # Before the event there is no one to have met: the key is not offered.
            return event is not None and has_started(event, local_now())
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_who_met(self) -> None:
        event = self.event
        if event is None:
            return
        if not has_started(event, local_now()):
            self.app.notify(
                visible(_("{name} has not happened yet.").format(name=event.name)), markup=False
            )
            return
        self.nettui.open_screen(EventMetScreen(event), self._met)

    def _met(self, saved: list[MetThere] | None) -> None:
        event = self.event
        if saved and event is not None:
            self.app.notify(visible(summary(saved, event.name)), markup=False)
        self.refresh_data()

    def action_add_going(self) -> None:
        event = self.event
        if event is not None:
            self.nettui.open_screen(EventGoingScreen(event), lambda _: self.refresh_data())

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            _("Who I met here"),
            with_key(self.app, _("Name, a note, enter: the next"), "event.who_met"),
            self.action_who_met,
        )
        yield SystemCommand(
            _("Someone going"),
            with_key(self.app, _("Someone you know is going to this event"), "event.going"),
            self.action_add_going,
        )


def _heading(text: str, dim: bool = False) -> Option:
    return Option(Text(text, style="dim" if dim else "bold"), disabled=True)
