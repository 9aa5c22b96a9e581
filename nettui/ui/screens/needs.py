"""Needs & offers (mode 3): who can help whom, and how.

Three tabs: the matches (by kind, best first, each with both people, both texts and
why), the needs, and the offers. One filter narrows the tab in front as you type.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import OptionList, TabbedContent, TabPane
from textual.widgets.option_list import Option

from nettui.domain.labels import label
from nettui.domain.matching import (
    KIND_INTRODUCE,
    KIND_THEY_CAN_HELP,
    KIND_TITLES,
    KIND_YOU_CAN_HELP,
    Match,
)
from nettui.domain.models import NeedOffer
from nettui.domain.text import fold, one_line, visible
from nettui.i18n import N_, _
from nettui.store.errors import NotFound, StoreError
from nettui.ui.screens.base import TabbedListScreen
from nettui.ui.screens.match_action import MatchAction, MatchActionScreen
from nettui.ui.screens.need_offer_form import NeedOfferFormScreen
from nettui.ui.screens.person import PersonScreen
from nettui.ui.widgets.filter_bar import FilterBar
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.key_list import KeyList
from nettui.ui.widgets.mode_bar import ModeBar

T = TypeVar("T", Match, NeedOffer)

SHOWN_PER_LIST = 100  # a list longer than this says how many more; the filter narrows it
STATUS_ORDER = {"open": 0, "done": 1, "dropped": 2}


class NeedsScreen(TabbedListScreen):
    TABS = ("matches", "needs", "offers")
    BINDINGS = [
        Binding("slash", "filter", N_("Filter"), priority=True, id="needs.filter"),
        Binding("a", "add", N_("Add"), priority=True, id="needs.add"),
        Binding("d", "done", N_("Done"), id="needs.done"),
        Binding("x", "delete", N_("Delete"), show=False, id="needs.delete"),
        Binding("u", "undo", N_("Undo"), show=False, id="needs.undo"),
        Binding("right,right_square_bracket", "next_tab", N_("Next tab"), id="needs.next_tab"),
        Binding("left,left_square_bracket", "previous_tab", N_("Previous tab"), show=False),
        Binding("escape,ctrl+g", "clear_filter", N_("Clear filter"), show=False, id="needs.clear"),
    ]

    def compose(self) -> ComposeResult:
        yield ModeBar("needs")
        yield FilterBar(_("press / and type: a name, a word, a #tag"), self.filter_changed)
        with TabbedContent(id="tabs", initial="matches"):
            with TabPane(_("Matches"), id="matches"):
                yield KeyList(id="matches-list")
            with TabPane(_("Needs"), id="needs"):
                yield KeyList(id="needs-list")
            with TabPane(_("Offers"), id="offers"):
                yield KeyList(id="offers-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#matches-list", OptionList))

    # -- data ------------------------------------------------------------------------------

    def __init__(self) -> None:
        super().__init__()
        self._matches: dict[str, Match] = {}
        # Folded text to filter by, per need, offer or match: folding 50,000 matches on
        # every key typed took seconds at 10,000 people. Dropped when the names change.
        self._haystacks: dict[int, tuple[Match | NeedOffer, str]] = {}
        self._sort_names: dict[str, str] = {}
        self._names: dict[str, str] = {}
        # The last filtering of each list (keyed by its first thing): (that thing, the
        # list, the words, the hits).
        self._last_filter: dict[int, tuple[object, list[Any], list[str], list[Any]]] = {}

    def refresh_data(self) -> None:
        query = fold(self.filter_text)
        items = self.repo.needs_offers()
        names = self.repo.owner_names()
        if names != self._names:
            self._names, self._haystacks, self._sort_names = names, {}, {}
            self._last_filter = {}
        if self.repo.matches_ready:
            self._show_matches(self.repo.matches(), query)
        else:
            # Matching everyone takes about a second at 10,000 people: not on the keys.
            empty = Option(Text("  " + _("Finding matches…"), style="dim"), disabled=True)
            self._replace_options("matches", [empty], _("Matches"))
            self._find_matches()
        for kind in ("need", "offer"):
            self._fill_items(kind, [i for i in items if i.kind == kind], names, query)
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="needs-matches")
    def _find_matches(self) -> None:
        matches = self.repo.matches()
        for match in matches:
            self._haystack_of(match)  # fold them here too, off the app's thread
        self.app.call_from_thread(self.refresh_data)

    def _show_matches(self, matches: list[Match], query: str) -> None:
        self._matches = {}  # the ones shown, by option id (filled with the options)
        self._fill_matches(matches, self._names, query)

    def _haystack_of(self, thing: Match | NeedOffer) -> str:
        """The folded text a filter looks in, kept per object: the store keeps its
        NeedOffer and Match objects until they change, and a changed one is a new one."""
        kept = self._haystacks.get(id(thing))
        if kept is not None and kept[0] is thing:
            return kept[1]
        names = self._names
        if isinstance(thing, Match):
            texts = [
                names.get(thing.need.person_id, ""),
                names.get(thing.offer.person_id, ""),
                thing.need.text,
                thing.offer.text,
                *thing.why,
            ]
        else:
            texts = [names.get(thing.person_id, ""), thing.text, *thing.tags]
        haystack = fold(" ".join(texts))
        self._haystacks[id(thing)] = (thing, haystack)  # the object too: its id stays its own
        return haystack

    def _sort_name(self, person_id: str) -> str:
        found = self._sort_names.get(person_id)
        if found is None:
            found = self._sort_names[person_id] = fold(self._names.get(person_id, ""))
        return found

    def _filtered(self, things: list[T], query: str) -> list[T]:
        """`things` whose folded text holds every word of `query`. Typing narrows: when
        the query extends the last one over the same things, only its hits are searched."""
        words = query.split()
        if not words:
            return things
        last = self._last_filter.get(id(things[0]) if things else 0)
        candidates = things
        if last is not None and last[0] is things[0] and len(last[1]) == len(things):
            previous, hits = last[2], last[3]
            if len(words) >= len(previous) and all(
                new.startswith(old) for new, old in zip(words, previous, strict=False)
            ):
                candidates = hits
        found = [t for t in candidates if all(w in self._haystack_of(t) for w in words)]
        if things:
            self._last_filter[id(things[0])] = (things[0], things, words, found)
        return found

    def _fill_matches(self, matches: list[Match], names: dict[str, str], query: str) -> None:
        statuses = {(i.need_id, i.offer_id): i.status for i in self.repo.introductions()}
        options: list[Option] = []
        shown = 0
        by_kind: dict[str, list[Match]] = {k: [] for k in KIND_TITLES}
        for match in self._filtered(matches, query):
            by_kind[match.kind].append(match)
        for kind in (KIND_YOU_CAN_HELP, KIND_THEY_CAN_HELP, KIND_INTRODUCE):
            group = by_kind[kind]
            options.append(
                Option(
                    Text(f"{_(KIND_TITLES[kind])} ({len(group)})", style="bold underline"),
                    disabled=True,
                )
            )
            for match in group[:SHOWN_PER_LIST]:
                status = statuses.get((match.need.id, match.offer.id))
                options.append(self._match_option(match, names, status))
                self._matches[f"{match.need.id}:{match.offer.id}"] = match
                shown += 1
            if len(group) > SHOWN_PER_LIST:
                more = _("… {n} more: type to narrow").format(n=len(group) - SHOWN_PER_LIST)
                options.append(Option(Text(more, style="dim"), disabled=True))
            if not group:
                options.append(Option(Text("  " + _("none"), style="dim"), disabled=True))
        self._replace_options("matches", options, _("Matches ({n})").format(n=len(matches)))

    def _match_option(self, match: Match, names: dict[str, str], status: str | None) -> Option:
        needer, offerer = (
            names.get(match.need.person_id, "?"),
            names.get(match.offer.person_id, "?"),
        )
        prompt = Text()
        prompt.append(f"  {match.score:.2f}  ", style="bold")
        prompt.append(one_line(offerer))
        prompt.append(" → ", style="dim")
        prompt.append(one_line(needer))
        if status:
            prompt.append(f"  [{label(status)}]", style="italic")
        prompt.append("\n        " + _("needs:") + " ", style="dim")
        prompt.append(one_line(match.need.text))
        prompt.append("\n        " + _("offers:") + " ", style="dim")
        prompt.append(one_line(match.offer.text))
        prompt.append("\n        " + _("why:") + " ", style="dim")
        prompt.append(one_line(", ".join(match.why)), style="italic")
        return Option(prompt, id=f"{match.need.id}:{match.offer.id}")

    def _fill_items(
        self, kind: str, items: list[NeedOffer], names: dict[str, str], query: str
    ) -> None:
        items = self._filtered(items, query)
        items.sort(key=lambda i: (STATUS_ORDER.get(i.status, 9), self._sort_name(i.person_id)))
        options = []
        for item in items[:SHOWN_PER_LIST]:
            prompt = Text()
            prompt.append(
                f"{label(item.status):<11}", style="dim" if item.status != "open" else "bold"
            )
            prompt.append(one_line(names.get(item.person_id, "?")), style="bold")
            prompt.append(": ")
            prompt.append(one_line(item.text))
            if item.tags:
                prompt.append("  " + one_line(" ".join("#" + t for t in item.tags)), style="dim")
            options.append(Option(prompt, id=item.id))
        if len(items) > SHOWN_PER_LIST:
            more = _("… {n} more: type to narrow").format(n=len(items) - SHOWN_PER_LIST)
            options.append(Option(Text(more, style="dim"), disabled=True))
        if not items:
            empty = (
                _("No needs yet. Press a to add one.")
                if kind == "need"
                else _("No offers yet. Press a to add one.")
            )
            options.append(Option(Text(empty, style="dim"), disabled=True))
        open_count = sum(1 for i in items if i.status == "open")
        title = _("Needs ({n} open)") if kind == "need" else _("Offers ({n} open)")
        self._replace_options(f"{kind}s", options, title.format(n=open_count))

    def _replace_options(self, tab: str, options: list[Option], label: str) -> None:
        self.query_one(f"#{tab}-list", KeyList).replace(options)
        self.query_one(TabbedContent).get_tab(tab).label = label

    # -- the filter and the tabs -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action in ("done", "delete") and self.is_mounted:
            return True if self.tab != "matches" and self._current_item() else None
        if action == "undo":
            return True if self.repo._last_deleted_item else None
        return True

    # -- acting ----------------------------------------------------------------------------

    def _current_item(self) -> NeedOffer | None:
        option = self.current_list.highlighted_option
        if option is None or option.id is None or self.tab == "matches":
            return None
        return self.repo.need_offer(option.id)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        if option_id is None:
            return
        if self.tab == "matches":
            match = self._matches.get(option_id)
            if match is not None:
                self._open_match(match)
            return
        item = self.repo.need_offer(option_id)
        if item is not None:
            self.app.push_screen(NeedOfferFormScreen(item), lambda _: self.refresh_data())

    def _open_match(self, match: Match) -> None:
        intro = self.repo.introduction_for(match.need.id, match.offer.id)
        screen = MatchActionScreen(
            match,
            self.repo.owner_name(match.need.person_id),
            self.repo.owner_name(match.offer.person_id),
            intro.status if intro else None,
        )
        self.app.push_screen(screen, lambda action: self._act(match, action))

    def _act(self, match: Match, action: MatchAction | None) -> None:
        if action is None:
            return
        if action.status.startswith("open:"):
            self.app.push_screen(PersonScreen(action.status.removeprefix("open:")))
            return
        try:
            self.repo.act_on_match(match.need.id, match.offer.id, action.status)
            if action.close_need:
                need = self.repo.need_offer(match.need.id)
                if need is not None:
                    need.status = "done"
                    self.repo.update_need_offer(need, changed={"status"})
        except (StoreError, NotFound) as error:
            self.app.notify(visible(str(error)), severity="error", markup=False)
            return
        said = {
            "introduced": _("Recorded on both people's pages."),
            "helped": _("Recorded: it helped."),
            "dismissed": _("Dismissed: this pair will not be shown again."),
        }[action.status]
        if action.close_need:
            said += " " + _("The need is done.")
        self.app.notify(said, markup=False)
        self.refresh_data()

    def action_add(self) -> None:
        kind = "offer" if self.tab == "offers" else "need"
        self.app.push_screen(NeedOfferFormScreen(kind=kind), lambda _: self.refresh_data())

    def action_done(self) -> None:
        item = self._current_item()
        if item is None:
            return
        item.status = "open" if item.status == "done" else "done"
        try:
            self.repo.update_need_offer(item, changed={"status"})
        except (StoreError, NotFound) as error:
            self.app.notify(visible(str(error)), severity="error", markup=False)
            return
        self.refresh_data()

    def action_delete(self) -> None:
        item = self._current_item()
        if item is None:
            return
        try:
            self.repo.delete_need_offer(item.id)
        except (StoreError, NotFound) as error:
            self.app.notify(visible(str(error)), severity="error", markup=False)
            return
        self.app.notify(
            visible(_("Deleted: {text}. Press u to undo.").format(text=item.text)), markup=False
        )
        self.refresh_data()

    def action_undo(self) -> None:
        try:
            item = self.repo.undo_delete_need_offer()
        except (StoreError, NotFound) as error:
            self.app.notify(visible(str(error)), severity="error", markup=False)
            return
        if item is not None:
            self.app.notify(visible(_("Back: {text}").format(text=item.text)), markup=False)
        self.refresh_data()

    def palette_commands(self) -> Iterable[SystemCommand]:
        for title, help_text, action in (
            (_("Add a need or offer"), _("For anyone, or for me (a)"), self.action_add),
            (_("Filter needs, offers and matches"), "(/)", self.action_filter),
            (
                _("Mark done / reopen"),
                _("The need or offer under the cursor (d)"),
                self.action_done,
            ),
            (_("Delete this need or offer"), _("Undo with u (x)"), self.action_delete),
            (_("Next tab"), _("Matches, needs, offers (right or ])"), self.action_next_tab),
        ):
            yield SystemCommand(title, help_text, action)
