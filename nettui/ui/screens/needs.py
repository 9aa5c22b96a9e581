"""Needs & offers (mode 3): who can help whom, and how.

Three tabs: the matches (by kind, best first, each with both people, both texts and
why), the needs, and the offers. One filter narrows the tab in front as you type.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
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
    concepts_of,
)
from nettui.domain.models import NeedOffer
from nettui.domain.text import fold, one_line, visible
from nettui.i18n import N_, _
from nettui.store.errors import NotFound, StoreError
from nettui.ui.screens.base import TabbedListScreen, clear_filter_binding
from nettui.ui.screens.match_action import MatchAction, MatchActionScreen
from nettui.ui.screens.need_offer_form import NeedOfferFormScreen
from nettui.ui.screens.person import PersonScreen
from nettui.ui.widgets.filter_bar import FilterBar
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.key_list import KeyList
from nettui.ui.widgets.mode_bar import ModeBar

T = TypeVar("T", Match, NeedOffer)

SHOWN_PER_LIST = 100  # a list longer than this says how many more; the filter narrows it
# Matches take four lines each and come best first: Textual's OptionList measures every
# option it is given, and 3 x 100 of them cost about 60 ms a key typed in the filter.
SHOWN_MATCHES_PER_KIND = 25
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
        clear_filter_binding("needs"),
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
        # Folded text to filter by, per need or offer id (a match is looked for in its
        # need's and its offer's): folding 50,000 matches' texts on every key typed took
        # seconds at 10,000 people, and keeping one text per match 20 MB. Made for the
        # store's list of needs and offers `_haystacks_for`; dropped when that list or
        # the names change.
        self._haystacks: dict[str, str] = {}
        self._haystacks_for: list[NeedOffer] = []
        # Each list's things and their folded texts side by side ("matches", "need",
        # "offer"): a key tests each text with one `in`, not a look-up per thing. A
        # match has two texts (its need's and its offer's), a need or offer one.
        self._searchable: dict[str, tuple[list[Any], list[list[str]]]] = {}
        self._sort_names: dict[str, str] = {}
        self._names: dict[str, str] = {}
        # The last filtering of each list: (the words, the positions of its hits).
        self._last_filter: dict[str, tuple[list[str], list[int]]] = {}
        # Tabs whose options are out of date: only the tab in front is redrawn as the
        # filter changes (hundreds of options each); the others when shown.
        self._stale_tabs: set[str] = set()
        self._ordered: dict[str, tuple[list[NeedOffer], list[NeedOffer]]] = {}

    def refresh_data(self) -> None:
        query = fold(self.filter_text)
        items = self.repo.needs_offers()
        self._haystacks_are_for(items)
        names = self.repo.owner_names()
        if names != self._names:
            self._names, self._haystacks, self._sort_names = names, {}, {}
            self._searchable, self._last_filter, self._ordered = {}, {}, {}
        self._stale_tabs = set(self.TABS)
        if self.repo.matches_ready:
            self._fill_matches(self.repo.matches(), self._names, query)
        else:
            # Matching everyone takes about a second at 10,000 people: not on the keys.
            empty = Option(Text("  " + _("Finding matches…"), style="dim"), disabled=True)
            self._show_tab("matches", _("Matches"), lambda: [empty])
            self._find_matches()
        for kind in ("need", "offer"):
            self._fill_items(kind, [i for i in items if i.kind == kind], names, query)
        self.refresh_bindings()

    @on(TabbedContent.TabActivated)
    def _show_stale_tab(self) -> None:
        if self.tab in self._stale_tabs:
            self.refresh_data()

    @work(thread=True, exclusive=True, group="needs-matches")
    def _find_matches(self) -> None:
        self.repo.matches()
        items = self.repo.needs_offers()
        self._haystacks_are_for(items)
        for item in items:
            self._haystack_of(item)  # fold them here too, off the app's thread
        self.app.call_from_thread(self.refresh_data)

    def _haystacks_are_for(self, items: list[NeedOffer]) -> None:
        """The store makes its list of needs and offers anew, of new objects, after any
        change to them: the folded texts of the old ones are dropped then."""
        if not _same_things(self._haystacks_for, items):
            self._haystacks, self._haystacks_for = {}, items

    def _haystack_of(self, item: NeedOffer) -> str:
        """The folded text a filter looks in: the owner's name, the text, the tags and
        the concepts the text speaks of (so "lawyer" finds "abogada")."""
        kept = self._haystacks.get(item.id)
        if kept is not None:
            return kept
        texts = [item.text, *item.tags]
        concepts = concepts_of(" ".join(texts))
        haystack = fold(" ".join([self._names.get(item.person_id, ""), *texts, *concepts]))
        self._haystacks[item.id] = haystack
        return haystack

    def _sort_name(self, person_id: str) -> str:
        found = self._sort_names.get(person_id)
        if found is None:
            found = self._sort_names[person_id] = fold(self._names.get(person_id, ""))
        return found

    def _texts_of(self, name: str, things: list[Any]) -> list[list[str]]:
        """The folded texts of `things` (the list called `name`), in its order, kept
        while it holds the same objects (the store makes new ones for any change): one
        list for needs or offers, two for matches (their needs', their offers')."""
        kept = self._searchable.get(name)
        if kept is not None and _same_things(kept[0], things):
            return kept[1]
        if name == "matches":
            texts = [
                [self._haystack_of(match.need) for match in things],
                [self._haystack_of(match.offer) for match in things],
            ]
        else:
            texts = [[self._haystack_of(thing) for thing in things]]
        self._searchable[name] = (things, texts)
        self._last_filter.pop(name, None)
        return texts

    def _filtered(self, name: str, things: list[T], query: str) -> list[T]:
        """`things` whose folded texts hold every word of `query`. Typing narrows: when
        the query extends the last one, only its hits are searched again."""
        words = query.split()
        if not words:
            return things
        texts = self._texts_of(name, things)
        candidates: Iterable[int] = range(len(things))
        last = self._last_filter.get(name)
        if last is not None:
            previous, hits = last
            if len(words) >= len(previous) and all(
                new.startswith(old) for new, old in zip(words, previous, strict=False)
            ):
                candidates = hits
        found = list(candidates)
        for word in words:
            if len(texts) == 1:
                [only] = texts
                found = [i for i in found if word in only[i]]
            else:
                needs, offers = texts
                found = [i for i in found if word in needs[i] or word in offers[i]]
        self._last_filter[name] = (words, found)
        return [things[i] for i in found]

    def _fill_matches(self, matches: list[Match], names: dict[str, str], query: str) -> None:
        by_kind: dict[str, list[Match]] = {k: [] for k in KIND_TITLES}
        for match in self._filtered("matches", matches, query):
            by_kind[match.kind].append(match)

        def options() -> list[Option]:
            statuses = {(i.need_id, i.offer_id): i.status for i in self.repo.introductions()}
            self._matches = {}  # the ones shown, by option id
            shown: list[Option] = []
            for kind in (KIND_YOU_CAN_HELP, KIND_THEY_CAN_HELP, KIND_INTRODUCE):
                group = by_kind[kind]
                title = Text(f"{_(KIND_TITLES[kind])} ({len(group)})", style="bold underline")
                shown.append(Option(title, disabled=True))
                for match in group[:SHOWN_MATCHES_PER_KIND]:
                    status = statuses.get((match.need.id, match.offer.id))
                    shown.append(self._match_option(match, names, status))
                    self._matches[f"{match.need.id}:{match.offer.id}"] = match
                if len(group) > SHOWN_MATCHES_PER_KIND:
                    hidden = len(group) - SHOWN_MATCHES_PER_KIND
                    more = _("… {n} more: type to narrow").format(n=hidden)
                    shown.append(Option(Text(more, style="dim"), disabled=True))
                if not group:
                    shown.append(Option(Text("  " + _("none"), style="dim"), disabled=True))
            return shown

        self._show_tab("matches", _("Matches ({n})").format(n=len(matches)), options)

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
        items = self._filtered(kind, self._in_order(kind, items), query)

        def options() -> list[Option]:
            shown = []
            for item in items[:SHOWN_PER_LIST]:
                prompt = Text()
                prompt.append(
                    f"{label(item.status):<11}", style="dim" if item.status != "open" else "bold"
                )
                prompt.append(one_line(names.get(item.person_id, "?")), style="bold")
                prompt.append(": ")
                prompt.append(one_line(item.text))
                if item.tags:
                    tags = " ".join("#" + t for t in item.tags)
                    prompt.append("  " + one_line(tags), style="dim")
                shown.append(Option(prompt, id=item.id))
            if len(items) > SHOWN_PER_LIST:
                more = _("… {n} more: type to narrow").format(n=len(items) - SHOWN_PER_LIST)
                shown.append(Option(Text(more, style="dim"), disabled=True))
            if not items:
                if query:
                    empty = _("Nothing matches {query!r}. Escape clears the filter.").format(
                        query=query
                    )
                elif kind == "need":
                    empty = _("No needs yet. Press a to add one.")
                else:
                    empty = _("No offers yet. Press a to add one.")
                shown.append(Option(Text(empty, style="dim"), disabled=True))
            return shown

        open_count = sum(1 for i in items if i.status == "open")
        title = _("Needs ({n} open)") if kind == "need" else _("Offers ({n} open)")
        self._show_tab(f"{kind}s", title.format(n=open_count), options)

    def _in_order(self, kind: str, items: list[NeedOffer]) -> list[NeedOffer]:
        """Open ones first, then by the person's name: sorted once per change of the
        store, so that filtering keeps the order without a sort a key."""
        kept = self._ordered.get(kind)
        if kept is not None and _same_things(kept[0], items):
            return kept[1]
        ordered = sorted(
            items, key=lambda i: (STATUS_ORDER.get(i.status, 9), self._sort_name(i.person_id))
        )
        self._ordered[kind] = (items, ordered)
        return ordered

    def _show_tab(self, tab: str, label: str, options: Callable[[], list[Option]]) -> None:
        """The tab's label now; its options only if it is in front (else when shown)."""
        self.query_one(TabbedContent).get_tab(tab).label = label
        if tab == self.tab:
            self.query_one(f"#{tab}-list", KeyList).replace(options())
            self._stale_tabs.discard(tab)

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


def _same_things(kept: list[Any], things: list[Any]) -> bool:
    """True when `things` holds the very objects `kept` holds, in order: the store's
    lists of needs, offers and matches are made anew, of kept objects, on each look
    (a test in C: about 1 ms for 50,000 matches)."""
    return len(kept) == len(things) and all(map(operator.is_, kept, things))
