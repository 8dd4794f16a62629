"""Location and jurisdiction rules (保管場所・準拠法): LOC-01 … LOC-05. Texts are in ``location.yaml``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import (
    PEOPLE,
    cloud_contracts,
    is_abroad,
    is_japanese_court,
    is_japanese_law,
    says_none,
)
from pia_toolkit.catalog.rules.facts import ContractRef, Fact, Items, NodeRef, Route, Words
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Node

_WEAK = frozenset({"assumed", "vendor_statement"})
_KEEPS_BACKUPS = frozenset({"system", "store", "cloud_service", "lgwan_asp"})

Reason = tuple[str, Mapping[str, Fact]]
"""A word key of the rule's ``words:`` and its facts."""


def _abroad(graph: FlowGraph, node: Node) -> list[Reason]:
    """Why a node keeps or lets people reach data outside Japan, empty when it does not."""
    location = node.location
    reasons: list[Reason] = []
    if is_abroad(location.country):
        reasons.append(("country", {"country": location.country}))
    elif graph.in_zone_kind(node.id, "overseas"):
        reasons.append(("overseas_zone", {}))
    if location.backup_country is not None and is_abroad(location.backup_country):
        reasons.append(("backup_country", {"country": location.backup_country}))
    abroad_support = [c for c in location.support_access_from if is_abroad(c)]
    if abroad_support:
        reasons.append(("support_access", {"places": ", ".join(abroad_support)}))
    # What the vendor's policy calls non-personal is kept where its non-personal data is kept: when the ward's
    # personal items are among it (OUT-05's finding), a foreign country there takes them abroad too.
    relabelled = graph.personal_items(node.vendor_policy_non_personal) if node.vendor_policy_non_personal else ()
    if relabelled and location.non_personal_country is not None and is_abroad(location.non_personal_country):
        reasons.append(
            ("relabelled_abroad", {"country": location.non_personal_country, "items": Items(tuple(relabelled))})
        )
    return reasons


def _states_location(node: Node) -> bool:
    location = node.location
    return location.country != "unknown" or bool(location.backup_country) or bool(location.support_access_from)


def _ward_data_reach(graph: FlowGraph) -> dict[str, tuple[str, str] | None]:
    """How personal data travels from the ward's own nodes: each reached node's parent step."""
    ward = graph.ward_ids
    return graph.reach([n for n in graph.nodes if n in ward], edge=graph.carries_personal)


@rule("LOC-01")
def personal_data_abroad(graph: FlowGraph) -> Iterator[Result]:
    """Personal data must be stored, processed, backed up and supported in Japan (APPI: provision to a foreign
    third party). Where ward data reaches such a node, the finding shows the path it takes."""
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    abroad: dict[str, list[Reason]] = {}
    for node in graph.nodes.values():
        if node.id in personal_nodes and node.kind != "resident":
            reasons = _abroad(graph, node)
            if reasons:
                abroad[node.id] = reasons
    parent = _ward_data_reach(graph) if abroad else {}
    for node in graph.nodes.values():
        if node.id not in abroad:
            if node.id in personal_nodes and _states_location(node):
                yield satisfied(node.id)
            continue
        personal = tuple(sorted(graph.personal_items(graph.handled_at[node.id])))
        path, path_flows = graph.path_to(parent, node.id) if parent.get(node.id) is not None else ([], [])
        route = Words((("route", {"nodes": Route(tuple(path))}),) if path else (), joiner="none")
        yield violated(
            [node.id],
            "leaves_japan",
            data=personal,
            path=tuple(path),
            path_flows=tuple(path_flows),
            node=NodeRef(node.id),
            items=Items(personal),
            reasons=Words(tuple(abroad[node.id])),
            route=route,
        )


@rule("LOC-02")
def storage_location_not_stated(graph: FlowGraph) -> Iterator[Result]:
    """A cloud service or contractor holding personal data must say where it keeps it (form Ⅱ-6①)."""
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    for node in graph.nodes.values():
        if node.id not in graph.contractor_side or node.id not in personal_nodes or node.kind in PEOPLE:
            continue
        personal = tuple(sorted(graph.personal_items(graph.handled_at[node.id])))
        if node.location.country == "unknown" and not graph.in_zone_kind(node.id, "overseas"):
            yield unknown([node.id], "location_not_stated", data=personal, node=NodeRef(node.id), items=Items(personal))
        elif _backup_unstated(node):
            yield unknown([node.id], "backup_not_stated", data=personal, node=NodeRef(node.id))
        else:
            yield satisfied(node.id)


def _backup_unstated(node: Node) -> bool:
    """A system or service keeping personal data whose backup location the model does not give (where backups are
    kept is part of where the data is; the government's cloud policy allows backups abroad only as an exception)."""
    if node.kind not in _KEEPS_BACKUPS:
        return False
    no_backup = node.availability is not None and node.availability.backup is False
    return not no_backup and node.location.backup_country in (None, "unknown")


@rule("LOC-03")
def non_personal_location_assumed(graph: FlowGraph) -> Iterator[Result]:
    """Where non-personal or derived data is kept should be contracted, not assumed (Meguro engagement survey)."""
    for node in graph.nodes.values():
        location = node.location
        basis = location.non_personal_basis
        if basis is None and location.non_personal_country is None:
            continue
        if basis in _WEAK:
            country: Fact = location.non_personal_country or Words.of("country_not_stated")
            yield violated(
                [node.id], "location_not_contracted", node=NodeRef(node.id), country=country, basis=Words.of(basis)
            )
        elif basis in (None, "unknown"):
            yield unknown([node.id], "basis_not_stated", node=NodeRef(node.id))
        else:
            yield satisfied(node.id)


def _foreign_terms(law: str, court: str) -> list[Reason]:
    """The governing law and the court of a contract, where they are stated and not Japanese."""
    foreign: list[Reason] = []
    if law != "unknown" and not is_japanese_law(law):
        foreign.append(("foreign_law", {"law": law}))
    if court != "unknown" and not is_japanese_court(court):
        foreign.append(("foreign_court", {"court": court}))
    return foreign


@rule("LOC-04")
def cloud_contract_foreign_law(graph: FlowGraph) -> Iterator[Result]:
    """A contract covering a cloud service must be governed by Japanese law with a Japanese court (government
    cloud policy; municipal cloud expert panel)."""
    covered = cloud_contracts(graph)
    for contract in graph.document.contracts:
        if contract.id not in covered:
            yield not_applicable(contract.id)
            continue
        law, court = contract.governing_law, contract.jurisdiction
        foreign = _foreign_terms(law, court)
        if foreign:
            yield violated([contract.id], "foreign", contract=ContractRef(contract.id), foreign=Words(tuple(foreign)))
        elif law == "unknown" or court == "unknown":
            missing = [word for word, value in (("governing_law", law), ("jurisdiction", court)) if value == "unknown"]
            yield unknown([contract.id], "not_stated", contract=ContractRef(contract.id), missing=Words.of(*missing))
        else:
            yield satisfied(contract.id)


@rule("LOC-05")
def foreign_compelled_access(graph: FlowGraph) -> Iterator[Result]:
    """A provider under foreign compelled-access law (e.g. the US CLOUD Act through a US parent) needs a recorded
    mitigation; for a cloud service the model must say whether such a law applies (Meguro GIGA school)."""
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    for node in graph.nodes.values():
        law = node.foreign_law
        if law is None and node.kind != "cloud_service":
            continue
        if node.id not in personal_nodes:
            yield not_applicable(node.id)
            continue
        if law is not None and law.subject is True:
            if law.mitigation and not says_none(law.mitigation):
                yield satisfied(node.id)
                continue
            which = Words((("which_law", {"law": law.law}),) if law.law else (), joiner="none")
            yield violated([node.id], "no_mitigation", node=NodeRef(node.id), which=which)
        elif law is not None and law.subject is False:
            yield satisfied(node.id)
        else:
            yield unknown([node.id], "exposure_not_stated", node=NodeRef(node.id))
