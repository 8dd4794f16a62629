"""Model-quality rules (図の完全性): MOD-01 … MOD-05. Texts are in ``model.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.rules import Result, rule, satisfied, violated
from flows.graph import FlowGraph


@rule("MOD-01")
def query_without_response(g: FlowGraph) -> Iterator[Result]:
    """A query/response interaction must show both arrows; the diagram otherwise hides half the exchange."""
    roles: dict[str, dict[str, list[str]]] = {}
    for flow in g.flows.values():
        if flow.interaction is not None:
            roles.setdefault(flow.interaction.id, {}).setdefault(flow.interaction.role, []).append(flow.id)
    for interaction, present in roles.items():
        flows = tuple(f for ids in present.values() for f in ids)
        if "query" in present and "response" in present:
            yield satisfied(*flows)
            continue
        missing = "response" if "query" in present else "query"
        missing_ja = "回答" if missing == "response" else "照会"
        yield violated(
            flows,
            f"やりとり「{interaction}」の{missing_ja}の矢印が描かれていない",
            f"interaction '{interaction}' has no {missing} arrow",
            detail=interaction,
        )
