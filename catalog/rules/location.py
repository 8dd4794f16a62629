"""Location and jurisdiction rules (保管場所・準拠法): LOC-01 … LOC-05. Texts are in ``location.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import (
    PEOPLE,
    cloud_contracts,
    contract_name,
    is_abroad,
    is_japanese_court,
    is_japanese_law,
    items_text,
    joined,
    node_name,
    path_text,
)
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow, Node

_WEAK = frozenset({"assumed", "vendor_statement"})


def _abroad(g: FlowGraph, node: Node) -> list[tuple[str, str]]:
    """Why a node keeps or lets people reach data outside Japan (Japanese, English), empty when it does not."""
    location = node.location
    reasons: list[tuple[str, str]] = []
    if is_abroad(location.country):
        reasons.append((f"所在国が{location.country}", f"located in {location.country}"))
    elif g.in_zone_kind(node.id, "overseas"):
        reasons.append(("国外のゾーンにある", "placed in an overseas zone"))
    if is_abroad(location.backup_country):
        reasons.append((f"バックアップが{location.backup_country}", f"backed up in {location.backup_country}"))
    abroad_support = [c for c in location.support_access_from if is_abroad(c)]
    if abroad_support:
        places = ", ".join(abroad_support)
        reasons.append((f"{places}から保守でアクセスできる", f"support access from {places}"))
    return reasons


def _states_location(node: Node) -> bool:
    location = node.location
    return location.country != "unknown" or bool(location.backup_country) or bool(location.support_access_from)


@rule("LOC-01")
def personal_data_abroad(g: FlowGraph) -> Iterator[Result]:
    """Personal data must be stored, processed, backed up and supported in Japan (APPI: provision to a foreign
    third party). Where ward data reaches such a node, the finding shows the path it takes."""
    personal_nodes = g.nodes_handling(*PERSONAL_CLASSES)
    abroad: dict[str, list[tuple[str, str]]] = {}
    for node in g.nodes.values():
        if node.id in personal_nodes and node.kind != "resident":
            reasons = _abroad(g, node)
            if reasons:
                abroad[node.id] = reasons
    parent: dict[str, tuple[str, str] | None] = {}
    if abroad:
        classes = g.item_classes

        def carries_personal(flow: Flow) -> bool:
            return any(classes[i] in PERSONAL_CLASSES for i in flow.data)

        parent = g.reach([n for n in g.nodes if n in g.ward_ids], edge=carries_personal)
    for node in g.nodes.values():
        if node.id not in abroad:
            if node.id in personal_nodes and _states_location(node):
                yield satisfied(node.id)
            continue
        reasons = abroad[node.id]
        personal = tuple(sorted(g.personal_items(g.handled_at[node.id])))
        path, path_flows = g.path_to(parent, node.id) if parent.get(node.id) is not None else ([], [])
        route = f"（経路: {path_text(g, path)}）" if path else ""
        route_en = f" (path: {path_text(g, path, 'en')})" if path else ""
        yield violated(
            [node.id],
            f"{node_name(g, node.id)}が扱う{items_text(g, personal)}が国外に及ぶ: {joined(r for r, _ in reasons)}{route}",
            f"{items_text(g, personal, 'en')} at {node_name(g, node.id, 'en')} leaves Japan: "
            f"{joined((r for _, r in reasons), 'en')}{route_en}",
            data=personal,
            path=tuple(path),
            path_flows=tuple(path_flows),
        )


@rule("LOC-02")
def storage_location_not_stated(g: FlowGraph) -> Iterator[Result]:
    """A cloud service or contractor holding personal data must say where it keeps it (form Ⅱ-6①)."""
    personal_nodes = g.nodes_handling(*PERSONAL_CLASSES)
    for node in g.nodes.values():
        if node.id not in g.contractor_side or node.id not in personal_nodes or node.kind in PEOPLE:
            continue
        if node.location.country == "unknown" and not g.in_zone_kind(node.id, "overseas"):
            personal = tuple(sorted(g.personal_items(g.handled_at[node.id])))
            yield unknown(
                [node.id],
                f"{node_name(g, node.id)}が{items_text(g, personal)}をどの国・地域に保管するか書かれていない",
                f"{node_name(g, node.id, 'en')} does not state where it keeps {items_text(g, personal, 'en')}",
                data=personal,
            )
        else:
            yield satisfied(node.id)


@rule("LOC-03")
def non_personal_location_assumed(g: FlowGraph) -> Iterator[Result]:
    """Where non-personal or derived data is kept should be contracted, not assumed (Meguro engagement survey)."""
    for node in g.nodes.values():
        location = node.location
        basis = location.non_personal_basis
        if basis is None and location.non_personal_country is None:
            continue
        if basis in _WEAK:
            how, how_en = (
                ("想定にすぎない", "only assumed") if basis == "assumed" else ("事業者の説明のみ", "vendor's word only")
            )
            yield violated(
                [node.id],
                f"{node_name(g, node.id)}の個人情報以外のデータの所在（{location.non_personal_country or '不明'}）は{how}",
                f"where {node_name(g, node.id, 'en')} keeps non-personal data "
                f"({location.non_personal_country or 'unknown'}) is {how_en}",
            )
        elif basis in (None, "unknown"):
            yield unknown(
                [node.id],
                f"{node_name(g, node.id)}の個人情報以外のデータの所在は契約で定めたものか",
                f"is the location of non-personal data at {node_name(g, node.id, 'en')} set by contract?",
            )
        else:
            yield satisfied(node.id)


@rule("LOC-04")
def cloud_contract_foreign_law(g: FlowGraph) -> Iterator[Result]:
    """A contract covering a cloud service must be governed by Japanese law with a Japanese court (government
    cloud policy; municipal cloud expert panel)."""
    covered = cloud_contracts(g)
    for contract in g.document.contracts:
        if contract.id not in covered:
            yield not_applicable(contract.id)
            continue
        law, court = contract.governing_law, contract.jurisdiction
        foreign = []
        if law != "unknown" and not is_japanese_law(law):
            foreign.append((f"準拠法が{law}", f"governed by {law}"))
        if court != "unknown" and not is_japanese_court(court):
            foreign.append((f"管轄裁判所が{court}", f"courts of {court}"))
        name, name_en = contract_name(g, contract), contract_name(g, contract, "en")
        if foreign:
            yield violated(
                [contract.id],
                f"クラウドを含む{name}は日本法・日本の裁判所によらない: {joined(f for f, _ in foreign)}",
                f"{name_en}, which covers a cloud service, is not under Japanese law and courts: "
                f"{joined((f for _, f in foreign), 'en')}",
            )
        elif law == "unknown" or court == "unknown":
            missing = [m for m, v in (("準拠法", law), ("管轄裁判所", court)) if v == "unknown"]
            missing_en = [m for m, v in (("governing law", law), ("court", court)) if v == "unknown"]
            yield unknown(
                [contract.id],
                f"クラウドを含む{name}の{joined(missing)}が書かれていない",
                f"{name_en}, which covers a cloud service, states no {joined(missing_en, 'en')}",
            )
        else:
            yield satisfied(contract.id)


@rule("LOC-05")
def foreign_compelled_access(g: FlowGraph) -> Iterator[Result]:
    """A provider under foreign compelled-access law (e.g. the US CLOUD Act through a US parent) needs a recorded
    mitigation; for a cloud service the model must say whether such a law applies (Meguro GIGA school)."""
    personal_nodes = g.nodes_handling(*PERSONAL_CLASSES)
    for node in g.nodes.values():
        law = node.foreign_law
        if law is None and node.kind != "cloud_service":
            continue
        if node.id not in personal_nodes:
            yield not_applicable(node.id)
            continue
        name, name_en = node_name(g, node.id), node_name(g, node.id, "en")
        if law is not None and law.subject is True:
            if law.mitigation:
                yield satisfied(node.id)
                continue
            which = f"（{law.law}）" if law.law else ""
            which_en = f" ({law.law})" if law.law else ""
            yield violated(
                [node.id],
                f"{name}は外国法による開示要求を受けうる{which}が、対策が書かれていない",
                f"{name_en} is exposed to foreign compelled-access law{which_en} and no mitigation is recorded",
            )
        elif law is not None and law.subject is False:
            yield satisfied(node.id)
        else:
            yield unknown(
                [node.id],
                f"{name}の事業者は外国法（米国CLOUD法など）による開示要求を受けうるか",
                f"is the provider of {name_en} subject to foreign compelled-access law (e.g. the US CLOUD Act)?",
            )
