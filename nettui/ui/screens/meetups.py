"""Meetups (mode 4): the agenda that turns online ties into meetings, and events.

Tabs: Upcoming (planned, soonest first), Past (newest first, with how it went), and
Events (conferences, fairs, talks: who you met there, or plan to meet).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import OptionList, TabbedContent, TabPane
from textual.widgets.option_list import Option

from nettui.domain.dates import local_now
from nettui.domain.labels import label
from nettui.domain.models import ME, Event, Meetup, MeetupStatus
from nettui.domain.text import clip, fold, one_line, visible
from nettui.i18n import N_, _, day_long_with_year, day_month_year, day_short
from nettui.store.errors import AlreadyRecorded
from nettui.ui.keys import key_text, with_key
from nettui.ui.screens.base import TabbedListScreen, clear_filter_binding
from nettui.ui.screens.event_form import EventFormScreen
from nettui.ui.screens.event_page import EventScreen
from nettui.ui.screens.meetup_form import MeetupFormScreen
from nettui.ui.screens.outcome_form import OutcomeFormScreen
from nettui.ui.screens.trip_plan import TripPlanScreen
from nettui.ui.widgets.filter_bar import FilterBar
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.key_list import KeyList
from nettui.ui.widgets.mode_bar import ModeBar


class MeetupsScreen(TabbedListScreen[OptionList]):
    TABS = ("upcoming", "past", "events")
    KEYS_TYPED_IN_FILTER = (*TabbedListScreen.KEYS_TYPED_IN_FILTER, "add_event")
    BINDINGS = [
        Binding("slash", "filter", N_("Filter"), priority=True, id="meetups.filter"),
        # One key, two meanings: the footer and the help show the one of the tab in
        # front (check_action hides the other).
        Binding("a", "add", N_("Plan"), priority=True, id="meetups.add"),
        Binding("a", "add_event", N_("Add event"), priority=True, id="meetups.add_event"),
        Binding("d", "done", N_("Done"), id="meetups.done"),
        Binding("c", "cancel_meetup", N_("Cancel"), id="meetups.cancel"),
        Binding("t", "plan_trip", N_("Plan a trip"), id="meetups.trip"),  # issue 24 (trips)
        Binding("right,right_square_bracket", "next_tab", N_("Next tab"), id="meetups.next_tab"),
        Binding(
            "left,left_square_bracket",
            "previous_tab",
            N_("Previous tab"),
            show=False,
            id="meetups.previous_tab",
        ),
        clear_filter_binding("meetups"),
    ]

    @property
    def current_list(self) -> OptionList:
        return self.query_one(f"#{self.tab}-list", OptionList)

    def compose(self) -> ComposeResult:
        yield ModeBar("meetups")
        yield FilterBar(
            _("press {key} and type: a name, a place, a title").format(
                key=key_text(self.app, "meetups.filter")
            ),
            self.filter_changed,
        )
        with TabbedContent(id="tabs", initial="upcoming"):
            with TabPane(_("Upcoming"), id="upcoming"):
                yield KeyList(id="upcoming-list")
            with TabPane(_("Past"), id="past"):
                yield KeyList(id="past-list")
            with TabPane(_("Events"), id="events"):
                yield KeyList(id="events-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#upcoming-list", OptionList))

    # -- data ------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        query = fold(self.filter_text)
        now = local_now()
        meetups = self.repo.meetups()
        upcoming = [
            m
            for m in meetups
            if m.status == MeetupStatus.PLANNED and datetime.fromisoformat(m.end) >= now
        ]
        past = [m for m in meetups if m not in upcoming]
        past.reverse()
        self._fill(
            "upcoming", [self._meetup_option(m, now) for m in upcoming if self._hit(m, query)]
        )
        self._fill("past", [self._meetup_option(m, now) for m in past if self._hit(m, query)])
        # Those to come first, soonest first (the next one on top); then those over,
        # the latest first.
        events = [e for e in self.repo.events() if self._hit_event(e, query)]
        to_come = [e for e in events if datetime.fromisoformat(e.end) >= now]
        events = to_come + [e for e in reversed(events) if datetime.fromisoformat(e.end) < now]
        self._fill("events", [self._event_option(e, now) for e in events])
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("upcoming").label = _("Upcoming ({n})").format(n=len(upcoming))
        tabs.get_tab("past").label = _("Past ({n})").format(n=len(past))
        tabs.get_tab("events").label = _("Events ({n})").format(n=len(events))
        self.refresh_bindings()

    def _names(self, people: list[str]) -> str:
        """Their names; someone no longer in the store (deleted before deleting took
        them off events too) is left out, never a "?"."""
        return ", ".join(
            self.repo.owner_name(p) for p in people if p == ME or self.repo.person(p) is not None
        )

    def _hit(self, meetup: Meetup, query: str) -> bool:
        text = fold(" ".join((meetup.title, meetup.place, self._names(meetup.people))))
        return all(word in text for word in query.split())

    def _hit_event(self, event: Event, query: str) -> bool:
        text = fold(" ".join((event.name, event.place, self._names(event.people))))
        return all(word in text for word in query.split())

    def _meetup_option(self, meetup: Meetup, now: datetime) -> Option:
        start = datetime.fromisoformat(meetup.start).astimezone(now.tzinfo)
        prompt = Text()
        prompt.append(f"{day_short(start)} {start:%H:%M}  ", style="bold")
        prompt.append(one_line(meetup.title))
        if meetup.status != MeetupStatus.PLANNED:
            prompt.append(f"  [{label(meetup.status)}]", style="italic")
        if meetup.status == MeetupStatus.PLANNED and datetime.fromisoformat(meetup.end) < now:
            prompt.append("  [" + _("how did it go? d") + "]", style="italic")
        details = [self._names(meetup.people)]
        if meetup.place:
            details.append(meetup.place)
        if meetup.photo_together:
            details.append(_("photo together"))
        prompt.append("\n    " + one_line(" · ".join(details)), style="dim")
        if meetup.outcome:
            prompt.append("\n    " + one_line(meetup.outcome), style="italic")
        return Option(prompt, id=meetup.id)

    def _event_option(self, event: Event, now: datetime) -> Option:
        start = datetime.fromisoformat(event.start).astimezone(now.tzinfo)
        upcoming = datetime.fromisoformat(event.end) >= now
        prompt = Text()
        prompt.append(f"{day_month_year(start)}  ", style="bold")
        prompt.append(one_line(event.name))
        if event.place:
            prompt.append(f" · {one_line(event.place)}", style="dim")
        # Before it, who is going; after it, who was met there, else who was there
        # (named in the event's form, or from before "met" was kept).
        if upcoming:
            people, said = event.people, _("going: {names}")
        elif event.met:
            people, said = event.met, _("met there: {names}")
        else:
            people, said = event.people, _("there: {names}")
        if people:
            prompt.append("\n    " + said.format(names=one_line(self._names(people))), style="dim")
        return Option(prompt, id=event.id)

    def _fill(self, tab: str, options: list[Option]) -> None:
        if not options:
            empty = {
                "upcoming": _("Nothing planned. Press {key} to plan a coffee.").format(
                    key=key_text(self.app, "meetups.add")
                ),
                "past": _("No meetups yet."),
                "events": _(
                    "No events yet. Press {key} here to add a conference or a talk."
                ).format(key=key_text(self.app, "meetups.add_event")),
            }[tab]
            options = [Option(Text(empty, style="dim"), disabled=True)]
        self.query_one(f"#{tab}-list", KeyList).replace(options)

    # -- filter and tabs -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if not self.is_mounted:
            return True
        on_events = self.tab == "events"
        if action in ("add", "done", "cancel_meetup") and on_events:
            return False  # not shown: the Events tab holds events, not meetups
        if action == "add_event":
            return on_events
        if action in ("done", "cancel_meetup"):
            meetup = self._current_meetup()
            # d on a meetup already recorded says so (on a cancelled one, nothing).
            allowed = (
                (MeetupStatus.PLANNED, MeetupStatus.DONE)
                if action == "done"
                else (MeetupStatus.PLANNED,)
            )
            return True if meetup is not None and meetup.status in allowed else None
        return True

    # -- acting ----------------------------------------------------------------------------

    def _current_meetup(self) -> Meetup | None:
        option = self.current_list.highlighted_option
        if option is None or option.id is None or self.tab == "events":
            return None
        return self.repo.meetup(option.id)

    def action_add(self) -> None:
        self.nettui.open_screen(MeetupFormScreen(), self._planned)

    def _planned(self, meetup: Meetup | None) -> None:
        """The list again, the cursor on the meetup just planned: it stayed on the old
        first one, and d then recorded that one."""
        self.refresh_data()
        if meetup is not None and meetup.status == MeetupStatus.PLANNED:
            self.query_one(TabbedContent).active = "upcoming"
            upcoming = self.query_one("#upcoming-list", KeyList)
            upcoming.highlight_id(meetup.id)
            self.set_focus(upcoming)

    def action_add_event(self) -> None:
        self.nettui.open_screen(EventFormScreen(), lambda _: self.refresh_data())

    def action_plan_trip(self) -> None:
        self.nettui.open_screen(TripPlanScreen(), lambda _: self.refresh_data())

    def action_done(self) -> None:
        meetup = self._current_meetup()
        if meetup is not None and meetup.status == MeetupStatus.DONE:
            try:
                self.repo.check_not_recorded(meetup)
            except AlreadyRecorded as said:
                self.app.notify(str(said), markup=False)
            return
        if meetup is not None and meetup.status == MeetupStatus.PLANNED:
            self.nettui.open_screen(OutcomeFormScreen(meetup), lambda _: self.refresh_data())

    def action_cancel_meetup(self) -> None:
        meetup = self._current_meetup()
        if meetup is None or meetup.status != MeetupStatus.PLANNED:
            return
        repo = self.repo
        self.nettui.save(lambda: repo.cancel_meetup(meetup.id), lambda _: self._cancelled(meetup))

    def _cancelled(self, meetup: Meetup) -> None:
        self.app.notify(
            visible(_("Cancelled: {title}.").format(title=clip(meetup.title))), markup=False
        )
        self.refresh_data()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if self.tab == "events":
            self._open_event(event.option.id)
            return
        meetup = self._current_meetup()
        if meetup is None:
            return
        now = local_now()
        start = datetime.fromisoformat(meetup.start).astimezone(now.tzinfo)
        lines = [
            f"{meetup.title} · {day_long_with_year(start)}, {start:%H:%M} · {label(meetup.status)}",
            _("With: {names}").format(names=self._names(meetup.people)),
        ]
        if meetup.place:
            lines.append(_("Where: {place}").format(place=meetup.place))
        if meetup.agenda:
            lines.append(
                _("Agenda: {agenda}").format(agenda=" / ".join(meetup.agenda.splitlines()))
            )
        if meetup.outcome:
            lines.append(_("How it went: {outcome}").format(outcome=meetup.outcome))
        self.app.notify(visible("\n".join(lines)), timeout=8, markup=False)

    # -- events (issue 24, part 5) ---------------------------------------------------------

    def _open_event(self, event_id: str | None) -> None:
        """An event's page: when, where, who was met there, who to meet there."""
        if event_id is not None:
            self.nettui.open_screen(EventScreen(event_id), lambda _: self.refresh_data())

    def palette_commands(self) -> Iterable[SystemCommand]:
        for title, help_text, action in (
            (
                _("Plan a meetup"),
                with_key(self.app, _("Who, when, where"), "meetups.add"),
                self.action_add,
            ),
            (
                _("Add an event"),
                _("A conference, a fair, a talk ({key} on Events)").format(
                    key=key_text(self.app, "meetups.add_event")
                ),
                self.action_add_event,
            ),
            (
                _("Plan a trip"),
                with_key(self.app, _("Who to see there, a coffee with each"), "meetups.trip"),
                self.action_plan_trip,
            ),
            (
                _("Record how a meetup went"),
                with_key(self.app, _("Met in person"), "meetups.done"),
                self.action_done,
            ),
            (
                _("Cancel a meetup"),
                with_key(self.app, "", "meetups.cancel"),
                self.action_cancel_meetup,
            ),
            (_("Filter meetups"), with_key(self.app, "", "meetups.filter"), self.action_filter),
            (
                _("Next tab"),
                with_key(self.app, _("Upcoming, past, events"), "meetups.next_tab", every=True),
                self.action_next_tab,
            ),
        ):
            yield SystemCommand(title, help_text, action)
