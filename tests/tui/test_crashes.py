"""Key sequences that once crashed the app, and what a crash does: exits non-zero and says where the work is."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from pia_toolkit.pia.assessment.document import Assessment, assessment_path
from pia_toolkit.tui import EXIT_CRASHED, run_review
from pia_toolkit.tui.screens.review import ReviewScreen
from pia_toolkit.tui.widgets.editors import AnswerEditor
from tests.conftest import open_for_review
from tests.tui.conftest import running


async def test_search_escape_then_filtering_twice_shows_one_editor(example: Path) -> None:
    """/ 消去 Enter Esc F F mounted a second editor under the id 'answer-editor' (DuplicateIds, then exit 0)."""
    async with running(example, (120, 40)) as (app, pilot):
        await pilot.press("slash", *"消去", "enter", "escape", "F", "F")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.filter_mode == "no_verdict"
        editors = list(screen.query(AnswerEditor))
        assert len(editors) == 1
        assert editors[0].item.id == screen.current_item == screen.panel.item_id
        assert screen.current_item in screen.form_tree.item_order


async def test_keys_faster_than_the_screen_keep_one_editor(example: Path) -> None:
    """Moves and filters pressed without waiting: the last one wins, one editor, the tree and panel agree."""
    async with running(example, (80, 24)) as (app, pilot):
        for keys in (("F", "n", "F", "p"), ("f", "F", "u", "F"), ("n",) * 12, ("F",) * 7):
            for key in keys:
                await pilot.press(key)  # press() waits only for the key, not for the item to be shown
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert len(screen.query(AnswerEditor)) == 1
            assert screen.panel.item_id == screen.current_item


def _crash_on_help(_self: ReviewScreen) -> None:
    raise RuntimeError("a bug in a screen")


def test_a_crash_exits_non_zero_and_says_where_the_assessment_is(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ReviewScreen, "action_keys", _crash_on_help)

    async def answer_then_crash(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("e", *"PIA-1", "enter", "escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()

    with pytest.raises(SystemExit) as stopped:
        run_review(open_for_review(example), "ja", headless=True, size=(100, 30), auto_pilot=answer_then_crash)
    assert stopped.value.code == EXIT_CRASHED != 0
    err = capsys.readouterr().err
    assert "内部エラー" in err and str(assessment_path(example)) in err
    assert "までに確定した" in err, "the time of the last save"
    assert Assessment.load(assessment_path(example)).state("COVER-1-assessment-number").answer == "PIA-1"


def test_quitting_normally_returns(example: Path) -> None:
    async def quit_at_once(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("q")

    run_review(open_for_review(example), "ja", headless=True, size=(100, 30), auto_pilot=quit_at_once)


async def test_leaving_an_item_while_its_editor_is_being_replaced(example: Path) -> None:
    """Esc or l while the panel swaps editors committed an editor whose fields were already removed (Textual
    removes a widget's children first): NoMatches, found by the monkey test. That moment, held still here."""
    from textual.widgets import TextArea

    async with running(example, (120, 40)) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await screen.go_to("I-1-2-business-content")  # a text area
        await pilot.pause()
        editor = screen.query_one(AnswerEditor)
        await editor.query_one(TextArea).remove()  # the editor half removed
        await pilot.press("escape", "l")
        await pilot.pause()
        assert app.is_running
        assert type(app.screen).__name__ == "FindingsScreen"
