"""``pia review`` as a command: bad input stops with located errors; other commands never load Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import run_cli


def test_review_of_a_broken_model_names_the_file_and_line(tmp_path: Path) -> None:
    model = tmp_path / "broken.yaml"
    model.write_text(
        "version: 1\nscheme:\n  id: x\n  title: t\n  municipality: m\n  business: b\nnodes: 3\n", encoding="utf-8"
    )
    result = run_cli("review", model)
    assert result.exit_code == 2
    assert "broken.yaml:7:" in result.stderr
    assert not (tmp_path / "broken.assessment.yaml").exists()


def test_other_commands_do_not_import_textual() -> None:
    code = "import sys; from pia.cli import build_app; build_app(); print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
