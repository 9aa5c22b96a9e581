"""Who I met here: the evening after a conference, one person after another.

A name (a known person's whole name is suggested as it is typed, accents folded: →
takes it), enter, one line on what they do or need, enter: saved (one transaction),
the fields clear for the next. Escape ends, and the event's page says who was saved.
A name several people share is said under it with what tells them apart; enter on it
lists them (and "someone new") to pick from with the arrows and enter, as the meetup
form's "With" does. Enter moves on to the note as the key arrives (what is typed ahead
is the note), and the name is looked at once the keys before the enter are in it; the
list takes the focus then, with nothing highlighted, so an enter typed ahead picks no
one and saves nothing; once one is picked, a save asked meanwhile goes on.
Keys typed in a burst (fast, or over ssh) land where they were meant: FormScreen's
tab and enter run as they arrive, and the save is queued behind what was typed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestionReady
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from nettui.domain.errors import ValidationError
from nettui.domain.events import refuse_me
from nettui.domain.models import Event, Person
from nettui.domain.text import clip, fold, one_line, visible
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
    EventMetScreen #choose { margin: 0 0 0 12; height: auto; max-height: 6; }
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
        # A name several people share, once one (or someone new: None) was picked:
        # (the name folded, that person's id).
        self._picked: tuple[str, str | None] | None = None
        self._save_after_pick = False  # a save was asked before the pick: it goes on

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
            yield OptionList(id="choose")
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
        self.query_one("#choose", OptionList).display = False
        self.set_focus(self.query_one("#name", Input))

    # -- a name several people share: which one ---------------------------------------

    def _picked_for(self, name: str) -> tuple[str, str | None] | None:
        """The pick made for this name, if the name is still the one it was made for."""
        folded = fold(" ".join(name.split()))
        return self._picked if self._picked and self._picked[0] == folded else None

    def _sharing(self, name: str) -> list[Person]:
        """The people whose whole name this is, when they are several (else [])."""
        try:
            self.repo.known_for_met(name)
        except Ambiguous as several:
            people = [p for p in several.candidates if isinstance(p, Person)]
            # The order of the other pick lists (key_list.person_choices): steady.
            return sorted(people, key=lambda p: (p.role, p.company, p.location, p.id))
        except ValidationError:
            pass
        return []

    def _offer(self, name: str, people: list[Person]) -> None:
        """The people called `name`, and someone new, to pick from."""
        choices = self.query_one("#choose", OptionList)
        choices.clear_options()
        choices.add_options(
            [Option(visible(_tells_apart(p)), id=p.id) for p in people]
            + [Option(visible(_("Someone new called {name}").format(name=name)), id="")]
        )
        choices.highlighted = None  # an enter typed ahead picks no one
        choices.display = True
        self.query_one("#met-who", Static).update(
            _("Which one? {up} {down} to choose, {enter} picks, {cancel} back to the name.").format(
                up="↑", down="↓", enter="enter", cancel=key_text(self.app, "event_met.done")
            )
        )
        self.set_focus(choices)

    def _close_choice(self, focus: str) -> None:
        self.query_one("#choose", OptionList).display = False
        self.set_focus(self.query_one(focus, Input))

    @on(OptionList.OptionSelected, "#choose")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = self.query_one("#name", Input).value
        self._picked = (fold(" ".join(name.split())), event.option.id or None)
        self._close_choice("#note")
        self._say_who(name)
        if self._save_after_pick:
            self._save_after_pick = False
            self.action_save()

    class NameEntered(Message):
        """Enter left the name: look at it once the keys typed before are in it."""

    def action_enter(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.id == "name":
            focused.post_message(self.NameEntered())  # after the keys queued there
        super().action_enter()

    @on(NameEntered)
    def _name_entered(self, event: NameEntered) -> None:
        event.stop()
        name = self.query_one("#name", Input).value
        if self._picked_for(name) is None:
            several = self._sharing(name)
            if several:
                self._offer(" ".join(name.split()), several)

    # -- known or new, said as the name is typed --------------------------------------

    @on(Input.Changed, "#name")
    def _name_changed(self, event: Input.Changed) -> None:
        self._say_who(event.value)

    def _say_who(self, typed: str) -> None:
        """Known or new, said as the name is typed: the save does what it says."""
        name = typed.strip()
        said = ""
        picked = self._picked_for(name)
        if picked is not None:
            known = self.repo.person(picked[1]) if picked[1] else None
            said = (
                _("Picked: {who}.").format(who=_tells_apart(known))
                if known is not None
                else _("Someone new called {name}.").format(name=name)
            )
        elif name:
            try:
                refuse_me(name)
                known = self.repo.known_for_met(name)
            except Ambiguous as several:
                people = [p for p in several.candidates if isinstance(p, Person)]
                said = ngettext(
                    "{n} person is called {name}: {who}. {enter} to pick one.",
                    "{n} people are called {name}: {who}. {enter} to pick one.",
                    len(people),
                ).format(
                    n=len(people),
                    name=clip(name, 30),
                    who="; ".join(_does(p) for p in people[:3]),
                    enter=key_text(self.app, "form.enter"),
                )
            except ValidationError as problem:
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

    def action_cancel_choice(self) -> None:
        self._save_after_pick = False
        self._close_choice("#name")
        self._say_who(self.query_one("#name", Input).value)

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

        picked = self._picked_for(name)
        if picked is None:
            several = self._sharing(name)
            if several:  # typed ahead past the name: which one, then it saves
                self._offer(" ".join(name.split()), several)
                self._save_after_pick = True
                self._release()
                return
            if self._only_starts_a_name(name, note):
                self._release()
                return
        ref, new = (picked[1] or name, picked[1] is None) if picked else (name, False)

        def failed(problem: Exception) -> None:
            self.saving = False
            self.show_problem(problem)
            self._release()

        def stored(met: MetThere) -> None:
            self._saved(met)
            self._release()

        self.saving = True
        self.nettui.save(
            lambda: repo.met_at_event(event.id, ref, note, new=new),
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
        self._picked = None
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
        if self.query_one("#choose", OptionList).display:
            self.action_cancel_choice()  # back to the name, what was typed kept
            return
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


def _does(person: Person) -> str:
    """What tells apart people of one name: what they do, their company, where."""
    said = ", ".join(one_line(x) for x in (person.role, person.company, person.location) if x)
    return clip(said, 40) if said else _("nothing more known")


def _tells_apart(person: Person) -> str:
    return f"{clip(person.display_name, 30)} · {_does(person)}"


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
