"""A dialog closed by the next key, before it has finished mounting (the key that opened it and Esc in one burst,
a fast typist, a paste): no crash, and the review screen is back with its one editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region

from pia_toolkit.tui.screens.review import ReviewScreen
from pia_toolkit.tui.widgets.steady import SteadyTextArea
from tests.tui.conftest import make_app
from tests.tui.test_monkey import no_slow_exports  # noqa: F401 - a fixture: the diagram and PDF return at once

DIALOGS = ["keys", "findings", "triage", "threshold", "diagram", "source", "export"]
"""The review screen's actions that open a dialog."""


@pytest.mark.usefixtures("no_slow_exports")
@pytest.mark.parametrize("how", ["its own close key", "popped by the app"])
@pytest.mark.parametrize("action", DIALOGS)
async def test_a_dialog_closed_while_it_mounts(example: Path, action: str, how: str) -> None:
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
            # in the same turn, before it has mounted: Esc, or anything else that takes it off the stack
            if how == "popped by the app":
                app.pop_screen()
            else:
                dialog.action_close()  # type: ignore[attr-defined]
            await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert app.screen is review


async def test_a_removed_text_area_draws_nothing(example: Path) -> None:
    """Textual may draw a removed TextArea once more from the last frame, after its styles are gone."""
    app = make_app(example)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        area = SteadyTextArea("回答")
        await app.screen.mount(area)
        await area.remove()
        lines = area.render_lines(Region(0, 0, 10, 2))
        assert [line.text for line in lines] == [" " * 10, " " * 10]
