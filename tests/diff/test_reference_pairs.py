"""The three change pairs from the council minutes (flows/examples/changes/*/README.md): ``pia diff`` lists exactly
the changes each README pins, each with its class, and the findings move as the README says."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.diff.helpers import CHANGES, changes_of, diff_json

# key → (change, class, changed attributes)
MEGURO = {
    "data/eligibility_query": ("added", "significant", []),
    "flows/f_eligibility_query": ("added", "significant", []),
    "flows/f_eligibility_response": ("changed", "none", ["title", "title_en", "note"]),
    "questions/q_missing_query_arrow": ("changed", "none", ["about"]),
}
SETAGAYA_1002: dict[str, tuple[str, str, list[str]]] = {
    "scheme/setagaya_1002_disability_consultation": ("changed", "minor", ["title", "title_en", "approval_date"]),
    "data/email_address": ("added", "significant", []),
    "zones/external_cloud": ("added", "minor", []),
    "nodes/users": ("changed", "none", ["note"]),
    "nodes/meeting_service": ("added", "significant", []),
    **{f"nodes/centre_{n}": ("changed", "minor", ["uses"]) for n in range(1, 6)},
    **{f"stores/centre_{n}/records_{n}": ("changed", "minor", ["title", "data"]) for n in range(1, 6)},
    "flows/f_video_in": ("added", "significant", []),
    **{
        f"flows/{kind}_{n}": ("added", "significant", [])
        for n in range(1, 6)
        for kind in ("f_email_in", "f_email_reply", "f_video_centre")
    },
    **{f"questions/{q}": ("added", "none", []) for q in ("q_counts", "q_email_sensitive", "q_meeting_service")},
}
SETAGAYA_999 = {
    "nodes/contractor": ("changed", "minor", ["uses"]),
    "nodes/contractor_cloud": ("changed", "minor", ["produces"]),
    "flows/f_print_data": ("changed", "minor", ["data"]),
    "flows/f_mail_application_forms": ("changed", "minor", ["data"]),
    "flows/f_mail_questionnaire": ("changed", "minor", ["data"]),
    "questions/q_inquiry_number_mismatch": ("changed", "none", ["answer"]),
}
PAIRS = {
    "meguro-medical-aid-query-arrow": ("significant", MEGURO),
    "setagaya-1002-email-consultation": ("significant", SETAGAYA_1002),
    "setagaya-999-inquiry-number": ("minor", SETAGAYA_999),
}


def _report(pair: str) -> tuple[int, dict[str, Any]]:
    folder = CHANGES / pair
    return diff_json(folder / "before.yaml", folder / "after.yaml")


def _open_ids(pair: str, side: str) -> set[str]:
    """The ids of the open findings ``pia check`` reports on one side of a pair."""
    result = run_cli("check", CHANGES / pair / f"{side}.yaml", "--format", "json", "--fail-on", "none")
    [file] = json.loads(result.stdout)["files"]
    return {f["id"] for f in file["findings"] if f["open"]}


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_findings_between_versions_agree_with_checking_each_side(pair: str) -> None:
    """New findings are those only the new version has, resolved those only the old one had, the rest unchanged."""
    _, report = _report(pair)
    findings = report["findings"]
    before, after = _open_ids(pair, "before"), _open_ids(pair, "after")
    assert {f["id"] for f in findings["new"]} == after - before
    assert {f["id"] for f in findings["resolved"]} == before - after
    assert set(findings["unchanged"]) == before & after


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_reference_pair_lists_exactly_the_pinned_changes_with_their_class(pair: str) -> None:
    code, report = _report(pair)
    result, pinned = PAIRS[pair]
    found = {
        key: (c["change"], c["class"], [a["name"] for a in c.get("attributes", [])])
        for key, c in changes_of(report).items()
    }
    assert found == pinned
    assert report["result"] == result
    assert code == (1 if result == "significant" else 0)
    assert not report["threshold"]["changed"]


def test_meguro_query_arrow_changes_the_business_content_and_moves_two_findings() -> None:
    _, report = _report("meguro-medical-aid-query-arrow")
    arrow = changes_of(report)["flows/f_eligibility_query"]
    assert "I-1-2-business-content" in arrow["significant_items"]
    assert arrow["content"]["interaction"] == {"id": "i_eligibility_check", "role": "query"}
    findings = report["findings"]
    assert [f["id"] for f in findings["new"]] == ["NET-08@f_eligibility_query"]
    assert findings["new"][0]["question"]
    assert [f["id"] for f in findings["resolved"]] == ["MOD-01@f_eligibility_response#i_eligibility_check"]
    assert findings["resolved"][0]["severity"] == "medium"


def test_setagaya_1002_email_address_changes_the_main_items_and_adds_ten_violations() -> None:
    _, report = _report("setagaya-1002-email-consultation")
    email = changes_of(report)["data/email_address"]
    assert set(email["significant_items"]) == {"II-2-4-main-items", "II-3-6-purpose"}
    assert email["content"]["category"] == "contact"
    main_items = next(i for i in report["items"] if i["id"] == "II-2-4-main-items")
    assert main_items["before"]["value"] == ["disability_welfare"]
    assert main_items["after"]["value"] == ["contact", "disability_welfare"]
    findings = report["findings"]
    violations = sorted(f["id"] for f in findings["new"] if not f["question"])
    assert violations == sorted(
        [f"NET-04@f_email_in_{n}" for n in range(1, 6)] + [f"NET-04@f_email_reply_{n}" for n in range(1, 6)]
    )
    assert any(f["question"] for f in findings["new"])
    assert not findings["resolved"]


def test_setagaya_999_inquiry_number_is_a_correction_that_answers_the_question() -> None:
    _, report = _report("setagaya-999-inquiry-number")
    assert report["submission"] == "after"
    assert [s["id"] for s in report["steps"]] == ["correction", "submit_after"]
    findings = report["findings"]
    assert not findings["new"]
    assert [f["id"] for f in findings["resolved"]] == ["MOD-02@contractor_cloud"]
    assert [q["id"] for q in findings["questions_answered"]] == ["q_inquiry_number_mismatch"]


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_each_readme_names_the_classification(pair: str) -> None:
    """The README of each pair says what pia diff concludes, in the words the report uses."""
    result, _ = PAIRS[pair]
    label = {"significant": "重要な変更", "minor": "軽微な変更"}[result]
    readme = (CHANGES / pair / "README.md").read_text(encoding="utf-8")
    assert "## Expected classification" in readme
    assert label in readme.split("## Expected classification", 1)[1]
