"""しきい値判断 at every boundary of the table, through catalog.threshold.judge and through `pia threshold`."""

from __future__ import annotations

import pytest

from pia_toolkit.catalog.threshold import judge, judge_scheme, level_info
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.loader import load
from tests.assessment.conftest import ThresholdModel
from tests.conftest import run_cli

# people, staff, contractor staff, serious incident → mandatory level
BOUNDARIES = [
    (999, 0, 0, False, "none"),
    (999, 600, 0, True, "none"),
    (1_000, 0, 0, False, "basic"),
    (9_999, 600, 0, True, "basic"),
    (10_000, 0, 0, False, "basic"),
    (10_000, 499, 0, False, "basic"),
    (10_000, 500, 0, False, "priority"),
    (10_000, 0, 0, True, "priority"),
    (99_999, 499, 0, False, "basic"),
    (99_999, 400, 100, False, "priority"),
    (99_999, 400, 99, False, "basic"),
    (100_000, 0, 0, False, "priority"),
    (100_000, 499, 0, False, "priority"),
    (100_000, 500, 0, False, "full"),
    (100_000, 450, 50, False, "full"),
    (100_000, 0, 0, True, "full"),
    (299_999, 499, 0, False, "priority"),
    (299_999, 0, 500, False, "full"),
    (299_999, 10, 10, True, "full"),
    (300_000, 0, 0, False, "full"),
]


def _label(level: str) -> str:
    return str(level_info(level)["ja"])


@pytest.mark.parametrize(("people", "staff", "contractor", "incident", "level"), BOUNDARIES)
def test_judge_at_each_boundary(people: int, staff: int, contractor: int, incident: bool, level: str) -> None:
    assert judge(people, staff + contractor, incident).level == level


@pytest.mark.parametrize(("people", "staff", "contractor", "incident", "level"), BOUNDARIES)
def test_pia_threshold_prints_the_judgment_and_its_reasons(
    threshold_model: ThresholdModel, people: int, staff: int, contractor: int, incident: bool, level: str
) -> None:
    result = run_cli("threshold", threshold_model(people, staff, contractor, incident))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"対象人数 {people:,}人" in out
    assert f"取扱者数 {staff + contractor:,}人（委託先従業者を含む" in out
    assert ("過去1年以内の重大事故あり" if incident else "過去1年以内の重大事故なし") in out
    assert f"結果: {_label(level)}" in out


def test_contractor_staff_alone_can_cross_the_handler_line() -> None:
    assert judge(150_000, 499, False).level == "priority"
    assert judge(150_000, 499 + 1, False).level == "full"


@pytest.mark.parametrize(
    ("people", "handlers", "incident", "level"),
    [
        (None, 10, False, "unknown"),
        (150_000, None, False, "unknown"),
        (150_000, 10, None, "unknown"),
        (150_000, None, True, "full"),
        (150_000, 600, None, "full"),
        (500, None, None, "none"),
        (5_000, None, None, "basic"),
        (50_000, None, None, "unknown"),
        (350_000, None, None, "full"),
    ],
)
def test_unknown_inputs_decide_only_when_they_cannot_change_the_result(
    people: int | None, handlers: int | None, incident: bool | None, level: str
) -> None:
    assert judge(people, handlers, incident).level == level


def test_one_known_count_over_the_line_decides_whatever_the_other(threshold_model: ThresholdModel) -> None:
    graph = FlowGraph.build(load(threshold_model(150_000, 600, None, False)))
    assert judge_scheme(graph.document.scheme).level == "full"


def test_pia_threshold_says_what_is_missing(threshold_model: ThresholdModel) -> None:
    out = run_cli("threshold", threshold_model(150_000, None, 0, False)).stdout
    assert "取扱者数が不明" in out
    assert "判断できない" in out
    assert "THR-01" in out


def test_pia_threshold_says_when_the_declared_level_falls_short(threshold_model: ThresholdModel) -> None:
    out = run_cli("threshold", threshold_model(150_000, 600, 0, False, declared="priority")).stdout
    assert f"結果: {_label('full')}" in out
    assert "宣言（重点項目評価）は義務" in out and "足りない（THR-01）" in out


def test_pia_threshold_says_when_the_declared_level_meets_it(threshold_model: ThresholdModel) -> None:
    out = run_cli("threshold", threshold_model(150_000, 10, 0, False, declared="full")).stdout
    assert "宣言（全項目評価）は義務を満たしている（THR-01）" in out


def test_pia_threshold_in_english(threshold_model: ThresholdModel) -> None:
    out = run_cli("threshold", threshold_model(10_000, 500, 0, False), "--lang", "en").stdout
    assert "10,000 people" in out
    assert "500 handlers incl. contractor staff" in out
    assert "Result: Basic and priority assessments are mandatory" in out


def test_pia_threshold_on_a_bad_model_exits_2_with_the_place(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("scheme:\n  id: x\n  title: t\n  municipality: m\n  business: b\n  people_count: many\n", "utf-8")
    result = run_cli("threshold", bad)
    assert result.exit_code == 2
    assert "bad.yaml:6:" in result.stderr
