"""Findings between two versions, by their stable ids: new, resolved and unchanged; the triage decisions the change
made stale; the model's questions the change answered.

A finding's message and evidence are worked out only for findings someone decided about: a 10,000-node model has
tens of thousands of findings and only its triaged ones need the comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pia_toolkit.flows.schema import FlowDocument, Question
from pia_toolkit.pia.findings import CheckReport, Finding, TriageDecision


@dataclass(frozen=True)
class StaleDecision:
    """A triage decision the change made stale: its finding is gone, or reads differently now."""

    decision: TriageDecision
    finding: str
    reason: str
    """gone, or changed"""
    before: str = ""
    """The finding's message in the old version (Japanese, as the decision was made on it)."""
    after: str = ""


@dataclass(frozen=True)
class AnsweredQuestion:
    question: Question
    """As it reads in the new version."""


@dataclass
class FindingsDelta:
    new: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stale: list[StaleDecision] = field(default_factory=list)
    answered: list[AnsweredQuestion] = field(default_factory=list)
    checked: bool = True
    """False when the rules were not run (``assess init --since``): the lists are then empty, not "nothing"."""


def _reads(finding: Finding) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """What a decision was made on: the message, the elements and the data items (not where they are written)."""
    return finding.text("ja"), tuple(e.element for e in finding.evidence), finding.data


def findings_delta(
    old: CheckReport, new: CheckReport, old_doc: FlowDocument, new_doc: FlowDocument, renamed: dict[str, str]
) -> FindingsDelta:
    """``renamed``: question id in the old version → id in the new one."""
    old_by = {f.id: f for f in old.findings}
    new_by = {f.id: f for f in new.findings}
    delta = FindingsDelta(
        new=[f for f in new.findings if f.id not in old_by],
        resolved=[f for f in old.findings if f.id not in new_by],
        unchanged=[f.id for f in new.findings if f.id in old_by],
    )
    for finding in old.findings:
        decision = finding.triage
        if decision is None:
            continue
        now = new_by.get(finding.id)
        if now is None:
            delta.stale.append(StaleDecision(decision, finding.id, "gone", finding.text("ja")))
            continue
        before, after = _reads(finding), _reads(now)
        if before != after:
            delta.stale.append(StaleDecision(decision, finding.id, "changed", before[0], after[0]))
    old_questions = {q.id: q for q in old_doc.questions}
    back = {new_id: old_id for old_id, new_id in renamed.items()}
    for question in new_doc.questions:
        earlier = old_questions.get(back.get(question.id, question.id))
        if earlier is not None and not earlier.answer and question.answer:
            delta.answered.append(AnsweredQuestion(question))
    return delta
