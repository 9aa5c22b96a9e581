"""Needs & offers (mode 3): who can help whom, and how."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from nettui.ui.messages import StoreChanged
from nettui.ui.widgets.mode_bar import ModeBar

WILL_HOLD = (
    "This screen will hold open needs, open offers, and the matches between them with\n"
    'the reason, so you can say "I can help" or introduce two people. It comes with the\n'
    "needs & offers issue. Needs and offers already show on each person's page."
)


class NeedsScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield ModeBar("needs")
        with VerticalScroll(classes="placeholder"):
            yield Static("Needs & offers", classes="title")
            yield Static(id="counts")
            yield Static(WILL_HOLD, classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    @on(StoreChanged)
    def store_changed(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        items = self.app.repo.needs_offers()  # type: ignore[attr-defined]
        needs = sum(1 for i in items if i.kind == "need" and i.status == "open")
        offers = sum(1 for i in items if i.kind == "offer" and i.status == "open")
        self.query_one("#counts", Static).update(
            f"\n{needs} open needs and {offers} open offers in your network.\n"
        )
