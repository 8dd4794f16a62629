"""The graph queries rules rely on: data classes, zones, holdings and filtered reachability."""

from __future__ import annotations

from pathlib import Path

from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.loader import load
from tests.conftest import run_cli

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"


def graph() -> FlowGraph:
    return FlowGraph.build(load(SMALL))


def test_graph_is_a_multidigraph_keyed_by_flow_id() -> None:
    g = graph()
    assert g.graph.number_of_nodes() == 5
    assert g.graph.has_edge("web", "gate", key="f1")
    assert g.graph.edges["core", "stat", "f5"]["flow"].data == ["stats"]


def test_flows_carrying_a_data_class() -> None:
    g = graph()
    assert {f.id for f in g.flows_carrying("sensitive")} == {"f3", "f4"}
    assert {f.id for f in g.flows_carrying("anonymised")} == {"f5"}
    assert g.is_special("mynum") and g.is_special("illness") and not g.is_special("name")


def test_zone_membership_follows_nesting() -> None:
    g = graph()
    assert g.in_zone_kind("core", "mynumber")
    assert g.in_zone_kind("core", "ward_premises")
    assert not g.in_zone_kind("web", "mynumber")
    assert set(g.members("ward_net")) == {"web", "gate", "lgsys", "core", "stat"}


def test_which_nodes_hold_which_data() -> None:
    g = graph()
    assert set(g.nodes_holding("mynum")) == {"core"}
    assert set(g.nodes_holding("illness")) == {"web", "lgsys", "core"}


def test_reachability_stops_at_a_sanitising_boundary_and_gives_the_path() -> None:
    g = graph()
    parent = g.reach(["web"], through=lambda n: n.boundary == "none")
    assert "core" in parent
    nodes, flows = g.path_to(parent, "core")
    assert nodes == ["web", "lgsys", "core"] and flows == ["f3", "f4"]
    only_names = g.reach(["web"], edge=lambda f: "name" in f.data, through=lambda n: n.boundary == "none")
    assert "core" not in only_names


def test_pia_graph_json_resolves_positions() -> None:
    import json

    result = run_cli("graph", SMALL, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    flow = next(f for f in data["flows"] if f["id"] == "f3")
    assert flow["from"] == "web" and flow["source_position"].endswith("small.yaml:22:5")
    assert next(n for n in data["nodes"] if n["id"] == "core")["zone_kinds"] == ["mynumber", "ward_premises"]


def test_shared_indices_answer_as_the_plain_queries() -> None:
    example = Path(__file__).resolve().parents[2] / "flows/examples/setagaya-999-childbirth-support.yaml"
    g = FlowGraph.build(load(example))
    for flow in g.flows.values():
        assert g.personal_on(flow) == g.personal_items(flow.data)
        assert g.carries_personal(flow) == any(g.is_personal(i) for i in flow.data)
    for node in g.nodes:
        assert [f.id for f in g._out_flows[node]] == [f.id for f in g.flows.values() if f.source == node]
        assert [f.id for f in g._in_flows[node]] == [f.id for f in g.flows.values() if f.target == node]
        assert g.received_at[node] == {i for f in g.flows.values() if f.target == node for i in f.data}
        assert g.sent_from[node] == {i for f in g.flows.values() if f.source == node for i in f.data}
