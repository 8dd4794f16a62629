"""Export from the app: the assessment PDF (in a worker, with a loading indicator) and a JSON dump."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, LoadingIndicator, Static
from textual.worker import get_current_worker

from pia_toolkit.tui.context import InReviewApp
from pia_toolkit.tui.exporters import ExportMissing, export_pdf, pdf_available, write_assessment_json
from pia_toolkit.tui.screens.review import bind_localised

KEYS: list[tuple[str, str, str, bool, str | None]] = [
    ("p", "pdf", "k_pdf", True, None),
    ("j", "json", "k_json", True, None),
    ("escape", "close", "k_back", True, "esc"),
    ("q,x", "close", "k_back", False, None),
]


class ExportScreen(InReviewApp, ModalScreen[Path | None]):
    """Dismissed with the last file written (or None)."""

    def __init__(self) -> None:
        super().__init__(id="export")
        bind_localised(self, KEYS, self.review.s)
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        s = self.review.s
        with Vertical(id="export-box", classes="dialog") as box:
            box.border_title = s("export_title")
            with Horizontal(id="export-buttons"):
                yield Button(Content(f"[p] {s('export_pdf')}"), id="export-pdf", disabled=not pdf_available())
                yield Button(Content(f"[j] {s('export_json')}"), id="export-json")
            if not pdf_available():
                yield Static(Content(s("pdf_missing")), classes="muted")
            loading = LoadingIndicator(id="export-loading")
            loading.display = False
            yield loading
            yield Static(id="export-status")
        yield Footer(compact=True, show_command_palette=False)

    def _status(self, message: str, warning: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(Content(message))
        status.set_class(warning, "warning")

    @on(Button.Pressed, "#export-json")
    def action_json(self) -> None:
        s = self.review.s
        try:
            path = write_assessment_json(self.review.session, s.lang)
        except OSError as error:
            self._status(s("export_failed", error=error), warning=True)
            return
        self.written = path
        self._status(s("export_done", path=path))
        self.notify(s("export_done", path=path), markup=False)

    @on(Button.Pressed, "#export-pdf")
    def action_pdf(self) -> None:
        if not pdf_available():
            self._status(self.review.s("pdf_missing"), warning=True)
            return
        self.query_one("#export-loading").display = True
        self._status(self.review.s("export_working"))
        self.make_pdf()

    @work(thread=True, exclusive=True, group="pdf")
    def make_pdf(self) -> None:
        s = self.review.s
        try:
            path: Path | None = export_pdf(self.review.session, s.lang, progress=self._stage_from_thread)
            message, warning = s("export_done", path=path), False
        except ExportMissing:
            path, message, warning = None, s("pdf_missing"), True
        except Exception as error:  # reportlab and font problems: show them, keep the app running
            path, message, warning = None, s("export_failed", error=error), True
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._pdf_done, path, message, warning)

    def _stage_from_thread(self, stage: str) -> None:
        self.app.call_from_thread(self._status, f"{self.review.s('export_working')} ({stage})")

    def _pdf_done(self, path: Path | None, message: str, warning: bool) -> None:
        self.query_one("#export-loading").display = False
        self._status(message, warning)
        if path is not None:
            self.written = path
            self.notify(message, markup=False)

    def action_close(self) -> None:
        self.dismiss(self.written)
