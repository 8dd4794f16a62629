"""An assessment names its scheme: a model of another scheme may not write it unless asked to (``--force``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pia_toolkit.pia.assessment.document import Assessment
from tests.conftest import run_cli

ASSESSMENT = "kokuho.assessment.yaml"


@pytest.fixture
def other(kokuho: Path) -> Path:
    """The same model under another scheme id, beside kokuho.yaml (whose assessment exists)."""
    assert run_cli("assess", "init", kokuho).exit_code == 0
    path = kokuho.with_name("other.yaml")
    text = kokuho.read_text(encoding="utf-8")
    assert "  id: test_kokuho\n" in text
    path.write_text(text.replace("  id: test_kokuho\n", "  id: other_scheme\n", 1), encoding="utf-8")
    return path


COMMANDS = [("assess", "init"), ("assess", "status"), ("review",), ("export",)]
"""Every command that opens a model's assessment."""


def refused(command: tuple[str, ...], model: Path) -> str:
    """Run ``command`` on ``model`` with kokuho.yaml's assessment (in English): it must exit 2 without a traceback
    and leave the assessment as it was, keep no backup and write no report. Returns what it said."""
    assessment = model.with_name(ASSESSMENT)
    before = assessment.read_bytes()
    extra = ["-o", str(model.with_name("report.pdf"))] if command == ("export",) else []
    result = run_cli(*command, model, "--assessment", assessment, *extra, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert assessment.read_bytes() == before
    assert not model.with_name(ASSESSMENT + ".bak").exists() and not model.with_name("report.pdf").exists()
    return result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_another_schemes_assessment_is_refused_and_left_alone(other: Path, command: tuple[str, ...]) -> None:
    said = refused(command, other)
    assert re.search(rf"{re.escape(ASSESSMENT)}:\d+:\d+: this assessment belongs to scheme 'test_kokuho'", said)
    assert "not to the model's scheme 'other_scheme'" in said and "--force" in said


def test_the_refusal_is_in_japanese_by_default(other: Path) -> None:
    result = run_cli("assess", "init", other, "-a", other.with_name(ASSESSMENT))
    assert result.exit_code == 2
    assert "この評価書は事務 'test_kokuho' のもの" in result.stderr and "pia assess init --force" in result.stderr


def test_force_refreshes_it_for_the_other_scheme_and_keeps_the_previous_version(other: Path) -> None:
    assessment = other.with_name(ASSESSMENT)
    Assessment.load(assessment).set_verdict("I-7-2-section-head", "adequate")
    before = assessment.read_bytes()
    result = run_cli("assess", "init", other, "--assessment", assessment, "--force", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "the previous version is kept in" in result.stdout and f"{ASSESSMENT}.bak" in result.stdout
    refreshed = Assessment.load(assessment)
    assert refreshed.header["scheme"] == "other_scheme"
    assert refreshed.state("I-7-2-section-head").verdict == "adequate", "the reviewer's verdicts are kept"
    assert other.with_name(ASSESSMENT + ".bak").read_bytes() == before
    # now it is the other scheme's: the first model is the one refused
    again = run_cli("assess", "status", other.with_name("kokuho.yaml"), "--lang", "en")
    assert again.exit_code == 2 and "belongs to scheme 'other_scheme'" in again.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_another_models_assessment_is_refused_like_another_schemes(kokuho: Path, command: tuple[str, ...]) -> None:
    """The same scheme copied to another file: its assessment names kokuho.yaml, not the copy."""
    assert run_cli("assess", "init", kokuho).exit_code == 0
    copy = kokuho.with_name("copy.yaml")
    copy.write_bytes(kokuho.read_bytes())
    said = refused(command, copy)
    assert re.search(
        rf"{re.escape(ASSESSMENT)}:\d+:\d+: this assessment is for the model 'kokuho.yaml' \(the header's model\), "
        r"not for .*copy\.yaml; open it with that model \(or make it this model's with pia assess init --force\)",
        said,
    ), said


def test_force_makes_another_models_assessment_this_ones(kokuho: Path) -> None:
    reviews = kokuho.parent / "reviews"
    reviews.mkdir()
    assessment = reviews / "a.assessment.yaml"
    assert run_cli("assess", "init", kokuho, "--assessment", assessment).exit_code == 0
    assert Assessment.load(assessment).header["model"] == "../kokuho.yaml", "relative, so the project can move"
    copy = kokuho.with_name("copy.yaml")
    copy.write_bytes(kokuho.read_bytes())
    result = run_cli("assess", "init", copy, "--assessment", assessment, "--force")
    assert result.exit_code == 0, result.stderr
    assert Assessment.load(assessment).header["model"] == "../copy.yaml"
    assert run_cli("assess", "status", copy, "--assessment", assessment).exit_code == 0
    assert run_cli("assess", "status", kokuho, "--assessment", assessment).exit_code == 2
