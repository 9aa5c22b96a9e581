"""People: everyone you know, filter as you type, add, edit, delete and undo."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input

from nettui.domain.models import Person
from nettui.domain.search import PersonSummary
from nettui.domain.text import clip, visible
from nettui.i18n import N_, _, ngettext
from nettui.store.search_cache import Preview
from nettui.ui.keys import key_text, with_key
from nettui.ui.screens.base import FilteredScreen, clear_filter_binding
from nettui.ui.screens.duplicates import DuplicatesScreen
from nettui.ui.screens.import_file import ImportScreen
from nettui.ui.screens.person import PersonPage
from nettui.ui.screens.person_form import PersonFormScreen
from nettui.ui.textual_compat import RepaintOnceAfterFullRepaint
from nettui.ui.widgets.filter_bar import FilterBar
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.mode_bar import ModeBar
from nettui.ui.widgets.person_list import PersonList
from nettui.ui.widgets.text_line import TextLine


class PeopleScreen(RepaintOnceAfterFullRepaint, FilteredScreen):
    """The list of people (mode 2)."""

    # The list has the focus from the first frame: Textual's default gives it to the
    # first field (the filter) as the screen is composed, so keys typed at launch
    # ("2", "1") were typed into the filter until on_mount moved the focus.
    AUTO_FOCUS = "PersonList"

    BINDINGS = [
        # A priority binding runs as the key arrives, before the keys after it are
        # handed to the list, so "/jose" typed in one burst all lands in the filter.
        Binding("slash", "filter", N_("Filter"), priority=True, id="people.filter"),
        # Priority, like "/": the form opens as the key arrives, so a name typed right
        # after "a" in the same burst lands in the form, not in the list.
        Binding("a", "add", N_("Add"), priority=True, id="people.add"),
        Binding("e", "edit", N_("Edit"), priority=True, id="people.edit"),
        Binding("x", "delete", N_("Delete"), id="people.delete"),
        Binding("u", "undo", N_("Undo"), id="people.undo"),
        Binding("D", "duplicates", N_("Duplicates"), show=False, id="people.duplicates"),
        Binding("I", "import_file", N_("Import"), show=False, id="people.import"),
        Binding("S", "sync", N_("Sync now"), show=False, id="people.sync"),
        clear_filter_binding("people"),
    ]

    DEFAULT_CSS = """
    PeopleScreen > #people-view { height: 1fr; }
    PeopleScreen > PersonPage { display: none; }
    /* One line, always: its text changes with each key typed in the filter, and a
       size that could change would cost a layout of the screen each time. */
    PeopleScreen #summary { width: 100%; }
    """

    _footer_state: tuple[bool, bool] | None = None
    _shown_query = ""
    _summary_text = ""

    def compose(self) -> ComposeResult:
        yield ModeBar("people")
        with Vertical(id="people-view"):
            yield FilterBar(
                _("press {key} and type: jose finds José, nunez finds Núñez").format(
                    key=key_text(self.app, "people.filter")
                ),
                self.filter_changed,
            )
            yield TextLine(id="summary", classes="muted")
            yield PersonList(self._row, id="people")
        # A person's page is drawn here, in place of the list: far quicker than a screen.
        yield PersonPage(id="page")
        yield KeyFooter()

    @property
    def page(self) -> PersonPage:
        return self.query_one(PersonPage)

    @property
    def showing_page(self) -> bool:
        return self.page.display

    def _show_page(self, shown: bool) -> None:
        # The display of two widgets, not a class on the screen: a class change restyles
        # every widget below it.
        # One frame for the whole change: Textual hears of each widget's change in a
        # message of its own, and drew the screen two or three times as they came in.
        self.app.delay_update(0.003)
        self.query_one("#people-view").display = not shown
        self.page.display = shown

    @property
    def people_list(self) -> PersonList:
        return self.query_one(PersonList)

    @property
    def filtered_list(self) -> PersonList:
        return self.people_list

    def on_mount(self) -> None:
        self.people_list.focus()
        if self.repo.loaded:  # else the app reads the store, and the index with it
            # Get the search index ready while the user reads the list, not on the first key.
            self.run_worker(self.repo.prepare_search, thread=True, group="prepare-search")

    @property
    def _preview(self) -> Preview | None:
        return self.nettui.preview

    def _row(self, person_id: str) -> Person | PersonSummary | None:
        """What a row shows: the person, or their line of the saved index while the store
        is still being read (see NettuiApp.preview)."""
        preview = self._preview
        if preview is not None and not self.repo.loaded:
            return next((s for s in preview.first if s.id == person_id), None)
        return self.repo.listed_summary(person_id)

    def refresh_data(self, keep: str | None = None) -> None:
        """Fill the list from the store, keeping the filter and the cursor (or the page
        on show: the list is refreshed when the page closes)."""
        if self.showing_page:
            self.page.refresh_data()
            return
        query = self.filter_input.value
        preview = self._preview
        if preview is not None and not query and not self.repo.loaded:
            self._show_preview(preview)
            return
        ids = self.repo.search_ids(query)
        self.people_list.empty_text = (
            _("No one matches {query!r}. {key} clears the filter.").format(
                query=query, key=key_text(self.app, "people.clear").capitalize()
            )
            if query
            else _("No people yet. Press {key} to add someone.").format(
                key=key_text(self.app, "people.add")
            )
        )
        # Typing puts the cursor on the best match (enter opens it); a refresh with the
        # same filter (a save, another session's change), or clearing the filter,
        # keeps it on the same person.
        new_query = bool(query) and query != self._shown_query
        self.people_list.show_ids(ids, keep=keep, top=new_query and not keep)
        self._shown_query = query
        met, known = self.repo.met_counts()
        shown = _("{shown} of {known} shown").format(shown=len(ids), known=known) if query else ""
        self._show_summary(shown, met, known)
        # The footer's keys change only with these; redrawing it on every key typed in
        # the filter cost a frame and its bytes over ssh.
        footer_state = (bool(ids), self.repo.can_undo)
        if footer_state != self._footer_state:
            self._footer_state = footer_state
            self.refresh_bindings()

    def _show_preview(self, preview: Preview) -> None:
        """The first screenful and the counts, until the store is read."""
        self.people_list.empty_text = _("No people yet. Press {key} to add someone.").format(
            key=key_text(self.app, "people.add")
        )
        self.people_list.show_ids([s.id for s in preview.first])
        self._show_summary("", preview.met, preview.known)

    def _show_summary(self, shown: str, met: int, known: int) -> None:
        parts = [
            ngettext("{n} person", "{n} people", known).format(n=known),
            _("{met} met in person ({share}%)").format(
                met=met, share=met * 100 // known if known else 0
            ),
            _("{n} online only").format(n=known - met),
        ]
        text = " " + " · ".join([shown, *parts] if shown else parts)
        if text != self._summary_text:
            self._summary_text = text
            self.query_one("#summary", TextLine).update(text)

    # -- actions ---------------------------------------------------------------------------

    @on(PersonList.Opened)
    def open_person(self, event: PersonList.Opened) -> None:
        self.show_person(event.person_id)

    def show_person(self, person_id: str) -> None:
        self.page.show(person_id)
        self._show_page(True)
        # Now, not after the frame (as widget.focus() does): the focus restyles the
        # page and changes the footer, which would cost a second frame.
        self.set_focus(self.page)

    @on(PersonPage.Closed)
    def close_person(self, event: PersonPage.Closed) -> None:
        self._show_page(False)
        self.refresh_data(keep=event.person_id)  # a new name may move them in the list
        self.set_focus(self.people_list)

    def action_add(self) -> None:
        self.nettui.open_screen(PersonFormScreen(None), self._saved)

    def action_edit(self) -> None:
        person_id = self.people_list.current_id
        person = self.repo.person(person_id) if person_id else None
        if person is not None:
            self.nettui.open_screen(PersonFormScreen(person), self._saved)

    def action_filter(self) -> None:
        if self.showing_page:  # "/" on a person's page: back to the list first
            self.close_person(PersonPage.Closed(self.page.person_id))
        super().action_filter()

    def _saved(self, person: Person | None) -> None:
        if person is not None:
            self.refresh_data(keep=person.id)
            self.people_list.focus()

    def action_delete(self) -> None:
        person_id = self.people_list.current_id
        if person_id is None:
            return
        repo = self.repo
        self.nettui.save(lambda: repo.delete_person(person_id), self._deleted)

    def _deleted(self, person: Person) -> None:
        self.refresh_data()
        self.app.notify(
            visible(
                _("Deleted {name}. Press {key} to undo.").format(
                    name=clip(person.display_name), key=key_text(self.app, "people.undo")
                )
            ),
            markup=False,
        )

    def action_undo(self) -> None:
        self.nettui.save(self.repo.undo_delete, self._undone)

    def _undone(self, person: Person | None) -> None:
        if person is None:
            self.app.notify(_("Nothing to undo."), markup=False)
            return
        self.refresh_data(keep=person.id)
        self.app.notify(
            visible(_("{name} is back.").format(name=clip(person.display_name))), markup=False
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.showing_page:
            # The page's own keys (e is edit there too) and the app's; and S, whose
            # changes the page shows at once.
            return action == "sync"
        if not super().check_action(action, parameters):
            return False
        if action in ("filter", "add", "edit") and isinstance(self.focused, Input):
            return False  # typed in the filter, these are just characters
        if action in ("edit", "delete") and self.is_mounted:
            return True if self.people_list.current_id else None
        if action == "undo":
            return True if self.repo.can_undo else None
        return True

    def action_duplicates(self) -> None:
        self.nettui.open_screen(DuplicatesScreen())

    def action_import_file(self) -> None:
        self.nettui.open_screen(ImportScreen(), lambda _: self.refresh_data())

    def action_sync(self) -> None:
        self.nettui.syncing.start()

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.showing_page:
            yield from self.page.palette_commands()
            return
        yield SystemCommand(
            _("Import contacts from a file"),
            with_key(self.app, _("vCard, Google/LinkedIn/Outlook CSV, backup"), "people.import"),
            self.action_import_file,
        )
        yield SystemCommand(
            _("Review possible duplicates"),
            with_key(self.app, _("Merge two records of one person"), "people.duplicates"),
            self.action_duplicates,
        )
        yield SystemCommand(
            _("Add a person"), with_key(self.app, _("A new contact"), "people.add"), self.action_add
        )
        yield SystemCommand(
            _("Filter people"),
            with_key(self.app, _("Find as you type"), "people.filter"),
            self.action_filter,
        )
        yield SystemCommand(
            _("Edit this person"),
            with_key(self.app, _("The person under the cursor"), "people.edit"),
            self.action_edit,
        )
        yield SystemCommand(
            _("Delete this person"),
            with_key(
                self.app,
                _("Undo with {key}").format(key=key_text(self.app, "people.undo")),
                "people.delete",
            ),
            self.action_delete,
        )
        yield SystemCommand(
            _("Undo the last delete"),
            with_key(self.app, _("Bring them back"), "people.undo"),
            self.action_undo,
        )
