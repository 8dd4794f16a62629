"""The fuzz harness's quick mode: a small fixed-seed sample through the same generators and oracles.

It fails when the sample finds defects, and today it does: the harness lands before the fixes (the reliability
issue), so the whole module is marked xfail (not strict) and CI stays green. Each oracle is its own test, so the
report shows which classes of defect are still there (xfail) and which are gone (xpass). The long mode is
``python -m tests.fuzz.run --count 10000``.
"""

from __future__ import annotations

import time

import pytest

from tests.fuzz.oracles import ORACLES
from tests.fuzz.run import Summary, format_summary, run_sample

pytestmark = pytest.mark.xfail(strict=False, reason="reliability issue: harness lands before the fixes")

SEED = 20240601
COUNTS = {
    "generated": 5,
    "mutation": 10,
    "yaml": 5,
    "encoding": 2,
    "include": 4,
    "path": 3,
    "triage": 3,
    "policy": 3,
    "assessment": 4,
    "output": 2,
}
EXAMPLES = ("setagaya-999-childbirth-support.yaml", "meguro-lgwan-asp-approval.yaml")
BUDGET_SECONDS = 20


@pytest.fixture(scope="module")
def sample() -> Summary:
    started = time.perf_counter()
    summary = run_sample(COUNTS, SEED, examples=EXAMPLES, measure=True)
    summary.seconds = time.perf_counter() - started
    return summary


def test_sample_ran_every_class_within_budget(sample: Summary) -> None:
    assert dict(sample.inputs) == {**COUNTS, "measure": 1}
    assert not sample.harness_errors, sample.harness_errors
    assert sample.measurements, "no input was measured in a subprocess (oracle 6, memory)"
    assert sample.seconds < BUDGET_SECONDS, f"the quick sample took {sample.seconds:.1f} s"


@pytest.mark.parametrize("oracle", sorted(ORACLES), ids=[f"oracle{o}" for o in sorted(ORACLES)])
def test_no_defects(sample: Summary, oracle: int) -> None:
    places = sample.by_oracle().get(oracle, [])
    assert not places, f"oracle {oracle} ({ORACLES[oracle]}):\n" + format_summary(sample, top=8)
