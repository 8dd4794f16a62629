"""The data-flow diagram: the zones and the step table as text, to scroll through in the terminal, while the
drawn diagram is written under the model folder's ``out/`` by ``exports.diagram`` (and opened when there is a
display to open it on); its path is shown above the text."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, LoadingIndicator, Static
from textual.worker import get_current_worker

from pia_toolkit.tui.context import unless_closed
from pia_toolkit.tui.diagram_text import diagram_text
from pia_toolkit.tui.exporters import open_in_viewer, render_diagram
from pia_toolkit.tui.screens.dialog import Dialog, closing

KEYS = closing("d")


class DiagramScreen(Dialog[None]):
    def __init__(self) -> None:
        super().__init__(KEYS)

    def compose(self) -> ComposeResult:
        texts = self.review.texts
        with self.box("diagram"):
            yield Static(Content(texts("diagram_working")), id="diagram-status")
            yield LoadingIndicator(id="diagram-loading")
            with VerticalScroll(id="diagram-scroll"):
                yield Static(diagram_text(self.review.checked, texts.lang), id="diagram-text")
        yield Footer(compact=True, show_command_palette=False)

    @unless_closed
    def on_mount(self) -> None:
        self.query_one("#diagram-scroll").focus()
        self.draw()

    @work(thread=True, exclusive=True)
    def draw(self) -> None:
        texts = self.review.texts
        try:
            path = render_diagram(self.review.checked, texts.lang)
        except Exception as error:  # Graphviz problems arrive as several error types; all are shown the same way
            message, severity = texts("diagram_failed", error=error), "error"
        else:
            message, severity = texts("diagram_done", path=path), "information"
            opened = open_in_viewer(path)
            message += "\n" + texts("diagram_opened" if opened else "diagram_no_display")
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._done, message, severity)

    def _done(self, message: str, severity: str) -> None:
        if not self.is_attached:
            return
        self.query_one("#diagram-loading").display = False
        status = self.query_one("#diagram-status", Static)
        status.update(Content(message))
        status.set_class(severity != "information", "warning")
