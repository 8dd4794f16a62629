"""The zones view: the scheme's nodes inside nested zone clusters, its flows as numbered arrows.

The DOT text is written directly (:mod:`dotwriter`) in the model's own order, with names taken from element
ids, so the same model always gives byte-identical DOT, in time linear in the model.

One view draws the whole model (``pia render``), or one sheet of it (a :class:`Scope`: the nodes of one zone,
the flows that touch them, and the nodes at their far ends as small "stub" boxes) in the compact style meant for
paper, where the title, the legend and the step table are set by the document around the drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pia_toolkit.catalog.vocabularies import did_you_mean
from pia_toolkit.exports.diagram import escape
from pia_toolkit.exports.diagram.arrangement import (
    backward_flows,
    bundle_mark,
    bundles_of,
    common_zone,
    flow_label_name,
    node_order,
    stub_name,
    used_zones,
    zone_children,
)
from pia_toolkit.exports.diagram.dotwriter import DotWriter, attr_list
from pia_toolkit.exports.diagram.legend import add_legend
from pia_toolkit.exports.diagram.legend_content import legend_content, shape_family
from pia_toolkit.exports.diagram.marks import Mark, Marks, badge, build_marks, hop_warning
from pia_toolkit.exports.diagram.overlay import Overlay
from pia_toolkit.exports.diagram.steps import abbreviated_items, step_numbers, steps_table, warning_text
from pia_toolkit.exports.diagram.style import (
    ALERT,
    DEFAULT_ZONE_STYLE,
    EDGE_ATTRS,
    EDGE_TEXT_WIDTH,
    FADED,
    FADED_FILL,
    GRAPH_ATTRS,
    HIGHLIGHT,
    INK,
    MUTED,
    NODE_ATTRS,
    NODE_TITLE_WIDTH,
    PAPER,
    SEVERITY_MARKS,
    SHAPES,
    STUB,
    UNENCRYPTED_LINE,
    ZONE_STYLES,
    line_style,
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


@dataclass(frozen=True)
class Scope:
    """What one sheet of the zones view draws, in the compact paper style.

    ``nodes`` are drawn in their zones; ``flows`` (default: every flow touching one of them) are drawn with their
    step numbers; a flow's end outside ``nodes`` is a stub: the far node's title and zone in a small dashed box.
    """

    nodes: frozenset[str] | None = None
    """None: every node of the model."""
    flows: tuple[str, ...] | None = None
    rankdir: str = "LR"
    legend: bool = False
    """Draw the legend into the DOT (pictures that leave the program alone: SVG, PNG)."""


def zones_dot(
    graph: FlowGraph,
    *,
    lang: str = "ja",
    findings: Sequence[Finding] | None = None,
    highlight: str | None = None,
    steps: bool = True,
    scope: Scope | None = None,
    marks: Marks | None = None,
    overlay: Overlay | None = None,
) -> str:
    """DOT source of the zones view. ``findings`` (from the engine) adds marks; ``highlight`` picks one.

    ``steps=False`` leaves out the step table under the diagram (for a document that sets it as text);
    ``scope`` draws one sheet in the paper style (no title, legend or step table: the page around it has them);
    ``marks`` are the marks already built from ``findings`` (sheets of one model share them); ``overlay`` restyles
    elements and step numbers (:mod:`overlay`, e.g. the change diagram).
    """
    chosen = find_highlight(findings, highlight)
    view = _ZonesView(graph, lang, marks or build_marks(graph, findings, chosen), scope, overlay)
    return view.source(findings, chosen, steps)


class _ZonesView:
    """Builds one zones diagram; holds what every part needs (graph, language, marks, step numbers)."""

    def __init__(
        self, graph: FlowGraph, lang: str, marks: Marks, scope: Scope | None, overlay: Overlay | None = None
    ) -> None:
        self.graph, self.lang, self.marks, self.scope = graph, lang, marks, scope
        self.overlay = overlay
        self.paper = scope is not None
        self.numbers = step_numbers(graph)
        drawn = scope.nodes if scope is not None and scope.nodes is not None else None
        if scope is None or scope.flows is None:
            flows = [f for f in graph.flows.values() if drawn is None or f.source in drawn or f.target in drawn]
        else:
            flows = [graph.flows[f] for f in scope.flows if f in graph.flows]
        self.flows = flows
        # On paper, hand-overs between the same two nodes over the same kind of line share one arrow and one
        # label that lists their step numbers (⑥⑦⑨ 郵送 …): eight mailings to a resident are one arrow, not eight.
        self.bundles = bundles_of(graph, flows, marks) if scope is not None else {f.id: [f] for f in flows}
        self.stubs: dict[str, None] = {}
        if drawn is not None:
            for flow in flows:
                for end in (flow.source, flow.target):
                    if end not in drawn and end in graph.nodes:
                        self.stubs[end] = None
        self.drawn = drawn
        self.children = zone_children(graph)
        self.nodes_in: dict[str | None, list[Node]] = {}
        # One pass over the drawn nodes, in model order: zones x nodes would be quadratic on large models.
        order = node_order(graph)
        chosen = (
            graph.nodes.values()
            if drawn is None
            else sorted((graph.nodes[n] for n in drawn), key=lambda n: order[n.id])
        )
        for node in chosen:
            self.nodes_in.setdefault(node.zone if node.zone in graph.zones else None, []).append(node)
        self.used_zones = used_zones(graph, self.nodes_in)
        # Each flow's label is a node of its own, placed in the innermost zone that holds both ends: dot
        # places ordinary labels of edges between clusters on top of unrelated nodes.
        self.labels_in: dict[str | None, list[Flow]] = {}
        for flow in (bundle[0] for bundle in self.bundles.values()):
            zone = common_zone(graph, flow) if flow.source not in self.stubs and flow.target not in self.stubs else None
            self.labels_in.setdefault(zone if zone in self.used_zones else None, []).append(flow)
        self.backward = backward_flows(graph)
        self._attr_texts: dict[tuple[tuple[str, str], ...], str] = {}
        self._label_bodies: dict[tuple[object, ...], str] = {}
        self._label_attrs = {
            faded: {
                "fontcolor": FADED if faded else INK,
                "fontsize": PAPER.edge["fontsize"] if self.paper else EDGE_ATTRS["fontsize"],
                "margin": PAPER.label_margin if self.paper else "0.05,0.06",
                "shape": "plaintext",
            }
            for faded in (False, True)
        }

    def source(self, findings: Sequence[Finding] | None, chosen: Finding | None, steps: bool) -> str:
        graph, lang = self.graph, self.lang
        dot = DotWriter("pia")
        if self.paper:
            attrs = {**GRAPH_ATTRS, **PAPER.graph, "rankdir": self.scope.rankdir if self.scope else "LR"}
            dot.defaults("graph", attrs)
            dot.defaults("node", {**NODE_ATTRS, **PAPER.node})
            dot.defaults("edge", {**EDGE_ATTRS, **PAPER.edge})
            if self.scope is not None and self.scope.legend:
                _add_legend(dot, graph, self.marks, lang, self.flows, self.drawn)
            self._contents(dot)
            for bundle in self.bundles.values():
                self._flow_edges(dot, bundle[0])
            return dot.source()
        dot.defaults("graph", GRAPH_ATTRS)
        dot.defaults("node", NODE_ATTRS)
        dot.defaults("edge", EDGE_ATTRS)
        if steps:
            dot.attrs(label=escape.html_label(steps_table(graph, self.numbers, self.marks, lang)), labelloc="b")
        if self.overlay is not None:
            self.overlay.decorate(dot)
        # The legend is a separate part of the graph, declared before the frame: in a left-to-right layout
        # dot stacks separate parts bottom-up in declaration order, so it lands under the diagram.
        _add_legend(dot, graph, self.marks, lang, self.flows, None, self.overlay)
        title = _title(graph, findings, chosen, lang)
        with dot.subgraph(FRAME):
            dot.attrs(
                color="white",
                label=escape.html_label(self.overlay.title(title) if self.overlay is not None else title),
                labeljust="l",
                labelloc="t",
                margin="12",
                penwidth="0",
            )
            self._contents(dot)
            if not graph.nodes:
                # Graphviz draws no empty cluster, and the frame carries the title.
                dot.node("_empty", label="", shape="point", style="invis")
        for flow in self.flows:
            self._flow_edges(dot, flow)
        return dot.source()

    def _contents(self, dot: DotWriter) -> None:
        for zone in self.children.get(None, []):
            self._zone(dot, zone)
        for node in self.nodes_in.get(None, []):
            self._node(dot, node)
        for stub in self.stubs:
            self._stub(dot, self.graph.nodes[stub])
        for flow in self.labels_in.get(None, []):
            self._flow_label(dot, flow)

    def _zone(self, dot: DotWriter, zone: Zone) -> None:
        if zone.id not in self.used_zones:
            return
        graph, marks, lang = self.graph, self.marks, self.lang
        style = ZONE_STYLES.get(zone.kind, DEFAULT_ZONE_STYLE)
        title = title_in(zone, lang)
        kind = vocab_label("zone_kinds", zone.kind, lang)
        label = f"<B>{escape.text(title)}</B>"
        if kind not in title:
            label += f' <FONT POINT-SIZE="{PAPER.zone_kind_size if self.paper else 10}">［{escape.text(kind)}］</FONT>'
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
        attrs = {
            "color": pen,
            "fillcolor": fill,
            "fontcolor": fontcolor,
            "fontsize": PAPER.zone_size if self.paper else "12",
            "labeljust": "l",
            "labelloc": "t",
            "margin": PAPER.zone_margin if self.paper else "16",
            "penwidth": f"{width:g}",
            "style": f"filled,{style.border}",
        }
        html = escape.html_label(label)
        if self.overlay is not None:
            html, attrs = self.overlay.zone(zone.id, html, attrs)
        with dot.subgraph(f"cluster_{zone.id}"):
            dot.attrs(label=html, **attrs)
            for child in self.children.get(zone.id, []):
                self._zone(dot, child)
            for node in self.nodes_in.get(zone.id, []):
                self._node(dot, node)
            for flow in self.labels_in.get(zone.id, []):
                self._flow_label(dot, flow)

    def _cached(
        self, key: tuple[str, ...], name: str, dot: DotWriter, make: Callable[[], tuple[str, dict[str, str]]]
    ) -> None:
        """Write node ``name``; its label and attributes are made once per key and language (sheets share them)."""
        if not self.paper:  # the whole model at once: every label is written once anyway
            label, attrs = make()
            dot.node(name, label=label, **attrs)
            return
        full = (self.lang, *key)
        found = self.marks.drawn.get(full)
        if found is None:
            found = self.marks.drawn[full] = make()
        dot.node(name, label=found[0], **found[1])

    def _node(self, dot: DotWriter, node: Node) -> None:
        self._cached(("node", node.id), node.id, dot, lambda: self._node_label(node))

    def _margin_inside(self, penwidth: float) -> str:
        """The node's margin widened by a mark's border: half of a thick line (and a 3D box's inner edge) lies
        inside the shape, and without the room the title's first line touches it."""
        base = (PAPER.node if self.paper else NODE_ATTRS)["margin"]
        x, y = (float(part) for part in base.split(","))
        extra = penwidth / 72  # points to inches
        return f"{x + extra:.3f},{y + extra:.3f}"

    def _node_label(self, node: Node) -> tuple[str, dict[str, str]]:
        graph, marks, lang = self.graph, self.marks, self.lang
        shape = SHAPES[shape_family(node)]
        state = marks.node_state(node.id)
        title = graph.node_label(node.id, lang)
        columns = (PAPER.node_title_width if self.paper else NODE_TITLE_WIDTH)[lang]
        wrapped = escape.lines(escape.text(line) for line in escape.wrap(title, columns))
        details = vocab_label("node_kinds", node.kind, lang)
        country = node.location.country
        if country not in ("JP", "unknown"):
            details += f" / {country}"
        size = PAPER.node_detail_size if self.paper else "9"
        lines = [f"<B>{wrapped}</B>", f'<FONT POINT-SIZE="{size}" COLOR="{MUTED}">{escape.text(details)}</FONT>']
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
                "margin": self._margin_inside(severity.penwidth),
            }
        if state == "strong":
            attrs |= {"color": HIGHLIGHT.color, "penwidth": f"{HIGHLIGHT.penwidth:g}", "peripheries": "2"}
        elif state == "faded":
            attrs |= {"color": FADED, "fontcolor": FADED, "fillcolor": FADED_FILL}
            lines[1] = f'<FONT POINT-SIZE="{size}">{escape.text(details)}</FONT>'
        if self.overlay is not None:
            return self.overlay.node(node.id, escape.html_label(escape.lines(lines)), attrs)
        return escape.html_label(escape.lines(lines)), attrs

    def _stub(self, dot: DotWriter, node: Node) -> None:
        """A node drawn on another sheet: its title and where it is, small and dashed."""
        self._cached(("stub", node.id), stub_name(node.id), dot, lambda: self._stub_label(node))

    def _stub_label(self, node: Node) -> tuple[str, dict[str, str]]:
        graph, lang = self.graph, self.lang
        title = graph.node_label(node.id, lang)
        wrapped = escape.lines(escape.text(line) for line in escape.wrap(title, PAPER.node_title_width[lang]))
        zone = graph.zone_label(node.zone, lang) if node.zone in graph.zones else t("outside_zone", lang)
        where = escape.lines(escape.text(line) for line in escape.wrap(f"［{zone}］", PAPER.node_title_width[lang]))
        lines = [wrapped, f'<FONT POINT-SIZE="{PAPER.node_detail_size}" COLOR="{MUTED}">{where}</FONT>']
        attrs = {"shape": "box", "style": STUB.style, "color": STUB.pen, "fillcolor": STUB.fill, "fontcolor": INK}
        return escape.html_label(escape.lines(lines)), attrs

    def _end(self, node_id: str) -> str:
        return stub_name(node_id) if node_id in self.stubs else node_id

    def _line_attrs(self, flow: Flow) -> dict[str, str]:
        state = self.marks.flow_state(flow.id)
        line = UNENCRYPTED_LINE if hop_warning(self.graph, flow) else line_style(flow.channel)
        attrs = {
            "style": line.style,
            "color": line.color,
            "penwidth": f"{line.penwidth:g}",
            "arrowhead": line.arrowhead,
        }
        mark = bundle_mark(self.marks, self.bundles.get(flow.id, [flow]))
        if mark is not None and hop_warning(self.graph, flow) is None:
            severity = SEVERITY_MARKS[mark.severity]
            attrs |= {"color": severity.color, "penwidth": f"{max(line.penwidth, severity.penwidth):g}"}
        if state == "strong":
            attrs |= {"color": HIGHLIGHT.color, "penwidth": f"{HIGHLIGHT.penwidth:g}"}
        elif state == "faded":
            attrs |= {"color": FADED, "penwidth": f"{min(line.penwidth, 1.2):g}"}
        return self.overlay.flow_line(flow.id, attrs) if self.overlay is not None else attrs

    def _flow_label(self, dot: DotWriter, flow: Flow) -> None:
        bundle = self.bundles.get(flow.id, [flow])
        key = ("flow", *(f.id for f in bundle))
        self._cached(key, flow_label_name(flow), dot, lambda: self._flow_label_text(flow, bundle))

    def _flow_label_text(self, flow: Flow, bundle: list[Flow]) -> tuple[str, dict[str, str]]:
        faded = all(self.marks.flow_state(f.id) == "faded" for f in bundle)
        overlay = self.overlay
        numbers = "".join(
            step_mark(self.numbers[f.id]) if overlay is None else overlay.step(f.id, self.numbers[f.id]) for f in bundle
        )
        items = tuple(dict.fromkeys(d for f in bundle for d in f.data)) if len(bundle) > 1 else flow.data
        mark = bundle_mark(self.marks, bundle)
        warning = hop_warning(self.graph, flow)
        signature = (
            flow.channel,
            tuple(items),
            warning,
            faded,
            None if mark is None else (mark.severity, mark.violation, mark.count, mark.violations),
        )
        # Everything but the step number is shared by the flows that carry the same items the same way.
        rest = self._label_bodies.get(signature)
        if rest is None:
            rest = self._label_bodies[signature] = self._label_body(flow, items, faded, mark)
        label = f"<<B>{escape.text(numbers)}</B> {rest}>"
        if overlay is not None:
            return overlay.flow_label(flow.id, label, dict(self._label_attrs[faded]))
        return label, self._label_attrs[faded]

    def _label_body(self, flow: Flow, items: Sequence[str], faded: bool, mark: Mark | None) -> str:
        graph, lang = self.graph, self.lang
        columns = (PAPER.edge_text_width if self.paper else EDGE_TEXT_WIDTH)[lang]
        data = escape.lines(escape.text(part) for part in escape.wrap(abbreviated_items(graph, items, lang), columns))
        rows = [escape.text(channel_text(flow.channel, lang)), data]
        warning = warning_text(graph, flow, lang)
        if warning:
            rows.append(f'<FONT COLOR="{FADED if faded else ALERT}"><B>{escape.text(warning)}</B></FONT>')
        if mark is not None:
            colour = FADED if faded else SEVERITY_MARKS[mark.severity].color
            rows.append(f'<FONT COLOR="{colour}"><B>{escape.text(badge(mark, lang))}</B></FONT>')
        return escape.lines(rows)

    def _flow_edges(self, dot: DotWriter, flow: Flow) -> None:
        """The flow's line, drawn as two edges through its label node; only the last part has an arrowhead.

        A flow that runs against the diagram's direction (a reply, a return) is written target-first with
        ``dir=back``, so the label node stays between its two ends instead of being pushed past the source.
        """
        attrs = self._line_attrs(flow)
        label = flow_label_name(flow)
        arrow = attrs.pop("arrowhead")
        source, target = self._end(flow.source), self._end(flow.target)
        if flow.id in self.backward:
            first, second = self._attr_text(attrs, dir="back", arrowtail=arrow), self._attr_text(attrs, dir="none")
            dot.edge_text(target, label, first)
            dot.edge_text(label, source, second)
        else:
            first, second = self._attr_text(attrs, dir="none"), self._attr_text(attrs, arrowhead=arrow)
            dot.edge_text(source, label, first)
            dot.edge_text(label, target, second)

    def _attr_text(self, attrs: dict[str, str], **more: str) -> str:
        """The written attribute list; a model has thousands of flows but a handful of line styles."""
        key = (*attrs.items(), *more.items())
        found = self._attr_texts.get(key)
        if found is None:
            found = self._attr_texts[key] = attr_list({**attrs, **more})
        return found


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


def _add_legend(
    dot: DotWriter,
    graph: FlowGraph,
    marks: Marks,
    lang: str,
    flows: Sequence[Flow],
    nodes: Iterable[str] | None,
    overlay: Overlay | None = None,
) -> None:
    content = legend_content(graph, marks, None if nodes is None else flows, nodes)
    add_legend(dot, content, lang, overlay.legend_rows() if overlay is not None else ())
