"""``-o`` as a user gets it wrong: onto the model, an include, the triage or policy file, a YAML name, a missing
folder, a folder, a full disk. Each is refused with a message naming the file, exit 2, and nothing read is
changed. And a glob that picks up the tool's own files beside the models still checks the models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli

MODEL = "meguro-engagement-survey.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "flows" / "examples").mkdir(parents=True)
    shutil.copytree(EXAMPLES.parent / "shared", root / "flows" / "shared")
    shutil.copy(EXAMPLES / MODEL, root / "flows" / "examples" / MODEL)
    (root / "pia-project.yaml").write_text("", encoding="utf-8")
    (root / "pia-policy.yaml").write_text("rules: {}\n", encoding="utf-8")
    model = root / "flows" / "examples" / MODEL
    (model.parent / "meguro-engagement-survey.triage.yaml").write_text("decisions: []\n", encoding="utf-8")
    return model


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


COMMANDS = {
    "check text": ("check", "{model}", "-o", "{target}"),
    "check csv": ("check", "{model}", "-f", "csv", "-o", "{target}"),
    "check sarif": ("check", "{model}", "-f", "sarif", "-o", "{target}"),
    "schema": ("schema", "-o", "{target}"),
}
TARGETS = {
    "the model": ("{model}", ""),
    "an include": ("{root}/flows/shared/meguro-standard.yaml", ""),
    "the triage file": ("{dir}/meguro-engagement-survey.triage.yaml", ""),
    "the policy file": ("{root}/pia-policy.yaml", ""),
    "a new YAML name": ("{dir}/report.yaml", ""),
    "a folder": ("{dir}", ""),
}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_output_never_replaces_what_was_read(project: Path, command: str, target: str, lang: str) -> None:
    root = project.parents[2]
    values = {"model": project, "root": root, "dir": project.parent}
    path = TARGETS[target][0].format(**values)
    before = _snapshot(root)
    result = run_cli(*(arg.format(**values, target=path) for arg in COMMANDS[command]), "--lang", lang)
    assert result.exit_code == 2, (command, target, result.stdout, result.stderr)
    assert Path(path).name in result.stderr, result.stderr
    assert ("エラー" if lang == "ja" else "error") in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(root) == before, "a refused -o changed a file"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_disk_is_an_error_not_a_traceback(project: Path) -> None:
    result = run_cli("check", project, "-f", "json", "-o", "/dev/full")
    assert result.exit_code == 2
    assert "/dev/full" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_folder_is_made_and_said(project: Path) -> None:
    target = project.parent / "out" / "deeper" / "report.json"
    result = run_cli("check", project, "-f", "json", "-o", target, "--fail-on", "none")
    assert result.exit_code == 0 and json.loads(target.read_text(encoding="utf-8"))["files"]
    assert "フォルダ" in result.stderr and "を作った" in result.stderr
    blocked = project.parent / "report.json"
    blocked.write_text("{}", encoding="utf-8")
    result = run_cli("check", project, "-f", "json", "-o", blocked / "x.json", "--lang", "en")
    assert result.exit_code == 2 and "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_a_good_output_is_written(project: Path) -> None:
    target = project.parent / "report.sarif"
    result = run_cli("check", project, "-f", "sarif", "-o", target, "--fail-on", "none")
    assert result.exit_code == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["runs"]


def test_a_glob_with_review_files_beside_the_models_still_checks_them(project: Path) -> None:
    folder = project.parent
    assessment = folder / "meguro-engagement-survey.assessment.yaml"
    assessment.write_text("", encoding="utf-8")  # even a broken one: it is not a model and is not read here
    globbed = [*sorted(folder.glob("*.yaml")), folder.parents[1] / "pia-policy.yaml"]
    target = folder / "x.sarif"
    result = run_cli("check", *globbed, "-f", "sarif", "-o", target, "--fail-on", "none")
    assert result.exit_code == 0, result.stderr
    assert "評価書ファイルなので点検しない" in result.stderr
    assert "判断記録" in result.stderr and "ポリシー" in result.stderr
    runs = json.loads(target.read_text(encoding="utf-8"))["runs"]
    assert runs and runs[0]["results"], "the model itself was checked"
    only_companions = run_cli("check", assessment, "--lang", "en")
    assert only_companions.exit_code == 2 and "none of the 1 file(s) given is a model" in only_companions.stderr
