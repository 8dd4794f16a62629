"""What is not a change: a model against itself, against a copy whose titles, notes and comments were rewritten,
and against a copy whose ids were renamed (references rewritten with them)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import EXAMPLES, run_cli
from tests.diff.helpers import changes_of, diff_json

MODELS = sorted(
    [p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.glob("*.yaml")]
    + [p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.glob("changes/*/after.yaml")]
)
WORDING = {"title": "（改訂）", "title_en": " (revised)", "note": " 注記を書き直した。"}


def _reword(value: Any) -> None:
    """Every title, English title and note rewritten, at any depth."""
    if isinstance(value, dict):
        for key in list(value):
            if key in WORDING and isinstance(value[key], str):
                value[key] = value[key] + WORDING[key]
            else:
                _reword(value[key])
    elif isinstance(value, list):
        for entry in value:
            _reword(entry)


def reworded_copy(model: Path) -> Path:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    data = yaml.load(model.read_text(encoding="utf-8"))
    _reword(data)
    data.yaml_set_start_comment("書き直した版: 名称・注記・コメントだけが違う")
    out = io.StringIO()
    yaml.dump(data, out)
    copy = model.with_name(model.stem + ".reworded.yaml")
    copy.write_text("# 先頭のコメントも変えた\n" + out.getvalue(), encoding="utf-8")
    return copy


@pytest.mark.parametrize("model", MODELS)
def test_a_model_against_itself_has_no_change(model: str) -> None:
    path = EXAMPLES / model
    code, report = diff_json(path, path)
    assert code == 0
    assert report["changes"] == [] and report["items"] == []
    assert report["result"] == "none"
    assert not report["findings"]["new"] and not report["findings"]["resolved"]


@pytest.mark.parametrize("model", MODELS)
def test_only_titles_notes_and_comments_changed_is_no_change_in_substance(model: str, flows_copy: Path) -> None:
    original = flows_copy / "examples" / model
    code, report = diff_json(original, reworded_copy(original), "--fail-on", "any")
    assert code == 0
    assert report["result"] == "none"
    assert report["changes"], "the titles did change"
    assert {c["class"] for c in report["changes"]} == {"none"}
    assert report["submission"] is None


def test_wording_changes_are_shown_apart_and_say_nothing_is_to_be_submitted(flows_copy: Path) -> None:
    original = flows_copy / "examples" / "setagaya-999-childbirth-support.yaml"
    result = run_cli("diff", original, reworded_copy(original))
    assert result.exit_code == 0
    assert "実質的な変更なし" in result.stdout
    assert "評価書に記載する変更はない" in result.stdout


def test_a_renamed_id_with_its_references_is_a_rename(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    before, after = kokuho_pair(("printer", "print_vendor"))  # node, flow end, contract subcontract
    code, report = diff_json(before, after, "--fail-on", "any")
    assert code == 0
    assert [(c["key"], c["change"], c["old_id"], c["class"]) for c in report["changes"]] == [
        ("nodes/print_vendor", "renamed", "printer", "none")
    ]


def test_renamed_data_item_and_zone_are_renames_and_nothing_that_names_them_changed(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    before, after = kokuho_pair(
        ("phone", "telephone"), ("id: dc,", "id: datacentre,"), ("zone: dc", "zone: datacentre")
    )
    _, report = diff_json(before, after)
    found = {(c["key"], c["change"], c["old_id"]) for c in report["changes"]}
    assert found == {("data/telephone", "renamed", "phone"), ("zones/datacentre", "renamed", "dc")}


def test_a_renamed_id_whose_content_also_changed_is_a_removal_and_an_addition(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    before, after = kokuho_pair(
        ("id: f_claims, step: 8", "id: f_claims_monthly, step: 8"), ("frequency: 毎月}", "frequency: 毎週}")
    )
    _, report = diff_json(before, after)
    changes = changes_of(report)
    assert changes["flows/f_claims_monthly"]["change"] == "added"
    assert changes["flows/f_claims"]["change"] == "removed"


def test_a_flow_renamed_and_renumbered_in_one_edit_is_still_a_rename(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    """Step numbers are presentation: the new number is shown as a change of the renamed flow, not as a new flow."""
    before, after = kokuho_pair(("id: f_claims, step: 8", "id: f_claims_monthly, step: 18"))
    _, report = diff_json(before, after)
    change = changes_of(report)["flows/f_claims_monthly"]
    assert (change["change"], change["old_id"], change["class"]) == ("changed", "f_claims", "none")
    assert [a["name"] for a in change["attributes"]] == ["step"]
    assert "flows/f_claims" not in changes_of(report)
