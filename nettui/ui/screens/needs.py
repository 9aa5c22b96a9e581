"""Needs & offers (mode 3): who can help whom, and how."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from nettui.ui.screens.base import StoreScreen
from nettui.ui.widgets.mode_bar import ModeBar

WILL_HOLD = (
    "This screen will hold open needs, open offers, and the matches between them with\n"
    'the reason, so you can say "I can help" or introduce two people. It comes with the\n'
    "needs & offers issue. Needs and offers already show on each person's page."
)


class NeedsScreen(StoreScreen):
    def compose(self) -> ComposeResult:
        yield ModeBar("needs")
        with VerticalScroll(classes="placeholder"):
            yield Static("Needs & offers", classes="title")
            yield Static(id="counts")
            yield Static(WILL_HOLD, classes="muted")
        yield Footer()

    def refresh_data(self) -> None:
        items = self.repo.needs_offers()  # type: ignore[attr-defined]
        needs = sum(1 for i in items if i.kind == "need" and i.status == "open")
        offers = sum(1 for i in items if i.kind == "offer" and i.status == "open")
        self.query_one("#counts", Static).update(
            f"\n{needs} open needs and {offers} open offers in your network.\n"
        )
