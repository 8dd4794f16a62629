"""Shared test helpers: run the CLI as a user would, and copy the examples somewhere writable."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# The consoles take a terminal size given in the environment when they are made (at import), and keep it. A
# runner that sets one (pytest-xdist's workers set COLUMNS=80, LINES=24) would then fix every test's terminal
# at that size; without it, each test's own COLUMNS applies, as it does in a user's terminal.
for _size in ("COLUMNS", "LINES"):
    os.environ.pop(_size, None)

import pytest  # noqa: E402 - the environment above is set first on purpose
from typer.testing import CliRunner  # noqa: E402

from pia_toolkit.pia.checked import CheckedModel, open_model  # noqa: E402
from pia_toolkit.pia.cli import build_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "flows" / "examples"


def run_cli(*args: str | Path):  # type: ignore[no-untyped-def]
    """Invoke ``pia`` with ``args``; the result has exit_code, stdout and stderr (separately)."""
    # A wide virtual terminal, so rich tables do not wrap the words the tests look for.
    return CliRunner().invoke(build_app(), [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "200"})


@pytest.fixture
def flows_copy(tmp_path: Path) -> Path:
    """A writable copy of flows/ (examples include ../shared/), inside a folder that marks a project."""
    target = tmp_path / "project" / "flows"
    shutil.copytree(ROOT / "flows", target, ignore=shutil.ignore_patterns("*.assessment.yaml", "__pycache__"))
    (tmp_path / "project" / "pia-project.yaml").write_text("# marks the project root\n", encoding="utf-8")
    return target


def open_for_review(model: Path) -> CheckedModel:
    """The model as ``pia review`` opens it: checked, with its assessment (created pre-filled and saved)."""
    checked = open_model(model, assessment="prefilled")
    if not checked.document.path.exists():
        checked.document.save()
    return checked
