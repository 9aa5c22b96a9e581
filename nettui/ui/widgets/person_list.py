"""The list of people: a line-API view that renders only the rows on screen.

A DataTable measures every cell of every row (slow at thousands of people); this view
draws the header and the visible rows only, so first paint and each keystroke of the
filter cost the same however many people the store holds.

It keeps its own first row shown rather than being a Textual ScrollView: a new number
of rows (every key typed in the filter) changed a ScrollView's virtual size, and that
cost a layout of the whole screen before each frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from nettui.domain.models import Person
from nettui.domain.search import PersonSummary
from nettui.domain.text import one_line
from nettui.i18n import N_, _
from nettui.ui.keys import key_text
from nettui.ui.textual_compat import laid_out_size
from nettui.ui.translation import translate_bindings
from nettui.ui.widgets.drawn_lines import DrawnLines, fit_cells
from nettui.ui.widgets.list_keys import LIST_BINDINGS

MET_WIDTH = 11
LAST_WIDTH = 10
GAP = 2


@dataclass(frozen=True)
class Columns:
    name: int
    does: int

    @property
    def total(self) -> int:
        """A row's width: a leading space, the four columns and the gaps between."""
        return 1 + self.name + self.does + MET_WIDTH + LAST_WIDTH + 3 * GAP


class PersonList(DrawnLines, Widget, can_focus=True):
    """People in rows: name, what they do, met in person or online only, last contact."""

    KEEPS_LINES = True  # every change of a row or of the rows shown calls refresh()

    BINDINGS = [
        *LIST_BINDINGS,
        Binding("enter", "open", N_("Open"), show=False, id="people.open"),
    ]

    COMPONENT_CLASSES = {
        "person-list--header",
        "person-list--cursor",
        "person-list--met",
        "person-list--online",
        "person-list--unknown",
        "person-list--dim",
    }

    DEFAULT_CSS = """
    /* No scroll bar: the header says where the cursor is ("Name  12/10000").
       Textual redrew a bar a frame after each filtered key. */
    PersonList { height: 1fr; }
    PersonList > .person-list--header { text-style: bold; color: $text-primary; }
    PersonList > .person-list--cursor { background: $block-cursor-blurred-background; }
    PersonList:focus > .person-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    PersonList > .person-list--met { color: $text-success; }
    PersonList > .person-list--online { color: $text-warning; }
    PersonList > .person-list--unknown { color: $text-error; text-style: italic; }
    PersonList > .person-list--dim { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, repaint=False)  # watch_cursor repaints two rows

    class Opened(Message):
        """The user pressed enter on a person."""

        def __init__(self, person_id: str) -> None:
            super().__init__()
            self.person_id = person_id

    def __init__(
        self, lookup: Callable[[str], Person | PersonSummary | None], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self._lookup = lookup
        self._ids: Sequence[str] = []
        self._top = 0  # the row on the first line under the header
        self._columns = Columns(0, 0)
        self._columns_for = -1  # the width self._columns was worked out for
        self._styles: dict[str, Style] | None = None
        # Each row as drawn, by (person id, under the cursor): kept while the same
        # Person or summary object (a change makes new ones) is drawn at the same width.
        self._strips: dict[tuple[str, bool], tuple[Person | PersonSummary, int, Strip]] = {}
        self.empty_text = _("No people yet. Press {key} to add someone.").format(
            key=key_text(self.app, "people.add")
        )

    # -- data ------------------------------------------------------------------------------

    @property
    def ids(self) -> Sequence[str]:
        return self._ids

    def show_ids(self, ids: Sequence[str], keep: str | None = None, top: bool = False) -> None:
        """Show these people; the cursor on the first (`top`: a new filter's best
        match), else kept on `keep` (or the current person) if listed."""
        current = None if top else keep or self.current_id
        index = 0
        if current is not None:
            try:
                index = ids.index(current)
            except ValueError:
                index = min(self.cursor, max(len(ids) - 1, 0))
        # A new filter redraws only the lines whose person changed: a key that finds
        # the same people ("nune", then "nunez") redraws none: less to send over ssh.
        # (Not for a refresh, which shows changes to the people themselves, nor
        # for an empty list, which says the query.)
        shown = slice(self._top, self._top + self._rows_shown)
        before = list(self._ids[shown]) if top and self._ids and ids else None
        count_before, top_before, cursor_before = len(self._ids), self._top, self.cursor
        self._ids = ids
        # Without watch_cursor: the rows the cursor leaves and reaches are repainted
        # below, with the rest, in one call (each call has a cost in Textual).
        self.set_reactive(PersonList.cursor, index)
        self._scroll_cursor_into_view()
        if top and not count_before and not ids:  # still empty: only its message changes
            self.refresh(Region(0, 1, laid_out_size(self).width, 1))
            return
        if before is None or self._top != top_before:
            self.refresh()  # repaints only: the list's size stays as it is
            return
        now = list(ids[shown])
        lines = {
            line
            for line, (was, person_id) in enumerate(zip_longest(before, now), start=1)
            if was != person_id
        }
        if index != cursor_before:
            lines.update(row - self._top + 1 for row in (cursor_before, index))
        if len(ids) != count_before or index != cursor_before:
            lines.add(0)  # the header's "1/1431"
        width, height = laid_out_size(self)
        if changed := [Region(0, line, width, 1) for line in sorted(lines) if 0 <= line < height]:
            self.refresh(*changed)  # in one call: a call per line cost more

    @property
    def current_id(self) -> str | None:
        if 0 <= self.cursor < len(self._ids):
            return self._ids[self.cursor]
        return None

    # -- drawing ---------------------------------------------------------------------------

    def _width_and_columns(self) -> tuple[int, Columns]:
        # The size as laid out (laid_out_size): self.size finds the region through the
        # screen, and a new screenful of rows asks for it many times.
        width = laid_out_size(self).width
        if self._columns_for != width:
            # One leading space, then name, does, met and last with a gap between each.
            free = max(width - 1 - MET_WIDTH - LAST_WIDTH - 3 * GAP, 10)
            name = max(free * 9 // 20, 8)
            self._columns, self._columns_for = Columns(name=name, does=free - name), width
        return width, self._columns

    def _row_text(self, cols: Columns, cells: tuple[str, str, str, str]) -> list[str]:
        name, does, met, last = cells
        return [
            fit_cells(name, cols.name),
            fit_cells(does, cols.does),
            fit_cells(met, MET_WIDTH),
            fit_cells(last, LAST_WIDTH),
        ]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None  # the theme or the focus changed
        self._strips.clear()

    def _style(self, name: str) -> Style:
        """The list's styles, looked up once per change of theme or focus (each look-up
        costs Textual a walk of the CSS; a frame drew 27 lines with several each).
        "row-PART" is a column's colour over the row's; "cursor-PART" the cursor's over it."""
        if self._styles is None:
            styles = {
                "base": self.rich_style,
                "header": self.get_component_rich_style("person-list--header"),
                "cursor": self.get_component_rich_style("person-list--cursor"),
                "dim": self.get_component_rich_style("person-list--dim"),
            }
            parts = {
                part: self.get_component_rich_style(f"person-list--{part}", partial=True)
                for part in ("met", "online", "unknown", "dim")
            }
            for part, part_style in parts.items():
                styles[f"row-{part}"] = styles["base"] + part_style
                # The cursor's colours win over a column's (as a DataTable's cursor):
                # a column's colour on the cursor's background could be the same grey
                # in NO_COLOR, or yellow on white in 16 colours.
                styles[f"cursor-{part}"] = part_style + styles["cursor"]
            styles["row"] = styles["base"]
            self._styles = styles
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        width, cols = self._width_and_columns()
        if y == 0:
            return self._header_line(width, cols)
        row = y - 1 + self._top
        if not self._ids:
            if y == 1:
                line = Segment(" " + self.empty_text, self._style("dim"))
                return Strip([line]).adjust_cell_length(width, self._style("base"))
            return Strip.blank(width, self._style("base"))
        if row >= len(self._ids):
            return Strip.blank(width, self._style("base"))
        person = self._lookup(self._ids[row])
        if person is None:
            return Strip.blank(width, self._style("base"))
        on_cursor = row == self.cursor
        kept = self._strips.get((person.id, on_cursor))
        if kept is not None and kept[0] is person and kept[1] == width:
            return kept[2]
        row_name = "cursor" if on_cursor else "row"
        strip = Strip(self._person_segments(person, cols, row_name), cols.total)
        if cols.total != width:  # narrower than the columns' least
            strip = strip.adjust_cell_length(width, self._style(row_name))
        if len(self._strips) > 1000:
            self._strips.clear()
        self._strips[(person.id, on_cursor)] = (person, width, strip)
        return strip

    def _header_line(self, width: int, cols: Columns) -> Strip:
        style = self._style("header")
        name = _("Name")
        if len(self._ids) > self.size.height - 1:
            # Where the cursor is, beside "Name", in place of a scroll bar.
            name = f"{name}  {self.cursor + 1}/{len(self._ids)}"
        texts = self._row_text(cols, (name, _("Does"), _("Met"), _("Last")))
        line = Segment(" " + (" " * GAP).join(texts), style)
        return Strip([line]).adjust_cell_length(width, style)

    def _person_segments(
        self, person: Person | PersonSummary, cols: Columns, row: str
    ) -> list[Segment]:
        """A person's row; `row` names the row's styles ("row", or "cursor" under it),
        each column's own colour over the row's."""
        does = ", ".join(x for x in (person.role, person.company) if x)
        if person.needs_real_name:
            name_style = self._style(f"{row}-unknown")
            name = f"? {person.display_name}"
        else:
            name_style = self._style(row)
            name = person.display_name
        met_text = _("in person") if person.met else _("online only")
        met_style = self._style(f"{row}-met" if person.met else f"{row}-online")
        texts = self._row_text(
            cols,
            (one_line(name), one_line(does), met_text, person.last_contact or "—"),
        )
        row_style = self._style(row)
        gap = " " * GAP
        # Neighbours in the row's style are one segment: each segment costs the line
        # filters and the terminal output their own work, and a screenful of new rows
        # (a key typed in the filter) drew 200 of them. (The leading space stays
        # apart: an SVG screenshot dropped it from the front of a text.)
        if name_style == row_style:
            start = [Segment(" ", row_style), Segment(f"{texts[0]}{gap}{texts[1]}{gap}", row_style)]
        else:
            start = [
                Segment(" ", row_style),
                Segment(texts[0], name_style),
                Segment(f"{gap}{texts[1]}{gap}", row_style),
            ]
        return [
            *start,
            Segment(texts[2], met_style),
            Segment(gap, row_style),
            Segment(texts[3], self._style(f"{row}-dim")),
        ]

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_cursor_into_view()

    @property
    def _rows_shown(self) -> int:
        return max(self.size.height - 1, 1)  # under the header

    # -- moving ----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        # Only the two rows that change (row r is line r + 1, under the header) and the
        # header's position: over ssh a whole-list repaint sends many times more
        # bytes a key.
        width = self.size.width
        for row in (old, new):
            line = row - self._top + 1
            if 1 <= line < self.size.height:
                self.refresh(Region(0, line, width, 1))
        self.refresh(Region(0, 0, width, 1))  # the header's "12/10000"

    def _scroll_cursor_into_view(self) -> None:
        if not self.size.height:
            return  # hidden (a person's page is shown): done on the resize that shows it
        shown = self._rows_shown
        top = min(self._top, max(len(self._ids) - shown, 0))  # no blank rows below the end
        if self.cursor < top:
            top = self.cursor
        elif self.cursor >= top + shown:
            top = self.cursor - shown + 1
        if top != self._top:
            self._top = top
            self.refresh()

    def _scroll_by(self, rows: int) -> None:
        """Move the rows shown (the mouse wheel), the cursor staying among them."""
        self._top = max(0, min(self._top + rows, len(self._ids) - self._rows_shown))
        self.cursor = max(self._top, min(self.cursor, self._top + self._rows_shown - 1))
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll_by(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll_by(-3)

    def _move_to(self, index: int) -> None:
        if not self._ids:
            return
        self.cursor = max(0, min(index, len(self._ids) - 1))
        self._scroll_cursor_into_view()

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._ids) - 1)

    def action_page_down(self) -> None:
        self._move_to(self.cursor + max(self._rows_shown - 1, 1))

    def action_page_up(self) -> None:
        self._move_to(self.cursor - max(self._rows_shown - 1, 1))

    def action_open(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Opened(self.current_id))

    def on_click(self, event: events.Click) -> None:
        row = event.y - 1 + self._top
        if event.y >= 1 and 0 <= row < len(self._ids):
            self._move_to(row)
            if event.chain >= 2:
                self.action_open()
