"""A person's page: who they are, how to reach them, needs, offers, meetups, timeline."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from nettui.domain.dates import describe_cadence, next_due
from nettui.domain.labels import label
from nettui.domain.models import Interaction, Introduction, Meetup, NeedOffer, Person
from nettui.domain.text import one_line, visible
from nettui.i18n import N_, _
from nettui.store.errors import NotFound, StoreError
from nettui.ui.screens.base import StoreScreen
from nettui.ui.screens.interaction_form import InteractionFormScreen
from nettui.ui.screens.meetup_form import MeetupFormScreen
from nettui.ui.screens.need_offer_form import NeedOfferFormScreen
from nettui.ui.screens.person_form import PersonFormScreen
from nettui.ui.widgets.key_footer import KeyFooter
from nettui.ui.widgets.mode_bar import ModeBar


def _when(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def person_page(
    person: Person,
    needs_offers: list[NeedOffer],
    meetups: list[Meetup],
    interactions: list[Interaction],
    introductions: Sequence[tuple[Introduction, NeedOffer, NeedOffer, str]] = (),
) -> Text:
    """The whole page as one Text: plain strings only, so no markup in a name can act."""
    page = Text()

    def section(title: str) -> None:
        page.append(f"\n{title}\n", style="bold underline")

    def row(title: str, value: str) -> None:
        if value:
            page.append(f"  {title:<16}", style="dim")
            page.append(one_line(value) + "\n")

    page.append(one_line(person.display_name) + "\n", style="bold")
    if person.needs_real_name:
        page.append(
            "  "
            + _("Only a handle so far: who is this person? Press e to add a real name.")
            + "\n",
            style="bold reverse",
        )
    does = ", ".join(x for x in (person.role, person.company) if x)
    row(_("does"), does)
    row(_("location"), person.location)
    if person.met:
        row(_("met in person"), f"{person.met_in_person}")
    else:
        page.append(f"  {_('met in person'):<16}", style="dim")
        page.append(_("not yet: online only") + "\n", style="italic")
    row(_("last contact"), person.last_contact or "")
    row(_("how we met"), person.how_we_met)
    if person.cadence:
        last = person.last_contact or person.created[:10]
        due = next_due(person.cadence, date.fromisoformat(last))
        row(
            _("keep in touch"),
            _("{cadence} (next by {day})").format(
                cadence=describe_cadence(person.cadence), day=due.isoformat()
            ),
        )
    row(_("tags"), ", ".join(person.tags))

    section(_("Channels"))
    channels = [str(h) for h in person.handles] + person.emails + person.phones
    page.append("".join(f"  {one_line(c)}\n" for c in channels) or "  " + _("none yet") + "\n")

    if person.goals or person.concerns or person.about:
        section(_("Who they are"))
        row(_("about"), person.about)
        for goal in person.goals:
            row(_("goal"), goal)
        for concern in person.concerns:
            row(_("concern"), concern)
    if person.notes:
        section(_("Notes"))
        for line in person.notes.splitlines():
            page.append(f"  {visible(line)}\n")

    for kind, title in (("need", N_("Needs (n adds one)")), ("offer", N_("Offers (o adds one)"))):
        section(_(title))
        items = [n for n in needs_offers if n.kind == kind]
        for item in items:
            page.append(f"  [{label(item.status)}] ", style="dim")
            page.append(one_line(item.text) + "\n")
        if not items:
            page.append("  " + _("none recorded") + "\n", style="dim")

    if introductions:
        section(_("Introductions"))
        for intro, need, offer, other in introductions:
            mine = need.person_id == person.id
            page.append(f"  [{label(intro.status)}] ", style="dim")
            if mine:
                said = _("{name} offers: {text}").format(name=other, text=offer.text)
            else:
                said = _("{name} needs: {text}").format(name=other, text=need.text)
            page.append(one_line(said) + "\n")

    section(_("Meetups"))
    for meetup in meetups:
        page.append(f"  {_when(meetup.start)}  {label(meetup.status):<10} ", style="dim")
        page.append(one_line(meetup.title))
        if meetup.place:
            page.append(f" · {one_line(meetup.place)}", style="dim")
        page.append("\n")
    if not meetups:
        page.append("  " + _("none yet: a coffee turns bits into a person") + "\n", style="dim")

    section(_("Interactions (l logs one)"))
    for item in interactions:
        where = label("in person" if item.in_person else item.channel)
        page.append(f"  {_when(item.at)}  {where:<12} ", style="dim")
        page.append(one_line(item.summary) + "\n")
    if not interactions:
        page.append("  " + _("none yet") + "\n", style="dim")
    return page


class PersonScreen(StoreScreen):
    """One person (opened with enter from the People list)."""

    BINDINGS = [
        Binding("escape,ctrl+g", "back", N_("Back"), id="person.back"),
        # Priority: the form opens as the key arrives, so text typed right after it in
        # one burst (a lagging ssh link) lands in the form.
        Binding("e", "edit", N_("Edit"), priority=True, id="person.edit"),
        Binding("l", "log", N_("Log"), priority=True, id="person.log"),
        Binding("n", "add_need", N_("Need"), priority=True, id="person.need"),
        Binding("o", "add_offer", N_("Offer"), priority=True, id="person.offer"),
        Binding("m", "plan_meetup", N_("Meet"), priority=True, id="person.meet"),
        Binding("x", "delete", N_("Delete"), show=False, id="person.delete"),
    ]

    def __init__(self, person_id: str) -> None:
        super().__init__()
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        yield ModeBar("people")
        with VerticalScroll(id="page"):
            yield Static(id="person")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#page").focus()

    def refresh_data(self) -> None:
        person = self.repo.person(self.person_id)
        if person is None:  # deleted by another session
            self.app.notify(_("This person was deleted in another session."), markup=False)
            self.dismiss()
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
        page = person_page(
            person,
            self.repo.needs_offers_of(person.id),
            self.repo.meetups_of(person.id),
            self.repo.interactions_of(person.id),
            introductions,
        )
        self.query_one("#person", Static).update(page)

    def action_back(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        person = self.repo.person(self.person_id)
        if person is not None:
            self.app.push_screen(PersonFormScreen(person), lambda _: self.refresh_data())

    def action_add_need(self) -> None:
        form = NeedOfferFormScreen(kind="need", person_id=self.person_id)
        self.app.push_screen(form, lambda _: self.refresh_data())

    def action_add_offer(self) -> None:
        form = NeedOfferFormScreen(kind="offer", person_id=self.person_id)
        self.app.push_screen(form, lambda _: self.refresh_data())

    def action_plan_meetup(self) -> None:
        self.app.push_screen(MeetupFormScreen([self.person_id]), lambda _: self.refresh_data())

    def action_log(self) -> None:
        self.app.push_screen(InteractionFormScreen(self.person_id), lambda _: self.refresh_data())

    def action_delete(self) -> None:
        try:
            person = self.repo.delete_person(self.person_id)
        except (StoreError, NotFound) as error:
            self.app.notify(visible(str(error)), severity="error", markup=False)
            return
        self.app.notify(
            visible(
                _("Deleted {name}. Press u in People to undo.").format(name=person.display_name)
            ),
            markup=False,
        )
        self.dismiss()

    def palette_commands(self) -> Iterable[SystemCommand]:
        for title, help_text, action in (
            (_("Edit this person"), _("Name, role, channels... (e)"), self.action_edit),
            (_("Log an interaction"), _("What happened, when, where (l)"), self.action_log),
            (_("Add a need"), _("Something this person needs (n)"), self.action_add_need),
            (_("Add an offer"), _("How this person can help (o)"), self.action_add_offer),
            (_("Plan a meetup"), _("A coffee, a call... (m)"), self.action_plan_meetup),
            (_("Delete this person"), _("Undo with u in People (x)"), self.action_delete),
            (_("Back to the list"), "(escape)", self.action_back),
        ):
            yield SystemCommand(title, help_text, action)
