"""The change diagram on paper (`pia render NEW --since OLD --paper a4|a3 -o x.pdf`): planned and split like the
plain paper diagram, every text at 7 pt (nodes) / 6 pt (arrows) or more, the change marks drawn on the sheets
and explained in every legend, the two versions named on every page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from pia_toolkit.exports.diagram.change_paper import change_on_paper
from pia_toolkit.exports.diagram.draw import fonts
from pia_toolkit.exports.diagram.legibility import MIN_EDGE_PT, MIN_NODE_PT
from pia_toolkit.exports.diagram.paper import CAPTION_MIN, CAPTION_ROOM, caption_lines, geometry, paper_plan
from pia_toolkit.pia.checked import open_model
from pia_toolkit.pia.diff.report import compare
from tests.conftest import run_cli
from tests.diagram.helpers import needs_dot
from tests.diff.helpers import CHANGES

PAIRS = sorted(p.name for p in CHANGES.iterdir() if (p / "before.yaml").is_file())
pytestmark = needs_dot


@pytest.mark.parametrize("paper", ["a4", "a3"])
@pytest.mark.parametrize("pair", PAIRS)
def test_every_change_prints_legibly_with_its_marks(pair: str, paper: str) -> None:
    folder = CHANGES / pair
    old, new = open_model(folder / "before.yaml"), open_model(folder / "after.yaml")
    report = compare(old, new, old_label="before.yaml", new_label="after.yaml")
    graph, restyle = change_on_paper(report, "ja")
    plan = paper_plan(graph, paper=paper, restyle=restyle)
    assert plan.warnings == []
    for sheet in plan.sheets:
        assert sheet.node_pt is None or sheet.node_pt >= MIN_NODE_PT - 1e-6, (sheet.title, sheet.node_pt)
        assert sheet.edge_pt is None or sheet.edge_pt >= MIN_EDGE_PT - 1e-6, (sheet.title, sheet.edge_pt)
    drawn = "".join(t.text for s in plan.sheets for t in s.layout.texts("node", "edge_label", "zone", "stub"))
    assert any(mark in drawn for mark in ("〔新〕", "〔削除〕", "〔変更〕")), pair
    assert restyle.changes and all(page.legend.changes == restyle.changes for page in plan.pages)


def test_pia_render_since_on_paper_writes_the_change_sheets(tmp_path: Path) -> None:
    folder = CHANGES / "setagaya-999-inquiry-number"
    output = tmp_path / "change.pdf"
    result = run_cli("render", folder / "after.yaml", "--since", folder / "before.yaml", "--paper", "a4", "-o", output)
    assert result.exit_code == 0, result.stderr
    assert "pt" in result.stderr
    pages = PdfReader(str(output)).pages
    assert all((round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (842, 595) for p in pages)
    for page in pages:
        text = (page.extract_text() or "").replace(" ", "")
        assert "変更の図" in text and "変更の印" in text


def test_a_long_change_title_wraps_instead_of_being_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = CHANGES / "setagaya-999-inquiry-number"
    # Long version names, as a ward's own folder and file names are: the title names both versions.
    (tmp_path / "pia-project.yaml").write_text("{}\n", encoding="utf-8")
    shutil.copytree(CHANGES.parent.parent / "shared", tmp_path / "flows" / "shared")
    long_dir = (
        tmp_path / "flows" / "examples" / "changes" / ("令和6年度_子ども家庭支援課_出産子育て応援事業_改訂版" * 2)
    )
    long_dir.mkdir(parents=True)
    old, new = long_dir / "before-令和6年4月1日時点の運用.yaml", long_dir / "after-令和6年10月1日からの運用.yaml"
    old.write_bytes((folder / "before.yaml").read_bytes())
    new.write_bytes((folder / "after.yaml").read_bytes())
    output = tmp_path / "change.pdf"
    monkeypatch.chdir(tmp_path)  # the versions are named as given: relative paths, as a user types them
    result = run_cli(
        "render", new.relative_to(tmp_path), "--since", old.relative_to(tmp_path), "--paper", "a4", "-o", output
    )
    assert result.exit_code == 0, result.stderr
    for page in PdfReader(str(output)).pages:
        text = (page.extract_text() or "").replace(" ", "").replace("\n", "")
        assert str(old.relative_to(tmp_path)) in text and str(new.relative_to(tmp_path)) in text


BLANKS = str.maketrans("", "", " 　")


@pytest.mark.parametrize("length", [10, 60, 120, 200, 400])
def test_a_page_caption_fits_its_room_in_at_most_two_lines(length: int) -> None:
    used = fonts()
    room = geometry("a4").width
    text = ("変更の図　before.yaml → after.yaml　" * 20)[:length]
    size, lines = caption_lines(text, used, room)
    assert 1 <= len(lines) <= 2
    assert all(used.width(line, size) <= room + 1e-6 for line in lines)
    assert size >= CAPTION_MIN
    # Two lines at this size sit in the room above the drawing.
    assert size + (len(lines) - 1) * size * 1.2 + 0.3 * size <= CAPTION_ROOM
    if not lines[-1].endswith("…"):
        # Nothing is lost but the spaces at a break.
        assert "".join(lines).translate(BLANKS) == text.translate(BLANKS)
