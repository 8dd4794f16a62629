"""One department of 50 nodes: its zones, data items, nodes, contracts with subcontracts, its file and questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchmarks.synthetic.nodes import Node, node_entry
from benchmarks.synthetic.tables import CLAUSE_GROUPS, DATA_ITEMS, EXTRA_ITEMS, SECTION_NAMES, Weighted

if TYPE_CHECKING:
    from benchmarks.synthetic.model import Generator


def department(gen: Generator, d: int, size: int) -> None:
    rng = gen.rng
    p = f"d{d:03d}"
    section_name = SECTION_NAMES[d % len(SECTION_NAMES)]
    label = f"{section_name}（{d + 1}）"
    for suffix, kind, title in (("mn", "mynumber", "マイナンバー利用事務系"), ("lg", "lgwan", "LGWAN接続系")):
        gen.zones.append({"id": f"{p}.z{suffix}", "title": f"{label} {title}", "kind": kind, "parent": f"z.{kind}"})
    gen.zones.append(
        {"id": f"{p}.zin", "title": f"{label} インターネット接続系", "kind": "internet", "parent": "z.internet"}
    )

    # data items: the common set plus one or two of the rarer categories
    items = [*DATA_ITEMS, *rng.sample(EXTRA_ITEMS, rng.randint(1, 2))]
    weighted: list[tuple[str, int]] = []
    for suffix, title, category, weight in items:
        item: dict[str, Any] = {"id": f"{p}.{suffix}", "title": title, "category": category}
        if rng.random() < 0.8:
            item["purpose"] = f"{section_name}の事務処理"
        if category in ("health", "welfare", "disability", "criminal") and rng.random() < 0.6:
            item["justification"] = "給付の要件確認に必要"
        if category == "anonymised":
            item["linkage_assessed"] = gen.tri(0.6)
        if category == "health" and rng.random() < 0.5:
            item["individual_level"] = True
        gen.data.append(item)
        if weight:
            weighted.append((item["id"], weight))
    gen.dept_items.append(Weighted(weighted))
    gen.dept_mynumber.append(f"{p}.mynumber")
    item_ids = [i for i, _ in weighted]

    groups: dict[str, list[Node]] = {}
    counters: dict[str, int] = {}
    section_id = f"{p}.section"
    contractors: list[str] = []
    for kind in gen.department_kinds(size):
        n = counters[kind] = counters.get(kind, 0) + 1
        node_id = section_id if kind == "section" else f"{p}.{kind}{n}"
        entry, group = node_entry(gen, p, d, kind, n, node_id, label, section_id, item_ids, contractors)
        node = Node(node_id, kind, group, d, entry)
        gen.nodes.append(node)
        groups.setdefault(group, []).append(node)
        if kind == "contractor":
            contractors.append(node_id)
    gen.dept_groups.append(groups)

    # contracts: one per contractor, subcontracts to the department's subcontractors
    subs = [n.id for n in groups.get("sub", [])]
    for i, contractor in enumerate(contractors):
        clauses: dict[str, Any] = {}
        for clause in CLAUSE_GROUPS:
            roll = rng.random()
            if roll < 0.7:
                clauses[clause] = True
            elif roll < 0.8:
                clauses[clause] = False
            elif roll < 0.9:
                clauses[clause] = "unknown"
        contract: dict[str, Any] = {
            "id": f"{p}.contract{i + 1}",
            "title": f"{label} 業務委託契約{i + 1}",
            "contractor": contractor,
            "clauses": clauses,
            "cloud_clauses": gen.pick([("present", 4), ("conditional", 2), ("missing", 1), ("unknown", 2)]),
            "deletion_at_end": gen.tri(0.7),
            "deletion_certificate": gen.tri(0.5),
            "secondary_use_forbidden": gen.tri(0.8),
            "governing_law": "日本法" if rng.random() < 0.8 else "unknown",
            "jurisdiction": "東京地方裁判所" if rng.random() < 0.7 else "unknown",
            "inspection": {"owner": section_name, "frequency": "年1回"} if rng.random() < 0.6 else {},
        }
        if i < len(subs):
            sub: dict[str, Any] = {"to": subs[i], "approved": gen.tri(0.7)}
            if sub["approved"] is True:
                sub["approval_date"] = "2024-03-15"
            contract["subcontracts"] = [sub]
        if rng.random() < 0.4:
            contract["safeguards"] = [
                {
                    "text": "国内データセンターでのみ保管",
                    "assurance": gen.pick([("contract", 2), ("vendor_statement", 1)]),
                }
            ]
        if not contract["inspection"]:
            del contract["inspection"]
        gen.contracts.append(contract)

    holders = [n.id for n in groups.get("sys_mn", [])] or [section_id]
    gen.files.append(
        {
            "id": f"{p}.file",
            "title": f"{label} 特定個人情報ファイル",
            "data": [f"{p}.name", f"{p}.address", f"{p}.mynumber", f"{p}.household"],
            "people_count": rng.randint(1_000, 200_000),
            "held_by": holders,
        }
    )
    clouds = groups.get("cloud", [])
    if clouds:
        gen.questions.append(
            {
                "id": f"{p}.q1",
                "about": [clouds[0].id],
                "text": "バックアップの保管国は契約で定められているか",
            }
        )
