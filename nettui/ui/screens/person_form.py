"""The form to add or edit a person. Confirming it saves at once: no save step to forget."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from nettui.domain.card_text import (
    addresses_text,
    describe_partial_date,
    parse_addresses,
    parse_partial_date,
    parse_values,
    settle_name_parts,
    values_text,
)
from nettui.domain.dates import DateError, describe_cadence, local_now, parse_cadence, parse_day
from nettui.domain.limits import check_lengths
from nettui.domain.models import (
    NAME_PARTS,
    Handle,
    Person,
    ValidationError,
    keep_names_as_handles,
)
from nettui.domain.names import same_handle
from nettui.domain.text import clip, one_line, visible
from nettui.i18n import N_, _, current_language
from nettui.ui.keys import form_keys, key_text
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field, TextBox
from nettui.ui.widgets.key_footer import KeyFooter

# (field, label, placeholder, kind) in the order tab walks them: "input" a one-line
# field, "area" a text area, "date" a one-line field with a live preview under it.
# Emails, phones, web addresses and addresses take one a line, a label in parentheses,
# so a whole card is typed without opening a sub-form per value. Enter on the last one
# (an input) saves.
FIELDS = [
    ("name", N_("Name"), N_("a real name: who is this person?"), "input"),
    ("role", N_("What they do"), N_("e.g. abogada laboralista, backend engineer"), "input"),
    ("company", N_("Company"), "", "input"),
    ("location", N_("Location"), N_("city"), "input"),
    ("emails", N_("Emails"), "", "area"),
    ("phones", N_("Phones"), "", "area"),
    ("urls", N_("Web"), "", "area"),
    ("handles", N_("Handles"), "twitter:@ana, linkedin:in/ana", "input"),
    ("nickname", N_("Nickname"), "", "input"),
    ("addresses", N_("Addresses"), "", "area"),
    ("birthday", N_("Birthday"), N_("22 Jan, 22 de enero de 1990, --01-22"), "date"),
    ("anniversary", N_("Anniversary"), N_("12 June 2015, 12 de junio"), "date"),
    ("tags", N_("Tags"), N_("comma-separated"), "input"),
    ("how_we_met", N_("How we met"), N_("a talk, a thread, a friend..."), "input"),
    (
        "cadence",
        N_("Keep in touch"),
        N_("every 3 months, cada 6 semanas (blank: no reminder)"),
        "input",
    ),
    ("goals", N_("Goals"), N_("separate with ;"), "input"),
    ("concerns", N_("Concerns"), N_("separate with ;"), "input"),
    ("about", N_("About"), "", "area"),
    ("notes", N_("Notes"), "", "area"),
    (
        "met_in_person",
        N_("Met in person"),
        N_("first meeting: 2026-03-12, yesterday; blank: not yet"),
        "input",
    ),
]
TEXT_AREAS = {field for field, _label, _placeholder, kind in FIELDS if kind == "area"}
# The areas of values: "+34 600 11 22 33 (mobile)", one a line.
CHANNELS = ("emails", "phones", "urls")
# Under Emails, the first of the three: an email as the example, the rule for all three.
HINT = N_("one a line; a label in parentheses: ana@example.org (work)")
ADDRESS_HINT = N_("one a line: street, postal code city, country (home)")


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


class PersonFormScreen(FormScreen[Person | None]):
    """Add a person (given None) or edit one; dismisses with the saved person or None."""

    LAST_FIELD_ID = "met_in_person"

    DEFAULT_CSS = """
    PersonFormScreen > Vertical { max-width: 100; height: 100%; max-height: 40; }
    PersonFormScreen .row TextArea { width: 1fr; height: 3; background: $boost; }
    /* One line for one value, growing to five: a long card stays readable at 80x24. */
    PersonFormScreen .row TextArea.lines { height: auto; min-height: 1; max-height: 5; }
    PersonFormScreen .hint { height: auto; padding: 0 0 0 15; }
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
                for field, label, placeholder, kind in FIELDS:
                    with Horizontal(classes="row"):
                        yield Label(_(label))
                        if kind == "area":
                            area = TextBox(
                                self._value(field), id=field, tab_behavior="focus", compact=True
                            )
                            if field in CHANNELS or field == "addresses":
                                area.add_class("lines")
                            yield area
                        else:
                            yield Field(
                                self._value(field),
                                placeholder=_(placeholder) if placeholder else "",
                                id=field,
                                compact=True,
                            )
                    if field == "emails":
                        yield Static(_(HINT), classes="hint muted", markup=False)
                    elif field == "addresses":
                        yield Static(_(ADDRESS_HINT), classes="hint muted", markup=False)
                    elif kind == "date":
                        yield Static(
                            self._preview(field, self._value(field)),
                            id=f"{field}-preview",
                            classes="hint",
                            markup=False,
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
        if field in CHANNELS:
            text = values_text(person, field)
        elif field == "addresses":
            text = addresses_text(person)
        elif field == "handles":
            text = ", ".join(str(h) for h in value)
        elif field == "cadence":
            text = describe_cadence(value) if value else ""
        elif field in ("goals", "concerns"):
            text = "; ".join(value)
        elif isinstance(value, list):
            text = ", ".join(value)
        else:
            text = value or ""
        shown = text if field in TEXT_AREAS else visible(text)
        self._shown[field] = shown
        return shown

    def _text(self, field: str) -> str:
        if field in TEXT_AREAS:
            return self.query_one(f"#{field}", TextArea).text
        return self.query_one(f"#{field}", Input).value

    def build_person(self) -> Person:
        """The person as the form says; raises ValidationError or DateError."""
        met_text = self._text("met_in_person").strip()
        met = None
        if met_text:
            today = datetime.now().astimezone().date()
            met = parse_day(met_text, today).isoformat()
        before = self.person
        emails, typed_emails = parse_values(self._text("emails"), "emails", before)
        phones, typed_phones = parse_values(self._text("phones"), "phones", before)
        urls, typed_urls = parse_values(self._text("urls"), "urls", before)
        values = {
            "name": self._text("name"),
            "nickname": self._text("nickname"),
            "role": self._text("role"),
            "company": self._text("company"),
            "location": self._text("location"),
            "emails": emails,
            "phones": phones,
            "urls": urls,
            "handles": [Handle.parse(h) for h in _split(self._text("handles"), ",")],
            "addresses": parse_addresses(self._text("addresses"), before),
            "birthday": self._date("birthday"),
            "anniversary": self._date("anniversary"),
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
        typed_by_field = {"emails": typed_emails, "phones": typed_phones, "urls": typed_urls}
        person = Person() if self.person is None else dataclasses.replace(self.person)
        self.changed_fields = set()
        for field, value in values.items():
            if self.person is not None and self._text(field) == self._shown.get(field):
                continue  # untouched: keep the stored value exactly, control characters too
            setattr(person, field, value)
            self.changed_fields.add(field)
        # The labels of the values edited are read from the form; the others' stay.
        edited_channels = self.changed_fields & set(CHANNELS)
        if edited_channels:
            kept = [t for t in person.typed if t.of not in edited_channels]
            person.typed = kept + [t for f in edited_channels for t in typed_by_field[f]]
            self.changed_fields.add("typed")
        # A new name: N's parts as imported go unless they are all still in it.
        old = self.person
        if (
            "name" in self.changed_fields
            and old is not None
            and settle_name_parts(person, old.name)
        ):
            self.changed_fields.update(NAME_PARTS)
        # A handle typed as the name ("CL72DJ33") is kept as a handle too, now or when
        # the real name replaces it (a record from before this rule).
        if keep_names_as_handles(person, self.person.name if self.person is not None else None):
            self.changed_fields.add("handles")
        person.validate()
        check_lengths(person, self.changed_fields)
        return person

    def _date(self, field: str) -> str | None:
        return parse_partial_date(self._text(field), field, local_now().date(), current_language())

    def _preview(self, field: str, text: str) -> str:
        """What the birthday or anniversary typed is understood as, or what is wrong."""
        if not text.strip():
            return ""
        try:
            stored = parse_partial_date(text, field, local_now().date(), current_language())
        except ValidationError as problem:
            return visible(f"? {problem.args[0]}")
        return describe_partial_date(stored, field, local_now().date()) if stored else ""

    @on(Input.Changed, "#birthday")
    @on(Input.Changed, "#anniversary")
    def _date_changed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        self.query_one(f"#{field}-preview", Static).update(self._preview(field, event.value))

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
