"""Refreshing an assessment from its flow model, in memory (``pia assess init`` saves the result).

Refreshing never drops what a person entered:

- an item with no answer, or with an answer that came from the model, takes what the model says now;
- an entered answer is kept, and the model's current answer is recorded beside it, so that the status can say
  "the model now says X"; a model answer someone edited in the YAML counts as entered;
- an answer that came from the model for an item the model no longer answers is kept and flagged stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.assessment.document import Assessment
from pia_toolkit.pia.assessment.prefill import Prefill, prefill


@dataclass
class RefreshSummary:
    """What one ``assess init`` run did, item ids per outcome."""

    path: Path
    created: bool
    filled: list[str] = field(default_factory=list)
    """Items that now hold the model's answer and did not hold exactly that before."""
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Entered answers kept as they are (with the model's current answer, if any, recorded beside them)."""
    stale: list[str] = field(default_factory=list)
    backup: Path | None = None
    """Where the previous version of the file was kept (``<name>.bak``), when the run rewrote one."""

    @property
    def prefilled(self) -> int:
        return len(self.filled) + len(self.unchanged)


def refresh(document: Assessment, graph: FlowGraph, summary: RefreshSummary) -> None:
    """Apply what the model says now to ``document`` (in memory; the caller saves)."""
    scheme = graph.document.scheme
    document.set_header(scheme=scheme.id, title=scheme.title)
    answers = prefill(graph, document.form)
    for item_id, answer in answers.items():
        _apply(document, item_id, answer, summary)
    for item_id in document.item_ids():
        if item_id in answers:
            continue
        state = document.state(item_id)
        if state.source == "model" and state.answered:
            document.set_stale(item_id, True)
            summary.stale.append(item_id)
        elif state.source == "entered" and state.answered:
            summary.kept.append(item_id)
            if document.model_answer(item_id) is not None:
                document.record_model_answer(item_id, None, [])


def _apply(document: Assessment, item_id: str, answer: Prefill, summary: RefreshSummary) -> None:
    state = document.state(item_id)
    if document.edited_by_hand(item_id):
        document.set_answer(item_id, state.answer, save=False)
        state = document.state(item_id)
    if state.answered and state.source != "model":
        document.record_model_answer(item_id, answer.value, answer.refs)
        summary.kept.append(item_id)
        return
    same = state.answered and state.answer == answer.value and not state.stale
    document.set_model_answer(item_id, answer.value, answer.refs, save=False)
    (summary.unchanged if same else summary.filled).append(item_id)
