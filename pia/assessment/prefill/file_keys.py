"""Pre-fill keys answered from the file, the systems and the stores (Ⅰ2, Ⅰ3, Ⅱ2, Ⅱ6, 別添2)."""

from __future__ import annotations

import re

from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Node, Store
from pia_toolkit.pia.assessment.prefill.choices import (
    band_choice,
    find_choice,
    other_choice,
    record_category,
    retention_choice,
    retention_years,
)
from pia_toolkit.pia.assessment.prefill.facts import (
    SYSTEM_KINDS,
    contracts_by_contractor,
    data_label,
    data_labels,
    file_data,
    file_stores,
    join,
    known,
    node_label,
    place,
    primary_file,
    term,
)
from pia_toolkit.pia.assessment.prefill.registry import Prefill, Target, prefiller


@prefiller("file.name")
def file_name(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅰ3 lists every file (a block); Ⅱ1 and Ⅲ1 name the file they describe."""
    files = graph.document.files
    if not files:
        return None
    if item.type == "block":
        return Prefill([{"name": f.title} for f in files], [f.id for f in files])
    return Prefill(files[0].title, [files[0].id])


@prefiller("file.items")
def file_items(graph: FlowGraph, item: Target) -> Prefill | None:
    """別添2: one row per data item of the file, with its category as the note."""
    if primary_file(graph) is None:
        return None
    ids = file_data(graph)
    rows = [{"name": data_label(graph, i), "note": term("data_categories", graph.data[i].category)} for i in ids]
    return Prefill(rows, ids) if rows else None


@prefiller("file.item_count_band")
def file_item_count(graph: FlowGraph, item: Target) -> Prefill | None:
    file = primary_file(graph)
    if file is None:
        return None
    chosen = band_choice(item.choices, len(file_data(graph)))
    return Prefill(chosen, [file.id]) if chosen else None


@prefiller("file.data_categories")
def file_categories(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ2④ 主な記録項目: the record categories of the file's data, in form order."""
    ids = file_data(graph)
    chosen = {record_category(graph.data[i].category, item.choices) for i in ids} - {None}
    ordered = [c.id for c in item.choices if c.id in chosen]
    return Prefill(ordered, ids) if ordered else None


# ---- Ⅰ2 systems ----------------------------------------------------------------------------------------
_CONNECTION_PATTERNS = (
    ("ipn", re.compile("情報提供ネットワーク|中間サーバ")),
    ("juki_net", re.compile("住基ネット|住民基本台帳ネットワーク")),
    ("existing_juki", re.compile("住民基本台帳|住民記録|住基")),
    ("address_system", re.compile("宛名")),
    ("tax_system", re.compile("税")),
    ("internal_linkage", re.compile("庁内連携|連携基盤")),
)


def _connection(graph: FlowGraph, neighbour: Node, channels: set[str]) -> str:
    if "ipn" in channels:
        return "ipn"
    for choice_id, pattern in _CONNECTION_PATTERNS:
        if pattern.search(neighbour.title):
            return choice_id
    return "other"


def _system_row(graph: FlowGraph, node: Node, field_choices: dict[str, Target]) -> dict[str, object]:
    row: dict[str, object] = {"name": node.title}  # ② 機能 stays open: the model has no attribute for it
    neighbours: dict[str, set[str]] = {}
    for flow in graph.flows_touching([node.id]):
        other = flow.target if flow.source == node.id else flow.source if flow.target == node.id else None
        if other and other in graph.nodes and graph.nodes[other].kind in (*SYSTEM_KINDS, "national_system"):
            neighbours.setdefault(other, set()).add(flow.channel)
    connections = field_choices.get("connections")
    if neighbours and connections is not None:
        chosen: set[str] = set()
        others: list[str] = []
        for other, channels in neighbours.items():
            wanted = _connection(graph, graph.nodes[other], channels)
            found = find_choice(connections.choices, wanted) or other_choice(connections.choices)
            if found:
                chosen.add(found)
            if found == other_choice(connections.choices):
                others.append(graph.nodes[other].title)
        row["connections"] = [c.id for c in connections.choices if c.id in chosen]
        if others:
            row["connections_other"] = join(others)
    return row


@prefiller("systems")
def systems(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅰ2: every system, cloud service and LGWAN-ASP service in the model, with what it connects to."""
    nodes = [n for n in graph.nodes.values() if n.kind in SYSTEM_KINDS]
    fields = {f.id: f for f in getattr(item, "fields", ())}
    rows = [_system_row(graph, n, fields) for n in nodes]
    return Prefill(rows, [n.id for n in nodes]) if rows else None


@prefiller("access_scopes")
def access_scopes(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅲ3 リスク2 具体的な管理方法: for each node keeping the file's data, who may see its records, where the model
    says so (担当者に限る, 課の全員…); how rights are granted and reviewed is the owner's to write."""
    lines, refs = [], []
    for node in {node.id: node for node, _ in file_stores(graph)}.values():
        if node.access_scope != "unknown":
            lines.append(f"{node.title}：記録を見られる範囲は「{term('access_scopes', node.access_scope)}」")
            refs.append(node.id)
    return Prefill("\n".join(lines), refs) if lines else None


# ---- Ⅱ6 storage and deletion ---------------------------------------------------------------------------
_MEDIUM = {"electronic": "電子", "paper": "紙", "both": "電子・紙"}


@prefiller("storage_places")
def storage_places(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ6① 保管場所: each node keeping the file's data, where it is, and what it keeps."""
    lines, refs = [], []
    for node, store in file_stores(graph):
        what = store.title or data_labels(graph, store.data)
        lines.append(f"{place(graph, node)}：{what}（{_MEDIUM[store.medium]}）")
        refs.append(node.id)
    return Prefill("\n".join(lines), list(dict.fromkeys(refs))) if lines else None


@prefiller("retention")
def retention(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ6② 保管期間: the longest period stated for a store of the file's data."""
    periods = []
    for node, store in file_stores(graph):
        years = retention_years(str(store.retention)) if known(store.retention) else None
        if years is not None:
            periods.append((years, node.id))
    if not periods:
        return None
    undefined = any(years < 0 for years, _ in periods)
    chosen = retention_choice(-1.0 if undefined else max(y for y, _ in periods), item.choices)
    return Prefill(chosen, list(dict.fromkeys(n for _, n in periods))) if chosen else None


def _decider(store: Store) -> str:
    """「（消去の判断: 課）」 when the model says who decides that the data is deleted."""
    decided_by = store.deletion_decided_by
    return f"（消去の判断: {decided_by}）" if decided_by is not None and known(decided_by) else ""


@prefiller("retention_validity")
def retention_validity(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ6② その妥当性: each stated period with the event it runs from (「事案の終結から10年」), where the model
    says so; the reason itself is the owner's to write."""
    lines, refs = [], []
    for node, store in file_stores(graph):
        trigger = store.retention_trigger
        if trigger is None or not known(trigger) or not known(store.retention):
            continue
        what = store.title or data_labels(graph, store.data)
        lines.append(f"{node.title}：{what}は{store.retention}（起算: {trigger}）")
        refs.append(node.id)
    return Prefill("\n".join(lines), list(dict.fromkeys(refs))) if lines else None


def _contract_deletion(graph: FlowGraph) -> list[tuple[str, str]]:
    lines = []
    for contractor, contract in contracts_by_contractor(graph).items():
        name = node_label(graph, contractor)
        if contract.deletion_at_end is True:
            certificate = "、消去証明書を提出" if contract.deletion_certificate is True else ""
            lines.append((contract.id, f"{name}：契約終了時に返却・消去{certificate}"))
        elif contract.deletion_at_end is False:
            lines.append((contract.id, f"{name}：契約終了時の返却・消去の定めなし"))
    return lines


@prefiller("deletion_methods")
def deletion_methods(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ6③ 消去方法: each store's stated deletion method, and the contracts' deletion at contract end."""
    lines = [(n.id, f"{n.title}：{s.deletion}{_decider(s)}") for n, s in file_stores(graph) if known(s.deletion)]
    lines += _contract_deletion(graph)
    if not lines:
        return None
    text = "\n".join(dict.fromkeys(line for _, line in lines))
    return Prefill(text, list(dict.fromkeys(ref for ref, _ in lines)))
