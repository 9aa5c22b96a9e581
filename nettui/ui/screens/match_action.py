"""What to do about a match: introduce (asked both, both said yes, introduced, one
declined), offer or ask for help, record that it helped, or dismiss the pair for good."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from nettui.domain.labels import label
from nettui.domain.matching import (
    KIND_INTRODUCE,
    KIND_THEY_CAN_HELP,
    KIND_TITLES,
    KIND_YOU_CAN_HELP,
    STRENGTH_LABELS,
    Match,
    strength_of,
)
from nettui.domain.models import ME, IntroductionStatus
from nettui.domain.text import one_line
from nettui.i18n import N_, _
from nettui.ui.keys import key_text
from nettui.ui.translation import translate_bindings
from nettui.ui.widgets.key_list import KeyList


@dataclass(frozen=True)
class MatchAction:
    """The user's choice: a status for the introduction, and maybe close the need."""

    status: str  # an IntroductionStatus, or open:<person id>
    close_need: bool = False


class MatchActionScreen(ModalScreen[MatchAction | None]):
    BINDINGS = [Binding("escape,ctrl+g", "cancel", N_("Cancel"), id="match.cancel")]

    DEFAULT_CSS = """
    MatchActionScreen { align: center middle; }
    MatchActionScreen > Vertical {
        width: 100%; max-width: 90; height: auto; max-height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    MatchActionScreen OptionList { height: auto; max-height: 12; }
    """

    def __init__(self, match: Match, needer: str, offerer: str, status: str | None) -> None:
        super().__init__()
        translate_bindings(self)
        self.match = match
        self.needer = needer
        self.offerer = offerer
        self.status = status

    def compose(self) -> ComposeResult:
        match = self.match
        details = Text()
        # How strong, in words: a cosine means nothing to a person ("0.27").
        strength = _(STRENGTH_LABELS[strength_of(match.score)])
        said = _("{strength} match").format(strength=strength)
        details.append(f"{_(KIND_TITLES[match.kind])} · {said}", style="bold")
        if self.status:
            details.append(
                " · " + _("already {status}").format(status=label(self.status)), style="italic"
            )
        # "I need" and "I offer" are said apart: Spanish conjugates ("necesito").
        needs = (
            _("I need:")
            if match.need.person_id == ME
            else _("{name} needs:").format(name=one_line(self.needer))
        )
        offers = (
            _("I offer:")
            if match.offer.person_id == ME
            else _("{name} offers:").format(name=one_line(self.offerer))
        )
        details.append(f"\n{needs} ", style="dim")
        details.append(one_line(match.need.text))
        details.append(f"\n{offers} ", style="dim")
        details.append(one_line(match.offer.text))
        details.append("\n" + _("why:") + " ", style="dim")
        details.append(one_line(", ".join(match.why)))
        first = {
            KIND_INTRODUCE: _("Introduce {offerer} to {needer}"),
            KIND_YOU_CAN_HELP: _("I offered {needer} my help"),
            KIND_THEY_CAN_HELP: _("I asked {offerer} for help"),
        }[match.kind].format(offerer=self.offerer, needer=self.needer)
        options = [Option(one_line(first), id=IntroductionStatus.INTRODUCED)]
        if match.kind == KIND_INTRODUCE:
            # Double opt-in: each is asked first, and either may say no. After the first
            # option, which enter enter has always chosen.
            options += [
                Option(_("I asked both whether they would like to meet"), id="asked"),
                Option(_("Both said yes"), id="accepted"),
                Option(_("One of them declined"), id="declined"),
            ]
        options += [
            Option(_("It helped"), id="helped"),
            Option(_("It helped: mark the need done"), id="helped+done"),
            Option(_("Dismiss: never show this pair again"), id="dismissed"),
        ]
        for person_id, name in (
            (match.need.person_id, self.needer),
            (match.offer.person_id, self.offerer),
        ):
            if person_id != "me":
                said = _("Open the page of {name}").format(name=name)
                options.append(Option(one_line(said), id=f"open:{person_id}"))
        with Vertical():
            yield Static(details)
            yield KeyList(*options, id="actions")
            yield Static(
                _("{enter} chooses · {cancel} cancels").format(
                    enter="enter",  # the list's own key (Textual's)
                    cancel=key_text(self.app, "match.cancel"),
                ),
                classes="muted",
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one(OptionList))

    @on(OptionList.OptionSelected, "#actions")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        if choice == "helped+done":
            self.dismiss(MatchAction(IntroductionStatus.HELPED, close_need=True))
        else:
            self.dismiss(MatchAction(choice))

    def action_cancel(self) -> None:
        self.dismiss(None)
