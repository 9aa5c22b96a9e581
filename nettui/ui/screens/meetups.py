"""Meetups (mode 4): the agenda that turns online ties into meetings."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from nettui.domain.text import one_line
from nettui.ui.screens.base import StoreScreen
from nettui.ui.widgets.mode_bar import ModeBar

WILL_HOLD = (
    "Planning a meetup with a natural-language date, recording how it went, and the\n"
    "past agenda come with the meetups issue."
)


class MeetupsScreen(StoreScreen):
    def compose(self) -> ComposeResult:
        yield ModeBar("meetups")
        with VerticalScroll(classes="placeholder"):
            yield Static("Upcoming meetups", classes="title")
            yield Static(id="agenda")
            yield Static(WILL_HOLD, classes="muted")
        yield Footer()

    def refresh_data(self) -> None:
        repo = self.repo
        now = datetime.now().astimezone()
        upcoming = [
            m
            for m in repo.meetups()
            if m.status == "planned" and datetime.fromisoformat(m.end) >= now
        ]
        text = Text()
        for meetup in upcoming:
            start = datetime.fromisoformat(meetup.start).astimezone()
            names = ", ".join(repo.owner_name(p) for p in meetup.people)
            text.append(f"  {start:%a %Y-%m-%d %H:%M}  ", style="bold")
            text.append(one_line(meetup.title))
            text.append(f"  {one_line(names)}", style="dim")
            if meetup.place:
                text.append(f" · {one_line(meetup.place)}", style="dim")
            text.append("\n")
        if not upcoming:
            text.append("  Nothing planned yet.\n", style="dim")
        self.query_one("#agenda", Static).update(text)
