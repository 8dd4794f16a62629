"""Threshold rule (しきい値判断): THR-01. Texts are in ``threshold.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules.facts import Words
from pia_toolkit.catalog.threshold import judge_scheme, level_info
from pia_toolkit.flows.graph import FlowGraph


@rule("THR-01")
def declared_level_below_mandatory(graph: FlowGraph) -> Iterator[Result]:
    """The declared assessment must be at least what the threshold judgment makes mandatory."""
    scheme = graph.document.scheme
    if not any(graph.data_class(i) == "my_number" for i in graph.data):
        yield not_applicable(scheme.id)
        return
    result = judge_scheme(scheme)
    declared = scheme.declared_assessment
    # The judgment words its reasons itself, in both languages (catalog/threshold.py): they come as they are.
    reasons_ja, reasons_en = " / ".join(result.reasons), "; ".join(result.reasons_en)
    if result.level == "unknown" or declared == "unknown":
        message = "declared_not_stated" if declared == "unknown" else "inputs_not_known"
        yield unknown([scheme.id], message, reasons_ja=reasons_ja, reasons_en=reasons_en)
        return
    if int(level_info(declared)["rank"]) >= result.rank:
        yield satisfied(scheme.id)
        return
    yield violated(
        [scheme.id],
        "below_mandatory",
        declared=Words.of(declared, joiner="none"),
        required=Words.of(result.level, joiner="none"),
        reasons_ja=reasons_ja,
        reasons_en=reasons_en,
    )
