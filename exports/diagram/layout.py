"""A diagram as Graphviz laid it out: its size in points and every shape and text it draws, from ``dot -Tjson``.

The layout is what the paper sheets are measured with (the smallest text of each kind, so the scale a page
applies gives the printed point size) and what :mod:`exports.diagram.draw` paints on a PDF page, vector and
searchable, in the document's own embedded font.

    layout = layout_of(dot_source)
    layout.width, layout.height                   # points, at 100 %
    layout.smallest("node"), layout.smallest("edge_label")
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pia_toolkit.exports.diagram.render import GraphvizMissing, RenderError, run_dot

Role = Literal["graph", "title", "zone", "node", "stub", "edge_label", "edge", "legend"]
TEXT_ROLES: tuple[Role, ...] = ("node", "stub", "zone", "edge_label", "legend", "title", "graph")


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    """The baseline, in layout points (y grows upwards)."""
    align: str
    """l, c or r"""
    width: float
    """The width Graphviz measured for the text."""
    text: str
    size: float
    bold: bool
    colour: str


@dataclass(frozen=True)
class Stroke:
    """One drawing operation: a polygon, polyline, Bézier curve or ellipse, with its pen and fill."""

    kind: Literal["polygon", "polyline", "bezier", "ellipse"]
    points: tuple[tuple[float, float], ...]
    """For an ellipse: ((centre x, centre y), (radius x, radius y))."""
    filled: bool
    pen: str
    fill: str
    width: float
    dash: str
    """solid, dashed or dotted"""


@dataclass
class Element:
    name: str
    role: Role
    strokes: list[Stroke] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)


@dataclass
class Layout:
    x0: float
    y0: float
    width: float
    height: float
    elements: list[Element]

    def texts(self, *roles: Role) -> list[Text]:
        return [text for e in self.elements if e.role in roles for text in e.texts if text.text.strip()]

    def smallest(self, *roles: Role) -> float | None:
        """The smallest font size, in points at 100 %, of the texts of these roles (None: there are none)."""
        sizes = [text.size for text in self.texts(*roles)]
        return min(sizes) if sizes else None


def role_of(name: str, cluster: bool) -> Role:
    if cluster:
        if name == "cluster__frame":
            return "title"
        return "legend" if name.startswith("cluster__legend") else "zone"
    if name.startswith(("_flow_", "_ov_flow_")):
        return "edge_label"
    if name.startswith("_stub_"):
        return "stub"
    if name.startswith("_legend"):
        return "legend"
    return "node"


def run_dot_json(source: str) -> dict[str, Any]:
    """``dot -Tjson`` of ``source``; raises GraphvizMissing or RenderError like :func:`write_diagram`."""
    return run_dot_json_many([source])[0]


def run_dot_json_many(sources: Sequence[str]) -> list[dict[str, Any]]:
    """Several graphs laid out by one ``dot`` process (it reads them one after another and writes one JSON
    document per graph): the start-up and font set-up are paid once."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(None)
    text = run_dot(dot, ["-Tjson"], "".join(sources), graphs=len(sources)).decode("utf-8")
    decoder = json.JSONDecoder()
    documents: list[dict[str, Any]] = []
    position = 0
    while len(documents) < len(sources):
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            raise RenderError(f"dot wrote {len(documents)} layouts for {len(sources)} graphs")
        document, position = decoder.raw_decode(text, position)
        documents.append(document)
    return documents


LAYOUT_RUNS: list[float] = []
"""Seconds each ``dot`` run took (for benchmarks and the ``--paper`` summary)."""


def layout_of(source: str) -> Layout:
    """Lay ``source`` out with Graphviz and read back what it draws."""
    return layouts_of([source])[0]


def layouts_of(sources: Sequence[str]) -> list[Layout]:
    """Lay several sources out with one ``dot`` process."""
    started = time.perf_counter()
    documents = run_dot_json_many(sources)
    LAYOUT_RUNS.append(time.perf_counter() - started)
    return [parse_layout(document) for document in documents]


def parse_layout(data: dict[str, Any]) -> Layout:
    x0, y0, x1, y1 = (float(v) for v in str(data.get("bb", "0,0,0,0")).split(","))
    elements: list[Element] = []
    root = Element(str(data.get("name", "")), "graph")
    _read_ops(root, data, ("_draw_", "_ldraw_"))
    elements.append(root)
    objects = data.get("objects") or []
    clusters = [o for o in objects if "nodes" in o or "subgraphs" in o or "edges" in o]
    nodes = [o for o in objects if o not in clusters]
    for cluster in _painting_order(clusters):
        name = str(cluster.get("name", ""))
        if not name.startswith("cluster"):
            continue
        element = Element(name, role_of(name, cluster=True))
        _read_ops(element, cluster, ("_draw_", "_ldraw_"))
        elements.append(element)
    names = {int(o.get("_gvid", -1)): str(o.get("name", "")) for o in nodes}
    for edge in data.get("edges") or []:
        tail = names.get(int(edge.get("tail", -1)), "")
        element = Element(tail, "edge")
        _read_ops(element, edge, ("_draw_", "_hdraw_", "_tdraw_", "_ldraw_", "_hldraw_", "_tldraw_"), edge=True)
        if element.strokes or element.texts:
            elements.append(element)
    for node in nodes:
        name = str(node.get("name", ""))
        element = Element(name, role_of(name, cluster=False))
        _read_ops(element, node, ("_draw_", "_ldraw_"))
        elements.append(element)
    return Layout(x0, y0, x1 - x0, y1 - y0, elements)


def _painting_order(clusters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The clusters each after the one holding it, sisters by name. One ``dot`` process laying several graphs
    out lists a cluster's sisters in an order that changes from run to run; they never overlap, so the order
    is only there to keep the same model's PDF the same bytes."""
    by_id = {int(c.get("_gvid", i)): c for i, c in enumerate(clusters)}
    held = {child for c in clusters for child in c.get("subgraphs") or ()}
    ordered: list[dict[str, Any]] = []
    stack = sorted((c for i, c in by_id.items() if i not in held), key=_name, reverse=True)
    while stack:
        cluster = stack.pop()
        ordered.append(cluster)
        children = [by_id[i] for i in cluster.get("subgraphs") or () if i in by_id]
        stack.extend(sorted(children, key=_name, reverse=True))
    seen = {id(c) for c in ordered}
    return ordered + [c for c in clusters if id(c) not in seen]  # none, unless Graphviz's ids disagree


def _name(obj: dict[str, Any]) -> str:
    return str(obj.get("name", ""))


def _read_ops(element: Element, obj: dict[str, Any], keys: tuple[str, ...], edge: bool = False) -> None:
    for key in keys:
        ops = obj.get(key)
        if not ops:
            continue
        pen, fill, width, dash = "#000000", "#000000", 1.0, "solid"
        size, bold = 14.0, False
        for op in ops:
            kind = op.get("op")
            if kind == "c":
                pen = str(op.get("color", pen))
            elif kind == "C":
                fill = str(op.get("color", fill))
            elif kind == "S":
                style = str(op.get("style", ""))
                if style.startswith("setlinewidth("):
                    width = float(style[len("setlinewidth(") : -1] or 1)
                elif style in ("dashed", "dotted", "solid"):
                    dash = style
                elif style == "invis":
                    pen = fill = "transparent"
            elif kind == "F":
                size = float(op.get("size", size))
            elif kind == "t":
                bold = bool(int(op.get("fontchar", 0)) & 1)
            elif kind == "T":
                x, y = op["pt"]
                element.texts.append(
                    Text(
                        float(x),
                        float(y),
                        str(op.get("align", "c")),
                        float(op.get("width", 0)),
                        str(op["text"]),
                        size,
                        bold,
                        pen,
                    )
                )
            elif kind in ("P", "p", "L", "B", "b"):
                points = tuple((float(p[0]), float(p[1])) for p in op["points"])
                shape: Literal["polygon", "polyline", "bezier"] = (
                    "polygon" if kind in "Pp" else "polyline" if kind == "L" else "bezier"
                )
                # Graphviz's JSON marks filled shapes with the capital letter; an edge is never filled.
                filled = (kind in ("P", "B") and not edge) or (edge and kind == "P")
                element.strokes.append(Stroke(shape, points, filled, pen, fill, width, dash))
            elif kind in ("E", "e"):
                cx, cy, rx, ry = (float(v) for v in op["rect"])
                element.strokes.append(Stroke("ellipse", ((cx, cy), (rx, ry)), kind == "E", pen, fill, width, dash))
