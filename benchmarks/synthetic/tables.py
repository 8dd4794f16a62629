"""The fixed tables the synthetic ward is drawn from: a department's make-up, data items, edge types, protections.

Weighted choices keep their cumulative weights (:class:`Weighted`), computed once at import.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

SEED = 20240401
FLOWS_PER_NODE = 5
DEPARTMENT_SIZE = 50

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
