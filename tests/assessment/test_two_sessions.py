"""Two review sessions on one assessment file: no verdict is lost without a word.

Both sessions open the file before either saves. Changes to different items are merged (and the later saver
is told whose changes came in); the same item changed differently by both is refused with AssessmentConflict
naming the item and field, and the file on disk stays readable, holding the first saver's verdict.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_toolkit.pia.assessment.document import VERDICTS, Assessment, AssessmentConflict
from pia_toolkit.pia.assessment.init import init_assessment
from tests.tui.conftest import make_app

FIRST, SECOND, THIRD = "I-7-2-section-head", "II-4-entrustments", "I-1-2-business-content"


@pytest.fixture
def assessment(kokuho: Path) -> Path:
    return init_assessment(kokuho)[0].path


def test_verdicts_on_different_items_are_both_kept_and_the_second_saver_is_told(assessment: Path) -> None:
    ours, theirs = Assessment.load(assessment), Assessment.load(assessment)
    ours.set_verdict(FIRST, "adequate")
    theirs.set_verdict(SECOND, "needs_correction")

    on_disk = Assessment.load(assessment)
    assert on_disk.state(FIRST).verdict == "adequate"
    assert on_disk.state(SECOND).verdict == "needs_correction"
    notes = [note.text("en") for note in theirs.take_notes()]
    assert notes == [f"saved together with another session's changes (1: {FIRST})"]
    # and the first session, saving again, takes the second one's verdict in as well
    ours.set_comment(THIRD, "確認済み")
    assert Assessment.load(assessment).state(SECOND).verdict == "needs_correction"
    assert ours.state(SECOND).verdict == "needs_correction"


def test_the_same_item_changed_by_both_is_refused_naming_it_and_the_file_still_reads(assessment: Path) -> None:
    ours, theirs = Assessment.load(assessment), Assessment.load(assessment)
    ours.set_verdict(FIRST, "adequate")
    written = assessment.read_bytes()

    with pytest.raises(AssessmentConflict) as refused:
        theirs.set_verdict(FIRST, "needs_improvement")
    assert [(c.item_id, c.field) for c in refused.value.conflicts] == [(FIRST, "verdict")]
    assert f"another session changed the same fields (1: {FIRST} verdict)" in refused.value.text("en")
    assert f"{FIRST} verdict" in str(refused.value) and "別のセッションが同じ項目を変更した" in str(refused.value)
    assert assessment.read_bytes() == written, "nothing written"
    assert Assessment.load(assessment).state(FIRST).verdict == "adequate"
    assert theirs.state(FIRST).verdict == "needs_improvement", "the refused change is kept in the session"

    # the refused session decides: its own verdict wins, the other one is then overwritten on purpose
    theirs.save(on_conflict="ours")
    assert Assessment.load(assessment).state(FIRST).verdict == "needs_improvement"


def test_the_same_verdict_set_by_both_is_no_conflict(assessment: Path) -> None:
    ours, theirs = Assessment.load(assessment), Assessment.load(assessment)
    ours.set_verdict(FIRST, "adequate")
    theirs.set_verdict(FIRST, "adequate")
    assert Assessment.load(assessment).state(FIRST).verdict == "adequate"


ITEMS = st.sampled_from([FIRST, SECOND, THIRD, "I-1-3-people-count", "I-2-systems", "II-5-provisions"])
CHANGES = st.dictionaries(ITEMS, st.sampled_from([*VERDICTS, None]), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=CHANGES, second=CHANGES)
def test_two_sessions_setting_any_verdicts_lose_none_without_a_word(
    kokuho: Path, first: dict[str, str | None], second: dict[str, str | None]
) -> None:
    path = init_assessment(kokuho)[0].path
    for item in {*first, *second}:  # a verdict to start from, so that clearing one is a change too
        Assessment.load(path).set_verdict(item, "adequate")
    ours, theirs = Assessment.load(path), Assessment.load(path)
    for item, verdict in first.items():
        ours.set_verdict(item, verdict, save=False)
    ours.save()
    for item, verdict in second.items():
        theirs.set_verdict(item, verdict, save=False)
    colliding = sorted(i for i in first.keys() & second.keys() if first[i] != second[i] and first[i] != "adequate")
    colliding = [i for i in colliding if second[i] != "adequate"]
    if colliding:
        with pytest.raises(AssessmentConflict) as refused:
            theirs.save()
        assert sorted(c.item_id or "" for c in refused.value.conflicts) == colliding
        assert all(item in refused.value.text("en") for item in colliding)
        on_disk = Assessment.load(path)  # still reads; holds the first session's verdicts
        expected = {item: "adequate" for item in {*first, *second}} | first
    else:
        theirs.save()
        on_disk = Assessment.load(path)
        expected = {item: "adequate" for item in {*first, *second}} | first
        expected |= {item: verdict for item, verdict in second.items() if verdict != "adequate" or item not in first}
    assert {item: on_disk.state(item).verdict for item in expected} == expected


# ---- the review app ------------------------------------------------------------------------------------
SIZE = (100, 30)


def test_review_apps_opened_together_merge_and_show_a_collision(kokuho: Path) -> None:
    """``pia review`` sessions opened on the same file before any saves: a later saver sees the other's change
    merged in; a collision on the same item is an error naming it, in the app's language, and nothing is written."""
    init_assessment(kokuho)
    asyncio.run(_apps(kokuho))


async def _apps(kokuho: Path) -> None:
    path = kokuho.with_name("kokuho.assessment.yaml")
    first, second, third = make_app(kokuho, "en"), make_app(kokuho, "en"), make_app(kokuho, "en")
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        item = first.screen.current_item  # type: ignore[attr-defined]
        await pilot.press("1")  # adequate
        await pilot.pause()
    assert Assessment.load(path).state(item).verdict == "adequate"

    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "3")  # the next item: needs correction
        await pilot.pause()
        other = second.screen.current_item  # type: ignore[attr-defined]
        shown = [str(n.message) for n in second._notifications]
        assert any(f"saved together with another session's changes (1: {item})" in text for text in shown), shown
    assert Assessment.load(path).state(other).verdict == "needs_correction"

    written = path.read_bytes()
    async with third.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")  # the first item, which the first app set: needs improvement
        await pilot.pause()
        shown = [str(n.message) for n in third._notifications]
        assert any(
            f"Could not save: {path} was not saved: another session changed the same fields (1: {item} verdict)" in text
            for text in shown
        ), shown
        assert "保存" not in " ".join(shown), "in the app's language"
    assert path.read_bytes() == written
    on_disk = Assessment.load(path)
    assert on_disk.state(item).verdict == "adequate" and on_disk.state(other).verdict == "needs_correction"
