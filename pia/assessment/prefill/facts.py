"""Facts about a flow model that several pre-fill keys share: the file, who is a contractor, which flows
acquire data, which stores hold the file's data. Each is a plain query over the typed graph.

Within one :func:`remembering` block (one pre-fill run) each fact is computed once per graph and shared by
every key that asks: a 10,000-node model has 600 contractors, and asking for the contracts or the
subcontracting flows once per contractor made pre-fill quadratic. Callers never change what a fact returns.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from pia_toolkit.catalog.vocabularies import vocabulary
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import UNKNOWN, Contract, Flow, Node, PersonalFile, Store

SYSTEM_KINDS = ("system", "cloud_service", "lgwan_asp")
CONTRACTOR_KINDS = ("contractor", "subcontractor")
ACQUIRING = ("collection", "provision", "network_linkage", "transfer", "joint_use")
"""Relationships by which the body (or its contractor on its behalf) obtains data."""


_P = ParamSpec("_P")
_R = TypeVar("_R")
_FACTS: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("prefill_facts", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Compute each fact once per graph while the block runs."""
    token = _FACTS.set({})
    try:
        yield
    finally:
        _FACTS.reset(token)


def remembered(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """A fact of the graph (and of plain arguments), computed once inside :func:`remembering`."""

    @functools.wraps(function)
    def fact(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        facts = _FACTS.get()
        if facts is None:
            return function(*args, **kwargs)
        key = (function, id(args[0]), *args[1:], *(sorted(kwargs.items()) if kwargs else ()))
        try:
            return facts[key]  # type: ignore[no-any-return]
        except KeyError:
            found = facts[key] = function(*args, **kwargs)
            return found

    return fact


def known(value: Any) -> bool:
    """A value the model actually states (not ``unknown``, not empty)."""
    return value not in (None, UNKNOWN, "", [], ())


def join(values: Iterable[str], sep: str = "、") -> str:
    return sep.join(dict.fromkeys(v for v in values if v))


class Labels:
    """Node and data titles as :meth:`FlowGraph.node_label` and ``data_label`` give them, each looked up once
    (別添1 names 100,000 flow ends)."""

    def __init__(self, graph: FlowGraph) -> None:
        self.graph = graph
        self.nodes: dict[str, str] = {}
        self.items: dict[str, str] = {}

    def node(self, node_id: str) -> str:
        label = self.nodes.get(node_id)
        if label is None:
            label = self.nodes[node_id] = self.graph.node_label(node_id)
        return label

    def data(self, item_id: str) -> str:
        label = self.items.get(item_id)
        if label is None:
            label = self.items[item_id] = self.graph.data_label(item_id)
        return label

    def data_list(self, items: Iterable[str]) -> str:
        """「氏名、住所」: the items' titles, each once."""
        known = self.items
        titles = [known.get(i) or self.data(i) for i in items]
        return "、".join(dict.fromkeys(filter(None, titles)))


@remembered
def labels(graph: FlowGraph) -> Labels:
    return Labels(graph)


def node_label(graph: FlowGraph, node_id: str) -> str:
    return labels(graph).node(node_id)


def data_label(graph: FlowGraph, item_id: str) -> str:
    return labels(graph).data(item_id)


def data_labels(graph: FlowGraph, items: Iterable[str]) -> str:
    return labels(graph).data_list(items)


@functools.cache
def term(vocab: str, key: str) -> str:
    return vocabulary(vocab).label(key)


def primary_file(graph: FlowGraph) -> PersonalFile | None:
    """The file Ⅱ, Ⅲ and 別添2 describe. The document keeps one answer per item, so a model with several
    files pre-fills those sections from the first one (Ⅰ3 lists them all)."""
    files = graph.document.files
    return files[0] if files else None


@remembered
def file_data(graph: FlowGraph) -> list[str]:
    """Data items of the primary file, or every personal item when the model declares no file."""
    file = primary_file(graph)
    if file is not None:
        return [i for i in file.data if i in graph.data]
    return [i for i in graph.data if graph.is_personal(i)]


def count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def people(graph: FlowGraph, *, file_first: bool) -> tuple[int | None, list[str]]:
    """The number of people, from the file or the scheme (whichever is stated, in the preferred order)."""
    file = primary_file(graph)
    scheme_count = (count(graph.document.scheme.people_count), ["scheme"])
    file_count = (count(file.people_count), [file.id]) if file is not None else (None, [])
    for value, refs in (file_count, scheme_count) if file_first else (scheme_count, file_count):
        if value is not None:
            return value, refs
    return None, []


# ---- organisation --------------------------------------------------------------------------------------
def contractor_of(graph: FlowGraph, node_id: str) -> str | None:
    """The contractor responsible for a node: itself, its operator, or a provider's own service."""
    node = graph.nodes.get(node_id)
    if node is None:
        return None
    if node.kind in CONTRACTOR_KINDS:
        return node.id
    operator = graph.nodes.get(node.operator or "")
    if operator is not None and operator.kind in CONTRACTOR_KINDS:
        return operator.id
    if node.kind in ("cloud_service", "lgwan_asp") and node_id not in graph.ward_ids:
        return node.id
    return None


@remembered
def contracts_by_contractor(graph: FlowGraph) -> dict[str, Contract]:
    return {c.contractor: c for c in graph.document.contracts}


@remembered
def entrusted(graph: FlowGraph) -> dict[str, list[Flow]]:
    """Contractor node id → the entrustment flows that hand it data, in model order; contractors that have
    a contract but no flow are listed too."""
    groups: dict[str, list[Flow]] = {}
    for flow in graph.flows.values():
        if flow.relationship != "entrustment":
            continue
        contractor = contractor_of(graph, flow.target)
        if contractor is not None:
            groups.setdefault(contractor, []).append(flow)
    for contract in graph.document.contracts:
        if graph.nodes.get(contract.contractor) and graph.nodes[contract.contractor].kind != "subcontractor":
            groups.setdefault(contract.contractor, [])
    return groups


def subcontractors(graph: FlowGraph, contractor: str) -> list[str]:
    """Subcontractor node ids of one contractor, from its contract and from subcontracting flows."""
    found: list[str] = []
    contract = contracts_by_contractor(graph).get(contractor)
    if contract is not None:
        found.extend(s.to for s in contract.subcontracts)
    found.extend(contractor_of(graph, f.target) or f.target for f in subcontracting_flows(graph).get(contractor, ()))
    return list(dict.fromkeys(found))


@remembered
def subcontracting_flows(graph: FlowGraph) -> dict[str | None, list[Flow]]:
    """Contractor → the subcontracting flows it starts, in model order."""
    by_contractor: dict[str | None, list[Flow]] = {}
    for flow in graph.flows_by_relationship.get("subcontracting", []):
        by_contractor.setdefault(contractor_of(graph, flow.source), []).append(flow)
    return by_contractor


# ---- flows ---------------------------------------------------------------------------------------------
@remembered
def own_nodes(graph: FlowGraph) -> set[str]:
    """The nodes of the business being assessed: the responsible section, the file's holders, and what they
    operate. Without a responsible section in the model, every node of the body counts."""
    section = graph.document.scheme.responsible_section
    own = {
        n.id
        for n in graph.nodes.values()
        if n.kind == "section" and known(section) and (n.title in str(section) or str(section) in n.title)
    }
    if not own:
        return set(graph.ward_ids)
    file = primary_file(graph)
    own.update(file.held_by if file is not None else ())
    own.update(n.id for n in graph.nodes.values() if n.operator in own)
    return own


@remembered
def acquisitions(graph: FlowGraph) -> list[Flow]:
    """Flows by which the business obtains personal data: collection from anyone (a contractor collecting on
    the body's behalf included), provision or linkage into the body, and transfer in from another section."""
    own = own_nodes(graph)
    found = []
    for flow in graph.flows.values():
        if not graph.carries_personal(flow) or flow.relationship not in ACQUIRING:
            continue
        if flow.relationship == "transfer":
            if flow.target in own and flow.source not in own:
                found.append(flow)
        elif flow.relationship == "collection" or flow.target in graph.ward_ids:
            found.append(flow)
    return found


@remembered
def transfers_out(graph: FlowGraph) -> dict[str, list[Flow]]:
    """Destination → transfer flows from the business to another section of the same body."""
    own = own_nodes(graph)
    groups: dict[str, list[Flow]] = {}
    for flow in graph.flows.values():
        outgoing = flow.source in own and flow.target not in own
        if flow.relationship == "transfer" and outgoing and graph.carries_personal(flow):
            groups.setdefault(flow.target, []).append(flow)
    return groups


@remembered
def by_relationship(graph: FlowGraph, relationship: str) -> dict[str, list[Flow]]:
    """Target node id → flows of ``relationship`` carrying personal data, in model order."""
    groups: dict[str, list[Flow]] = {}
    for flow in graph.flows.values():
        if flow.relationship == relationship and graph.carries_personal(flow):
            groups.setdefault(flow.target, []).append(flow)
    return groups


def provisions_out(graph: FlowGraph) -> dict[str, list[Flow]]:
    """Recipient → provision flows to another body (a provision to the ward itself is no provision)."""
    groups = by_relationship(graph, "provision")
    return {target: flows for target, flows in groups.items() if target not in graph.ward_ids}


@remembered
def in_step_order(graph: FlowGraph) -> list[Flow]:
    """Flows by step number; flows without one keep their model order after the numbered ones."""
    return sorted(graph.flows.values(), key=_step_key)  # a stable sort: model order among equal steps


def _step_key(flow: Flow) -> tuple[bool, int]:
    return flow.step is None, flow.step or 0


_CIRCLED = [chr(0x2460 + i) for i in range(20)] + [chr(0x3251 + i) for i in range(15)]
_CIRCLED += [chr(0x32B1 + i) for i in range(15)]


def circled(number: int) -> str:
    """① for 1 … ㊿ for 50, (51) beyond."""
    return _CIRCLED[number - 1] if 1 <= number <= len(_CIRCLED) else f"({number})"


# ---- storage -------------------------------------------------------------------------------------------
@remembered
def file_stores(graph: FlowGraph) -> list[tuple[Node, Store]]:
    """Stores that keep any of the file's data items, in model order."""
    wanted = set(file_data(graph))
    return [(node, store) for node in graph.nodes.values() for store in node.stores if wanted & set(store.data)]


def place(graph: FlowGraph, node: Node) -> str:
    """「ノード名（ゾーン、JP）」 from what the model states about where a node is."""
    details = [graph.zones[node.zone].title] if node.zone and node.zone in graph.zones else []
    location = node.location
    if known(location.country):
        details.append(join([str(location.country), location.region or ""], "・"))
    return f"{node.title}（{'、'.join(details)}）" if details else node.title
