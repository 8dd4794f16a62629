"""`assess status`: progress, contradictions between answers and open findings, consistency, ※ changes."""

from __future__ import annotations

import json
from pathlib import Path

from pia_toolkit.pia.assessment.form import full_item_form
from pia_toolkit.pia.assessment.init import init_assessment
from pia_toolkit.pia.assessment.status import AssessmentStatus, assessment_status
from tests.conftest import open_for_review, run_cli

GENERAL_LINE_FLOW = (
    "  - {id: f_mail_web, step: 10, title: ウェブで通知, from: vendor_cloud, to: residents, data: [name],"
    " channel: internet, protection: [none], relationship: notification}\n"
)


def _add_unencrypted_general_line(model: Path) -> None:
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("\ncontracts:", "\n" + GENERAL_LINE_FLOW + "\ncontracts:"), encoding="utf-8")


def status_of(model: Path) -> AssessmentStatus:
    return assessment_status(open_for_review(model))


def test_choices_that_claim_the_risk_is_handled_are_marked_in_the_catalog() -> None:
    form = full_item_form()
    labels = {c.label.ja for s in form.choice_sets.values() for c in s if c.claims_handled}
    assert {"十分である", "特に力を入れている", "十分に行っている", "定めている", "記録を残している"} <= labels
    assert not labels & {"課題が残されている", "十分に行っていない", "定めていない", "再委託していない", "保管している"}


def test_sufficient_next_to_an_open_high_finding_is_a_contradiction(kokuho: Path) -> None:
    _add_unencrypted_general_line(kokuho)
    init_assessment(kokuho)[0].set_answer("III-7-R1-6-technical", "sufficient")
    status = status_of(kokuho)
    [contradiction] = status.contradictions
    assert contradiction.item_id == "III-7-R1-6-technical"
    assert contradiction.choice.label.ja == "十分に行っている"
    assert [f.id for f in contradiction.findings] == ["NET-01@f_mail_web"]


def test_no_contradiction_when_the_answer_admits_issues_or_the_finding_is_triaged(kokuho: Path) -> None:
    _add_unencrypted_general_line(kokuho)
    document = init_assessment(kokuho)[0]
    document.set_answer("III-7-R1-6-technical", "insufficient")
    assert status_of(kokuho).contradictions == []

    document.set_answer("III-7-R1-6-technical", "special_effort")
    assert len(status_of(kokuho).contradictions) == 1
    kokuho.with_name("kokuho.triage.yaml").write_text(
        "decisions:\n  - {finding: NET-01@f_mail_web, status: mitigated, justification: 通知はTLSに変更済み,"
        " by: 国保年金課, date: 2024-04-01}\n",
        encoding="utf-8",
    )
    assert status_of(kokuho).contradictions == []


def test_open_findings_are_counted_per_section(kokuho: Path) -> None:
    _add_unencrypted_general_line(kokuho)
    init_assessment(kokuho)[0]
    sections = {s.section.id: s for s in status_of(kokuho).sections}
    assert [f.id for f in sections["III"].open_violations] == ["NET-01@f_mail_web"]
    assert [f.id for f in sections["II"].open_violations] == ["NET-01@f_mail_web"]  # attached to Ⅱ4 too
    assert sections["COVER"].open_findings == []


def test_required_unanswered_count(kokuho: Path) -> None:
    document = init_assessment(kokuho)[0]
    form = full_item_form()
    expected = [i.id for i in form.items if i.required and not document.state(i.id).answered]
    status = status_of(kokuho)
    assert status.required_open == expected
    assert len(expected) < sum(1 for i in form.items if i.required)  # pre-fill answered some

    document.set_answer("COVER-1-assessment-number", "12")
    assert len(status_of(kokuho).required_open) == len(expected) - 1
    required = [p for p in status_of(kokuho).consistency if p.check == "required"]
    assert sum(len(p.items) for p in required) == len(expected) - 1


def test_counts_that_disagree_are_reported_with_their_items(kokuho: Path) -> None:
    document = init_assessment(kokuho)[0]
    assert [p for p in status_of(kokuho).consistency if p.check == "counts"] == []
    document.set_answer("I-1-3-people-count", "ge_300k")
    document.set_answer("VI-1-2-threshold-result", "basic_and_full_mandatory")
    problems = [p for p in status_of(kokuho).consistency if p.check == "counts"]
    items = [p.items for p in problems]
    assert ("I-1-3-people-count",) in items  # the model says 150,000
    assert ("VI-1-2-threshold-result",) in items  # the model's judgment is priority
    assert any("150,000人" in p.text("ja") for p in problems)


def test_threshold_result_that_cannot_follow_from_the_people_band(kokuho: Path) -> None:
    document = init_assessment(kokuho)[0]
    document.set_answer("I-1-3-people-count", "lt_1k")
    problems = [
        p for p in status_of(kokuho).consistency if p.items == ("I-1-3-people-count", "VI-1-2-threshold-result")
    ]
    assert len(problems) == 1


def test_contractors_and_record_items_must_match_the_model(kokuho: Path) -> None:
    document = init_assessment(kokuho)[0]
    document.set_answer("II-4-entrustments", [{"contractor": "株式会社ほか"}])
    document.set_answer("ANNEX2-1-record-items", [{"name": "氏名"}, {"name": "住所"}, {"name": "所得情報"}])
    messages = [p.text("ja") for p in status_of(kokuho).consistency]
    assert any("委託先「株式会社テスト情報」" in m and "委託事項" in m for m in messages)
    assert any("「株式会社ほか」がモデルの委託先にない" in m for m in messages)
    assert any(m.startswith("「個人番号」は国保総合システムに渡る") for m in messages)
    assert any(m.startswith("「療養費の請求内容」は国保総合システム") for m in messages)


def test_significant_changes_since_approval_and_model_disagreements(kokuho: Path) -> None:
    document = init_assessment(kokuho)[0]
    assert status_of(kokuho).significant_changes == []
    document.mark_approved()
    document.set_answer("II-6-1-storage-place", "海外のデータセンター")
    document.set_answer("I-7-2-section-head", "課長")  # not ※
    status = status_of(kokuho)
    assert [c.item_id for c in status.significant_changes] == ["II-6-1-storage-place"]
    assert status.significant_changes[0].after == "海外のデータセンター"
    assert status.approved_on
    [differs] = status.model_differs
    assert differs.item_id == "II-6-1-storage-place" and "国保総合システム" in differs.after


# ---- the commands --------------------------------------------------------------------------------------
def test_pia_assess_init_reports_what_it_did(kokuho: Path) -> None:
    first = run_cli("assess", "init", kokuho)
    assert first.exit_code == 0, first.stderr
    assert "作成" in first.stdout and "kokuho.assessment.yaml" in first.stdout
    assert "モデルから記入" in first.stdout
    second = run_cli("assess", "init", kokuho, "--lang", "en")
    assert (
        "refreshed" in second.stdout
        and "kept: 0 entered answers" in second.stdout
        and "flagged stale: 0" in second.stdout
    )


def test_pia_assess_status_text(kokuho: Path) -> None:
    _add_unencrypted_general_line(kokuho)
    init_assessment(kokuho)[0].set_answer("III-7-R1-6-technical", "sufficient")
    result = run_cli("assess", "status", kokuho)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "進捗（節ごと）" in out and "Ⅱ 特定個人情報ファイルの概要" in out and "合計" in out
    assert "矛盾" in out and "III-7-R1-6-technical" in out and "NET-01@f_mail_web" in out
    assert "整合性" in out and "[required]" in out


def test_pia_assess_status_json(kokuho: Path) -> None:
    init_assessment(kokuho)[0]
    result = run_cli("assess", "status", kokuho, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["exists"] is True
    assert data["items"] == len(full_item_form().items)
    assert {s["id"] for s in data["sections"]} >= {"I", "II", "III", "VI"}
    assert data["answered"] == sum(s["answered"] for s in data["sections"])


def test_pia_assess_status_without_an_assessment_says_how_to_make_one(kokuho: Path) -> None:
    result = run_cli("assess", "status", kokuho, "--lang", "en")
    assert result.exit_code == 0
    assert "pia assess init" in result.stderr
    assert "Progress by section" in result.stdout
    assert not kokuho.with_name("kokuho.assessment.yaml").exists()


def test_a_broken_assessment_file_exits_2_with_its_place(kokuho: Path) -> None:
    kokuho.with_name("kokuho.assessment.yaml").write_text("items:\n  a: [unclosed\n", encoding="utf-8")
    for command in ("status", "init"):
        result = run_cli("assess", command, kokuho)
        assert result.exit_code == 2
        assert "kokuho.assessment.yaml:" in result.stderr


def test_a_broken_model_exits_2_with_its_place(kokuho: Path) -> None:
    kokuho.write_text(kokuho.read_text(encoding="utf-8").replace("kind: contractor\n", "kind: contracter\n"), "utf-8")
    result = run_cli("assess", "init", kokuho)
    assert result.exit_code == 2
    assert "kokuho.yaml:" in result.stderr and "contractor" in result.stderr


def test_an_assessment_path_can_be_given(kokuho: Path) -> None:
    target = kokuho.with_name("review-2024.yaml")
    assert run_cli("assess", "init", kokuho, "--assessment", target).exit_code == 0
    assert target.exists() and not kokuho.with_name("kokuho.assessment.yaml").exists()
    data = json.loads(run_cli("assess", "status", kokuho, "-a", target, "-f", "json").stdout)
    assert data["exists"] is True and data["answered"] > 20
