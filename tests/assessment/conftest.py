"""Fixtures for the assessment tests: a writable copy of the test model, and a threshold-model writer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
KOKUHO = FIXTURES / "kokuho.yaml"


def project(tmp_path: Path) -> Path:
    """A folder marked as a project root (includes may not leave it)."""
    folder = tmp_path / "project"
    folder.mkdir(exist_ok=True)
    (folder / "pia-project.yaml").write_text("# project root\n", encoding="utf-8")
    return folder


@pytest.fixture
def kokuho(tmp_path: Path) -> Path:
    """A writable copy of the test scheme (kokuho.yaml)."""
    target = project(tmp_path) / "kokuho.yaml"
    shutil.copy(KOKUHO, target)
    return target


def _yaml_value(value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


ThresholdModel = Callable[..., Path]


@pytest.fixture
def threshold_model(tmp_path: Path) -> ThresholdModel:
    """Write a minimal My Number model with the three threshold inputs (None = unknown)."""
    folder = project(tmp_path)

    def write(
        people: int | None,
        staff: int | None = 0,
        contractor: int | None = 0,
        incident: bool | None = False,
        declared: str = "full",
        *,
        extra: str = "",
        my_number: bool = True,
    ) -> Path:
        path = folder / f"t_{people}_{staff}_{contractor}_{incident}_{declared}_{len(extra)}_{my_number}.yaml"
        # Unknown inputs are left out (which means unknown): see the report on `ge=0` with "unknown".
        handlers = ", ".join(
            f"{k}: {v}" for k, v in (("staff", staff), ("contractor_staff", contractor)) if v is not None
        )
        lines = [
            "scheme:",
            "  id: thr",
            "  title: しきい値テスト",
            "  municipality: テスト区",
            "  business: テスト事務",
            f"  declared_assessment: {declared}",
            f"  handlers: {{{handlers}}}",
            f"  serious_incident_last_year: {_yaml_value(incident)}",
        ]
        if people is not None:
            lines.append(f"  people_count: {people}")
        lines += [f"  {line}" for line in extra.splitlines()]
        category = "my_number" if my_number else "identity"
        lines += ["data:", f"  - {{id: mn, title: 個人番号, category: {category}}}"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write
