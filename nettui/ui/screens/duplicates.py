"""Possible duplicates: review the pairs and merge them, nothing lost."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from nettui.domain.models import Person
from nettui.domain.text import one_line, visible
from nettui.i18n import N_, _
from nettui.ui.context import AppContext
from nettui.ui.translation import translate_bindings
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.key_list import KeyList
from nettui.ui.widgets.mode_bar import ModeBar

SHARED = {
    "uid": N_("the same id from another program"),
    "email": N_("the same email"),
    "handle": N_("the same handle"),
    "phone": N_("the same phone"),
    "name": N_("the same name and company"),
    "same_name": N_("same name only: check before merging"),
}


class DuplicatesScreen(AppContext, Screen[None]):
    """Pairs that may be one person; enter merges the second into the first."""

    BINDINGS = [Binding("escape,ctrl+g", "back", N_("Back"), id="duplicates.back")]

    # Wrapped lines keep the indent of the first (they went on at column 0).
    DEFAULT_CSS = """
    DuplicatesScreen #duplicates-help { padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        # The title on a line of its own: after the four modes it was cut at 80 columns.
        yield ModeBar("people")
        yield Static(_("Possible duplicates"), id="duplicates-title", classes="title")
        yield Static(
            _(
                "{key} merges the second into the first (the older record): every field is "
                "kept, and needs, offers, meetups and history move to it."
            ).format(key="enter"),  # the list's own key (Textual's)
            classes="muted",
            id="duplicates-help",
        )
        yield KeyList(id="pairs")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        self.set_focus(self.query_one(OptionList))

    def refresh_data(self) -> None:
        pairs = self.repo.possible_duplicates()
        self._pairs = {f"{a.id}:{b.id}": (a, b) for a, b, _shared in pairs}
        options = []
        for a, b, shared in pairs:
            # Each line cut with "…" at the screen's width: wrapped, it went on at column 0.
            prompt = Text(no_wrap=True, overflow="ellipsis")
            prompt.append(one_line(a.display_name), style="bold")
            prompt.append("  ⇐  ", style="dim")
            prompt.append(one_line(b.display_name), style="bold")
            prompt.append(
                "\n    " + (_(SHARED[shared]) if shared in SHARED else shared), style="dim"
            )
            # What each one does, so that two people who share a name can be told apart.
            for lead, person in (("    ", a), ("    ⇐ ", b)):
                details = [x for x in (person.role, person.company, ", ".join(person.emails)) if x]
                if details:
                    prompt.append("\n" + lead + one_line(" · ".join(details)), style="dim")
            options.append(Option(prompt, id=f"{a.id}:{b.id}"))
        if not options:
            options = [Option(Text(_("No possible duplicates."), style="dim"), disabled=True)]
        self.query_one(KeyList).replace(options)

    @on(OptionList.OptionSelected)
    def merge(self, event: OptionList.OptionSelected) -> None:
        pair = self._pairs.get(event.option.id or "")
        if pair is None:
            return
        survivor, other = pair
        repo = self.repo
        self.nettui.save(
            lambda: repo.merge_people(survivor.id, other.id),
            lambda _: self._merged(survivor, other),
        )

    def _merged(self, survivor: Person, other: Person) -> None:
        said = _("Merged {other} into {survivor}.").format(
            other=other.display_name, survivor=survivor.display_name
        )
        self.app.notify(visible(said), markup=False)
        if self.is_attached:  # not closed with escape while the merge was saved
            self.refresh_data()

    def action_back(self) -> None:
        self.dismiss()
