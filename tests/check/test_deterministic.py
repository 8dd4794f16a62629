"""Every output is the same from run to run: a finding, a diagram or an assessment may not depend on the order in
which Python happens to iterate a set of strings (it changes with every process, by hash randomisation).

A council compares this year's SARIF, PDF and diagram with last year's, and ``pia diff`` compares two versions of
a model; an output that shuffles itself would show changes nobody made. Each run below is a fresh interpreter
with its own ``PYTHONHASHSEED``, writing every output of every example (and of a 100-node synthetic ward, large
enough to hold every shape of hand-over) into the same folder, and one PDF; the runs must write the same bytes.
Their clock is pinned by ``SOURCE_DATE_EPOCH``, so nothing is left out of the comparison, not even the dates.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT

_WRITER = r"""
import hashlib, json, sys
from pathlib import Path
from tests.conftest import run_cli

out = {}
for model in sorted(Path("flows/examples").rglob("*.yaml")):
    if model.name.endswith((".triage.yaml", ".assessment.yaml")) or "shared" in model.parts:
        continue
    name = model.as_posix()
    for label, args in (
        ("json", ["check", model, "-f", "json"]),
        ("sarif", ["check", model, "-f", "sarif"]),
        ("dot", ["render", model, "--findings", "-o", "out.dot"]),
        ("assessment", ["assess", "init", model, "--assessment", "out.assessment.yaml"]),
    ):
        Path("out.assessment.yaml").unlink(missing_ok=True)
        result = run_cli(*args)
        written = {"dot": "out.dot", "assessment": "out.assessment.yaml"}.get(label)
        out[f"{name} {label}"] = Path(written).read_text(encoding="utf-8") if written else result.stdout
for change in sorted(Path("flows/examples/changes").iterdir()):
    if (change / "before.yaml").exists():
        result = run_cli("diff", change / "before.yaml", change / "after.yaml", "-f", "json")
        out[f"{change.name} diff"] = result.stdout
assert run_cli("export", "flows/examples/patterns/usb-handover.yaml", "-o", "out.pdf").exit_code == 0
out["usb-handover pdf"] = hashlib.sha256(Path("out.pdf").read_bytes()).hexdigest()
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def _outputs(folder: Path, seed: str) -> dict[str, str]:
    # The clock pinned as reproducible builds pin it: the dates an assessment and a PDF record are then the same
    # in every run, even in runs on either side of midnight (CI once failed so, with every assessment "changed").
    pinned = {"SOURCE_DATE_EPOCH": "1764633600"}
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT), "COLUMNS": "200", **pinned}
    done = subprocess.run(
        [sys.executable, "-c", _WRITER], cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=True
    )
    outputs: dict[str, str] = json.loads(done.stdout)
    return outputs


def test_every_output_is_the_same_under_another_hash_seed(tmp_path: Path) -> None:
    from benchmarks.synthetic import build_model, to_yaml

    shutil.copytree(
        EXAMPLES.parent, tmp_path / "flows", ignore=shutil.ignore_patterns("*.assessment.yaml", "__pycache__")
    )
    (tmp_path / "pia-project.yaml").write_text("", encoding="utf-8")
    (tmp_path / "flows" / "examples" / "synthetic-100.yaml").write_text(to_yaml(build_model(100)), encoding="utf-8")
    # Seeds that between them put each pair of strings in the rule pack's small sets both ways round (two of
    # the three already order {"media", "flash_memory"} differently, and {"paper", "post"}).
    first, *others = (_outputs(tmp_path, seed) for seed in ("1", "3", "4"))
    assert len(first) > 40  # every example, every output
    for other in others:
        assert other.keys() == first.keys()
        differing = sorted(key for key in first if first[key] != other[key])
        digest = {key: hashlib.sha256(first[key].encode()).hexdigest()[:12] for key in differing}
        assert not differing, f"outputs that change from run to run: {digest}"
