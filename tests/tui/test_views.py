"""What the reviewer sees: the footer at 80 columns, the help with the marks, the diagram as text, triage from
the app and the review of a change recorded by ``pia assess init --since``."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select

from pia_toolkit.pia.assessment.document import Assessment, assessment_path
from pia_toolkit.pia.checked import open_model
from pia_toolkit.pia.triage import Triage, triage_path
from pia_toolkit.tui.screens.diagram import DiagramScreen
from pia_toolkit.tui.screens.keys import KeysScreen
from pia_toolkit.tui.screens.review import ReviewScreen
from pia_toolkit.tui.screens.triage import TriageScreen
from tests.tui.conftest import make_app, running, screen_text


async def test_footer_at_80_columns_shows_the_keys_of_every_item(example: Path) -> None:
    async with running(example, (80, 24)) as (app, _pilot):
        footer = screen_text(app).splitlines()[-1]
        for shown in ("e 回答", "m 所見", "a 対応", "^s 確定", "? キー"):
            assert shown in footer, footer


async def test_help_explains_the_marks_and_wraps_at_80_columns(example: Path) -> None:
    async with running(example, (80, 24)) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        box = app.screen.query_one("#keys-box")
        for _ in range(8):
            box.scroll_end(animate=False)
        await pilot.pause()
        text = screen_text(app)
        assert "一覧の記号" in text
        for mark in ("✓", "※", "⚠", "妥 改 修"):
            assert mark in text, mark
        assert "重要な変更の対象項目" in text
        # the longest help line (the filter) is folded onto the next line, not cut at the dialog's edge
        box.scroll_home(animate=False)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert all(len(line) <= 80 for line in lines)
        inside = "".join(line[line.index("│") + 1 : line.rindex("│")] for line in lines if line.count("│") >= 2)
        assert app.texts("help_cycle_filter").replace(" ", "") in inside.replace(" ", "")
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_diagram_shows_zones_and_steps_as_text_without_a_display(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    async with running(example, (120, 40)) as (app, pilot):
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DiagramScreen)
        text = screen_text(app)
        graph = app.checked.graph
        zone = next(iter(graph.zones.values()))
        assert zone.title in text, "the zone structure"
        assert "手順一覧" in text and "①" in text, "the step table"
        assert "DISPLAY" in text, "says why the drawing was not opened"
        before = app.screen.query_one("#diagram-scroll").scroll_y
        await pilot.press("pagedown")
        await pilot.pause()
        assert app.screen.query_one("#diagram-scroll").scroll_y > before, "scrolls"
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_a_finding_is_triaged_from_the_app_and_pia_reads_it(example: Path) -> None:
    async with running(example, (100, 30)) as (app, pilot):
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        item = screen.current_item
        assert item is not None
        before_open = len(app.checked.open_findings_for(item))
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, TriageScreen)
        finding = app.screen._finding()
        app.screen.query_one("#triage-status", Select).value = "false_positive"
        # a blank justification is refused, as the loader refuses it
        app.screen.query_one("#triage-justification", Input).value = "   "
        app.screen.query_one("#triage-by", Input).value = "情報政策課 山田"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TriageScreen)
        assert any("理由" in str(n.message) and "空" in str(n.message) for n in app._notifications)
        assert not triage_path(example).exists()

        app.screen.query_one("#triage-justification", Input).value = "中継サーバは保存しない"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert len(app.checked.open_findings_for(item)) == before_open - 1
        assert "誤検知" in screen_text(app), "the card shows the decision"
    decisions = Triage.load(triage_path(example)).decisions
    assert [(d.pattern, d.status, d.justification, d.by) for d in decisions] == [
        (finding.id, "false_positive", "中継サーバは保存しない", "情報政策課 山田")
    ]
    reopened = open_model(example, assessment="existing")
    assert reopened.report.by_id(finding.id).triage is not None, "pia check reads the decision"


async def test_triage_from_the_findings_list(example: Path) -> None:
    async with running(example, (100, 30)) as (app, pilot):
        await pilot.press("l", "r")
        await pilot.pause()
        assert isinstance(app.screen, TriageScreen)
        finding = app.screen._finding()
        app.screen.query_one("#triage-justification", Input).value = "委員会で確認済み"
        app.screen.query_one("#triage-by", Input).value = "山田"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "受容" in screen_text(app)
    assert Triage.load(triage_path(example)).decisions[0].pattern == finding.id


def _record_change(model: Path, item_id: str, before: object) -> None:
    """What ``pia assess init NEW --since OLD`` leaves on an altered item (``changed_since``)."""
    document = Assessment.load(assessment_path(model))
    entry = document.data["items"].setdefault(item_id, {})
    entry["changed_since"] = {"ref": "before.yaml", "before": before, "changes": ["nodes.ward.zone"]}
    document.save()


async def test_changed_items_filter_shows_before_and_after(example: Path) -> None:
    make_app(example)  # creates the pre-filled assessment
    document = Assessment.load(assessment_path(example))
    item = "I-1-1-business-name"
    after = document.state(item).answer
    assert after, "pre-filled from the model"
    _record_change(example, item, "旧事業の名称")
    async with running(example, (120, 40)) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        for _ in range(4):
            await pilot.press("F")
        await pilot.pause()
        assert screen.filter_mode == "changed"
        assert screen.form_tree.item_order == [item]
        text = screen_text(app)
        assert "旧事業の名称 →" in text, "before → after in the list"
        assert "前の版（before.yaml）から変わりました" in text
        assert "変更前: 旧事業の名称" in text and f"変更後: {str(after)[:10]}" in text
        assert "nodes.ward.zone" in text
        await pilot.press("F")
        assert screen.filter_mode == "all"


async def test_footer_shows_the_add_row_key_only_while_a_block_is_edited(example: Path) -> None:
    # Wide enough for every key: the block's own key comes after the screen's.
    async with running(example, (240, 40)) as (app, pilot):
        add_row = "^n " + app.texts("k_add_row")
        assert add_row not in screen_text(app).splitlines()[-1]
        await pilot.press("slash", *"I-2-systems", "enter", "escape", "e")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "f-0-name"
        assert add_row in screen_text(app).splitlines()[-1]
        await pilot.press("escape")
        await pilot.pause()
        assert add_row not in screen_text(app).splitlines()[-1]


async def test_slash_opens_the_search_line_above_the_footer_and_esc_closes_it(example: Path) -> None:
    async with running(example, (80, 24)) as (app, pilot):
        placeholder = app.texts("search_placeholder")
        assert placeholder not in screen_text(app)
        for _ in range(2):  # the second time, the same line comes back
            await pilot.press("slash")
            await pilot.pause()
            lines = screen_text(app).splitlines()
            assert placeholder in lines[-3], lines[-3]  # in its box, the row above the footer its bottom edge
            assert isinstance(app.focused, Input) and app.focused.id == "search"
            await pilot.press("escape")
            await pilot.pause()
            assert placeholder not in screen_text(app)
