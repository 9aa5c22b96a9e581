"""A list of entries of one or more lines: a line-API view that draws only the lines on
screen (Needs & offers: matches of four lines, needs and offers of one, and headings and
notes between them that the cursor passes over).

Textual's OptionList measured every option it was given, laid the options out and drew
them and a scroll bar on every key typed in the Needs & offers filter, the slowest
part of a key in a large store. Like PersonList, this view keeps its own first line
shown and never changes its size, so a new list costs no layout, only the lines on
screen; a line longer than the view is cut with "…" (enter on it shows it whole).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from nettui.ui.textual_compat import laid_out_size
from nettui.ui.translation import translate_bindings
from nettui.ui.widgets.drawn_lines import DrawnLines
from nettui.ui.widgets.list_keys import LIST_BINDINGS

# A piece of a line: its text and its look, "" (the row's own) or one of LOOKS.
Part = tuple[str, str]
Line = Sequence[Part]
LOOKS = ("bold", "dim", "italic", "heading", "strong", "good", "possible")
SCROLL_THUMB = "▐"
MARGIN = 1  # cells before each line, as OptionList had


class Entry:
    """One thing in the list. `key` None: a heading or a note, which the cursor passes
    over. Its lines are made when it is first drawn (`draw`), or given (`lines`)."""

    __slots__ = ("_draw", "_lines", "height", "key")

    def __init__(
        self,
        key: str | None,
        lines: Sequence[Line] | None = None,
        draw: Callable[[], Sequence[Line]] | None = None,
        height: int = 1,
    ) -> None:
        self.key = key
        self._lines = lines
        self._draw = draw
        self.height = len(lines) if lines is not None else height

    @property
    def lines(self) -> Sequence[Line]:
        if self._lines is None:
            self._lines = self._draw() if self._draw is not None else ()
        return self._lines


def note(text: str, look: str = "dim") -> Entry:
    """A line the cursor passes over (a heading, "none", "… 12 more")."""
    return Entry(None, [[(text, look)]])


class EntryList(DrawnLines, Widget, can_focus=True):
    """Entries in rows; the cursor on one entry (all its lines) at a time."""

    KEEPS_LINES = True  # every change of an entry or of the lines shown calls refresh()

    BINDINGS = [*LIST_BINDINGS]

    COMPONENT_CLASSES = {f"entry-list--{look}" for look in (*LOOKS, "cursor")}

    DEFAULT_CSS = """
    EntryList { height: 1fr; }
    EntryList > .entry-list--cursor { background: $block-cursor-blurred-background; }
    EntryList:focus > .entry-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    EntryList > .entry-list--bold { text-style: bold; }
    EntryList > .entry-list--dim { color: $text-muted; }
    EntryList > .entry-list--italic { text-style: italic; }
    EntryList > .entry-list--heading { text-style: bold underline; }
    EntryList > .entry-list--strong { color: $text-success; text-style: bold; }
    EntryList > .entry-list--good { text-style: bold; }
    EntryList > .entry-list--possible { color: $text-muted; }
    """

    class Highlighted(Message):
        """The cursor is on another entry (`key` None: on none)."""

        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    class Chosen(Message):
        """An entry was double-clicked (enter is the screen's, which says what it does)."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self._entries: list[Entry] = []
        self._starts: list[int] = []  # the first line of each entry
        self._total = 0  # lines in all
        self._top = 0  # the line on the view's first line
        self._cursor: int | None = None  # the entry under the cursor
        self._styles: dict[str, Style] | None = None

    # -- data ------------------------------------------------------------------------------

    @property
    def current_key(self) -> str | None:
        return self._entries[self._cursor].key if self._cursor is not None else None

    @property
    def entries(self) -> Sequence[Entry]:
        return self._entries

    def show(self, entries: list[Entry], keep_cursor: bool = True) -> None:
        """Show these entries, the cursor kept on the same key when it is still there
        (and the lines shown where they were), else (or not `keep_cursor`) on the first
        that can be chosen."""
        keep = self.current_key if keep_cursor else None
        self._entries = entries
        self._starts, line = [], 0
        for entry in entries:
            self._starts.append(line)
            line += entry.height
        self._total = line
        keys = [entry.key for entry in entries]
        if keep is not None and keep in keys:
            self._cursor = keys.index(keep)
        else:
            self._cursor = self._next_choosable(-1, 1)
            self._top = 0
        self._top = max(0, min(self._top, self._total - self._height))
        self._scroll_cursor_into_view()
        self.refresh()  # repaints only: the view's size stays as it is
        if self.current_key != keep:
            self.post_message(self.Highlighted(self.current_key))

    def _next_choosable(self, index: int, step: int) -> int | None:
        index += step
        while 0 <= index < len(self._entries):
            if self._entries[index].key is not None:
                return index
            index += step
        return None

    # -- drawing ---------------------------------------------------------------------------

    @property
    def _height(self) -> int:
        return max(laid_out_size(self).height, 1)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None  # the theme or the focus changed

    def _style(self, name: str) -> Style:
        """ "row", "cursor", and "row-LOOK" / "cursor-LOOK": a look over the row's. Kept
        until the styles change (each look-up walks the CSS). Under the cursor a look
        adds only its text style, never its colour: the cursor's colours stay readable
        in every theme, NO_COLOR and 16 colours alike."""
        if self._styles is None:
            row = self.rich_style
            cursor = self.get_component_rich_style("entry-list--cursor")
            styles = {"row": row, "cursor": cursor, "row-": row, "cursor-": cursor}
            for look in LOOKS:
                own = self.get_component_rich_style(f"entry-list--{look}", partial=True)
                styles[f"row-{look}"] = row + own
                text_only = Style(bold=own.bold, italic=own.italic, underline=own.underline)
                styles[f"cursor-{look}"] = cursor + text_only
            self._styles = styles
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        width = laid_out_size(self).width
        line_no = self._top + y
        scrolls = self._total > self._height
        text_width = width - MARGIN - (1 if scrolls else 0)
        if line_no >= self._total:
            return Strip.blank(width, self._style("row"))
        index = bisect_right(self._starts, line_no) - 1
        entry = self._entries[index]
        row = "cursor" if index == self._cursor else "row"
        lines = entry.lines
        offset = line_no - self._starts[index]
        parts = lines[offset] if offset < len(lines) else ()
        segments, cells = _fitted(parts, text_width, row, self._style)
        # The margin apart, in the row's style: an SVG screenshot dropped a leading space
        # from the front of a text.
        segments.insert(0, Segment(" " * MARGIN, self._style(row)))
        if cells < text_width:
            segments.append(Segment(" " * (text_width - cells), self._style(row)))
        if scrolls:
            segments.append(self._scroll_cell(y))
        return Strip(segments, width)

    def _scroll_cell(self, y: int) -> Segment:
        """The scroll bar's cell on line `y`: the thumb where the lines shown are."""
        height, total = self._height, self._total
        thumb = max(1, height * height // total)
        at = round(self._top * (height - thumb) / max(total - height, 1))
        drawn = SCROLL_THUMB if at <= y < at + thumb else " "
        return Segment(drawn, self._style("row-dim"))

    # -- moving ----------------------------------------------------------------------------

    def _entry_region(self, index: int) -> Region:
        return Region(
            0,
            self._starts[index] - self._top,
            laid_out_size(self).width,
            self._entries[index].height,
        )

    def _move_to(self, index: int | None) -> None:
        if index is None or index == self._cursor:
            return
        old, self._cursor = self._cursor, index
        top = self._top
        self._scroll_cursor_into_view()
        if self._top != top:
            self.refresh()
        else:
            self.refresh(*(self._entry_region(i) for i in (old, index) if i is not None))
        self.post_message(self.Highlighted(self.current_key))

    def _scroll_cursor_into_view(self) -> None:
        """The cursor's entry on screen whole, and the headings just above it when
        they fit too."""
        index = self._cursor
        if index is None or not laid_out_size(self).height:
            return  # hidden: done on the resize that shows it
        height = self._height
        start = self._starts[index]
        end = start + self._entries[index].height
        lead = index
        while lead > 0 and self._entries[lead - 1].key is None:
            lead -= 1
        if end - self._starts[lead] <= height:
            start = self._starts[lead]
        if start < self._top:
            self._top = start
        elif end > self._top + height:
            self._top = min(end - height, start)

    def _scroll_top_to(self, top: int) -> None:
        top = max(0, min(top, self._total - self._height))
        if top != self._top:
            self._top = top
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._top = max(0, min(self._top, self._total - self._height))
        self._scroll_cursor_into_view()
        self.refresh()

    def action_cursor_down(self) -> None:
        found = self._next_choosable(-1 if self._cursor is None else self._cursor, 1)
        if found is None:  # the last one: the notes under it come into view
            self._scroll_top_to(self._total)
        self._move_to(found)

    def action_cursor_up(self) -> None:
        if self._cursor is None:
            return
        found = self._next_choosable(self._cursor, -1)
        if found is None:  # the first one: the headings over it come into view
            self._scroll_top_to(0)
        self._move_to(found)

    def action_first(self) -> None:
        self._scroll_top_to(0)
        self._move_to(self._next_choosable(-1, 1))

    def action_last(self) -> None:
        self._scroll_top_to(self._total)
        self._move_to(self._next_choosable(len(self._entries), -1))

    def _page(self, step: int) -> None:
        """A page down (`step` 1) or up (-1): the entry about a view's height away."""
        if self._cursor is None:
            return
        target = max(self._starts[self._cursor] + step * max(self._height - 1, 1), 0)
        index = min(bisect_right(self._starts, target) - 1, len(self._entries) - 1)
        found = index if self._entries[index].key is not None else None
        if found is None:
            found = self._next_choosable(index, -step)
        if found is None or (found - self._cursor) * step <= 0:
            found = self._next_choosable(self._cursor, step)
        if found is None:
            self.action_last() if step > 0 else self.action_first()
        else:
            self._move_to(found)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll_top_to(self._top + 3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll_top_to(self._top - 3)

    def on_click(self, event: events.Click) -> None:
        line_no = self._top + event.y
        if not 0 <= line_no < self._total:
            return
        index = bisect_right(self._starts, line_no) - 1
        key = self._entries[index].key
        if key is not None:
            self._move_to(index)
            if event.chain >= 2:
                self.post_message(self.Chosen(key))


def _fitted(
    parts: Line, width: int, row: str, style: Callable[[str], Style]
) -> tuple[list[Segment], int]:
    """The segments of `parts` cut (with "…") to `width` cells, and the cells they take."""
    segments, cells = [], 0
    for text, look in parts:
        size = cell_len(text)
        if cells + size > width:
            room = width - cells
            if room > 0:
                segments.append(
                    Segment(set_cell_size(text, room - 1) + "…", style(f"{row}-{look}"))
                )
            return segments, width
        segments.append(Segment(text, style(f"{row}-{look}")))
        cells += size
    return segments, cells
