"""The right-hand side: one form item with its answer, the findings that feed it and the reviewer's verdict."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.catalog.texts.visible import visible
from pia_toolkit.pia.assessment.document import verdict_label
from pia_toolkit.pia.findings import Finding
from pia_toolkit.pia.triage import status_label
from pia_toolkit.tui.context import InReviewApp
from pia_toolkit.tui.widgets.committing import Committing
from pia_toolkit.tui.widgets.editors import AnswerEditor, answer_editor
from pia_toolkit.tui.widgets.verdict_editor import VerdictEditor

SEVERITY_STYLE = {
    Severity.critical: "b $text-error",
    Severity.high: "$text-error",
    Severity.medium: "$text-warning",
    Severity.low: "$text-muted",
}
VERDICT_STYLE = {"adequate": "$text-success", "needs_improvement": "$text-warning", "needs_correction": "$text-error"}


def finding_content(finding: Finding, lang: str, texts: Any) -> Content:
    """One finding as text: severity, rule, message, evidence with file:line, path, remedy, triage."""
    parts = [
        Content.from_markup(
            f"[{SEVERITY_STYLE[finding.severity]}]■ $severity[/] [b]$rule[/] $title",
            severity=finding.severity.label(lang),
            rule=finding.rule_id,
            title=finding.rule.text("title", lang),
        ),
        Content.from_markup("  [dim]$id[/]", id=visible(finding.id, lines=False)),
    ]
    if finding.question:
        parts.append(Content.from_markup("  [$text-accent]? $q[/]", q=texts("question")))
    parts.append(Content.from_markup("  $message", message=visible(finding.text(lang))))
    for evidence in finding.evidence:
        where = str(evidence.position) if evidence.position else "—"
        parts.append(
            Content.from_markup(
                "  [dim]$label:[/] $element [dim]($section)[/] [u]$where[/]",
                label=texts("evidence"),
                element=visible(evidence.element, lines=False),
                section=evidence.section,
                where=visible(where, lines=False),
            )
        )
    if finding.path:
        parts.append(
            Content.from_markup("  [dim]$label:[/] $path", label=texts("path"), path=visible(" → ".join(finding.path)))
        )
    remedy = finding.remedy(lang)
    if remedy:
        parts.append(Content.from_markup("  [dim]$label:[/] $remedy", label=texts("remedy"), remedy=remedy))
    if finding.triage is None:
        parts.append(
            Content.from_markup(
                "  [dim]$label:[/] [$text-warning]$status[/]", label=texts("triage"), status=texts("triage_open")
            )
        )
    else:
        decision = finding.triage
        status = status_label(decision.status, lang)
        parts.append(
            Content.from_markup(
                "  [dim]$label:[/] [$text-success]$status[/] — $why ($by, $date)",
                label=texts("triage"),
                status=status,
                why=visible(decision.justification),
                by=visible(decision.by, lines=False),
                date=decision.date,
            )
        )
    return Content("\n").join(parts)


class ItemPanel(InReviewApp, VerticalScroll):
    """Shows one item. The frame is composed once; :meth:`show` updates its texts and swaps only the answer
    editor and the finding cards, so moving between items stays quick."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item_id: str | None = None
        # One show at a time: each awaits removing and mounting, and two interleaved (a key's go_to and the
        # tree's highlight after a filter rebuild) would mount a second editor under the one id.
        self._showing = asyncio.Lock()
        self._requests = 0

    def compose(self) -> ComposeResult:
        texts = self.review.texts
        yield Static(id="item-crumbs", classes="muted")
        yield Static(id="item-title")
        yield Static(id="item-id")
        significant = Static(id="item-significant")
        significant.tooltip = texts("significant_help")
        yield significant
        yield Static(id="item-notes", classes="muted")
        yield Static(id="item-help")
        yield Label(Content(texts("answer")), classes="heading")
        yield Static(id="answer-source")
        yield Static(id="answer-change", classes="change")
        yield Static(Content(texts("stale")), classes="warning", id="answer-stale")
        yield Static(Content(texts("contradiction")), classes="error", id="contradiction")
        yield Vertical(id="answer-slot")
        yield Label(id="findings-heading", classes="heading")
        yield Vertical(id="findings")
        yield Label(Content(texts("verdict_heading")), classes="heading")
        yield VerdictEditor(id="verdict-editor")

    async def show(self, item_id: str, part: str | None = None) -> None:
        """Show ``item_id``, scrolled to its top or to ``part`` ("findings", "contradiction").

        Calls are taken in turn; one still waiting when a later one arrives is dropped (the later one wins)."""
        self._requests += 1
        request = self._requests
        async with self._showing:
            if request != self._requests or not self.is_attached:
                return
            with self.app.batch_update():
                await self._show(item_id, part)

    async def _show(self, item_id: str, part: str | None) -> None:
        self.commit_pending()
        self.item_id = item_id
        review = self.review
        texts, lang = review.texts, review.texts.lang
        item = review.state.item(item_id)
        state = review.checked.document.state(item_id)

        section = next(sec for sec in review.state.sections if sec.id == item.section)
        self.query_one("#item-crumbs", Static).update(
            Content(" › ".join([section.text(lang), *item.heading_path(lang)]))
        )
        self.query_one("#item-title", Static).update(
            Content.from_markup("[b]$label[/]", label=f"{item.number} {item.text(lang)}".strip())
        )
        significant = self.query_one("#item-significant", Static)
        significant.display = item.significant
        significant.update(
            Content.from_markup(
                "[$text-accent b]$mark[/] [dim]$why[/]", mark=texts("significant"), why=texts("significant_help")
            )
        )
        notes = [texts("not_public")] if not item.public else []
        notes += [texts("reconstructed")] if item.reconstructed else []
        self.query_one("#item-notes", Static).update(Content(" · ".join(notes)))
        self.query_one("#item-notes").display = bool(notes)
        help_text = item.help_text(lang)
        self.query_one("#item-help", Static).update(Content(help_text))
        self.query_one("#item-help").display = bool(help_text)
        self.query_one("#answer-stale").display = state.stale
        self.refresh_status()
        self._show_change(item_id)

        slot = self.query_one("#answer-slot")
        await slot.remove_children()
        await slot.mount(answer_editor(item, state.answer))

        findings = sorted(review.checked.findings_for(item_id), key=lambda f: (-f.severity, f.id))
        self.query_one("#findings-heading", Label).update(
            Content(texts("findings_heading", count=len(findings)) if findings else texts("no_findings"))
        )
        box = self.query_one("#findings")
        await box.remove_children()
        if findings:
            await box.mount_all([Static(finding_content(f, lang, texts), classes="finding") for f in findings])
        self.query_one(VerdictEditor).load(item_id)

        self.scroll_home(animate=False)
        target = {"findings": "#findings-heading", "contradiction": "#contradiction"}.get(part or "")
        if target:
            self.call_after_refresh(self._scroll_to_part, target)

    def _scroll_to_part(self, selector: str) -> None:
        self.scroll_to_widget(self.query_one(selector), animate=False, top=True)

    def commit_pending(self) -> None:
        for editor in self.query(Committing):
            editor.commit()

    def _id_line(self) -> Content:
        assert self.item_id is not None
        texts, lang = self.review.texts, self.review.texts.lang
        verdict = self.review.checked.document.state(self.item_id).verdict
        shown = (
            Content.from_markup(f"[{VERDICT_STYLE[verdict]} b]$v[/]", v=verdict_label(verdict, lang))
            if verdict in VERDICT_STYLE
            else Content.from_markup("[dim]$v[/]", v=verdict_label(None, lang))
        )
        return Content.from_markup("[dim]$label:[/] $id  ", label=texts("item_id"), id=self.item_id) + shown

    def refresh_status(self) -> None:
        """After a save: the verdict in the title line, the answer's source, the contradiction warning."""
        if self.item_id is None:
            return
        state = self.review.checked.document.state(self.item_id)
        self.query_one("#item-id", Static).update(self._id_line())
        self.query_one("#answer-source", Static).update(self._source_line(state))
        self.query_one("#contradiction").display = self.review.state.is_contradiction(self.item_id)

    def _show_change(self, item_id: str) -> None:
        """Before → after when ``pia assess init --since`` recorded a change of this item."""
        box = self.query_one("#answer-change", Static)
        change = self.review.state.change(item_id)
        texts = self.review.state.change_texts(item_id)
        box.display = change is not None and texts is not None
        if change is None or texts is None:
            return
        words = self.review.texts
        before, after = (visible(t) or words("change_none") for t in texts)
        parts = [
            Content.from_markup("[b $text-warning]$t[/]", t=words("change_heading", since=visible(change.since))),
            Content.from_markup("  [dim]$l[/] $v", l=words("change_before"), v=before),
            Content.from_markup("  [dim]$l[/] $v", l=words("change_after"), v=after),
        ]
        if change.changes:
            keys = ", ".join(visible(k, lines=False) for k in change.changes)
            parts.append(Content.from_markup("  [dim]$l[/] $v", l=words("change_keys"), v=keys))
        box.update(Content("\n").join(parts))

    def _source_line(self, state: Any) -> Content:
        texts = self.review.texts
        if not state.answered:
            return Content.from_markup("[$text-warning]$t[/]", t=texts("unanswered"))
        if state.source == "model":
            refs = ", ".join(state.model_refs)
            text = texts("source_model", refs=refs) if refs else texts("source_model_norefs")
            return Content.from_markup("[$text-primary]$t[/]", t=text)
        return Content.from_markup("[$text-success]$t[/]", t=texts("source_entered"))

    # ---- focus helpers for the screen's keys -------------------------------------------------------------
    def focus_answer(self) -> None:
        editors = self.query(AnswerEditor)
        if editors:
            editors.first().focus_first()

    def focus_comment(self) -> None:
        self.query_one("#comment").focus()

    def focus_action(self) -> None:
        self.query_one("#action-who").focus()

    def show_verdict(self, verdict: str | None) -> None:
        editors = self.query(VerdictEditor)
        if editors:
            editors.first().show_verdict(verdict)
