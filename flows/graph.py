"""The flow model as a ``networkx.MultiDiGraph``, with the queries the rules need.

Nodes are keyed by node id and carry the typed ``Node``; edges are keyed by flow id and carry the typed
``Flow``. Every query here is linear in nodes + flows (or flows × data items): path questions are answered
by reachability on a filtered view, never by enumerating paths.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from catalog.vocabularies import PERSONAL_CLASSES, SPECIAL_CLASSES, category_class, vocabulary
from flows.loader import LoadedModel
from flows.schema import DataItem, Flow, FlowDocument, Node, Zone

EdgeFilter = Callable[[Flow], bool]
NodeFilter = Callable[[Node], bool]


@dataclass
class FlowGraph:
    """A read-only view of one scheme: graph, typed elements and source positions."""

    document: FlowDocument
    graph: nx.MultiDiGraph[str]
    loaded: LoadedModel | None = None
    nodes: dict[str, Node] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    zones: dict[str, Zone] = field(default_factory=dict)
    data: dict[str, DataItem] = field(default_factory=dict)

    # ---- building -------------------------------------------------------------------------------------
    @classmethod
    def build(cls, source: LoadedModel | FlowDocument) -> FlowGraph:
        loaded = source if isinstance(source, LoadedModel) else None
        document = source.document if isinstance(source, LoadedModel) else source
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(scheme=document.scheme.id)
        graph.add_nodes_from((n.id, {"node": n}) for n in document.nodes)
        # (from, to, key, attributes): the flow id is the edge key, so parallel hand-overs stay distinct.
        graph.add_edges_from((f.source, f.target, f.id, {"flow": f}) for f in document.flows)  # type: ignore[misc]
        return cls(
            document=document,
            graph=graph,
            loaded=loaded,
            nodes={n.id: n for n in document.nodes},
            flows={f.id: f for f in document.flows},
            zones={z.id: z for z in document.zones},
            data={d.id: d for d in document.data},
        )

    # ---- data classes ---------------------------------------------------------------------------------
    def data_class(self, item_id: str) -> str:
        """Legal class of a data item: personal, sensitive, my_number, pseudonymised, anonymised, non_personal."""
        return category_class(self.data[item_id].category)

    def is_personal(self, item_id: str) -> bool:
        return self.data_class(item_id) in PERSONAL_CLASSES

    def is_special(self, item_id: str) -> bool:
        """特定個人情報 or 要配慮個人情報: the classes that raise a finding's severity."""
        return self.data_class(item_id) in SPECIAL_CLASSES

    def classes_of(self, items: Iterable[str]) -> set[str]:
        return {self.data_class(i) for i in items}

    def flows_carrying(self, *classes: str) -> Iterator[Flow]:
        """Flows that carry at least one item of the given classes (personal, my_number...)."""
        wanted = set(classes)
        for flow in self.flows.values():
            if any(self.data_class(i) in wanted for i in flow.data):
                yield flow

    def carries_personal(self, flow: Flow) -> bool:
        return any(self.is_personal(i) for i in flow.data)

    # ---- what nodes hold ------------------------------------------------------------------------------
    @cached_property
    def stored_at(self) -> dict[str, set[str]]:
        """Node id → data items it stores."""
        return {n.id: {item for store in n.stores for item in store.data} for n in self.nodes.values()}

    @cached_property
    def received_at(self) -> dict[str, set[str]]:
        """Node id → data items that flows bring to it."""
        received: dict[str, set[str]] = {n: set() for n in self.nodes}
        for flow in self.flows.values():
            received[flow.target].update(flow.data)
        return received

    @cached_property
    def sent_from(self) -> dict[str, set[str]]:
        sent: dict[str, set[str]] = {n: set() for n in self.nodes}
        for flow in self.flows.values():
            sent[flow.source].update(flow.data)
        return sent

    def held_by(self, node_id: str) -> set[str]:
        """Items a node stores, receives, sends, uses or collects: what it handles at all."""
        node = self.nodes[node_id]
        return (
            self.stored_at[node_id]
            | self.received_at[node_id]
            | self.sent_from[node_id]
            | set(node.uses)
            | set(node.collects)
        )

    def nodes_holding(self, item_id: str) -> list[str]:
        return [n for n in self.nodes if item_id in self.held_by(n)]

    def handles_class(self, node_id: str, *classes: str) -> bool:
        wanted = set(classes)
        return any(self.data_class(i) in wanted for i in self.held_by(node_id))

    # ---- zones ----------------------------------------------------------------------------------------
    def zone_chain(self, zone_id: str | None) -> list[Zone]:
        """The zone and every zone around it, innermost first."""
        chain: list[Zone] = []
        while zone_id is not None and zone_id in self.zones and all(z.id != zone_id for z in chain):
            zone = self.zones[zone_id]
            chain.append(zone)
            zone_id = zone.parent
        return chain

    @cached_property
    def _zone_kinds_of_node(self) -> dict[str, frozenset[str]]:
        return {n.id: frozenset(z.kind for z in self.zone_chain(n.zone)) for n in self.nodes.values()}

    def in_zone_kind(self, node_id: str, kind: str) -> bool:
        """Whether a node sits in a zone of ``kind`` (directly or inside a nested zone)."""
        return kind in self._zone_kinds_of_node[node_id]

    def nodes_in_zone_kind(self, kind: str) -> list[str]:
        return [n for n, kinds in self._zone_kinds_of_node.items() if kind in kinds]

    def members(self, zone_id: str) -> list[str]:
        """Nodes inside a zone or any zone nested in it."""
        return [n.id for n in self.nodes.values() if any(z.id == zone_id for z in self.zone_chain(n.zone))]

    # ---- organisation ---------------------------------------------------------------------------------
    @cached_property
    def ward_ids(self) -> set[str]:
        """Nodes belonging to the ward itself: its sections, its own systems, terminals, stores and staff."""
        roots = {n.id for n in self.nodes.values() if n.kind in ("ward", "section")}
        own: set[str] = set(roots)
        for node in self.nodes.values():
            if node.operator in roots or node.operator in ("ward", self.document.scheme.municipality):
                own.add(node.id)
            elif node.operator is None and node.kind in ("terminal", "store", "paper_store", "staff", "system"):
                kinds = self._zone_kinds_of_node[node.id]
                if kinds & {"mynumber", "lgwan", "internet", "ward_premises"}:
                    own.add(node.id)
        return own

    def is_outside(self, node_id: str) -> bool:
        return node_id not in self.ward_ids

    # ---- reachability ---------------------------------------------------------------------------------
    def reach(
        self,
        sources: Iterable[str],
        *,
        edge: EdgeFilter | None = None,
        through: NodeFilter | None = None,
    ) -> dict[str, tuple[str, str] | None]:
        """Breadth-first reachability from ``sources`` over flows passing ``edge``.

        Only nodes passing ``through`` are expanded further (a sanitising boundary stops the walk there).
        Returns node → (predecessor node, flow id) so that one shortest path per reached node can be rebuilt
        with :meth:`path_to`; O(nodes + flows).
        """
        parent: dict[str, tuple[str, str] | None] = {}
        queue: deque[str] = deque()
        for source in sources:
            if source in self.nodes and source not in parent:
                parent[source] = None
                queue.append(source)
        adjacency = self.graph.succ
        while queue:
            current = queue.popleft()
            if through is not None and parent[current] is not None and not through(self.nodes[current]):
                continue
            for successor, edges in adjacency[current].items():
                if successor in parent:
                    continue
                for flow_id, attrs in edges.items():
                    if edge is None or edge(attrs["flow"]):
                        parent[successor] = (current, flow_id)
                        queue.append(successor)
                        break
        return parent

    @staticmethod
    def path_to(parent: dict[str, tuple[str, str] | None], target: str) -> tuple[list[str], list[str]]:
        """Nodes and flows along the path that :meth:`reach` found to ``target``."""
        nodes, flows = [target], []
        step = parent.get(target)
        while step is not None:
            previous, flow_id = step
            nodes.append(previous)
            flows.append(flow_id)
            step = parent.get(previous)
        return nodes[::-1], flows[::-1]

    # ---- labels ---------------------------------------------------------------------------------------
    def node_label(self, node_id: str, lang: str = "ja") -> str:
        node = self.nodes.get(node_id)
        if node is None:
            return node_id
        return node.title if lang == "ja" or not node.title_en else node.title_en

    def data_label(self, item_id: str, lang: str = "ja") -> str:
        item = self.data.get(item_id)
        if item is None:
            return item_id
        return item.title if lang == "ja" or not item.title_en else item.title_en

    def channel_is_general_line(self, channel: str) -> bool:
        return bool(vocabulary("channels")[channel].extra.get("general_line"))
