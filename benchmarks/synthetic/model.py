"""The whole synthetic model: a ward's fixed zones, then its departments (nodes, data, contracts), then its flows."""

from __future__ import annotations

import random
from typing import Any

from benchmarks.synthetic.departments import department
from benchmarks.synthetic.flows import department_flows
from benchmarks.synthetic.nodes import Node
from benchmarks.synthetic.tables import CLOUD_REGIONS, DEPARTMENT_SIZE, FLOWS_PER_NODE, SEED, TEMPLATE, Weighted


class Generator:
    """The model being built: what every part adds to, the seeded random source, and the shared helpers."""

    def __init__(self, nodes: int, seed: int) -> None:
        self.target = nodes
        self.rng = random.Random(seed)
        self.zones: list[dict[str, Any]] = []
        self.data: list[dict[str, Any]] = []
        self.nodes: list[Node] = []
        self.flows: list[dict[str, Any]] = []
        self.contracts: list[dict[str, Any]] = []
        self.files: list[dict[str, Any]] = []
        self.questions: list[dict[str, Any]] = []
        self.dept_items: list[Weighted] = []
        self.dept_mynumber: list[str] = []
        self.dept_groups: list[dict[str, list[Node]]] = []

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

    def build(self) -> dict[str, Any]:
        self.fixed_zones()
        sizes = [DEPARTMENT_SIZE] * (self.target // DEPARTMENT_SIZE)
        if self.target % DEPARTMENT_SIZE:
            sizes.append(self.target % DEPARTMENT_SIZE)
        for d, size in enumerate(sizes):
            department(self, d, size)
        for d, size in enumerate(sizes):
            department_flows(self, d, size * FLOWS_PER_NODE)
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
    return Generator(nodes, seed).build()
