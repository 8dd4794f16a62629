"""The しきい値判断 as a reviewer reads it: the judgment, its reasons, and whether the declared level meets it.

The judgment itself lives in :mod:`catalog.threshold`; this adds the comparison with the scheme's declared
assessment that THR-01 makes, in words, for ``pia threshold`` and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.threshold import ThresholdResult, declared_meets, judge_document
from pia_toolkit.flows.graph import FlowGraph


@dataclass(frozen=True)
class ThresholdReport:
    result: ThresholdResult
    declared: str
    """The level the scheme declares (full, priority, basic, none, unknown)."""
    meets: bool | None = None
    """Whether the declared level is at least the mandatory one (:func:`~catalog.threshold.declared_meets`)."""

    @property
    def my_number(self) -> bool:
        """Whether the model handles 特定個人情報 at all; without it no 特定個人情報保護評価 applies."""
        return self.result.level != "not_applicable"

    def reasons(self, lang: str = "ja") -> tuple[str, ...]:
        return self.result.reason_texts(lang)

    def declared_label(self, lang: str = "ja") -> str:
        return say(f"common.level.{self.declared}", lang)

    def verdict(self, lang: str = "ja") -> str:
        """One sentence on the declared level against the judgment (what THR-01 checks)."""
        if not self.my_number:
            return self.result.label(lang)
        if self.meets is None:
            missing = say(
                "threshold.missing.declared" if self.declared == "unknown" else "threshold.missing.inputs", lang
            )
            return say("threshold.cannot_tell", lang, missing=missing)
        if self.meets:
            return say("threshold.meets", lang, declared=self.declared_label(lang))
        return say("threshold.below", lang, declared=self.declared_label(lang), required=self.result.label(lang))


def threshold_report(graph: FlowGraph) -> ThresholdReport:
    result = judge_document(graph.document)
    declared = graph.document.scheme.declared_assessment
    return ThresholdReport(result, declared, declared_meets(graph.document, result))
