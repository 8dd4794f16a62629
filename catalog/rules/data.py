"""Data rules (最小化・要配慮・目的): DAT-01 … DAT-08. Texts are in ``data.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import none_allowed, says_none
from pia_toolkit.catalog.rules.facts import DataRef, FlowRef, Items, NodeRef, Route, Words
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES, category_ancestors
from pia_toolkit.flows.graph import FlowGraph

_CONDUITS = frozenset({"terminal", "media", "device", "staff", "resident", "national_system"})
"""Nodes that carry data by their nature (a terminal, a USB stick, a person, the national network): passing data
on is what they are for, so DAT-03 does not ask about them."""


def _sent_and_collected(graph: FlowGraph) -> tuple[set[str], set[str]]:
    sent: set[str] = set().union(*graph.sent_from.values())
    collected: set[str] = set().union(*(node.collects for node in graph.nodes.values()))
    return sent, collected


@rule("DAT-01")
def item_without_use(graph: FlowGraph) -> Iterator[Result]:
    """A personal item collected or sent must be used by some step for a stated purpose (Ⅱ-2④ その妥当性)."""
    sent, collected = _sent_and_collected(graph)
    used = {i for node in graph.nodes.values() for i in node.uses}
    classes = graph.item_classes
    for item in graph.data.values():
        if classes[item.id] not in PERSONAL_CLASSES or (item.id not in sent and item.id not in collected):
            yield not_applicable(item.id)
        elif item.purpose != "unknown" and says_none(item.purpose):
            # The owner says it serves no purpose: collected or sent all the same, it is data the scheme need not hold.
            yield violated([item.id], "no_purpose", data=(item.id,), item=DataRef(item.id))
        elif item.purpose != "unknown" or item.id in used:
            yield satisfied(item.id)
        else:
            yield unknown([item.id], "purpose_not_stated", data=(item.id,), item=DataRef(item.id))


@rule("DAT-02")
def sensitive_without_justification(graph: FlowGraph) -> Iterator[Result]:
    """要配慮個人情報 (health, disability, welfare...) needs a stated reason for handling it (Setagaya 999)."""
    handled: set[str] = set().union(*graph.handled_at.values())
    classes = graph.item_classes
    for item in graph.data.values():
        if classes[item.id] != "sensitive" or item.id not in handled:
            yield not_applicable(item.id)
            continue
        if item.justification == "unknown":
            yield unknown([item.id], "reason_not_stated", data=(item.id,), item=DataRef(item.id))
        elif says_none(item.justification):
            yield violated([item.id], "no_reason", data=(item.id,), item=DataRef(item.id))
        else:
            yield satisfied(item.id)


def _relay_candidates(graph: FlowGraph) -> dict[str, set[str]]:
    """Node → personal items it both receives and sends on without storing or using them, for every node that
    receives and sends some personal item (an empty set: it keeps or uses all of them)."""
    classes = graph.item_classes
    candidates: dict[str, set[str]] = {}
    for node in graph.nodes.values():
        if node.kind in _CONDUITS or node.boundary != "none":
            continue
        through = {i for i in graph.received_at[node.id] & graph.sent_from[node.id] if classes[i] in PERSONAL_CLASSES}
        if through:
            candidates[node.id] = through - graph.stored_at[node.id] - set(node.uses)
    return candidates


def _ends(
    graph: FlowGraph, candidates: dict[str, set[str]]
) -> tuple[dict[tuple[str, str], dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """(relay, item) → up to two distinct senders (or receivers) → the first flow between them.

    Two distinct ends on each side are enough to find a hop whose two ends differ, if any exists.
    """
    inbound: dict[tuple[str, str], dict[str, str]] = {}
    outbound: dict[tuple[str, str], dict[str, str]] = {}
    for flow in graph.flows_touching(n for n, items in candidates.items() if items):
        if flow.source == flow.target:
            continue
        for node_id, other, ends in ((flow.target, flow.source, inbound), (flow.source, flow.target, outbound)):
            items = candidates.get(node_id)
            if items:
                for item in items.intersection(flow.data):
                    found = ends.setdefault((node_id, item), {})
                    if len(found) < 2:
                        found.setdefault(other, flow.id)
    return inbound, outbound


def _same_party(graph: FlowGraph, relay: str, sender: str, receiver: str) -> bool:
    """Whether the hop stays with one party: a section entering forms into the system it runs (its ``operator``)
    passes nothing on to anyone else, nor does a system handing its own section what it holds."""
    return relay in (graph.operator_node(sender), graph.operator_node(receiver)) or graph.operator_node(relay) in (
        sender,
        receiver,
    )


def _in_order(graph: FlowGraph, into: str, out: str) -> bool:
    """Whether a flow in may come before a flow out: not when their steps say it is sent first and received
    later (the queried city answers at step 5 and is e-mailed the answer at step 8: no relay)."""
    first, then = graph.flows[into].step, graph.flows[out].step
    return not (isinstance(first, int) and isinstance(then, int)) or first <= then


@rule("DAT-03")
def pass_through_node(graph: FlowGraph) -> Iterator[Result]:
    """A node that receives personal data from one party and passes it to another without using or storing it
    widens exposure for nothing (minimisation). The finding shows the hop: sender, relay, receiver."""
    candidates = _relay_candidates(graph)
    inbound, outbound = _ends(graph, candidates)
    order = {item_id: i for i, item_id in enumerate(graph.data)}
    for node_id, items in candidates.items():
        node = graph.nodes[node_id]
        kept = graph.stored_at[node_id] | set(node.uses)
        relayed: list[str] = []
        hop: tuple[str, str] | None = None
        for item in sorted(items, key=order.__getitem__):  # model order, so the finding is stable
            ins, outs = inbound.get((node_id, item), {}), outbound.get((node_id, item), {})
            pair = next(
                (
                    (fi, fo)
                    for s, fi in ins.items()
                    for t, fo in outs.items()
                    if s != t and _in_order(graph, fi, fo) and not _same_party(graph, node_id, s, t)
                ),
                None,
            )
            if pair is not None:
                relayed.append(item)
                hop = hop or pair
        if hop is None:
            yield satisfied(node.id)
            continue
        path = (graph.flows[hop[0]].source, node.id, graph.flows[hop[1]].target)
        yield (violated if kept else unknown)(
            [node.id],
            "relays_unused" if kept else "use_not_stated",
            data=relayed,
            path=path,
            path_flows=hop,
            node=NodeRef(node.id),
            items=Items(tuple(relayed)),
            route=Route(path),
        )


@rule("DAT-04")
def anonymous_service_collects_identifiers(graph: FlowGraph) -> Iterator[Result]:
    """A service presented as anonymous (匿名) must not collect direct identifiers (Setagaya 1000): contact details
    and My Number identify alone; identity items (name, birth date, address, sex) identify in combination, so two
    or more of them make one finding."""
    scheme = graph.document.scheme
    if not scheme.declared_anonymous:
        yield not_applicable(scheme.id)
        return
    from_people = {i for f in graph.flows.values() if graph.nodes[f.source].kind == "resident" for i in f.data}
    collected = from_people | {i for node in graph.nodes.values() for i in node.collects}
    classes = graph.item_classes
    identity: list[str] = []
    for item in (i for i in graph.data if i in collected):
        ancestors = category_ancestors(graph.data[item].category)
        if "identity" in ancestors:
            identity.append(item)
        elif classes[item] == "my_number" or "contact" in ancestors:
            yield violated([item], "identifier_collected", data=(item,), item=DataRef(item))
        else:
            yield satisfied(item)
    if len(identity) >= 2:
        yield violated(identity, "identity_collected", data=identity, items=Items(tuple(identity), limit=5))
    elif identity:
        yield satisfied(*identity)


@rule("DAT-05")
def individual_results_to_organisation(graph: FlowGraph) -> Iterator[Result]:
    """When people are told their individual results stay away from the organisation (ward, employer), no flow
    may bring individual-level results back to it (Meguro engagement survey)."""
    scheme = graph.document.scheme
    if not scheme.promises.no_individual_results_to_organisation:
        yield not_applicable(scheme.id)
        return
    for flow in graph.flows.values():
        if flow.target not in graph.ward_ids or flow.source in graph.ward_ids:
            continue
        individual = tuple(i for i in flow.data if graph.data[i].individual_level)
        yield none_allowed(flow.id, individual, "individual_results_to_ward", flow=FlowRef(flow.id))


@rule("DAT-06")
def other_purpose_without_basis(graph: FlowGraph) -> Iterator[Result]:
    """Use for a purpose other than the one data was collected for (目的外利用) needs a recorded legal basis
    (Setagaya 1001)."""
    for flow in graph.flows.values():
        if flow.relationship != "other_purpose_use":
            continue
        personal = graph.personal_on(flow)
        if not personal:
            yield not_applicable(flow.id)
        elif flow.legal_basis == "unknown":
            yield unknown([flow.id], "basis_not_stated", data=personal, flow=FlowRef(flow.id))
        elif says_none(flow.legal_basis):
            yield violated([flow.id], "no_basis", data=personal, flow=FlowRef(flow.id))
        else:
            yield satisfied(flow.id)


def _store_detail(store_id: str | None, store_ids: list[str | None], index: int) -> str | None:
    """The store's id when it has a unique one, else its position: one finding per store, ids never repeated."""
    if store_id and store_ids.count(store_id) == 1:
        return store_id
    return str(index + 1) if len(store_ids) > 1 else None


@rule("DAT-07")
def store_without_retention(graph: FlowGraph) -> Iterator[Result]:
    """Every store of personal data needs a retention period and a deletion method (Ⅱ-6②③)."""
    for node in graph.nodes.values():
        store_ids = [st.id for st in node.stores]
        for index, store in enumerate(node.stores):
            personal = graph.personal_items(store.data)
            if not personal:
                continue
            detail = _store_detail(store.id, store_ids, index)
            fields = (("retention", store.retention), ("deletion", store.deletion))
            none = [word for word, value in fields if value != "unknown" and says_none(value)]
            missing = [word for word, value in fields if value == "unknown"]
            if none or missing:
                title = (("store_title", {"title": store.title}),) if store.title else ()
                yield (violated if none else unknown)(
                    [node.id],
                    "has_none" if none else "not_stated",
                    data=personal,
                    detail=detail,
                    node=NodeRef(node.id),
                    title=Words(title, joiner="none"),
                    missing=Words.of(*(none or missing), joiner="or"),
                )
            else:
                yield satisfied(node.id)


@rule("DAT-08")
def output_linkable(graph: FlowGraph) -> Iterator[Result]:
    """Anonymised, statistical or pseudonymised output that leaves a node must be checked for re-identification
    (file linkage, small cells)."""
    sent, _ = _sent_and_collected(graph)
    classes = graph.item_classes
    for item in graph.data.values():
        if classes[item.id] not in ("anonymised", "pseudonymised") or item.id not in sent:
            yield not_applicable(item.id)
            continue
        if item.linkage_assessed is True:
            yield satisfied(item.id)
        elif item.linkage_assessed is False:
            yield violated([item.id], "linkage_not_checked", data=(item.id,), item=DataRef(item.id))
        else:
            yield unknown([item.id], "linkage_not_stated", data=(item.id,), item=DataRef(item.id))


_PORTABLE = frozenset({"media", "device"})


@rule("DAT-09")
def stored_without_custody(graph: FlowGraph) -> Iterator[Result]:
    """Personal data at rest on paper must be kept under custody (locked, a ledger of who takes it out), and on a
    portable medium or device also encrypted: the lost roster and the lost media the councils were told of were
    at rest, not in transit."""
    for node in graph.nodes.values():
        store_ids = [store.id for store in node.stores]
        for index, store in enumerate(node.stores):
            personal = graph.personal_items(store.data)
            paper = store.medium in ("paper", "both") or node.kind == "paper_store"
            portable = node.kind in _PORTABLE and store.medium != "paper"
            if not personal or not (paper or portable):
                continue
            detail = _store_detail(store.id, store_ids, index)
            needed = {"custody_control": store.custody_control}
            if portable:
                needed["encryption_at_rest"] = store.encrypted_at_rest
            missing = [word for word, value in needed.items() if value is False]
            unstated = [word for word, value in needed.items() if value == "unknown"]
            if not missing and not unstated:
                yield satisfied(node.id)
                continue
            outcome, key = (violated, "not_kept_safe") if missing else (unknown, "custody_not_stated")
            yield outcome(
                [node.id],
                key,
                data=personal,
                detail=detail,
                gaps=Words.of(*(missing or unstated), joiner="and"),
                node=NodeRef(node.id),
                items=Items(personal),
            )
