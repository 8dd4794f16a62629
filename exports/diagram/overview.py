"""The overview sheet of a model too large for one page: its zones and parties as boxes, the number of flows
between them on the arrows, and for each box the sheets that draw it in full ("→ 図3–5")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.exports.diagram import escape
from pia_toolkit.exports.diagram.dotwriter import DotWriter
from pia_toolkit.exports.diagram.marks import Marks, hop_warning
from pia_toolkit.exports.diagram.steps import step_numbers
from pia_toolkit.exports.diagram.style import (
    DEFAULT_ZONE_STYLE,
    EDGE_ATTRS,
    GRAPH_ATTRS,
    INK,
    MUTED,
    NODE_ATTRS,
    PAPER,
    SEVERITY_MARKS,
    UNENCRYPTED_LINE,
    VIOLATION_SYMBOL,
    ZONE_STYLES,
    line_style,
)
from pia_toolkit.exports.diagram.texts import step_mark, t, vocab_label
from pia_toolkit.flows.graph import FlowGraph


@dataclass
class Group:
    """One box of the overview: a top-level zone, several zones of one kind, or parties outside any zone."""

    key: str
    title: str
    kind: str
    """a zone kind, or "party" for nodes outside every zone"""
    nodes: list[str]
    figures: list[int] = field(default_factory=list)


def group_name(index: int) -> str:
    return f"_ov_{index}"


def figures_text(figures: Sequence[int]) -> str:
    """2, 3, 4, 7 → 「2–4, 7」"""
    numbers = sorted(set(figures))
    spans: list[str] = []
    start = previous = None
    for number in [*numbers, None]:
        if start is not None and (number is None or previous is None or number != previous + 1):
            spans.append(str(start) if start == previous else f"{start}–{previous}")
            start = None
        if number is not None and start is None:
            start = number
        previous = number
    return ", ".join(spans)


def overview_dot(
    graph: FlowGraph, groups: Sequence[Group], lang: str, marks: Marks, *, rankdir: str = "LR", legend: str = ""
) -> str:
    """DOT of the overview: one box per group, one arrow per pair of groups with the number of flows on it."""
    numbers = step_numbers(graph)
    where = {node: index for index, group in enumerate(groups) for node in group.nodes}
    dot = DotWriter("pia_overview")
    dot.defaults("graph", {**GRAPH_ATTRS, **PAPER.graph, "rankdir": rankdir, "ranksep": "0.3", "nodesep": "0.12"})
    dot.defaults("node", {**NODE_ATTRS, **PAPER.node})
    dot.defaults("edge", {**EDGE_ATTRS, **PAPER.edge})
    if legend:
        dot.node("_legend", label=legend, shape="plain", fontsize="9")
    flows_between: dict[tuple[int, int], list[str]] = {}
    inside: Counter[int] = Counter()
    for flow in graph.flows.values():
        a, b = where.get(flow.source), where.get(flow.target)
        if a is None or b is None:
            continue
        if a == b:
            inside[a] += 1
        else:
            flows_between.setdefault((a, b), []).append(flow.id)
    for index, group in enumerate(groups):
        style = ZONE_STYLES.get(group.kind, DEFAULT_ZONE_STYLE)
        kind = t("parties", lang) if group.kind == "party" else vocab_label("zone_kinds", group.kind, lang)
        title = escape.lines(escape.text(line) for line in escape.wrap(group.title, PAPER.node_title_width[lang]))
        counts = t("overview_nodes", lang, nodes=len(group.nodes))
        if inside[index]:
            counts += t("overview_inside", lang, flows=inside[index])
        lines = [
            f"<B>{title}</B>",
            f'<FONT POINT-SIZE="9" COLOR="{MUTED}">［{escape.text(kind)}］{escape.text(counts)}</FONT>',
        ]
        severity = _worst(marks, group.nodes)
        attrs = {
            "shape": "box",
            "style": f"filled,{style.border}",
            "fillcolor": style.fill,
            "color": style.pen,
            "penwidth": f"{style.penwidth:g}",
        }
        if severity is not None:
            mark = SEVERITY_MARKS[severity]
            count = sum(1 for n in group.nodes if n in marks.nodes)
            badge = (
                f"{VIOLATION_SYMBOL}{severity.label(lang)} ×{count}"
                if count > 1
                else f"{VIOLATION_SYMBOL}{severity.label(lang)}"
            )
            lines.append(f'<FONT COLOR="{mark.color}"><B>{escape.text(badge)}</B></FONT>')
            attrs |= {"color": mark.color, "penwidth": f"{max(style.penwidth, mark.penwidth):g}"}
        if group.figures:
            lines.append(
                f'<FONT POINT-SIZE="9">{escape.text(t("figure_ref", lang, figures=figures_text(group.figures)))}</FONT>'
            )
        dot.node(group_name(index), label=escape.html_label(escape.lines(lines)), **attrs)
    for (a, b), flow_ids in flows_between.items():
        flows = [graph.flows[f] for f in flow_ids]
        steps = sorted(numbers[f] for f in flow_ids)
        text = t("overview_flows", lang, n=len(flows))
        if len(steps) <= 3 and all(1 <= s <= 50 for s in steps):
            text = "".join(step_mark(s) for s in steps) + " " + text
        channels = {f.channel for f in flows}
        unencrypted = any(hop_warning(graph, f) is not None for f in flows)
        line = UNENCRYPTED_LINE if unencrypted else line_style(next(iter(channels)))
        colour = line.color if unencrypted or len(channels) == 1 else INK
        pattern = line.style if unencrypted or len(channels) == 1 else "solid"
        label = escape.html_label(escape.text(text))
        width = min(4.0, 1.0 + len(flows) ** 0.5 * 0.4)
        dot.edge(
            group_name(a),
            group_name(b),
            label=label,
            color=colour,
            style=pattern,
            penwidth=f"{width:.1f}",
            fontsize=PAPER.edge["fontsize"],
        )
    return dot.source()


def _worst(marks: Marks, nodes: Sequence[str]) -> Severity | None:
    found = [marks.nodes[n].severity for n in nodes if n in marks.nodes and marks.nodes[n].violation]
    return max(found) if found else None
