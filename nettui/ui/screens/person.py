"""A person's page: who they are, how to reach them, needs, offers, meetups, timeline."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from nettui.domain.dates import describe_cadence, next_due
from nettui.domain.models import Interaction, Introduction, Meetup, NeedOffer, Person
from nettui.domain.text import one_line, visible
from nettui.store.errors import NotFound, StoreError
from nettui.ui.screens.base import StoreScreen
from nettui.ui.screens.interaction_form import InteractionFormScreen
from nettui.ui.screens.meetup_form import MeetupFormScreen
from nettui.ui.screens.need_offer_form import NeedOfferFormScreen
from nettui.ui.screens.person_form import PersonFormScreen
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

    def row(label: str, value: str) -> None:
        if value:
            page.append(f"  {label:<14}", style="dim")
            page.append(one_line(value) + "\n")

    page.append(one_line(person.display_name) + "\n", style="bold")
    if person.needs_real_name:
        page.append(
            "  Only a handle so far: who is this person? Press e to add a real name.\n",
            style="bold reverse",
        )
    does = ", ".join(x for x in (person.role, person.company) if x)
    row("does", does)
    row("location", person.location)
    if person.met:
        row("met in person", f"{person.met_in_person}")
    else:
        page.append(f"  {'met in person':<14}", style="dim")
        page.append("not yet: online only\n", style="italic")
    row("last contact", person.last_contact or "")
    row("how we met", person.how_we_met)
    if person.cadence:
        last = person.last_contact or person.created[:10]
        due = next_due(person.cadence, date.fromisoformat(last))
        row("keep in touch", f"{describe_cadence(person.cadence)} (next by {due.isoformat()})")
    row("tags", ", ".join(person.tags))

    section("Channels")
    channels = [str(h) for h in person.handles] + person.emails + person.phones
    page.append("".join(f"  {one_line(c)}\n" for c in channels) or "  none yet\n")

    if person.goals or person.concerns or person.about:
        section("Who they are")
        row("about", person.about)
        for goal in person.goals:
            row("goal", goal)
        for concern in person.concerns:
            row("concern", concern)
    if person.notes:
        section("Notes")
        for line in person.notes.splitlines():
            page.append(f"  {visible(line)}\n")

    for kind, title in (("need", "Needs (n adds one)"), ("offer", "Offers (o adds one)")):
        section(title)
        items = [n for n in needs_offers if n.kind == kind]
        for item in items:
            page.append(f"  [{item.status}] ", style="dim")
            page.append(one_line(item.text) + "\n")
        if not items:
            page.append("  none recorded\n", style="dim")

    if introductions:
        section("Introductions")
        for intro, need, offer, other in introductions:
            mine = need.person_id == person.id
            page.append(f"  [{intro.status}] ", style="dim")
            if mine:
                page.append(one_line(f"{other} offers: {offer.text}") + "\n")
            else:
                page.append(one_line(f"{other} needs: {need.text}") + "\n")

    section("Meetups")
    for meetup in meetups:
        page.append(f"  {_when(meetup.start)}  {meetup.status:<9} ", style="dim")
        page.append(one_line(meetup.title))
        if meetup.place:
            page.append(f" · {one_line(meetup.place)}", style="dim")
        page.append("\n")
    if not meetups:
        page.append("  none yet: a coffee turns bits into a person\n", style="dim")

    section("Interactions (l logs one)")
    for item in interactions:
        where = "in person" if item.in_person else item.channel
        page.append(f"  {_when(item.at)}  {where:<10} ", style="dim")
        page.append(one_line(item.summary) + "\n")
    if not interactions:
        page.append("  none yet\n", style="dim")
    return page


class PersonScreen(StoreScreen):
    """One person (opened with enter from the People list)."""

    BINDINGS = [
        Binding("escape,ctrl+g", "back", "Back", id="person.back"),
        # Priority: the form opens as the key arrives, so text typed right after it in
        # one burst (a lagging ssh link) lands in the form.
        Binding("e", "edit", "Edit", priority=True, id="person.edit"),
        Binding("l", "log", "Log", priority=True, id="person.log"),
        Binding("n", "add_need", "Need", priority=True, id="person.need"),
        Binding("o", "add_offer", "Offer", priority=True, id="person.offer"),
        Binding("m", "plan_meetup", "Meet", priority=True, id="person.meet"),
        Binding("x", "delete", "Delete", show=False, id="person.delete"),
    ]

    def __init__(self, person_id: str) -> None:
        super().__init__()
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        yield ModeBar("people")
        with VerticalScroll(id="page"):
            yield Static(id="person")
        yield Footer()

    def on_mount(self) -> None:
        # StoreScreen.on_mount runs too (Textual calls the handlers of every class).
        self.query_one("#page").focus()

    def refresh_data(self) -> None:
        person = self.repo.person(self.person_id)
        if person is None:  # deleted by another session
            self.app.notify("This person was deleted in another session.", markup=False)
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
            visible(f"Deleted {person.display_name}. Press u in People to undo."), markup=False
        )
        self.dismiss()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Edit this person", "Name, role, channels... (e)", self.action_edit)
        yield SystemCommand("Log an interaction", "What happened, when, where (l)", self.action_log)
        yield SystemCommand("Add a need", "Something this person needs (n)", self.action_add_need)
        yield SystemCommand("Add an offer", "How this person can help (o)", self.action_add_offer)
        yield SystemCommand("Plan a meetup", "A coffee, a call... (m)", self.action_plan_meetup)
        yield SystemCommand("Delete this person", "Undo with u in People (x)", self.action_delete)
        yield SystemCommand("Back to the list", "(escape)", self.action_back)
