"""After a meetup: how it went, a photo together, and what follows from it."""

from __future__ import annotations

from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from nettui.domain.card import Photo
from nettui.domain.dates import DateError, describe, local_now, parse
from nettui.domain.models import Meetup, ValidationError
from nettui.domain.text import clip, one_line, visible
from nettui.i18n import _, day_short
from nettui.store.errors import NotFound, StoreError
from nettui.store.photos import NotAnImage, image_from_file
from nettui.ui.keys import form_keys
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.path_suggester import PathField
from nettui.ui.widgets.tick_box import TickBox


class OutcomeFormScreen(FormScreen[Meetup | None]):
    """Record the outcome: everyone there is now met in person."""

    LAST_FIELD_ID = "next"

    DEFAULT_CSS = """
    OutcomeFormScreen .row Label { width: 13; }
    OutcomeFormScreen #whose { width: 1fr; }
    """

    def __init__(self, meetup: Meetup) -> None:
        super().__init__()
        self.meetup = meetup

    def compose(self) -> ComposeResult:
        repo = self.repo
        attendees = repo.attendees(self.meetup)
        with Vertical():
            yield Static(
                visible(_("How did it go? {title}").format(title=clip(self.meetup.title))),
                classes="title",
                markup=False,
            )
            start = datetime.fromisoformat(self.meetup.start)
            if start > local_now():
                # Recorded before its start, it moves to now (Repository.meetup_done):
                # said before saving, not discovered in the list after.
                planned = start.astimezone()
                yield Static(
                    _("Planned for {when}: recording it now moves it to today.").format(
                        when=f"{day_short(planned)} {planned:%H:%M}"
                    ),
                    id="moves",
                    classes="muted",
                    markup=False,
                )
            rows = [
                ("notes", _("Notes"), _("one line: what you talked about")),
                ("photo", "", ""),
                ("photo-file", _("Photo file"), _("e.g. ~/Pictures/us.jpg (optional)")),
                ("need", _("They need"), _("a follow-up need (optional)")),
                ("offer", _("They offer"), _("a follow-up offer (optional)")),
            ]
            if len(attendees) > 1:
                rows.append(("whose", _("Whose"), ""))
            rows.append(("next", _("Meet again"), _("when, e.g. en 3 meses (optional)")))
            for field_id, label, placeholder in rows:
                with Horizontal(classes="row"):
                    yield Label(label)
                    if field_id == "photo":
                        yield TickBox(_("We took a photo together"), id="photo", compact=True)
                    elif field_id == "whose":
                        # Several people there: the follow-up is theirs by choice, never
                        # the first attendee's by default.
                        yield Select(
                            [(one_line(clip(repo.owner_name(p))), p) for p in attendees],
                            prompt=_("whose need or offer? ({key}, then up/down)").format(
                                key="enter"
                            ),
                            id="whose",
                            compact=True,
                        )
                    elif field_id == "photo-file":
                        # Completed from the file system as typed: right arrow takes it.
                        yield PathField(placeholder=placeholder, id=field_id)
                    else:
                        yield Field(placeholder=placeholder, id=field_id, compact=True)
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                _(
                    "{tick} ticks · {enter} on the last field or {save} saves · {cancel} cancels"
                ).format(**form_keys(self.app)),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#notes", Input))

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def _whose(self) -> str | None:
        found = self.query("#whose")
        if not found:
            return None  # one attendee: theirs
        value = found.first(Select).value
        return value if isinstance(value, str) else None

    def save(self) -> None:
        try:
            follow_up = self._value("need") or self._value("offer")
            if follow_up and self.query("#whose") and self._whose() is None:
                raise ValidationError(_("Say whose follow-up it is: pick the person under Whose."))
            next_start = None
            if self._value("next"):
                next_start = parse(self._value("next"), local_now(), self.lang)
        except (DateError, ValidationError, StoreError, NotFound) as problem:
            self.show_problem(problem)
            return
        photo_file = self._value("photo-file")
        if photo_file:
            self.saving = True  # a second ctrl+s meanwhile saves nothing twice
            self._read_photo(photo_file, next_start)
        else:
            self._record(None, next_start)

    @work(thread=True, exclusive=True, group="outcome-photo")
    def _read_photo(self, photo_file: str, next_start: datetime | None) -> None:
        """Checked and reduced before anything is written (store/photos.py), in a
        thread: a camera's 12 MB JPEG takes a few tenths of a second to read."""
        try:
            photo = image_from_file(photo_file)
        except NotAnImage as problem:
            self.app.call_from_thread(self._photo_refused, problem)
            return
        self.app.call_from_thread(self._record, photo, next_start)

    def _photo_refused(self, problem: NotAnImage) -> None:
        self.saving = False
        self.show_problem(problem)  # not an image, missing, too large: the form stays

    def _record(self, photo: Photo | None, next_start: datetime | None) -> None:
        if not self.is_attached:
            return  # cancelled while the photo was read: nothing is saved
        repo, meetup = self.repo, self.meetup
        outcome, together = self._value("notes"), self.query_one("#photo", TickBox).value
        need, offer, whose = self._value("need"), self._value("offer"), self._whose()
        self.store(
            lambda: repo.record_outcome(
                meetup.id,
                outcome=outcome,
                photo_together=together,
                photo=photo,
                need=need,
                offer=offer,
                next_start=next_start,
                follow_up_of=whose,
            ),
            self._recorded,
            (DateError, ValidationError),
        )

    def _recorded(self, again: Meetup | None) -> None:
        said = _("Recorded. Everyone there is now met in person.")
        if again is not None:
            when = describe(datetime.fromisoformat(again.start), local_now())
            said += " " + _("Next: {when}.").format(when=when)
        self.app.notify(visible(said), markup=False)
        self.dismiss(self.meetup)
