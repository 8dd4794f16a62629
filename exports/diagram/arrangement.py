"""Where a model's parts sit in the zones drawing, worked out from the graph alone: the zone tree, the node
order, the zones a drawing uses, the innermost zone around a flow, the flows that share an arrow on paper, the
flows drawn backwards to keep the layers acyclic, and the DOT names of stubs and flow labels."""

from __future__ import annotations

from collections.abc import Sequence

from pia_toolkit.exports.diagram.marks import Mark, Marks, hop_warning
from pia_toolkit.exports.diagram.steps import ordered_flows, step_numbers
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow, Node, Zone

STUB_PREFIX = "_stub_"


# ---- zones -------------------------------------------------------------------------------------------------
def zone_children(graph: FlowGraph) -> dict[str | None, list[Zone]]:
    """Parent zone id (None for the outermost) → its zones, in model order (worked out once per graph)."""
    cached: dict[str | None, list[Zone]] | None = graph.__dict__.get("_pia_zone_children")
    if cached is not None:
        return cached
    children: dict[str | None, list[Zone]] = {}
    for zone in graph.zones.values():
        parent = zone.parent if zone.parent in graph.zones else None
        children.setdefault(parent, []).append(zone)
    graph.__dict__["_pia_zone_children"] = children
    return children


def node_order(graph: FlowGraph) -> dict[str, int]:
    cached: dict[str, int] | None = graph.__dict__.get("_pia_node_order")
    if cached is None:
        cached = graph.__dict__["_pia_node_order"] = {n: i for i, n in enumerate(graph.nodes)}
    return cached


def used_zones(graph: FlowGraph, nodes_in: dict[str | None, list[Node]]) -> set[str]:
    """Zones that hold a drawn node, directly or in a nested zone (Graphviz draws no box for an empty one)."""
    used: set[str] = set()
    for zone_id in nodes_in:
        while zone_id is not None and zone_id in graph.zones and zone_id not in used:
            used.add(zone_id)
            zone_id = graph.zones[zone_id].parent
    return used


def common_zone(graph: FlowGraph, flow: Flow) -> str | None:
    """The innermost zone that contains both ends of ``flow`` (None: the diagram itself)."""
    source = [z.id for z in graph.zone_chain(graph.nodes[flow.source].zone)] if flow.source in graph.nodes else []
    target = {z.id for z in graph.zone_chain(graph.nodes[flow.target].zone)} if flow.target in graph.nodes else set()
    return next((zone for zone in source if zone in target), None)


# ---- nodes -------------------------------------------------------------------------------------------------
def stub_name(node_id: str) -> str:
    """DOT name of a node drawn as a stub on a sheet that is not its own."""
    return f"{STUB_PREFIX}{node_id}"


# ---- flows -------------------------------------------------------------------------------------------------
def bundles_of(graph: FlowGraph, flows: Sequence[Flow], marks: Marks) -> dict[str, list[Flow]]:
    """Flows that share an arrow on paper, keyed by the first one's id: same ends, same direction, same line."""
    bundles: dict[tuple[object, ...], list[Flow]] = {}
    for flow in flows:
        key = (flow.source, flow.target, flow.channel, hop_warning(graph, flow), marks.flow_state(flow.id))
        bundles.setdefault(key, []).append(flow)
    return {bundle[0].id: bundle for bundle in bundles.values()}


def bundle_mark(marks: Marks, bundle: Sequence[Flow]) -> Mark | None:
    found = [marks.flows[f.id] for f in bundle if f.id in marks.flows]
    if not found:
        return None
    strongest = max(found, key=lambda m: (m.severity, m.violation))
    return Mark(strongest.severity, strongest.violation, sum(m.count for m in found), sum(m.violations for m in found))


def flow_label_name(flow: Flow) -> str:
    """DOT name of a flow's label node (model ids never start with ``_``, so this cannot clash)."""
    return f"_flow_{flow.id}"


def backward_flows(graph: FlowGraph) -> set[str]:
    """Flows that close a cycle, found by a depth-first search that follows the steps in order.

    The search starts from the sender of step ① and takes each node's flows by step number, so the
    diagram reads in step order and replies and returns come out as the backward flows. Writing those
    edges reversed keeps the layered graph acyclic without Graphviz reversing edges itself (which would
    push the label nodes past the ends of their flow). Model order breaks ties, so the result is stable.
    """
    cached: set[str] | None = graph.__dict__.get("_pia_backward_flows")
    if cached is not None:
        return cached
    ordered = ordered_flows(graph, step_numbers(graph))
    outgoing: dict[str, list[Flow]] = {n: [] for n in graph.nodes}
    for flow in ordered:
        if flow.source != flow.target and flow.source in outgoing:
            outgoing[flow.source].append(flow)
    roots = dict.fromkeys([*(f.source for f in ordered), *graph.nodes])
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    backward: set[str] = set()
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(outgoing.get(root, ())))]
        while stack:
            node, edges = stack[-1]
            step = next(edges, None)
            if step is None:
                state[node] = 2
                stack.pop()
            elif state.get(step.target) == 1:
                backward.add(step.id)
            elif step.target not in state:
                state[step.target] = 1
                stack.append((step.target, iter(outgoing.get(step.target, ()))))
    graph.__dict__["_pia_backward_flows"] = backward
    return backward
