"""``SOURCE_DATE_EPOCH`` pins every date the tool writes; a malformed one stops each command before it starts."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from ruamel.yaml import YAML

from tests.conftest import run_cli

PINNED = "1764633600"  # 2025-12-02 00:00:00 UTC


def _model(flows_copy: Path) -> Path:
    return flows_copy / "examples" / "patterns" / "usb-handover.yaml"


def test_a_pinned_clock_dates_the_assessment_and_the_pdf(
    flows_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED)
    model = _model(flows_copy)
    assessment = tmp_path / "out.assessment.yaml"
    assert run_cli("assess", "init", model, "--assessment", assessment).exit_code == 0
    header = YAML(typ="safe").load(assessment.read_text(encoding="utf-8"))["assessment"]
    assert (header["created"], header["updated"]) == ("2025-12-02", "2025-12-02T00:00:00")

    pdf = tmp_path / "out.pdf"
    assert run_cli("export", model, "--assessment", assessment, "-o", pdf).exit_code == 0
    reader = PdfReader(str(pdf))
    assert "2025年12月2日" in (reader.pages[0].extract_text() or "")
    assert reader.metadata is not None and reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.replace(tzinfo=None) == dt.datetime(2025, 12, 2)


def test_without_a_pin_the_assessment_is_dated_today(flows_copy: Path, tmp_path: Path) -> None:
    before = dt.date.today().isoformat()
    assessment = tmp_path / "out.assessment.yaml"
    assert run_cli("assess", "init", _model(flows_copy), "--assessment", assessment).exit_code == 0
    created = YAML(typ="safe").load(assessment.read_text(encoding="utf-8"))["assessment"]["created"]
    assert created in {before, dt.date.today().isoformat()}  # a run across midnight may write either


# Anything but ASCII decimal digits, or digits past the year 9999: what the specification calls malformed.
_MALFORMED = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1).filter(
        lambda value: not (value.isascii() and value.isdigit())
    ),
    st.integers(min_value=253402300800, max_value=10**30).map(str),
)


@settings(max_examples=25, deadline=None)
@given(value=_MALFORMED)
def test_a_malformed_pin_stops_the_command_and_names_the_variable(value: str) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = value
    try:
        result = run_cli("check", "no-such-model.yaml", "--lang", "en")
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert result.exit_code == 2
    assert "Environment variable SOURCE_DATE_EPOCH=" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_malformed_pin_writes_nothing(flows_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2025-12-02")
    assessment = tmp_path / "out.assessment.yaml"
    result = run_cli("assess", "init", _model(flows_copy), "--assessment", assessment)
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH=2025-12-02" in result.stderr and "秒数" in result.stderr
    assert not assessment.exists()
    assert run_cli("export", _model(flows_copy), "-o", tmp_path / "out.pdf").exit_code == 2
    assert not (tmp_path / "out.pdf").exists()
