"""Hypothesis strategies: valid-ish flow models built from the vocabularies, with hostile text in them.

``models()`` draws a plain document (dict) whose ids are consistent most of the time; ``spoil`` sometimes
plants one located mistake (a dangling reference, an unknown kind, a missing field) and says where.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.corpus import vocab

# Text that has broken terminals, spreadsheets and markup before. Each must survive to the output unharmed.
HOSTILE = (
    ":100:",
    ":1234:",
    "受付:100:件",
    "\x1b]2;title\x07",
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "\x1b[2J\x1b[H",
    "\x1b[31mred\x1b[0m",
    "\x9b31m",
    "\x85next",
    "abc\u202edcba",
    "\u2066isolate\u2069",
    "line\u2028sep",
    "para\u2029sep",
    "nul\x00byte",
    "bell\x07",
    "back\x08space",
    "del\x7f",
    "\ufffe",
    "[bold]markup[/bold]",
    "[link=file:///etc/passwd]click[/link]",
    "[/]",
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    " =1+1",
    "  @cmd",
    "＝1+1",
    "＋1",
    "－1",
    "＠A1",
    "\t=1",
    "\r=1",
)

JAPANESE = st.text(
    alphabet="区民健康情報システム委託先住所氏名受付番号申請書類アンケート世田谷目黒", min_size=1, max_size=20
)
PLAIN = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
TEXT = st.one_of(
    JAPANESE,
    JAPANESE,
    PLAIN,
    st.sampled_from(HOSTILE),
    st.builds(lambda a, b: a + b, JAPANESE, st.sampled_from(HOSTILE)),
)
IDS = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
TRI = st.sampled_from([True, False, "unknown"])


def vocabulary(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(vocab(name))


@st.composite
def models(draw: st.DrawFn) -> dict[str, Any]:
    """A flow model: scheme, data, zones, nodes, flows, contracts, files and questions, mostly consistent."""
    data_ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    zone_ids = draw(st.lists(IDS.map(lambda s: "z_" + s), max_size=4, unique=True))
    node_ids = draw(st.lists(IDS.map(lambda s: "n_" + s), min_size=1, max_size=8, unique=True))
    scheme: dict[str, Any] = {
        "id": draw(IDS),
        "title": draw(TEXT),
        "municipality": draw(TEXT),
        "business": draw(TEXT),
    }
    if draw(st.booleans()):
        scheme["people_count"] = draw(st.one_of(st.integers(0, 10**7), st.just("unknown")))
    if draw(st.booleans()):
        scheme["handlers"] = {"staff": draw(st.integers(0, 5000)), "contractor_staff": draw(st.integers(0, 5000))}
    if draw(st.booleans()):
        scheme["declared_assessment"] = draw(st.sampled_from(["full", "priority", "basic", "none", "unknown"]))
    if draw(st.booleans()):
        scheme["serious_incident_last_year"] = draw(TRI)
    if draw(st.booleans()):
        scheme["approval_date"] = draw(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)))
    if draw(st.booleans()):
        scheme["note"] = draw(TEXT)
    data = [
        {"id": i, "title": draw(TEXT), "category": draw(vocabulary("data_categories"))}
        | ({"purpose": draw(TEXT)} if draw(st.booleans()) else {})
        for i in data_ids
    ]
    zones = []
    for index, zone_id in enumerate(zone_ids):
        zone: dict[str, Any] = {"id": zone_id, "title": draw(TEXT), "kind": draw(vocabulary("zone_kinds"))}
        if index and draw(st.booleans()):
            zone["parent"] = draw(st.sampled_from(zone_ids[:index]))
        zones.append(zone)
    nodes = []
    for node_id in node_ids:
        node: dict[str, Any] = {"id": node_id, "title": draw(TEXT), "kind": draw(vocabulary("node_kinds"))}
        if zone_ids and draw(st.booleans()):
            node["zone"] = draw(st.sampled_from(zone_ids))
        if draw(st.booleans()):
            node["location"] = {
                "country": draw(st.sampled_from(["JP", "US", "SG", "unknown", "日本"])),
                "basis": draw(vocabulary("assurance")),
            }
        if draw(st.booleans()):
            node["stores"] = [{"data": draw(st.lists(st.sampled_from(data_ids), min_size=1, max_size=3))}]
        for attribute in ("two_factor", "access_log", "shared_device"):
            if draw(st.booleans()):
                node[attribute] = draw(TRI)
        if draw(st.booleans()):
            node["certifications"] = [{"id": draw(vocabulary("certifications"))}]
        if draw(st.booleans()):
            node["note"] = draw(TEXT)
        nodes.append(node)
    flows = []
    for index in range(draw(st.integers(0, 10))):
        flow: dict[str, Any] = {
            "id": f"f{index}",
            "from": draw(st.sampled_from(node_ids)),
            "to": draw(st.sampled_from(node_ids)),
            "data": draw(st.lists(st.sampled_from(data_ids), min_size=1, max_size=4)),
            "channel": draw(vocabulary("channels")),
        }
        if draw(st.booleans()):
            flow["step"] = draw(st.integers(0, 200))
        if draw(st.booleans()):
            flow["title"] = draw(TEXT)
        if draw(st.booleans()):
            flow["protection"] = draw(
                st.one_of(st.just("unknown"), st.lists(vocabulary("protections"), min_size=1, max_size=3))
            )
        if draw(st.booleans()):
            flow["relationship"] = draw(vocabulary("relationships"))
        flows.append(flow)
    contracts = []
    if draw(st.booleans()):
        contract: dict[str, Any] = {"id": "c1", "contractor": draw(st.sampled_from(node_ids))}
        if draw(st.booleans()):
            contract["clauses"] = {
                g: draw(TRI) for g in draw(st.lists(vocabulary("clause_groups"), max_size=4, unique=True))
            }
        if draw(st.booleans()):
            contract["subcontracts"] = [{"to": draw(st.sampled_from(node_ids)), "approved": draw(TRI)}]
        for attribute in ("deletion_at_end", "secondary_use_forbidden"):
            if draw(st.booleans()):
                contract[attribute] = draw(TRI)
        contracts.append(contract)
    document: dict[str, Any] = {"version": 1, "scheme": scheme, "data": data, "nodes": nodes, "flows": flows}
    if zones:
        document["zones"] = zones
    if contracts:
        document["contracts"] = contracts
    if draw(st.booleans()):
        document["files"] = [
            {
                "id": "file1",
                "title": draw(TEXT),
                "data": draw(st.lists(st.sampled_from(data_ids), min_size=1, max_size=3)),
            }
        ]
    if draw(st.booleans()):
        document["questions"] = [
            {"id": "q1", "about": [draw(st.sampled_from(node_ids))], "text": draw(TEXT)}
            | ({"answer": draw(TEXT)} if draw(st.booleans()) else {})
        ]
    return document


SPOILERS = ("none", "none", "none", "dangling_node", "unknown_kind", "missing_title", "bad_tri", "unknown_field")


@st.composite
def spoiled_models(draw: st.DrawFn) -> tuple[dict[str, Any], str, tuple[Any, ...] | None, bool]:
    """A model, and maybe one planted mistake: (document, what was planted, its path, whether it is a key)."""
    document = draw(models())
    spoiler = draw(st.sampled_from(SPOILERS))
    nodes = document["nodes"]
    index = draw(st.integers(0, len(nodes) - 1))
    if spoiler == "dangling_node" and document["flows"]:
        document["flows"][0]["to"] = "no_such_node"
        return document, spoiler, ("flows", 0, "to"), False
    if spoiler == "unknown_kind":
        nodes[index]["kind"] = draw(st.sampled_from(["contracter", "System", "クラウド", "ward_"]))
        return document, spoiler, ("nodes", index, "kind"), False
    if spoiler == "missing_title":
        del nodes[index]["title"]
        return document, spoiler, ("nodes", index), False
    if spoiler == "bad_tri":
        nodes[index]["two_factor"] = draw(st.sampled_from(["maybe", "yes please", 2, "不明"]))
        return document, spoiler, ("nodes", index, "two_factor"), False
    if spoiler == "unknown_field":
        nodes[index]["zonee"] = "x"
        return document, spoiler, ("nodes", index, "zonee"), True
    return document, "none", None, False
