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


def node_entry(
    gen: Generator,
    p: str,
    d: int,
    kind: str,
    n: int,
    node_id: str,
    label: str,
    section_id: str,
    item_ids: list[str],
    contractors: list[str],
) -> tuple[dict[str, Any], str]:
    rng = gen.rng
    e: dict[str, Any] = {"id": node_id, "title": "", "kind": kind}

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
        e.update(title=label, zone=f"{p}.zlg", uses=rng.sample(item_ids, min(4, len(item_ids))))
        e["collects"] = [f"{p}.name", f"{p}.address"]
        group = "sec"
    elif kind in ("system", "terminal"):
        zone = ("mn", "mn", "lg", "lg", "in")[(n - 1) % 5] if kind == "system" else ("mn", "lg")[(n - 1) % 2]
        if kind == "terminal" and n == 9:
            zone = "in"
        word = "システム" if kind == "system" else "端末"
        e.update(title=f"{label} {word}{n}", zone=f"{p}.z{zone}", operator=section_id, location=ward_location)
        e["two_factor"] = gen.tri(0.6)
        e["access_log"] = gen.tri(0.7)
        if kind == "system":
            e["stores"] = stores(rng.randint(1, 2))
            if zone == "in" and rng.random() < 0.7:
                e["boundary"] = "sanitising"
        else:
            e["shared_device"] = gen.tri(0.3)
            e["passcode_shared"] = gen.tri(0.1)
        group = f"{'sys' if kind == 'system' else 'term'}_{zone}"
    elif kind == "store":
        e.update(title=f"{label} データ保管{n}", zone=f"{p}.z{('mn', 'lg')[n % 2]}", operator=section_id)
        e["stores"] = stores(1)
    elif kind == "paper_store":
        e.update(title=f"{label} 書庫{n}", zone="z.ward", operator=section_id, stores=stores(1, "paper"))
        group = "paper"
    elif kind == "staff":
        e.update(title=f"{label} 担当職員{n}", zone=f"{p}.zlg", operator=section_id)
    elif kind == "media":
        e.update(title=f"{label} 電子媒体{n}", operator=section_id, note="暗号化USBメモリ")
    elif kind == "device":
        e.update(title=f"{label} 窓口タブレット{n}", zone=f"{p}.zin", operator=section_id)
        e["shared_device"] = True
        e["passcode_shared"] = gen.tri(0.3)
    elif kind in ("contractor", "subcontractor"):
        zone_id = f"{p}.zcp.{kind}{n}"
        gen.zones.append(
            {
                "id": zone_id,
                "title": f"{'委託先' if kind == 'contractor' else '再委託先'}事業所",
                "kind": "contractor_premises",
            }
        )
        company = f"{'委託' if kind == 'contractor' else '再委託'}事業者{d + 1}-{n}株式会社"
        e.update(title=company, zone=zone_id)
        e["location"] = {
            "country": "JP",
            "region": "東京都",
            "basis": gen.pick([("contract", 3), ("vendor_statement", 1)]),
        }
        e["certifications"] = (
            [{"id": "isms"}, {"id": "pmark", "status": gen.pick([("valid", 4), ("expired", 1)])}]
            if rng.random() < 0.7
            else "unknown"
        )
        e["contractor_access"] = {"possible": True, "limited_to": "障害対応時のみ", "logged": gen.tri(0.6)}
        e["stores"] = stores(1)
        if kind == "subcontractor":
            e["selected"] = gen.tri(0.8, 0.1)
        group = "con" if kind == "contractor" else "sub"
    elif kind == "cloud_service":
        region = gen.pick([(r, r[5]) for r in CLOUD_REGIONS])
        zone_id = f"{p}.zcloud{n}"
        gen.zones.append({"id": zone_id, "title": f"テナント{d + 1}-{n}", "kind": "cloud", "parent": region[0]})
        e.update(title=f"{label} クラウドサービス{n}", zone=zone_id)
        if contractors:
            e["operator"] = rng.choice(contractors)
        location: dict[str, Any] = {
            "country": region[2],
            "region": region[3],
            "basis": gen.pick([("contract", 4), ("vendor_statement", 2), ("assumed", 1), ("unknown", 1)]),
        }
        if rng.random() < 0.6:
            location["backup_country"] = gen.pick([("JP", 4), ("US", 1), ("unknown", 1)])
        if rng.random() < 0.3:
            location["support_access_from"] = rng.sample(["JP", "US", "IN", "PH"], rng.randint(1, 2))
        e["location"] = location
        e["certifications"] = [{"id": "ismap", "status": gen.pick([("valid", 3), ("pending", 1)])}]
        e["availability"] = {"sla": "99.9%", "recovery_time": "unknown", "backup": gen.tri(0.8)}
        e["responsibility_assigned"] = gen.tri(0.6)
        if region[2] == "US" or rng.random() < 0.2:
            e["foreign_law"] = {"subject": True, "law": "CLOUD Act"}
        if rng.random() < 0.2:
            e["vendor_policy_non_personal"] = [f"{p}.stats"]
        e["contractor_access"] = {"possible": gen.tri(0.5), "logged": gen.tri(0.6)}
        e["stores"] = stores(rng.randint(1, 2))
        group = "cloud"
    elif kind == "lgwan_asp":
        e.update(title=f"LGWAN-ASPサービス{d + 1}-{n}", zone="z.lgwan-asp")
        if contractors:
            e["operator"] = rng.choice(contractors)
        e["certifications"] = [{"id": "lgwan_asp_registered"}]
        e["asp"] = {
            "deletion": gen.pick([("automatic", 3), ("manual", 2), ("unknown", 1)]),
            "periodic_check": gen.tri(0.6),
            "data_left_on_terminal": gen.tri(0.2),
        }
        e["stores"] = stores(1)
        group = "asp"
    elif kind in ("payment_fund", "kokuhoren", "national_system"):
        titles = {
            "payment_fund": "社会保険診療報酬支払基金",
            "kokuhoren": "国民健康保険団体連合会",
            "national_system": "中間サーバー",
        }
        e.update(title=titles[kind], zone="z.national")
        group = "nat"
    elif kind == "public_body":
        e.update(title=f"他自治体{d + 1}", zone="z.public-body")
        group = "pub"
    elif kind == "medical_institution":
        e.update(title=f"協力医療機関{d + 1}-{n}", zone="z.public")
        group = "med"
    elif kind == "business":
        e.update(title=f"民間事業者{d + 1}", zone="z.public")
        group = "biz"
    elif kind == "resident":
        e.update(title=f"申請者（{label}）{n}", zone="z.public")
        group = "res"
    return e, group
