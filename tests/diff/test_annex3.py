"""``pia assess init NEW --since OLD``: the reviewer's answers stay, the items the change alters are marked, and
別添3 gets one row per altered item with 事前 for a 重要な変更 and 事後 otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from pia_toolkit.pia.assessment.document import Assessment, assessment_path
from tests.conftest import run_cli
from tests.diff.helpers import KOKUHO, project

OWNER_TEXT = "国保の資格管理と療養費の支給を行う（担当者が記入）"


@pytest.fixture
def changed(tmp_path: Path) -> tuple[Path, Path]:
    """model.yaml with its assessment (one answer entered by the owner), then moved on from model-v1.yaml: the
    cloud now keeps the file abroad (重要な変更) and the system keeps it longer (軽微な変更)."""
    folder = project(tmp_path)
    model = folder / "model.yaml"
    shutil.copy(KOKUHO, model)
    assert run_cli("assess", "init", model).exit_code == 0
    document = Assessment.load(assessment_path(model))
    document.set_answer("I-1-2-business-content", OWNER_TEXT)
    old = folder / "model-v1.yaml"
    shutil.copy(model, old)
    text = model.read_text(encoding="utf-8")
    text = text.replace("location: {country: JP, region: 東京都", "location: {country: US, region: 東京都")
    text = text.replace("retention: 5年, deletion: 専用ソフト", "retention: 10年, deletion: 専用ソフト")
    model.write_text(text, encoding="utf-8")
    return model, old


def _rows(model: Path) -> list[dict[str, Any]]:
    rows = Assessment.load(assessment_path(model)).state("ANNEX3-1-changes").answer
    assert isinstance(rows, list)
    return rows


def test_init_since_keeps_answers_marks_altered_items_and_fills_annex3(changed: tuple[Path, Path]) -> None:
    model, old = changed
    result = run_cli("assess", "init", model, "--since", old, "--change-date", "2026-04-01")
    assert result.exit_code == 0, result.stderr
    assert "別添3（変更箇所）に" in result.stdout
    document = Assessment.load(assessment_path(model))
    assert document.state("I-1-2-business-content").answer == OWNER_TEXT
    entry = document.data["items"]["II-6-1-storage-place"]
    marker = entry["changed_since"]
    assert marker["ref"] == str(old)
    assert "JP" in marker["before"] and "US" in document.state("II-6-1-storage-place").answer
    assert list(marker["changes"]) == ["nodes/vendor_cloud"]
    rows = {row["item"]: row for row in _rows(model)}
    storage, retention = rows["Ⅱ 6① 保管場所"], rows["Ⅱ 6② 保管期間"]
    assert storage["date"] == retention["date"] == "2026-04-01"
    assert (storage["timing"], retention["timing"]) == ("before", "after")
    assert "JP" in storage["before"] and "US" in storage["after"]
    assert "重要な変更" in storage["timing_reason"] and "Ⅱ 6① 保管場所" in storage["timing_reason"]
    assert "軽微な変更" in retention["timing_reason"]
    physical = rows["Ⅲ 7 リスク1 ⑤ 具体的な対策の内容"]  # no pre-filled answer: the change is named for the owner
    assert "nodes/vendor_cloud" in physical["after"] and physical["timing"] == "before"
    assert document.state("ANNEX3-1-changes").source == "entered"


def test_running_it_again_adds_no_row_twice(changed: tuple[Path, Path]) -> None:
    model, old = changed
    for _ in range(2):
        assert run_cli("assess", "init", model, "--since", old).exit_code == 0
    rows = _rows(model)
    assert len(rows) == len({(r["item"], r["before"], r["after"]) for r in rows})
    assert run_cli("assess", "status", model).exit_code == 0


def test_a_plain_refresh_afterwards_keeps_the_change_record(changed: tuple[Path, Path]) -> None:
    model, old = changed
    assert run_cli("assess", "init", model, "--since", old).exit_code == 0
    before = _rows(model)
    assert run_cli("assess", "init", model).exit_code == 0
    document = Assessment.load(assessment_path(model))
    assert _rows(model) == before and not document.state("ANNEX3-1-changes").stale


def test_a_bad_date_or_an_unreadable_old_version_exits_2_and_writes_nothing(changed: tuple[Path, Path]) -> None:
    model, old = changed
    saved = assessment_path(model).read_text(encoding="utf-8")
    bad_date = run_cli("assess", "init", model, "--since", old, "--change-date", "2026/04/01")
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.stderr
    missing = run_cli("assess", "init", model, "--since", model.with_name("nowhere.yaml"), "--lang", "en")
    assert missing.exit_code == 2 and "nowhere.yaml does not exist" in missing.stderr
    assert assessment_path(model).read_text(encoding="utf-8") == saved
