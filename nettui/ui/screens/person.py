"""A person's page: who they are, how to reach them, needs, offers, meetups, timeline."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from nettui.domain.models import (
    NeedOfferKind,
    Person,
)
from nettui.domain.text import clip, visible
from nettui.i18n import N_, _
from nettui.ui.keys import key_text, with_key
from nettui.ui.screens.base import StoreScreen
from nettui.ui.screens.interaction_form import InteractionFormScreen
from nettui.ui.screens.meetup_form import MeetupFormScreen
from nettui.ui.screens.need_offer_form import NeedOfferFormScreen
from nettui.ui.screens.person_form import PersonFormScreen
from nettui.ui.screens.person_sync import PersonSyncActions, sync_lines
from nettui.ui.translation import translate_bindings
from nettui.ui.widgets.drawn_lines import DrawnLines
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.list_keys import LIST_BINDINGS
from nettui.ui.widgets.mode_bar import ModeBar
from nettui.ui.widgets.person_text import person_page
from nettui.ui.widgets.photo import NARROWEST_PAGE, PANEL_WIDTH, PhotoPanel, photo_of


class PersonPage(PersonSyncActions, DrawnLines, ScrollView, can_focus=True):
    """One person's page and its keys. The People screen shows it in place of the list
    (drawing it there is quick; pushing a screen was slow in Textual),
    and PersonScreen holds it for the other screens.

    The page is laid out once per width into lines, and only the lines on screen are
    drawn: a Static re-wrapped the whole page on every frame.
    """

    DEFAULT_CSS = """
    PersonPage {
        height: 1fr;
        overflow-x: hidden;
        /* "scroll", with no width: the bar never appears, so nothing changes when the
           page first shows (an "auto" bar appearing then cost a second frame). */
        overflow-y: scroll;
        scrollbar-size-vertical: 0;
    }
    """

    BINDINGS = [
        # Scrolling jumps, never glides: over ssh an animation is a dozen frames.
        # The list keys (see the actions below), and space as on a pager.
        *LIST_BINDINGS,
        Binding("space", "page_down", N_("Page down"), show=False, id="person.page_down"),
        Binding("escape,ctrl+g", "back", N_("Back"), id="person.back"),
        # Priority: the form opens as the key arrives, so text typed right after it in
        # one burst (a lagging ssh link) lands in the form.
        Binding("e", "edit", N_("Edit"), priority=True, id="person.edit"),
        Binding("l", "log", N_("Log"), priority=True, id="person.log"),
        Binding("n", "add_need", N_("Need"), priority=True, id="person.need"),
        Binding("o", "add_offer", N_("Offer"), priority=True, id="person.offer"),
        Binding("m", "plan_meetup", N_("Meet"), priority=True, id="person.meet"),
        Binding("x", "delete", N_("Delete"), show=False, id="person.delete"),
        # Only when the sync asks (the page names them then): see PersonSyncActions.
        Binding("K", "keep_card", N_("Keep card"), show=False, id="person.keep_card"),
        Binding("T", "take_theirs", N_("Take theirs"), show=False, id="person.take_theirs"),
        Binding("O", "keep_ours", N_("Keep ours"), show=False, id="person.keep_ours"),
        # Back to the People list, its filter focused, as the key arrives: the letters
        # typed after it in one burst are the filter's ("/nunez" once opened "Add a
        # need" with "unez" typed in it; "/x" deleted the person).
        Binding(
            "slash",
            "app.filter_people",
            N_("Filter"),
            show=False,  # the footer is full at 80 columns in Spanish; ? lists it
            priority=True,
            id="person.filter",
        ),
    ]

    class Closed(Message):
        """The page is done with: the user went back, or the person was deleted."""

        def __init__(self, person_id: str) -> None:
            super().__init__()
            self.person_id = person_id

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.person_id = ""
        self._page = Text()
        self._lines: list[Strip] = []
        self._laid_out_width = -1
        # The page's style, looked up once per theme or focus change: each look-up
        # walks the widget's ancestors, and a frame draws every line on screen.
        self._base_style: Style | None = None

    @property
    def is_container(self) -> bool:
        """A line view with one child, the photo: Textual's ScrollView says it has none,
        and its compositor would then never place it."""
        return True

    def compose(self) -> ComposeResult:
        # Docked at the right: it stays in view while the page scrolls.
        yield PhotoPanel(id="photo-panel")

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None

    @property
    def text(self) -> str:
        """The page as plain text."""
        return self._page.plain

    def show(self, person_id: str) -> None:
        """Show this person, from the top of the page."""
        self.person_id = person_id
        self.scroll_home(animate=False)
        self.refresh_data()

    def refresh_data(self) -> None:
        person = self.repo.person(self.person_id)
        if person is None:  # deleted by another session
            self.app.notify(_("This person was deleted in another session."), markup=False)
            self.post_message(self.Closed(self.person_id))
            return
        introductions = [
            (
                intro,
                need,
                offer,
                self.repo.owner_name(
                    offer.person_id if need.person_id == person.id else need.person_id
                ),
            )
            for intro, need, offer in self.repo.introductions_of(person.id)
        ]
        sync_part = Text()
        removed, conflicts = (
            self.repo.removed_elsewhere(person.id),
            self.repo.conflicts_of(person.id),
        )
        sync_lines(sync_part, removed, conflicts, self.sync_keys())
        page = person_page(
            person,
            self.repo.needs_offers_of(person.id),
            self.repo.meetups_of(person.id),
            self.repo.interactions_of(person.id),
            introductions,
            key_text(self.app, "person.edit"),
            sync_part,
        )
        self._page = page
        self._show_photo()
        self._laid_out_width = -1
        self._lay_out()
        self.refresh()

    def _show_photo(self) -> None:
        """The latest photo together, else their contact photo, beside the text when
        the page is wide enough for both (80 columns are)."""
        panel = self.query_one(PhotoPanel)
        wide = self.screen.size.width >= NARROWEST_PAGE
        path, caption = photo_of(self.repo, self.person_id) if wide else (None, "")
        panel.show_photo(path, caption)

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if not self.display or width <= 0:
            # Hidden (the People screen shows it in place of its list): as wide as the
            # screen, less the scroll bar, so it is ready for the frame that shows it.
            width = self.screen.size.width - self.styles.scrollbar_size_vertical
        panel = self.query_one(PhotoPanel)
        if panel.display:
            width -= PANEL_WIDTH  # the text beside it, never under it
        if width <= 0 or width == self._laid_out_width:
            return
        console = self.app.console
        lines = console.render_lines(self._page, console.options.update_width(width), pad=False)
        self._lines = [Strip(line) for line in lines]
        self._laid_out_width = width
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self) -> None:
        if self.person_id:
            self._show_photo()  # made narrower than 70 columns: the text takes them all
        self._lay_out()

    def action_scroll_by(self, amount: float) -> None:
        """Scroll by `amount` lines, or by that share of a page when it is a fraction."""
        lines = amount if isinstance(amount, int) else int(amount * self.size.height)
        self.scroll_to(y=self.scroll_offset.y + lines, animate=False)

    def render_line(self, y: int) -> Strip:
        self._lay_out()
        width = self.scrollable_content_region.width
        if self._base_style is None:
            self._base_style = self.rich_style
        base = self._base_style
        index = y + self.scroll_offset.y
        if y == self.size.height - 1 and index < len(self._lines) - 1:
            # The last row says there is more, in place of a scroll bar.
            more = Text("  " + _("↓ more: j or page down"), style="dim italic", end="")
            return (
                Strip(more.render(self.app.console))
                .apply_style(base)
                .adjust_cell_length(width, base)
            )
        if index >= len(self._lines):
            return Strip.blank(width, base)
        return self._lines[index].apply_style(base).adjust_cell_length(width, base)

    # The list keys scroll the page.
    def action_cursor_down(self) -> None:
        self.action_scroll_by(1)

    def action_cursor_up(self) -> None:
        self.action_scroll_by(-1)

    def action_page_down(self) -> None:
        self.action_scroll_by(0.9)

    def action_page_up(self) -> None:
        self.action_scroll_by(-0.9)

    def action_first(self) -> None:
        self.action_scroll_by(-1000000)

    def action_last(self) -> None:
        self.action_scroll_by(1000000)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.sync_action_allowed(action)

    def action_back(self) -> None:
        self.post_message(self.Closed(self.person_id))

    def action_edit(self) -> None:
        person = self.repo.person(self.person_id)
        if person is not None:
            self.nettui.open_screen(PersonFormScreen(person), lambda _: self.refresh_data())

    def action_add_need(self) -> None:
        form = NeedOfferFormScreen(kind=NeedOfferKind.NEED, person_id=self.person_id)
        self.nettui.open_screen(form, lambda _: self.refresh_data())

    def action_add_offer(self) -> None:
        form = NeedOfferFormScreen(kind=NeedOfferKind.OFFER, person_id=self.person_id)
        self.nettui.open_screen(form, lambda _: self.refresh_data())

    def action_plan_meetup(self) -> None:
        self.nettui.open_screen(MeetupFormScreen([self.person_id]), lambda _: self.refresh_data())

    def action_log(self) -> None:
        self.nettui.open_screen(
            InteractionFormScreen(self.person_id), lambda _: self.refresh_data()
        )

    def action_delete(self) -> None:
        repo, person_id = self.repo, self.person_id
        self.nettui.save(lambda: repo.delete_person(person_id), self._deleted)

    def _deleted(self, person: Person) -> None:
        self.app.notify(
            visible(
                _("Deleted {name}. Press {key} in People to undo.").format(
                    name=clip(person.display_name), key=key_text(self.app, "people.undo")
                )
            ),
            markup=False,
        )
        self.post_message(self.Closed(person.id))

    def palette_commands(self) -> Iterable[SystemCommand]:
        for title, help_text, action in (
            (
                _("Edit this person"),
                with_key(self.app, _("Name, role, channels..."), "person.edit"),
                self.action_edit,
            ),
            (
                _("Log an interaction"),
                with_key(self.app, _("What happened, when, where"), "person.log"),
                self.action_log,
            ),
            (
                _("Add a need"),
                with_key(self.app, _("Something this person needs"), "person.need"),
                self.action_add_need,
            ),
            (
                _("Add an offer"),
                with_key(self.app, _("How this person can help"), "person.offer"),
                self.action_add_offer,
            ),
            (
                _("Plan a meetup"),
                with_key(self.app, _("A coffee, a call..."), "person.meet"),
                self.action_plan_meetup,
            ),
            (
                _("Delete this person"),
                with_key(
                    self.app,
                    _("Undo with {key} in People").format(key=key_text(self.app, "people.undo")),
                    "person.delete",
                ),
                self.action_delete,
            ),
            (_("Back to the list"), with_key(self.app, "", "person.back"), self.action_back),
            (
                _("Filter people"),
                with_key(self.app, _("Find as you type"), "person.filter"),
                self.nettui.action_filter_people,
            ),
        ):
            yield SystemCommand(title, help_text, action)


class PersonScreen(StoreScreen):
    """One person, opened from the Dashboard, Needs & offers or Meetups (the People
    screen shows its PersonPage in place of its list instead)."""

    def __init__(self, person_id: str) -> None:
        super().__init__()
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        yield ModeBar("people")
        yield PersonPage(id="page")
        yield KeyFooter()

    @property
    def page(self) -> PersonPage:
        return self.query_one(PersonPage)

    def on_mount(self) -> None:
        self.page.person_id = self.person_id
        self.page.focus()

    def refresh_data(self) -> None:
        self.page.refresh_data()

    @on(PersonPage.Closed)
    def page_closed(self) -> None:
        self.dismiss()

    def palette_commands(self) -> Iterable[SystemCommand]:
        return self.page.palette_commands()
