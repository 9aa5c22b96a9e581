"""Dashboard (mode 1): how much of your network you have actually met, and who next."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from nettui.domain.dates import local_now
from nettui.domain.network import SHOWN, Dashboard, Item
from nettui.domain.text import one_line
from nettui.i18n import N_, _, ngettext
from nettui.ui.keys import key_text
from nettui.ui.screens.base import StoreScreen
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.key_list import KeyList
from nettui.ui.widgets.mode_bar import ModeBar

BAR_WIDTH = 30
LEAST_ROWS = 3  # of a section's items shown, room or not (the list scrolls)


def fit(text: str, width: int) -> str:
    """`text` cut with "…" to `width` cells."""
    return text if cell_len(text) <= width else set_cell_size(text, width - 1).rstrip() + "…"


def _rows_each(counts: list[int], height: int) -> list[int]:
    """How many items of each section to show in `height` rows (each section also
    takes a title row, and an empty one a line that says so): a row at a time to
    each section that has more, in turn, at least LEAST_ROWS each; fewer (one at
    least) when that many would not fit, so that 80x24 shows every section whole."""
    least = LEAST_ROWS
    while least > 1 and sum(max(min(n, least), 1) for n in counts) + len(counts) > height:
        least -= 1
    shown = [min(n, least) for n in counts]
    free = height - len(counts) - sum(max(n, 1) for n in shown)
    while free > 0:
        more = [i for i, n in enumerate(counts) if shown[i] < n]
        if not more:
            break
        for i in more:
            if free <= 0:
                break
            shown[i] += 1
            free -= 1
    return shown


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
    """Meetings per month: two rows of block characters, one bar a month, and under
    each bar its month and its count. (Textual's Sparkline blends a colour for every
    cell: a third of the Dashboard's first frame.)"""

    DEFAULT_CSS = """
    MonthBars { width: 1fr; height: 4; color: $accent; }
    MonthBars > .month-bars--label { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"month-bars--label"}
    LEVELS = " ▁▂▃▄▅▆▇█"

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: list[int] = []
        self.months: list[str] = []

    def show(self, counts: list[int], months: list[str]) -> None:
        self.counts, self.months = counts, months
        self.refresh()

    def render(self) -> Text:
        if not self.counts:
            return Text()
        most = max(max(self.counts), 1)
        slot = max(self.size.width // len(self.counts), 2)
        bar = slot - 1
        label_style = self.get_component_rich_style("month-bars--label", partial=True)
        top, bottom = Text(no_wrap=True), Text(no_wrap=True)
        months, counts = Text(no_wrap=True), Text(no_wrap=True)
        for count, month in zip(self.counts, self.months, strict=False):
            eighths = round(16 * count / most) if count else 0
            top.append(self.LEVELS[max(eighths - 8, 0)] * bar + " ")
            bottom.append(self.LEVELS[min(eighths, 8)] * bar + " ")
            # A month's name cut to its bar ("sept." -> "sep"), its count under it.
            months.append(set_cell_size(month.rstrip("."), bar) + " ", label_style)
            counts.append(set_cell_size(str(count), bar) + " ", label_style)
        return Text("\n").join([top, bottom, months, counts])


class DashboardScreen(StoreScreen):
    DEFAULT_CSS = """
    DashboardScreen #summary { height: auto; padding: 0 1; }
    DashboardScreen #months { height: 4; padding: 0 1; }
    DashboardScreen #months Label { width: 24; color: $text-muted; }
    """

    _board: Dashboard | None = None
    _items_for: tuple[int, int] = (-1, -1)  # the list's size its rows were made for

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
        return self.config.week_starts

    def refresh_data(self) -> None:
        board = self.repo.dashboard(local_now(), week_starts=self._week_starts)
        self._show(board)
        self._load_help_now()

    def _show(self, board: Dashboard) -> None:
        if board == self._board and self._list_size() == self._items_for:
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
        )
        self.query_one("#sparkline", MonthBars).show(board.per_month, board.months)
        self._show_items(board)

    def on_resize(self) -> None:
        # Lines cut to the new width, rows to the new height, once laid out anew.
        self.call_after_refresh(self._show_items_again)

    def _show_items_again(self) -> None:
        if self._board is not None and self._list_size() != self._items_for:
            self._show_items(self._board)

    def _list_size(self) -> tuple[int, int]:
        size = self.query_one("#items", KeyList).size
        return size.width, size.height

    def _show_items(self, board: Dashboard) -> None:
        week_title, week_items = N_("Meetups this week"), board.this_week
        if not board.this_week and board.next_soon:
            week_title = (
                N_("Next meetup (none this week)")
                if len(board.next_soon) == 1
                else N_("Next meetups (none this week)")
            )
            week_items = board.next_soon
        if board.planned_later:  # only further than two weeks away
            no_meetup = N_(
                "Nothing in the next two weeks. Press {go}, then {add}, to plan a meetup."
            )
        else:
            no_meetup = N_("Nothing planned. Press {go}, then {add}, to plan a meetup.")
        # The keys as the keymap has them (only no_meetup names any).
        keys = {"go": key_text(self.app, "go.meetups"), "add": key_text(self.app, "meetups.add")}
        sections = [
            (
                "meet",
                N_("Who to meet next"),
                board.meet_next,
                N_("No one online-only stands out yet."),
            ),
            ("week", week_title, week_items, no_meetup),
            (
                "birthdays",
                N_("Birthdays and anniversaries, next 14 days"),  # network.BIRTHDAY_DAYS
                board.birthdays,
                None,  # none: no section (room at 80x24; most days have none)
            ),
            (
                "overdue",
                N_("Overdue follow-ups"),
                board.overdue,
                N_("None. Set 'keep in touch' on a person to see who is due."),
            ),
            ("help", N_("Needs you could help with now"), board.help_now, N_("None found yet.")),
        ]
        items_list = self.query_one("#items", KeyList)
        self._items_for = self._list_size()
        if not items_list.size.width:  # not laid out yet (made ahead, out of sight)
            self.call_after_refresh(self._show_items_again)
        # Each row cut to the list's width with the scroll bar counted (it shows when
        # the rows do not fit): a longer one wrapped to column 0.
        width = items_list.size.width - items_list.styles.gutter.width
        width -= items_list.styles.scrollbar_size_vertical
        sections = [section for section in sections if section[2] or section[3] is not None]
        shown = _rows_each(
            [len(items) for _section, _title, items, _empty in sections],
            items_list.size.height,
        )
        options: list[Option] = []
        self._items: dict[str, Item] = {}
        for (section, title, items, empty), rows in zip(sections, shown, strict=True):
            heading = _(title)
            if rows < len(items):  # cut to fit: say how many there are
                total = f"{len(items)}+" if len(items) >= SHOWN else str(len(items))  # capped
                heading = _("{title} ({shown} of {total})").format(
                    title=heading, shown=rows, total=total
                )
            options.append(Option(Text(heading, style="bold underline"), disabled=True))
            for n, item in enumerate(items[:rows]):
                options.append(self._option(item, f"{section}:{n}", width))
                self._items[f"{section}:{n}"] = item
            if not items and empty is not None:
                said = _(empty).format(**keys)
                line = fit(said, width - 2) if width > 2 else said
                options.append(Option(Text("  " + line, style="dim"), disabled=True))
        items_list.replace(options)

    def _option(self, item: Item, option_id: str, width: int) -> Option:
        """ "  Name  detail" on one line of `width` cells, cut with "…"."""
        label = "  " + one_line(item.label)
        detail = "  " + one_line(item.detail) if item.detail else ""
        if width > 4 and cell_len(label) + cell_len(detail) > width:
            if cell_len(label) >= width - 8:
                label, detail = fit(label, width), ""
            else:
                detail = fit(detail, width - cell_len(label))
        prompt = Text(label, no_wrap=True)
        prompt.append(detail, style="dim")
        return Option(prompt, id=option_id)

    @work(thread=True, exclusive=True, group="dashboard-help")
    def _load_help_now(self) -> None:
        """Matching is slow on a big network: fill its parts when ready."""
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
            for m in matches[:SHOWN]
        ]
        self.app.call_from_thread(self._show, board)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        item = self._items.get(event.option.id or "")
        if item is not None and item.person_id and item.person_id != "me":
            self.nettui.open_person(item.person_id)
