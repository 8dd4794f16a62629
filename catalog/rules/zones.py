"""Zone rules (三層の対策): ZON-01 … ZON-04. Texts are in ``zones.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import once
from pia_toolkit.catalog.rules.facts import FlowRef, NodeRef, Route, Term, Words
from pia_toolkit.catalog.rules.network import carriage_route, carriages
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES, vocabulary
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import AspConditions, Flow, Node, known_protections

_WARD_EQUIPMENT = frozenset({"system", "terminal", "store", "device"})


def _direct_internet_link(flow: Flow, my_number_nodes: set[str], internet: set[str]) -> bool:
    """A flow joining an internet-zone node and a node that handles 特定個人情報 outside that zone (ZON-01).

    Screen transfer moves no data and sanctioned intake (マイナポータル, eLTAX) is allowed, so neither counts.
    """
    if flow.channel == "screen_transfer" or flow.sanctioned_intake:
        return False
    ends = (flow.source, flow.target)
    return any(a in internet and b in my_number_nodes and b not in internet for a, b in (ends, ends[::-1]))


@rule("ZON-01")
def my_number_in_internet_zone(graph: FlowGraph) -> Iterator[Result]:
    """A node handling 特定個人情報 must not sit in the internet zone nor have a direct flow to it."""
    my_number_nodes = graph.nodes_handling("my_number")
    internet = set(graph.nodes_in_zone_kind("internet"))
    classes = graph.item_classes
    for node in graph.nodes.values():
        if node.id not in my_number_nodes:
            continue
        items = tuple(sorted(i for i in graph.handled_at[node.id] if classes[i] == "my_number"))
        if node.id in internet:
            yield violated([node.id], "in_internet_zone", data=items, node=NodeRef(node.id))
        elif node.zone is None and node.kind in _WARD_EQUIPMENT and node.id not in graph.contractor_side:
            # Equipment that is not a contractor's: it is the ward's unless the model says otherwise, and which
            # of the three zones it sits in is the whole question of the three-layer model.
            yield unknown([node.id], "zone_not_stated", data=items, node=NodeRef(node.id))
        else:
            yield satisfied(node.id)
    for flow in graph.flows_touching(internet):
        inner = flow.target if flow.source in internet else flow.source
        # A resident is the person the number belongs to, not a place of the ward's that keeps it: their use of
        # the internet is no breach of the three layers (what crosses into the ward is ZON-02's and NET-03's).
        if inner not in my_number_nodes or inner in internet or graph.nodes[inner].kind == "resident":
            continue
        if not _direct_internet_link(flow, my_number_nodes, internet):
            yield satisfied(flow.id)  # screen transfer or a sanctioned intake
            continue
        yield violated(
            [flow.id],
            "linked_to_internet_zone",
            data=tuple(i for i in flow.data if classes[i] == "my_number"),
            node=NodeRef(inner),
            flow=FlowRef(flow.id),
        )


def _crosses_unfiltered(flow: Flow) -> bool:
    """A flow that carries files or data as they are: no screen transfer, no sanitising, not a sanctioned intake."""
    if flow.channel == "screen_transfer" or flow.sanctioned_intake:
        return False
    return known_protections(flow).has("sanitising") is not True


@rule("ZON-02")
def internet_path_into_my_number_zone(graph: FlowGraph) -> Iterator[Result]:
    """No path may lead from the internet zone into the My-Number zone without a sanitising or screen-transfer
    boundary. One finding per node where such a path first enters the zone (its shortest path)."""
    yield from _unfiltered_entries(graph, "mynumber")


@rule("ZON-05")
def internet_path_into_lgwan_zone(graph: FlowGraph) -> Iterator[Result]:
    """Files and mail from the internet zone enter the LGWAN zone only through sanitising (or as a screen
    transfer): the three-layer model's second boundary. Nodes also in the My-Number zone are ZON-02's."""
    yield from _unfiltered_entries(graph, "lgwan", besides="mynumber")


def _unfiltered_entries(graph: FlowGraph, zone_kind: str, besides: str | None = None) -> Iterator[Result]:
    """One result per node of ``zone_kind`` (and not of ``besides``) that a path from the internet zone first
    reaches with no sanitising or screen-transfer boundary on the way."""
    inner_zone = set(graph.nodes_in_zone_kind(zone_kind)) - set(graph.nodes_in_zone_kind(besides) if besides else ())
    internet = set(graph.nodes_in_zone_kind("internet"))
    parent = once(graph, "unfiltered_from_internet", lambda: _unfiltered_reach(graph, internet))
    my_number_nodes = graph.nodes_handling("my_number") if parent else set()
    for node_id in graph.nodes:
        if node_id not in inner_zone:
            continue
        if node_id in internet:
            yield not_applicable(node_id)  # nested in both zones: ZON-01 reports what it handles
            continue
        step = parent.get(node_id)
        if step is None or step[0] in inner_zone or graph.nodes[node_id].boundary != "none":
            yield satisfied(node_id)  # not reached, reached only through the zone itself, or it is the boundary
            continue
        path, path_flows = graph.path_to(parent, node_id)
        if len(path_flows) == 1 and _direct_internet_link(graph.flows[path_flows[0]], my_number_nodes, internet):
            yield not_applicable(node_id)  # a direct link, reported by ZON-01
            continue
        data = tuple(dict.fromkeys(i for f in path_flows for i in graph.personal_on(graph.flows[f])))
        yield violated(
            [node_id],
            "unfiltered_path",
            data=data,
            path=tuple(path),
            path_flows=tuple(path_flows),
            node=NodeRef(node_id),
            route=Route(tuple(path)),
        )


def _unfiltered_reach(graph: FlowGraph, internet: set[str]) -> dict[str, tuple[str, str] | None]:
    """Where data from the internet zone can go with no sanitising or screen-transfer boundary on the way."""
    sources = [n for n in graph.nodes if n in internet and graph.nodes[n].boundary == "none"]
    if not sources:
        return {}
    return graph.reach(sources, edge=_crosses_unfiltered, through=lambda n: n.boundary == "none")


def _asp_gaps(node: Node) -> tuple[list[str], list[str]]:
    """The blanket-approval conditions an LGWAN-ASP service fails, and those it does not state (word keys)."""
    asp = node.asp or AspConditions()
    failed: list[str] = []
    not_stated: list[str] = []
    if node.zone is None:
        not_stated.append("zone")
    if asp.deletion == "none":
        failed.append("cannot_delete")
    elif asp.deletion == "unknown":
        not_stated.append("deletion")
    if asp.periodic_check is False:
        failed.append("no_periodic_check")
    elif asp.periodic_check == "unknown":
        not_stated.append("periodic_check")
    if asp.data_left_on_terminal is True:
        failed.append("data_left_on_terminal")
    elif asp.data_left_on_terminal == "unknown":
        not_stated.append("nothing_left_on_terminal")
    return failed, not_stated


@rule("ZON-03")
def lgwan_asp_conditions(graph: FlowGraph) -> Iterator[Result]:
    """An LGWAN-ASP service receiving personal data must state its zone, be able to delete its data (automatically
    or manually, checked periodically) and leave no personal data on the terminal (Meguro blanket approval)."""
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    for node in graph.nodes_of("lgwan_asp"):
        if node.id not in personal_nodes:
            yield not_applicable(node.id)
            continue
        failed, not_stated = _asp_gaps(node)
        unstated = Words.of(*not_stated)
        if failed:
            also = Words((("also_not_stated", {"unstated": unstated}),) if not_stated else (), joiner="none")
            yield violated([node.id], "fails_conditions", node=NodeRef(node.id), failed=Words.of(*failed), also=also)
        elif not_stated:
            yield unknown([node.id], "conditions_not_stated", node=NodeRef(node.id), unstated=unstated)
        else:
            yield satisfied(node.id)


_APPROVED_CROSSING = frozenset({"sanitising", "approved_exception"})


def _electronic(graph: FlowGraph) -> list[Flow]:
    """Flows that move data itself electronically: over a network or on a medium (not paper, post or voice)."""
    channels = vocabulary("channels").having("network") | {"media", "flash_memory"}
    return graph.flows_on(*sorted(channels))


def _approved(legs: list[Flow], ends: list[Node]) -> bool | None:
    """True when the crossing goes by an approved route (screen transfer, sanitising, a sanctioned intake, an
    approved exception, a boundary node), False when every leg's protections are known and none is, else None."""
    if any(node.boundary != "none" for node in ends):
        return True
    answers = []
    for leg in legs:
        known = known_protections(leg)
        if leg.channel == "screen_transfer" or leg.sanctioned_intake or known.any_of(_APPROVED_CROSSING):
            return True
        answers.append(known.any_of(_APPROVED_CROSSING))
    return False if all(answer is False for answer in answers) else None


def _zone_sides(graph: FlowGraph) -> dict[str, str]:
    """Equipment node → the side of the My-Number boundary it stands on: ``mynumber``, or the first other ward
    zone kind (LGWAN, premises) it sits in; nodes on neither side and non-equipment are left out."""
    ward_zones = sorted(vocabulary("zone_kinds").having("ward_network") - {"mynumber", "internet"})
    equipment = vocabulary("node_kinds").having("equipment")
    sides: dict[str, str] = {}
    for node in graph.nodes_of(*sorted(equipment)):
        if graph.in_zone_kind(node.id, "mynumber"):
            sides[node.id] = "mynumber"
        elif (kind := next((k for k in ward_zones if graph.in_zone_kind(node.id, k)), None)) is not None:
            sides[node.id] = kind
    return sides


@rule("ZON-04")
def my_number_zone_crossing(graph: FlowGraph) -> Iterator[Result]:
    """Data moving between the My-Number zone and another zone of the ward (LGWAN, the premises), over a line
    or carried on a medium, must go by an approved route: screen transfer, sanitising, or an approved exception
    (the three-layer model forbids taking data out of the zone otherwise). The internet side is ZON-01/02's.

    A medium carried from one zone to the other (written at an LGWAN desk, read at a tax terminal) is one
    crossing, found through the ``media`` node its legs pass. Only equipment has a side: a section or its staff
    entering data into a My-Number system work at that zone's terminals, which is no crossing."""
    side = _zone_sides(graph).get
    for carrier, legs in carriages(graph, _electronic(graph)):
        senders = [leg.source for leg in legs if leg.target == carrier] if carrier else [legs[0].source]
        receivers = [leg.target for leg in legs if leg.source == carrier] if carrier else [legs[0].target]
        sides = {found for node in (*senders, *receivers) if (found := side(node)) is not None}
        if "mynumber" not in sides or len(sides) < 2:
            continue
        personal = tuple(dict.fromkeys(i for leg in legs for i in graph.personal_on(leg)))
        if not personal:
            continue
        other = next(kind for kind in sorted(sides) if kind != "mynumber")
        approved = _approved(legs, [graph.nodes[n] for n in (*senders, *receivers)])
        if approved:
            yield from (satisfied(leg.id) for leg in legs)
            continue
        outcome, key = (violated, "unapproved") if approved is False else (unknown, "route_not_stated")
        route = carriage_route(senders, carrier, receivers)
        yield outcome(
            [carrier] if carrier else [legs[0].id],
            key,
            data=personal,
            path_flows=tuple(leg.id for leg in legs),
            route=route,
            other=Term("zone_kinds", other),
        )
