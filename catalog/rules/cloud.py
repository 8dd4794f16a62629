"""Cloud rules (クラウド): CLD-01 … CLD-04. Texts are in ``cloud.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import CLOUD_KINDS, cloud_contracts
from pia_toolkit.catalog.rules.facts import ContractRef, NodeRef, Words
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Availability, Node, known_certifications

_RECOGNISED = frozenset({"ismap", "isms", "isms_cloud", "pmark"})


def _personal_cloud(graph: FlowGraph) -> Iterator[tuple[Node, bool]]:
    """Every cloud or LGWAN-ASP service, with whether it handles personal data."""
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    for node in graph.nodes_of(*sorted(CLOUD_KINDS)):
        yield node, node.id in personal_nodes


def _certified_contractors(graph: FlowGraph) -> Iterator[Node]:
    """Contractors that run their own system and whose certifications the model states (Setagaya 1000: the
    contractor's own consultation system, its certification still under review)."""
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    for node in graph.nodes_of("contractor", "subcontractor"):
        if known_certifications(node)[1].stated and node.id in personal_nodes:
            yield node


def _certification(node: Node) -> Result:
    """Whether a node that handles personal data holds a valid recognised certification (CLD-01); a list known
    only in part ("no ISMAP, the rest unknown") is a question unless a valid one is known."""
    held, ids = known_certifications(node)
    recognised = [c for c in held if c.id in _RECOGNISED]
    if any(c.status == "valid" for c in recognised):
        return satisfied(node.id)
    if any(c.status == "unknown" for c in recognised):
        return unknown([node.id], "validity_not_stated", node=NodeRef(node.id))
    if ids.any_of(_RECOGNISED - {c.id for c in recognised}) is None:
        return unknown([node.id], "certification_not_stated", node=NodeRef(node.id))
    if recognised:  # each pending or expired, and no other recognised one
        states = Words(tuple((c.status, {"certification": c.id}) for c in recognised))
        return violated([node.id], "not_valid", node=NodeRef(node.id), states=states)
    return violated([node.id], "no_certification", node=NodeRef(node.id))


@rule("CLD-01")
def cloud_without_certification(graph: FlowGraph) -> Iterator[Result]:
    """A cloud service handling personal data should hold a valid recognised certification (ISMAP, ISMS, P-mark);
    a pending or expired one does not count (Setagaya 1000). A contractor whose certifications are stated is
    held to the same test."""
    candidates = [*_personal_cloud(graph), *((node, True) for node in _certified_contractors(graph))]
    for node, applies in candidates:
        yield _certification(node) if applies else not_applicable(node.id)


@rule("CLD-02")
def cloud_clauses_conditional(graph: FlowGraph) -> Iterator[Result]:
    """A contract that covers a cloud service needs unconditional cloud clauses (Meguro: "only when cloud is used"
    was written although cloud use was certain); a cloud service no contract covers is asked about."""
    covered = cloud_contracts(graph)
    for contract in graph.document.contracts:
        if contract.id not in covered:
            yield not_applicable(contract.id)
            continue
        name = ContractRef(contract.id)
        clouds = Words(tuple(("cloud", {"node": NodeRef(n)}) for n in sorted(covered[contract.id])))
        if contract.cloud_clauses == "present":
            yield satisfied(contract.id)
        elif contract.cloud_clauses == "conditional":
            yield violated([contract.id], "clauses_conditional", contract=name, clouds=clouds)
        elif contract.cloud_clauses == "missing":
            yield violated([contract.id], "clauses_missing", contract=name, clouds=clouds)
        else:
            yield unknown([contract.id], "clauses_not_stated", contract=name, clouds=clouds)
    in_contract = {n for nodes in covered.values() for n in nodes}
    for node, applies in _personal_cloud(graph):
        if not applies or node.id in in_contract:
            continue
        yield unknown([node.id], "no_contract", node=NodeRef(node.id))


@rule("CLD-03")
def cloud_responsibility_unassigned(graph: FlowGraph) -> Iterator[Result]:
    """Who answers for data in a cloud service (controller, processor, contractor or mere service; faults) must be
    settled (Meguro GIGA school: never settled)."""
    for node, applies in _personal_cloud(graph):
        if not applies:
            yield not_applicable(node.id)
        elif node.responsibility_assigned is True:
            yield satisfied(node.id)
        elif node.responsibility_assigned is False:
            yield violated([node.id], "responsibility_not_assigned", node=NodeRef(node.id))
        else:
            yield unknown([node.id], "responsibility_not_stated", node=NodeRef(node.id))


def _availability_not_stated(availability: Availability | None) -> list[str]:
    """What a service leaves unknown of its availability, recovery time and backup (word keys)."""
    if availability is None:
        return ["sla", "recovery_time", "backup"]
    stated = (("sla", availability.sla), ("recovery_time", availability.recovery_time), ("backup", availability.backup))
    return [word for word, value in stated if value == "unknown"]


@rule("CLD-04")
def cloud_availability_not_stated(graph: FlowGraph) -> Iterator[Result]:
    """A cloud or ASP service should state its availability, recovery time and backup (outage guidance, 2019)."""
    for node, applies in _personal_cloud(graph):
        if not applies:
            yield not_applicable(node.id)
            continue
        availability = node.availability
        if availability is not None and availability.backup is False:
            yield violated([node.id], "no_backup", node=NodeRef(node.id))
            continue
        missing = _availability_not_stated(availability)
        if missing:
            yield unknown([node.id], "not_stated", node=NodeRef(node.id), missing=Words.of(*missing))
        else:
            yield satisfied(node.id)
