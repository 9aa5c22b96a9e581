"""Dashboard (mode 1): how much of your network you have actually met."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from nettui.ui.screens.base import StoreScreen
from nettui.ui.widgets.mode_bar import ModeBar

BAR_WIDTH = 40

COMING = (
    "Coming with the meetups issue: who to meet next and why, meetups this week,\n"
    "overdue follow-ups, needs you could help with now, and meetings per month."
)


def met_bar(met: int, known: int, width: int = BAR_WIDTH) -> Text:
    """The bits-to-people ratio as a bar: █ met in person, ░ online only."""
    filled = round(width * met / known) if known else 0
    bar = Text()
    bar.append("█" * filled, style="bold")
    bar.append("░" * (width - filled), style="dim")
    share = f" {met * 100 // known}% met in person" if known else " no one yet"
    bar.append(share)
    return bar


class DashboardScreen(StoreScreen):
    def compose(self) -> ComposeResult:
        yield ModeBar("dashboard")
        with VerticalScroll(classes="placeholder"):
            yield Static(id="stats")
            yield Static(COMING, classes="muted")
        yield Footer()

    def refresh_data(self) -> None:
        met, known = self.repo.met_counts()  # type: ignore[attr-defined]
        text = Text()
        text.append("Your network\n\n", style="bold")
        text.append(f"  People known      {known}\n")
        text.append(f"  Met in person     {met}\n")
        text.append(f"  Online only       {known - met}\n\n")
        text.append("  ")
        text.append_text(met_bar(met, known))
        text.append("\n\n  Online ties are real but incomplete until you meet.\n", style="italic")
        self.query_one("#stats", Static).update(text)
