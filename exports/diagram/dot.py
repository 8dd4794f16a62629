"""The zones view: the scheme's nodes inside nested zone clusters, its flows as numbered arrows.

The DOT source is built with ``graphviz.Digraph`` in the model's own order, with names taken from element
ids, so the same model always gives byte-identical DOT.
"""

from __future__ import annotations

from collections.abc import Sequence

import graphviz

from pia_toolkit.catalog.vocabularies import did_you_mean, vocabulary
from pia_toolkit.exports.diagram import escape
from pia_toolkit.exports.diagram.legend import add_legend
from pia_toolkit.exports.diagram.marks import Marks, badge, build_marks, hop_warning
from pia_toolkit.exports.diagram.steps import abbreviated_data, ordered_flows, step_numbers, steps_table, warning_text
from pia_toolkit.exports.diagram.style import (
    ALERT,
    DEFAULT_LINE_STYLE,
    DEFAULT_ZONE_STYLE,
    EDGE_ATTRS,
    EDGE_TEXT_WIDTH,
    FADED,
    FADED_FILL,
    GRAPH_ATTRS,
    HIGHLIGHT,
    INK,
    LINE_STYLES,
    MUTED,
    NODE_ATTRS,
    NODE_TITLE_WIDTH,
    SEVERITY_MARKS,
    SHAPE_ORDER,
    SHAPES,
    UNENCRYPTED_LINE,
    ZONE_STYLES,
)
from pia_toolkit.exports.diagram.texts import channel_text, step_mark, t, vocab_label
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow, Node, Zone, title_in
from pia_toolkit.pia.findings import Finding

FRAME = "cluster__frame"


class UnknownFinding(ValueError):
    """``--highlight`` named a finding id the report does not contain."""

    def __init__(self, finding_id: str, known: list[str]) -> None:
        self.finding_id = finding_id
        self.suggestion = did_you_mean(finding_id, known)
        hint = f" (did you mean '{self.suggestion}'?)" if self.suggestion else ""
        super().__init__(f"no finding with id '{finding_id}'{hint}")


def find_highlight(findings: Sequence[Finding] | None, finding_id: str | None) -> Finding | None:
    if finding_id is None:
        return None
    known = list(findings or ())
    match = next((f for f in known if f.id == finding_id), None)
    if match is None:
        raise UnknownFinding(finding_id, [f.id for f in known])
    return match


def zones_dot(
    graph: FlowGraph,
    *,
    lang: str = "ja",
    findings: Sequence[Finding] | None = None,
    highlight: str | None = None,
    steps: bool = True,
) -> str:
    """DOT source of the zones view. ``findings`` (from the engine) adds marks; ``highlight`` picks one.

    ``steps=False`` leaves out the step table under the diagram (for a document that sets it as text).
    """
    chosen = find_highlight(findings, highlight)
    return _ZonesView(graph, lang, build_marks(graph, findings, chosen)).source(findings, chosen, steps)


class _ZonesView:
    """Builds one zones diagram; holds what every part needs (graph, language, marks, step numbers)."""

    def __init__(self, graph: FlowGraph, lang: str, marks: Marks) -> None:
        self.graph, self.lang, self.marks = graph, lang, marks
        self.numbers = step_numbers(graph)
        self.children = _zone_children(graph)
        self.nodes_in: dict[str | None, list[Node]] = {}
        for node in graph.nodes.values():  # one pass: zones x nodes would be quadratic on large models
            self.nodes_in.setdefault(node.zone, []).append(node)
        # Each flow's label is a node of its own, placed in the innermost zone that holds both ends: dot
        # places ordinary labels of edges between clusters on top of unrelated nodes.
        self.labels_in: dict[str | None, list[Flow]] = {}
        for flow in graph.flows.values():
            self.labels_in.setdefault(_common_zone(graph, flow), []).append(flow)
        self.backward = backward_flows(graph)

    def source(self, findings: Sequence[Finding] | None, chosen: Finding | None, steps: bool) -> str:
        graph, lang = self.graph, self.lang
        dot = graphviz.Digraph(name="pia", graph_attr=GRAPH_ATTRS, node_attr=NODE_ATTRS, edge_attr=EDGE_ATTRS)
        if steps:
            dot.attr(label=escape.html_label(steps_table(graph, self.numbers, self.marks, lang)), labelloc="b")
        # The legend is a separate part of the graph, declared before the frame: in a left-to-right layout
        # dot stacks separate parts bottom-up in declaration order, so it lands under the diagram.
        _add_legend(dot, graph, self.marks, lang)
        with dot.subgraph(name=FRAME) as frame:
            frame.attr(
                label=escape.html_label(_title(graph, findings, chosen, lang)),
                labelloc="t",
                labeljust="l",
                color="white",
                penwidth="0",
                margin="12",
            )
            for zone in self.children.get(None, []):
                self._zone(frame, zone)
            for node in graph.nodes.values():
                if node.zone not in graph.zones:
                    self._node(frame, node)
            for flow in self.labels_in.get(None, []):
                self._flow_label(frame, flow)
            if not graph.nodes:
                # Graphviz draws no empty cluster, and the frame carries the title.
                frame.node("_empty", label="", shape="point", style="invis")
        for flow in graph.flows.values():
            self._flow_edges(dot, flow)
        return str(dot.source)

    def _zone(self, parent: graphviz.Digraph, zone: Zone) -> None:
        graph, marks, lang = self.graph, self.marks, self.lang
        style = ZONE_STYLES.get(zone.kind, DEFAULT_ZONE_STYLE)
        title = title_in(zone, lang)
        kind = vocab_label("zone_kinds", zone.kind, lang)
        label = f"<B>{escape.text(title)}</B>"
        if kind not in title:
            label += f' <FONT POINT-SIZE="10">［{escape.text(kind)}］</FONT>'
        mark = marks.zones.get(zone.id)
        pen, fontcolor, fill, width = style.pen, INK, style.fill, style.penwidth
        if mark is not None:
            severity = SEVERITY_MARKS[mark.severity]
            pen, width = severity.color, max(width, severity.penwidth)
            label += f' <FONT COLOR="{severity.color}"><B>{escape.text(badge(mark, lang))}</B></FONT>'
        if marks.fading:
            if zone.id in marks.strong_zones:
                pen, width = HIGHLIGHT.color, HIGHLIGHT.penwidth
            elif not any(n in marks.strong_nodes for n in graph.members(zone.id)):
                pen, fontcolor, fill = FADED, FADED, FADED_FILL
        with parent.subgraph(name=f"cluster_{zone.id}") as cluster:
            cluster.attr(
                label=escape.html_label(label),
                labelloc="t",
                labeljust="l",
                style=f"filled,{style.border}",
                fillcolor=fill,
                color=pen,
                fontcolor=fontcolor,
                penwidth=f"{width:g}",
                fontsize="12",
                margin="16",
            )
            for child in self.children.get(zone.id, []):
                self._zone(cluster, child)
            for node in self.nodes_in.get(zone.id, []):
                self._node(cluster, node)
            for flow in self.labels_in.get(zone.id, []):
                self._flow_label(cluster, flow)

    def _node(self, parent: graphviz.Digraph, node: Node) -> None:
        graph, marks, lang = self.graph, self.marks, self.lang
        shape = SHAPES[shape_family(node)]
        state = marks.node_state(node.id)
        title = graph.node_label(node.id, lang)
        wrapped = escape.lines(escape.text(line) for line in escape.wrap(title, NODE_TITLE_WIDTH[lang]))
        details = vocab_label("node_kinds", node.kind, lang)
        country = node.location.country
        if country not in ("JP", "unknown"):
            details += f" / {country}"
        lines = [f"<B>{wrapped}</B>", f'<FONT POINT-SIZE="9" COLOR="{MUTED}">{escape.text(details)}</FONT>']
        attrs = {"shape": shape.shape, "style": shape.style, "fillcolor": shape.fill}
        mark = marks.nodes.get(node.id)
        if mark is not None:
            severity = SEVERITY_MARKS[mark.severity]
            colour = FADED if state == "faded" else severity.color
            lines.append(f'<FONT COLOR="{colour}"><B>{escape.text(badge(mark, lang))}</B></FONT>')
            attrs |= {
                "color": severity.color,
                "penwidth": f"{severity.penwidth:g}",
                "peripheries": str(severity.peripheries),
            }
        if state == "strong":
            attrs |= {"color": HIGHLIGHT.color, "penwidth": f"{HIGHLIGHT.penwidth:g}", "peripheries": "2"}
        elif state == "faded":
            attrs |= {"color": FADED, "fontcolor": FADED, "fillcolor": FADED_FILL}
            lines[1] = f'<FONT POINT-SIZE="9">{escape.text(details)}</FONT>'
        parent.node(node.id, label=escape.html_label(escape.lines(lines)), **attrs)

    def _line_attrs(self, flow: Flow) -> dict[str, str]:
        state = self.marks.flow_state(flow.id)
        line = UNENCRYPTED_LINE if hop_warning(self.graph, flow) else LINE_STYLES.get(flow.channel, DEFAULT_LINE_STYLE)
        attrs = {
            "style": line.style,
            "color": line.color,
            "penwidth": f"{line.penwidth:g}",
            "arrowhead": line.arrowhead,
        }
        mark = self.marks.flows.get(flow.id)
        if mark is not None and hop_warning(self.graph, flow) is None:
            severity = SEVERITY_MARKS[mark.severity]
            attrs |= {"color": severity.color, "penwidth": f"{max(line.penwidth, severity.penwidth):g}"}
        if state == "strong":
            attrs |= {"color": HIGHLIGHT.color, "penwidth": f"{HIGHLIGHT.penwidth:g}"}
        elif state == "faded":
            attrs |= {"color": FADED, "penwidth": f"{min(line.penwidth, 1.2):g}"}
        return attrs

    def _flow_label(self, parent: graphviz.Digraph, flow: Flow) -> None:
        graph, lang = self.graph, self.lang
        faded = self.marks.flow_state(flow.id) == "faded"
        number = self.numbers[flow.id]
        head = f"<B>{escape.text(step_mark(number))}</B> {escape.text(channel_text(flow.channel, lang))}"
        data = escape.lines(
            escape.text(part) for part in escape.wrap(abbreviated_data(graph, flow, lang), EDGE_TEXT_WIDTH[lang])
        )
        rows = [head, data]
        warning = warning_text(graph, flow, lang)
        if warning:
            rows.append(f'<FONT COLOR="{FADED if faded else ALERT}"><B>{escape.text(warning)}</B></FONT>')
        mark = self.marks.flows.get(flow.id)
        if mark is not None:
            colour = FADED if faded else SEVERITY_MARKS[mark.severity].color
            rows.append(f'<FONT COLOR="{colour}"><B>{escape.text(badge(mark, lang))}</B></FONT>')
        parent.node(
            flow_label_name(flow),
            label=escape.html_label(escape.lines(rows)),
            shape="plaintext",
            fontsize=EDGE_ATTRS["fontsize"],
            fontcolor=FADED if faded else INK,
            margin="0.05,0.06",
        )

    def _flow_edges(self, dot: graphviz.Digraph, flow: Flow) -> None:
        """The flow's line, drawn as two edges through its label node; only the last part has an arrowhead.

        A flow that runs against the diagram's direction (a reply, a return) is written target-first with
        ``dir=back``, so the label node stays between its two ends instead of being pushed past the source.
        """
        attrs = self._line_attrs(flow)
        label = flow_label_name(flow)
        arrow = attrs.pop("arrowhead")
        if flow.id in self.backward:
            dot.edge(flow.target, label, **attrs, dir="back", arrowtail=arrow)
            dot.edge(label, flow.source, **attrs, dir="none")
        else:
            dot.edge(flow.source, label, **attrs, dir="none")
            dot.edge(label, flow.target, **attrs, arrowhead=arrow)


# ---- title -------------------------------------------------------------------------------------------------
def _title(graph: FlowGraph, findings: Sequence[Finding] | None, chosen: Finding | None, lang: str) -> str:
    scheme = graph.document.scheme
    title = title_in(scheme, lang)
    lines = [
        f'<FONT POINT-SIZE="18"><B>{escape.text(title)}</B></FONT>',
        f'<FONT POINT-SIZE="12">{escape.text(scheme.municipality)}　{escape.text(t("diagram", lang))}</FONT>',
    ]
    if findings is not None:
        open_findings = [f for f in findings if f.open]
        violations = sum(1 for f in open_findings if not f.question)
        summary = t("findings_count", lang, n=len(open_findings), v=violations, q=len(open_findings) - violations)
        lines.append(f'<FONT POINT-SIZE="11">{escape.text(summary)}</FONT>')
    if chosen is not None:
        lines.append(
            f'<FONT POINT-SIZE="12" COLOR="{ALERT}"><B>{escape.text(t("highlight", lang))}: '
            f"{escape.text(chosen.id)}</B></FONT>"
        )
        message = escape.lines((escape.text(line) for line in escape.wrap(chosen.text(lang), 90)), "LEFT")
        lines.append(f'<FONT POINT-SIZE="11" COLOR="{ALERT}">{message}</FONT>')
        lines.append(f'<FONT POINT-SIZE="10" COLOR="{MUTED}">{escape.text(t("faded", lang))}</FONT>')
    return escape.lines(lines, "LEFT") + '<BR ALIGN="LEFT"/>'


# ---- zones -------------------------------------------------------------------------------------------------
def _zone_children(graph: FlowGraph) -> dict[str | None, list[Zone]]:
    """Parent zone id (None for the outermost) → its zones, in model order."""
    children: dict[str | None, list[Zone]] = {}
    for zone in graph.zones.values():
        parent = zone.parent if zone.parent in graph.zones else None
        children.setdefault(parent, []).append(zone)
    return children


def _common_zone(graph: FlowGraph, flow: Flow) -> str | None:
    """The innermost zone that contains both ends of ``flow`` (None: the diagram itself)."""
    source = [z.id for z in graph.zone_chain(graph.nodes[flow.source].zone)] if flow.source in graph.nodes else []
    target = {z.id for z in graph.zone_chain(graph.nodes[flow.target].zone)} if flow.target in graph.nodes else set()
    return next((zone for zone in source if zone in target), None)


# ---- nodes -------------------------------------------------------------------------------------------------
def shape_family(node: Node) -> str:
    family = vocabulary("node_kinds")[node.kind].extra.get("shape", "organisation")
    return str(family) if family in SHAPES else "organisation"


# ---- flows -------------------------------------------------------------------------------------------------
def flow_label_name(flow: Flow) -> str:
    """DOT name of a flow's label node (model ids never start with ``_``, so this cannot clash)."""
    return f"_flow_{flow.id}"


def backward_flows(graph: FlowGraph) -> set[str]:
    """Flows that close a cycle, found by a depth-first search that follows the steps in order.

    The search starts from the sender of step ① and takes each node's flows by step number, so the
    diagram reads in step order and replies and returns come out as the backward flows. Writing those
    edges reversed keeps the layered graph acyclic without Graphviz reversing edges itself (which would
    push the label nodes past the ends of their flow). Model order breaks ties, so the result is stable.
    """
    ordered = ordered_flows(graph, step_numbers(graph))
    outgoing: dict[str, list[Flow]] = {n: [] for n in graph.nodes}
    for flow in ordered:
        if flow.source != flow.target:
            outgoing[flow.source].append(flow)
    roots = dict.fromkeys([*(f.source for f in ordered), *graph.nodes])
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    backward: set[str] = set()
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(outgoing[root]))]
        while stack:
            node, edges = stack[-1]
            step = next(edges, None)
            if step is None:
                state[node] = 2
                stack.pop()
            elif state.get(step.target) == 1:
                backward.add(step.id)
            elif step.target not in state:
                state[step.target] = 1
                stack.append((step.target, iter(outgoing[step.target])))
    return backward


# ---- legend ------------------------------------------------------------------------------------------------
def _add_legend(frame: graphviz.Digraph, graph: FlowGraph, marks: Marks, lang: str) -> None:
    used_shapes = {shape_family(n) for n in graph.nodes.values()}
    channels = list(dict.fromkeys(f.channel for f in graph.flows.values() if hop_warning(graph, f) is None))
    channel_order = list(vocabulary("channels").ids)
    channels.sort(key=channel_order.index)
    all_marks = [*marks.nodes.values(), *marks.flows.values(), *marks.zones.values()]
    add_legend(
        frame,
        shapes=[s for s in SHAPE_ORDER if s in used_shapes],
        channels=channels,
        unencrypted=any(hop_warning(graph, f) is not None for f in graph.flows.values()),
        severities=sorted({m.severity for m in all_marks}, reverse=True),
        questions=any(not m.violation for m in all_marks),
        lang=lang,
    )
