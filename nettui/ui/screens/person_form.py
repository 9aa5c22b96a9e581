"""The form to add or edit a person. Confirming it saves at once: no save step to forget."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from nettui.domain.dates import DateError, describe_cadence, parse_cadence, parse_day
from nettui.domain.limits import check_lengths
from nettui.domain.models import Handle, Person, ValidationError, keep_names_as_handles
from nettui.domain.names import same_handle
from nettui.domain.text import clip, one_line, visible
from nettui.i18n import N_, _
from nettui.ui.keys import form_keys, key_text
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field, TextBox
from nettui.ui.widgets.key_footer import KeyFooter

# (field, label, placeholder) in the order tab walks them. Enter on the last one saves.
INPUTS = [
    ("name", N_("Name"), N_("a real name: who is this person?")),
    ("role", N_("What they do"), N_("e.g. abogada laboralista, backend engineer")),
    ("company", N_("Company"), ""),
    ("location", N_("Location"), N_("city")),
    ("emails", N_("Emails"), N_("comma-separated")),
    ("phones", N_("Phones"), N_("comma-separated")),
    ("handles", N_("Handles"), "twitter:@ana, linkedin:in/ana"),
    ("tags", N_("Tags"), N_("comma-separated")),
    ("how_we_met", N_("How we met"), N_("a talk, a thread, a friend...")),
    ("cadence", N_("Keep in touch"), N_("every 3 months, cada 6 semanas (blank: no reminder)")),
    ("goals", N_("Goals"), N_("separate with ;")),
    ("concerns", N_("Concerns"), N_("separate with ;")),
]
TEXT_AREAS = [("about", N_("About")), ("notes", N_("Notes"))]
LAST_INPUT = (
    "met_in_person",
    N_("Met in person"),
    N_("first meeting: 2026-03-12, yesterday; blank: not yet"),
)


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


class PersonFormScreen(FormScreen[Person | None]):
    """Add a person (given None) or edit one; dismisses with the saved person or None."""

    LAST_FIELD_ID = "met_in_person"

    DEFAULT_CSS = """
    PersonFormScreen > Vertical { max-width: 100; height: 100%; max-height: 40; }
    PersonFormScreen .row TextArea { width: 1fr; height: 3; background: $boost; }
    """

    BINDINGS = [
        Binding("ctrl+o", "open_known", N_("Open that person"), id="person_form.open_known"),
    ]

    def __init__(self, person: Person | None) -> None:
        super().__init__()
        self.person = person
        # The handle already known, and who has it, once the user has been told.
        self._warned: tuple[str, Person] | None = None
        self._shown: dict[str, str] = {}  # each field's text as the form first showed it
        self.changed_fields: set[str] = set()  # the fields the user edited

    def compose(self) -> ComposeResult:
        title = (
            _("Add a person")
            if self.person is None
            else _("Edit {name}").format(name=clip(self.person.display_name))
        )
        title = visible(title)
        with Vertical():
            yield Static(title, classes="title", markup=False)
            with VerticalScroll():
                for field, label, placeholder in INPUTS:
                    with Horizontal(classes="row"):
                        yield Label(_(label))
                        yield Field(
                            self._value(field),
                            placeholder=_(placeholder) if placeholder else "",
                            id=field,
                            compact=True,
                        )
                for field, label in TEXT_AREAS:
                    with Horizontal(classes="row"):
                        yield Label(_(label))
                        yield TextBox(
                            self._value(field), id=field, tab_behavior="focus", compact=True
                        )
                field, label, placeholder = LAST_INPUT
                with Horizontal(classes="row"):
                    yield Label(_(label))
                    yield Field(
                        self._value(field), placeholder=_(placeholder), id=field, compact=True
                    )
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                _(
                    "{next}/{previous} move · {enter} on the last field or {save} saves · "
                    "{cancel} cancels"
                ).format(**form_keys(self.app)),
                classes="muted",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#name", Input))

    def _value(self, field: str) -> str:
        """The field's text as shown: control characters as visible symbols (␛)."""
        person = self.person
        if person is None:
            return ""
        value = getattr(person, field)
        if field == "handles":
            text = ", ".join(str(h) for h in value)
        elif field == "cadence":
            text = describe_cadence(value) if value else ""
        elif field in ("goals", "concerns"):
            text = "; ".join(value)
        elif isinstance(value, list):
            text = ", ".join(value)
        else:
            text = value or ""
        shown = text if field in dict(TEXT_AREAS) else visible(text)
        self._shown[field] = shown
        return shown

    def _text(self, field: str) -> str:
        if field in dict(TEXT_AREAS):
            return self.query_one(f"#{field}", TextArea).text
        return self.query_one(f"#{field}", Input).value

    def build_person(self) -> Person:
        """The person as the form says; raises ValidationError or DateError."""
        met_text = self._text("met_in_person").strip()
        met = None
        if met_text:
            today = datetime.now().astimezone().date()
            met = parse_day(met_text, today).isoformat()
        values = {
            "name": self._text("name"),
            "role": self._text("role"),
            "company": self._text("company"),
            "location": self._text("location"),
            "emails": _split(self._text("emails"), ","),
            "phones": _split(self._text("phones"), ","),
            "handles": [Handle.parse(h) for h in _split(self._text("handles"), ",")],
            "tags": _split(self._text("tags"), ","),
            "how_we_met": self._text("how_we_met"),
            "goals": _split(self._text("goals"), ";"),
            "concerns": _split(self._text("concerns"), ";"),
            "about": self._text("about"),
            "notes": self._text("notes"),
            "met_in_person": met,
            "cadence": parse_cadence(self._text("cadence"))
            if self._text("cadence").strip()
            else None,
        }
        person = Person() if self.person is None else dataclasses.replace(self.person)
        self.changed_fields = set()
        for field, value in values.items():
            if self.person is not None and self._text(field) == self._shown.get(field):
                continue  # untouched: keep the stored value exactly, control characters too
            setattr(person, field, value)
            self.changed_fields.add(field)
        # A handle typed as the name ("CL72DJ33") is kept as a handle too, now or when
        # the real name replaces it (a record from before this rule).
        if keep_names_as_handles(person, self.person.name if self.person is not None else None):
            self.changed_fields.add("handles")
        person.validate()
        check_lengths(person, self.changed_fields)
        return person

    def _known_handle(self, person: Person) -> tuple[str, Person] | None:
        """A handle of the person being added that someone already has, and who."""
        repo = self.repo
        for handle in person.handles:
            for other in repo.people_with_handle(handle.value):
                # Theirs as stored ("twitter:CL72DJ33"): what is already known.
                known = [h for h in other.handles if same_handle(h.value, handle.value)]
                return str(known[0] if known else handle), other
        return None

    def save(self) -> None:
        try:
            person = self.build_person()
        except (ValidationError, DateError) as problem:
            self.show_problem(problem)
            return
        repo = self.repo
        if self.person is None:
            known = self._known_handle(person)
            if known is not None and known != self._warned:
                # Said once; saving again adds a second person (who may be someone else).
                self._warned = known
                handle, other = known
                self.query_one("#form-error", Static).update(
                    visible(
                        _(
                            "{handle} is already the handle of {name}. Press {key} to "
                            "open {name}, or save again to add a second person."
                        ).format(
                            handle=handle,
                            name=one_line(other.display_name),
                            key=key_text(self.app, "person_form.open_known"),
                        )
                    )
                )
                self.refresh_bindings()
                return
        if self.person is None:
            self.store(lambda: repo.add_person(person), self._saved)
        else:
            # Only what was edited: a meeting logged meanwhile elsewhere stays.
            changed = set(self.changed_fields)
            self.store(lambda: repo.update_person(person, changed=changed), self._saved)

    def _saved(self, person: Person) -> None:
        self.app.notify(
            visible(_("Saved {name}.").format(name=clip(person.display_name))), markup=False
        )
        self.dismiss(person)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_known":
            return self._warned is not None
        return super().check_action(action, parameters)

    def action_open_known(self) -> None:
        """Leave the form for the person who already has the handle."""
        if self._warned is None:
            return
        person_id = self._warned[1].id
        self.dismiss(None)
        self.nettui.open_person_page(person_id)
