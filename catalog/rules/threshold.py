"""Threshold rule (しきい値判断): THR-01. Texts are in ``threshold.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules.facts import Said
from pia_toolkit.catalog.texts import message
from pia_toolkit.catalog.threshold import declared_meets, judge_document
from pia_toolkit.flows.graph import FlowGraph


@rule("THR-01")
def declared_level_below_mandatory(graph: FlowGraph) -> Iterator[Result]:
    """The declared assessment must be at least what the threshold judgment makes mandatory (a scheme without
    特定個人情報, or one exempt under 規則第4条, has nothing to compare)."""
    scheme = graph.document.scheme
    result = judge_document(graph.document)
    if result.level == "not_applicable":
        yield not_applicable(scheme.id)
        return
    reasons = Said(result.reasons)
    meets = declared_meets(graph.document, result)
    if meets is None:
        key = "declared_not_stated" if scheme.declared_assessment == "unknown" else "inputs_not_known"
        yield unknown([scheme.id], key, reasons=reasons)
        return
    if meets:  # a full assessment declared meets any outcome the unknown inputs could give
        yield satisfied(scheme.id)
        return
    yield violated(
        [scheme.id],
        "below_mandatory",
        declared=Said.of(message(f"common.level.{scheme.declared_assessment}")),
        required=Said.of(result.conclusion),
        reasons=reasons,
    )
