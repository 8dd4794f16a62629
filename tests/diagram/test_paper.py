"""The diagram on paper (別添1 and `pia render --paper`): every text prints at 7 pt (nodes, zones) and 6 pt
(arrows) or more on A4 and A3 landscape, for every example and a generated 100-node model, which is split into an
overview and sheets per zone that together draw every node and flow, each sheet filling its page."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from pia_toolkit.exports.diagram.legibility import MIN_EDGE_PT, MIN_NODE_PT, SheetPlan
from pia_toolkit.exports.diagram.paper import geometry, paper_plan
from pia_toolkit.exports.diagram.steps import step_numbers
from pia_toolkit.exports.diagram.texts import step_mark
from pia_toolkit.flows.graph import FlowGraph
from tests.conftest import run_cli
from tests.diagram.helpers import EXAMPLES, load_graph, needs_dot
from tests.diagram.test_scale import large_model

EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".assessment.yaml"))
pytestmark = needs_dot


def assert_legible(plan: SheetPlan) -> None:
    for sheet in plan.sheets:
        assert sheet.node_pt is None or sheet.node_pt >= MIN_NODE_PT - 1e-6, (sheet.title, sheet.node_pt)
        assert sheet.edge_pt is None or sheet.edge_pt >= MIN_EDGE_PT - 1e-6, (sheet.title, sheet.edge_pt)
    assert plan.warnings == []


def assert_fits(plan: SheetPlan, paper: str) -> None:
    room = geometry(paper)
    for sheet in plan.sheets:
        assert sheet.layout.width * sheet.scale <= sheet.frame.width + 0.5
        assert sheet.layout.height * sheet.scale <= sheet.frame.height + 0.5
        assert sheet.frame.width <= room.width and sheet.frame.height <= room.height


@pytest.mark.parametrize("paper", ["a4", "a3"])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_prints_legibly(name: str, paper: str) -> None:
    plan = paper_plan(load_graph(EXAMPLES / name), paper=paper)
    assert_legible(plan)
    assert_fits(plan, paper)


@pytest.fixture(scope="module")
def hundred() -> FlowGraph:
    return large_model(nodes=100, flows=150, zones=12, items=16)


@pytest.fixture(scope="module")
def hundred_plan(hundred: FlowGraph) -> SheetPlan:
    return paper_plan(hundred, paper="a4")


def test_a_hundred_node_model_is_split_into_an_overview_and_legible_sheets(
    hundred: FlowGraph, hundred_plan: SheetPlan
) -> None:
    plan = hundred_plan
    assert plan.split
    assert plan.sheets[0].kind == "overview"
    assert all(s.kind == "part" for s in plan.sheets[1:])
    assert [s.number for s in plan.sheets] == list(range(1, len(plan.sheets) + 1))
    assert_legible(plan)
    assert_fits(plan, "a4")
    drawn = {n for s in plan.sheets[1:] for n in s.nodes}
    assert drawn == set(hundred.nodes)


def test_step_numbers_on_the_sheets_are_the_models(hundred: FlowGraph, hundred_plan: SheetPlan) -> None:
    numbers = step_numbers(hundred)
    marks = {step_mark(n) for n in numbers.values()}
    printed = "".join(t.text for s in hundred_plan.sheets[1:] for t in s.layout.texts("edge_label"))
    assert all(mark in printed for mark in marks)


def test_a_hundred_node_model_on_a3_needs_fewer_sheets(hundred: FlowGraph, hundred_plan: SheetPlan) -> None:
    a3 = paper_plan(hundred, paper="a3")
    assert_legible(a3)
    assert len(a3.sheets) < len(hundred_plan.sheets)


def test_pages_fill_their_frame(hundred_plan: SheetPlan) -> None:
    """Each page's drawings take the whole width or the whole height its frame allows (up to the largest scale)."""
    from pia_toolkit.exports.diagram.legibility import MAX_SCALE

    for page in hundred_plan.pages:
        left = min(x for x, _ in page.places)
        right = max(x + s.layout.width * page.scale for (x, _), s in zip(page.places, page.sheets, strict=True))
        fill = max((right - left) / page.frame.width, page.height / page.frame.height)
        assert fill > 0.98 or page.scale >= MAX_SCALE - 1e-6, (page.sheets[0].title, fill)


@pytest.mark.parametrize(("nodes", "flows", "zones"), [(12, 14, 3), (30, 45, 5), (60, 90, 8), (100, 150, 12)])
def test_no_page_is_needlessly_small(nodes: int, flows: int, zones: int) -> None:
    """A model that reads on one sheet is one sheet; otherwise no two neighbouring part pages could have shared
    one page legibly, every drawing on a shared page still prints at the minimum sizes inside the frame, and
    the sheets are numbered in order across the pages."""
    from pia_toolkit.exports.diagram.pages import pack

    room = geometry("a4")
    plan = paper_plan(large_model(nodes=nodes, flows=flows, zones=zones, items=8), paper="a4")
    assert_legible(plan)
    assert_fits(plan, "a4")
    if not plan.split:
        assert len(plan.pages) == 1
    numbers = [s.number for page in plan.pages for s in page.sheets]
    assert numbers == list(range(1, len(plan.sheets) + 1))
    for page in plan.pages:
        for (x, y), sheet in zip(page.places, page.sheets, strict=True):
            assert x >= -0.5 and x + sheet.layout.width * page.scale <= page.frame.width + 0.5
            assert y >= -0.5 and y + sheet.layout.height * page.scale <= page.frame.height + 0.5
    frames = lambda content: room.frames(content, "ja")  # noqa: E731
    for before, after in zip(plan.pages[1:], plan.pages[2:], strict=False):
        assert pack([*before.sheets, *after.sheets], frames) is None, [s.number for s in before.sheets + after.sheets]


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_pia_render_paper_writes_landscape_sheets(tmp_path: Path, paper: str) -> None:
    model = EXAMPLES / "setagaya-999-childbirth-support.yaml"
    output = tmp_path / f"diagram-{paper}.pdf"
    result = run_cli("render", model, "-o", output, "--paper", paper, "--findings")
    assert result.exit_code == 0, result.stderr
    assert "pt" in result.stderr
    reader = PdfReader(str(output))
    expected = {"a4": (842, 595), "a3": (1191, 842)}[paper]
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == expected
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "凡例" in text
    graph = load_graph(model)
    first = next(iter(graph.nodes.values()))
    assert first.title.replace(" ", "")[:4] in text.replace(" ", "").replace("\n", "")


def test_paper_needs_a_pdf(tmp_path: Path) -> None:
    result = run_cli(
        "render", EXAMPLES / "setagaya-999-childbirth-support.yaml", "-o", tmp_path / "x.svg", "--paper", "a4"
    )
    assert result.exit_code == 2
    assert "--paper" in result.stderr


def test_planning_again_gives_the_same_sheets(hundred: FlowGraph, hundred_plan: SheetPlan) -> None:
    # (How long planning takes is measured by `make bench`, not asserted here.)
    again = paper_plan(hundred, paper="a4")
    assert [(s.kind, s.title, s.nodes, s.flows, s.source) for s in again.sheets] == [
        (s.kind, s.title, s.nodes, s.flows, s.source) for s in hundred_plan.sheets
    ]
