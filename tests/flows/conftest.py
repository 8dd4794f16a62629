"""Fixtures shared by the loader tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project root: the marker file makes includes resolve inside ``tmp_path`` only."""
    (tmp_path / "pia-project.yaml").write_text("", encoding="utf-8")
    return tmp_path
