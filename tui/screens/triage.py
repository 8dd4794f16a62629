"""Triage a finding from the app: a decision (accepted, mitigated, false positive, in discussion) with why and
by whom, written to the triage file that ``pia check`` and ``pia review`` read (``<model>.triage.yaml``).

The same rules as the loader: a justification or a name of spaces only is no decision and is refused, with the
field named, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, Select, Static

from pia_toolkit.catalog.texts.visible import is_blank, visible
from pia_toolkit.pia.findings import Finding
from pia_toolkit.pia.triage import STATUSES, record_decision, status_label, triage_path
from pia_toolkit.tui.context import close_once, unless_closed
from pia_toolkit.tui.screens.dialog import Dialog, KeySpec, closing
from pia_toolkit.tui.widgets.steady import SteadySelect

KEYS: list[KeySpec] = [
    ("ctrl+s", "record", "k_record", True, "^s"),
    *closing(),
]


class TriageScreen(Dialog[str | None]):
    """Dismissed with the id of the finding decided on, or None."""

    last_by = ""
    """Who decided last in this run: offered again for the next decision."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__(KEYS)
        self.findings = sorted(findings, key=lambda f: (not f.open, -f.severity, f.id))

    def compose(self) -> ComposeResult:
        texts, lang = self.review.texts, self.review.texts.lang
        first = self.findings[0]
        with self.box("triage"):
            yield Label(Content(texts("triage_finding")), classes="field-label")
            if len(self.findings) > 1:
                yield SteadySelect(
                    [(Text(visible(f"{f.id}  {f.text(lang)}", lines=False)), f.id) for f in self.findings],
                    value=first.id,
                    allow_blank=False,
                    id="triage-finding",
                    compact=True,
                )
            yield Static(id="triage-about", classes="muted")
            yield Label(Content(texts("triage_status")), classes="field-label")
            yield SteadySelect(
                [(Text(status_label(s, lang)), s) for s in STATUSES],
                value=STATUSES[0],
                allow_blank=False,
                id="triage-status",
                compact=True,
            )
            yield Label(Content(texts("triage_justification")), classes="field-label")
            yield Input(id="triage-justification", compact=True)
            yield Label(Content(texts("triage_by")), classes="field-label")
            yield Input(TriageScreen.last_by, id="triage-by", compact=True)
            yield Label(Content(texts("triage_review_due")), classes="field-label")
            yield Input(id="triage-due", placeholder="YYYY-MM-DD", compact=True)
            yield Button(texts("triage_record"), id="triage-record", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    @unless_closed
    def on_mount(self) -> None:
        self._load(self.findings[0])
        self.query_one("#triage-status").focus()

    def _finding(self) -> Finding:
        chosen = self.query("#triage-finding")
        if chosen:
            value = self.query_one("#triage-finding", Select).value
            return next((f for f in self.findings if f.id == value), self.findings[0])
        return self.findings[0]

    def _load(self, finding: Finding) -> None:
        """Show the finding and, when it has one, its current decision in the fields."""
        texts, lang = self.review.texts, self.review.texts.lang
        about = [visible(finding.id, lines=False), visible(finding.text(lang))]
        decision = finding.triage or finding.expired_triage
        if decision is not None:
            about.append(
                texts(
                    "triage_current",
                    status=status_label(decision.status, lang),
                    why=visible(decision.justification),
                    by=visible(decision.by, lines=False),
                    date=decision.date,
                )
            )
            if decision.status in STATUSES:
                self.query_one("#triage-status", Select).value = decision.status
            self.query_one("#triage-justification", Input).value = decision.justification
            self.query_one("#triage-by", Input).value = decision.by
        self.query_one("#triage-about", Static).update(Content("\n".join(about)))

    @on(Select.Changed, "#triage-finding")
    def _chose_finding(self) -> None:
        self._load(self._finding())

    @on(Input.Submitted)
    @on(Button.Pressed, "#triage-record")
    def _submit(self) -> None:
        self.action_record()

    def _refuse(self, field: str, selector: str) -> None:
        texts = self.review.texts
        self.notify(texts("triage_blank", field=texts(field)), severity="warning", markup=False)
        self.query_one(selector).focus()

    def action_record(self) -> None:
        if not self.is_current:
            return
        texts, lang = self.review.texts, self.review.texts.lang
        finding = self._finding()
        status = str(self.query_one("#triage-status", Select).value)
        justification = self.query_one("#triage-justification", Input).value.strip()
        by = self.query_one("#triage-by", Input).value.strip()
        due_text = self.query_one("#triage-due", Input).value.strip()
        if is_blank(justification):
            return self._refuse("triage_justification", "#triage-justification")
        if is_blank(by):
            return self._refuse("triage_by", "#triage-by")
        try:
            due = dt.date.fromisoformat(due_text.replace("/", "-")) if due_text else None
        except ValueError:
            self.notify(texts("invalid_date"), severity="warning", markup=False)
            return None
        checked = self.review.checked
        path = checked.triage_path or triage_path(checked.path)
        try:
            decision = record_decision(path, finding.id, status, justification, by, review_due=due)
        except (OSError, ValueError) as error:
            self.notify(texts("triage_failed", error=error), severity="error", markup=False, timeout=10)
            return None
        finding.triage, finding.expired_triage = decision, None
        checked.triage_path = path
        TriageScreen.last_by = by
        self.notify(
            texts("triage_saved", finding=finding.id, status=status_label(status, lang), path=path), markup=False
        )
        close_once(self, finding.id)
        return None
