"""Findings between the versions: new and resolved by stable id, triage decisions the change made stale, and the
model's questions the change answered."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.diff.helpers import diff_json

TRIAGE = """\
decisions:
  - finding: DAT-01@phone
    status: accepted
    justification: 電話番号は申請者への連絡に使う
    by: 国保年金課
    date: 2024-03-01
  - finding: ACC-01@kokuho_system
    status: mitigated
    justification: 二要素認証は庁内標準で設定済み
    by: 情報政策課
    date: 2024-03-01
  - finding: LOC-02@printer
    status: in_discussion
    justification: 印刷事業者に確認中
    by: 国保年金課
    date: 2024-03-01
"""
QUESTION = "\nquestions:\n  - {id: q_printer, about: [printer], text: 印刷事業者は再委託先として承認済みか%s}\n"


def _with_triage(before: Path) -> None:
    before.with_name("before.triage.yaml").write_text(TRIAGE, encoding="utf-8")


def test_a_decision_whose_finding_is_gone_or_reads_differently_is_stale(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    before, after = kokuho_pair(
        (
            "{id: phone, title: 電話番号, category: contact}",
            "{id: phone, title: 電話番号, category: contact, purpose: 連絡}",
        ),
        ("title: 国保総合システム", "title: 国保総合システム（更新後）"),
    )
    _with_triage(before)
    _, report = diff_json(before, after)
    stale = {s["finding"]: s for s in report["findings"]["stale_decisions"]}
    assert set(stale) == {"DAT-01@phone", "ACC-01@kokuho_system"}
    assert stale["DAT-01@phone"]["reason"] == "gone"
    assert stale["ACC-01@kokuho_system"]["reason"] == "changed"
    assert "国保総合システム（更新後）" in stale["ACC-01@kokuho_system"]["after"]
    assert "DAT-01@phone" in {f["id"] for f in report["findings"]["resolved"]}
    assert "LOC-02@printer" in report["findings"]["unchanged"]  # decided on and unchanged: not stale
    text = run_cli("diff", before, after).stdout
    assert "見直しが必要な判断（2件）" in text
    assert "DAT-01@phone: 判断（受容）の対象の指摘がなくなった" in text


def test_questions_the_change_answers_are_listed(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    before, after = kokuho_pair()
    before.write_text(before.read_text(encoding="utf-8") + QUESTION % "", encoding="utf-8")
    after.write_text(after.read_text(encoding="utf-8") + QUESTION % ", answer: 2024年2月1日に承認", encoding="utf-8")
    code, report = diff_json(before, after)
    assert code == 0 and report["result"] == "none"
    assert report["findings"]["questions_answered"] == [
        {"id": "q_printer", "text": "印刷事業者は再委託先として承認済みか", "answer": "2024年2月1日に承認"}
    ]


def test_new_and_resolved_findings_carry_their_stable_ids(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    before, after = kokuho_pair(
        ("channel: dedicated, relationship: provision", "channel: email, relationship: provision")
    )
    _, report = diff_json(before, after)
    new = {f["id"] for f in report["findings"]["new"]}
    assert {"NET-04@f_claims", "NET-05@f_claims"} <= new
    old_ids = {f["id"] for f in report["findings"]["resolved"]} | set(report["findings"]["unchanged"])
    assert not new & old_ids
