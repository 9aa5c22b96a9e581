"""Who I met here: the evening after a conference, one person after another.

A name (a known person's whole name is suggested as it is typed, accents folded: →
takes it), enter, one line on what they do or need, enter: saved (one transaction),
the fields clear for the next. Escape ends, and the event's page says who was saved.
Keys typed in a burst (fast, or over ssh) land where they were meant: FormScreen's
tab and enter run as they arrive, and the save is queued behind what was typed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestionReady
from textual.widgets import Input, Label, Static

from nettui.domain.errors import ValidationError
from nettui.domain.events import refuse_me
from nettui.domain.models import Event
from nettui.domain.text import clip, visible
from nettui.i18n import N_, _, ngettext
from nettui.store.errors import Ambiguous, NotFound, StoreError
from nettui.store.events import MetThere
from nettui.ui.keys import key_text
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.name_suggester import NameSuggester


class _NameField(Field):
    """The name field. Back on it (shift+tab after "only starts a known name"), the
    name it suggests shows again, so → takes it: Textual drops a suggestion when a
    field gets the focus. Posted, the suggestion arrives after that."""

    def on_focus(self) -> None:
        if isinstance(self.suggester, NameSuggester):
            suggestion = self.suggester.suggest(self.value)
            if suggestion:
                self.post_message(SuggestionReady(self.value, suggestion))


class EventMetScreen(FormScreen[list[MetThere]]):
    """Dismisses with everyone saved, in order (an empty list when none was)."""

    LAST_FIELD_ID = "note"
    BINDINGS = [
        Binding("escape,ctrl+g", "cancel", N_("Done"), id="event_met.done"),
    ]
    DEFAULT_CSS = """
    EventMetScreen .row Label { width: 12; }
    EventMetScreen #met-saved { height: auto; max-height: 12; }
    """

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event
        self.saved: list[MetThere] = []
        self._warned = False  # escape with a name typed: said once, then it ends
        self._holding = False  # the keys after a save's enter wait for it (action_save)
        # (name, note) of a save held back because the name only starts a known one:
        # enter again with both unchanged saves someone new by that name.
        self._asked: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                visible(_("Who I met at {event}").format(event=clip(self.event.name, 60))),
                classes="title",
                markup=False,
            )
            with Horizontal(classes="row"):
                yield Label(_("Name"))
                yield _NameField(
                    placeholder=_("a name; → takes a suggested one"),
                    id="name",
                    compact=True,
                    suggester=NameSuggester(self.repo.display_names()),
                )
            yield Static("", id="met-who", classes="muted", markup=False)
            with Horizontal(classes="row"):
                yield Label(_("Note"))
                yield Field(
                    placeholder=_("what they do, or: needs …, offers …"),
                    id="note",
                    compact=True,
                )
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static("", id="met-saved", markup=False)
            yield Static(
                _("{enter} next field, then saves · {done} ends").format(
                    enter=key_text(self.app, "form.enter"),
                    done=key_text(self.app, "event_met.done"),
                ),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#name", Input))

    @on(Input.Changed, "#name")
    def _say_who(self, event: Input.Changed) -> None:
        """Known or new, said as the name is typed: the save does what it says."""
        name = event.value.strip()
        said = ""
        if name:
            try:
                refuse_me(name)
                known = self.repo.known_for_met(name)
            except (Ambiguous, ValidationError) as problem:
                said = str(problem.args[0])
            else:
                started = self.repo.started_by(name, limit=3) if known is None else []
                if started:
                    said = _(
                        "Known: {names}. → takes the one suggested; or type the whole name "
                        "of someone new."
                    ).format(names=", ".join(clip(p.display_name, 30) for p in started))
                elif known is None:
                    said = _("Someone new.")
                elif known.id in self._met_here():
                    said = _("Met here already: saving again adds only what is new.")
                elif known.met_in_person:
                    said = _("Known, met in person before.")
                else:
                    said = _("Known online: your first meeting in person.")
        self.query_one("#met-who", Static).update(visible(said))

    def _met_here(self) -> list[str]:
        event = self.repo.event(self.event.id)
        return event.met if event is not None else []

    def action_save(self) -> None:
        """Enter on the note (or ctrl+s), as the key arrives: the keys typed after it
        are the next person's, held by the app until this one is saved and the fields
        are clear (else, typed fast or over ssh, they landed in this person's note:
        the save reads the fields only once the keys before it are in them)."""
        if self._holding:
            return
        self._holding = True
        self.nettui.hold_keys()
        super().action_save()

    def _release(self) -> None:
        if self._holding:
            self._holding = False
            # Our own app's hold (NettuiApp.hold_keys), behind the keys queued so far.
            self.call_later(self.nettui._release_keys)

    def save(self) -> None:
        repo, event = self.repo, self.event
        name = self.query_one("#name", Input).value
        note = self.query_one("#note", Input).value
        if not name.strip():
            self.show_problem(ValidationError(_("Type a name first.")))
            self.set_focus(self.query_one("#name", Input))
            self._release()
            return

        if self._only_starts_a_name(name, note):
            self._release()
            return

        def failed(problem: Exception) -> None:
            self.saving = False
            self.show_problem(problem)
            self._release()

        def stored(met: MetThere) -> None:
            self._saved(met)
            self._release()

        self.saving = True
        self.nettui.save(
            lambda: repo.met_at_event(event.id, name, note),
            stored,
            failed,
            errors=(ValidationError, Ambiguous, NotFound, StoreError),
        )

    def _only_starts_a_name(self, name: str, note: str) -> bool:
        """A name that only starts a known person's ("Dora" of Dora Met) is not saved
        as someone new at once, as the CLI refuses it without --new: the form says so
        and keeps the focus on the note; enter again with nothing changed saves
        someone new by that name. True when the save is held back."""
        typed = (" ".join(name.split()), note)
        if self._asked == typed:
            return False
        try:
            refuse_me(name)
            if self.repo.known_for_met(name) is not None:
                return False
        except (Ambiguous, ValidationError):
            return False  # the save says why not
        started = self.repo.started_by(name, limit=3)
        if not started:
            return False
        self._asked = typed
        said = _(
            "{name} only starts a known name ({names}). {enter} again saves someone new "
            "called {name}; or {back}, then → takes the one suggested."
        ).format(
            name=typed[0],
            names=", ".join(clip(p.display_name, 30) for p in started),
            enter=key_text(self.app, "form.enter"),
            back=key_text(self.app, "form.previous_field"),
        )
        self.query_one("#form-error", Static).update(visible(said))
        return True

    def _saved(self, met: MetThere) -> None:
        self.saving = False
        self._warned = False
        self._asked = None
        self.saved.append(met)
        for field_id in ("name", "note"):
            self.query_one(f"#{field_id}", Input).value = ""
        self.query_one("#form-error", Static).update("")
        self.query_one("#met-who", Static).update("")
        lines = [
            ("+ " if m.new else "✓ ")
            + visible(clip(m.person.display_name, 60))
            + ("  " + _("(met here already)") if m.again else "")
            for m in self.saved[-8:]
        ]
        n = len({m.person.id for m in self.saved})  # someone saved twice is one person
        count = ngettext("{n} saved", "{n} saved", n).format(n=n)
        self.query_one("#met-saved", Static).update("\n".join([count, *lines]))
        self.set_focus(self.query_one("#name", Input))

    def action_cancel(self) -> None:
        """Ends the loop; a name typed but not saved is said first, and a second escape
        leaves it."""
        typed = self.query_one("#name", Input).value.strip()
        if typed and not self._warned:
            self._warned = True
            said = _(
                "{name} is not saved yet ({enter} on the note saves it); {done} again leaves "
                "without it."
            )
            self.query_one("#form-error", Static).update(
                visible(
                    said.format(
                        name=clip(typed, 40),
                        enter=key_text(self.app, "form.enter"),
                        done=key_text(self.app, "event_met.done"),
                    )
                )
            )
            return
        self.dismiss(self.saved)


def summary(saved: list[MetThere], event_name: str) -> str:
    """What the evening came to, said when the loop ends."""
    new = sum(1 for m in saved if m.new)
    first = sum(1 for m in saved if not m.new and m.first_meeting)
    people = len({m.person.id for m in saved})  # someone saved twice is one person
    parts = [ngettext("{n} person saved", "{n} people saved", people).format(n=people)]
    if new:
        parts.append(ngettext("{n} new", "{n} new", new).format(n=new))
    if first:
        parts.append(
            ngettext(
                "{n} known online, now met in person", "{n} known online, now met in person", first
            ).format(n=first)
        )
    return _("{event}: {parts}.").format(event=event_name, parts=", ".join(parts))
