"""Fixtures for the change-review tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.diff.helpers import KOKUHO, project

Edited = Callable[..., tuple[Path, Path]]


@pytest.fixture
def kokuho_pair(tmp_path: Path) -> Edited:
    """``kokuho_pair((old, new), ...)``: the test scheme as ``before.yaml`` and, with each text replaced (each
    must occur), as ``after.yaml``, in one project folder."""
    folder = project(tmp_path)

    def write(*replacements: tuple[str, str], name: str = "after.yaml") -> tuple[Path, Path]:
        before = folder / "before.yaml"
        shutil.copy(KOKUHO, before)
        text = KOKUHO.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new)
        after = folder / name
        after.write_text(text, encoding="utf-8")
        return before, after

    return write
