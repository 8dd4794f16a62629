"""Outsourcing rules (委託・再委託): OUT-01 … OUT-08. Texts are in ``outsourcing.yaml``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import CLOUD_KINDS, PEOPLE, none_allowed, says_none
from pia_toolkit.catalog.rules.facts import ContractRef, Fact, FlowRef, NodeRef, Term, Terms, Words
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES, vocabulary
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Contract

_OUTSIDE_BODIES = frozenset(
    {"payment_fund", "kokuhoren", "public_body", "national_system", "medical_institution", "business"}
)
"""Bodies the ward hands data to without directing them as it directs a contractor: a hand-over to one must say
whether it is a 委託, 提供, 移転 or 情報連携 and on what legal basis (a university or a shop given data for
research or a campaign is the same question as another public body)."""
_LEGAL_CATEGORIES = frozenset({"entrustment", "provision", "transfer", "network_linkage", "return"})
_WEAK = frozenset({"vendor_statement", "assumed"})
"""Assurance levels (the ``assurance`` vocabulary) that rest on no contract and no check by the ward."""
_ORGANISATIONS = frozenset({"contractor", "subcontractor"})
_NOT_SYSTEMS = _ORGANISATIONS | PEOPLE


def _personal_at(graph: FlowGraph, node_id: str) -> tuple[str, ...]:
    return tuple(sorted(graph.personal_items(graph.handled_at[node_id])))


def uncontracted(graph: FlowGraph) -> list[str]:
    """Whoever the ward entrusts personal data to (a flow to them says ``entrustment``, or they are a contractor
    handling personal data) with no contract recorded for them or for the contractor running them: what every
    contract rule asks about instead of passing."""
    contracted = {c.contractor for c in graph.document.contracts}
    entrusted = {f.target for f in graph.flows_by_relationship.get("entrustment", ()) if graph.carries_personal(f)}
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    return [
        node.id
        for node in graph.nodes.values()
        if node.id not in contracted
        and graph.operator_node(node.id) not in contracted  # a service run by a contractor under contract
        and (
            (node.kind == "contractor" and node.id in personal_nodes)
            # whoever a flow entrusts with personal data, a contractor or not (the payment fund, 国保連...):
            # a 委託 is made under a contract, and only the ward's own nodes and residents are none of it
            or (node.id in entrusted and node.id not in graph.ward_ids and node.kind != "resident")
        )
    ]


def _without_contract(graph: FlowGraph, message: str) -> Iterator[Result]:
    for node_id in uncontracted(graph):
        yield unknown(
            [node_id], message, data=_personal_at(graph, node_id), detail="no_contract", node=NodeRef(node_id)
        )


def _present(*parts: tuple[str, bool]) -> Words:
    """The words whose condition holds, in order, as a list (「A、B」 / "A; B")."""
    return Words.of(*(word for word, holds in parts if holds))


@rule("OUT-01")
def subcontract_without_approval(graph: FlowGraph) -> Iterator[Result]:
    """再委託 needs the ward's recorded approval (My Number Act Art. 10 for 特定個人情報)."""
    listed: set[str] = set()
    for contract in graph.document.contracts:
        listed.update(sub.to for sub in contract.subcontracts)
        yield from _subcontracts_approved(graph, contract)
        if contract.subcontracting is not False and not contract.subcontracts:
            # "true" without subcontractors, or not stated at all: either way the approval cannot be checked
            message = "subcontractors_not_listed" if contract.subcontracting is True else "subcontracting_not_stated"
            data = _personal_at(graph, contract.contractor)
            yield unknown([contract.id], message, data=data, contract=ContractRef(contract.id))
        elif contract.subcontracting is False and not contract.subcontracts:
            yield satisfied(contract.id)
    yield from _without_contract(graph, "no_contract")
    # Subcontracting the diagram shows but no contract lists.
    shown = {f.target for f in graph.flows.values() if f.relationship == "subcontracting"}
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    for node in graph.nodes.values():
        if node.id in listed or not (node.id in shown or (node.kind == "subcontractor" and node.id in personal_nodes)):
            continue
        yield unknown([node.id], "not_in_any_contract", data=_personal_at(graph, node.id), node=NodeRef(node.id))


def _subcontracts_approved(graph: FlowGraph, contract: Contract) -> Iterator[Result]:
    """One result per subcontractor that ``contract`` lists."""
    seen: set[str] = set()
    for sub in contract.subcontracts:
        if sub.to in seen:
            continue  # listed twice in one contract: one finding
        seen.add(sub.to)
        elements = [contract.id, sub.to]
        if sub.approved is True:
            yield satisfied(*elements)
            continue
        message = "not_approved" if sub.approved is False else "approval_not_recorded"
        yield (violated if sub.approved is False else unknown)(
            elements,
            message,
            data=_personal_at(graph, sub.to),
            contract=ContractRef(contract.id),
            subcontractor=NodeRef(sub.to),
        )


@rule("OUT-02")
def contract_clause_missing(graph: FlowGraph) -> Iterator[Result]:
    """A contract with a contractor must carry every clause group of the standard special specification
    (秘密保持, 目的外利用の禁止, 持出し禁止, 再委託条件, 事故報告, 返還・廃棄, 実地調査, 取扱者): one finding per
    missing group, and one question listing the groups the model does not state."""
    groups = vocabulary("clause_groups").ids
    for contract in graph.document.contracts:
        data = _personal_at(graph, contract.contractor)
        unstated: list[str] = []
        for group in groups:
            value = contract.clauses.get(group, "unknown")
            if value is True:
                yield satisfied(contract.id)
            elif value is False:
                yield violated(
                    [contract.id],
                    "clause_missing",
                    data=data,
                    detail=group,
                    contract=ContractRef(contract.id),
                    clause=Term("clause_groups", group),
                )
            else:
                unstated.append(group)
        if unstated:
            # One question per contract: a contract nobody has read yet is one thing to ask for, not eight.
            yield unknown(
                [contract.id],
                "clauses_not_stated",
                data=data,
                detail="unstated",
                contract=ContractRef(contract.id),
                clauses=Terms("clause_groups", tuple(unstated)),
                unstated=len(unstated),
                total=len(groups),
            )
    yield from _without_contract(graph, "no_contract")


@rule("OUT-03")
def no_deletion_at_contract_end(graph: FlowGraph) -> Iterator[Result]:
    """At contract end the contractor must return or delete the data and prove it with a deletion certificate
    (消去証明). Whether the contract *requires* it is OUT-02's question; this rule asks about the practice."""
    for contract in graph.document.contracts:
        data = _personal_at(graph, contract.contractor)
        gaps = _present(
            ("no_return_or_deletion", contract.deletion_at_end is False),
            ("no_deletion_certificate", contract.deletion_certificate is False),
        )
        unstated = _present(
            ("return_or_deletion", contract.deletion_at_end == "unknown"),
            ("deletion_certificate", contract.deletion_certificate == "unknown"),
        )
        if gaps.parts:
            yield violated(
                [contract.id], "end_of_contract_gaps", data=data, contract=ContractRef(contract.id), gaps=gaps
            )
        elif unstated.parts:
            yield unknown(
                [contract.id], "end_not_stated", data=data, contract=ContractRef(contract.id), unstated=unstated
            )
        else:
            yield satisfied(contract.id)
    yield from _without_contract(graph, "no_contract")


@rule("OUT-04")
def contractor_access_unlimited(graph: FlowGraph) -> Iterator[Result]:
    """Where contractor staff can technically reach the data of a system they run, the access must be limited to
    stated cases (e.g. recovery) and logged (Meguro: 「見ようと思えば見える」)."""
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    # A contractor that maintains a system may reach its data as surely as one that runs it (roles: maintainer).
    maintained = {
        element
        for side in graph.contractor_side
        for role in graph.nodes[side].roles
        if role.role == "maintainer"
        for element in role.of
    }
    for node in graph.nodes.values():
        run_by_contractor = (
            node.id in graph.contractor_side or node.id in maintained
        ) and node.kind not in _NOT_SYSTEMS
        if not (run_by_contractor or node.contractor_access is not None):
            continue
        if node.id not in personal_nodes:
            yield not_applicable(node.id)
            continue
        access = node.contractor_access
        if access is None or access.possible == "unknown":
            yield unknown([node.id], "access_not_stated", node=NodeRef(node.id))
            continue
        if access.possible is False:
            yield satisfied(node.id)
            continue
        unlimited = not access.limited_to or says_none(access.limited_to)
        gaps = _present(("not_limited", unlimited), ("not_logged", access.logged is False))
        if gaps.parts:
            yield violated([node.id], "access_not_controlled", node=NodeRef(node.id), gaps=gaps)
        elif access.logged == "unknown":
            yield unknown([node.id], "logging_not_stated", node=NodeRef(node.id))
        else:
            yield satisfied(node.id)


@rule("OUT-05")
def contractor_secondary_use(graph: FlowGraph) -> Iterator[Result]:
    """The contract must forbid the contractor's secondary use (pooling across clients, own services, ads), and
    the vendor's own policy must not call the ward's personal items non-personal (Setagaya 1000)."""
    for contract in graph.document.contracts:
        forbidden = contract.secondary_use_forbidden
        if forbidden is True:
            yield satisfied(contract.id)
            continue
        message = "secondary_use_allowed" if forbidden is False else "secondary_use_not_stated"
        yield (violated if forbidden is False else unknown)(
            [contract.id], message, data=_personal_at(graph, contract.contractor), contract=ContractRef(contract.id)
        )
    yield from _without_contract(graph, "no_contract")
    for node in graph.nodes.values():
        if not node.vendor_policy_non_personal:
            continue
        personal = graph.personal_items(node.vendor_policy_non_personal)
        yield none_allowed(node.id, personal, "policy_calls_personal_non_personal", node=NodeRef(node.id))


@rule("OUT-06")
def outside_body_flow_unclassified(graph: FlowGraph) -> Iterator[Result]:
    """A hand-over from the ward to an outside body (payment fund, 国保連, another public body, a national system,
    a medical institution) must be classified (委託, 提供, 移転, 情報連携, 回答) and have a legal basis; a
    provision must also say what the recipient was asked to do with the data."""
    bodies = {n.id for n in graph.nodes_of(*sorted(_OUTSIDE_BODIES))}

    # Every hand-over into such a body from the scheme's side: the ward's own nodes, but also a system whose
    # operator the model names only in words, or a contractor sending on the ward's behalf. Only what a body
    # (or equipment it runs: a clinic's terminal) hands to another body, and a resident's own application,
    # are not the ward's to classify.
    def theirs(node_id: str) -> bool:
        return node_id in bodies or graph.operator_node(node_id) in bodies or graph.nodes[node_id].kind == "resident"

    for flow in graph.flows_touching(bodies):
        if flow.target not in bodies or theirs(flow.source):
            continue
        personal = graph.personal_on(flow)
        if not personal:
            yield not_applicable(flow.id)
            continue
        relationship, basis, safeguards = flow.relationship, flow.legal_basis, flow.recipient_safeguards
        # A provision (提供) hands the data to a body the ward does not direct, so what the ward asked of it
        # (use only for the purpose, return or destroy) is the only protection left (APPI Art. 70).
        provided = relationship == "provision"
        if relationship != "unknown" and relationship not in _LEGAL_CATEGORIES:
            yield violated(
                [flow.id],
                "not_a_legal_category",
                data=personal,
                flow=FlowRef(flow.id),
                relationship=Term("relationships", relationship),
            )
        elif basis != "unknown" and says_none(basis):
            yield violated([flow.id], "no_legal_basis", data=personal, flow=FlowRef(flow.id))
        elif provided and safeguards != "unknown" and says_none(safeguards):
            yield violated([flow.id], "no_recipient_safeguards", data=personal, flow=FlowRef(flow.id))
        elif relationship == "unknown" or basis == "unknown" or (provided and safeguards == "unknown"):
            missing = _present(
                ("relationship", relationship == "unknown"),
                ("legal_basis", basis == "unknown"),
                ("recipient_safeguards", provided and safeguards == "unknown"),
            )
            yield unknown([flow.id], "not_stated", data=personal, flow=FlowRef(flow.id), missing=missing)
        else:
            yield satisfied(flow.id)


@rule("OUT-07")
def contractor_inspection_unowned(graph: FlowGraph) -> Iterator[Result]:
    """Somebody must own the audit or on-site inspection of the contractor, at a stated frequency (Meguro Art. 32)."""
    for contract in graph.document.contracts:
        owner, frequency = contract.inspection.owner, contract.inspection.frequency
        if owner != "unknown" and says_none(owner):
            yield violated([contract.id], "no_inspector", contract=ContractRef(contract.id))
        elif frequency != "unknown" and says_none(frequency):
            yield violated([contract.id], "no_inspection_frequency", contract=ContractRef(contract.id))
        elif owner == "unknown" or frequency == "unknown":
            missing = _present(("owner", owner == "unknown"), ("frequency", frequency == "unknown"))
            yield unknown([contract.id], "inspection_not_stated", contract=ContractRef(contract.id), missing=missing)
        else:
            yield satisfied(contract.id)
    yield from _without_contract(graph, "no_contract")


@rule("OUT-08")
def safeguards_on_vendor_word(graph: FlowGraph) -> Iterator[Result]:
    """Safeguards should rest on a contract clause or the ward's check, not on the vendor's word, an assumption or
    a vendor not yet selected; the weakest ones are named (Meguro engagement survey)."""
    for contract in graph.document.contracts:
        yield _contract_safeguards(graph, contract)
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    for node in graph.nodes.values():
        # Services, and the contractors and subcontractors themselves where they keep the data at a place of
        # their own: where it is kept rests on somebody's ground either way.
        kept_by_vendor = node.kind in CLOUD_KINDS or (node.id in graph.contractor_side and node.kind not in PEOPLE)
        if not kept_by_vendor:
            continue
        location = node.location
        if node.id not in personal_nodes or location.country == "unknown":
            yield not_applicable(node.id)
        elif location.basis in _WEAK:
            yield violated(
                [node.id],
                "location_on_weak_ground",
                node=NodeRef(node.id),
                country=location.country,
                basis=Term("assurance", location.basis),
            )
        elif location.basis == "unknown":
            yield unknown([node.id], "location_basis_unknown", node=NodeRef(node.id), country=location.country)
        else:
            yield satisfied(node.id)


def _contract_safeguards(graph: FlowGraph, contract: Contract) -> Result:
    """OUT-08 for one contract: its weak safeguards named, or a question when their ground is not stated."""
    weak = [s for s in contract.safeguards if s.assurance in _WEAK]
    selected = graph.nodes[contract.contractor].selected
    if selected is False or weak:
        reasons: list[tuple[str, Mapping[str, Fact]]] = [("vendor_not_selected", {})] if selected is False else []
        reasons += [
            ("weak_safeguard", {"safeguard": s.text, "assurance": Term("assurance", s.assurance)}) for s in weak
        ]
        return violated(
            [contract.id], "weak_safeguards", contract=ContractRef(contract.id), reasons=Words(tuple(reasons))
        )
    if selected == "unknown" or any(s.assurance == "unknown" for s in contract.safeguards):
        return unknown([contract.id], "safeguards_basis_unknown", contract=ContractRef(contract.id))
    return satisfied(contract.id) if contract.safeguards else not_applicable(contract.id)
