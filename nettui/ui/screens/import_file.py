"""Import contacts from a file, with a progress bar, without leaving the app."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, ProgressBar, Static

from nettui.domain.text import visible
from nettui.i18n import _
from nettui.store.errors import StoreError, os_reason
from nettui.store.importing import ImportError_, ImportReport, import_file
from nettui.ui.screens.form import FormScreen
from nettui.ui.widgets.fields import Field
from nettui.ui.widgets.key_footer import KeyFooter


class ImportScreen(FormScreen[ImportReport | None]):
    """A file path, a dry-run box, then the import runs in a worker with progress."""

    LAST_FIELD_ID = "path"

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
            with Horizontal(classes="row"):
                yield Label("")
                yield Checkbox(_("Only show what would happen (dry run)"), id="dry", compact=True)
            yield ProgressBar(total=3, show_eta=False, id="progress")
            yield Static("", id="result", markup=False)
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(_("enter imports · esc closes"), classes="muted")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#path", Input))

    def save(self) -> None:
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
        self._run(path, blob, self.query_one("#dry", Checkbox).value)

    @work(thread=True, exclusive=True, group="import")
    def _run(self, path: Path, blob: bytes, dry_run: bool) -> None:
        def progress(what: str, done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, what, done, total)

        try:
            report = import_file(self.app.repo, path, blob, "auto", dry_run, progress)  # type: ignore[attr-defined]
        except (ImportError_, StoreError) as problem:
            self.app.call_from_thread(self._failed, str(problem))
            return
        self.app.call_from_thread(self._done, report)

    def _progress(self, what: str, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.query_one("#result", Static).update(visible(f"{what}…"))

    def _failed(self, message: str) -> None:
        self.query_one("#form-error", Static).update(visible(message))

    def _done(self, report: ImportReport) -> None:
        lines = [report.summary]
        if report.kept_in_notes:
            lines.append(
                _("{n} had fields kept in the notes, labelled.").format(n=report.kept_in_notes)
            )
        lines += [_("skipped: {problem}").format(problem=p) for p in report.problems[:5]]
        if len(report.problems) > 5:
            lines.append(_("… and {n} more skipped").format(n=len(report.problems) - 5))
        self.query_one("#result", Static).update(visible("\n".join(lines)))
        if not report.dry_run:
            self.app.notify(visible(report.summary), markup=False)
