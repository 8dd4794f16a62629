"""Every key of the review screen with what it does, and what the marks in the list mean (the footer cannot
hold them all). Rows wrap at the dialog's width, so nothing is cut at 80 columns."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Static

from pia_toolkit.tui.context import unless_closed
from pia_toolkit.tui.screens.dialog import Dialog, closing
from pia_toolkit.tui.screens.review import KEYS

CLOSE = closing("question_mark")
EDITING: list[tuple[str, str]] = [
    ("Enter", "help_commit"),
    ("Tab / Shift+Tab", "help_next_field"),
    ("Ctrl+N", "help_add_row"),
]
SHOWN_KEY = {"slash": "/", "question_mark": "?", "escape": "Esc", "ctrl+s": "Ctrl+S"}
LEGEND: list[tuple[str, str]] = [
    ("✓", "legend_answered"),
    ("·", "legend_unanswered"),
    ("※", "legend_significant"),
    ("⚠", "legend_finding"),
    ("", "legend_verdicts"),  # the marks themselves are texts (妥 改 修 / A I C)
    ("2/7 判0 ⚠1", "legend_section"),
]


def key_rows(texts: object) -> list[tuple[str, str]]:
    """(keys, what they do) for the review screen, one row per action, in the footer's order."""
    grouped: dict[str, list[str]] = {}
    for key, action, _text, _show, _display in KEYS:
        grouped.setdefault(action, []).append(SHOWN_KEY.get(key, key))
    rows = []
    for action, keys in grouped.items():
        name = action.replace("('", "_").replace("')", "")  # verdict('adequate') → verdict_adequate
        rows.append((" / ".join(keys), texts(f"help_{name}")))  # type: ignore[operator]
    return rows


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table(box=None, show_header=False, expand=True, padding=(0, 1), pad_edge=False)
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1, overflow="fold")
    for shown, text in rows:
        table.add_row(Text(shown), Text(text))
    return table


class KeysScreen(Dialog[None]):
    def __init__(self) -> None:
        super().__init__(CLOSE)

    def compose(self) -> ComposeResult:
        texts = self.review.texts
        verdicts = " ".join(texts(f"mark_{v}").strip() for v in ("adequate", "needs_improvement", "needs_correction"))
        legend = [(shown or verdicts, texts(key)) for shown, key in LEGEND]
        with self.box("keys", scrolls=True):
            yield Static(_table(key_rows(texts)), id="keys-table")
            yield Static(Content(texts("editing_title")), classes="heading")
            yield Static(_table([(shown, texts(key)) for shown, key in EDITING]), id="keys-editing")
            yield Static(Content(texts("legend_title")), classes="heading")
            yield Static(_table(legend), id="keys-legend")
        yield Footer(compact=True, show_command_palette=False)

    @unless_closed
    def on_mount(self) -> None:
        self.query_one("#keys-box").focus()
