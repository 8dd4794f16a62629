"""The resolved graph as plain JSON data (``pia graph --json``)."""

from __future__ import annotations

from typing import Any

from pia_toolkit.flows.graph import FlowGraph


def graph_to_json(graph: FlowGraph) -> dict[str, Any]:
    loaded = graph.loaded

    def where(section: str, element_id: str) -> str | None:
        return str(loaded.element_position(section, element_id)) if loaded else None

    doc = graph.document
    return {
        "scheme": doc.scheme.model_dump(mode="json"),
        "data": [d.model_dump(mode="json") | {"class": graph.data_class(d.id)} for d in doc.data],
        "zones": [z.model_dump(mode="json") for z in doc.zones],
        "nodes": [
            n.model_dump(mode="json", exclude_defaults=True)
            | {"source": where("nodes", n.id), "zone_kinds": sorted(z.kind for z in graph.zone_chain(n.zone))}
            for n in doc.nodes
        ],
        "flows": [
            f.model_dump(mode="json", by_alias=True, exclude_defaults=True) | {"source_position": where("flows", f.id)}
            for f in doc.flows
        ],
        "contracts": [c.model_dump(mode="json", exclude_defaults=True) for c in doc.contracts],
        "files": [f.model_dump(mode="json") for f in doc.files],
        "questions": [q.model_dump(mode="json") for q in doc.questions],
    }
