"""Synthetic flow models for the benchmarks: a whole ward's data flows at 100, 1,000 or 10,000 nodes.

The model is built from *departments* of 50 nodes each (a section with its systems, terminals, stores, paper
stores, staff, media, contractors and their subcontractors, cloud services, LGWAN-ASP services, national and
public bodies, medical institutions and residents), about five flows per node, mostly LGWAN / internal links
inside the ward with a share of general-line, dedicated, e-mail, FAX, paper and media hand-overs. Zones nest
(ward premises ⊃ My-Number / LGWAN / internet zones ⊃ one zone per department; cloud regions, some of them
overseas, ⊃ one tenant zone per cloud service). Some protections and attributes are left ``unknown`` on
purpose, the way real drafts are. The random choices are seeded, so a size always gives the same file.

The YAML is written by plain string building (one flow mapping per element), which keeps generating the
10,000-node model (17 MB) to about a second.

    python -m benchmarks.generate --nodes 10000 -o benchmarks/results/models/synthetic-10000.yaml
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from bisect import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

SEED = 20240401
FLOWS_PER_NODE = 5
DEPARTMENT_SIZE = 50
RESULTS = Path(__file__).resolve().parent / "results"
MODELS = RESULTS / "models"

# One department: 50 nodes, section first so that a truncated department still has its owner.
TEMPLATE: list[tuple[str, int]] = [
    ("section", 1),
    ("system", 5),
    ("terminal", 9),
    ("store", 3),
    ("paper_store", 3),
    ("staff", 2),
    ("media", 2),
    ("device", 1),
    ("contractor", 3),
    ("subcontractor", 3),
    ("cloud_service", 3),
    ("lgwan_asp", 2),
    ("payment_fund", 1),
    ("kokuhoren", 1),
    ("national_system", 1),
    ("public_body", 1),
    ("medical_institution", 2),
    ("business", 1),
    ("resident", 6),
]
assert sum(count for _, count in TEMPLATE) == DEPARTMENT_SIZE

SECTION_NAMES = [
    "子ども家庭課",
    "保険年金課",
    "介護保険課",
    "生活福祉課",
    "健康推進課",
    "課税課",
    "住民記録課",
    "障害福祉課",
    "保育課",
    "教育総務課",
    "高齢福祉課",
    "納税課",
]

# (suffix, title, category, weight when a flow picks items)
DATA_ITEMS: list[tuple[str, str, str, int]] = [
    ("name", "氏名", "identity", 10),
    ("birth", "生年月日", "identity", 5),
    ("address", "住所", "contact", 8),
    ("phone", "電話番号", "contact", 4),
    ("mynumber", "個人番号", "my_number", 0),  # added explicitly on My-Number flows
    ("account", "口座情報", "account", 2),
    ("household", "世帯構成", "household", 3),
    ("tax", "課税情報", "tax", 2),
    ("health", "健診結果", "health", 3),
    ("welfare", "生活保護受給状況", "welfare", 2),
    ("disability", "障害者手帳情報", "disability", 2),
    ("record", "相談記録", "service_record", 4),
    ("stats", "集計統計", "anonymised", 1),
    ("notice", "お知らせ文", "non_personal", 1),
]
EXTRA_ITEMS: list[tuple[str, str, str, int]] = [
    ("school", "在籍校", "education", 2),
    ("employer", "勤務先", "employment", 2),
    ("photo", "顔写真", "image", 1),
    ("offence", "犯罪歴", "criminal", 1),
    ("pseudo", "仮名加工データ", "pseudonymised", 1),
]

CLOUD_REGIONS = [
    # zone id, title, country, region, parent overseas zone (None: domestic), weight
    ("z.cloud.jp-east", "国内クラウド（東日本リージョン）", "JP", "東京", None, 5),
    ("z.cloud.jp-west", "国内クラウド（西日本リージョン）", "JP", "大阪", None, 3),
    ("z.cloud.us-east", "海外クラウド（米国東部）", "US", "us-east-1", "z.overseas.us", 1),
    ("z.cloud.sg", "海外クラウド（シンガポール）", "SG", "ap-southeast-1", "z.overseas.sg", 1),
    ("z.cloud.eu", "海外クラウド（アイルランド）", "IE", "eu-west-1", "z.overseas.eu", 1),
]

CLAUSE_GROUPS = [
    "confidentiality",
    "purpose_limitation",
    "no_carry_out",
    "subcontract_conditions",
    "incident_reporting",
    "return_or_deletion",
    "on_site_inspection",
    "named_handlers",
]

# (source groups, target groups, weight, channel weights, relationship, may be a query with a response)
EdgeType = tuple[tuple[str, ...], tuple[str, ...], int, dict[str, int], str, bool]
EDGE_TYPES: list[EdgeType] = [
    (("term_mn",), ("sys_mn",), 9, {"internal": 1}, "internal", True),
    (("term_lg",), ("sys_lg",), 8, {"internal": 9, "lgwan": 1}, "internal", True),
    (("term_in", "device"), ("sys_in",), 2, {"internal": 1}, "internal", False),
    (("sys_mn", "sys_lg"), ("store",), 7, {"internal": 1}, "internal", False),
    (("sys_mn",), ("sys_mn",), 5, {"internal": 1}, "internal", True),
    (("sys_lg", "sec"), ("sys_lg", "sec"), 7, {"lgwan": 1, "internal": 2}, "internal", True),
    (("sec",), ("term_lg", "term_mn"), 3, {"internal": 1}, "internal", False),
    (
        ("sys_lg",),
        ("sys_mn",),
        3,
        {"screen_transfer": 3, "media": 1, "flash_memory": 1, "internal": 1},
        "internal",
        False,
    ),
    (("sys_in",), ("sys_lg",), 2, {"internal": 3, "screen_transfer": 1}, "internal", False),
    (("staff",), ("paper",), 3, {"paper": 1}, "internal", False),
    (("sec",), ("paper",), 2, {"paper": 1}, "internal", False),
    (("sys_mn", "sys_lg"), ("media",), 2, {"media": 2, "flash_memory": 1}, "internal", False),
    (("media",), ("con",), 1, {"post": 1, "media": 1}, "entrustment", False),
    (
        ("res",),
        ("sec", "term_lg", "device"),
        8,
        {"in_person": 4, "post": 2, "paper": 1, "internet": 2},
        "collection",
        False,
    ),
    (("sec", "sys_lg"), ("res",), 4, {"post": 4, "email": 1, "in_person": 1}, "notification", False),
    (("sec", "sys_lg"), ("asp",), 5, {"lgwan_asp": 1}, "entrustment", True),
    (
        ("sec", "sys_lg", "term_lg"),
        ("con",),
        6,
        {"lgwan": 3, "dedicated": 2, "internet_vpn": 2, "email": 2, "fax": 1, "paper": 1, "media": 1},
        "entrustment",
        True,
    ),
    (
        ("sec", "term_lg", "sys_lg"),
        ("cloud",),
        6,
        {"internet_vpn": 4, "internet": 3, "dedicated": 2, "lgwan": 2},
        "entrustment",
        True,
    ),
    (("con",), ("sub",), 3, {"internet": 2, "email": 2, "dedicated": 1, "paper": 1}, "subcontracting", False),
    (("con",), ("cloud",), 2, {"internet": 1, "internet_vpn": 1}, "entrustment", False),
    (("cloud",), ("sec", "sys_lg"), 2, {"internet_vpn": 2, "internet": 1, "lgwan": 1}, "return", False),
    (("sys_mn",), ("nat",), 3, {"ipn": 2, "dedicated": 2, "lgwan": 2, "media": 1}, "provision", True),
    (("sys_mn",), ("pub",), 3, {"ipn": 3, "lgwan": 1, "fax": 1, "post": 1}, "network_linkage", True),
    (("sec",), ("med",), 2, {"fax": 2, "post": 1, "internet": 1}, "provision", True),
    (("sec",), ("biz",), 1, {"email": 1, "post": 1}, "provision", False),
]
CROSS_DEPARTMENT_SHARE = 0.04
QUERY_SHARE = 0.3
MISSING_RESPONSE_SHARE = 0.03

FLOW_TITLES = {
    "internal": "庁内処理",
    "collection": "申請受付",
    "notification": "通知送付",
    "entrustment": "委託データ受渡し",
    "subcontracting": "再委託先への受渡し",
    "return": "処理結果の返却",
    "provision": "情報提供",
    "network_linkage": "情報連携（照会）",
    "other_purpose_use": "他事務での利用",
}

# Protections by channel: (value, weight); "unknown" is left unstated on purpose.
GENERAL = [(["tls"], 35), (["vpn"], 20), (["tls", "access_restriction"], 10), (["none"], 10), ("unknown", 25)]
CLOSED = [("unknown", 40), (["access_restriction"], 40), (["tls"], 20)]
PROTECTIONS: dict[str, list[tuple[Any, int]]] = {
    "internet": GENERAL,
    "internet_vpn": [(["vpn"], 50), (["vpn", "tls"], 20), (["none"], 5), ("unknown", 25)],
    "email": [(["password_protected"], 30), (["tls"], 20), (["none"], 15), ("unknown", 35)],
    "fax": [(["registered_destinations", "two_person_check"], 50), ("unknown", 50)],
    "paper": [(["custody_control"], 60), ("unknown", 40)],
    "post": [(["custody_control"], 60), ("unknown", 40)],
    "media": [(["payload_encryption", "carry_out_record"], 50), (["password_protected"], 20), ("unknown", 30)],
    "flash_memory": [(["payload_encryption", "carry_out_record"], 50), (["password_protected"], 20), ("unknown", 30)],
    "in_person": [("unknown", 1)],
    "screen_transfer": [(["sanitising"], 50), ("unknown", 50)],
}


class Weighted:
    """A weighted choice with its cumulative weights computed once (``random.choices`` redoes them per call)."""

    def __init__(self, options: Iterable[tuple[Any, int]]) -> None:
        pairs = [(value, weight) for value, weight in options if weight > 0]
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> Any:
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


PROTECTION_TABLES = {channel: Weighted(options) for channel, options in PROTECTIONS.items()}
CLOSED_TABLE = Weighted(CLOSED)
EDGE_TABLE = Weighted((edge, edge[2]) for edge in EDGE_TYPES)
CHANNEL_TABLES = {id(edge): Weighted(edge[3].items()) for edge in EDGE_TYPES}
FREQUENCY = Weighted([("随時", 4), ("日次", 2), ("月次", 2), ("年1回", 1), ("unknown", 1)])
CROSS_LGWAN = Weighted([("lgwan", 2), ("internal", 1)])
CROSS_RELATIONSHIP = Weighted([("internal", 3), ("other_purpose_use", 1)])
INTERNAL_ONLY = Weighted([("internal", 1)])


@dataclass
class _Node:
    id: str
    kind: str
    group: str
    dept: int
    entry: dict[str, Any] = field(default_factory=dict)


class _Generator:
    def __init__(self, nodes: int, seed: int) -> None:
        self.target = nodes
        self.rng = random.Random(seed)
        self.zones: list[dict[str, Any]] = []
        self.data: list[dict[str, Any]] = []
        self.nodes: list[_Node] = []
        self.flows: list[dict[str, Any]] = []
        self.contracts: list[dict[str, Any]] = []
        self.files: list[dict[str, Any]] = []
        self.questions: list[dict[str, Any]] = []
        self.dept_items: list[Weighted] = []
        self.dept_mynumber: list[str] = []
        self.dept_groups: list[dict[str, list[_Node]]] = []

    # ---- helpers --------------------------------------------------------------------------------------
    def pick(self, options: list[tuple[Any, int]] | Weighted) -> Any:
        table = options if isinstance(options, Weighted) else Weighted(options)
        return table.draw(self.rng)

    def tri(self, yes: float = 0.5, unknown: float = 0.3) -> bool | str:
        roll = self.rng.random()
        if roll < unknown:
            return "unknown"
        return roll < unknown + yes * (1 - unknown)

    # ---- the fixed part -------------------------------------------------------------------------------
    def fixed_zones(self) -> None:
        z = self.zones.append
        z({"id": "z.ward", "title": "区庁舎", "kind": "ward_premises"})
        z({"id": "z.mynumber", "title": "マイナンバー利用事務系", "kind": "mynumber", "parent": "z.ward"})
        z({"id": "z.lgwan", "title": "LGWAN接続系", "kind": "lgwan", "parent": "z.ward"})
        z({"id": "z.internet", "title": "インターネット接続系", "kind": "internet", "parent": "z.ward"})
        z({"id": "z.lgwan-asp", "title": "LGWAN-ASPサービス", "kind": "lgwan"})
        z({"id": "z.national", "title": "全国ネットワーク", "kind": "national_network"})
        z({"id": "z.public-body", "title": "他の行政機関", "kind": "public_body"})
        z({"id": "z.public", "title": "住民・外部", "kind": "public"})
        z({"id": "z.overseas.us", "title": "米国", "kind": "overseas"})
        z({"id": "z.overseas.sg", "title": "シンガポール", "kind": "overseas"})
        z({"id": "z.overseas.eu", "title": "欧州連合", "kind": "overseas"})
        for zone_id, title, _country, _region, parent, _weight in CLOUD_REGIONS:
            zone: dict[str, Any] = {"id": zone_id, "title": title, "kind": "cloud"}
            if parent:
                zone["parent"] = parent
            z(zone)

    # ---- departments ----------------------------------------------------------------------------------
    def department_kinds(self, size: int) -> list[str]:
        kinds = [kind for kind, count in TEMPLATE for _ in range(count)]
        if size >= len(kinds):
            return kinds
        rest = kinds[1:]
        self.rng.shuffle(rest)
        return ["section", *rest[: size - 1]]

    def department(self, d: int, size: int) -> None:
        rng = self.rng
        p = f"d{d:03d}"
        section_name = SECTION_NAMES[d % len(SECTION_NAMES)]
        label = f"{section_name}（{d + 1}）"
        for suffix, kind, title in (("mn", "mynumber", "マイナンバー利用事務系"), ("lg", "lgwan", "LGWAN接続系")):
            self.zones.append(
                {"id": f"{p}.z{suffix}", "title": f"{label} {title}", "kind": kind, "parent": f"z.{kind}"}
            )
        self.zones.append(
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
                item["linkage_assessed"] = self.tri(0.6)
            if category == "health" and rng.random() < 0.5:
                item["individual_level"] = True
            self.data.append(item)
            if weight:
                weighted.append((item["id"], weight))
        self.dept_items.append(Weighted(weighted))
        self.dept_mynumber.append(f"{p}.mynumber")
        item_ids = [i for i, _ in weighted]

        groups: dict[str, list[_Node]] = {}
        counters: dict[str, int] = {}
        section_id = f"{p}.section"
        contractors: list[str] = []
        for kind in self.department_kinds(size):
            n = counters[kind] = counters.get(kind, 0) + 1
            node_id = section_id if kind == "section" else f"{p}.{kind}{n}"
            entry, group = self.node_entry(p, d, kind, n, node_id, label, section_id, item_ids, contractors)
            node = _Node(node_id, kind, group, d, entry)
            self.nodes.append(node)
            groups.setdefault(group, []).append(node)
            if kind == "contractor":
                contractors.append(node_id)
        self.dept_groups.append(groups)

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
                "cloud_clauses": self.pick([("present", 4), ("conditional", 2), ("missing", 1), ("unknown", 2)]),
                "deletion_at_end": self.tri(0.7),
                "deletion_certificate": self.tri(0.5),
                "secondary_use_forbidden": self.tri(0.8),
                "governing_law": "日本法" if rng.random() < 0.8 else "unknown",
                "jurisdiction": "東京地方裁判所" if rng.random() < 0.7 else "unknown",
                "inspection": {"owner": section_name, "frequency": "年1回"} if rng.random() < 0.6 else {},
            }
            if i < len(subs):
                sub: dict[str, Any] = {"to": subs[i], "approved": self.tri(0.7)}
                if sub["approved"] is True:
                    sub["approval_date"] = "2024-03-15"
                contract["subcontracts"] = [sub]
            if rng.random() < 0.4:
                contract["safeguards"] = [
                    {
                        "text": "国内データセンターでのみ保管",
                        "assurance": self.pick([("contract", 2), ("vendor_statement", 1)]),
                    }
                ]
            if not contract["inspection"]:
                del contract["inspection"]
            self.contracts.append(contract)

        holders = [n.id for n in groups.get("sys_mn", [])] or [section_id]
        self.files.append(
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
            self.questions.append(
                {
                    "id": f"{p}.q1",
                    "about": [clouds[0].id],
                    "text": "バックアップの保管国は契約で定められているか",
                }
            )

    def node_entry(
        self,
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
        rng = self.rng
        e: dict[str, Any] = {"id": node_id, "title": "", "kind": kind}

        def stores(count: int, medium: str = "electronic") -> list[dict[str, Any]]:
            out = []
            for s in range(count):
                store: dict[str, Any] = {"data": rng.sample(item_ids, min(len(item_ids), rng.randint(2, 5)))}
                if medium != "electronic":
                    store["medium"] = medium
                store["retention"] = self.pick([("5年", 4), ("10年", 2), ("永年", 1), ("unknown", 2)])
                store["deletion"] = self.pick(
                    [("上書き消去", 3), ("物理破壊", 2), ("溶解処理", 1 if medium == "paper" else 0), ("unknown", 2)]
                )
                if medium == "electronic":
                    store["encrypted_at_rest"] = self.tri(0.6)
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
            e["two_factor"] = self.tri(0.6)
            e["access_log"] = self.tri(0.7)
            if kind == "system":
                e["stores"] = stores(rng.randint(1, 2))
                if zone == "in" and rng.random() < 0.7:
                    e["boundary"] = "sanitising"
            else:
                e["shared_device"] = self.tri(0.3)
                e["passcode_shared"] = self.tri(0.1)
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
            e["passcode_shared"] = self.tri(0.3)
        elif kind in ("contractor", "subcontractor"):
            zone_id = f"{p}.zcp.{kind}{n}"
            self.zones.append(
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
                "basis": self.pick([("contract", 3), ("vendor_statement", 1)]),
            }
            e["certifications"] = (
                [{"id": "isms"}, {"id": "pmark", "status": self.pick([("valid", 4), ("expired", 1)])}]
                if rng.random() < 0.7
                else "unknown"
            )
            e["contractor_access"] = {"possible": True, "limited_to": "障害対応時のみ", "logged": self.tri(0.6)}
            e["stores"] = stores(1)
            if kind == "subcontractor":
                e["selected"] = self.tri(0.8, 0.1)
            group = "con" if kind == "contractor" else "sub"
        elif kind == "cloud_service":
            region = self.pick([(r, r[5]) for r in CLOUD_REGIONS])
            zone_id = f"{p}.zcloud{n}"
            self.zones.append({"id": zone_id, "title": f"テナント{d + 1}-{n}", "kind": "cloud", "parent": region[0]})
            e.update(title=f"{label} クラウドサービス{n}", zone=zone_id)
            if contractors:
                e["operator"] = rng.choice(contractors)
            location: dict[str, Any] = {
                "country": region[2],
                "region": region[3],
                "basis": self.pick([("contract", 4), ("vendor_statement", 2), ("assumed", 1), ("unknown", 1)]),
            }
            if rng.random() < 0.6:
                location["backup_country"] = self.pick([("JP", 4), ("US", 1), ("unknown", 1)])
            if rng.random() < 0.3:
                location["support_access_from"] = rng.sample(["JP", "US", "IN", "PH"], rng.randint(1, 2))
            e["location"] = location
            e["certifications"] = [{"id": "ismap", "status": self.pick([("valid", 3), ("pending", 1)])}]
            e["availability"] = {"sla": "99.9%", "recovery_time": "unknown", "backup": self.tri(0.8)}
            e["responsibility_assigned"] = self.tri(0.6)
            if region[2] == "US" or rng.random() < 0.2:
                e["foreign_law"] = {"subject": True, "law": "CLOUD Act"}
            if rng.random() < 0.2:
                e["vendor_policy_non_personal"] = [f"{p}.stats"]
            e["contractor_access"] = {"possible": self.tri(0.5), "logged": self.tri(0.6)}
            e["stores"] = stores(rng.randint(1, 2))
            group = "cloud"
        elif kind == "lgwan_asp":
            e.update(title=f"LGWAN-ASPサービス{d + 1}-{n}", zone="z.lgwan-asp")
            if contractors:
                e["operator"] = rng.choice(contractors)
            e["certifications"] = [{"id": "lgwan_asp_registered"}]
            e["asp"] = {
                "deletion": self.pick([("automatic", 3), ("manual", 2), ("unknown", 1)]),
                "periodic_check": self.tri(0.6),
                "data_left_on_terminal": self.tri(0.2),
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

    # ---- flows ----------------------------------------------------------------------------------------
    def flow_data(self, d: int, my_number: bool) -> list[str]:
        table = self.dept_items[d]
        k = self.rng.choice((1, 1, 2, 2, 3, 4))
        items = list(dict.fromkeys(table.draw(self.rng) for _ in range(k)))
        if my_number and self.rng.random() < 0.7:
            items.insert(0, self.dept_mynumber[d])
        return items

    def add_flow(self, flow: dict[str, Any]) -> dict[str, Any]:
        flow["id"] = f"f{len(self.flows) + 1:06d}"
        self.flows.append(flow)
        return flow

    def department_flows(self, d: int, count: int) -> None:
        rng = self.rng
        groups = self.dept_groups[d]
        everything = [n for members in groups.values() for n in members]
        made = 0
        step = 0
        while made < count:
            step += 1
            cross = rng.random() < CROSS_DEPARTMENT_SHARE and len(self.dept_groups) > 1
            if cross:
                group = rng.choice(("sys_lg", "sys_mn"))
                other = self.dept_groups[rng.randrange(len(self.dept_groups))].get(group)
                mine = groups.get(group)
                if not other or not mine:
                    continue
                source, target = rng.choice(mine), rng.choice(other)
                channel = "internal" if group == "sys_mn" else CROSS_LGWAN.draw(rng)
                relationship = CROSS_RELATIONSHIP.draw(rng)
                query_ok = False
            else:
                edge = EDGE_TABLE.draw(rng)
                src_groups, dst_groups, _w, _channels, relationship, query_ok = edge
                channel_table = CHANNEL_TABLES[id(edge)]
                sources = [n for g in src_groups for n in groups.get(g, ())]
                targets = [n for g in dst_groups for n in groups.get(g, ())]
                if not sources or not targets:
                    if len(everything) < 2 or rng.random() < 0.9:
                        continue  # a truncated department lacks this kind; try another edge type
                    sources = targets = everything
                    channel_table = INTERNAL_ONLY
                source, target = rng.choice(sources), rng.choice(targets)
                if source.id == target.id:
                    continue
                channel = channel_table.draw(rng)
            my_number = "mn" in (source.group[-2:], target.group[-2:]) or target.group in ("nat", "pub")
            flow: dict[str, Any] = {
                "id": "",
                "step": step,
                "title": FLOW_TITLES.get(relationship, "データ受渡し"),
                "from": source.id,
                "to": target.id,
                "data": self.flow_data(d, my_number),
                "channel": channel,
            }
            protection = PROTECTION_TABLES.get(channel, CLOSED_TABLE).draw(rng)
            if protection != "unknown":
                flow["protection"] = protection
            flow["relationship"] = relationship
            if rng.random() < 0.6:
                flow["legal_basis"] = "番号法第9条第1項" if my_number else "個人情報保護法第69条"
            flow["frequency"] = FREQUENCY.draw(rng)
            if rng.random() < 0.5:
                flow["performer"] = "区職員" if not source.group.startswith(("con", "sub", "cloud")) else "委託先職員"
            if channel == "internet_vpn" and rng.random() < 0.2:
                flow["equivalence_claim"] = {"to": "lgwan", "documented": self.tri(0.4)}
            if channel == "internet" and source.group == "res" and rng.random() < 0.4:
                flow["sanctioned_intake"] = True
            if rng.random() < 0.05:
                flow["start_date"] = "2025-04-01"
            query = self.add_flow(flow)
            made += 1
            if query_ok and made < count and rng.random() < QUERY_SHARE:
                interaction = f"{query['id']}.x"
                query["interaction"] = {"id": interaction, "role": "query"}
                if rng.random() < MISSING_RESPONSE_SHARE:
                    continue
                response = dict(query)
                response.update(
                    {
                        "from": target.id,
                        "to": source.id,
                        "title": "照会への回答",
                        "relationship": "return",
                        "interaction": {"id": interaction, "role": "response"},
                    }
                )
                response.pop("sanctioned_intake", None)
                if rng.random() < 0.1:
                    response["must_match"] = query["id"]
                else:
                    response["data"] = self.flow_data(d, my_number)
                self.add_flow(response)
                made += 1

    # ---- whole model ----------------------------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        self.fixed_zones()
        sizes = [DEPARTMENT_SIZE] * (self.target // DEPARTMENT_SIZE)
        if self.target % DEPARTMENT_SIZE:
            sizes.append(self.target % DEPARTMENT_SIZE)
        for d, size in enumerate(sizes):
            self.department(d, size)
        for d, size in enumerate(sizes):
            self.department_flows(d, size * FLOWS_PER_NODE)
        staff = sum(1 for n in self.nodes if n.kind in ("section", "staff", "terminal"))
        return {
            "version": 1,
            "scheme": {
                "id": f"synthetic-{self.target}",
                "title": f"合成ベンチマークモデル（{self.target:,}ノード）",
                "title_en": f"Synthetic benchmark model ({self.target:,} nodes)",
                "municipality": "架空区",
                "business": "区の事務全般（合成）",
                "responsible_section": "情報政策課",
                "legal_basis": "番号法第9条第1項 別表",
                "declared_assessment": "full",
                "people_count": 250_000,
                "handlers": {"staff": staff * 3, "contractor_staff": len(self.contracts) * 5},
                "serious_incident_last_year": False,
                "reference": "benchmarks/generate.py (seeded)",
            },
            "data": self.data,
            "zones": self.zones,
            "nodes": [n.entry for n in self.nodes],
            "flows": self.flows,
            "contracts": self.contracts,
            "files": self.files,
            "questions": self.questions,
        }


def build_model(nodes: int, seed: int = SEED) -> dict[str, Any]:
    """The synthetic model as plain data (the same dict the YAML file holds)."""
    if nodes < 2:
        raise ValueError("a model needs at least 2 nodes")
    return _Generator(nodes, seed).build()


# ---- a small, fast YAML writer --------------------------------------------------------------------------
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf"}


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _DATE.match(text) or (_PLAIN.match(text) and text.lower() not in _WORDS):
        return text
    return json.dumps(text, ensure_ascii=False)


def _string(text: str, cache: dict[str, str] = {}) -> str:  # noqa: B006 - a deliberate memo
    out = cache.get(text)
    if out is None:
        out = cache[text] = _scalar(text)
    return out


def _flow(value: Any) -> str:
    if type(value) is str:
        return _string(value)
    if type(value) is dict:
        return "{" + ", ".join([f"{key}: {_flow(item)}" for key, item in value.items()]) + "}"
    if type(value) is list:
        return "[" + ", ".join([_flow(item) for item in value]) + "]"
    return _scalar(value)


def to_yaml(model: dict[str, Any]) -> str:
    """Block style at the top, one flow mapping per element below it."""
    out: list[str] = [f"# Synthetic benchmark model: {len(model['nodes'])} nodes, {len(model['flows'])} flows.", ""]
    for key, value in model.items():
        if isinstance(value, dict):
            out.append(f"{key}:")
            out.extend(f"  {k}: {_flow(v)}" for k, v in value.items())
        elif isinstance(value, list):
            out.append(f"{key}:")
            out.extend(f"  - {_flow(element)}" for element in value)
        else:
            out.append(f"{key}: {_scalar(value)}")
    out.append("")
    return "\n".join(out)


def model_path(nodes: int) -> Path:
    return MODELS / f"synthetic-{nodes}.yaml"


def write_model(nodes: int, path: Path | None = None, seed: int = SEED) -> tuple[Path, dict[str, Any]]:
    """Generate and write the model for ``nodes``; returns the path and the plain data."""
    path = path or model_path(nodes)
    path.parent.mkdir(parents=True, exist_ok=True)
    model = build_model(nodes, seed)
    path.write_text(to_yaml(model), encoding="utf-8")
    return path, model


def summary(model: dict[str, Any]) -> str:
    counts = ", ".join(f"{len(model[k]):,} {k}" for k in ("nodes", "flows", "zones", "data", "contracts"))
    return counts


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=1000, help="number of nodes (default 1000)")
    parser.add_argument("-o", "--output", type=Path, help="output file (default benchmarks/results/models/…)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(list(argv) if argv is not None else None)
    start = time.perf_counter()
    path, model = write_model(args.nodes, args.output, args.seed)
    elapsed = time.perf_counter() - start
    size = path.stat().st_size
    print(f"{path}: {summary(model)}; {size / 1e6:.1f} MB in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
