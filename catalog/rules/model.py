"""Model-quality rules (図の完全性): MOD-01 … MOD-05. Texts are in ``model.yaml``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import none_allowed
from pia_toolkit.catalog.rules.facts import DataRef, FlowRef, Items, NodeRef, Words, ZoneRef
from pia_toolkit.flows.graph import FlowGraph


@rule("MOD-01")
def query_without_response(graph: FlowGraph) -> Iterator[Result]:
    """A query/response interaction must show both arrows; the diagram otherwise hides half the exchange."""
    roles: dict[str, dict[str, list[str]]] = {}
    for flow in graph.flows.values():
        if flow.interaction is not None:
            roles.setdefault(flow.interaction.id, {}).setdefault(flow.interaction.role, []).append(flow.id)
    for interaction, present in roles.items():
        flows = tuple(f for ids in present.values() for f in ids)
        if "query" in present and "response" in present:
            yield satisfied(*flows)
            continue
        missing = "response" if "query" in present else "query"
        yield violated(
            flows,
            "arrow_missing",
            detail=interaction,
            interaction=interaction,
            missing=Words.of(missing, joiner="none"),
        )


_SOURCES = frozenset({"resident", "staff"})
"""People hold their own data: what a resident or a staff member has needs no arrow bringing it."""


@rule("MOD-02")
def held_without_source(graph: FlowGraph) -> Iterator[Result]:
    """Every item a node stores must arrive by a flow, or be collected or produced by the node itself; otherwise an
    arrow is missing from the diagram."""
    for node in graph.nodes.values():
        if node.kind in _SOURCES or not node.stores:
            continue
        origin = graph.received_at[node.id] | set(node.collects) | set(node.produces)
        # Non-personal data (a statistics table, a manual) needing no arrow is not worth a council's time.
        stored = dict.fromkeys(i for s in node.stores for i in graph.personal_items(s.data))
        orphans = tuple(i for i in stored if i not in origin)
        yield none_allowed(node.id, orphans, "no_source", node=NodeRef(node.id))


def _from_include(graph: FlowGraph, section: str, element_id: str) -> bool:
    """Declared in an included file: shared zones and nodes need not all be used by every scheme."""
    if graph.loaded is None:
        return False
    return graph.loaded.element_position(section, element_id).file != graph.loaded.position().file


def _used(graph: FlowGraph) -> tuple[set[str], set[str], set[str]]:
    """The nodes, zones and data items something in the model refers to."""
    doc = graph.document
    nodes = {n for n, items in graph.handled_at.items() if items}  # every flow carries data, so its ends too
    nodes.update(c.contractor for c in doc.contracts)
    nodes.update(s.to for c in doc.contracts for s in c.subcontracts)
    nodes.update(h for f in doc.files for h in f.held_by)
    nodes.update(op for n in graph.nodes if (op := graph.operator_node(n)) is not None and op != n)
    # A real actor with a role and no flow (a section that witnesses disk swaps, hosts the server room) is used.
    nodes.update(n.id for n in graph.nodes.values() if n.roles)
    nodes.update(target for n in graph.nodes.values() for role in n.roles for target in role.of)
    zones = {z.id for n in graph.nodes.values() for z in graph.zone_chain(n.zone)}
    data: set[str] = set().union(*graph.handled_at.values())
    data.update(i for f in doc.files for i in f.data)
    data.update(i for n in graph.nodes.values() for i in n.vendor_policy_non_personal)
    return nodes, zones, data


@rule("MOD-03")
def unused_declaration(graph: FlowGraph) -> Iterator[Result]:
    """A node, zone or data item the main file declares but nothing uses is usually a leftover or a typo (lint).
    Unknown ids are already load errors; declarations shared through ``include`` are not flagged."""
    used_nodes, used_zones, used_data = _used(graph)
    about = {a for q in graph.document.questions for a in q.about}
    sections = (
        ("nodes", graph.nodes, used_nodes, NodeRef),
        ("zones", graph.zones, used_zones, ZoneRef),
        ("data", graph.data, used_data, DataRef),
    )
    for section, declared, used, ref in sections:
        for element in declared:
            if element in used or element in about:
                yield satisfied(element)
            elif _from_include(graph, section, element):
                yield not_applicable(element)
            else:
                kind = Words.of(section, joiner="none")
                yield violated([element], "declared_unused", kind=kind, element=ref(element))


@rule("MOD-04")
def lists_that_must_match(graph: FlowGraph) -> Iterator[Result]:
    """Two flows declared to carry the same items (``must_match``) must list the same items (Setagaya 999)."""
    seen: set[frozenset[str]] = set()
    for flow in graph.flows.values():
        if flow.must_match is None or flow.must_match not in graph.flows:
            continue
        pair = frozenset((flow.id, flow.must_match))
        if pair in seen:
            continue
        seen.add(pair)
        other = graph.flows[flow.must_match]
        only_here = tuple(i for i in flow.data if i not in other.data)
        only_there = tuple(i for i in other.data if i not in flow.data)
        if not only_here and not only_there:
            yield satisfied(flow.id, other.id)
            continue
        differences = Words(
            tuple(
                ("only_in", {"flow": FlowRef(f), "items": Items(items)})
                for f, items in ((flow.id, only_here), (other.id, only_there))
                if items
            )
        )
        yield violated(
            [flow.id, other.id],
            "lists_differ",
            data=tuple(dict.fromkeys(only_here + only_there)),
            differences=differences,
        )


@rule("MOD-05")
def flow_before_approval(graph: FlowGraph) -> Iterator[Result]:
    """No flow may start before the council approved the scheme (Meguro infection control: retroactive approval)."""
    scheme = graph.document.scheme
    dated = [(f, f.start_date) for f in graph.flows.values() if isinstance(f.start_date, dt.date)]
    undated = [f for f in graph.flows.values() if not isinstance(f.start_date, dt.date)]
    if scheme.approval_date == "unknown":
        if dated:
            first, start = min(dated, key=lambda pair: (pair[1], pair[0].id))
            yield unknown([scheme.id], "approval_date_not_stated", flow=FlowRef(first.id), start=str(start))
        elif undated:
            # No date on either side: whether anything ran before the council's approval is wholly open.
            # The same question as when only the flows are undated (one id: stating the approval date alone
            # leaves it open, it does not answer it).
            yield unknown([scheme.id], "dates_not_stated", detail="undated", count=len(undated))
        else:
            yield not_applicable(scheme.id)
        return
    approved = scheme.approval_date
    for flow, start in dated:
        if start < approved:
            yield violated(
                [flow.id], "started_before_approval", flow=FlowRef(flow.id), start=str(start), approved=str(approved)
            )
        else:
            yield satisfied(flow.id)
    if undated:
        # One question for the scheme, not one per flow: "did anything start before the approval?"
        yield unknown(
            [scheme.id],
            "start_not_stated",
            detail="undated",
            count=len(undated),
            flow=FlowRef(undated[0].id),
            approved=str(approved),
        )
