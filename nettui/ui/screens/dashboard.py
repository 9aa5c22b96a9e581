"""Dashboard (mode 1): how much of your network you have actually met, and who next."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from nettui.domain.dates import local_now
from nettui.domain.network import Dashboard, Item
from nettui.domain.text import one_line
from nettui.i18n import N_, _, ngettext
from nettui.ui.screens.base import StoreScreen
from nettui.ui.screens.person import PersonScreen
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.key_list import KeyList
from nettui.ui.widgets.mode_bar import ModeBar

BAR_WIDTH = 30


def met_bar(met: int, known: int, width: int = BAR_WIDTH) -> Text:
    """The bits-to-people ratio as a bar: █ met in person, ░ online only."""
    filled = round(width * met / known) if known else 0
    bar = Text()
    bar.append("█" * filled, style="bold")
    bar.append("░" * (width - filled), style="dim")
    share = (
        _("{share}% met in person").format(share=met * 100 // known) if known else _("no one yet")
    )
    bar.append(" " + share)
    return bar


class MonthBars(Widget):
    """Meetings per month as two rows of block characters, one bar a month. (Textual's
    Sparkline blends a colour for every cell: a third of the Dashboard's first frame.)"""

    DEFAULT_CSS = "MonthBars { width: 1fr; height: 2; color: $accent; }"
    LEVELS = " ▁▂▃▄▅▆▇█"

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: list[int] = []

    def show(self, counts: list[int]) -> None:
        self.counts = counts
        self.refresh()

    def render(self) -> Text:
        if not self.counts:
            return Text()
        most = max(max(self.counts), 1)
        bar = max(self.size.width // len(self.counts) - 1, 1)
        top, bottom = Text(no_wrap=True), Text(no_wrap=True)
        for count in self.counts:
            eighths = round(16 * count / most) if count else 0
            top.append(self.LEVELS[max(eighths - 8, 0)] * bar + " ")
            bottom.append(self.LEVELS[min(eighths, 8)] * bar + " ")
        return Text("\n").join([top, bottom])


class DashboardScreen(StoreScreen):
    DEFAULT_CSS = """
    DashboardScreen #summary { height: auto; padding: 0 1; }
    DashboardScreen #months { height: 3; padding: 0 1; }
    DashboardScreen #months Label { width: 24; color: $text-muted; }
    """

    _board: Dashboard | None = None

    def compose(self) -> ComposeResult:
        yield ModeBar("dashboard")
        with Vertical():
            yield Static(id="summary")
            with Horizontal(id="months"):
                yield Label("", id="months-label")
                yield MonthBars(id="sparkline")
            yield KeyList(id="items")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#items", OptionList))

    @property
    def _week_starts(self) -> int:
        return self.app.config.week_starts  # type: ignore[attr-defined, no-any-return]

    def refresh_data(self) -> None:
        board = self.repo.dashboard(local_now(), week_starts=self._week_starts)
        self._show(board)
        self._load_help_now()

    def _show(self, board: Dashboard) -> None:
        if board == self._board:
            return  # matching found nothing new: no need to draw it all again
        self._board = board
        text = Text()
        known = ngettext("{n} person known", "{n} people known", board.known)
        text.append(known.format(n=board.known) + " · ", style="bold")
        text.append(
            _("{met} met in person · {online} online only").format(
                met=board.met, online=board.known - board.met
            )
            + "\n"
        )
        text.append_text(met_bar(board.met, board.known))
        self.query_one("#summary", Static).update(text)
        total = sum(board.per_month)
        self.query_one("#months-label", Label).update(
            _("Meetings, 12 months: {total}").format(total=total)
            + f"\n{board.months[0]} … {board.months[-1]}"
        )
        self.query_one("#sparkline", MonthBars).show(board.per_month)
        sections = [
            (
                "meet",
                N_("Who to meet next"),
                board.meet_next,
                N_("no one online-only stands out yet"),
            ),
            (
                "week",
                N_("Meetups this week"),
                board.this_week,
                N_("nothing planned: 4 then a plans one"),
            ),
            (
                "overdue",
                N_("Overdue follow-ups"),
                board.overdue,
                N_("none: set 'keep in touch' on a person"),
            ),
            ("help", N_("Needs you could help with now"), board.help_now, N_("none found yet")),
        ]
        options: list[Option] = []
        self._items: dict[str, Item] = {}
        for section, title, items, empty in sections:
            options.append(Option(Text(_(title), style="bold underline"), disabled=True))
            for n, item in enumerate(items):
                options.append(self._option(item, f"{section}:{n}"))
                self._items[f"{section}:{n}"] = item
            if not items:
                options.append(Option(Text("  " + _(empty), style="dim"), disabled=True))
        self.query_one("#items", KeyList).replace(options)

    def _option(self, item: Item, option_id: str) -> Option:
        prompt = Text("  ")
        prompt.append(one_line(item.label))
        if item.detail:
            prompt.append("  " + one_line(item.detail), style="dim")
        return Option(prompt, id=option_id)

    @work(thread=True, exclusive=True, group="dashboard-help")
    def _load_help_now(self) -> None:
        """Matching can take a second on a big network: fill its parts when ready."""
        matches = self.repo.help_now()
        can_help = {m.need.person_id: m.need.text for m in reversed(matches)}
        board = self.repo.dashboard(local_now(), can_help, self._week_starts)
        board.help_now = [
            Item(
                self.repo.owner_name(m.need.person_id),
                _("needs: {need} · your offer: {offer}").format(
                    need=m.need.text, offer=m.offer.text
                ),
                person_id=m.need.person_id,
            )
            for m in matches[:8]
        ]
        self.app.call_from_thread(self._show, board)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        item = self._items.get(event.option.id or "")
        if item is not None and item.person_id and item.person_id != "me":
            self.app.push_screen(PersonScreen(item.person_id))
