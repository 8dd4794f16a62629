"""Small helpers the rule groups share: how elements are named in messages, and a few domain tests.

Messages name things the way a council member knows them (the titles in the model), never by id alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pia_toolkit.catalog.vocabularies import vocabulary
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Contract, Flow

CLOUD_KINDS = frozenset({"cloud_service", "lgwan_asp"})
"""クラウドサービスとLGWAN-ASP: services a provider runs and the ward uses over a network."""

PEOPLE = frozenset({"staff", "resident"})
"""People rather than places or systems: they have no storage location, and contractor staff are the access."""

_JAPAN = frozenset({"jp", "jpn", "japan", "日本", "日本国"})
_JAPANESE_COURT = ("地方裁判所", "地裁", "簡易裁判所", "高等裁判所", "最高裁判所")
_NONE_WORDS = frozenset({"なし", "無し", "ない", "none", "no", "n/a"})


def flow_name(g: FlowGraph, flow: Flow, lang: str = "ja") -> str:
    """「title」（sender → receiver）, or just the two ends when the flow has no title."""
    ends = f"{g.node_label(flow.source, lang)} → {g.node_label(flow.target, lang)}"
    title = flow.title if lang == "ja" or not flow.title_en else flow.title_en
    if not title:
        return f"「{ends}」" if lang == "ja" else f"'{ends}'"
    return f"「{title}」（{ends}）" if lang == "ja" else f"'{title}' ({ends})"


def node_name(g: FlowGraph, node_id: str, lang: str = "ja") -> str:
    label = g.node_label(node_id, lang)
    return f"「{label}」" if lang == "ja" else f"'{label}'"


def items_text(g: FlowGraph, items: Iterable[str], lang: str = "ja", limit: int = 3) -> str:
    """氏名、住所ほか2項目 / name, address and 2 more."""
    items = list(items)
    shown = [g.data_label(i, lang) for i in items[:limit]]
    rest = len(items) - len(shown)
    if lang == "ja":
        return "、".join(shown) + (f"ほか{rest}項目" if rest else "")
    return ", ".join(shown) + (f" and {rest} more" if rest else "")


def path_text(g: FlowGraph, path: Sequence[str], lang: str = "ja", limit: int = 6) -> str:
    """A → B → C; a long path keeps its ends and says how many hops it has (the finding lists every node)."""
    if len(path) <= limit:
        return " → ".join(g.node_label(n, lang) for n in path)
    head = " → ".join(g.node_label(n, lang) for n in path[:3])
    tail = " → ".join(g.node_label(n, lang) for n in path[-2:])
    hops = f"（{len(path) - 1}段）" if lang == "ja" else f" ({len(path) - 1} hops)"
    return f"{head} → … → {tail}{hops}"


def term(vocab: str, key: str, lang: str = "ja") -> str:
    """A vocabulary label (channel, relationship...) in the reader's language."""
    return vocabulary(vocab).label(key, lang)


def is_japan(country: str | None) -> bool:
    """JP, Japan and 日本 all mean Japan (case-insensitive)."""
    return country is not None and country.strip().casefold() in _JAPAN


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


def joined(parts: Iterable[str], lang: str = "ja") -> str:
    return ("、" if lang == "ja" else "; ").join(parts)


def cloud_contracts(g: FlowGraph) -> dict[str, set[str]]:
    """Contract id → the cloud or LGWAN-ASP nodes it covers: the contractor itself, what it operates, what it
    exchanges data with, or a subcontractor, when they are cloud services."""
    cloud = {n.id for n in g.nodes.values() if n.kind in CLOUD_KINDS}
    linked: dict[str, set[str]] = {}
    for node_id in cloud:
        operator = g.operator_node(node_id)
        if operator is not None:
            linked.setdefault(operator, set()).add(node_id)
    for flow in g.flows_touching(cloud):
        if flow.target in cloud:
            linked.setdefault(flow.source, set()).add(flow.target)
        if flow.source in cloud:
            linked.setdefault(flow.target, set()).add(flow.source)
    covered: dict[str, set[str]] = {}
    for contract in g.document.contracts:
        nodes = set(linked.get(contract.contractor, ()))
        nodes.update(n for n in (contract.contractor, *(s.to for s in contract.subcontracts)) if n in cloud)
        if nodes:
            covered[contract.id] = nodes
    return covered


def contract_name(g: FlowGraph, contract: Contract, lang: str = "ja") -> str:
    party = g.node_label(contract.contractor, lang)
    if lang == "ja":
        return f"{party}との契約" + (f"「{contract.title}」" if contract.title else "")
    return f"the contract with {party}" + (f" '{contract.title}'" if contract.title else "")
