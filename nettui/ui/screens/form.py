"""The base of every form: keys typed in a burst land where the user meant them.

Over ssh, keys typed during a lag arrive in one burst. Textual hands every key of a
burst to the widget focused at that moment, before a tab or enter in the burst has
moved the focus, so "Ana<tab>Lawyer" would land entirely in the first field. Here:

- tab, shift+tab and enter are priority bindings: they run as the key arrives, so
  the focus moves before the next key is handed out;
- saving is a message posted to the focused field, so it runs after the keys already
  queued there (a priority ctrl+s would otherwise save the form without them);
- keys that reach the form before its first field has focus (typed right after the
  key that opened it) are put into the focused field instead of being lost;
- the save itself runs in the app's save lane (nettui/ui/saving.py, `store` here): the
  form stays open until it is on disk, says "Saving…" when that takes long, and the
  keys typed meanwhile are handed out once it is done, to the screen behind the closed
  form (or to the form, when saving failed and it stays open with what was typed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import events, on
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea
from textual.widgets.input import Selection

from nettui.domain.text import visible
from nettui.i18n import N_, _
from nettui.ui.context import AppContext
from nettui.ui.translation import translate_bindings

ResultType = TypeVar("ResultType")


class FormScreen(AppContext, ModalScreen[ResultType]):
    """A modal form: tab/shift+tab move, enter moves on (saves on the last field)."""

    BINDINGS = [
        Binding(
            "tab", "next_field", N_("Next field"), priority=True, show=False, id="form.next_field"
        ),
        Binding(
            "shift+tab",
            "previous_field",
            N_("Previous field"),
            priority=True,
            show=False,
            id="form.previous_field",
        ),
        Binding("enter", "enter", N_("Next / save"), priority=True, show=False, id="form.enter"),
        Binding("ctrl+s", "save", N_("Save"), priority=True, id="form.save"),
        Binding("escape,ctrl+g", "cancel", N_("Cancel"), id="form.cancel"),
    ]

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > Vertical {
        width: 100%; max-width: 90; height: auto;
        background: $surface; border: round $primary; padding: 0 1;
    }
    FormScreen .row { height: auto; }
    FormScreen .row Label { width: 15; padding: 0 1 0 0; color: $text-muted; }
    FormScreen .row Input { width: 1fr; }
    FormScreen #form-error { height: auto; }
    """

    LAST_FIELD_ID = ""  # enter in this Input saves the form

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self.saving = False  # a save of this form is in the lane

    class SaveRequested(Message):
        """Save once the keys already typed into the focused field are in it."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter":
            # Only Inputs: enter in a text area is a new line, on a checkbox a tick.
            return isinstance(self.focused, Input)
        return True

    def on_mount(self) -> None:
        # An Input selects its text on the Focus event, which comes after the keys typed
        # in the same burst: "Ana<tab>Lawyer" would select "La" and type "wyer" over it.
        # The form selects a field's text itself, as tab moves there (_move_to).
        for field in self.query(Input):
            field.select_on_focus = False
            field.cursor_blink = False  # over ssh a blink is a write every half second
        for area in self.query(TextArea):
            area.cursor_blink = False
        # A scrolling container takes focus in Textual: shift+tab from the first field
        # stopped on it, showing nothing. The form scrolls to the focused field anyway.
        for container in self.query(VerticalScroll):
            container.can_focus = False

    def _move_to(self, move: Callable[[], object]) -> None:
        move()
        if isinstance(self.focused, Input):  # typing replaces the field's text
            self.focused.selection = Selection(0, len(self.focused.value))

    def action_next_field(self) -> None:
        self._move_to(self.focus_next)

    def action_previous_field(self) -> None:
        self._move_to(self.focus_previous)

    def action_enter(self) -> None:
        if self.focused is not None and self.focused.id == self.LAST_FIELD_ID:
            self.action_save()
        else:
            self._move_to(self.focus_next)

    def action_save(self) -> None:
        (self.focused or self).post_message(self.SaveRequested())

    @on(SaveRequested)
    def _save_requested(self, event: SaveRequested) -> None:
        event.stop()
        if not self.saving:  # ctrl+s twice in a burst: the first one saves
            self.save()

    def save(self) -> None:
        """Validate what the form says and `store` it; dismiss once it is stored."""
        raise NotImplementedError

    def store(
        self,
        work: Callable[[], Any],
        stored: Callable[[Any], None],
        errors: tuple[type[Exception], ...] = (),
    ) -> None:
        """Run `work` (the repository's write) in the app's save lane; then `stored(its
        result)`, which dismisses the form. A failure (the store's errors and `errors`)
        is said in the form, which stays open with what was typed."""

        def failed(problem: Exception) -> None:
            self.saving = False
            self.show_problem(problem)

        self.saving = True
        self.nettui.save(work, stored, failed, errors=errors)

    def show_progress(self, text: str) -> None:
        """A slow save says so under the form's error line ("" hides it)."""
        shown = self.query("#form-progress")
        if shown:
            line = shown.first(Static)
        else:
            errors = self.query("#form-error")
            parent = errors.first().parent if errors else None
            if not text or not isinstance(parent, Widget):
                return
            # Mounted when first needed: a quick save leaves the form as it was.
            line = Static("", id="form-progress", classes="muted", markup=False)
            parent.mount(line, after=errors.first())
        line.update(text)
        line.display = bool(text)

    def show_problem(self, problem: Exception) -> None:
        """Say in the form (its Static #form-error) why nothing was saved; what was
        typed stays in the fields."""
        message = problem.args[0] if problem.args else str(problem)
        text = _("Not saved: {problem}").format(problem=message)
        self.query_one("#form-error", Static).update(visible(text))

    def on_key(self, event: events.Key) -> None:
        # A printable key reaching the screen itself was typed while the form opened.
        if event.is_printable and event.character and isinstance(self.focused, Input):
            self.focused.insert_text_at_cursor(event.character)
            event.stop()

    def action_cancel(self) -> None:
        self.dismiss(None)
