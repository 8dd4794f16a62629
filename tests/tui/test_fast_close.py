"""A dialog closed by the next key, before it has finished mounting (the key that opened it and Esc in one burst,
a fast typist, a paste): no crash, and the review screen is back with its one editor."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.geometry import Region

from pia_toolkit.tui.screens import export
from pia_toolkit.tui.screens.review import ReviewScreen
from pia_toolkit.tui.widgets.steady import SteadySelect, SteadyTextArea
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
            # It closes once it has mounted, which takes a few turns on a busy machine; then the next round.
            for _ in range(200):
                await pilot.pause(0.01)
                if app.screen is review:
                    break
            assert app.is_running
            assert app.screen is review, f"{action}: {app.screen} still open"


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


async def test_a_pdf_finished_after_its_dialog_closed_is_still_reported(
    example: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    closed = threading.Event()
    written = tmp_path / "report.pdf"

    def slow_export(_checked: object, _lang: str = "ja", *, progress: Callable[[str], None]) -> Path:
        closed.wait(timeout=30)  # the reviewer has closed the dialog by now
        progress("別添1")  # still reporting its stages
        written.write_bytes(b"%PDF-1.4\n")
        return written

    monkeypatch.setattr(export, "export_pdf", slow_export)
    app = make_app(example)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await app.screen.run_action("export")
        await pilot.pause()
        dialog = app.screen
        await dialog.run_action("pdf")
        dialog.action_close()  # type: ignore[attr-defined]
        await pilot.pause()
        closed.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if any(written.name in str(n.message) for n in app._notifications):
                break
        assert app.is_running
        assert any(written.name in str(n.message) for n in app._notifications)


async def test_paging_a_folded_option_list_does_nothing(example: Path) -> None:
    """Page Down reaching a select's option list before it was ever unfolded (a burst of keys)."""
    app = make_app(example)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        chooser = SteadySelect([("a", "a"), ("b", "b")], value="a", allow_blank=False)
        await app.screen.mount(chooser)
        await pilot.pause()
        overlay = chooser.query_one("SelectOverlay")
        overlay.action_page_down()  # type: ignore[attr-defined]
        overlay.action_page_up()  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.is_running
        assert chooser.value == "a"
