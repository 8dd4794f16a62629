"""Layout snapshots of the main screens at 80×24 and 120×40 (pytest-textual-snapshot).

They use the small fixture model, opened from its own folder so that file paths in the evidence are short and
the same on every machine; the saved-time clock is frozen. Update after a deliberate change with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import make_app


@pytest.fixture
def fixture_app(small_model: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(small_model.parent)
    return make_app(Path(small_model.name))


def test_review_screen_80x24(snap_compare, fixture_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(fixture_app, terminal_size=(80, 24))


def test_review_screen_on_a_finding_120x40(snap_compare, fixture_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(fixture_app, terminal_size=(120, 40), press=["f", "2"])


def test_findings_list_80x24(snap_compare, fixture_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(fixture_app, terminal_size=(80, 24), press=["l"])


def test_threshold_120x40(snap_compare, fixture_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(fixture_app, terminal_size=(120, 40), press=["t"])


def test_review_screen_light_theme_80x24(snap_compare, fixture_app) -> None:  # type: ignore[no-untyped-def]
    def light(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.theme = "textual-light"

    assert snap_compare(fixture_app, terminal_size=(80, 24), press=["f"], run_before=light)
