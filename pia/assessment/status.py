"""Where an assessment stands: progress per section, open findings, contradictions, changes since approval.

status = assessment_status(open_model(model_path, assessment="existing"))
status.sections, status.contradictions, status.stale, status.significant_changes, status.consistency
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.pia.assessment.consistency import ConsistencyProblem, consistency
from pia_toolkit.pia.assessment.document import Assessment
from pia_toolkit.pia.assessment.form import Choice, FormItem, FormSection
from pia_toolkit.pia.checked import CheckedModel, Summary
from pia_toolkit.pia.findings import Finding, finding_brief


@dataclass
class SectionProgress:
    section: FormSection
    items: int = 0
    answered: int = 0
    required_open: list[str] = field(default_factory=list)
    verdicts: Counter[str] = field(default_factory=Counter)
    open_findings: list[Finding] = field(default_factory=list)

    @property
    def open_violations(self) -> list[Finding]:
        return [f for f in self.open_findings if not f.question]

    @property
    def open_questions(self) -> list[Finding]:
        return [f for f in self.open_findings if f.question]


@dataclass(frozen=True)
class Contradiction:
    """An answer that says the risk is handled, beside an open high or critical violation on the same item."""

    item_id: str
    choice: Choice
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Change:
    """A ※ item answered differently from the approved version, or an entered answer the model now contradicts."""

    item_id: str
    before: Any
    after: Any


@dataclass
class AssessmentStatus:
    sections: list[SectionProgress]
    contradictions: list[Contradiction]
    stale: list[str]
    significant_changes: list[Change]
    """※ items changed since ``approved`` (before = approved answer, after = current)."""
    model_differs: list[Change]
    """Entered answers where the model now says something else (before = entered, after = model)."""
    consistency: list[ConsistencyProblem]
    summary: Summary
    """The model's open findings, counted once each (the CLI's summary line and the app's header count these)."""
    approved_on: str | None = None

    @property
    def items(self) -> int:
        return sum(s.items for s in self.sections)

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.sections)

    @property
    def required_open(self) -> list[str]:
        return [i for s in self.sections for i in s.required_open]


def _section_progress(checked: CheckedModel, section: FormSection) -> SectionProgress:
    document = checked.document
    progress = SectionProgress(section)
    seen: dict[str, Finding] = {}
    for item in section.items:
        state = document.state(item.id)
        progress.items += 1
        progress.answered += state.answered
        if item.required and not state.answered:
            progress.required_open.append(item.id)
        if state.verdict:
            progress.verdicts[state.verdict] += 1
        for finding in checked.open_findings_for(item.id):
            seen.setdefault(finding.id, finding)
    progress.open_findings = list(seen.values())
    return progress


def contradiction(checked: CheckedModel, item: FormItem) -> Contradiction | None:
    """An answer that claims the risk is handled (the choice's ``claims_handled``) beside an open high or critical
    violation attached to the same item: what ``pia assess status``, the review app and the PDF flag."""
    if item.type != "choice":
        return None
    choice = item.choice(str(checked.document.state(item.id).answer))
    if choice is None or not choice.claims_handled:
        return None
    serious = tuple(f for f in checked.open_findings_for(item.id) if not f.question and f.severity >= Severity.high)
    return Contradiction(item.id, choice, serious) if serious else None


def _significant_changes(document: Assessment) -> list[Change]:
    if not document.header.get("approved_on"):
        return []
    approved = document.approved()
    changes = []
    for item in document.form.items:
        if item.significant and item.id in approved:
            current = document.state(item.id).answer
            if current != approved[item.id]:
                changes.append(Change(item.id, approved[item.id], current))
    return changes


def _model_differs(document: Assessment) -> list[Change]:
    changes = []
    for item_id in document.item_ids():
        state = document.state(item_id)
        model = document.model_answer(item_id)
        if state.source == "entered" and model is not None and model != state.answer:
            changes.append(Change(item_id, state.answer, model))
    return changes


def assessment_status(checked: CheckedModel) -> AssessmentStatus:
    document = checked.document
    sections = [_section_progress(checked, s) for s in document.form.sections]
    contradictions = [c for i in document.form.items if (c := contradiction(checked, i)) is not None]
    stale = [i for i in document.item_ids() if document.state(i).stale]
    return AssessmentStatus(
        sections=sections,
        contradictions=contradictions,
        stale=stale,
        significant_changes=_significant_changes(document),
        model_differs=_model_differs(document),
        consistency=consistency(document, checked.graph),
        summary=checked.summary(),
        approved_on=document.header.get("approved_on"),
    )


def status_json(status: AssessmentStatus, lang: str = "ja") -> dict[str, Any]:
    """The status as plain data for ``--format json``."""
    return {
        "summary": status.summary.as_dict(),
        "items": status.items,
        "answered": status.answered,
        "required_open": status.required_open,
        "approved_on": status.approved_on,
        "sections": [
            {
                "id": s.section.id,
                "title": s.section.text(lang),
                "items": s.items,
                "answered": s.answered,
                "required_open": s.required_open,
                "verdicts": dict(s.verdicts),
                "open_findings": [finding_brief(f, lang) for f in s.open_findings],
            }
            for s in status.sections
        ],
        "contradictions": [
            {
                "item": c.item_id,
                "answer": c.choice.id,
                "label": c.choice.text(lang),
                "findings": [f.id for f in c.findings],
            }
            for c in status.contradictions
        ],
        "stale": status.stale,
        "significant_changes": [
            {"item": c.item_id, "approved": c.before, "current": c.after} for c in status.significant_changes
        ],
        "model_differs": [{"item": c.item_id, "entered": c.before, "model": c.after} for c in status.model_differs],
        "consistency": [
            {"check": p.check, "message": p.text(lang), "items": list(p.items)} for p in status.consistency
        ],
    }
