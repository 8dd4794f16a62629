"""Export from the app: the assessment PDF (in a worker, with a loading indicator) and a JSON dump."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Footer, LoadingIndicator, Static

from pia_toolkit.tui.context import close_once
from pia_toolkit.tui.exporters import export_pdf, write_assessment_json
from pia_toolkit.tui.screens.dialog import Dialog, KeySpec, closing

KEYS: list[KeySpec] = [
    ("p", "pdf", "k_pdf", True, None),
    ("j", "json", "k_json", True, None),
    *closing("x"),
]


class ExportScreen(Dialog[Path | None]):
    """Dismissed with the last file written (or None)."""

    def __init__(self) -> None:
        super().__init__(KEYS)
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        texts = self.review.texts
        with self.box("export"):
            with Horizontal(id="export-buttons"):
                yield Button(Content(f"[p] {texts('export_pdf')}"), id="export-pdf")
                yield Button(Content(f"[j] {texts('export_json')}"), id="export-json")
            loading = LoadingIndicator(id="export-loading")
            loading.display = False
            yield loading
            yield Static(id="export-status")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def _dialog_closed(self) -> bool:
        return self not in self.app.screen_stack

    def _status(self, message: str, warning: bool = False) -> None:
        if self._dialog_closed:  # the PDF is still being made after the dialog was closed
            return
        status = self.query_one("#export-status", Static)
        status.update(Content(message))
        status.set_class(warning, "warning")

    @on(Button.Pressed, "#export-json")
    def action_json(self) -> None:
        texts = self.review.texts
        try:
            path = write_assessment_json(self.review.checked, texts.lang)
        except OSError as error:
            self._status(texts("export_failed", error=error), warning=True)
            return
        self.written = path
        self._status(texts("export_done", path=path))
        self.notify(texts("export_done", path=path), markup=False)

    @on(Button.Pressed, "#export-pdf")
    def action_pdf(self) -> None:
        self.query_one("#export-loading").display = True
        self._status(self.review.texts("export_working"))
        self.make_pdf()

    @work(thread=True, exclusive=True, group="pdf")
    def make_pdf(self) -> None:
        # The app as it was when asked: the dialog may be closed before the PDF is done, and a closed dialog
        # (its workers cancelled) no longer reaches the app from this thread.
        app, texts = self.review, self.review.texts
        working = texts("export_working")

        def stage(name: str) -> None:
            app.call_from_thread(self._status, f"{working} ({name})")

        try:
            path: Path | None = export_pdf(app.checked, texts.lang, progress=stage)
            message, warning = texts("export_done", path=path), False
        except Exception as error:  # reportlab and font problems: show them, keep the app running
            path, message, warning = None, texts("export_failed", error=error), True
        # Said even when the dialog was closed meanwhile (which cancels its workers): the file is written.
        if app.is_running:
            app.call_from_thread(self._pdf_done, path, message, warning)

    def _pdf_done(self, path: Path | None, message: str, warning: bool) -> None:
        if self._dialog_closed:  # closed while the PDF was being made: still say where it went, or why it did not
            self.review.notify(message, severity="warning" if warning else "information", markup=False)
            return
        self.query_one("#export-loading").display = False
        self._status(message, warning)
        if path is not None:
            self.written = path
            self.notify(message, markup=False)

    def action_close(self) -> None:
        close_once(self, self.written)
