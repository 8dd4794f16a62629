"""Pre-fill keys answered from the flows: acquisition, entrustment, provision, transfer, 別添1."""

from __future__ import annotations

import functools
import re
from typing import Any

from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow
from pia_toolkit.pia.assessment.prefill.choices import band_choice, channel_answer, find_choice, other_choice
from pia_toolkit.pia.assessment.prefill.facts import (
    Labels,
    acquisitions,
    circled,
    contracts_by_contractor,
    count,
    data_labels,
    entrusted,
    in_step_order,
    join,
    known,
    labels,
    node_label,
    provisions_out,
    subcontracting_flows,
    subcontractors,
    term,
    transfers_out,
)
from pia_toolkit.pia.assessment.prefill.registry import Prefill, Target, prefiller

# ---- Ⅱ3 acquisition ------------------------------------------------------------------------------------
_SOURCE_KIND = {
    "resident": "self_or_agent",
    "national_system": "national_agency",
    "payment_fund": "national_agency",
    "kokuhoren": "other",
    "medical_institution": "other",
    "business": "private_business",
    "contractor": "private_business",
    "subcontractor": "private_business",
}
_NATIONAL = re.compile("省|庁|機構|独立行政法人|国の")
_LOCAL = re.compile("都|道|府|県|市|区|町|村|広域連合|警察")


def _source_kind(graph: FlowGraph, flow: Flow) -> str:
    node = graph.nodes[flow.source]
    if flow.relationship == "collection" and node.kind in ("resident", "staff"):
        return "self_or_agent"  # the person (a resident, or staff answering about themselves) hands it over
    if node.id in graph.ward_ids:
        return "internal_section"
    operator = graph.nodes.get(node.operator or "")
    kind = operator.kind if node.kind not in _SOURCE_KIND and operator is not None else node.kind
    if kind == "public_body":
        if _NATIONAL.search(node.title):
            return "national_agency"
        return "local_government" if _LOCAL.search(node.title) else "other"
    return _SOURCE_KIND.get(kind, "other")


def _origins(graph: FlowGraph) -> list[Flow]:
    """Acquisition flows that start where the data comes from: a collection flow leaving a node that itself
    collected the data (a LINE account or meeting service passing it on) is a relay, not a source."""
    flows = acquisitions(graph)
    relays = {f.target for f in flows if f.relationship == "collection"}
    return [f for f in flows if f.relationship != "collection" or f.source not in relays]


@prefiller("sources")
def sources(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ3① 入手元: whom the data is obtained from; named sources go to the 「（　）内」 item."""
    flows = _origins(graph)
    chosen: dict[str, list[str]] = {}
    for flow in flows:
        found = find_choice(item.choices, _source_kind(graph, flow)) or other_choice(item.choices)
        if found:
            chosen.setdefault(found, []).append(node_label(graph, flow.source))
    if not chosen:
        return None
    ordered = [c for c in item.choices if c.id in chosen]
    named = [f"{c.label.ja}（{join(chosen[c.id])}）" for c in ordered if c.id != "self_or_agent"]
    return Prefill([c.id for c in ordered], [f.id for f in flows], join(named) or None)


@prefiller("acquisition_methods")
def acquisition_methods(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ3② 入手方法: acquisition channels mapped down to the form's list; LGWAN etc. as 「その他（LGWAN）」."""
    flows = acquisitions(graph)
    chosen, detail = channel_answer((f.channel for f in flows), item.choices)
    return Prefill(chosen, [f.id for f in flows], detail) if chosen else None


# ---- Ⅱ4 entrustment ------------------------------------------------------------------------------------
def _fields(item: Target) -> dict[str, Any]:
    return {f.id: f for f in getattr(item, "fields", ())}


def _subcontract_rows(graph: FlowGraph, contractor: str) -> tuple[list[str], list[str]]:
    """Approval lines and subcontracted matters for one contractor."""
    contract = contracts_by_contractor(graph).get(contractor)
    approvals = []
    for sub in contract.subcontracts if contract else []:
        if sub.approved is True:
            when = f"（{sub.approval_date.isoformat()}）" if sub.approval_date else ""
            approvals.append(f"{node_label(graph, sub.to)}：区の許諾あり{when}")
        elif sub.approved is False:
            approvals.append(f"{node_label(graph, sub.to)}：区の許諾なし")
    matters = [
        f"{node_label(graph, flow.target)}：{flow.title or data_labels(graph, flow.data)}"
        for flow in subcontracting_flows(graph).get(contractor, ())
    ]
    return approvals, matters


def _subcontract(graph: FlowGraph, contractor: str, fields: dict[str, Any], row: dict[str, Any]) -> None:
    subs = subcontractors(graph, contractor)
    if not subs or "subcontract" not in fields:
        return  # no subcontract in the model is not the same as "no subcontracting": leave it open
    chosen = find_choice(fields["subcontract"].choices, "subcontract", labels=["再委託する"])
    if chosen:
        row["subcontract"] = chosen
    approvals, matters = _subcontract_rows(graph, contractor)
    if approvals:
        row["subcontract_approval"] = "\n".join(approvals)
    row["subcontract_matters"] = "\n".join(matters) or join(node_label(graph, s) for s in subs)


def _methods(row: dict[str, Any], name: str, flows: list[Flow], fields: dict[str, Any]) -> None:
    """The row's ``name`` column from the flows' channels, and ``<name>_other`` for what no choice names."""
    if name not in fields:
        return
    chosen, detail = channel_answer((f.channel for f in flows), fields[name].choices)
    if chosen:
        row[name] = chosen
    if detail:
        row[f"{name}_other"] = detail


def _entrustment_row(graph: FlowGraph, contractor: str, flows: list[Flow], fields: dict[str, Any]) -> dict[str, Any]:
    contract = contracts_by_contractor(graph).get(contractor)
    row: dict[str, Any] = {}
    if contract is not None and contract.title:
        row["title"] = contract.title
    content = [f.title for f in flows if f.title]
    items = [i for f in flows for i in f.data]
    if items:
        content.append(f"受け渡す情報：{data_labels(graph, items)}")
    if content:
        row["content"] = "\n".join(dict.fromkeys(content))
    _methods(row, "handover_methods", flows, fields)
    row["contractor"] = node_label(graph, contractor)
    _subcontract(graph, contractor, fields, row)
    return row


@prefiller("entrustments")
def entrustments(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ4 委託事項: one entry per contractor that entrustment flows or a contract name."""
    groups = entrusted(graph)
    if not groups:
        return None
    fields = _fields(item)
    rows = [_entrustment_row(graph, c, flows, fields) for c, flows in groups.items()]
    staff = count(graph.document.scheme.handlers.contractor_staff)
    if len(rows) == 1 and staff is not None and "handler_count" in fields:
        chosen = band_choice(fields["handler_count"].choices, staff)
        if chosen:
            rows[0]["handler_count"] = chosen
    refs = [*groups, *(f.id for flows in groups.values() for f in flows)]
    refs += [c.id for c in graph.document.contracts if c.contractor in groups]
    return Prefill(rows, list(dict.fromkeys(refs)))


@prefiller("subcontracting")
def subcontracting(graph: FlowGraph, item: Target) -> Prefill | None:
    """Whether handling is subcontracted. The model states subcontracts only when they exist, so it can answer
    「再委託する」 but never 「再委託しない」; Ⅲ4's 「十分に行っている」 scale is the owner's judgment."""
    subs = [s for c in entrusted(graph) for s in subcontractors(graph, c)]
    if not subs:
        return None
    chosen = find_choice(item.choices, "subcontract", labels=["再委託する"])
    return Prefill(chosen, subs) if chosen else None


# ---- Ⅱ5 provision and transfer -------------------------------------------------------------------------
def _hand_over_rows(graph: FlowGraph, item: Target, relationship: str, name_field: str) -> Prefill | None:
    groups = provisions_out(graph) if relationship == "provision" else transfers_out(graph)
    if not groups:
        return None
    fields = _fields(item)
    rows = []
    for target, flows in groups.items():
        row: dict[str, Any] = {name_field: node_label(graph, target)}
        basis = join(str(f.legal_basis) for f in flows if known(f.legal_basis))
        if basis:
            row["legal_basis"] = basis
        row["data"] = data_labels(graph, (i for f in flows for i in f.data))
        _methods(row, "methods", flows, fields)
        timing = join(str(f.frequency) for f in flows if known(f.frequency))
        if timing:
            row["timing"] = timing
        rows.append(row)
    return Prefill(rows, [*groups, *(f.id for flows in groups.values() for f in flows)])


@prefiller("provisions")
def provisions(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ5 提供先: provision flows to other bodies, one entry per recipient."""
    return _hand_over_rows(graph, item, "provision", "recipient")


@prefiller("transfers")
def transfers(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ5 移転先: transfer flows to other sections of the same body, one entry per destination."""
    return _hand_over_rows(graph, item, "transfer", "destination")


# ---- 別添1 ---------------------------------------------------------------------------------------------
def flow_line(graph: FlowGraph, flow: Flow, number: int | None, names: Labels | None = None) -> str:
    """「① 区 → 委託先: 氏名、住所（LGWAN、TLS）」, then the step's own description when the model has one."""
    names = names or labels(graph)
    how = _how(flow.channel, tuple(flow.protection) if isinstance(flow.protection, list) else None)
    mark = circled(number) if number is not None else "・"
    line = f"{mark} {names.node(flow.source)} → {names.node(flow.target)}: {names.data_list(flow.data)}{how}"
    return line + (f" — {flow.title}" if flow.title else "")


@functools.cache
def _how(channel: str, protection: tuple[str, ...] | None) -> str:
    """「（LGWAN、TLS）」: the channel and the protections of a flow, or "" when the model states neither."""
    how = [term("channels", channel)] if channel != "unknown" else []
    if protection is not None:
        if protection == ("none",):
            how.append("保護措置なし")
        else:
            how += [term("protections", p) for p in protection if p != "none"]
    return f"（{'、'.join(how)}）" if how else ""


@prefiller("flow_description")
def flow_description(graph: FlowGraph, item: Target) -> Prefill | None:
    """別添1 事務の内容: one line per flow in step order. Step numbers are the model's own when it gives them
    (they match the diagram); a model without any step numbers is numbered in its written order."""
    flows = in_step_order(graph)
    if not flows:
        return None
    numbered = any(f.step is not None for f in flows)
    names = labels(graph)
    lines = [flow_line(graph, f, f.step if numbered else i, names) for i, f in enumerate(flows, start=1)]
    return Prefill("\n".join(lines), [f.id for f in flows])
