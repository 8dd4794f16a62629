"""Data rules (最小化・要配慮・目的): DAT-01 … DAT-08. Texts are in ``data.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import flow_name, items_text, node_name, says_none
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES, category_ancestors
from pia_toolkit.flows.graph import FlowGraph

_CONDUITS = frozenset({"terminal", "media", "device", "staff", "resident", "national_system"})
"""Nodes that carry data by their nature (a terminal, a USB stick, a person, the national network): passing data
on is what they are for, so DAT-03 does not ask about them."""


def _sent_and_collected(g: FlowGraph) -> tuple[set[str], set[str]]:
    sent: set[str] = set().union(*g.sent_from.values())
    collected: set[str] = set().union(*(node.collects for node in g.nodes.values()))
    return sent, collected


@rule("DAT-01")
def item_without_use(g: FlowGraph) -> Iterator[Result]:
    """A personal item collected or sent must be used by some step for a stated purpose (Ⅱ-2④ その妥当性)."""
    sent, collected = _sent_and_collected(g)
    used = {i for node in g.nodes.values() for i in node.uses}
    classes = g.item_classes
    for item in g.data.values():
        if classes[item.id] not in PERSONAL_CLASSES or (item.id not in sent and item.id not in collected):
            yield not_applicable(item.id)
        elif item.purpose != "unknown" or item.id in used:
            yield satisfied(item.id)
        else:
            label, label_en = g.data_label(item.id), g.data_label(item.id, "en")
            yield unknown(
                [item.id],
                f"「{label}」を集め・送っているが、何のために使うか（目的と使う手順）が書かれていない",
                f"'{label_en}' is collected or sent, but no purpose or step that uses it is stated",
                data=(item.id,),
            )


@rule("DAT-02")
def sensitive_without_justification(g: FlowGraph) -> Iterator[Result]:
    """要配慮個人情報 (health, disability, welfare...) needs a stated reason for handling it (Setagaya 999)."""
    handled: set[str] = set().union(*g.handled_at.values())
    classes = g.item_classes
    for item in g.data.values():
        if classes[item.id] != "sensitive" or item.id not in handled:
            yield not_applicable(item.id)
            continue
        label, label_en = g.data_label(item.id), g.data_label(item.id, "en")
        if item.justification == "unknown":
            yield unknown(
                [item.id],
                f"要配慮個人情報「{label}」を扱う理由が書かれていない",
                f"no reason is given for handling the sensitive item '{label_en}'",
                data=(item.id,),
            )
        elif says_none(item.justification):
            yield violated(
                [item.id],
                f"要配慮個人情報「{label}」を扱う理由がないとされている",
                f"the sensitive item '{label_en}' is handled with no reason",
                data=(item.id,),
            )
        else:
            yield satisfied(item.id)


def _relay_candidates(g: FlowGraph) -> dict[str, set[str]]:
    """Node → personal items it both receives and sends on without storing or using them, for every node that
    receives and sends some personal item (an empty set: it keeps or uses all of them)."""
    classes = g.item_classes
    candidates: dict[str, set[str]] = {}
    for node in g.nodes.values():
        if node.kind in _CONDUITS or node.boundary != "none":
            continue
        through = {i for i in g.received_at[node.id] & g.sent_from[node.id] if classes[i] in PERSONAL_CLASSES}
        if through:
            candidates[node.id] = through - g.stored_at[node.id] - set(node.uses)
    return candidates


def _ends(
    g: FlowGraph, candidates: dict[str, set[str]]
) -> tuple[dict[tuple[str, str], dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """(relay, item) → up to two distinct senders (or receivers) → the first flow between them.

    Two distinct ends on each side are enough to find a hop whose two ends differ, if any exists.
    """
    inbound: dict[tuple[str, str], dict[str, str]] = {}
    outbound: dict[tuple[str, str], dict[str, str]] = {}
    for flow in g.flows_touching(n for n, items in candidates.items() if items):
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


@rule("DAT-03")
def pass_through_node(g: FlowGraph) -> Iterator[Result]:
    """A node that receives personal data from one party and passes it to another without using or storing it
    widens exposure for nothing (minimisation). The finding shows the hop: sender, relay, receiver."""
    candidates = _relay_candidates(g)
    inbound, outbound = _ends(g, candidates)
    order = {item_id: i for i, item_id in enumerate(g.data)}
    for node_id, items in candidates.items():
        node = g.nodes[node_id]
        kept = g.stored_at[node_id] | set(node.uses)
        relayed: list[str] = []
        hop: tuple[str, str] | None = None
        for item in sorted(items, key=order.__getitem__):  # model order, so the finding is stable
            ins, outs = inbound.get((node_id, item), {}), outbound.get((node_id, item), {})
            pair = next(((fi, fo) for s, fi in ins.items() for t, fo in outs.items() if s != t), None)
            if pair is not None:
                relayed.append(item)
                hop = hop or pair
        if hop is None:
            yield satisfied(node.id)
            continue
        inbound_flow, outbound_flow = g.flows[hop[0]], g.flows[hop[1]]
        path = (inbound_flow.source, node.id, outbound_flow.target)
        shown, shown_en = " → ".join(g.node_label(n) for n in path), " → ".join(g.node_label(n, "en") for n in path)
        name, name_en = node_name(g, node.id), node_name(g, node.id, "en")
        kw = {"data": tuple(relayed), "path": path, "path_flows": hop}
        if not kept:
            yield unknown(
                [node.id],
                f"{name}は{items_text(g, relayed)}を受け取って次に渡すが、使うのか保管するのか書かれていない（{shown}）",
                f"{name_en} receives and passes on {items_text(g, relayed, 'en')}; does it use or keep them? "
                f"({shown_en})",
                **kw,
            )
        else:
            yield violated(
                [node.id],
                f"{name}は{items_text(g, relayed)}を使わず保管もせずに中継している（{shown}）",
                f"{name_en} relays {items_text(g, relayed, 'en')} without using or keeping them ({shown_en})",
                **kw,
            )


@rule("DAT-04")
def anonymous_service_collects_identifiers(g: FlowGraph) -> Iterator[Result]:
    """A service presented as anonymous (匿名) must not collect direct identifiers (Setagaya 1000): contact details
    and My Number identify alone; identity items (name, birth date, address, sex) identify in combination, so two
    or more of them make one finding."""
    scheme = g.document.scheme
    if not scheme.declared_anonymous:
        yield not_applicable(scheme.id)
        return
    from_people = {i for f in g.flows.values() if g.nodes[f.source].kind == "resident" for i in f.data}
    collected = from_people | {i for node in g.nodes.values() for i in node.collects}
    classes = g.item_classes
    identity: list[str] = []
    for item in (i for i in g.data if i in collected):
        ancestors = category_ancestors(g.data[item].category)
        if "identity" in ancestors:
            identity.append(item)
        elif classes[item] == "my_number" or "contact" in ancestors:
            label, label_en = g.data_label(item), g.data_label(item, "en")
            yield violated(
                [item],
                f"匿名と案内しているのに、本人に行き着く「{label}」を集めている",
                f"the service is called anonymous but collects '{label_en}', which leads to the person",
                data=(item,),
            )
        else:
            yield satisfied(item)
    if len(identity) >= 2:
        yield violated(
            identity,
            f"匿名と案内しているのに、組み合わせると本人を特定できる{items_text(g, identity, limit=5)}を集めている",
            f"the service is called anonymous but collects {items_text(g, identity, 'en', limit=5)}, "
            "which together identify people",
            data=tuple(identity),
        )
    elif identity:
        yield satisfied(*identity)


@rule("DAT-05")
def individual_results_to_organisation(g: FlowGraph) -> Iterator[Result]:
    """When people are told their individual results stay away from the organisation (ward, employer), no flow
    may bring individual-level results back to it (Meguro engagement survey)."""
    scheme = g.document.scheme
    if not scheme.promises.no_individual_results_to_organisation:
        yield not_applicable(scheme.id)
        return
    for flow in g.flows.values():
        if flow.target not in g.ward_ids or flow.source in g.ward_ids:
            continue
        individual = tuple(i for i in flow.data if g.data[i].individual_level)
        if not individual:
            yield satisfied(flow.id)
            continue
        yield violated(
            [flow.id],
            f"個人単位の結果を区に返さないと説明しているのに、{flow_name(g, flow)}で{items_text(g, individual)}が区に渡る",
            f"people were told individual results stay away from the ward, yet {flow_name(g, flow, 'en')} "
            f"brings {items_text(g, individual, 'en')} to it",
            data=individual,
        )


@rule("DAT-06")
def other_purpose_without_basis(g: FlowGraph) -> Iterator[Result]:
    """Use for a purpose other than the one data was collected for (目的外利用) needs a recorded legal basis
    (Setagaya 1001)."""
    for flow in g.flows.values():
        if flow.relationship != "other_purpose_use":
            continue
        personal = g.personal_items(flow.data)
        if not personal:
            yield not_applicable(flow.id)
        elif flow.legal_basis == "unknown":
            yield unknown(
                [flow.id],
                f"{flow_name(g, flow)}は目的外利用だが、法令上の根拠が書かれていない",
                f"{flow_name(g, flow, 'en')} uses data for another purpose and states no legal basis",
                data=personal,
            )
        elif says_none(flow.legal_basis):
            yield violated(
                [flow.id],
                f"{flow_name(g, flow)}は法令上の根拠なく目的外利用している",
                f"{flow_name(g, flow, 'en')} uses data for another purpose without a legal basis",
                data=personal,
            )
        else:
            yield satisfied(flow.id)


@rule("DAT-07")
def store_without_retention(g: FlowGraph) -> Iterator[Result]:
    """Every store of personal data needs a retention period and a deletion method (Ⅱ-6②③)."""
    for node in g.nodes.values():
        personal_stores = [(i, s) for i, s in enumerate(node.stores) if g.personal_items(s.data)]
        store_ids = [st.id for st in node.stores]
        for index, store in personal_stores:
            # The store's id when it has a unique one, else its position: one finding per store.
            detail = store.id if store.id and store_ids.count(store.id) == 1 else None
            if detail is None and len(node.stores) > 1:
                detail = str(index + 1)
            where = f"{node_name(g, node.id)}の保管" + (f"「{store.title}」" if store.title else "")
            where_en = f"the store at {node_name(g, node.id, 'en')}" + (f" '{store.title}'" if store.title else "")
            personal = g.personal_items(store.data)
            none = [
                m
                for m, v in (("保管期間", store.retention), ("消去方法", store.deletion))
                if v != "unknown" and says_none(v)
            ]
            none_en = [
                m
                for m, v in (("retention period", store.retention), ("deletion method", store.deletion))
                if v != "unknown" and says_none(v)
            ]
            missing = [m for m, v in (("保管期間", store.retention), ("消去方法", store.deletion)) if v == "unknown"]
            missing_en = [
                m
                for m, v in (("retention period", store.retention), ("deletion method", store.deletion))
                if v == "unknown"
            ]
            if none:
                yield violated(
                    [node.id],
                    f"{where}には{'・'.join(none)}がない",
                    f"{where_en} has no {' or '.join(none_en)}",
                    data=personal,
                    detail=detail,
                )
            elif missing:
                yield unknown(
                    [node.id],
                    f"{where}の{'・'.join(missing)}が書かれていない",
                    f"{where_en} states no {' or '.join(missing_en)}",
                    data=personal,
                    detail=detail,
                )
            else:
                yield satisfied(node.id)


@rule("DAT-08")
def output_linkable(g: FlowGraph) -> Iterator[Result]:
    """Anonymised, statistical or pseudonymised output that leaves a node must be checked for re-identification
    (file linkage, small cells)."""
    sent, _ = _sent_and_collected(g)
    classes = g.item_classes
    for item in g.data.values():
        if classes[item.id] not in ("anonymised", "pseudonymised") or item.id not in sent:
            yield not_applicable(item.id)
            continue
        label, label_en = g.data_label(item.id), g.data_label(item.id, "en")
        if item.linkage_assessed is True:
            yield satisfied(item.id)
        elif item.linkage_assessed is False:
            yield violated(
                [item.id],
                f"「{label}」が個人に結び付け直せないか（突合・少数のセル）を確かめていない",
                f"'{label_en}' has not been checked for re-identification (linking files, small cells)",
                data=(item.id,),
            )
        else:
            yield unknown(
                [item.id],
                f"「{label}」から個人を特定し直せないか（突合・少数のセル）確かめたか",
                f"has '{label_en}' been checked for re-identification (linking files, small cells)?",
                data=(item.id,),
            )
