"""The flow model as a ``networkx.MultiDiGraph``, with the queries the rules need.

Nodes are keyed by node id and carry the typed ``Node``; edges are keyed by flow id and carry the typed
``Flow``. Every query here is linear in nodes + flows (or flows × data items): path questions are answered
by reachability on a filtered view, never by enumerating paths.

The queries run on plain id indices built once per graph (the rules never walk networkx's views: per step they
cost more than the walk itself on a 50,000-flow model), so the ``MultiDiGraph`` is built, and networkx
imported, the first time someone asks for :attr:`FlowGraph.graph`, not for every ``pia check``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES, SPECIAL_CLASSES, category_class, vocabulary
from pia_toolkit.flows.loader import LoadedModel
from pia_toolkit.flows.schema import DataItem, Flow, FlowDocument, Node, Zone, title_in

if TYPE_CHECKING:
    import networkx as nx

EdgeFilter = Callable[[Flow], bool]
NodeFilter = Callable[[Node], bool]
Element = TypeVar("Element")


def _grouped(elements: Iterable[Element], key: Callable[[Element], str]) -> dict[str, list[Element]]:
    """``key`` of an element → the elements that have it, in the order given."""
    groups: dict[str, list[Element]] = {}
    for element in elements:
        groups.setdefault(key(element), []).append(element)
    return groups


@dataclass
class FlowGraph:
    """A read-only view of one scheme: graph, typed elements and source positions."""

    document: FlowDocument
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
        return cls(
            document=document,
            loaded=loaded,
            nodes={n.id: n for n in document.nodes},
            flows={f.id: f for f in document.flows},
            zones={z.id: z for z in document.zones},
            data={d.id: d for d in document.data},
        )

    @cached_property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The scheme as a ``networkx.MultiDiGraph``: node id → ``{"node": Node}``, one edge per flow keyed by its id
        → ``{"flow": Flow}`` (parallel hand-overs stay distinct)."""
        import networkx as nx

        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(scheme=self.document.scheme.id)
        graph.add_nodes_from((n.id, {"node": n}) for n in self.document.nodes)
        graph.add_edges_from((f.source, f.target, f.id, {"flow": f}) for f in self.document.flows)  # type: ignore[misc]
        return graph

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
        return bool(self._personal_by_flow[flow.id])

    def personal_on(self, flow: Flow) -> tuple[str, ...]:
        """``personal_items(flow.data)``, worked out once per flow for all the rules that ask."""
        return self._personal_by_flow[flow.id]

    @cached_property
    def _personal_by_flow(self) -> dict[str, tuple[str, ...]]:
        personal = {i for i, c in self.item_classes.items() if c in PERSONAL_CLASSES}
        return {f.id: tuple(i for i in f.data if i in personal) for f in self.flows.values()}

    @cached_property
    def flows_by_channel(self) -> dict[str, list[Flow]]:
        """Channel → its flows in model order, so a rule about e-mail looks at e-mail flows only."""
        return _grouped(self.flows.values(), lambda flow: flow.channel)

    def flows_on(self, *channels: str) -> list[Flow]:
        """The flows over any of ``channels``, in model order whatever order the channels come in (rules pass
        them from sets, whose order changes from run to run with string hashing)."""
        if len(channels) == 1:
            return list(self.flows_by_channel.get(channels[0], ()))
        wanted = set(channels)
        return [flow for flow in self.flows.values() if flow.channel in wanted]

    @cached_property
    def sections(self) -> dict[str, str]:
        """Element id → the section that declares it; flows win over nodes, nodes over data... on a shared id."""
        found: dict[str, str] = {}
        for section in ("flows", "nodes", "data", "zones", "contracts", "files", "questions"):
            for element in getattr(self.document, section):
                found.setdefault(element.id, section)
        return found

    @cached_property
    def flows_by_relationship(self) -> dict[str, list[Flow]]:
        """Relationship (entrustment, subcontracting...) → its flows in model order."""
        return _grouped(self.flows.values(), lambda flow: flow.relationship)

    @cached_property
    def nodes_by_kind(self) -> dict[str, list[Node]]:
        """Kind → its nodes in model order."""
        return _grouped(self.nodes.values(), lambda node: node.kind)

    def nodes_of(self, *kinds: str) -> list[Node]:
        """The nodes of any of ``kinds``, in model order whatever order the kinds come in (see :meth:`flows_on`)."""
        if len(kinds) == 1:
            return list(self.nodes_by_kind.get(kinds[0], ()))
        wanted = set(kinds)
        return [node for node in self.nodes.values() if node.kind in wanted]

    @cached_property
    def _out_flows(self) -> dict[str, list[Flow]]:
        """Node → flows leaving it, in model order, as plain lists: networkx's adjacency views cost more per
        step than the walk itself on a 50,000-flow model."""
        return self._adjacency[0]

    @cached_property
    def _in_flows(self) -> dict[str, list[Flow]]:
        """Node → flows arriving at it, in model order."""
        return self._adjacency[1]

    @cached_property
    def _adjacency(self) -> tuple[dict[str, list[Flow]], dict[str, list[Flow]]]:
        """Flows out of and into each node, from one pass over the flows."""
        outgoing: dict[str, list[Flow]] = {n: [] for n in self.nodes}
        incoming: dict[str, list[Flow]] = {n: [] for n in self.nodes}
        for flow in self.flows.values():
            outgoing[flow.source].append(flow)
            incoming[flow.target].append(flow)
        return outgoing, incoming

    def flows_touching(self, node_ids: Iterable[str]) -> list[Flow]:
        """Flows into or out of any of ``node_ids``, each once: O(their degree), not O(all flows)."""
        found: dict[str, Flow] = {}
        outgoing, incoming = self._out_flows, self._in_flows
        for node_id in node_ids:
            for flow in outgoing[node_id]:
                found.setdefault(flow.id, flow)
            for flow in incoming[node_id]:
                found.setdefault(flow.id, flow)
        return list(found.values())

    # ---- what nodes hold ------------------------------------------------------------------------------
    @cached_property
    def stored_at(self) -> dict[str, set[str]]:
        """Node id → data items it stores."""
        return {n.id: {item for store in n.stores for item in store.data} for n in self.nodes.values()}

    @cached_property
    def received_at(self) -> dict[str, set[str]]:
        """Node id → data items that flows bring to it."""
        return self._exchanged[0]

    @cached_property
    def sent_from(self) -> dict[str, set[str]]:
        """Node id → data items that flows take from it."""
        return self._exchanged[1]

    @cached_property
    def _exchanged(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """What each node receives and sends, from one pass over the flows."""
        received: dict[str, set[str]] = {n: set() for n in self.nodes}
        sent: dict[str, set[str]] = {n: set() for n in self.nodes}
        for flow in self.flows.values():
            received[flow.target].update(flow.data)
            sent[flow.source].update(flow.data)
        return received, sent

    @cached_property
    def shared(self) -> dict[str, Any]:
        """What several rules work out the same way (one reachability walk from the internet zone...), kept by the
        first rule that needs it for the others: see :func:`pia_toolkit.catalog.rules._common.once`."""
        return {}

    def held_by(self, node_id: str) -> set[str]:
        """Items a node stores, receives, sends, uses, collects or produces: what it handles at all."""
        node = self.nodes[node_id]
        return (
            self.stored_at[node_id]
            | self.received_at[node_id]
            | self.sent_from[node_id]
            | set(node.uses)
            | set(node.collects)
            | set(node.produces)
        )

    def nodes_holding(self, item_id: str) -> list[str]:
        return [n for n in self.nodes if item_id in self.held_by(n)]

    def handles_class(self, node_id: str, *classes: str) -> bool:
        wanted = set(classes)
        return any(self.data_class(i) in wanted for i in self.held_by(node_id))

    @cached_property
    def item_classes(self) -> dict[str, str]:
        """Data item id → legal class, computed once for rules that look at every item of every flow."""
        return {item_id: category_class(item.category) for item_id, item in self.data.items()}

    def personal_items(self, items: Iterable[str]) -> tuple[str, ...]:
        """The personal items among ``items`` (個人情報 of any class, pseudonymised included), in their order."""
        classes = self.item_classes
        return tuple(i for i in items if classes.get(i) in PERSONAL_CLASSES)

    @cached_property
    def handled_at(self) -> dict[str, frozenset[str]]:
        """Node id → what :meth:`held_by` returns, for every node at once (O(nodes + flows × items))."""
        stored, received, sent = self.stored_at, self.received_at, self.sent_from
        return {
            n.id: frozenset().union(stored[n.id], received[n.id], sent[n.id], n.uses, n.collects, n.produces)
            for n in self.nodes.values()
        }

    def nodes_handling(self, *classes: str) -> set[str]:
        """Nodes that store, receive, send, use or collect at least one item of the given classes (the caller
        must not change the set: it is computed once per combination of classes)."""
        key = frozenset(classes)
        found = self._handling.get(key)
        if found is None:
            wanted = {i for i, c in self.item_classes.items() if c in key}
            found = self._handling[key] = {n for n, items in self.handled_at.items() if not wanted.isdisjoint(items)}
        return found

    @cached_property
    def _handling(self) -> dict[frozenset[str], set[str]]:
        return {}

    @cached_property
    def access_classes(self) -> dict[str, str]:
        """Data item id → the class the access rules weigh it by: my_number, sensitive, guarded (children's and
        pupils' records), or "" for other items."""
        guarded = vocabulary("data_categories").having("guarded")
        found: dict[str, str] = {}
        for item_id, item in self.data.items():
            legal = self.item_classes[item_id]
            found[item_id] = legal if legal in SPECIAL_CLASSES else ("guarded" if item.category in guarded else "")
        return found

    def guarded_items(self, node_id: str) -> tuple[str, ...]:
        """The items a node handles that need their access kept to those who need them, strongest class first."""
        rank = self._access_rank
        return tuple(sorted((i for i in self.handled_at[node_id] if i in rank), key=rank.__getitem__))

    @cached_property
    def _access_rank(self) -> dict[str, tuple[int, int]]:
        """Item id → (strength of its access class, model order) for the items :attr:`access_classes` weighs."""
        strength = {"my_number": 0, "sensitive": 1, "guarded": 2}
        classes = self.access_classes
        return {i: (strength[classes[i]], n) for n, i in enumerate(self.data) if classes[i]}

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
        return self._members.get(zone_id, [])

    @cached_property
    def _members(self) -> dict[str, list[str]]:
        members: dict[str, list[str]] = {}
        for node in self.nodes.values():
            for zone in self.zone_chain(node.zone):
                members.setdefault(zone.id, []).append(node.id)
        return members

    # ---- organisation ---------------------------------------------------------------------------------
    @cached_property
    def ward_ids(self) -> set[str]:
        """Nodes belonging to the ward itself: its sections, its own systems, terminals, stores and staff."""
        node_kinds, zone_kinds = vocabulary("node_kinds"), vocabulary("zone_kinds")
        root_kinds, equipment, ward_zones = (
            node_kinds.having("side", "ward_root"),
            node_kinds.having("side", "ward_equipment"),
            zone_kinds.having("ward_network"),
        )
        roots = {n.id for n in self.nodes.values() if n.kind in root_kinds}
        own: set[str] = set(roots)
        for node in self.nodes.values():
            operator = self.operator_node(node.id)
            if (
                operator in roots
                or node.operator in ("ward", self.document.scheme.municipality)
                # no operator, or one named in words that matches no node (the loader warns): taken as the
                # ward's own, so the rules ask what they ask the ward rather than fall silent on it
                or (operator is None and node.kind in equipment and self._zone_kinds_of_node[node.id] & ward_zones)
            ):
                own.add(node.id)
        return own

    def is_outside(self, node_id: str) -> bool:
        return node_id not in self.ward_ids

    def operator_node(self, node_id: str) -> str | None:
        """The node that operates ``node_id``, when ``operator`` names one by id or by title."""
        operator = self.nodes[node_id].operator
        if operator is None:
            return None
        if operator in self.nodes:
            return operator
        return self._node_by_title.get(operator)

    @cached_property
    def _node_by_title(self) -> dict[str, str]:
        return {n.title: n.id for n in reversed(list(self.nodes.values()))}

    @cached_property
    def contractor_side(self) -> set[str]:
        """Contractors, subcontractors, cloud and LGWAN-ASP services, and every node one of them operates."""
        kinds = vocabulary("node_kinds").having("side", "contractor")
        side = {n.id for n in self.nodes.values() if n.kind in kinds}
        for node_id in self.nodes:
            operator = self.operator_node(node_id)
            if operator is not None and operator in side:
                side.add(node_id)
        return side

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
        outgoing = self._out_flows
        while queue:
            current = queue.popleft()
            if through is not None and parent[current] is not None and not through(self.nodes[current]):
                continue
            for flow in outgoing[current]:  # model order: the first passing flow to each successor wins
                if flow.target not in parent and (edge is None or edge(flow)):
                    parent[flow.target] = (current, flow.id)
                    queue.append(flow.target)
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
        return title_in(node, lang)

    def data_label(self, item_id: str, lang: str = "ja") -> str:
        item = self.data.get(item_id)
        if item is None:
            return item_id
        return title_in(item, lang)

    def zone_label(self, zone_id: str, lang: str = "ja") -> str:
        zone = self.zones.get(zone_id)
        if zone is None:
            return zone_id
        return title_in(zone, lang)

    def channel_is_general_line(self, channel: str) -> bool:
        return bool(vocabulary("channels")[channel].extra.get("general_line"))
