"""Outsourcing rules (委託・再委託): OUT-01 … OUT-08. Texts are in ``outsourcing.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import (
    CLOUD_KINDS,
    PEOPLE,
    contract_name,
    flow_name,
    items_text,
    joined,
    node_name,
    says_none,
    term,
)
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES, vocabulary
from pia_toolkit.flows.graph import FlowGraph

_OUTSIDE_BODIES = frozenset({"payment_fund", "kokuhoren", "public_body", "national_system", "medical_institution"})
_LEGAL_CATEGORIES = frozenset({"entrustment", "provision", "transfer", "network_linkage", "return"})
_WEAK = {"vendor_statement": ("事業者の説明のみ", "vendor's word"), "assumed": ("想定", "assumed")}
_ORGANISATIONS = frozenset({"contractor", "subcontractor"})
_NOT_SYSTEMS = _ORGANISATIONS | PEOPLE


def _personal_at(g: FlowGraph, node_id: str) -> tuple[str, ...]:
    return tuple(sorted(g.personal_items(g.handled_at[node_id])))


@rule("OUT-01")
def subcontract_without_approval(g: FlowGraph) -> Iterator[Result]:
    """再委託 needs the ward's recorded approval (My Number Act Art. 10 for 特定個人情報)."""
    listed: set[str] = set()
    for contract in g.document.contracts:
        name, name_en = contract_name(g, contract), contract_name(g, contract, "en")
        listed_here: set[str] = set()
        for sub in contract.subcontracts:
            if sub.to in listed_here:
                continue  # listed twice in one contract: one finding
            listed_here.add(sub.to)
            listed.add(sub.to)
            data = _personal_at(g, sub.to)
            elements = [contract.id, sub.to]
            whom, whom_en = node_name(g, sub.to), node_name(g, sub.to, "en")
            if sub.approved is True:
                yield satisfied(*elements)
            elif sub.approved is False:
                yield violated(
                    elements,
                    f"{name}の再委託先{whom}について区が許諾していない",
                    f"the ward has not approved subcontracting to {whom_en} under {name_en}",
                    data=data,
                )
            else:
                yield unknown(
                    elements,
                    f"{name}の再委託先{whom}について区の許諾の記録があるか",
                    f"is the ward's approval of subcontracting to {whom_en} under {name_en} recorded?",
                    data=data,
                )
        if contract.subcontracting is True and not contract.subcontracts:
            yield unknown(
                [contract.id],
                f"{name}では再委託があるとされるが、再委託先と区の許諾が書かれていない",
                f"{name_en} involves subcontracting, but the subcontractor and the ward's approval are not recorded",
                data=_personal_at(g, contract.contractor),
            )
    # Subcontracting the diagram shows but no contract lists.
    shown = {f.target for f in g.flows.values() if f.relationship == "subcontracting"}
    personal_nodes = g.nodes_handling(*PERSONAL_CLASSES)
    for node in g.nodes.values():
        if node.id in listed or not (node.id in shown or (node.kind == "subcontractor" and node.id in personal_nodes)):
            continue
        yield unknown(
            [node.id],
            f"{node_name(g, node.id)}への再委託について、区の許諾の記録がない（契約に再委託先として書かれていない）",
            f"subcontracting to {node_name(g, node.id, 'en')} has no recorded approval (no contract lists it)",
            data=_personal_at(g, node.id),
        )


@rule("OUT-02")
def contract_clause_missing(g: FlowGraph) -> Iterator[Result]:
    """A contract with a contractor must carry every clause group of the standard special specification
    (秘密保持, 目的外利用の禁止, 持出し禁止, 再委託条件, 事故報告, 返還・廃棄, 実地調査, 取扱者): one finding per
    missing group, and one question listing the groups the model does not state."""
    groups = vocabulary("clause_groups")
    for contract in g.document.contracts:
        name, name_en = contract_name(g, contract), contract_name(g, contract, "en")
        data = _personal_at(g, contract.contractor)
        unstated: list[str] = []
        for group in groups.ids:
            value = contract.clauses.get(group, "unknown")
            label, label_en = groups.label(group), groups.label(group, "en")
            if value is True:
                yield satisfied(contract.id)
            elif value is False:
                yield violated(
                    [contract.id],
                    f"{name}に「{label}」の条項がない",
                    f"{name_en} has no clause on {label_en.lower()}",
                    data=data,
                    detail=group,
                )
            else:
                unstated.append(group)
        if unstated:
            # One question per contract: a contract nobody has read yet is one thing to ask for, not eight.
            labels = "・".join(f"「{groups.label(g_)}」" for g_ in unstated)
            labels_en = ", ".join(groups.label(g_, "en").lower() for g_ in unstated)
            yield unknown(
                [contract.id],
                f"{name}に{labels}の条項があるか書かれていない（{len(unstated)}/{len(groups.ids)}項目）",
                f"does {name_en} have clauses on {labels_en}? ({len(unstated)} of {len(groups.ids)} not stated)",
                data=data,
                detail="unstated",
            )


@rule("OUT-03")
def no_deletion_at_contract_end(g: FlowGraph) -> Iterator[Result]:
    """At contract end the contractor must return or delete the data and prove it with a deletion certificate
    (消去証明). Whether the contract *requires* it is OUT-02's question; this rule asks about the practice."""
    for contract in g.document.contracts:
        name, name_en = contract_name(g, contract), contract_name(g, contract, "en")
        bad: list[tuple[str, str]] = []
        ask: list[tuple[str, str]] = []
        # An unknown deletion_at_end is not asked here: OUT-02 asks for the return-or-deletion clause already.
        if contract.deletion_at_end is False:
            bad.append(("契約終了時に返還・消去しない", "no return or deletion at contract end"))
        if contract.deletion_certificate is False:
            bad.append(("消去証明書を求めない", "no deletion certificate"))
        elif contract.deletion_certificate == "unknown":
            ask.append(("消去証明書", "a deletion certificate"))
        data = _personal_at(g, contract.contractor)
        if bad:
            yield violated(
                [contract.id],
                f"{name}: {joined(b for b, _ in bad)}",
                f"{name_en}: {joined((b for _, b in bad), 'en')}",
                data=data,
            )
        elif ask:
            yield unknown(
                [contract.id],
                f"{name}の終了時について書かれていない: {joined(a for a, _ in ask)}",
                f"{name_en} does not state {joined((a for _, a in ask), 'en')}",
                data=data,
            )
        else:
            yield satisfied(contract.id)


@rule("OUT-04")
def contractor_access_unlimited(g: FlowGraph) -> Iterator[Result]:
    """Where contractor staff can technically reach the data of a system they run, the access must be limited to
    stated cases (e.g. recovery) and logged (Meguro: 「見ようと思えば見える」)."""
    personal_nodes = g.nodes_handling(*PERSONAL_CLASSES)
    for node in g.nodes.values():
        run_by_contractor = node.id in g.contractor_side and node.kind not in _NOT_SYSTEMS
        if not (run_by_contractor or node.contractor_access is not None):
            continue
        if node.id not in personal_nodes:
            yield not_applicable(node.id)
            continue
        name, name_en = node_name(g, node.id), node_name(g, node.id, "en")
        access = node.contractor_access
        if access is None or access.possible == "unknown":
            yield unknown(
                [node.id],
                f"委託先・事業者の職員が{name}の個人情報を見られるか、見られるならどんな場面に限り記録するか",
                f"can contractor staff reach personal data in {name_en}, and if so when, and is it logged?",
            )
            continue
        if access.possible is False:
            yield satisfied(node.id)
            continue
        bad: list[tuple[str, str]] = []
        if not access.limited_to:
            bad.append(("場面の限定がない", "not limited to stated cases"))
        if access.logged is False:
            bad.append(("記録していない", "not logged"))
        if bad:
            yield violated(
                [node.id],
                f"委託先の職員が{name}の個人情報にアクセスできるが、{joined(b for b, _ in bad)}",
                f"contractor staff can reach personal data in {name_en}: {joined((b for _, b in bad), 'en')}",
            )
        elif access.logged == "unknown":
            yield unknown(
                [node.id],
                f"委託先の職員による{name}の個人情報へのアクセスを記録しているか",
                f"is contractor staff access to personal data in {name_en} logged?",
            )
        else:
            yield satisfied(node.id)


@rule("OUT-05")
def contractor_secondary_use(g: FlowGraph) -> Iterator[Result]:
    """The contract must forbid the contractor's secondary use (pooling across clients, own services, ads), and
    the vendor's own policy must not call the ward's personal items non-personal (Setagaya 1000)."""
    for contract in g.document.contracts:
        name, name_en = contract_name(g, contract), contract_name(g, contract, "en")
        if contract.secondary_use_forbidden is True:
            yield satisfied(contract.id)
        elif contract.secondary_use_forbidden is False:
            yield violated(
                [contract.id],
                f"{name}は委託先による二次利用（他の顧客との合算、自社サービス、広告）を禁じていない",
                f"{name_en} does not forbid secondary use by the contractor (pooling, own services, advertising)",
                data=_personal_at(g, contract.contractor),
            )
        else:
            yield unknown(
                [contract.id],
                f"{name}は委託先による二次利用（他の顧客との合算、自社サービス、広告）を禁じているか",
                f"does {name_en} forbid secondary use by the contractor (pooling, own services, advertising)?",
                data=_personal_at(g, contract.contractor),
            )
    for node in g.nodes.values():
        if not node.vendor_policy_non_personal:
            continue
        personal = g.personal_items(node.vendor_policy_non_personal)
        if not personal:
            yield satisfied(node.id)
            continue
        yield violated(
            [node.id],
            f"{node_name(g, node.id)}の事業者の方針は{items_text(g, personal)}を個人情報でないものとして扱っている",
            f"the policy of {node_name(g, node.id, 'en')} treats {items_text(g, personal, 'en')} as non-personal",
            data=personal,
        )


@rule("OUT-06")
def outside_body_flow_unclassified(g: FlowGraph) -> Iterator[Result]:
    """A hand-over from the ward to an outside body (payment fund, 国保連, another public body, a national system,
    a medical institution) must be classified (委託, 提供, 移転, 情報連携, 回答) and have a legal basis."""
    bodies = {n.id for n in g.nodes_of(*sorted(_OUTSIDE_BODIES))}
    for flow in g.flows_touching(bodies):
        if flow.target not in bodies or flow.source not in g.ward_ids:
            continue
        personal = g.personal_items(flow.data)
        if not personal:
            yield not_applicable(flow.id)
            continue
        name, name_en = flow_name(g, flow), flow_name(g, flow, "en")
        relationship = flow.relationship
        if relationship != "unknown" and relationship not in _LEGAL_CATEGORIES:
            label, label_en = term("relationships", relationship), term("relationships", relationship, "en")
            yield violated(
                [flow.id],
                f"{name}は区の外の機関への受け渡しだが「{label}」とされ、委託・提供・移転・情報連携のいずれでもない",
                f"{name_en} goes to an outside body but is classed as '{label_en}', not entrustment, provision, "
                "transfer or network linkage",
                data=personal,
            )
        elif flow.legal_basis != "unknown" and says_none(flow.legal_basis):
            yield violated(
                [flow.id],
                f"{name}は区の外の機関への受け渡しだが、法令上の根拠がないとされている",
                f"{name_en} goes to an outside body with no legal basis",
                data=personal,
            )
        elif relationship == "unknown" or flow.legal_basis == "unknown":
            missing = [
                m
                for m, gap in (
                    ("関係（委託・提供等）", relationship == "unknown"),
                    ("法令上の根拠", flow.legal_basis == "unknown"),
                )
                if gap
            ]
            missing_en = [
                m
                for m, gap in (
                    ("legal category (entrustment, provision...)", relationship == "unknown"),
                    ("legal basis", flow.legal_basis == "unknown"),
                )
                if gap
            ]
            yield unknown(
                [flow.id],
                f"区の外の機関への{name}の{joined(missing)}が書かれていない",
                f"{name_en} to an outside body states no {joined(missing_en, 'en')}",
                data=personal,
            )
        else:
            yield satisfied(flow.id)


@rule("OUT-07")
def contractor_inspection_unowned(g: FlowGraph) -> Iterator[Result]:
    """Somebody must own the audit or on-site inspection of the contractor, at a stated frequency (Meguro Art. 32)."""
    for contract in g.document.contracts:
        name, name_en = contract_name(g, contract), contract_name(g, contract, "en")
        owner, frequency = contract.inspection.owner, contract.inspection.frequency
        if owner != "unknown" and says_none(owner):
            yield violated(
                [contract.id],
                f"{name}の委託先を監査・実地調査する担当がいない",
                f"nobody audits or inspects the contractor under {name_en}",
            )
        elif owner == "unknown" or frequency == "unknown":
            missing = [m for m, v in (("担当", owner), ("頻度", frequency)) if v == "unknown"]
            missing_en = [m for m, v in (("owner", owner), ("frequency", frequency)) if v == "unknown"]
            yield unknown(
                [contract.id],
                f"{name}の委託先の監査・実地調査の{joined(missing)}が書かれていない",
                f"{name_en} states no {joined(missing_en, 'en')} for auditing the contractor",
            )
        else:
            yield satisfied(contract.id)


@rule("OUT-08")
def safeguards_on_vendor_word(g: FlowGraph) -> Iterator[Result]:
    """Safeguards should rest on a contract clause or the ward's check, not on the vendor's word, an assumption or
    a vendor not yet selected; the weakest ones are named (Meguro engagement survey)."""
    for contract in g.document.contracts:
        name, name_en = contract_name(g, contract), contract_name(g, contract, "en")
        weak = [s for s in contract.safeguards if s.assurance in _WEAK]
        vague = [s for s in contract.safeguards if s.assurance == "unknown"]
        selected = g.nodes[contract.contractor].selected
        if selected is False or weak:
            parts = [f"「{s.text}」（{_WEAK[s.assurance][0]}）" for s in weak]
            parts_en = [f"'{s.text}' ({_WEAK[s.assurance][1]})" for s in weak]
            if selected is False:
                parts.insert(0, "事業者が未選定で安全措置は想定にとどまる")
                parts_en.insert(0, "the vendor is not selected, so every safeguard is an assumption")
            yield violated(
                [contract.id],
                f"{name}の安全措置の根拠が弱い: {joined(parts)}",
                f"safeguards under {name_en} rest on weak ground: {joined(parts_en, 'en')}",
            )
        elif vague or selected == "unknown":
            yield unknown(
                [contract.id],
                f"{name}の安全措置は契約で定めたものか、事業者の説明や想定にすぎないか",
                f"are the safeguards under {name_en} contractual, or only the vendor's word or an assumption?",
            )
        elif contract.safeguards:
            yield satisfied(contract.id)
        else:
            yield not_applicable(contract.id)
    personal_nodes = g.nodes_handling(*PERSONAL_CLASSES)
    for node in g.nodes.values():
        kept_by_vendor = node.kind in CLOUD_KINDS or (node.id in g.contractor_side and node.kind not in _NOT_SYSTEMS)
        location = node.location
        if not kept_by_vendor:
            continue
        if node.id not in personal_nodes or location.country == "unknown":
            yield not_applicable(node.id)
        elif location.basis in _WEAK:
            how, how_en = _WEAK[location.basis]
            yield violated(
                [node.id],
                f"{node_name(g, node.id)}の個人情報の所在（{location.country}）の根拠は{how}",
                f"where {node_name(g, node.id, 'en')} keeps personal data ({location.country}) rests on {how_en}",
            )
        elif location.basis == "unknown":
            yield unknown(
                [node.id],
                f"{node_name(g, node.id)}の個人情報の所在（{location.country}）は契約で定めたものか",
                f"is the location of personal data at {node_name(g, node.id, 'en')} ({location.country}) contractual?",
            )
        else:
            yield satisfied(node.id)
