"""The benchmark's summary judges each PDF export against the CPU the council-outputs issue asks of it."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.targets import EXPORT_CPU_S, summary_rows


def _payload(example_cpu: float, synthetic_cpu: float) -> dict[str, Any]:
    def export(model: str, cpu: float, pages: int) -> dict[str, Any]:
        return {"status": "ok", "model": model, "cpu_s": cpu, "wall_s": cpu, "pages": pages, "check": {}}

    return {
        "sizes": [100],
        "medians_ms": {},
        "status": {},
        "growth": {"ratios": {}},
        "stages": [],
        "process": {
            "export": {"example": export("a.yaml", example_cpu, 40), "synthetic": export("s.yaml", synthetic_cpu, 200)}
        },
    }


@pytest.mark.parametrize(("scale", "met"), [(0.9, "yes"), (1.1, "no")])
def test_each_export_is_met_only_within_its_cpu_target(scale: float, met: str) -> None:
    rows = {
        row["what"]: row
        for row in summary_rows(_payload(EXPORT_CPU_S["example"] * scale, EXPORT_CPU_S["synthetic"] * scale))
    }
    for model, label in (("a.yaml", "example"), ("s.yaml", "synthetic")):
        row = rows[f"PDF export: {model}"]
        assert row["met?"] == met
        assert row["target"] == f"≤ {EXPORT_CPU_S[label]:g} s CPU"
        assert "ms CPU a page" in row["measured"]
