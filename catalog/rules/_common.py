"""Small domain tests the rule groups share (is a country Japan, a court Japanese, a text "none"...).

How a rule's facts are worded in messages is :mod:`pia_toolkit.catalog.rules.facts`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from pia_toolkit.catalog.rules import Result, satisfied, violated
from pia_toolkit.catalog.rules.facts import Fact, Items
from pia_toolkit.flows.graph import FlowGraph

_T = TypeVar("_T")

CLOUD_KINDS = frozenset({"cloud_service", "lgwan_asp"})
"""クラウドサービスとLGWAN-ASP: services a provider runs and the ward uses over a network."""

PEOPLE = frozenset({"staff", "resident"})
"""People rather than places or systems: they have no storage location, and contractor staff are the access."""

_JAPAN = frozenset({"jp", "jpn", "japan", "日本", "日本国", "国内", "日本国内", "domestic"})
_PREFECTURES = frozenset(
    [
        "北海道",
        "青森",
        "岩手",
        "宮城",
        "秋田",
        "山形",
        "福島",
        "茨城",
        "栃木",
        "群馬",
        "埼玉",
        "千葉",
        "東京",
        "神奈川",
        "新潟",
        "富山",
        "石川",
        "福井",
        "山梨",
        "長野",
        "岐阜",
        "静岡",
        "愛知",
        "三重",
        "滋賀",
        "京都",
        "大阪",
        "兵庫",
        "奈良",
        "和歌山",
        "鳥取",
        "島根",
        "岡山",
        "広島",
        "山口",
        "徳島",
        "香川",
        "愛媛",
        "高知",
        "福岡",
        "佐賀",
        "長崎",
        "熊本",
        "大分",
        "宮崎",
        "鹿児島",
        "沖縄",
    ]
)
"""Where a data centre is often written instead of its country: 「東京」「大阪府」「東京都（東日本リージョン）」 are in Japan."""
_PREFECTURE_SUFFIX = re.compile(r"(都|道|府|県)$")
_QUALIFIED = re.compile(r"[\s（(［\[・,、，/／:：\-]")
"""Where a country ends and a note on it begins: 「JP（東京）」, "Japan (Tokyo)", 「日本・東日本リージョン」, JP-13."""
_JAPANESE_COURT = ("地方裁判所", "地裁", "簡易裁判所", "高等裁判所", "最高裁判所")
_NONE_WORDS = frozenset({"なし", "無し", "ない", "none", "no", "n/a"})


def once(graph: FlowGraph, key: str, compute: Callable[[], _T]) -> _T:
    """``compute()``, worked out once per graph for every rule that asks under ``key`` (the rules of a pack share
    one reachability walk instead of each repeating it)."""
    memo: dict[str, Any] = graph.shared
    if key not in memo:
        memo[key] = compute()
    return cast(_T, memo[key])


def is_japan(country: str | None) -> bool:
    """JP, Japan, 日本 and 国内 all mean Japan (case-insensitive), with or without a note on the region after it,
    and so does a prefecture named alone: a data centre written 「JP（東京）」 or 「大阪府」 is in Japan, not abroad."""
    if country is None:
        return False
    folded = country.strip().casefold()
    head = _QUALIFIED.split(folded, 1)[0]
    return (
        folded in _JAPAN or head in _JAPAN or head in _PREFECTURES or _PREFECTURE_SUFFIX.sub("", head) in _PREFECTURES
    )


def is_abroad(country: str | None) -> bool:
    """A stated country other than Japan (``unknown`` and ``None`` are not abroad: they are not stated)."""
    return country is not None and country != "unknown" and country.strip() != "" and not is_japan(country)


def is_japanese_law(text: str) -> bool:
    folded = text.casefold()
    return "日本" in folded or "japan" in folded or is_japan(text)


def is_japanese_court(text: str) -> bool:
    """A court named as a Japanese court (東京地方裁判所, Tokyo District Court, 日本の裁判所...)."""
    folded = text.casefold()
    return is_japanese_law(text) or folded.endswith(_JAPANESE_COURT) or "tokyo" in folded or "osaka" in folded


def says_none(text: str) -> bool:
    """A free-text field that explicitly says there is none (なし / none), as opposed to leaving it unknown."""
    return text.strip().casefold() in _NONE_WORDS


def cloud_contracts(graph: FlowGraph) -> dict[str, set[str]]:
    """Contract id → the cloud or LGWAN-ASP nodes it covers: the contractor itself, what it operates, what it
    exchanges data with, or a subcontractor, when they are cloud services."""
    cloud = {n.id for n in graph.nodes.values() if n.kind in CLOUD_KINDS}
    linked: dict[str, set[str]] = {}
    for node_id in cloud:
        operator = graph.operator_node(node_id)
        if operator is not None:
            linked.setdefault(operator, set()).add(node_id)
    for flow in graph.flows_touching(cloud):
        if flow.target in cloud:
            linked.setdefault(flow.source, set()).add(flow.target)
        if flow.source in cloud:
            linked.setdefault(flow.target, set()).add(flow.source)
    covered: dict[str, set[str]] = {}
    for contract in graph.document.contracts:
        nodes = set(linked.get(contract.contractor, ()))
        nodes.update(n for n in (contract.contractor, *(s.to for s in contract.subcontracts)) if n in cloud)
        if nodes:
            covered[contract.id] = nodes
    return covered


def none_allowed(element: str, items: tuple[str, ...], message: str, **facts: Fact) -> Result:
    """For a rule that allows ``element`` none of the data it found: satisfied when ``items`` is empty, otherwise
    violated with ``message``, the items as the finding's data and as the message's ``items``."""
    if not items:
        return satisfied(element)
    named: dict[str, Any] = {**facts, "items": Items(items)}  # Any: mypy cannot tell facts from path or detail
    return violated([element], message, data=items, **named)
