"""A dialog closed by the next key, before it has finished mounting (the key that opened it and Esc in one burst,
a fast typist, a paste): no crash, and the review screen is back with its one editor."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_toolkit.tui.screens.review import ReviewScreen
from tests.tui.conftest import make_app
from tests.tui.test_monkey import no_slow_exports  # noqa: F401 - a fixture: the diagram and PDF return at once

DIALOGS = ["keys", "findings", "triage", "threshold", "diagram", "source", "export"]
"""The review screen's actions that open a dialog."""


@pytest.mark.usefixtures("no_slow_exports")
@pytest.mark.parametrize("action", DIALOGS)
async def test_a_dialog_closed_while_it_mounts(example: Path, action: str) -> None:
    app = make_app(example)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await review.run_action("next_finding")  # an item with findings: triage and source open on it
        await pilot.pause()
        for _ in range(10):
            await review.run_action(action)
            dialog = app.screen
            assert dialog is not review, f"{action} opened nothing"
            dialog.action_close()  # type: ignore[attr-defined]  # Esc in the same turn, before it has mounted
            await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert app.screen is review
