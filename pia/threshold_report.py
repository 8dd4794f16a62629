"""The しきい値判断 as a reviewer reads it: the judgment, its reasons, and whether the declared level meets it.

The judgment itself lives in :mod:`catalog.threshold`; this adds the comparison with the scheme's declared
assessment that THR-01 makes, in words, for ``pia threshold`` and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from pia_toolkit.catalog.threshold import ThresholdResult, judge_scheme, level_info
from pia_toolkit.flows.graph import FlowGraph

DECLARED: dict[str, tuple[str, str]] = {
    "full": ("全項目評価", "full-item assessment"),
    "priority": ("重点項目評価", "priority-item assessment"),
    "basic": ("基礎項目評価", "basic assessment"),
    "none": ("評価を実施しない", "no assessment"),
    "unknown": ("記載なし", "not stated"),
}


@dataclass(frozen=True)
class ThresholdReport:
    result: ThresholdResult
    declared: str
    """The level the scheme declares (full, priority, basic, none, unknown)."""
    my_number: bool
    """Whether the model handles My Number data at all; without it no 特定個人情報保護評価 applies."""

    @property
    def meets(self) -> bool | None:
        """Whether the declared level is at least the mandatory one; None when either is unknown."""
        if self.result.level == "unknown" or self.declared == "unknown":
            return None
        return int(level_info(self.declared)["rank"]) >= self.result.rank

    def reasons(self, lang: str = "ja") -> tuple[str, ...]:
        return self.result.reasons if lang == "ja" else self.result.reasons_en

    def declared_label(self, lang: str = "ja") -> str:
        ja, en = DECLARED.get(self.declared, (self.declared, self.declared))
        return ja if lang == "ja" else en

    def verdict(self, lang: str = "ja") -> str:
        """One sentence on the declared level against the judgment (what THR-01 checks)."""
        ja = lang == "ja"
        if not self.my_number:
            return (
                "特定個人情報（個人番号）を扱わないため、特定個人情報保護評価の対象外（THR-01 適用外）"
                if ja
                else "no My Number data is handled, so no specific personal information assessment applies"
                " (THR-01 not applicable)"
            )
        if self.meets is None:
            missing = "宣言された評価の種類" if self.declared == "unknown" else "しきい値判断の入力"
            missing_en = "the declared level" if self.declared == "unknown" else "threshold inputs"
            return (
                f"{missing}が不明のため判断できない（THR-01）" if ja else f"cannot tell: {missing_en} unknown (THR-01)"
            )
        if self.meets:
            return (
                f"宣言（{self.declared_label()}）は義務を満たしている（THR-01）"
                if ja
                else f"the declared level ({self.declared_label('en')}) meets the requirement (THR-01)"
            )
        return (
            f"宣言（{self.declared_label()}）は義務（{self.result.label()}）に足りない（THR-01）"
            if ja
            else f"the declared level ({self.declared_label('en')}) is below the requirement"
            f" ({self.result.label('en')}) (THR-01)"
        )


def threshold_report(graph: FlowGraph) -> ThresholdReport:
    scheme = graph.document.scheme
    my_number = any(graph.data_class(i) == "my_number" for i in graph.data)
    return ThresholdReport(judge_scheme(scheme), scheme.declared_assessment, my_number)
