"""A ward's repository: one model with an include, three commits. ``--since REV`` reads the model and its include
as they were at that revision, without touching the work tree; bad revisions and absent files exit 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.diff.helpers import changes_of, diff_json, git, requires_git

SHARED = """\
zones:
  - {id: lgwan, title: LGWAN接続系, kind: lgwan}
  - {id: dc, title: 委託先データセンター, kind: contractor_premises}
nodes:
  - {id: ward, title: 区, kind: ward}
  - id: vendor_cloud
    title: 受付クラウド
    kind: cloud_service
    zone: dc
    location: {country: JP, basis: contract}
    stores:
      - {id: applications, data: [name, address], retention: 1年, deletion: 契約終了時に消去}
"""
MODEL = """\
# 区の申請受付（テスト用）
scheme:
  id: ward_intake
  title: 申請受付
  municipality: テスト区
  business: 申請の受付
include: [../shared/ward.yaml]
data:
  - {id: name, title: 氏名, category: identity, purpose: 受付}
  - {id: address, title: 住所, category: identity, purpose: 受付}
nodes:
  - id: section
    title: 受付課
    kind: section
    stores:
      - {id: ledger, data: [name, address], retention: 5年}
flows:
  - {id: f_entrust, from: section, to: vendor_cloud, data: [name, address], channel: lgwan, protection: [tls], relationship: entrustment}
"""


@pytest.fixture
def ward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HEAD~2: the model as first written; HEAD~1: the shared fragment moves the cloud abroad (a 重要な変更);
    HEAD: the model keeps its ledger longer (a 軽微な変更). The working folder is the repository."""
    repo = tmp_path / "ward"
    (repo / "flows" / "shared").mkdir(parents=True)
    (repo / "flows" / "intake").mkdir()
    git(repo, "init", "-q")
    (repo / "pia-project.yaml").write_text("# the ward's models\n", encoding="utf-8")
    shared, model = repo / "flows" / "shared" / "ward.yaml", repo / "flows" / "intake" / "intake.yaml"
    shared.write_text(SHARED, encoding="utf-8")
    model.write_text(MODEL, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    shared.write_text(SHARED.replace("country: JP", "country: US"), encoding="utf-8")
    git(repo, "commit", "-qam", "the cloud moves")
    model.write_text(MODEL.replace("retention: 5年", "retention: 10年"), encoding="utf-8")
    git(repo, "commit", "-qam", "keep the ledger longer")
    monkeypatch.chdir(repo)
    return repo


MODEL_PATH = "flows/intake/intake.yaml"


@requires_git
def test_since_the_last_commit_only_the_retention_changed(ward: Path) -> None:
    code, report = diff_json(MODEL_PATH, "--since", "HEAD~1")
    assert code == 0
    assert report["old"]["label"] == "HEAD~1:flows/intake/intake.yaml"
    assert {k: c["class"] for k, c in changes_of(report).items()} == {"stores/section/ledger": "minor"}


@requires_git
def test_since_two_commits_the_include_is_read_at_that_revision_too(ward: Path) -> None:
    code, report = diff_json(MODEL_PATH, "--since", "HEAD~2")
    assert code == 1
    changes = changes_of(report)
    assert set(changes) == {"nodes/vendor_cloud", "stores/section/ledger"}
    cloud = changes["nodes/vendor_cloud"]
    assert cloud["attributes"][0]["name"] == "location.country"
    assert (cloud["attributes"][0]["before"], cloud["attributes"][0]["after"]) == ("JP", "US")
    assert "II-6-1-storage-place" in cloud["significant_items"]


@requires_git
def test_both_sides_may_be_revisions_and_the_work_tree_is_left_alone(ward: Path) -> None:
    (ward / "flows" / "intake" / "intake.yaml").write_text(MODEL + "# an edit not yet committed\n", encoding="utf-8")
    status = git(ward, "status", "--porcelain")
    code, report = diff_json("HEAD~2:flows/intake/intake.yaml", "HEAD~1:flows/intake/intake.yaml")
    assert code == 1
    assert set(changes_of(report)) == {"nodes/vendor_cloud"}
    assert git(ward, "status", "--porcelain") == status
    assert not list(ward.rglob("pia-diff-*"))


@requires_git
def test_a_relative_path_from_a_subfolder_names_the_same_file(ward: Path) -> None:
    os.chdir(ward / "flows")
    code, report = diff_json("intake/intake.yaml", "--since", "HEAD~1")
    assert code == 0 and set(changes_of(report)) == {"stores/section/ledger"}


@requires_git
@pytest.mark.parametrize(
    ("args", "ja", "en"),
    [
        ((MODEL_PATH, "--since", "v2024"), "リビジョン v2024 が", "there is no revision v2024"),
        (
            ("HEAD~1:flows/intake/other.yaml", MODEL_PATH),
            "flows/intake/other.yaml はリビジョン HEAD~1 に存在しない",
            "did not exist at revision HEAD~1",
        ),
        ((MODEL_PATH, "--since", "HEAD~9"), "リビジョン HEAD~9 が", "there is no revision HEAD~9"),
    ],
)
def test_an_unknown_revision_or_an_absent_file_exits_2_with_a_clear_message(
    ward: Path, args: tuple[str, ...], ja: str, en: str
) -> None:
    result = run_cli("diff", *args)
    assert result.exit_code == 2
    assert ja in result.stderr
    english = run_cli("diff", *args, "--lang", "en")
    assert english.exit_code == 2 and en in english.stderr


@requires_git
def test_a_model_with_errors_at_that_revision_is_named_by_revision(ward: Path) -> None:
    model = ward / "flows" / "intake" / "intake.yaml"
    model.write_text(MODEL.replace("kind: section", "kind: sectoin"), encoding="utf-8")
    git(ward, "commit", "-qam", "a typo")
    model.write_text(MODEL, encoding="utf-8")
    result = run_cli("diff", MODEL_PATH, "--since", "HEAD")
    assert result.exit_code == 2
    assert "HEAD:flows/intake/intake.yaml:" in result.stderr
    assert "pia-diff-" not in result.stderr


@requires_git
def test_a_file_outside_any_repository_cannot_be_read_at_a_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "x.yaml").write_text(MODEL, encoding="utf-8")
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run_cli("diff", "x.yaml", "--since", "HEAD")
    assert result.exit_code == 2
    assert "git リポジトリの中にない" in result.stderr


@requires_git
def test_since_may_follow_a_revision_of_the_file(ward: Path) -> None:
    code, report = diff_json("HEAD~1:flows/intake/intake.yaml", "--since", "HEAD~2")
    assert code == 1
    assert report["new"]["label"] == "HEAD~1:flows/intake/intake.yaml"
    assert set(changes_of(report)) == {"nodes/vendor_cloud"}
