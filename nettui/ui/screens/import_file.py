"""Import contacts from a file, with a progress bar, without leaving the app."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, ProgressBar, Static

from nettui.domain.text import one_line, visible
from nettui.i18n import N_, _, ngettext
from nettui.store.errors import StoreError, os_reason
from nettui.store.importing import ImportError_, ImportReport, import_file
from nettui.ui.keys import form_keys
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field
from nettui.ui.widgets.key_footer import KeyFooter


class ImportScreen(FormScreen[ImportReport | None]):
    """A file path; enter shows what importing it would do (a dry run, nothing
    written), a second enter imports it. Both run in a worker, with progress: the dry
    run in its own (it writes nothing), the import in the app's save lane, so that it
    never interleaves with another save (nettui/ui/saving.py)."""

    LAST_FIELD_ID = "path"
    # ctrl+s does what enter does here: the footer must not promise a "Save".
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Dry run, then import"), priority=True, id="form.save"),
    ]

    DEFAULT_CSS = """
    ImportScreen .row Label { width: 8; }
    ImportScreen ProgressBar { padding: 0 0 0 9; }
    ImportScreen #result { height: auto; max-height: 12; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Import contacts"), classes="title")
            with Horizontal(classes="row"):
                yield Label(_("File"))
                yield Field(
                    placeholder=_("~/contacts.vcf, connections.csv (Google, LinkedIn, Outlook)"),
                    id="path",
                    compact=True,
                )
            yield ProgressBar(total=3, show_eta=False, id="progress")
            yield Static("", id="result", markup=False)
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(self._hint(), id="hint", classes="muted")
        yield KeyFooter()

    def __init__(self) -> None:
        super().__init__()
        # The file whose dry run is on screen: a second enter on it imports it.
        self._previewed: str | None = None
        self._reading = False

    def on_mount(self) -> None:
        super().on_mount()
        self.set_focus(self.query_one("#path", Input))

    def _hint(self) -> str:
        keys = form_keys(self.app)
        if self._previewed is None:
            return _(
                "{enter} shows what importing would do (nothing is written) · {cancel} closes"
            ).format(**keys)
        return _("nothing written yet: {enter} imports it · {cancel} closes").format(**keys)

    def save(self) -> None:
        if self._reading:
            return  # enter again while a file is read: once is enough
        text = self.query_one("#path", Input).value.strip()
        path = Path(text).expanduser()
        error = self.query_one("#form-error", Static)
        try:
            blob = path.read_bytes()
        except OSError as problem:
            said = _("Cannot read {path}: {reason}.").format(path=path, reason=os_reason(problem))
            error.update(visible(said))
            return
        error.update("")
        # Enter first shows what would happen; enter again, on the same file, does it.
        dry_run = self._previewed != text
        self._previewed = text if dry_run else None
        self._reading = True
        if dry_run:
            self._try(path, blob)
        else:
            repo = self.repo
            self.nettui.save(
                lambda: import_file(repo, path, blob, "auto", False, self._progress_from_thread),
                self._done,
                lambda problem: self._failed(str(problem)),
                errors=(ImportError_,),
                in_worker=True,
            )

    @work(thread=True, exclusive=True, group="import")
    def _try(self, path: Path, blob: bytes) -> None:
        try:
            report = import_file(self.repo, path, blob, "auto", True, self._progress_from_thread)
        except (ImportError_, StoreError) as problem:
            self.app.call_from_thread(self._failed, str(problem))
            return
        self.app.call_from_thread(self._done, report)

    def _progress_from_thread(self, what: str, done: int, total: int) -> None:
        self.app.call_from_thread(self._progress, what, done, total)

    def _progress(self, what: str, done: int, total: int) -> None:
        if not self.is_attached:
            return  # closed with escape while the file was read
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one("#result", Static).update(visible(f"{what}…"))

    def _failed(self, message: str) -> None:
        self._reading, self._previewed = False, None
        if not self.is_attached:
            self.app.notify(visible(message), severity="error", markup=False)
            return
        self.query_one("#form-error", Static).update(visible(message))
        self.query_one("#hint", Static).update(self._hint())

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        if self._previewed is not None and not self._reading:
            self._previewed = None  # another file: enter shows what it would do first
            self.query_one("#hint", Static).update(self._hint())

    def _done(self, report: ImportReport) -> None:
        self._reading = False
        if not self.is_attached:
            if not report.dry_run:  # the import went on after escape: it is said anyway
                self.app.notify(visible(report.summary), markup=False)
            return
        lines = [report.counts]  # the file's name is in the field above
        if report.cut_values:
            lines.append(report.cut_values)
        lines += _first_few(report.card_problems, _("kept in the notes: {what}"))
        lines += _first_few(report.problems, _("skipped: {what}"))
        lines += _first_few(report.joined, _("one person from several cards: {what}"))
        if report.dry_run:
            names = [*report.new_names, *report.merged_names]
            if names:
                shown = ", ".join(one_line(n) for n in names[:6])
                more = len(names) - 6
                if more > 0:
                    shown += " " + ngettext("and {n} more", "and {n} more", more).format(n=more)
                lines.append(_("new or with new details: {names}").format(names=shown))
        else:
            self._previewed = None
        # Line by line: visible() turns a line break into a symbol (␊), as it should
        # inside a name, but these are lines of their own.
        self.query_one("#result", Static).update("\n".join(visible(line) for line in lines))
        self.query_one("#hint", Static).update(self._hint())
        if not report.dry_run:
            self.app.notify(visible(report.summary), markup=False)


def _first_few(items: list[str], said: str, shown: int = 5) -> list[str]:
    """The first `shown` of a list as lines, and how many more there are."""
    lines = [said.format(what=item) for item in items[:shown]]
    if len(items) > shown:
        more = len(items) - shown
        lines.append(ngettext("… and {n} more", "… and {n} more", more).format(n=more))
    return lines
