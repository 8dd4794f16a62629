"""Cutting a model into parts, one per sheet: whole top-level zones where they fit, else their sub-zones, else
runs of their nodes (a node with more flows than a sheet holds: runs of its flows); and the titles the parts'
sheets get from the zones they draw.

    model = PartModel(graph, "ja")
    parts = parts_of(model, capacity=40)        # at most 40 drawn elements each
    retitle(parts, "ja")                        # 「A・B」, 「A（2/3）」
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pia_toolkit.exports.diagram.texts import t
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow


@dataclass
class Part:
    """A set of nodes drawn in full on one sheet (with the flows that touch them), and its title."""

    title: str
    nodes: list[str]
    flows: list[str] | None = None
    top: str | None = None
    """The top-level zone (or None for parties outside every zone) the part belongs to, for the overview."""
    order: tuple[int, ...] = ()
    """Where the part's sheet goes: zone by zone as the model nests them."""


class PartModel:
    """What splitting needs, computed once: zone tree, nodes per zone, flows per node."""

    def __init__(self, graph: FlowGraph, lang: str) -> None:
        self.graph, self.lang = graph, lang
        self.children: dict[str | None, list[str]] = {}
        for zone in graph.zones.values():
            parent = zone.parent if zone.parent in graph.zones else None
            self.children.setdefault(parent, []).append(zone.id)
        self.direct: dict[str | None, list[str]] = {}
        for node in graph.nodes.values():
            self.direct.setdefault(node.zone if node.zone in graph.zones else None, []).append(node.id)
        self.touching: dict[str, list[Flow]] = {n: [] for n in graph.nodes}
        for flow in graph.flows.values():
            for end in {flow.source, flow.target}:
                if end in self.touching:
                    self.touching[end].append(flow)
        self.order = {n: i for i, n in enumerate(graph.nodes)}

    def subtree(self, zone: str, within: set[str] | None = None) -> list[str]:
        nodes: list[str] = []
        stack = [zone]
        while stack:
            current = stack.pop()
            nodes.extend(self.direct.get(current, []))
            stack.extend(self.children.get(current, []))
        if within is not None:
            nodes = [n for n in nodes if n in within]
        return sorted(nodes, key=self.order.__getitem__)

    def top_of(self, node: str) -> str | None:
        chain = self.graph.zone_chain(self.graph.nodes[node].zone)
        return chain[-1].id if chain else None

    def size(self, nodes: Sequence[str], flows: Sequence[str] | None = None) -> int:
        """Drawn elements: nodes, stubs and arrow labels."""
        inside = set(nodes)
        drawn = (
            {f.id: f for n in nodes for f in self.touching[n]}
            if flows is None
            else {f: self.graph.flows[f] for f in flows}
        )
        stubs = {end for f in drawn.values() for end in (f.source, f.target) if end not in inside}
        return len(inside) + len(stubs) + len(drawn)

    def zone_title(self, zone: str | None) -> str:
        return t("parties", self.lang) if zone is None else self.graph.zone_label(zone, self.lang)


def parts_of(model: PartModel, capacity: int, within: set[str] | None = None) -> list[Part]:
    """The model (or the nodes ``within``) cut into parts of at most ``capacity`` drawn elements: whole top-level
    zones where they fit, else their sub-zones, else runs of their nodes; consecutive small parts share a sheet."""

    def zone_parts(zone: str, top: str) -> list[Part]:
        nodes = model.subtree(zone, within)
        if not nodes:
            return []
        if model.size(nodes) <= capacity:
            return [Part(model.zone_title(zone), nodes, top=top)]
        return held_by(zone, top)

    def held_by(zone: str | None, top: str | None) -> list[Part]:
        """The parts of what ``zone`` holds (None: the whole model; there each top-level zone is its own top):
        its sub-zones' parts, then runs of its own nodes, small neighbours packed together."""
        parts: list[Part] = []
        for child in model.children.get(zone, []):
            parts.extend(zone_parts(child, child if top is None else top))
        direct = [n for n in model.direct.get(zone, []) if within is None or n in within]
        parts.extend(chunks(model.zone_title(zone), direct, top))
        return pack(parts)

    def chunks(title: str, nodes: list[str], top: str | None) -> list[Part]:
        pieces: list[list[str]] = []
        current: list[str] = []
        hubs: list[Part] = []
        for node in nodes:
            if model.size([node]) > capacity:
                hubs.extend(hub_runs(title, node, top))
                continue
            if current and model.size([*current, node]) > capacity:
                pieces.append(current)
                current = []
            current.append(node)
        if current:
            pieces.append(current)
        return [Part(title, piece, top=top) for piece in pieces] + hubs

    def hub_runs(title: str, node: str, top: str | None) -> list[Part]:
        """A node with more flows than a sheet holds: its flows in runs, one sheet each."""
        flows = [f.id for f in model.touching[node]]
        count = -(-model.size([node]) // capacity)
        step = -(-len(flows) // count)
        return [
            Part(f"{title}\x1e{i}", [node], flows[start : start + step], top)
            for i, start in enumerate(range(0, len(flows), step), 1)
        ]

    def pack(parts: list[Part]) -> list[Part]:
        packed: list[Part] = []
        for part in parts:
            last = packed[-1] if packed else None
            if (
                last is not None
                and last.flows is None
                and part.flows is None
                and model.size([*last.nodes, *part.nodes]) <= capacity
            ):
                titles = [*last.title.split("\x1f"), part.title]
                packed[-1] = Part("\x1f".join(dict.fromkeys(titles)), [*last.nodes, *part.nodes], top=last.top)
            else:
                packed.append(part)
        return packed

    return held_by(None, None)


def split_part(model: PartModel, part: Part, capacity: int) -> list[Part] | None:
    """A part that did not fit, cut along its zones into pieces of at most ``capacity`` elements when it can be,
    else in two (by nodes, or by flows for a single busy node); None if it cannot be cut."""
    if part.flows is None and len(part.nodes) > 1:
        pieces = parts_of(model, capacity, within=set(part.nodes))
        if len(pieces) > 1:
            return pieces
    if len(part.nodes) > 1 and part.flows is None:
        middle = len(part.nodes) // 2
        return [
            Part(f"{part.title}\x1e1", part.nodes[:middle], top=part.top),
            Part(f"{part.title}\x1e2", part.nodes[middle:], top=part.top),
        ]
    flows = (
        part.flows
        if part.flows is not None
        else list(dict.fromkeys(f.id for n in part.nodes for f in model.touching[n]))
    )
    if len(flows) > 1:
        # A busy node: its flows in runs, each run with the node and the far ends of its flows (a flow costs
        # its label and, mostly, one stub).
        count = max(2, -(-model.size(part.nodes, flows) // max(capacity, 3)))
        step = -(-len(flows) // count)
        return [
            Part(f"{part.title}\x1e{i}", part.nodes, flows[start : start + step], part.top)
            for i, start in enumerate(range(0, len(flows), step), 1)
        ]
    return None


def retitle(parts: Sequence[Part], lang: str) -> None:
    """Each sheet's title from the zones it draws (「A・B」, 「A・B ほか2」); a zone drawn over several sheets is
    numbered on each (「A（2/3）」)."""
    sep = "・" if lang == "ja" else ", "
    components = [list(dict.fromkeys(title.split("\x1e")[0] for title in p.title.split("\x1f"))) for p in parts]
    total: dict[str, int] = {}
    for titles in components:
        for title in titles:
            total[title] = total.get(title, 0) + 1
    seen: dict[str, int] = {}
    for part, titles in zip(parts, components, strict=True):
        named = []
        for title in titles:
            if total[title] > 1:
                seen[title] = seen.get(title, 0) + 1
                named.append(t("part_of", lang, title=title, n=seen[title], total=total[title]))
            else:
                named.append(title)
        part.title = (
            sep.join(named)
            if len(named) <= 3
            else t("and_more_zones", lang, title=sep.join(named[:2]), n=len(named) - 2)
        )
