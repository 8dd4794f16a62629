"""Helpers for the change-review tests: run ``pia diff`` for its JSON, a project folder, git in a test repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_cli

KOKUHO = ROOT / "tests" / "assessment" / "fixtures" / "kokuho.yaml"
CHANGES = ROOT / "flows" / "examples" / "changes"


def diff_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    """``pia diff ARGS -f json``: the exit code and the report."""
    result = run_cli("diff", *args, "--format", "json")
    assert result.stdout.strip(), result.stderr
    return result.exit_code, json.loads(result.stdout)


def changes_of(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["key"]: c for c in report["changes"]}


def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir(exist_ok=True)
    (folder / "pia-project.yaml").write_text("# project root\n", encoding="utf-8")
    return folder


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        check=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(folder),
            "PATH": "/usr/bin:/bin:/usr/local/bin",
        },
    )
    return result.stdout


requires_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
