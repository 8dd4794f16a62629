"""Threshold rule (しきい値判断): THR-01. Texts are in ``threshold.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.threshold import judge_scheme, level_info
from pia_toolkit.flows.graph import FlowGraph

_LEVEL_JA = {"full": "全項目評価", "priority": "重点項目評価", "basic": "基礎項目評価", "none": "評価なし"}


@rule("THR-01")
def declared_level_below_mandatory(g: FlowGraph) -> Iterator[Result]:
    """The declared assessment must be at least what the threshold judgment makes mandatory."""
    scheme = g.document.scheme
    if not any(g.data_class(i) == "my_number" for i in g.data):
        yield not_applicable(scheme.id)
        return
    result = judge_scheme(scheme)
    declared = scheme.declared_assessment
    if result.level == "unknown" or declared == "unknown":
        missing = "宣言された評価の種類" if declared == "unknown" else "しきい値判断の入力"
        yield unknown(
            [scheme.id],
            f"{missing}が不明のため、評価の種類が適切か判断できない（{' / '.join(result.reasons)}）",
            f"cannot compare the declared assessment with the mandatory one ({'; '.join(result.reasons_en)})",
        )
        return
    if int(level_info(declared)["rank"]) >= result.rank:
        yield satisfied(scheme.id)
        return
    yield violated(
        [scheme.id],
        f"宣言は{_LEVEL_JA[declared]}だが、しきい値判断では{_LEVEL_JA[result.level]}が義務（{' / '.join(result.reasons)}）",
        f"declared '{declared}' but the threshold judgment requires '{result.level}'",
    )
