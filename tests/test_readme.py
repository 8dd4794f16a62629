"""The README works as written: its shell blocks and YAML files, in order, in an empty folder, as a new user
copies them (``make`` lines aside — they set up this checkout). A YAML block is a file when its fence says
``yaml file=PATH``; every YAML block must be one, so no snippet goes untested."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.S | re.M)


def _blocks() -> list[tuple[str, str, str]]:
    return [(m.group(1), m.group(2).strip(), m.group(3)) for m in FENCE.finditer(README.read_text(encoding="utf-8"))]


def _script() -> str:
    """The README's blocks as one shell script: shell lines run, YAML blocks written where they appear."""
    lines = ["set -euo pipefail"]
    for language, info, body in _blocks():
        if language == "sh":
            lines += [line for line in body.splitlines() if not line.lstrip().startswith("make ")]
        elif language == "yaml":
            target = info.removeprefix("file=")
            lines.append(f"mkdir -p \"$(dirname '{target}')\"\ncat > '{target}' <<'README_EOF'\n{body}README_EOF")
    return "\n".join(lines) + "\n"


def test_every_yaml_block_names_its_file() -> None:
    yaml_blocks = [info for language, info, _ in _blocks() if language == "yaml"]
    assert yaml_blocks, "the README shows a model"
    assert all(info.startswith("file=") for info in yaml_blocks), yaml_blocks


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_readme_runs_in_an_empty_folder(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "pia").exists():
        pytest.skip("pia is not installed beside this Python")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "120"}
    result = subprocess.run(
        ["bash", "-c", _script()], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    project = tmp_path / "my-ward"
    assert (project / "childbirth.svg").stat().st_size > 1000 or shutil.which("dot") is None
    checked = subprocess.run(
        [str(bin_dir / "pia"), "check", "schemes/childbirth.yaml", "-f", "json", "--fail-on", "none"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    model = json.loads(checked.stdout)["files"][0]
    assert model["triage_file"] and model["policy"], "the README's triage and policy files are read"
    assert not model["stale_decisions"], "every README decision matches a finding"
