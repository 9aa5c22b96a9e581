"""An OptionList that also answers to the list keys of the keymap (j/k, g/G)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from nettui.domain.models import Person
from nettui.domain.text import one_line
from nettui.ui.translation import translate_bindings
from nettui.ui.widgets.list_keys import LIST_BINDINGS


class KeyList(OptionList):
    # The list keys of People and Needs & offers: OptionList's own actions by the names.
    BINDINGS = [*LIST_BINDINGS]

    def __init__(self, *options: Option, id: str | None = None) -> None:
        super().__init__(*options, id=id)
        translate_bindings(self)

    def replace(self, options: list[Option]) -> None:
        """Show these options, keeping the highlight on the same id when it is still
        there, else on the first option that can be chosen."""
        keep = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        self.add_options(options)
        ids = [o.id for o in options]
        if keep is not None and keep in ids:
            self.highlighted = ids.index(keep)
        else:
            self.highlighted = next((n for n, o in enumerate(options) if not o.disabled), None)

    def highlight_id(self, option_id: str) -> None:
        """Put the highlight on this option, if it is there."""
        ids = [o.id for o in self.options]
        if option_id in ids:
            self.highlighted = ids.index(option_id)

    # OptionList goes round from the last option to the first; our other lists stop
    # at the ends, and going round, a quick j j j opened the first event for the last.
    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        options = self.options
        at = self.highlighted
        if at is None:
            self.highlighted = next((n for n, o in enumerate(options) if not o.disabled), None)
            return
        at += step
        while 0 <= at < len(options):
            if not options[at].disabled:
                self.highlighted = at
                return
            at += step


def person_choices(people: Iterable[Person]) -> list[Option]:
    """People of one name to pick from, each with what tells them apart (what they do,
    where), in a steady order: what the store gives may vary from run to run."""
    options = []
    for person in sorted(people, key=lambda p: (p.role, p.company, p.location, p.id)):
        prompt = Text(one_line(person.display_name), style="bold")
        does = ", ".join(x for x in (person.role, person.company, person.location) if x)
        if does:
            prompt.append("  " + one_line(does), style="dim")
        options.append(Option(prompt, id=person.id))
    return options
