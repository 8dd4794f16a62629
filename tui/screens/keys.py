"""Every key of the review screen with what it does, in the app's language (the footer cannot hold them all)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer

from pia_toolkit.tui.context import InReviewApp
from pia_toolkit.tui.screens.review import KEYS, bind_localised

CLOSE: list[tuple[str, str, str, bool, str | None]] = [
    ("escape", "close", "k_back", True, "esc"),
    ("q,question_mark", "close", "k_back", False, None),
]
EDITING: list[tuple[str, str]] = [
    ("Enter", "help_commit"),
    ("Tab / Shift+Tab", "help_next_field"),
    ("Ctrl+N", "help_add_row"),
]
SHOWN_KEY = {"slash": "/", "question_mark": "?", "escape": "Esc", "ctrl+s": "Ctrl+S"}


class KeysScreen(InReviewApp, ModalScreen[None]):
    def __init__(self) -> None:
        super().__init__(id="keys")
        bind_localised(self, CLOSE, self.review.texts)

    def compose(self) -> ComposeResult:
        texts = self.review.texts
        with VerticalScroll(id="keys-box", classes="dialog") as box:
            box.border_title = texts("keys_title")
            yield DataTable(id="keys-table", show_header=False, cursor_type="none", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        texts = self.review.texts
        table = self.query_one(DataTable)
        table.add_columns("key", "action")
        grouped: dict[str, list[str]] = {}
        for key, action, _text, _show, _display in KEYS:
            grouped.setdefault(action, []).append(SHOWN_KEY.get(key, key))
        for action, keys in grouped.items():
            name = action.replace("('", "_").replace("')", "")  # verdict('adequate') → verdict_adequate
            table.add_row(Text(" / ".join(keys), style="bold"), Text(texts(f"help_{name}")))
        for shown, text in EDITING:
            table.add_row(Text(shown, style="bold"), Text(texts(text)))

    def action_close(self) -> None:
        self.dismiss(None)
