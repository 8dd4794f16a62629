"""What a drawing's legend lists: the node shapes, channels, warnings, finding marks and data tags that the
drawing itself uses (and nothing else), worked out once from the model and shared by every kind of legend: the
one drawn into a picture (:mod:`legend`) and the one set beside a paper sheet (:mod:`draw`).

    content = legend_content(graph, marks)                   # the whole model
    content = legend_content(graph, marks, flows, nodes)     # one sheet
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.catalog.vocabularies import vocabulary
from pia_toolkit.exports.diagram.marks import Marks, hop_warning
from pia_toolkit.exports.diagram.style import SHAPE_ORDER, SHAPES
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow, Node


def shape_family(node: Node) -> str:
    return _shape_of_kind(node.kind)


@cache
def _shape_of_kind(kind: str) -> str:
    family = vocabulary("node_kinds")[kind].extra.get("shape", "organisation")
    return str(family) if family in SHAPES else "organisation"


@dataclass(frozen=True)
class LegendContent:
    """What the legend lists: only what the drawing uses."""

    shapes: list[str]
    channels: list[str]
    unencrypted: bool
    severities: list[Severity]
    questions: bool
    marked_data: bool
    changes: tuple[tuple[str, str], ...] = ()
    """The change diagram on paper: (words, colour) of each change mark it uses."""


def legend_content(
    graph: FlowGraph, marks: Marks, flows: Sequence[Flow] | None = None, nodes: Iterable[str] | None = None
) -> LegendContent:
    """What a drawing of ``flows`` and ``nodes`` (default: the whole model) uses, for its legend."""
    drawn = list(graph.flows.values()) if flows is None else list(flows)
    if nodes is None and flows is None:
        shown: Iterable[str] = graph.nodes
        node_marks = list(marks.nodes.values())
        zone_marks = list(marks.zones.values())
    else:
        shown = dict.fromkeys([*(nodes or ()), *(end for f in drawn for end in (f.source, f.target))])
        node_marks = [marks.nodes[n] for n in shown if n in marks.nodes]
        zone_marks = []
    used_shapes = {shape_family(graph.nodes[n]) for n in shown if n in graph.nodes}
    channels = list(dict.fromkeys(f.channel for f in drawn if hop_warning(graph, f) is None))
    channel_order = _channel_order()
    channels.sort(key=lambda c: channel_order.get(c, len(channel_order)))
    all_marks = [*node_marks, *(marks.flows[f.id] for f in drawn if f.id in marks.flows), *zone_marks]
    marked = any(graph.data_class(d) in ("my_number", "sensitive") for f in drawn for d in f.data if d in graph.data)
    return LegendContent(
        shapes=[s for s in SHAPE_ORDER if s in used_shapes],
        channels=channels,
        unencrypted=any(hop_warning(graph, f) is not None for f in drawn),
        severities=sorted({m.severity for m in all_marks}, reverse=True),
        questions=any(not m.violation for m in all_marks),
        marked_data=marked,
    )


@cache
def _channel_order() -> dict[str, int]:
    return {channel: index for index, channel in enumerate(vocabulary("channels").ids)}
