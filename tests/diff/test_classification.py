"""Classifying changes by the form items they alter (catalog/changes.yaml), on edits of the test scheme, and the
table itself: every attribute of the model has a row, every row names items the form has."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from pia_toolkit.catalog.changes import CHANGE_KINDS, HANDOVER_RISK, change_catalog
from pia_toolkit.catalog.vocabularies import vocabulary
from pia_toolkit.flows.schema import Contract, DataItem, Flow, Node, PersonalFile, Question, Scheme, Store, Zone
from pia_toolkit.pia.assessment.form import full_item_form
from pia_toolkit.pia.assessment.prefill import PREFILLERS
from pia_toolkit.pia.diff.conditions import CONDITIONS
from pia_toolkit.pia.diff.elements import SECTIONS
from tests.conftest import run_cli
from tests.diff.helpers import changes_of, diff_json

# (what is edited, old text, new text) → (key, class, ※ items that must be named, other items that must be named)
EDITS = {
    "a flow's channel (entrustment by e-mail)": (
        (
            "channel: lgwan, protection: [tls], relationship: entrustment",
            "channel: email, protection: [tls], relationship: entrustment",
        ),
        ("flows/f_entrust", "significant", {"III-4-provision-rules-between"}, {"II-4-entrustments"}),
    ),
    "a store's retention": (
        ("retention: 5年, deletion: 専用ソフト", "retention: 10年, deletion: 専用ソフト"),
        ("stores/kokuho_system/#1", "minor", set(), {"II-6-2-retention"}),
    ),
    "where a cloud service keeps the file": (
        ("location: {country: JP, region: 東京都", "location: {country: US, region: 東京都"),
        ("nodes/vendor_cloud", "significant", {"II-6-1-storage-place", "III-7-R1-5-physical-detail"}, set()),
    ),
    "the approved subcontract": (
        ("    subcontracts:\n      - {to: printer, approved: true, approval_date: 2024-02-01}\n", ""),
        ("contracts/c_vendor", "significant", {"III-4-subcontractor-method"}, {"II-4-entrustments"}),
    ),
    "a provision's frequency": (
        ("frequency: 毎月}", "frequency: 毎週}"),
        ("flows/f_claims", "minor", set(), {"II-5-provisions"}),
    ),
    "how paper is destroyed (a store without an id, matched by position)": (
        ("deletion: 溶解処理", "deletion: 裁断"),
        ("stores/paper_archive/#1", "significant", {"III-7-R3-deletion-procedure-content"}, {"II-6-3-deletion"}),
    ),
    "My Number added to a provision": (
        (
            "data: [name, claims], channel: dedicated, relationship: provision",
            "data: [name, claims, mynumber], channel: dedicated, relationship: provision",
        ),
        ("flows/f_claims", "significant", {"I-1-2-business-content", "III-5-R2-measures"}, {"II-5-provisions"}),
    ),
    "the legal basis for using the number": (
        ("別表第一の30の項", "別表第一の31の項"),
        ("scheme/test_kokuho", "significant", {"I-5-legal-basis"}, set()),
    ),
    "a purpose of use": (
        ("purpose: 保険料の算定", "purpose: 保険料の算定と賦課"),
        ("data/income", "significant", {"II-3-6-purpose"}, set()),
    ),
    "two-factor authentication stated": (
        ("operator: kokuho_section}", "operator: kokuho_section, two_factor: true}"),
        ("nodes/address_system", "significant", {"III-3-R2-user-auth-method"}, set()),
    ),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_each_change_is_classified_by_the_form_items_it_alters(edit: str, kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    replacement, (key, cls, starred, others) = EDITS[edit]
    before, after = kokuho_pair(replacement)
    code, report = diff_json(before, after)
    assert list(changes_of(report)) == [key]
    change = changes_of(report)[key]
    assert change["class"] == cls
    assert starred <= set(change["significant_items"])
    assert (starred | others) <= set(change["items"])
    assert set(change["significant_items"]) <= set(change["items"])
    assert report["result"] == cls
    assert code == (1 if cls == "significant" else 0)
    assert report["submission"] == ("before" if cls == "significant" else "after")


def test_a_new_threshold_level_is_significant_and_reported_first(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    before, after = kokuho_pair(("people_count: 150000\n  handlers", "people_count: 350000\n  handlers"))
    code, report = diff_json(before, after)
    assert code == 1
    assert report["threshold"] == {
        "changed": True,
        "before": "priority",
        "after": "full",
        "why": report["threshold"]["why"],
        "reference": report["threshold"]["reference"],
    }
    assert report["result"] == "significant"
    assert changes_of(report)["scheme/test_kokuho"]["class"] == "minor"  # the head-count band alone is not ※
    assert "VI-1-2-threshold-result" in {i["id"] for i in report["items"]}
    assert [s["id"] for s in report["steps"]] == [
        "reassessment",
        "public_comment",
        "third_party_check",
        "submit_before",
    ]
    assert all(s["required"] for s in report["steps"])
    text = run_cli("diff", before, after).stdout
    lines = text.splitlines()
    threshold_line = next(i for i, line in enumerate(lines) if "しきい値判断の結果が変わる" in line)
    assert threshold_line < next(i for i, line in enumerate(lines) if line.startswith("軽微な変更"))
    assert "原則30日以上" in text and "第三者点検" in text and "事前" in text


def test_steps_not_required_at_the_level_are_marked_voluntary(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    """重点項目評価 needs re-assessment before the change, but not public comment or the third-party check."""
    before, after = kokuho_pair(
        ("declared_assessment: full", "declared_assessment: priority"), ("別表第一の30の項", "別表第一の31の項")
    )
    _, report = diff_json(before, after)
    assert report["level"] == "priority"
    required = {s["id"]: s["required"] for s in report["steps"]}
    assert required == {
        "reassessment": True,
        "public_comment": False,
        "third_party_check": False,
        "submit_before": True,
    }


def test_a_change_of_substance_fails_only_with_fail_on_any(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    before, after = kokuho_pair(("frequency: 毎月}", "frequency: 毎週}"))
    assert diff_json(before, after)[0] == 0
    assert diff_json(before, after, "--fail-on", "any")[0] == 1
    significant = kokuho_pair(("別表第一の30の項", "別表第一の31の項"), name="significant.yaml")[1]
    assert diff_json(before, significant, "--fail-on", "none")[0] == 0


# ---- the table ------------------------------------------------------------------------------------------
MODELS: dict[str, type[BaseModel]] = {
    "scheme": Scheme,
    "data": DataItem,
    "zones": Zone,
    "nodes": Node,
    "stores": Store,
    "flows": Flow,
    "contracts": Contract,
    "files": PersonalFile,
    "questions": Question,
}


def _attributes(model: type[BaseModel]) -> list[str]:
    names = [field.alias or name for name, field in model.model_fields.items()]
    return [n for n in names if n != "stores"]


@pytest.mark.parametrize("section", sorted(MODELS))
def test_every_attribute_of_the_model_has_a_row(section: str) -> None:
    catalog = change_catalog()
    missing = [a for a in _attributes(MODELS[section]) if a != "id" and not catalog.rules_for(section, "changed", a)]
    assert not missing, f"{section}: no row of catalog/changes.yaml classifies {missing}"
    if section != "scheme":
        for change in ("added", "removed", "renamed"):
            assert catalog.rules_for(section, change), (section, change)


def test_every_row_names_items_conditions_and_keys_that_exist() -> None:
    catalog = change_catalog()
    form = full_item_form()
    sections = {*SECTIONS, "scheme", "stores", "*"}
    for rule in catalog.rules:
        assert set(rule.sections) <= sections, rule.id
        assert set(rule.changes) <= set(CHANGE_KINDS), rule.id
        assert rule.when is None or rule.when in CONDITIONS, rule.id
        assert rule.why.ja and rule.why.en and rule.reference, rule.id
        assert not (rule.editorial and rule.items), rule.id
        for ref in rule.items:
            assert ref.id == HANDOVER_RISK or form.has(ref.id), (rule.id, ref.id)
            assert ref.prefill is None or ref.prefill in PREFILLERS, (rule.id, ref.prefill)
    relationships = vocabulary("relationships")
    assert set(catalog.handover_risk) == set(relationships.ids)
    for items in catalog.handover_risk.values():
        assert all(form.has(i) and form.item(i).significant for i in items)


def test_every_class_says_when_it_is_submitted_and_what_follows() -> None:
    catalog = change_catalog()
    assert catalog.classes["significant"].timing == catalog.classes["threshold"].timing == "before"
    assert catalog.classes["minor"].timing == "after"
    assert catalog.classes["none"].timing is None
    assert set(catalog.steps) == {"significant", "minor", "none"}
    timing = {c.id for c in full_item_form().choice_sets["change_timing"]}
    assert {c.timing for c in catalog.classes.values()} - {None} <= timing
