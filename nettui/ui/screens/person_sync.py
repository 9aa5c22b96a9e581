"""A person's page, the sync's part: "removed from your address book" and the open
sync conflicts (field, nettui's value, the other side's), with the keys that answer
them as `nettui sync keep` and `nettui sync pick` do (SyncStore.keep_card,
settle_conflict). Shown only when there is something to answer."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text

from nettui.domain.labels import label
from nettui.domain.text import clip, one_line, visible
from nettui.i18n import _
from nettui.ui.context import AppContext
from nettui.ui.keys import key_text

SHOWN_VALUE = 56  # ours and theirs each on a line of their own, within 80 columns


def shown_value(value: Any) -> str:
    """A field's value as one short line: text as it is, a list joined, typed values
    by their value; the rest as compact JSON."""
    if value in (None, "", [], {}):
        return _("(empty)")
    if isinstance(value, list):
        items = [i.get("value", i) if isinstance(i, dict) else i for i in value]
        text = ", ".join(
            i if isinstance(i, str) else json.dumps(i, ensure_ascii=False) for i in items
        )
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return clip(one_line(text), SHOWN_VALUE)


def sync_lines(
    page: Text, removed: bool, conflicts: list[dict[str, Any]], keys: dict[str, str]
) -> None:
    """Add the sync's lines to a person's page (nothing when there is nothing to say).
    `keys`: the keys of person.keep_card, person.take_theirs, person.keep_ours, person.delete."""
    if removed:
        page.append(
            "  " + _("Removed from your address book; kept here: they hold more.") + "\n",
            style="bold reverse",
        )
        said = _("{keep} puts their card back · {delete} deletes them").format(
            keep=keys["keep_card"], delete=keys["delete"]
        )
        page.append(f"  {said}\n", style="dim")
    if not conflicts:
        return
    page.append("\n" + _("Sync conflicts") + "\n", style="bold underline")
    said = _("{theirs} takes theirs · {ours} keeps ours (the first, ▸)").format(
        theirs=keys["take_theirs"], ours=keys["keep_ours"]
    )
    page.append(f"  {said}\n", style="dim")
    for n, conflict in enumerate(conflicts):
        page.append(
            ("  ▸ " if n == 0 else "    ")
            + visible(label(conflict["field"]).replace("_", " "))
            + "\n",
            style="bold" if n == 0 else "",
        )
        for title, value in (
            (_("ours (kept)"), conflict["ours"]),
            (_("theirs"), conflict["theirs"]),
        ):
            # As the page's rows: the values in their column, a space after the longest.
            page.append(f"  {title:<15} ", style="dim")
            page.append(shown_value(value) + "\n")
    page.append("\n")  # apart from the page's rows below


class PersonSyncActions(AppContext):
    """The page's sync keys (PersonPage's bindings person.keep_card, take_theirs,
    keep_ours): each a save through the app's lane, then the page shows the result."""

    person_id: str

    def refresh_data(self) -> None:
        raise NotImplementedError

    def sync_keys(self) -> dict[str, str]:
        app = self.nettui
        return {
            name: key_text(app, f"person.{name}")
            for name in ("keep_card", "take_theirs", "keep_ours", "delete")
        }

    def sync_action_allowed(self, action: str) -> bool | None:
        """For check_action: a sync key acts only when there is something to answer."""
        if action == "keep_card":
            return True if self.repo.removed_elsewhere(self.person_id) else None
        if action in ("take_theirs", "keep_ours"):
            return True if self.repo.conflicts_of(self.person_id) else None
        return True

    def action_keep_card(self) -> None:
        repo, person_id = self.repo, self.person_id
        self.nettui.save(lambda: repo.keep_card(person_id), self._card_kept)

    def _card_kept(self, kept: bool) -> None:
        self.refresh_data()
        if kept:
            self.nettui.notify(
                _("Their card goes back to your address book at the next sync."), markup=False
            )

    def action_take_theirs(self) -> None:
        self._settle("theirs")

    def action_keep_ours(self) -> None:
        self._settle("ours")

    def _settle(self, side: str) -> None:
        conflicts = self.repo.conflicts_of(self.person_id)
        if not conflicts:
            return
        repo, conflict = self.repo, conflicts[0]
        self.nettui.save(
            lambda: repo.settle_conflict(conflict["id"], side),
            lambda _: self._settled(conflict, side),
        )

    def _settled(self, conflict: dict[str, Any], side: str) -> None:
        self.refresh_data()
        said = _("Settled: {field} keeps {value}.").format(
            field=label(conflict["field"]).replace("_", " "), value=shown_value(conflict[side])
        )
        self.nettui.notify(visible(said), markup=False)
