"""The nettui Textual app: four modes on keys 1-4, help on ?, the palette on ctrl+p."""

from __future__ import annotations

import contextlib
import gc
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.console import RenderableType
from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.filter import LineFilter, Monochrome, NoColor
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widgets import Input, TextArea

from nettui.config import Config, config_path, save_theme
from nettui.domain.dates import local_now
from nettui.domain.text import visible
from nettui.i18n import N_, _, set_language
from nettui.store.errors import StoreError
from nettui.store.repository import Repository
from nettui.store.search_cache import Preview
from nettui.ui.keys import unknown_ids
from nettui.ui.messages import StoreChanged
from nettui.ui.palette import AppPalette
from nettui.ui.paste import install as install_paste_safe_parser
from nettui.ui.readable_colours import ReadableColours
from nettui.ui.saving import SaveLane
from nettui.ui.screens.dashboard import DashboardScreen
from nettui.ui.screens.form import FormScreen
from nettui.ui.screens.meetups import MeetupsScreen
from nettui.ui.screens.needs import NeedsScreen
from nettui.ui.screens.people import PeopleScreen
from nettui.ui.screens.person import PersonScreen
from nettui.ui.sync import SyncRunner
from nettui.ui.terminal_safety import ControlCharacterFilter
from nettui.ui.textual_compat import make_mode_screen
from nettui.ui.themes import (
    DEFAULT_16_COLOUR_THEME,
    DEFAULT_LIGHT_THEME,
    DEFAULT_THEME,
    few_colours,
    load_themes,
    readable_ansi_themes,
)
from nettui.ui.translation import translate_bindings
from nettui.ui.widgets.mode_bar import ModeBar

ResultType = TypeVar("ResultType")
ArgType = TypeVar("ArgType")

# How often to look for changes made by another session or a CLI command.
OUTSIDE_CHANGE_POLL_SECONDS = 1.0
KEYS_QUIET_SECONDS = 0.5  # background work waits until no key came for this long


class NettuiApp(AppPalette):
    """Personal networking in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "nettui"
    ENABLE_COMMAND_PALETTE = True

    MODES = {
        "dashboard": DashboardScreen,
        "people": PeopleScreen,
        "needs": NeedsScreen,
        "meetups": MeetupsScreen,
    }

    BINDINGS = [
        Binding(
            "1", "go('dashboard')", N_("Dashboard"), show=False, priority=True, id="go.dashboard"
        ),
        Binding("2", "go('people')", N_("People"), show=False, priority=True, id="go.people"),
        Binding("3", "go('needs')", N_("Needs"), show=False, priority=True, id="go.needs"),
        Binding("4", "go('meetups')", N_("Meetups"), show=False, priority=True, id="go.meetups"),
        Binding("question_mark", "help", N_("Help"), id="help"),
        Binding("q", "quit", N_("Quit"), id="quit"),
        # Textual's own palette binding (it adds one when there is none), with an id.
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            N_("palette"),
            show=False,
            priority=True,
            tooltip=N_("Open the command palette"),
            id="palette",
        ),
    ]

    def __init__(
        self,
        repo: Repository,
        demo: bool = False,
        lang: str = "en",
        theme: str | None = None,
        config: Config | None = None,
        warnings: Sequence[str] = (),
        preview: Preview | None = None,
    ) -> None:
        set_language(lang)  # before anything is composed: every label is translated
        install_paste_safe_parser()  # a paste with escape sequences is not keys
        super().__init__()
        translate_bindings(self)
        self.repo = repo
        self.demo = demo
        self.lang = lang  # the interface language, also how numeric dates such as 3/12 read
        self.config = config or Config()
        self.requested_theme = theme
        self.warnings = list(warnings)  # said once the app is up (e.g. a store others can read)
        # The first people, from the saved index, shown while the store is read.
        self.preview = preview if not repo.loaded else None
        # The store could not be read: said once the app has closed (a StoreError: exit 2).
        self.load_error: Exception | None = None
        self._last_store_error = ""
        self._control_filter = ControlCharacterFilter()
        self._no_colour = NoColor()
        # One of each for dark and light themes: a filter never changes once made.
        self._readable = {
            (greys, dark): ReadableColours(self.console.color_system, greys=greys, dark=dark)
            for greys in (True, False)
            for dark in (True, False)
        }
        self.saves = SaveLane(self)
        self.syncing = SyncRunner(self)  # "Sync now" (S on People, the palette)
        self._holding_keys = 0  # saves that hold the keys typed meanwhile (hold_keys)
        self._held_keys: deque[events.Key | events.Paste] = deque()
        self._polling = False  # a look for outside changes is running in a worker
        self._last_key_at = 0.0  # time.monotonic() of the last key (give_way_to_keys)
        self._reads_shown = 0  # repo.reads when the screen in front last heard of it

    def get_line_filters(self) -> Sequence[LineFilter]:
        filters = list(super().get_line_filters())
        dark = self.current_theme.dark
        if self.no_color and self.native_ansi_color:
            # An ANSI theme picked in the palette under NO_COLOR: Textual's greying (its
            # choice at start) would make it black on black; the terminal's own colours.
            filters = [self._no_colour if isinstance(f, Monochrome) else f for f in filters]
        elif self.no_color:
            # Greys as Textual makes them, but none too close to its background.
            greys = self._readable[True, dark]
            filters = [greys if isinstance(f, Monochrome) else f for f in filters]
        elif self._readable[False, dark].sixteen_colours:
            # Whatever the theme (ours, Textual's, the user's): two of its colours can
            # land on the same one of the 16 (see readable_colours). After Textual's
            # ANSIToTruecolor, so that it sees every colour as the terminal will.
            filters.append(self._readable[False, dark])
        return [*filters, self._control_filter]

    def on_mount(self) -> None:
        self.sub_title = _("demo (a throwaway copy)") if self.demo else str(self.repo.path)
        self.apply_settings()
        self.switch_mode("people")
        # After the first frame is out: parsing holds the GIL for its whole length.
        # The warm-up follows the reading of the store in the same worker.
        self._reads_shown = self.repo.reads  # what the screens show (nothing yet if 0)
        work = self._warm_up if self.repo.loaded else self._load_store
        self.call_after_refresh(lambda: self.run_worker(work, thread=True, group="warm-up"))
        self.set_interval(OUTSIDE_CHANGE_POLL_SECONDS, self.check_outside_changes)
        # A worker holds the GIL up to this long while a key waits for it: with
        # Python's default a key typed during the warm-up waited several turns.
        sys.setswitchinterval(0.001)

    def _load_store(self) -> None:
        try:
            self.repo.load()
        except Exception as error:  # said after the app closes, as before it opened
            self.call_from_thread(self._could_not_load, error)
            return
        gc.freeze()  # as before a first paint without a preview (see cli.run_app)
        self.call_from_thread(self._store_loaded)
        self.repo.prepare_search()  # the first key needs it: no waiting for keys
        gc.freeze()  # the decoded search index too
        self._warm_up()

    def _store_loaded(self) -> None:
        self.preview = None
        self._reads_shown = self.repo.reads
        self.screen.post_message(StoreChanged())

    def _could_not_load(self, error: Exception) -> None:
        self.load_error = error
        self.exit(return_code=2)

    def _warm_up(self) -> None:
        """What the first visit to a page or the Dashboard, or the first two keys of a
        filter would otherwise wait for: the indexes by person, the Dashboard's counts
        (and Babel's dates), then the table of one- and two-character queries (long
        in a large store, so paused while the user types). Matching's libraries
        (numpy, large) load only when matches are first needed."""
        try:
            # Each step waits while the user types: a key typed meanwhile shared the
            # GIL with it and took twice as long.
            self.give_way_to_keys()
            self.repo.prepare_pages()
            self.give_way_to_keys()
            self.repo.dashboard(local_now(), week_starts=self.config.week_starts)
            self.call_from_thread(self._make_dashboard_ahead)
            self.repo.prepare_first_keys(pause=self.give_way_to_keys)
        except Exception:  # only a head start: the screen that needs it asks again
            return
        # These indexes live as long as the store: out of the collector's way too (a full
        # collection walking them paused a key in a large store).
        gc.freeze()

    @on(NeedsScreen.MatchesFound)
    def _matches_found(self) -> None:
        """The matches and the Needs screen's filter of them live as long as the store:
        out of the collector's way (a full collection walking many new matches paused
        the first key typed in the filter). Here, with the other freezes
        of what lasts: freezing is for the whole process, not one screen's to decide."""
        gc.freeze()

    def _make_dashboard_ahead(self) -> None:
        """Make the Dashboard's screen now, in a quiet moment, not on its first visit:
        Textual composing, styling and laying it out was most of that visit's wait.
        Textual makes a mode's screen only when first shown (make_mode_screen)."""
        if not self.is_running:
            # The app is closing: a screen made now changed Textual's screen stacks
            # while it closed them ("dictionary changed size during iteration").
            return
        if time.monotonic() - self._last_key_at < KEYS_QUIET_SECONDS:
            self.set_timer(KEYS_QUIET_SECONDS, self._make_dashboard_ahead)
            return
        if self.current_mode != "dashboard":
            with contextlib.suppress(Exception):  # only a head start
                make_mode_screen(self, "dashboard")

    def apply_settings(self) -> None:
        """Themes, the chosen theme and the keymap; every problem said in one notice."""
        themes, problems = load_themes()
        problems = [*self.warnings, *map(str, self.config.problems), *problems]
        for extra in [*readable_ansi_themes(self.available_themes), *themes]:
            self.register_theme(extra)
        wanted = self.requested_theme or self.config.theme
        if wanted and wanted not in self.available_themes:
            problems.append(
                _("There is no theme called {name!r}; using the default.").format(name=wanted)
            )
            wanted = None
        theme = wanted or (DEFAULT_16_COLOUR_THEME if few_colours() else DEFAULT_THEME)
        chosen = self.get_theme(theme)
        if self.no_color and chosen is not None and chosen.ansi:
            # NO_COLOR: Textual turns the theme's colours to greys, and an ANSI theme's
            # "default" colours to black: black text on black. Ours keep their contrast.
            theme = DEFAULT_THEME if chosen.dark else DEFAULT_LIGHT_THEME
        self.theme = theme
        if self.config.keymap:
            # An id no binding has (a typo) would be ignored without a word.
            unknown = unknown_ids(self.config.keymap)
            problems += [
                _("{file}: no key is called {name!r} (ignored).").format(
                    file=config_path().name, name=name
                )
                for name in unknown
            ]
            self.set_keymap({k: v for k, v in self.config.keymap.items() if k not in unknown})
        if problems:
            self.notify(visible("\n".join(problems)), severity="warning", timeout=15, markup=False)
        # From now on a theme chosen in the palette is remembered in the config file.
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        if self.demo:
            return  # the demo leaves no trace
        try:
            save_theme(theme.name)
        except OSError as error:
            self.notify(
                visible(_("Could not remember the theme: {error}").format(error=error)),
                severity="warning",
                markup=False,
            )

    def check_outside_changes(self) -> None:
        """Show what other sessions wrote, without a restart.

        The file is looked at (and re-read when another process wrote it) in a worker,
        so keys go on meanwhile; not while a save runs, which reads it anyway. Only the
        screen in front hears of it; the others refresh when shown again, and an open
        form keeps what is being typed.
        """
        if self._polling or self.saves.busy:
            return
        self._polling = True
        self.run_worker(self._look_for_changes, thread=True, group="poll", exit_on_error=False)

    def _look_for_changes(self) -> None:
        try:
            changed = self.repo.refresh()
        except StoreError as error:
            self.call_from_thread(self._outside_changes_seen, False, error)
        except BaseException:
            self.call_from_thread(self._outside_changes_seen, False, None)
            raise
        else:
            self.call_from_thread(self._outside_changes_seen, changed, None)

    def _outside_changes_seen(self, changed: bool, error: StoreError | None) -> None:
        self._polling = False
        if error is not None:
            if str(error) != self._last_store_error:
                self._last_store_error = str(error)
                self.notify(visible(str(error)), severity="error", timeout=10, markup=False)
            return
        self._last_store_error = ""
        # Any read may have been the one to find the change (the warm-up worker's),
        # so the count of reads decides, not only whether this look reloaded.
        if changed or self.repo.reads != self._reads_shown:
            self._reads_shown = self.repo.reads
            self.screen.post_message(StoreChanged())
        self._prepare_first_keys_again()

    def _prepare_first_keys_again(self) -> None:
        """A change to anyone (here or in another session) undoes the table of the
        first two keys of a filter; until it is made again they are scored in full,
        which a large store feels on every key."""
        if not self.repo.loaded or self.repo.first_keys_ready:
            return
        for worker in self.workers:
            if worker.group in ("first-keys", "warm-up") and worker.is_running:
                return
        self.run_worker(self._make_first_keys, thread=True, group="first-keys")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key_at = time.monotonic()
        if isinstance(event, (events.Key, events.Paste)) and self._holding_keys:
            self._held_keys.append(event)  # see hold_keys
            return
        await self._handle_event(event)

    async def _handle_event(self, event: events.Event) -> None:
        await super().on_event(event)

    def give_way_to_keys(self) -> None:
        """For long work in a worker thread: wait while the user is typing. Python
        shares the GIL by turns, so a busy worker made each key several times slower."""
        while time.monotonic() - self._last_key_at < KEYS_QUIET_SECONDS:
            time.sleep(0.05)

    def _make_first_keys(self) -> None:
        with contextlib.suppress(Exception):  # only a head start, as in _warm_up
            self.repo.prepare_first_keys(pause=self.give_way_to_keys)

    # -- saves: in a worker, in order (see nettui/ui/saving.py) -----------------------------

    def save(
        self,
        work: Callable[[], ResultType],
        done: Callable[[ResultType], None],
        failed: Callable[[Exception], None] | None = None,
        *,
        errors: tuple[type[Exception], ...] = (),
        in_worker: bool = False,
        progress: str = "",
    ) -> None:
        """Run `work` (a repository method that writes) in order with the other saves,
        once no other process holds the store's lock (waited for in a worker); then
        `done(result)` here. A failure (the store's errors and `errors`) is said as
        before: `failed`, by default a notice with the error. The keys typed until
        `done` or `failed` has run are handed out after it, in order (see saving.py).
        `in_worker`: `work` itself runs in the worker too, and the keys are not held
        (the import: long, with its own progress, and escape closes its dialog).
        `progress`: the mode bar's line when it takes long, in place of "Saving…"."""
        failed = failed or self._notify_failure
        if not in_worker:
            self.hold_keys()
            done, failed = self._then_release(done), self._then_release(failed)
        self.saves.save(work, done, failed, errors, in_worker, progress)

    def _then_release(self, then: Callable[[ArgType], None]) -> Callable[[ArgType], None]:
        def run_then_release(value: ArgType) -> None:
            try:
                then(value)
            finally:
                # Behind the keys already queued, which are held too: the order typed.
                self.call_later(self._release_keys)

        return run_then_release

    def hold_keys(self) -> None:
        """Keep the keys (and pastes) that arrive from now on until _release_keys."""
        self._holding_keys += 1

    async def _release_keys(self) -> None:
        self._holding_keys -= 1
        # A held key can start another hold (ctrl+s again in the next form): the rest
        # wait for that one, in order.
        while self._held_keys and not self._holding_keys:
            await self._handle_event(self._held_keys.popleft())

    def _notify_failure(self, error: Exception) -> None:
        self.notify(visible(str(error)), severity="error", markup=False)

    def show_progress(self, text: str) -> None:
        """A line in the mode bar of every open screen, and in an open form ("" clears
        it)."""
        if not text and self.syncing.running:
            text = _("Syncing…")  # a save done meanwhile: the sync still runs
        for screen in self.screen_stack:
            if isinstance(screen, FormScreen):
                screen.show_progress(text)
            for bar in screen.query(ModeBar):
                if bar.note != text:
                    bar.note = text
                    bar.refresh()

    def exit(
        self,
        result: None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        """Quit once the saves asked for are on disk (each says if it failed). Here, not
        in action_quit: an action of ours would be listed in the help as a key."""
        if self.saves.busy:
            self.show_progress(_("Saving…"))
            self.set_timer(0.02, lambda: self.exit(result, return_code, message))
            return
        super().exit(result, return_code, message)

    def store_rolled_back(self) -> None:
        """A save's write failed after its change to memory: memory is the disk's
        again, and the screen in front shows it."""
        self.show_store_changes()

    def show_store_changes(self) -> None:
        """The store changed here (a rollback, a sync): the screen in front shows it
        now, as after another session's change; the others when next shown."""
        self._reads_shown = self.repo.reads
        self.screen.post_message(StoreChanged())
        self._prepare_first_keys_again()

    def report_store_error(self, error: StoreError) -> None:
        """A save failed: say so plainly; the previous file is intact."""
        self.notify(
            visible(str(error)), title=_("Not saved"), severity="error", timeout=10, markup=False
        )

    def action_filter_people(self) -> None:
        """The "/" of a person's page: the People list with its filter focused, now,
        so the letters typed after it in the same burst land in the filter."""
        while isinstance(self.screen, PersonScreen):  # opened from another screen
            self.pop_screen()
        self.switch_mode("people")
        screen = self.screen
        if isinstance(screen, PeopleScreen):
            screen.action_filter()

    # -- navigation: screens ask here (see nettui/ui/context.py) ---------------------------

    def open_screen(
        self, screen: Screen[ResultType], then: Callable[[ResultType | None], None] | None = None
    ) -> None:
        """Open a form, a dialog or a screen over the one in front, now: keys typed right
        after the key that opened it (one burst) land in it. `then` gets its result."""
        self.push_screen(screen, then)

    def open_person(self, person_id: str) -> None:
        """A person's page over the screen in front (the Dashboard, Needs & offers)."""
        self.push_screen(PersonScreen(person_id))

    def open_person_page(self, person_id: str) -> None:
        """A person's page on the People screen (the list stays as it was behind it)."""
        self.switch_mode("people")
        screen = self.screen
        if isinstance(screen, PeopleScreen):
            screen.show_person(person_id)

    async def action_go(self, mode: str) -> None:
        """Switch screens and wait until the new one is in front. A priority binding,
        so it runs as the key arrives and the keys after it in one burst ("3/abog",
        typed fast or over ssh) go to the new screen: they went to the screen being
        left, and "/abog" filtered People the first time Needs & offers was opened."""
        await self.switch_mode(mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go":
            # A digit typed in a field is text (see action_go), and a form or dialog is
            # closed first: "1" in a meetup form's pick list switched the screen behind
            # it, and what had been typed in the form was lost.
            return not isinstance(self.focused, (Input, TextArea)) and not isinstance(
                self.screen, ModalScreen
            )
        return super().check_action(action, parameters)
