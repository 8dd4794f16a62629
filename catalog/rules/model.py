"""Model-quality rules (図の完全性): MOD-01 … MOD-05. Texts are in ``model.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import flow_name, items_text, node_name
from pia_toolkit.flows.graph import FlowGraph


@rule("MOD-01")
def query_without_response(g: FlowGraph) -> Iterator[Result]:
    """A query/response interaction must show both arrows; the diagram otherwise hides half the exchange."""
    roles: dict[str, dict[str, list[str]]] = {}
    for flow in g.flows.values():
        if flow.interaction is not None:
            roles.setdefault(flow.interaction.id, {}).setdefault(flow.interaction.role, []).append(flow.id)
    for interaction, present in roles.items():
        flows = tuple(f for ids in present.values() for f in ids)
        if "query" in present and "response" in present:
            yield satisfied(*flows)
            continue
        missing = "response" if "query" in present else "query"
        missing_ja = "回答" if missing == "response" else "照会"
        yield violated(
            flows,
            f"やりとり「{interaction}」の{missing_ja}の矢印が描かれていない",
            f"interaction '{interaction}' has no {missing} arrow",
            detail=interaction,
        )


_SOURCES = frozenset({"resident", "staff"})
"""People hold their own data: what a resident or a staff member has needs no arrow bringing it."""


@rule("MOD-02")
def held_without_source(g: FlowGraph) -> Iterator[Result]:
    """Every item a node stores must arrive by a flow, or be collected or produced by the node itself; otherwise an
    arrow is missing from the diagram."""
    for node in g.nodes.values():
        if node.kind in _SOURCES or not node.stores:
            continue
        origin = g.received_at[node.id] | set(node.collects) | set(node.produces)
        orphans = [i for i in dict.fromkeys(i for s in node.stores for i in s.data) if i not in origin]
        if not orphans:
            yield satisfied(node.id)
            continue
        yield violated(
            [node.id],
            f"{node_name(g, node.id)}が保管する{items_text(g, orphans)}を運ぶ流れがなく、自ら取得・作成するとも書かれていない",
            f"{node_name(g, node.id, 'en')} stores {items_text(g, orphans, 'en')}, but no flow brings it "
            "and the node neither collects nor produces it",
            data=tuple(orphans),
        )


def _from_include(g: FlowGraph, section: str, element_id: str) -> bool:
    """Declared in an included file: shared zones and nodes need not all be used by every scheme."""
    if g.loaded is None:
        return False
    return g.loaded.element_position(section, element_id).file != g.loaded.position().file


def _zone_label(g: FlowGraph, zone_id: str, lang: str = "ja") -> str:
    zone = g.zones[zone_id]
    return zone.title if lang == "ja" or not zone.title_en else zone.title_en


@rule("MOD-03")
def unused_declaration(g: FlowGraph) -> Iterator[Result]:
    """A node, zone or data item the main file declares but nothing uses is usually a leftover or a typo (lint).
    Unknown ids are already load errors; declarations shared through ``include`` are not flagged."""
    doc = g.document
    used_nodes = {n for n, items in g.handled_at.items() if items}  # every flow carries data, so its ends too
    used_nodes.update(c.contractor for c in doc.contracts)
    used_nodes.update(s.to for c in doc.contracts for s in c.subcontracts)
    used_nodes.update(h for f in doc.files for h in f.held_by)
    used_nodes.update(op for n in g.nodes if (op := g.operator_node(n)) is not None and op != n)
    used_zones = {z.id for n in g.nodes.values() for z in g.zone_chain(n.zone)}
    used_data: set[str] = set().union(*g.handled_at.values())
    used_data.update(i for f in doc.files for i in f.data)
    used_data.update(i for n in g.nodes.values() for i in n.vendor_policy_non_personal)
    about = {a for q in doc.questions for a in q.about}
    sections = (
        ("nodes", g.nodes, used_nodes, "ノード", "node", g.node_label),
        ("zones", g.zones, used_zones, "ゾーン", "zone", lambda z, lang="ja": _zone_label(g, z, lang)),
        ("data", g.data, used_data, "データ項目", "data item", g.data_label),
    )
    for section, declared, used, what, what_en, label in sections:
        for element in declared:
            if element in used or element in about:
                yield satisfied(element)
            elif _from_include(g, section, element):
                yield not_applicable(element)
            else:
                yield violated(
                    [element],
                    f"{what}「{label(element)}」は宣言されているがどこでも使われていない",
                    f"{what_en} '{label(element, 'en')}' is declared but never used",
                )


@rule("MOD-04")
def lists_that_must_match(g: FlowGraph) -> Iterator[Result]:
    """Two flows declared to carry the same items (``must_match``) must list the same items (Setagaya 999)."""
    seen: set[frozenset[str]] = set()
    for flow in g.flows.values():
        if flow.must_match is None or flow.must_match not in g.flows:
            continue
        pair = frozenset((flow.id, flow.must_match))
        if pair in seen:
            continue
        seen.add(pair)
        other = g.flows[flow.must_match]
        only_here = [i for i in flow.data if i not in other.data]
        only_there = [i for i in other.data if i not in flow.data]
        if not only_here and not only_there:
            yield satisfied(flow.id, other.id)
            continue
        diff = [f"{flow_name(g, flow)}だけに{items_text(g, only_here)}"] if only_here else []
        diff += [f"{flow_name(g, other)}だけに{items_text(g, only_there)}"] if only_there else []
        diff_en = [f"only {flow_name(g, flow, 'en')} has {items_text(g, only_here, 'en')}"] if only_here else []
        diff_en += [f"only {flow_name(g, other, 'en')} has {items_text(g, only_there, 'en')}"] if only_there else []
        yield violated(
            [flow.id, other.id],
            f"一致すべき項目の一覧が食い違う: {'、'.join(diff)}",
            f"item lists that must agree differ: {'; '.join(diff_en)}",
            data=tuple(dict.fromkeys(only_here + only_there)),
        )


@rule("MOD-05")
def flow_before_approval(g: FlowGraph) -> Iterator[Result]:
    """No flow may start before the council approved the scheme (Meguro infection control: retroactive approval)."""
    scheme = g.document.scheme
    dated = [f for f in g.flows.values() if f.start_date is not None]
    if scheme.approval_date == "unknown":
        if dated:
            first = min(dated, key=lambda f: (f.start_date, f.id))
            yield unknown(
                [scheme.id],
                f"承認日が書かれていないため、{flow_name(g, first)}（{first.start_date}開始）などが承認後に始まるか確かめられない",
                f"the approval date is not stated, so it cannot be checked that {flow_name(g, first, 'en')} "
                f"(from {first.start_date}) and others start after approval",
            )
        else:
            yield not_applicable(scheme.id)
        return
    approved = scheme.approval_date
    for flow in dated:
        if flow.start_date is not None and flow.start_date < approved:
            yield violated(
                [flow.id],
                f"{flow_name(g, flow)}は{flow.start_date}に始まり、承認日（{approved}）より前である",
                f"{flow_name(g, flow, 'en')} starts on {flow.start_date}, before the approval on {approved}",
            )
        else:
            yield satisfied(flow.id)
