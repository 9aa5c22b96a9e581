"""An introduction with double opt-in, drafted: three messages, one in front at a time.

To A (would you like to meet B?), to B (the same), and the introduction itself for
when both said yes, in either language whatever the interface speaks. `c` copies the
draft in front to the clipboard (OSC 52, which reaches the local clipboard over ssh in
terminals that allow it) and writes it to a file for those that don't; keys record
where the introduction stands, on both people's pages and in their histories.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from nettui import paths
from nettui.domain.introductions import Drafts, intro_drafts
from nettui.domain.labels import label
from nettui.domain.models import IntroductionStatus, NeedOffer, Person
from nettui.domain.text import clip, one_line
from nettui.i18n import N_, _
from nettui.store.draft_files import file_name, write_draft
from nettui.ui.context import AppContext
from nettui.ui.keys import key_text
from nettui.ui.translation import translate_bindings
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.list_keys import LIST_BINDINGS

# The states the keys set, in the order they come, with the binding that sets each.
STATE_KEYS = (
    (IntroductionStatus.ASKED, "drafts.asked"),
    (IntroductionStatus.ACCEPTED, "drafts.accepted"),
    (IntroductionStatus.INTRODUCED, "drafts.introduced"),
    (IntroductionStatus.HELPED, "drafts.helped"),
    (IntroductionStatus.DECLINED, "drafts.declined"),
)
LANGUAGE_NAMES = {"en": "English", "es": "Español"}  # each in its own language


@dataclass(frozen=True)
class Introducing:
    """Who is introduced to whom, over what: A offers, B needs (as the match says it)."""

    a: Person
    b: Person
    need: NeedOffer
    offer: NeedOffer


class IntroDraftsScreen(AppContext, ModalScreen[None]):
    BINDINGS = [
        # j/k, g/G and the pages scroll a long draft, as they scroll a person's page.
        *LIST_BINDINGS,
        Binding("tab,right", "next_draft", N_("Next draft"), id="drafts.next"),
        Binding(
            "shift+tab,left",
            "previous_draft",
            N_("Previous draft"),
            show=False,
            id="drafts.previous",
        ),
        Binding("1", "show_draft(0)", N_("Draft to A"), show=False, id="drafts.to_a"),
        Binding("2", "show_draft(1)", N_("Draft to B"), show=False, id="drafts.to_b"),
        Binding(
            "3",
            "show_draft(2)",
            N_("Draft of the introduction"),
            show=False,
            id="drafts.introduction",
        ),
        Binding("c", "copy", N_("Copy"), id="drafts.copy"),
        Binding("l", "toggle_language", N_("Language"), id="drafts.language"),
        # Said on the screen's state line, not in the footer: five keys do not fit 80
        # columns beside the others.
        Binding("a", "set_state('asked')", N_("Asked both"), show=False, id="drafts.asked"),
        Binding(
            "y", "set_state('accepted')", N_("Both said yes"), show=False, id="drafts.accepted"
        ),
        Binding(
            "i", "set_state('introduced')", N_("Introduced"), show=False, id="drafts.introduced"
        ),
        Binding("h", "set_state('helped')", N_("It helped"), show=False, id="drafts.helped"),
        Binding("n", "set_state('declined')", N_("Declined"), show=False, id="drafts.declined"),
        Binding("escape,ctrl+g", "close", N_("Close"), id="drafts.close"),
        # A modal screen does not hear the app's keys: the help, with every key above.
        Binding("question_mark", "app.help", N_("Help"), id="drafts.help"),
    ]

    DEFAULT_CSS = """
    IntroDraftsScreen { align: center middle; }
    IntroDraftsScreen > Vertical {
        width: 100%; max-width: 90; height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    IntroDraftsScreen #drafts-title { text-style: bold; }
    IntroDraftsScreen VerticalScroll { height: 1fr; border-top: solid $primary; }
    """

    def __init__(self, introducing: Introducing, language: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.introducing = introducing
        self.language = language
        self.shown = 0  # which draft is in front: to A, to B, the introduction
        self.drafts = self._drafted()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="drafts-title")
            yield Static(id="drafts-state", classes="muted")
            yield Static(id="drafts-tabs")
            with VerticalScroll():
                yield Static(id="draft")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()

    # -- what is shown -----------------------------------------------------------------

    def _drafted(self) -> Drafts:
        i = self.introducing
        return intro_drafts(i.a, i.b, i.need, i.offer, self.language)

    def _titles(self) -> tuple[str, str, str]:
        i = self.introducing
        return (
            _("To {name}").format(name=clip(one_line(i.a.display_name), 24)),
            _("To {name}").format(name=clip(one_line(i.b.display_name), 24)),
            _("The introduction"),
        )

    def _status(self) -> str | None:
        i = self.introducing
        intro = self.repo.introduction_for(i.need.id, i.offer.id)
        return intro.status if intro is not None else None

    def _show(self) -> None:
        i = self.introducing
        # Text, never markup: "[bold]" in a name is part of the name.
        title = _("Introduce {a} and {b}").format(
            a=one_line(i.a.display_name), b=one_line(i.b.display_name)
        )
        self.query_one("#drafts-title", Static).update(Text(clip(title, 160)))
        status = self._status()
        state = Text(_("Now:") + " ", style="dim")
        state.append(label(status) if status else _("not asked yet"), style="bold")
        keys = " · ".join(
            f"{key_text(self.app, binding_id)} {label(value)}" for value, binding_id in STATE_KEYS
        )
        # The keys on a line of their own: in Spanish at 80 columns they fill it.
        state.append("\n" + _("set: {keys}").format(keys=keys), style="dim")
        self.query_one("#drafts-state", Static).update(state)
        tabs = Text()
        for n, title in enumerate(self._titles()):
            tabs.append(f" {n + 1} {title} ", style="reverse bold" if n == self.shown else "")
            tabs.append(" ")
        tabs.append(f"· {LANGUAGE_NAMES[self.language]}", style="dim")
        self.query_one("#drafts-tabs", Static).update(tabs)
        self.query_one("#draft", Static).update(Text(self.drafts.in_order()[self.shown]))
        self.query_one(VerticalScroll).scroll_home(animate=False)

    # -- keys ----------------------------------------------------------------------------

    def action_next_draft(self) -> None:
        self.action_show_draft((self.shown + 1) % 3)

    def action_previous_draft(self) -> None:
        self.action_show_draft((self.shown - 1) % 3)

    def action_show_draft(self, which: int) -> None:
        self.shown = which
        self._show()

    def action_toggle_language(self) -> None:
        self.language = "es" if self.language == "en" else "en"
        self.drafts = self._drafted()
        self._show()

    def action_copy(self) -> None:
        """The draft in front to the clipboard and to a file, whose path is shown. Copying
        a question to A or B means it is about to be sent: a match not asked yet is
        recorded as asked."""
        i = self.introducing
        text = self.drafts.in_order()[self.shown]
        self.app.copy_to_clipboard(text)
        which = ("to " + i.a.display_name, "to " + i.b.display_name, "both")[self.shown]
        name = file_name("introduction", i.a.display_name, i.b.display_name, which)
        try:
            path = write_draft(paths.drafts_dir(), name, text)
        except OSError as error:
            said = _("Copied to the clipboard; it could not be written to a file: {error}")
            self.app.notify(said.format(error=error.strerror or error), markup=False)
        else:
            said = _("Copied to the clipboard (where the terminal allows it) and to {path}")
            self.app.notify(said.format(path=path), markup=False)
        if self.shown < 2 and self._status() in (None, IntroductionStatus.SUGGESTED):
            self.action_set_state(IntroductionStatus.ASKED, quietly=True)

    def action_set_state(self, status: str, quietly: bool = False) -> None:
        i, repo = self.introducing, self.repo

        def done(_intro: object) -> None:
            self._show()
            if not quietly:
                said = _("Recorded: {state}, on both people's pages.")
                self.app.notify(said.format(state=label(status)), markup=False)

        self.nettui.save(lambda: repo.act_on_match(i.need.id, i.offer.id, status), done)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up(animate=False)

    def action_first(self) -> None:
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def action_last(self) -> None:
        self.query_one(VerticalScroll).scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.query_one(VerticalScroll).scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one(VerticalScroll).scroll_page_up(animate=False)
