"""Zone rules (三層の対策): ZON-01 … ZON-03. Texts are in ``zones.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import flow_name, joined, node_name, path_text
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import AspConditions, Flow

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
def my_number_in_internet_zone(g: FlowGraph) -> Iterator[Result]:
    """A node handling 特定個人情報 must not sit in the internet zone nor have a direct flow to it."""
    my_number_nodes = g.nodes_handling("my_number")
    internet = set(g.nodes_in_zone_kind("internet"))
    classes = g.item_classes
    for node in g.nodes.values():
        if node.id not in my_number_nodes:
            continue
        items = tuple(sorted(i for i in g.handled_at[node.id] if classes[i] == "my_number"))
        if node.id in internet:
            yield violated(
                [node.id],
                f"特定個人情報を扱う{node_name(g, node.id)}がインターネット接続系に置かれている",
                f"{node_name(g, node.id, 'en')} handles My Number data inside the internet zone",
                data=items,
            )
        elif node.zone is None and node.id in g.ward_ids and node.kind in _WARD_EQUIPMENT:
            yield unknown(
                [node.id],
                f"特定個人情報を扱う{node_name(g, node.id)}がどのゾーン（マイナンバー利用事務系等）にあるか書かれていない",
                f"{node_name(g, node.id, 'en')} handles My Number data but its zone is not stated",
                data=items,
            )
        else:
            yield satisfied(node.id)
    for flow in g.flows_touching(internet):
        inner = flow.target if flow.source in internet else flow.source
        if inner not in my_number_nodes or inner in internet:
            continue
        if not _direct_internet_link(flow, my_number_nodes, internet):
            yield satisfied(flow.id)  # screen transfer or a sanctioned intake
            continue
        yield violated(
            [flow.id],
            f"特定個人情報を扱う{node_name(g, inner)}とインターネット接続系が{flow_name(g, flow)}で直接つながっている",
            f"{node_name(g, inner, 'en')} handles My Number data and is linked directly to the internet zone "
            f"by {flow_name(g, flow, 'en')}",
            data=tuple(i for i in flow.data if classes[i] == "my_number"),
        )


def _crosses_unfiltered(flow: Flow) -> bool:
    """A flow that carries files or data as they are: no screen transfer, no sanitising, not a sanctioned intake."""
    if flow.channel == "screen_transfer" or flow.sanctioned_intake:
        return False
    return flow.protection == "unknown" or "sanitising" not in flow.protection


@rule("ZON-02")
def internet_path_into_my_number_zone(g: FlowGraph) -> Iterator[Result]:
    """No path may lead from the internet zone into the My-Number zone without a sanitising or screen-transfer
    boundary. One finding per node where such a path first enters the zone (its shortest path)."""
    my_number_zone = set(g.nodes_in_zone_kind("mynumber"))
    internet = set(g.nodes_in_zone_kind("internet"))
    sources = [n for n in g.nodes if n in internet and g.nodes[n].boundary == "none"]
    parent = g.reach(sources, edge=_crosses_unfiltered, through=lambda n: n.boundary == "none") if sources else {}
    my_number_nodes = g.nodes_handling("my_number") if parent else set()
    for node_id in g.nodes:
        if node_id not in my_number_zone:
            continue
        if node_id in internet:
            yield not_applicable(node_id)  # nested in both zones: ZON-01 reports what it handles
            continue
        step = parent.get(node_id)
        if step is None or step[0] in my_number_zone or g.nodes[node_id].boundary != "none":
            yield satisfied(node_id)  # not reached, reached only through the zone itself, or it is the boundary
            continue
        path, path_flows = g.path_to(parent, node_id)
        if len(path_flows) == 1 and _direct_internet_link(g.flows[path_flows[0]], my_number_nodes, internet):
            yield not_applicable(node_id)  # a direct link, reported by ZON-01
            continue
        data = tuple(dict.fromkeys(i for f in path_flows for i in g.personal_items(g.flows[f].data)))
        yield violated(
            [node_id],
            f"インターネット接続系から無害化・画面転送を経ずにマイナンバー利用事務系の{node_name(g, node_id)}に至る経路がある"
            f"（{path_text(g, path)}）",
            f"a path reaches {node_name(g, node_id, 'en')} in the My-Number zone from the internet zone with no "
            f"sanitising or screen transfer ({path_text(g, path, 'en')})",
            data=data,
            path=tuple(path),
            path_flows=tuple(path_flows),
        )


@rule("ZON-03")
def lgwan_asp_conditions(g: FlowGraph) -> Iterator[Result]:
    """An LGWAN-ASP service receiving personal data must state its zone, be able to delete its data (automatically
    or manually, checked periodically) and leave no personal data on the terminal (Meguro blanket approval)."""
    personal_nodes = g.nodes_handling(*PERSONAL_CLASSES)
    for node in g.nodes_of("lgwan_asp"):
        if node.id not in personal_nodes:
            yield not_applicable(node.id)
            continue
        asp = node.asp or AspConditions()
        bad: list[tuple[str, str]] = []
        ask: list[tuple[str, str]] = []
        if node.zone is None:
            ask.append(("置かれているゾーン", "its zone"))
        if asp.deletion == "none":
            bad.append(("データを消去できない", "its data cannot be deleted"))
        elif asp.deletion == "unknown":
            ask.append(("データの消去方法", "how its data is deleted"))
        if asp.periodic_check is False:
            bad.append(("消去を定期的に確認しない", "deletion is not checked periodically"))
        elif asp.periodic_check == "unknown":
            ask.append(("消去の定期的な確認", "periodic checks of deletion"))
        if asp.data_left_on_terminal is True:
            bad.append(("端末に個人情報が残る", "personal data stays on the terminal"))
        elif asp.data_left_on_terminal == "unknown":
            ask.append(("端末に個人情報が残らないこと", "that no personal data stays on the terminal"))
        name, name_en = node_name(g, node.id), node_name(g, node.id, "en")
        if bad:
            also = f"（ほかに不明: {joined(a for a, _ in ask)}）" if ask else ""
            also_en = f" (also not stated: {joined((a for _, a in ask), 'en')})" if ask else ""
            yield violated(
                [node.id],
                f"LGWAN-ASPの{name}は包括承認の条件を満たさない: {joined(b for b, _ in bad)}{also}",
                f"LGWAN-ASP service {name_en} fails the approval conditions: "
                f"{joined((b for _, b in bad), 'en')}{also_en}",
            )
        elif ask:
            yield unknown(
                [node.id],
                f"LGWAN-ASPの{name}について書かれていない: {joined(a for a, _ in ask)}",
                f"LGWAN-ASP service {name_en} does not state {joined((a for _, a in ask), 'en')}",
            )
        else:
            yield satisfied(node.id)
