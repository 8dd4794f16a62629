"""What a council member reads: the rendered SVG carries the Japanese titles, zone names and numbered steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_toolkit.exports.diagram import diagram_source
from pia_toolkit.exports.diagram.steps import step_numbers
from pia_toolkit.exports.diagram.texts import step_mark
from tests.diagram.helpers import EXAMPLES, FIXTURES, load_graph, needs_dot, svg_groups, svg_of, svg_texts

MODELS = [
    FIXTURES / "ward-contractor-cloud.yaml",
    FIXTURES / "three-layer-eligibility.yaml",
    EXAMPLES / "meguro-medical-aid-eligibility.yaml",
    EXAMPLES / "setagaya-999-childbirth-support.yaml",
]


def _compact(texts: list[str]) -> str:
    # A long title wraps over several <text> lines; joined, the lines give the title back.
    return "".join(texts).replace(" ", "")


@needs_dot
@pytest.mark.parametrize("model", MODELS, ids=[m.stem for m in MODELS])
def test_svg_shows_node_titles_zone_titles_and_step_marks(model: Path) -> None:
    if not model.exists():
        pytest.skip(f"{model.name} is not written yet")
    graph = load_graph(model)
    svg = svg_of(diagram_source(graph))
    texts = svg_texts(svg)
    joined = _compact(texts)
    assert graph.document.scheme.title.replace(" ", "") in joined
    for node in graph.nodes.values():
        assert node.title.replace(" ", "") in joined, node.title
    members = {z for n in graph.nodes.values() for z in (zone.id for zone in graph.zone_chain(n.zone))}
    for zone in graph.zones.values():
        if zone.id in members:  # Graphviz draws no box for a zone with nothing in it
            assert zone.title.replace(" ", "") in joined, zone.title
    numbers = step_numbers(graph)
    for flow in graph.flows.values():
        assert step_mark(numbers[flow.id]) in texts, flow.id
    # Every drawn node is one model node, one flow label or a legend sample; nothing else.
    names = {g.findtext("{http://www.w3.org/2000/svg}title") for g in svg_groups(svg, "node")}
    assert set(graph.nodes) <= names
    assert {f"_flow_{f}" for f in graph.flows} <= names
    assert all(n in graph.nodes or n.startswith(("_flow_", "_legend_")) for n in names)


@needs_dot
def test_unencrypted_general_line_is_marked_in_words_and_with_a_thick_red_dashed_line() -> None:
    graph = load_graph(FIXTURES / "ward-contractor-cloud.yaml")
    svg = svg_of(diagram_source(graph))
    texts = svg_texts(svg)
    assert "⚠ 一般回線・暗号化なし" in texts  # e-mail with protection: [none]
    assert "⚠ 一般回線・暗号化不明" in texts  # internet with no protection stated
    edges = {g.findtext("{http://www.w3.org/2000/svg}title"): g for g in svg_groups(svg, "edge")}
    path = edges["_flow_web_upload->contractor_cloud"].find("{http://www.w3.org/2000/svg}path")
    assert path is not None
    assert path.get("stroke") == "#c62828" and path.get("stroke-dasharray") and float(path.get("stroke-width", 0)) >= 3
    # The encrypted VPN hop keeps its ordinary style.
    vpn = edges["_flow_contractor_entry->contractor_cloud"].find("{http://www.w3.org/2000/svg}path")
    assert vpn is not None and vpn.get("stroke") != "#c62828"


@needs_dot
def test_english_diagram_uses_english_titles_and_vocabulary() -> None:
    graph = load_graph(FIXTURES / "ward-contractor-cloud.yaml")
    texts = svg_texts(svg_of(diagram_source(graph, lang="en")))
    joined = " ".join(texts)
    for words in ("Payment cloud", "Contractor terminal", "Legend", "Steps", "Internet VPN", "Contractor office"):
        assert words in joined, words
    assert "凡例" not in joined and "手順一覧" not in joined


@needs_dot
def test_data_view_lists_items_classes_and_roles() -> None:
    graph = load_graph(FIXTURES / "three-layer-eligibility.yaml")
    texts = svg_texts(svg_of(diagram_source(graph, view="data")))
    for item in graph.data.values():
        assert item.title in texts
    for words in ("特定個人情報", "要配慮個人情報", "保管", "処理", "受領", "送付", "取得", "海外バックアップ拠点"):
        assert words in texts, words
