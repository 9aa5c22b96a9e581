"""Needs & offers (mode 3): who can help whom, and how.

Three tabs: the matches (by kind, best first, each with both people, both texts and
why), the needs, and the offers. One filter narrows the tab in front as you type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static, TabbedContent, TabPane
from textual.worker import Worker, get_current_worker

from nettui.domain.matching import (
    KIND_INTRODUCE,
    KIND_THEY_CAN_HELP,
    KIND_TITLES,
    KIND_YOU_CAN_HELP,
    Match,
)
from nettui.domain.models import NeedOffer, NeedOfferKind, NeedOfferStatus
from nettui.domain.needs_filter import NeedsFilter
from nettui.domain.text import fold, visible
from nettui.i18n import N_, _, ngettext
from nettui.ui.keys import key_text, with_key
from nettui.ui.screens.base import (
    LEAVE_FILTER_BINDING,
    TabbedListScreen,
    clear_filter_binding,
)
from nettui.ui.screens.match_acts import MatchActs
from nettui.ui.screens.need_offer_form import NeedOfferFormScreen
from nettui.ui.textual_compat import set_tab_label_quietly, widen_tab_underline
from nettui.ui.widgets.entry_list import Entry, EntryList, note
from nettui.ui.widgets.filter_bar import FilterBar
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.mode_bar import ModeBar
from nettui.ui.widgets.needs_entries import (
    LastTexts,
    empty_text,
    item_entries,
    match_entries,
    new_filter,
    same_things,
    sort_name_by,
    texts_of,
)

SHOWN_PER_LIST = 100  # a list longer than this says how many more; the filter narrows it
# Matches take four lines each and come best first: a screenful is a few of them, and
# each match shown has its reasons worked out when drawn.
SHOWN_MATCHES_PER_KIND = 25


class NeedsScreen(TabbedListScreen[EntryList]):
    TABS = ("matches", "needs", "offers")
    BINDINGS = [
        # Not in the footer: the filter bar says "press / and type", and at 80 columns
        # the footer has room for every key of a need in Spanish only without it.
        Binding("slash", "filter", N_("Filter"), show=False, priority=True, id="needs.filter"),
        # Keys that do one thing or another by the tab and the item in front: one binding
        # each, so that the footer says which (check_action shows one of them).
        Binding("a", "add_need", N_("Add need"), priority=True, id="needs.add"),
        Binding("a", "add_offer", N_("Add offer"), priority=True, id="needs.add"),
        # The key's bindings of a subclass replace its base's: enter still leaves the filter.
        LEAVE_FILTER_BINDING,
        Binding("enter", "act", N_("Act"), id="needs.open"),
        Binding("enter", "edit", N_("Edit"), id="needs.open"),
        Binding("i", "introduce", N_("Introduce"), id="needs.introduce"),
        Binding("d", "done", N_("Done"), id="needs.done"),
        Binding("d", "reopen", N_("Reopen"), id="needs.done"),
        Binding("x", "delete", N_("Delete"), id="needs.delete"),
        Binding("u", "undo", N_("Undo"), id="needs.undo"),
        Binding("right,right_square_bracket", "next_tab", N_("Next tab"), id="needs.next_tab"),
        Binding(
            "left,left_square_bracket",
            "previous_tab",
            N_("Previous tab"),
            show=False,
            id="needs.previous_tab",
        ),
        clear_filter_binding("needs"),
    ]

    KEYS_TYPED_IN_FILTER = (*TabbedListScreen.KEYS_TYPED_IN_FILTER, "add_need", "add_offer")
    # Keys for the item under the cursor: letters typed while the filter has the focus.
    LIST_KEYS = ("act", "edit", "introduce", "done", "reopen", "delete", "undo")

    class MatchesFound(Message):
        """The matches worked out off the app's thread, with a filter made for them and
        prepared (texts folded, arrays made), for the app's thread to take. It goes on
        to the app, which keeps what lasts out of the collector's way."""

        def __init__(self, found: NeedsFilter, names: dict[str, str]) -> None:
            super().__init__()
            self.found = found
            self.names = names  # the owners' names its texts were made with

    def compose(self) -> ComposeResult:
        yield ModeBar("needs")
        yield FilterBar(
            _("press {key} and type: a name, a word, a #tag").format(
                key=key_text(self.app, "needs.filter")
            ),
            self.filter_changed,
        )
        with TabbedContent(id="tabs", initial="matches"):
            with TabPane(_("Matches"), id="matches"):
                yield EntryList(id="matches-list")
            with TabPane(_("Needs"), id="needs"):
                yield EntryList(id="needs-list")
            with TabPane(_("Offers"), id="offers"):
                yield EntryList(id="offers-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#matches-list", EntryList))

    @property
    def current_list(self) -> EntryList:
        return self.query_one(f"#{self.tab}-list", EntryList)

    @property
    def filtered_list(self) -> EntryList:
        return self.current_list

    # -- data ------------------------------------------------------------------------------

    def __init__(self) -> None:
        super().__init__()
        self._matches: dict[str, Match] = {}  # the ones shown, by entry key
        self._names: dict[str, str] = {}
        self._sort_name = sort_name_by(self._names)
        # The store's needs and offers as the filter looks at them, made again when
        # the store's list of them (or the names) changes. Only the app's thread sets it
        # or filters with it: the matches' worker makes a filter of its own.
        self._filter: NeedsFilter | None = None
        self._finding: Worker[None] | None = None  # the matches' worker, while it runs
        # Tabs whose entries are out of date: only the tab in front is redrawn as the
        # filter changes; the others when shown.
        self._stale_tabs: set[str] = set()
        self._words = ""  # the filter's folded words, as last refreshed
        self._words_shown: dict[str, str] = {}  # by tab: the words its list was shown for
        self._tab_labels: dict[str, str] = {}
        self._tab_widths: dict[str, int] = {}  # see _relabel
        self._footer_for: tuple[object, ...] | None = None  # see _footer_changed
        self._acts = MatchActs(self, self.refresh_data)

    def refresh_data(self) -> None:
        words = fold(self.filter_text).split()
        self._words = " ".join(words)
        names = self.repo.owner_names()
        if names != self._names:
            self._names, self._sort_name = names, sort_name_by(names)
            self._filter = None
        found = self._filter_for(self.repo.needs_offers())
        self._stale_tabs = set(self.TABS)
        if self.repo.matches_ready:
            found.set_matches(self.repo.matches())
            self._fill_matches(found, words)
        else:
            # Matching everyone is slow in a large store: not on the keys.
            finding = note("  " + _("Finding matches…"))
            self._show_tab("matches", _("Matches"), lambda: [finding])
            if self._finding is None or self._finding.is_finished:
                # One at a time: each key typed meanwhile started another, and each
                # folded every text again beside the keys.
                self._finding = self._find_matches(self._names, texts_of(found))
        for kind in (NeedOfferKind.NEED, NeedOfferKind.OFFER):
            self._fill_items(found, kind, words)
        self._footer_changed()

    @on(TabbedContent.TabActivated)
    def _show_stale_tab(self) -> None:
        if self.tab in self._stale_tabs:
            self.refresh_data()

    @work(thread=True, exclusive=True, group="needs-matches")
    def _find_matches(self, names: dict[str, str], last: LastTexts | None) -> None:
        """The matches, and a filter of its own made for them off the app's thread (the
        folded texts and each match's place): the one the app's thread filters with
        meanwhile is never touched here. `names` and `last` are the app's thread's, as
        they were when asked (neither is changed after)."""
        matches = self.repo.matches()
        found = new_filter(self.repo.needs_offers(), names, sort_name_by(names), last)
        found.set_matches(matches)
        found.prepare(list(KIND_TITLES))
        if not get_current_worker().is_cancelled:
            self.post_message(self.MatchesFound(found, names))

    @on(MatchesFound)
    def _matches_found(self, message: MatchesFound) -> None:
        if message.names == self._names:  # else its texts hold names since changed
            # Made of the store's list when the worker looked: if the store changed
            # since, _filter_for makes a new one of its texts.
            self._filter = message.found
        self._finding = None
        self.refresh_data()

    def _filter_for(self, items: list[NeedOffer]) -> NeedsFilter:
        kept = self._filter
        if kept is None or not same_things(kept.source, items):
            last = texts_of(kept) if kept is not None else None
            kept = self._filter = new_filter(items, self._names, self._sort_name, last)
        return kept

    def _fill_matches(self, found: NeedsFilter, words: list[str]) -> None:
        kinds = (KIND_YOU_CAN_HELP, KIND_THEY_CAN_HELP, KIND_INTRODUCE)
        by_kind = found.matches_of(words, kinds, SHOWN_MATCHES_PER_KIND)

        def entries() -> list[Entry]:
            statuses = {(i.need_id, i.offer_id): i.status for i in self.repo.introductions()}
            shown, self._matches = match_entries(by_kind, kinds, self._names, statuses)
            return shown

        count = sum(group.count for group in by_kind.values())
        self._show_tab("matches", _("Matches ({n})").format(n=count), entries)

    def _fill_items(self, found: NeedsFilter, kind: str, words: list[str]) -> None:
        items = found.items_of(kind, words, SHOWN_PER_LIST)

        def entries() -> list[Entry]:
            keys = (key_text(self.app, "needs.clear"), key_text(self.app, "needs.add"))
            return item_entries(items, self._names, empty_text(kind, words, *keys))

        n = items.open_count
        if kind == NeedOfferKind.NEED:
            title = ngettext("Needs ({n} open)", "Needs ({n} open)", n)
        else:
            title = ngettext("Offers ({n} open)", "Offers ({n} open)", n)
        self._show_tab(f"{kind}s", title.format(n=n), entries)

    def _show_tab(self, tab: str, label: str, entries: Callable[[], list[Entry]]) -> None:
        """The tab's label now; its entries only if it is in front (else when shown)."""
        if self._tab_labels.get(tab) != label:
            # Only when it changed: a new label lays the tabs out again.
            self._tab_labels[tab] = label
            self._relabel(tab, label)
        if tab == self.tab:
            # A new filter puts the cursor on the best one, as on People: enter after
            # "/abog" acted on the match the cursor had been on before ("G": the last).
            words = self._words_shown.get(tab)
            self._words_shown[tab] = self._words
            keep = words == self._words
            self.query_one(f"#{tab}-list", EntryList).show(entries(), keep_cursor=keep)
            self._stale_tabs.discard(tab)

    def _relabel(self, tab: str, label: str) -> None:
        """A tab's new label. Each tab keeps the widest width its label has had, the
        label centred in it: a key typed in the filter narrows the counts, and a tab
        made narrower laid the screen out again, a frame or two later than the list.
        Tab.label also did that for any new label, and made Tabs slide the underline
        (many frames more)."""
        tabs = self.query_one(TabbedContent)
        shown = tabs.get_tab(tab)
        content = Content.from_text(label)
        set_tab_label_quietly(shown, content)
        width = content.cell_length + 2  # and the tab's padding
        kept = self._tab_widths.get(tab)
        # Static.update: Tab.update would post Tab.Relabelled, which slides the underline.
        if kept is not None and width <= kept:
            Static.update(shown, content, layout=False)  # the same width: no layout
            return
        was = kept if kept is not None else shown.outer_size.width
        self._tab_widths[tab] = width
        shown.styles.width = width
        Static.update(shown, content)
        wider = width - was if was else 0  # not laid out yet: Tabs places the underline
        if not wider:
            return
        # The underline's span moves with the tabs' widths: the tabs before the one in
        # front push it, the one in front widens it.
        order = [pane.id for pane in tabs.query(TabPane)]
        active = order.index(self.tab) if self.tab in order else -1
        here = order.index(tab)
        if here > active:
            return
        widen_tab_underline(tabs, wider if here < active else 0, wider)

    # -- the filter and the tabs -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """One binding of each key shows (True), dim when it does nothing now (None), the
        others hidden (False): the footer says what a, enter, d, x and u do here."""
        if not super().check_action(action, parameters):
            return False
        if not self.is_mounted:
            return True
        if action in self.LIST_KEYS and isinstance(self.focused, Input):
            return False  # typed in the filter
        on_matches = self.tab == "matches"
        if action == "add_need":
            return self.tab != "offers"
        if action == "add_offer":
            return self.tab == "offers"
        if action == "act":
            return (True if self.current_list.current_key else None) if on_matches else False
        if action == "introduce":  # only on a match between two other people
            match = self._current_match() if on_matches else None
            return match is not None and match.kind == KIND_INTRODUCE
        if action in ("edit", "done", "reopen", "delete"):
            if on_matches:
                return False
            item = self._current_item()
            if action == "done":
                return None if item is None else item.status == NeedOfferStatus.OPEN
            if action == "reopen":
                return item is not None and item.status != NeedOfferStatus.OPEN
            return True if item else None
        if action == "undo":
            return self.repo.can_undo_need_offer()  # shown only when there is one
        return True

    def _footer_changed(self) -> None:
        """The footer again when what it says changed: each call redraws it (time, and
        bytes over ssh), and most keys typed in the filter change nothing there."""
        item = None if self.tab == "matches" else self._current_item()
        match = self._current_match()
        state = (
            self.tab,
            self.current_list.current_key is not None,
            match.kind if match else None,
            item.status if item else None,
            self.repo.can_undo_need_offer(),
            isinstance(self.focused, Input),
        )
        if state != self._footer_for:
            self._footer_for = state
            self.refresh_bindings()

    @on(EntryList.Highlighted)
    def _cursor_moved(self) -> None:
        self._footer_changed()

    # -- acting ----------------------------------------------------------------------------

    def _current_item(self) -> NeedOffer | None:
        key = self.current_list.current_key
        if key is None or self.tab == "matches":
            return None
        return self.repo.need_offer(key)

    def action_act(self) -> None:
        self._choose(self.current_list.current_key)

    def action_edit(self) -> None:
        self._choose(self.current_list.current_key)

    def _current_match(self) -> Match | None:
        key = self.current_list.current_key
        return self._matches.get(key) if key is not None and self.tab == "matches" else None

    def action_introduce(self) -> None:
        match = self._current_match()
        if match is not None:
            self._acts.drafts(match)

    @on(EntryList.Chosen)
    def _double_clicked(self, event: EntryList.Chosen) -> None:
        self._choose(event.key)

    def _choose(self, key: str | None) -> None:
        """Enter on a match acts on it; on a need or offer, edits it."""
        if key is None:
            return
        if self.tab == "matches":
            match = self._matches.get(key)
            if match is not None:
                self._acts.open(match)
            return
        item = self.repo.need_offer(key)
        if item is not None:
            self.nettui.open_screen(NeedOfferFormScreen(item), lambda _: self.refresh_data())

    def action_add(self) -> None:
        self._add(NeedOfferKind.OFFER if self.tab == "offers" else NeedOfferKind.NEED)

    def action_add_need(self) -> None:
        self._add(NeedOfferKind.NEED)

    def action_add_offer(self) -> None:
        self._add(NeedOfferKind.OFFER)

    def _add(self, kind: NeedOfferKind) -> None:
        self.nettui.open_screen(NeedOfferFormScreen(kind=kind), lambda _: self.refresh_data())

    def action_reopen(self) -> None:
        item = self._current_item()
        if item is not None:
            self._set_status(item, NeedOfferStatus.OPEN)  # from done or dropped alike

    def action_done(self) -> None:
        item = self._current_item()
        if item is not None:
            # The palette's "Mark done / reopen" comes here whatever the status: a done
            # or dropped one opens again (a dropped one never becomes done).
            self._set_status(
                item,
                NeedOfferStatus.DONE
                if item.status == NeedOfferStatus.OPEN
                else NeedOfferStatus.OPEN,
            )

    def _set_status(self, item: NeedOffer, status: NeedOfferStatus) -> None:
        item.status = status
        repo = self.repo
        self.nettui.save(
            lambda: repo.update_need_offer(item, changed={"status"}), lambda _: self.refresh_data()
        )

    def action_delete(self) -> None:
        item = self._current_item()
        if item is None:
            return
        repo = self.repo
        self.nettui.save(lambda: repo.delete_need_offer(item.id), lambda _: self._deleted(item))

    def _deleted(self, item: NeedOffer) -> None:
        self.app.notify(
            visible(
                _("Deleted: {text}. Press {key} to undo.").format(
                    text=item.text, key=key_text(self.app, "needs.undo")
                )
            ),
            markup=False,
        )
        self.refresh_data()

    def action_undo(self) -> None:
        self.nettui.save(self.repo.undo_delete_need_offer, self._undone)

    def _undone(self, item: NeedOffer | None) -> None:
        if item is not None:
            self.app.notify(visible(_("Back: {text}").format(text=item.text)), markup=False)
        self.refresh_data()

    def palette_commands(self) -> Iterable[SystemCommand]:
        for title, help_text, action in (
            (
                _("Add a need or offer"),
                with_key(self.app, _("For anyone, or for me"), "needs.add"),
                self.action_add,
            ),
            (
                _("Filter needs, offers and matches"),
                with_key(self.app, "", "needs.filter"),
                self.action_filter,
            ),
            (
                _("Draft an introduction"),
                with_key(
                    self.app,
                    _("The match under the cursor, of two other people"),
                    "needs.introduce",
                ),
                self.action_introduce,
            ),
            (
                _("Mark done / reopen"),
                with_key(self.app, _("The need or offer under the cursor"), "needs.done"),
                self.action_done,
            ),
            (
                _("Delete this need or offer"),
                with_key(
                    self.app,
                    _("Undo with {key}").format(key=key_text(self.app, "needs.undo")),
                    "needs.delete",
                ),
                self.action_delete,
            ),
            (
                _("Next tab"),
                with_key(self.app, _("Matches, needs, offers"), "needs.next_tab", every=True),
                self.action_next_tab,
            ),
        ):
            yield SystemCommand(title, help_text, action)
