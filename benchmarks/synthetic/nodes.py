"""One node of a department, by kind: its zone, operator, location, stores and the attributes its rules read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from benchmarks.synthetic.tables import CLOUD_REGIONS

if TYPE_CHECKING:
    from benchmarks.synthetic.model import Generator


@dataclass
class Node:
    id: str
    kind: str
    group: str
    dept: int
    entry: dict[str, Any] = field(default_factory=dict)


_OUTSIDE: dict[str, tuple[str, str, str]] = {
    # kind: (title, with the department's number, the node's number and the department's label; zone; group)
    "public_body": ("他自治体{dept}", "z.public-body", "pub"),
    "medical_institution": ("協力医療機関{dept}-{number}", "z.public", "med"),
    "business": ("民間事業者{dept}", "z.public", "biz"),
    "resident": ("申請者（{label}）{number}", "z.public", "res"),
}
"""Nodes outside the body that only need a title and a zone."""


def node_entry(
    gen: Generator,
    prefix: str,
    dept: int,
    kind: str,
    number: int,
    node_id: str,
    label: str,
    section_id: str,
    item_ids: list[str],
    contractors: list[str],
) -> tuple[dict[str, Any], str]:
    rng = gen.rng
    entry: dict[str, Any] = {"id": node_id, "title": "", "kind": kind}

    def stores(count: int, medium: str = "electronic") -> list[dict[str, Any]]:
        out = []
        for s in range(count):
            store: dict[str, Any] = {"data": rng.sample(item_ids, min(len(item_ids), rng.randint(2, 5)))}
            if medium != "electronic":
                store["medium"] = medium
            store["retention"] = gen.pick([("5年", 4), ("10年", 2), ("永年", 1), ("unknown", 2)])
            store["deletion"] = gen.pick(
                [("上書き消去", 3), ("物理破壊", 2), ("溶解処理", 1 if medium == "paper" else 0), ("unknown", 2)]
            )
            if medium == "electronic":
                store["encrypted_at_rest"] = gen.tri(0.6)
            if count > 1:
                store["id"] = f"{node_id}.s{s + 1}"
            out.append(store)
        return out

    ward_location = {"country": "JP", "region": "東京都", "basis": "verified"}
    group = kind
    if kind == "section":
        entry.update(title=label, zone=f"{prefix}.zlg", uses=rng.sample(item_ids, min(4, len(item_ids))))
        entry["collects"] = [f"{prefix}.name", f"{prefix}.address"]
        group = "sec"
    elif kind in ("system", "terminal"):
        zone = ("mn", "mn", "lg", "lg", "in")[(number - 1) % 5] if kind == "system" else ("mn", "lg")[(number - 1) % 2]
        if kind == "terminal" and number == 9:
            zone = "in"
        word = "システム" if kind == "system" else "端末"
        entry.update(
            title=f"{label} {word}{number}", zone=f"{prefix}.z{zone}", operator=section_id, location=ward_location
        )
        entry["two_factor"] = gen.tri(0.6)
        entry["access_log"] = gen.tri(0.7)
        if kind == "system":
            entry["stores"] = stores(rng.randint(1, 2))
            if zone == "in" and rng.random() < 0.7:
                entry["boundary"] = "sanitising"
        else:
            entry["shared_device"] = gen.tri(0.3)
            entry["passcode_shared"] = gen.tri(0.1)
        group = f"{'sys' if kind == 'system' else 'term'}_{zone}"
    elif kind == "store":
        entry.update(
            title=f"{label} データ保管{number}", zone=f"{prefix}.z{('mn', 'lg')[number % 2]}", operator=section_id
        )
        entry["stores"] = stores(1)
    elif kind == "paper_store":
        entry.update(title=f"{label} 書庫{number}", zone="z.ward", operator=section_id, stores=stores(1, "paper"))
        group = "paper"
    elif kind == "staff":
        entry.update(title=f"{label} 担当職員{number}", zone=f"{prefix}.zlg", operator=section_id)
    elif kind == "media":
        entry.update(title=f"{label} 電子媒体{number}", operator=section_id, note="暗号化USBメモリ")
    elif kind == "device":
        entry.update(title=f"{label} 窓口タブレット{number}", zone=f"{prefix}.zin", operator=section_id)
        entry["shared_device"] = True
        entry["passcode_shared"] = gen.tri(0.3)
    elif kind in ("contractor", "subcontractor"):
        zone_id = f"{prefix}.zcp.{kind}{number}"
        gen.zones.append(
            {
                "id": zone_id,
                "title": f"{'委託先' if kind == 'contractor' else '再委託先'}事業所",
                "kind": "contractor_premises",
            }
        )
        company = f"{'委託' if kind == 'contractor' else '再委託'}事業者{dept + 1}-{number}株式会社"
        entry.update(title=company, zone=zone_id)
        entry["location"] = {
            "country": "JP",
            "region": "東京都",
            "basis": gen.pick([("contract", 3), ("vendor_statement", 1)]),
        }
        entry["certifications"] = (
            [{"id": "isms"}, {"id": "pmark", "status": gen.pick([("valid", 4), ("expired", 1)])}]
            if rng.random() < 0.7
            else "unknown"
        )
        entry["contractor_access"] = {"possible": True, "limited_to": "障害対応時のみ", "logged": gen.tri(0.6)}
        entry["stores"] = stores(1)
        if kind == "subcontractor":
            entry["selected"] = gen.tri(0.8, 0.1)
        group = "con" if kind == "contractor" else "sub"
    elif kind == "cloud_service":
        region = gen.pick([(r, r[5]) for r in CLOUD_REGIONS])
        zone_id = f"{prefix}.zcloud{number}"
        gen.zones.append({"id": zone_id, "title": f"テナント{dept + 1}-{number}", "kind": "cloud", "parent": region[0]})
        entry.update(title=f"{label} クラウドサービス{number}", zone=zone_id)
        if contractors:
            entry["operator"] = rng.choice(contractors)
        location: dict[str, Any] = {
            "country": region[2],
            "region": region[3],
            "basis": gen.pick([("contract", 4), ("vendor_statement", 2), ("assumed", 1), ("unknown", 1)]),
        }
        if rng.random() < 0.6:
            location["backup_country"] = gen.pick([("JP", 4), ("US", 1), ("unknown", 1)])
        if rng.random() < 0.3:
            location["support_access_from"] = rng.sample(["JP", "US", "IN", "PH"], rng.randint(1, 2))
        entry["location"] = location
        entry["certifications"] = [{"id": "ismap", "status": gen.pick([("valid", 3), ("pending", 1)])}]
        entry["availability"] = {"sla": "99.9%", "recovery_time": "unknown", "backup": gen.tri(0.8)}
        entry["responsibility_assigned"] = gen.tri(0.6)
        if region[2] == "US" or rng.random() < 0.2:
            entry["foreign_law"] = {"subject": True, "law": "CLOUD Act"}
        if rng.random() < 0.2:
            entry["vendor_policy_non_personal"] = [f"{prefix}.stats"]
        entry["contractor_access"] = {"possible": gen.tri(0.5), "logged": gen.tri(0.6)}
        entry["stores"] = stores(rng.randint(1, 2))
        group = "cloud"
    elif kind == "lgwan_asp":
        entry.update(title=f"LGWAN-ASPサービス{dept + 1}-{number}", zone="z.lgwan-asp")
        if contractors:
            entry["operator"] = rng.choice(contractors)
        entry["certifications"] = [{"id": "lgwan_asp_registered"}]
        entry["asp"] = {
            "deletion": gen.pick([("automatic", 3), ("manual", 2), ("unknown", 1)]),
            "periodic_check": gen.tri(0.6),
            "data_left_on_terminal": gen.tri(0.2),
        }
        entry["stores"] = stores(1)
        group = "asp"
    elif kind in ("payment_fund", "kokuhoren", "national_system"):
        titles = {
            "payment_fund": "社会保険診療報酬支払基金",
            "kokuhoren": "国民健康保険団体連合会",
            "national_system": "中間サーバー",
        }
        entry.update(title=titles[kind], zone="z.national")
        group = "nat"
    elif kind in _OUTSIDE:
        title, zone, group = _OUTSIDE[kind]
        entry.update(title=title.format(dept=dept + 1, number=number, label=label), zone=zone)
    return entry, group
