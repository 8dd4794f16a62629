"""All findings in one sortable table; Enter jumps to the form item the finding feeds."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from pia_toolkit.catalog.texts.visible import visible
from pia_toolkit.pia.findings import Finding
from pia_toolkit.pia.triage import status_label
from pia_toolkit.tui.context import InReviewApp, close_once, unless_closed
from pia_toolkit.tui.screens.review import bind_localised

SORTS = ("severity", "rule", "item", "status")
KEYS: list[tuple[str, str, str, bool, str | None]] = [
    ("s", "cycle_sort", "k_sort", True, None),
    ("r", "triage", "k_triage", True, None),
    ("y", "source", "k_source", True, None),
    ("escape", "close", "k_back", True, "esc"),
    ("q", "close", "k_back", False, None),
]
COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("severity", None),
    ("status", None),
    ("item", 24),
    ("message", 44),
    ("rule", None),
)
SEVERITY_VARIABLE = {4: "text-error", 3: "text-error", 2: "text-warning", 1: "text-primary"}


class FindingsScreen(InReviewApp, Screen[str | None]):
    """Dismissed with the item id to jump to, or None."""

    AUTO_FOCUS = "#findings-table"

    def __init__(self) -> None:
        super().__init__()
        bind_localised(self, KEYS, self.review.texts)
        self.sort = "severity"

    def compose(self) -> ComposeResult:
        yield Static(id="findings-title", classes="screen-title")
        yield DataTable(id="findings-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    @unless_closed
    def on_mount(self) -> None:
        texts = self.review.texts
        table = self.query_one(DataTable)
        # Enter is the table's own (hidden) binding; replaced by one that says what it does here.
        table._bindings.key_to_bindings.pop("enter", None)
        bind_localised(table, [("enter", "select_cursor", "k_jump", True, "⏎")], texts)
        for key, width in COLUMNS:
            label = texts("sort_" + key) if key in SORTS else texts(key)
            table.add_column(Text(label), key=key, width=width)
        self.fill()

    def _first_item(self, finding: Finding) -> str:
        items = self.review.checked.items_for(finding)
        return items[0] if items else ""

    def _status(self, finding: Finding) -> str:
        texts = self.review.texts
        if finding.triage is None:
            return texts("triage_open")
        return status_label(finding.triage.status, texts.lang)

    def _ordered(self) -> list[Finding]:
        findings = list(self.review.checked.report.findings)
        if self.sort == "rule":
            return sorted(findings, key=lambda f: f.id)
        if self.sort == "item":
            order = {item.id: i for i, item in enumerate(self.review.state.items)}
            return sorted(findings, key=lambda f: (order.get(self._first_item(f), 10**6), -f.severity, f.id))
        if self.sort == "status":
            return sorted(findings, key=lambda f: (not f.open, -f.severity, f.id))
        return sorted(findings, key=lambda f: (-f.severity, not f.open, f.id))

    def fill(self) -> None:
        texts, lang = self.review.texts, self.review.texts.lang
        table = self.query_one(DataTable)
        table.clear()
        colours = self.app.get_css_variables()
        findings = self._ordered()
        for finding in findings:
            colour = colours.get(SEVERITY_VARIABLE[int(finding.severity)], "")
            severity = Text(finding.severity.label(lang) + ("?" if finding.question else ""), style=f"bold {colour}")
            item = self._first_item(finding)
            if item:
                form_item = self.review.state.item(item)
                item_text = f"{form_item.number} {form_item.text(lang)}".strip()
            else:
                item_text = "—"
            table.add_row(
                severity,
                Text(self._status(finding)),
                Text(item_text, no_wrap=True, overflow="ellipsis"),
                Text(visible(finding.text(lang), lines=False), no_wrap=True, overflow="ellipsis"),
                Text(visible(finding.id, lines=False)),
                key=finding.id,
            )
        self.query_one("#findings-title", Static).update(
            Content(
                f"{texts('findings_title', count=len(findings))}  ·  {texts('findings_sort', name=texts('sort_' + self.sort))}"
            )
        )

    def _current(self) -> Finding | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.review.checked.report.by_id(str(key))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key in SORTS:
            self.sort = key
            self.fill()

    def action_jump(self) -> None:
        finding = self._current()
        if finding is None:
            return
        item = self._first_item(finding)
        if not item:
            self.notify(self.review.texts("finding_no_item"), severity="warning")
            return
        close_once(self, item)

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.fill()

    def action_source(self) -> None:
        from pia_toolkit.tui.screens.source import SourceScreen

        finding = self._current()
        if finding is not None:
            self.app.push_screen(SourceScreen([finding]))

    def action_triage(self) -> None:
        from pia_toolkit.tui.screens.triage import TriageScreen

        finding = self._current()
        if finding is not None:
            self.app.push_screen(TriageScreen([finding]), self._triaged)

    def _triaged(self, finding_id: str | None) -> None:
        if finding_id:
            table = self.query_one(DataTable)
            row = table.cursor_row
            self.fill()
            table.move_cursor(row=row)

    def action_close(self) -> None:
        close_once(self, None)
