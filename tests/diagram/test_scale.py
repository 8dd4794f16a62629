"""A large scheme still renders quickly: 300 nodes, 450 flows, nested zones."""

from __future__ import annotations

from pathlib import Path

from pia_toolkit.exports.diagram import diagram_source, write_diagram
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import FlowDocument
from tests.diagram.helpers import needs_dot

CHANNELS = ("lgwan", "internet", "internet_vpn", "dedicated", "email", "post", "internal", "media")
NODE_KINDS = ("section", "system", "terminal", "store", "contractor", "resident", "paper_store", "media")
ZONE_KINDS = ("mynumber", "lgwan", "internet", "contractor_premises", "cloud", "public_body", "public", "overseas")


def large_model(nodes: int = 300, flows: int = 450, zones: int = 16, items: int = 24) -> FlowGraph:
    """A deterministic synthetic scheme: zones nested two deep, flows between neighbours and across zones."""
    document = FlowDocument.model_validate(
        {
            "scheme": {"id": "large", "title": "大規模な試験モデル", "municipality": "試験区", "business": "試験"},
            "data": [
                {"id": f"d{i}", "title": f"データ項目{i}", "category": ("identity", "health", "my_number")[i % 3]}
                for i in range(items)
            ],
            "zones": [
                {
                    "id": f"z{i}",
                    "title": f"ゾーン{i}",
                    "kind": ZONE_KINDS[i % len(ZONE_KINDS)],
                    **({"parent": f"z{i // 2 - 1}"} if i >= 4 and i % 2 == 0 else {}),
                }
                for i in range(zones)
            ],
            "nodes": [
                {
                    "id": f"n{i}",
                    "title": f"ノード{i}（試験用の少し長い名前）",
                    "kind": NODE_KINDS[i % len(NODE_KINDS)],
                    "zone": f"z{i % zones}",
                }
                for i in range(nodes)
            ],
            "flows": [
                {
                    "id": f"f{i}",
                    "from": f"n{i % nodes}",
                    "to": f"n{(i * 7 + 3) % nodes}" if (i * 7 + 3) % nodes != i % nodes else f"n{(i + 1) % nodes}",
                    "data": [f"d{(i + k) % items}" for k in range(1 + i % 5)],
                    "channel": CHANNELS[i % len(CHANNELS)],
                    **({"protection": ["tls"]} if i % 3 else {}),
                }
                for i in range(flows)
            ],
        }
    )
    return FlowGraph.build(document)


def test_large_model_dot_is_deterministic() -> None:
    # How fast it is built is measured by `make bench` (diagram DOT), not asserted here.
    graph = large_model()
    assert diagram_source(graph) == diagram_source(graph)


@needs_dot
def test_large_model_renders(tmp_path: Path) -> None:
    graph = large_model()
    written = write_diagram(diagram_source(graph), tmp_path / "large.svg")
    assert written.path.stat().st_size > 0
