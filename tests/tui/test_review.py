"""A whole review driven through the keyboard, asserting on the saved assessment file and on the screen."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static, TextArea

from pia_toolkit.catalog.texts import Bilingual
from pia_toolkit.pia.assessment.document import Assessment, assessment_path
from pia_toolkit.tui.app import ReviewApp
from pia_toolkit.tui.screens.findings import FindingsScreen
from pia_toolkit.tui.screens.review import ReviewScreen
from pia_toolkit.tui.widgets.form_tree import FormTree
from tests.conftest import open_for_review
from tests.tui.conftest import make_app, running

SIZE = (100, 30)


def saved(model: Path) -> Assessment:
    """The assessment as it is on disk now (not the app's copy in memory)."""
    return Assessment.load(assessment_path(model))


def review_screen(app: ReviewApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def text_of(app: ReviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def panel_text(app: ReviewApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("#item-panel Static"))


async def search(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    search_input = pilot.app.screen.query_one("#search", Input)
    search_input.value = query
    await pilot.press("enter")
    await pilot.press("escape")
    await pilot.pause()


async def edit_first_field(app: ReviewApp, pilot, field_id: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Open the current block item's editor (``e``): the focus is on its first field, ``field_id``; write ``value``
    there and save it with Enter."""
    await pilot.press("e")
    field = app.focused
    assert isinstance(field, Input) and field.id == field_id
    field.value = value
    await pilot.press("enter")
    await pilot.pause()


async def test_open_shows_the_first_item_and_progress(example: Path) -> None:
    async with running(example, SIZE) as (app, _pilot):
        screen = review_screen(app)
        assert screen.current_item == "COVER-1-assessment-number"
        assert "COVER-1-assessment-number" in text_of(app, "#item-id")
        assert "回答 " in text_of(app, "#summary")
        assert str(app.screen.query_one("#saved-state", Static).render()) == "保存済み"
        assert isinstance(app.focused, FormTree)
    assert assessment_path(example).exists(), "opening creates the pre-filled assessment"


async def test_keys_move_through_items_unanswered_and_findings(example: Path) -> None:
    async with running(example, SIZE) as (app, pilot):
        screen = review_screen(app)
        order = screen.form_tree.item_order
        await pilot.press("n")
        assert screen.current_item == order[1]
        await pilot.press("j", "j")
        assert screen.current_item == order[3]
        await pilot.press("p")
        assert screen.current_item == order[2]
        await pilot.press("k")
        assert screen.current_item == order[1]

        await pilot.press("u")
        assert not app.checked.document.state(screen.current_item).answered

        await pilot.press("f")
        item = screen.current_item
        assert item is not None and any(f.open for f in app.checked.findings_for(item))
        panel = panel_text(app)
        finding = app.checked.findings_for(item)[0]
        assert finding.id in panel, "the finding's id is shown"
        assert "根拠" in panel and ".yaml:" in panel, "evidence with file:line"
        assert finding.remedy("ja")[:10] in panel, "the remedy"
        assert "未対応" in panel, "triage status"


async def test_answering_text_and_choice_items_saves_at_once(example: Path) -> None:
    async with running(example, SIZE) as (app, pilot):
        screen = review_screen(app)
        # a text item: typed, then Enter commits
        assert screen.current_item == "COVER-1-assessment-number"
        await pilot.press("e")
        assert isinstance(app.focused, Input)
        await pilot.press(*"PIA-999", "enter")
        await pilot.pause()
        state = saved(example).state("COVER-1-assessment-number")
        assert (state.answer, state.source) == ("PIA-999", "entered")
        assert "12:00:00" in str(app.screen.query_one("#saved-state", Static).render())
        assert "入力済み" in text_of(app, "#answer-source")

        # a choice item: chosen from the list, saved as the choice id
        await pilot.press("escape")
        await search(pilot, "III-7-R1-7-backup")
        assert screen.current_item == "III-7-R1-7-backup"
        await pilot.press("e")
        assert isinstance(app.focused, Select)
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert saved(example).state("III-7-R1-7-backup").answer == "sufficient"

        # a textarea item: committed when the field is left
        await pilot.press("escape")
        await search(pilot, "I-1-2-business-content")
        await pilot.press("e")
        area = app.focused
        assert isinstance(area, TextArea)
        area.insert("妊娠届をもとに支給対象者を抽出する")
        await pilot.pause()
        assert "入力中" in str(app.screen.query_one("#saved-state", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert saved(example).state("I-1-2-business-content").answer == "妊娠届をもとに支給対象者を抽出する"
        assert isinstance(app.focused, FormTree)


async def test_verdicts_comments_and_actions(example: Path) -> None:
    async with running(example, SIZE) as (app, pilot):
        screen = review_screen(app)
        first = screen.current_item
        assert first is not None
        await pilot.press("2")
        await pilot.pause()
        assert saved(example).state(first).verdict == "needs_improvement"
        assert "要改善" in text_of(app, "#item-id")
        assert "改" in str(screen.form_tree.item_nodes[first].label)

        await pilot.press("m", *"VPN?", "escape")
        await pilot.pause()
        assert saved(example).state(first).comment == "VPN?"

        await pilot.press("a", *"ict", "tab", *"2023/03/31", "enter")
        await pilot.pause()
        state = saved(example).state(first)
        assert (state.action_who, state.action_due) == ("ict", "2023-03-31")

        await pilot.press("escape", "n", "1", "n", "3")
        await pilot.pause()
        order = screen.form_tree.item_order
        assert saved(example).state(order[1]).verdict == "adequate"
        assert saved(example).state(order[2]).verdict == "needs_correction"
        await pilot.press("0")
        await pilot.pause()
        assert saved(example).state(order[2]).verdict is None
        assert "判定 2" in text_of(app, "#summary")


async def test_a_bad_date_is_not_saved_and_says_why(example: Path) -> None:
    async with running(example, SIZE) as (app, pilot):
        first = review_screen(app).current_item
        assert first is not None
        await pilot.press("a", "tab", *"31-3", "enter")
        await pilot.pause()
        assert saved(example).state(first).action_due is None
        assert any("YYYY-MM-DD" in str(n.message) for n in app._notifications)


async def test_search_finds_labels_and_answers(example: Path) -> None:
    async with running(example, SIZE) as (app, pilot):
        screen = review_screen(app)
        await search(pilot, "事務の名称")
        assert screen.current_item == "I-1-1-business-name"
        # an answer (pre-filled from the model) is searched too
        answer = app.checked.document.state("II-1-file-name").answer
        assert answer
        await search(pilot, str(answer)[:8])
        assert app.state.matches(str(screen.current_item), str(answer)[:8])
        # Enter again goes on to the next match
        await pilot.press("slash")
        app.screen.query_one("#search", Input).value = "法令上の根拠"
        await pilot.press("enter")
        first = screen.current_item
        await pilot.press("enter")
        assert screen.current_item != first
        assert "法令上の根拠" in app.state.item(str(screen.current_item)).label.ja


async def test_filter_cycles_findings_no_verdict_unanswered_all(example: Path) -> None:
    async with running(example, SIZE) as (app, pilot):
        screen = review_screen(app)
        everything = len(screen.form_tree.item_order)
        await pilot.press("F")
        assert screen.filter_mode == "findings"
        assert 0 < len(screen.form_tree.item_order) < everything
        assert all(app.checked.findings_for(i) for i in screen.form_tree.item_order)
        assert screen.current_item in screen.form_tree.item_order
        await pilot.press("1", "F")
        assert screen.filter_mode == "no_verdict"
        assert len(screen.form_tree.item_order) == everything - 1
        await pilot.press("F")
        assert screen.filter_mode == "unanswered"
        listed = screen.form_tree.item_order
        unanswered = [i.id for i in app.state.items if not app.checked.document.state(i.id).answered]
        assert listed == unanswered and 0 < len(listed) < everything
        assert "表示: 未回答の項目" in text_of(app, "#summary")
        await pilot.press("F")
        assert screen.filter_mode == "all", "no change recorded: no 'changed' filter"
        assert len(screen.form_tree.item_order) == everything


async def test_findings_list_sorts_and_jumps_to_the_item(example: Path) -> None:
    async with running(example, SIZE) as (app, pilot):
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, FindingsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(app.checked.report.findings)
        severities = [int(f.severity) for f in app.screen._ordered()]
        assert severities == sorted(severities, reverse=True)
        await pilot.press("s")
        assert app.screen.sort == "rule"
        first = app.screen._current()
        assert first is not None
        await pilot.press("enter")
        await pilot.pause()
        screen = review_screen(app)
        assert screen.current_item == app.checked.items_for(first)[0]


async def test_context_views_threshold_yaml_and_diagram(example: Path) -> None:
    async with running(example, SIZE) as (app, pilot):
        await pilot.press("t")
        await pilot.pause()
        level = str(app.screen.query_one("#threshold-level", Static).render())
        assert app.checked.threshold.result.label("ja") in level
        reasons = str(app.screen.query_one("#threshold-reasons", Static).render())
        assert app.checked.threshold.result.reason_texts("ja")[0] in reasons
        await pilot.press("escape")

        await pilot.press("f", "y")
        await pilot.pause()
        finding = app.checked.findings_for(str(review_screen_of(app).current_item))[0]
        position = finding.evidence[0].position
        assert position is not None
        assert str(position) in "\n".join(str(w.render()) for w in app.screen.query(".heading"))
        assert app.screen.query(".excerpt")
        await pilot.press("escape")

        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#diagram-status", Static).render())
        assert "out" in status or "exports.diagram" in status or "図を" in status
        await pilot.press("escape")


def review_screen_of(app: ReviewApp) -> ReviewScreen:
    return next(s for s in app.screen_stack if isinstance(s, ReviewScreen))


async def test_export_json_and_pdf(example: Path) -> None:
    async with running(example, SIZE) as (app, pilot):
        await pilot.press("2", "x", "j")
        await pilot.pause()
        target = example.with_name(example.name.replace(".yaml", ".assessment.json"))
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["items"]["COVER-1-assessment-number"]["verdict"] == "needs_improvement"
        assert {f["id"] for f in data["findings"]} == {f.id for f in app.checked.report.findings}
        assert data["threshold"]["level"] == app.checked.threshold.result.level
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ".pdf" in str(app.screen.query_one("#export-status", Static).render())
        assert list((example.parent / "out").glob("*.pdf"))


async def test_quit_and_reopen_shows_the_same_answers(example: Path) -> None:
    async with running(example, SIZE) as (app, pilot):
        await pilot.press("e", *"A-1", "enter", "escape", "3", "m")
        # typed but never committed by Enter/blur: quitting commits it
        area = app.focused
        assert isinstance(area, TextArea)
        area.insert("要確認")
        await pilot.press("ctrl+q")
    reopened = make_app(example)
    async with reopened.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(reopened)
        assert screen.current_item == "COVER-1-assessment-number"
        assert reopened.screen.query_one("#answer-input", Input).value == "A-1"
        assert reopened.screen.query_one("#comment", TextArea).text == "要確認"
        assert reopened.screen.query_one("#verdict", Select).value == "needs_correction"
        assert "要修正" in text_of(reopened, "#item-id")


async def test_contradiction_is_found_and_marked(small_model: Path) -> None:
    async with running(small_model, SIZE) as (app, pilot):
        screen = review_screen(app)
        await pilot.press("c")
        assert screen.current_item != "III-7-R1-6-technical"
        await search(pilot, "III-7-R1-6-technical")
        await pilot.press("e", "enter", "down", "down", "enter")
        await pilot.pause()
        assert saved(small_model).state("III-7-R1-6-technical").answer == "sufficient"
        assert app.screen.query_one("#contradiction").display
        assert "矛盾 1" in text_of(app, "#summary")
        await pilot.press("escape", "n", "c")
        assert screen.current_item == "III-7-R1-6-technical"


async def test_model_text_with_rich_markup_shows_literally(small_model: Path) -> None:
    checked = open_for_review(small_model)
    form = checked.document.form
    sections = list(form.sections)
    first = sections[0]
    item = dataclasses.replace(first.items[0], label=Bilingual("[bold]x[/]", "[bold]x[/]"), number="")
    sections[0] = dataclasses.replace(first, items=(item, *first.items[1:]))
    checked.document.form = dataclasses.replace(form, sections=tuple(sections))
    app = ReviewApp(checked, clock=lambda: "12:00:00")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[bold]x[/]" in text_of(app, "#item-title")
        assert "[bold]x[/]" in str(review_screen(app).form_tree.item_nodes[item.id].label)
        assert "[bold]出産[/]" in text_of(app, "#summary"), "the scheme title from the model"


async def test_english_interface(example: Path) -> None:
    async with running(example, SIZE, lang="en") as (app, _pilot):
        assert "answered" in text_of(app, "#summary")
        assert str(app.screen.query_one("#saved-state", Static).render()) == "saved"
        assert "Assessment number" in text_of(app, "#item-title")


async def test_block_item_entries_are_edited_added_and_removed(example: Path) -> None:
    async with running(example, (120, 50)) as (app, pilot):
        await search(pilot, "I-2-systems")
        assert review_screen(app).current_item == "I-2-systems"
        before = saved(example).state("I-2-systems").answer
        assert isinstance(before, list) and before, "pre-filled from the model"
        await edit_first_field(app, pilot, "f-0-name", "区民健康情報システム（改）")
        entries = saved(example).state("I-2-systems").answer
        assert entries[0]["name"] == "区民健康情報システム（改）"
        assert entries[0]["connections"] == before[0]["connections"], "untouched fields are kept"

        await pilot.press("ctrl+n")
        await pilot.pause()
        assert len(saved(example).state("I-2-systems").answer) == len(before) + 1
        new_name = app.screen.query_one(f"#f-{len(before)}-name", Input)
        assert app.focused is new_name
        new_name.value = "管理システム"
        await pilot.press("enter")
        await pilot.pause()
        assert saved(example).state("I-2-systems").answer[-1] == {"name": "管理システム"}

        app.screen.query_one("#remove-0").focus()
        await pilot.press("enter")
        await pilot.pause()
        entries = saved(example).state("I-2-systems").answer
        assert [e.get("name") for e in entries][-1] == "管理システム"
        assert len(entries) == len(before)


async def test_a_failed_save_is_shown_and_the_typed_text_kept(example: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = make_app(example)

    def disk_full(self: Assessment) -> None:
        raise OSError(28, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Assessment, "save", disk_full)
        await pilot.press("e", *"X-9", "enter")
        await pilot.pause()
        assert "保存できません" in str(app.screen.query_one("#saved-state", Static).render())
        assert any("No space left" in str(n.message) for n in app._notifications)
        assert app.screen.query_one("#answer-input", Input).value == "X-9"
    assert saved(example).state("COVER-1-assessment-number").answer is None


async def test_question_mark_lists_every_key(example: Path) -> None:
    from pia_toolkit.tui.screens.keys import KeysScreen
    from pia_toolkit.tui.screens.review import KEYS
    from tests.tui.conftest import screen_text

    async with running(example, (120, 50)) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        text = screen_text(app)
        for key in ("help_next_item", "help_verdict_adequate", "help_findings", "help_edit_answer", "help_triage"):
            assert app.texts(key) in text, key
        actions = {action for _key, action, _text, _show, _display in KEYS}
        described = {action for action in actions if app.texts("help_" + action.replace("('", "_").replace("')", ""))}
        assert described == actions
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_values_the_editor_cannot_show_are_never_overwritten(small_model: Path) -> None:
    checked = open_for_review(small_model)
    document = checked.document
    document.set_model_answer("I-1-3-people-count", "約1万2千人", ["scheme"])
    document.set_model_answer("II-4-entrustments", [{"title": "委託A", "scope": "一部（面談記録のみ）"}], ["vendor"])
    app = ReviewApp(checked, clock=lambda: "12:00:00")
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        await search(pilot, "I-1-3-people-count")
        assert "約1万2千人" in panel_text(app), "shown as a value outside the choices"
        await pilot.press("e", "tab", "escape", "n")
        await search(pilot, "II-4-entrustments")
        await edit_first_field(app, pilot, "f-0-title", "委託B")
    document = saved(small_model)
    assert document.state("I-1-3-people-count").answer == "約1万2千人"
    assert document.state("II-4-entrustments").answer == [{"title": "委託B", "scope": "一部（面談記録のみ）"}]


async def test_a_ticked_box_differs_from_an_empty_one_without_colour(example: Path) -> None:
    """Each box of a checkbox item shows ✓ exactly when its choice is in the answer; ticking one saves it."""
    from pia_toolkit.tui.widgets.ticklist import TICKED

    async with running(example, SIZE) as (app, pilot):
        await search(pilot, "II-3-2-acquisition-methods")
        assert review_screen(app).current_item == "II-3-2-acquisition-methods"

        def boxes() -> dict[str, bool]:
            widget = app.screen.query_one("#answer-multi")
            shown = {}
            for index in range(widget.option_count):
                option = widget.get_option_at_index(index)
                box = widget.render_line(index - widget.scroll_offset.y).text[:3]
                shown[option.value] = box == f"▐{TICKED}▌"
                assert box in (f"▐{TICKED}▌", "▐ ▌"), box
            return shown

        await pilot.press("e")
        await pilot.pause()
        widget = app.screen.query_one("#answer-multi")
        widget.scroll_home(animate=False)
        await pilot.pause()
        before = saved(example).state("II-3-2-acquisition-methods").answer or []
        shown = boxes()
        assert {value for value, ticked in shown.items() if ticked} == set(before)
        untick = next(value for value, ticked in shown.items() if not ticked)
        widget.select(untick)
        await pilot.pause()
        assert boxes()[untick] is True
        assert untick in saved(example).state("II-3-2-acquisition-methods").answer
