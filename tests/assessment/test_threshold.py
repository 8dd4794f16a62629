"""しきい値判断 at every boundary of the table, through catalog.threshold.judge and through `pia threshold`."""

from __future__ import annotations

import json

import pytest

from pia_toolkit.catalog.threshold import judge, judge_document, level_sentence, table
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
    return level_sentence(level).ja


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
    if people >= 1_000:
        assert f"取扱者数 {staff + contractor:,}人（委託先従業者を含む" in out
    if people >= 1_000:
        assert ("過去1年以内の重大事故あり" if incident else "過去1年以内の重大事故なし") in out
        assert f"結果: {_label(level)}" in out
    else:
        assert "結果: 特定個人情報保護評価の実施が義務付けられない（規則第4条第3号）" in out


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
    model = threshold_model(150_000, 600, None, False)
    assert judge_document(FlowGraph.build(load(model)).document).level == "full"
    out = " ".join(run_cli("threshold", model, "--lang", "en").stdout.split())
    # the contractor staff are not known: the count is a lower bound, and says so
    assert "at least 600 handlers (the known count alone reaches the line of 500" in out, out
    assert "600 handlers incl. contractor staff" not in out


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


@pytest.mark.parametrize("row", table()["rows"], ids=lambda row: f"{row['level']}<{row['below']}")
def test_every_row_prints_its_reason_whole(threshold_model: ThresholdModel, row: dict[str, object]) -> None:
    """The reason of every row, in both languages, as a reader sees it (an unquoted comma once cut them)."""
    below = row["below"]
    people = (int(str(below)) - 1) if below is not None else 500_000
    many = row.get("when") == "many_handlers_or_incident"
    model = threshold_model(people, 600 if many else 10, 0, False)
    for lang, reason in (("ja", row["reason"]["ja"]), ("en", row["reason"]["en"])):  # type: ignore[index]
        out = run_cli("threshold", model, "--lang", lang).stdout.replace("\n", "")
        assert str(reason) in out, (lang, out)


@pytest.mark.parametrize("exemption", table()["exemptions"], ids=lambda e: str(e["id"]))
def test_every_exemption_prints_its_article_and_reason(
    threshold_model: ThresholdModel, exemption: dict[str, str]
) -> None:
    facts = {"own_staff": "data_subjects: own_staff", "paper_only": "processing: paper_only", "fewer_than_1000": ""}
    people = 999 if exemption["id"] == "fewer_than_1000" else None  # staff-only and paper-only: headcount unknown
    model = threshold_model(people, None, None, None, extra=facts[exemption["id"]])
    for lang in ("ja", "en"):
        out = run_cli("threshold", model, "--lang", lang).stdout.replace("\n", "")
        assert exemption["reference"] in out and exemption["reason"][lang] in out  # type: ignore[index]
    out = run_cli("threshold", model).stdout
    assert f"結果: 特定個人情報保護評価の実施が義務付けられない（{exemption['reference']}）" in out
    assert "判断できない" not in out


def test_staff_only_my_number_file_with_unknown_headcount_needs_no_assessment(threshold_model: ThresholdModel) -> None:
    model = threshold_model(None, None, None, None, declared="none", extra="data_subjects: own_staff")
    assert _rules_found(model) == set() or "THR-01" not in _rules_found(model)
    result = judge_document(FlowGraph.build(load(model)).document)
    assert (result.level, result.exemption) == ("none", "own_staff")


def test_exemption_needs_every_file_to_be_exempt(threshold_model: ThresholdModel, tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = threshold_model(50_000, 10, 0, False, extra="processing: paper_only")
    text = model.read_text(encoding="utf-8") + (
        "files:\n  - {id: paper, title: 台帳, data: [mn], processing: paper_only}\n"
        "  - {id: sys, title: システム, data: [mn], processing: system}\n"
    )
    model.write_text(text, encoding="utf-8")
    assert judge_document(FlowGraph.build(load(model)).document).level == "basic"


@pytest.mark.parametrize(("scheme", "file", "level"), [(9_999, 15_000, "priority"), (20_000, 15_000, "priority")])
def test_a_file_larger_than_the_scheme_count_decides(  # type: ignore[no-untyped-def]
    threshold_model: ThresholdModel, scheme: int, file: int, level: str
) -> None:
    """The people a 特定個人情報ファイル records are the count the judgment is made on: a scheme said to have
    9,999 people whose file holds 15,000 is judged on 15,000, and the judgment says it set the 9,999 aside."""
    model = threshold_model(scheme, 500, 0, False)
    text = (
        model.read_text(encoding="utf-8") + f"files:\n  - {{id: f1, title: 台帳, data: [mn], people_count: {file}}}\n"
    )
    model.write_text(text, encoding="utf-8")
    assert judge_document(FlowGraph.build(load(model)).document).level == level
    out = run_cli("threshold", model, "--lang", "en").stdout
    said = f"the scheme states {scheme:,} people, but one 特定個人情報ファイル records {file:,}"
    assert (said in " ".join(out.split())) is (file > scheme), out


def test_scheme_without_my_number_says_outside_first_and_asks_nothing(threshold_model: ThresholdModel) -> None:
    model = threshold_model(None, None, None, None, my_number=False)
    out = run_cli("threshold", model).stdout
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines[1] == "結果: 特定個人情報を取り扱わないため、特定個人情報保護評価の対象外"
    assert "判断できない" not in out and "不明" not in out and "宣言" not in out
    assert "THR-01" not in _rules_found(model)


def _rules_found(model: object) -> set[str]:
    document = json.loads(run_cli("check", model, "-f", "json", "--fail-on", "none").stdout)
    return {finding["rule"] for finding in document["files"][0]["findings"]}


def test_unknown_whose_data_is_said_when_it_could_have_exempted(threshold_model: ThresholdModel) -> None:
    out = run_cli("threshold", threshold_model(50_000, 10, 0, False)).stdout
    assert "規則第4条第1号の適用はないものとして判断した" in out


@pytest.mark.parametrize(
    ("declared", "asked"), [("full", False), ("priority", True), ("basic", True)], ids=["full", "priority", "basic"]
)
def test_a_declared_level_that_meets_any_outcome_is_not_asked_about(  # type: ignore[no-untyped-def]
    threshold_model: ThresholdModel, declared: str, asked: bool
) -> None:
    """150,000 people and the serious-incident answer unknown: 重点項目 or 全項目. A full assessment declared
    meets either, so THR-01 asks nothing; a lower one may fall short, so it asks."""
    model = threshold_model(150_000, 10, 0, None, declared=declared)
    assert ("THR-01" in _rules_found(model)) is asked
