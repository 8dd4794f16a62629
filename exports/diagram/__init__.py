"""Graphviz data-flow diagrams of a scheme, for councils reading on paper, in Japanese.

``diagram_source`` builds deterministic DOT (zones view or data view); ``write_diagram`` writes it as DOT,
SVG, PNG or PDF. Findings come in from the engine; nothing here runs a rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pia_toolkit.exports.diagram.data_view import data_dot
from pia_toolkit.exports.diagram.dot import UnknownFinding, zones_dot
from pia_toolkit.exports.diagram.render import (
    FORMATS,
    GraphvizMissing,
    RenderError,
    font_warning,
    output_format,
    write_diagram,
)
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.findings import Finding

View = Literal["zones", "data"]


def diagram_source(
    graph: FlowGraph,
    *,
    view: View = "zones",
    lang: str = "ja",
    findings: Sequence[Finding] | None = None,
    highlight: str | None = None,
    steps: bool = True,
) -> str:
    """DOT source of one view of ``graph``; the same inputs always give the same bytes.

    ``findings`` come from the engine (``pia.engine.check``); ``highlight`` names one of them (an unknown id
    raises :class:`UnknownFinding` with a suggestion); ``steps=False`` leaves the step table out of the zones
    view for documents that print it as text.
    """
    if view == "data":
        return data_dot(graph, lang=lang)
    return zones_dot(graph, lang=lang, findings=findings, highlight=highlight, steps=steps)


__all__ = [
    "FORMATS",
    "GraphvizMissing",
    "RenderError",
    "UnknownFinding",
    "View",
    "diagram_source",
    "font_warning",
    "output_format",
    "write_diagram",
]
