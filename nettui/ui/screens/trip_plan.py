"""Plan a trip: where and when (each date with its live preview), then who is worth
seeing there, best first with the reasons, a tick each; enter plans a coffee with
each one ticked, in the free slots of those days (nettui/store/trips.py)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from nettui.domain.dates import DateError, describe_day, local_now, parse_duration
from nettui.domain.errors import ValidationError
from nettui.domain.events import parse_either as parse  # the nearest 3 Dec, past or coming
from nettui.domain.models import Meetup
from nettui.domain.text import one_line, visible
from nettui.domain.trips import Candidate, TripDays, place_words, trip_days
from nettui.i18n import N_, _, ngettext
from nettui.store.errors import StoreError
from nettui.store.trips import plan_trip, trip_candidates
from nettui.ui.keys import form_keys, key_text
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.key_list import KeyList

TICKED_AT_FIRST = 3  # a trip of a few days holds a few coffees; the user ticks more
WAIT = 0.2  # seconds of quiet typing before the people are looked up again


class TripPlanScreen(FormScreen[list[Meetup] | None]):
    """Dismisses with the meetups planned, or None."""

    BINDINGS = [
        Binding("space", "tick", N_("Tick"), id="trip.tick"),
    ]

    DEFAULT_CSS = """
    TripPlanScreen > Vertical { max-width: 100; height: 100%; max-height: 40; }
    TripPlanScreen .row Label { width: 7; }
    /* A date's error may take two lines at 80 columns: never cut. */
    TripPlanScreen .preview { height: auto; padding: 0 0 0 7; }
    TripPlanScreen #found { height: 1; }
    /* A long reason ends in "…" rather than wrapping under the tick. */
    TripPlanScreen #candidates {
        height: 1fr; border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, place: str = "") -> None:
        super().__init__()
        self._place = place
        self._candidates: list[Candidate] = []
        self._ticked: set[str] = set()
        self._ticked_for = ""  # the place the ticks were chosen for
        self._asked = 0  # the last look-up asked for: an older answer is dropped
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Plan a trip"), classes="title")
            with Horizontal(classes="row"):
                yield Label(_("Where"))
                yield Field(
                    self._place,
                    placeholder=_("a city: Valladolid, San Sebastián"),
                    id="place",
                    compact=True,
                )
            for field_id, label, placeholder in (
                ("from", _("From"), _("el lunes, next monday, 3/12")),
                ("to", _("To"), _("el miércoles, 2026-12-09")),
            ):
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield Field(placeholder=placeholder, id=field_id, compact=True)
                yield Static("", id=f"{field_id}-preview", classes="preview muted", markup=False)
            yield Static("", id="found", classes="muted", markup=False)
            yield KeyList(id="candidates")
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                _(
                    "{tick} ticks · {enter} on the list or {save} plans the ticked"
                    " · {cancel} cancels"
                ).format(**{**form_keys(self.app), "tick": key_text(self.app, "trip.tick")}),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.set_focus(self.query_one("#place", Input))
        self._show_found()
        if self._place:
            self._look_up()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tick":  # a space in a field is a space
            return isinstance(self.focused, OptionList)
        return super().check_action(action, parameters)

    # -- what was typed --------------------------------------------------------------------

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def _day(self, field_id: str, now: datetime) -> datetime | None:
        """The day typed in a date field, said in its preview (None: not typed or not
        understood; the preview says why)."""
        preview = self.query_one(f"#{field_id}-preview", Static)
        text = self._value(field_id)
        if not text:
            preview.update("")
            return None
        try:
            moment = parse(text, now, self.lang)
        except DateError as problem:
            preview.update(visible(f"? {problem}"))
            return None
        preview.update(visible("→ " + describe_day(moment.date(), now.date())))
        return moment

    def _trip(self, now: datetime) -> TripDays | None:
        first, last = self._day("from", now), self._day("to", now)
        if first is None or last is None:
            return None
        try:
            trip = trip_days(first, last)
        except ValidationError as problem:
            self.query_one("#to-preview", Static).update(visible(f"? {problem}"))
            return None
        said = ngettext("{n} day", "{n} days", trip.days).format(n=trip.days)
        preview = self.query_one("#to-preview", Static)
        preview.update(visible(f"→ {describe_day(trip.last, now.date())} · {said}"))
        return trip

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id not in ("place", "from", "to"):
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(WAIT, self._look_up)

    # -- who is there ----------------------------------------------------------------------

    def _look_up(self) -> None:
        """The people at the place (and, with the days, at its events), looked up in a
        worker: the first look in a large store works out the matches."""
        now = local_now()
        trip = self._trip(now)
        place = self._value("place")
        self._asked += 1
        asked = self._asked
        try:
            place_words(place)
        except ValidationError:
            self._show([], "", asked)
            return
        repo = self.repo

        def find() -> None:
            try:
                found = trip_candidates(repo, place, trip, now.date())
            except (StoreError, ValidationError):
                found = []
            self.app.call_from_thread(self._show, found, place, asked)

        self.run_worker(find, thread=True, exclusive=True, group="trip")

    def _show(self, found: list[Candidate], place: str, asked: int) -> None:
        if asked != self._asked or not self.is_mounted:
            return  # typed on since: a newer look-up is coming
        self._candidates = found
        same_place = bool(place and self._ticked_for) and place_words(place) == place_words(
            self._ticked_for
        )
        if same_place:  # other days: what the user ticked stays ticked
            self._ticked &= {c.person_id for c in found}
        else:  # a new place: the first few ticked
            not_yet = [c for c in found if c.planned is None]  # planned: not again
            self._ticked = {c.person_id for c in not_yet[:TICKED_AT_FIRST]}
            self._ticked_for = place
        # Ticked while only the place was typed, someone may turn out to have a meetup
        # planned in the days typed since: never a second coffee with them.
        self._ticked -= {c.person_id for c in found if c.planned is not None}
        self._fill()

    def _fill(self) -> None:
        options = [self._option(c) for c in self._candidates]
        if not options and self._value("place"):
            options = [
                Option(
                    Text(
                        _("Nobody you know is there. Try another spelling or a nearby city."),
                        style="dim",
                    ),
                    disabled=True,
                )
            ]
        self.query_one("#candidates", KeyList).replace(options)
        self._show_found()

    def _option(self, candidate: Candidate) -> Option:
        ticked = candidate.person_id in self._ticked
        prompt = Text()
        prompt.append("[x] " if ticked else "[ ] ", style="bold" if ticked else "")
        prompt.append(one_line(candidate.name), style="bold")
        if candidate.where:
            prompt.append(f"  {one_line(candidate.where)}", style="dim")
        prompt.append("\n    " + one_line("; ".join(candidate.why())), style="dim")
        return Option(prompt, id=candidate.person_id)

    def _show_found(self) -> None:
        found = self.query_one("#found", Static)
        if not self._candidates:
            # With a place typed, the list itself says nobody is there.
            hint = _("Type where you are going and the days: who is there shows here.")
            found.update("" if self._value("place").strip() else hint)
            return
        people = ngettext("{n} person there", "{n} people there", len(self._candidates))
        found.update(
            people.format(n=len(self._candidates))
            + " · "
            + ngettext("{n} ticked", "{n} ticked", len(self._ticked)).format(n=len(self._ticked))
        )

    def action_tick(self) -> None:
        candidates = self.query_one("#candidates", KeyList)
        option = candidates.highlighted_option
        if option is None or option.id is None or option.disabled:
            return
        self._ticked ^= {option.id}
        at = candidates.highlighted
        candidates.replace_option_prompt(option.id, self._option(self._by_id(option.id)).prompt)
        candidates.highlighted = at
        self._show_found()

    def _by_id(self, person_id: str) -> Candidate:
        return next(c for c in self._candidates if c.person_id == person_id)

    # -- planning --------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#candidates")
    def _enter_on_the_list(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def save(self) -> None:
        repo = self.repo
        now = local_now()
        chosen = [c for c in self._candidates if c.person_id in self._ticked]
        try:
            place = self._value("place")
            place_words(place)
            first, last = self._required("from", now), self._required("to", now)
            trip = trip_days(first, last)
            if not chosen:
                raise ValidationError(
                    _("Tick someone to see ({tick} ticks).").format(
                        tick=key_text(self.app, "trip.tick")
                    )
                )
            length = parse_duration(self.config.meetup_length)
        except (DateError, ValidationError) as problem:
            self.show_problem(problem)
            return
        slots = self.config.trip_times
        self.store(
            lambda: plan_trip(repo, place, trip, chosen, slots, length, now),
            lambda planned: self._planned(planned, len(chosen)),
            (ValidationError,),
        )

    def _required(self, field_id: str, now: datetime) -> datetime:
        moment = self._day(field_id, now)
        if moment is None:
            if not self._value(field_id):
                raise ValidationError(_("Say the first and the last day of the trip."))
            return parse(self._value(field_id), now, self.lang)  # raises, saying why
        return moment

    def _planned(self, planned: list[Meetup], asked: int) -> None:
        self.saving = False
        left = asked - len(planned)
        if not planned:
            self.show_problem(
                ValidationError(_("No free slot is left in those days: nothing was planned."))
            )
            return
        said = ngettext("Planned {n} coffee.", "Planned {n} coffees.", len(planned)).format(
            n=len(planned)
        )
        if left:
            said += " " + ngettext(
                "{n} person did not fit in a free slot of the trip.",
                "{n} people did not fit in a free slot of the trip.",
                left,
            ).format(n=left)
        self.app.notify(said, markup=False)
        self.dismiss(planned)
