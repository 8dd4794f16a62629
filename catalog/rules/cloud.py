"""Cloud rules (クラウド): CLD-01 … CLD-04. Texts are in ``cloud.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import CLOUD_KINDS, cloud_contracts, contract_name, joined, node_name
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Node

_RECOGNISED = frozenset({"ismap", "isms", "isms_cloud", "pmark"})
_STATUS = {"pending": ("審査中", "pending"), "expired": ("期限切れ", "expired")}


def _personal_cloud(g: FlowGraph) -> Iterator[tuple[Node, bool]]:
    """Every cloud or LGWAN-ASP service, with whether it handles personal data."""
    personal_nodes = g.nodes_handling(*PERSONAL_CLASSES)
    for node in g.nodes_of(*sorted(CLOUD_KINDS)):
        yield node, node.id in personal_nodes


def _certified_contractors(g: FlowGraph) -> Iterator[Node]:
    """Contractors that run their own system and whose certifications the model states (Setagaya 1000: the
    contractor's own consultation system, its certification still under review)."""
    personal_nodes = g.nodes_handling(*PERSONAL_CLASSES)
    for node in g.nodes_of("contractor", "subcontractor"):
        if node.certifications != "unknown" and node.id in personal_nodes:
            yield node


@rule("CLD-01")
def cloud_without_certification(g: FlowGraph) -> Iterator[Result]:
    """A cloud service handling personal data should hold a valid recognised certification (ISMAP, ISMS, P-mark);
    a pending or expired one does not count (Setagaya 1000). A contractor whose certifications are stated is
    held to the same test."""
    candidates = [*_personal_cloud(g), *((node, True) for node in _certified_contractors(g))]
    for node, applies in candidates:
        if not applies:
            yield not_applicable(node.id)
            continue
        name, name_en = node_name(g, node.id), node_name(g, node.id, "en")
        if node.certifications == "unknown":
            yield unknown(
                [node.id],
                f"{name}が持つ認証（ISMAP・ISMS・プライバシーマーク等）が書かれていない",
                f"{name_en} states no certification (ISMAP, ISMS, Privacy Mark)",
            )
            continue
        recognised = [c for c in node.certifications if c.id in _RECOGNISED]
        if any(c.status == "valid" for c in recognised):
            yield satisfied(node.id)
        elif any(c.status == "unknown" for c in recognised):
            yield unknown(
                [node.id],
                f"{name}の認証が有効か書かれていない",
                f"{name_en} does not say whether its certification is valid",
            )
        elif recognised:
            states = joined(f"{c.id}（{_STATUS[c.status][0]}）" for c in recognised)
            states_en = joined((f"{c.id} ({_STATUS[c.status][1]})" for c in recognised), "en")
            yield violated(
                [node.id],
                f"{name}の認証は有効でない: {states}",
                f"{name_en} holds no valid certification: {states_en}",
            )
        else:
            yield violated(
                [node.id],
                f"{name}はISMAP・ISMS・プライバシーマークのいずれの認証も持たない",
                f"{name_en} holds none of ISMAP, ISMS or the Privacy Mark",
            )


@rule("CLD-02")
def cloud_clauses_conditional(g: FlowGraph) -> Iterator[Result]:
    """A contract that covers a cloud service needs unconditional cloud clauses (Meguro: "only when cloud is used"
    was written although cloud use was certain); a cloud service no contract covers is asked about."""
    covered = cloud_contracts(g)
    for contract in g.document.contracts:
        if contract.id not in covered:
            yield not_applicable(contract.id)
            continue
        clouds = joined(g.node_label(n) for n in sorted(covered[contract.id]))
        clouds_en = joined((g.node_label(n, "en") for n in sorted(covered[contract.id])), "en")
        name, name_en = contract_name(g, contract), contract_name(g, contract, "en")
        if contract.cloud_clauses == "present":
            yield satisfied(contract.id)
        elif contract.cloud_clauses == "conditional":
            yield violated(
                [contract.id],
                f"{name}はクラウド（{clouds}）を使うのに、クラウドの条項が「利用する場合のみ」の条件付き",
                f"{name_en} uses a cloud service ({clouds_en}) but its cloud clauses apply only 'if cloud is used'",
            )
        elif contract.cloud_clauses == "missing":
            yield violated(
                [contract.id],
                f"{name}はクラウド（{clouds}）を使うのに、クラウドの条項がない",
                f"{name_en} uses a cloud service ({clouds_en}) but has no cloud clauses",
            )
        else:
            yield unknown(
                [contract.id],
                f"{name}はクラウド（{clouds}）を使うが、クラウドの条項があるか書かれていない",
                f"{name_en} uses a cloud service ({clouds_en}); does it carry cloud clauses?",
            )
    in_contract = {n for nodes in covered.values() for n in nodes}
    for node, applies in _personal_cloud(g):
        if not applies or node.id in in_contract:
            continue
        yield unknown(
            [node.id],
            f"{node_name(g, node.id)}のクラウドの条項はどの契約・利用規約で定めているか（モデルに契約がない）",
            f"which contract or terms set the cloud clauses for {node_name(g, node.id, 'en')}? (the model has none)",
        )


@rule("CLD-03")
def cloud_responsibility_unassigned(g: FlowGraph) -> Iterator[Result]:
    """Who answers for data in a cloud service (controller, processor, contractor or mere service; faults) must be
    settled (Meguro GIGA school: never settled)."""
    for node, applies in _personal_cloud(g):
        if not applies:
            yield not_applicable(node.id)
        elif node.responsibility_assigned is True:
            yield satisfied(node.id)
        elif node.responsibility_assigned is False:
            yield violated(
                [node.id],
                f"{node_name(g, node.id)}上のデータの責任分界（誰が管理者で、障害時に誰が責任を負うか）が決まっていない",
                f"responsibility for data in {node_name(g, node.id, 'en')} (who controls it, who answers for faults) "
                "is not assigned",
            )
        else:
            yield unknown(
                [node.id],
                f"{node_name(g, node.id)}上のデータの責任分界（管理者・処理者、障害時の責任）は決まっているか",
                f"is responsibility for data in {node_name(g, node.id, 'en')} (controller, processor, faults) assigned?",
            )


@rule("CLD-04")
def cloud_availability_not_stated(g: FlowGraph) -> Iterator[Result]:
    """A cloud or ASP service should state its availability, recovery time and backup (outage guidance, 2019)."""
    for node, applies in _personal_cloud(g):
        if not applies:
            yield not_applicable(node.id)
            continue
        name, name_en = node_name(g, node.id), node_name(g, node.id, "en")
        availability = node.availability
        if availability is not None and availability.backup is False:
            yield violated(
                [node.id],
                f"{name}はバックアップを取っていない",
                f"{name_en} keeps no backup",
            )
            continue
        missing = [
            (ja, en)
            for ja, en, value in (
                ("稼働率（SLA）", "availability (SLA)", availability.sla if availability else "unknown"),
                ("目標復旧時間", "recovery time", availability.recovery_time if availability else "unknown"),
                ("バックアップ", "backup", availability.backup if availability else "unknown"),
            )
            if value == "unknown"
        ]
        if missing:
            yield unknown(
                [node.id],
                f"{name}の{joined(m for m, _ in missing)}が書かれていない",
                f"{name_en} states no {joined((m for _, m in missing), 'en')}",
            )
        else:
            yield satisfied(node.id)
