"""A person's page as text: who they are, how to reach them, needs, offers,
introductions, meetups and their history. PersonPage (ui/screens/person.py) lays it out
and draws it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rich.text import Text

from nettui.domain.card_text import address_note, describe_partial_date, values_with_notes
from nettui.domain.dates import describe_cadence, local_now, next_due
from nettui.domain.labels import item_status, label
from nettui.domain.models import (
    Channel,
    Interaction,
    Introduction,
    Meetup,
    NeedOffer,
    Person,
)
from nettui.domain.text import clip, one_line, visible
from nettui.i18n import N_, _, ngettext


def _when(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def person_page(
    person: Person,
    needs_offers: list[NeedOffer],
    meetups: list[Meetup],
    interactions: list[Interaction],
    introductions: Sequence[tuple[Introduction, NeedOffer, NeedOffer, str]] = (),
    edit_key: str = "e",
    sync_part: Text | None = None,
) -> Text:
    """The whole page as one Text: plain strings only, so no markup in a name can act.
    `edit_key`: the key of person.edit, as the keymap has it; `sync_part`: what the sync
    asks of the user (person_sync.py), near the top, where 24 rows show it."""
    page = Text()

    def section(title: str) -> None:
        page.append(f"\n{title}\n", style="bold underline")

    def row(title: str, value: str) -> None:
        if value:
            page.append(f"  {title:<16}", style="dim")
            page.append(one_line(value) + "\n")

    # Cut: a 5,000-character name stored long ago must not fill the screen.
    page.append(one_line(clip(person.display_name)) + "\n", style="bold")
    if person.needs_real_name:
        # Two short lines: one long line wrapped to column 0 at 80 columns in Spanish.
        for line in (
            _("Only a handle so far: who is this person?"),
            _("Press {key} to add a real name.").format(key=edit_key),
        ):
            page.append(f"  {line}\n", style="bold reverse")
    if sync_part:
        page.append_text(sync_part)
    does = ", ".join(x for x in (person.role, person.company) if x)
    row(_("nickname"), person.nickname)
    row(_("does"), does)
    row(_("department"), ", ".join(person.departments))
    for title in person.other_titles:
        row(_("also"), title)
    for organisation in person.other_organisations:
        row(_("also at"), ", ".join([organisation.name, *organisation.units]))
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
    today = local_now().date()
    if person.birthday:
        row(_("birthday"), describe_partial_date(person.birthday, "birthday", today))
    if person.anniversary:
        row(_("anniversary"), describe_partial_date(person.anniversary, "anniversary", today))

    section(_("Channels"))
    channels = [(str(h), "") for h in person.handles]
    for which in ("emails", "phones", "urls"):
        channels += values_with_notes(person, which)
    for value, note in channels:
        page.append(f"  {one_line(value)}")
        page.append(f"  {one_line(note)}\n" if note else "\n", style="dim")
    if not channels and not person.addresses:  # an address is a way to reach them
        page.append("  " + _("none yet") + "\n")
    for address in person.addresses:
        page.append(f"  {one_line(address.one_line())}")
        note = address_note(address)
        page.append(f"  {one_line(note)}\n" if note else "\n", style="dim")
    if person.photo:
        row(_("photo"), person.photo)
    if person.kept_properties:
        count = len(person.kept_properties)
        page.append(
            "  "
            + ngettext("{n} more vCard field kept", "{n} more vCard fields kept", count).format(
                n=count
            )
            + "\n",
            style="dim",
        )

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
            page.append(f"  [{item_status(item.status)}] ", style="dim")
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
        if meetup.photo:  # issue 24: the photo itself is beside the page
            page.append(" · " + _("photo together"), style="dim")
        page.append("\n")
    if not meetups:
        page.append("  " + _("none yet: a coffee turns bits into a person") + "\n", style="dim")

    section(_("Interactions (l logs one)"))
    for interaction in interactions:
        where = label(Channel.IN_PERSON if interaction.in_person else interaction.channel)
        page.append(f"  {_when(interaction.at)}  {where:<12} ", style="dim")
        page.append(one_line(interaction.summary) + "\n")
    if not interactions:
        page.append("  " + _("none logged yet") + "\n", style="dim")
    return page
