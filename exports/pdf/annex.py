"""別添1: the data-flow diagram, drawn by :mod:`exports.diagram`, and the step table beneath it.

The diagram is a PNG from Graphviz, scaled to the page frame with its aspect ratio kept and never split; a wide
diagram gets a landscape page of its own. The step table is set as text (searchable, splittable across pages),
so the picture is drawn without the table Graphviz would put under it. Without Graphviz, a boxed note says how
to install it and the table still follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Flowable, Image, KeepTogether, NextPageTemplate, PageBreak, Spacer

from pia_toolkit.exports.diagram import GraphvizMissing, RenderError, diagram_source, write_diagram
from pia_toolkit.exports.diagram.steps import step_numbers
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import UNKNOWN, Ctx
from pia_toolkit.exports.pdf.sections import items_flowables
from pia_toolkit.flows.schema import known_protections, stated_protections
from pia_toolkit.pia.assessment.form import FormSection

FRAME_PADDING = 0  # the document's frames have no padding (see build.AssessmentDoc)


@dataclass
class DiagramResult:
    path: Path | None
    problem: str | None = None
    graphviz_missing: bool = False


def render_diagram(ctx: Ctx, workdir: Path) -> DiagramResult:
    """The zones view as a PNG in ``workdir``; never raises for a missing or failing Graphviz."""
    # The step table is printed as searchable text below the picture, so the picture leaves it out.
    source = diagram_source(
        ctx.checked.graph, view="zones", lang=ctx.lang, findings=ctx.checked.report.findings, steps=False
    )
    if ctx.public:
        source = _withhold_addresses(ctx, source)
    target = workdir / "annex1-diagram.png"
    try:
        write_diagram(source, target)
    except GraphvizMissing:
        return DiagramResult(None, "Graphviz missing", graphviz_missing=True)
    except (RenderError, OSError, ValueError) as error:
        return DiagramResult(None, str(error))
    return DiagramResult(target)


def _withhold_addresses(ctx: Ctx, source: str) -> str:
    """Belt and braces: no node or flow address may reach the public picture."""
    graph = ctx.checked.graph
    for address in [n.address for n in graph.nodes.values()] + [f.address for f in graph.flows.values()]:
        if address:
            source = source.replace(str(address), ctx.text("withheld"))
    return source


def _picture_size(result: DiagramResult) -> tuple[int, int] | None:
    """The PNG's size in pixels; None (with the reason in ``result``) when it cannot be placed."""
    if result.path is None:
        return None
    try:
        width, height = ImageReader(str(result.path)).getSize()
    except Exception as error:  # Pillow refuses pictures of hundreds of megapixels (a very large model)
        result.problem = f"too large to place on a page ({type(error).__name__}); draw it with `pia render`"
        return None
    return int(width), int(height)


def annex1(ctx: Ctx, section: FormSection, workdir: Path) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading(0, section.text(ctx.lang), f"sec-{section.id}")]
    out.extend(items_flowables(ctx, section.items))
    out.append(Spacer(1, 6))
    result = render_diagram(ctx, workdir)
    size = _picture_size(result)
    if result.path is None or size is None:
        if result.graphviz_missing:
            body = ctx.markup(ctx.text("diagram_missing_graphviz"))
        else:
            body = ctx.markup(ctx.text("diagram_missing_other", reason=result.problem or "?"))
            ctx.warnings.append(f"the 別添1 diagram could not be placed: {result.problem}")
        out.append(ctx.heading(1, ctx.text("diagram"), "annex1-diagram"))
        out.append(ctx.boxed_note(ctx.text("diagram_missing_title"), body, styles.FRAME_WIDTH))
        out.append(Spacer(1, 8))
        out.extend(step_section(ctx, styles.FRAME_WIDTH))
        out.extend(parties_section(ctx, styles.FRAME_WIDTH))
        return out
    px_w, px_h = size
    wide = px_w > px_h * 1.15
    heading = ctx.heading(1, ctx.text("diagram"), "annex1-diagram")
    page_w, page_h = (
        (styles.LANDSCAPE_FRAME_WIDTH, styles.LANDSCAPE_FRAME_HEIGHT)
        if wide
        else (styles.FRAME_WIDTH, styles.FRAME_HEIGHT)
    )
    page_w -= 2 * FRAME_PADDING
    page_h -= 2 * FRAME_PADDING
    _, heading_h = heading.wrap(page_w, page_h)
    title_room = heading_h + heading.getSpaceBefore() + heading.getSpaceAfter() + 4
    frame_w, frame_h = page_w, page_h - title_room
    if wide:
        out.extend([NextPageTemplate("landscape"), PageBreak()])
    scale = min(frame_w / px_w, frame_h / px_h)
    image = Image(str(result.path), width=px_w * scale, height=px_h * scale, hAlign="CENTER")
    if not wide:
        out.append(CondPageBreak(px_h * scale + title_room))
    out.append(KeepTogether([heading, image]))
    if wide:
        # The step table reads better on the wide page too; come back to portrait after it.
        out.append(Spacer(1, 10))
        out.extend(step_section(ctx, styles.LANDSCAPE_FRAME_WIDTH))
        out.extend(parties_section(ctx, styles.LANDSCAPE_FRAME_WIDTH))
        out.extend([NextPageTemplate("portrait"), PageBreak()])
    else:
        out.append(Spacer(1, 10))
        out.extend(step_section(ctx, styles.FRAME_WIDTH))
        out.extend(parties_section(ctx, styles.FRAME_WIDTH))
    return out


def step_section(ctx: Ctx, width: float) -> list[Flowable]:
    st = ctx.st
    graph = ctx.checked.graph
    numbers = step_numbers(graph)
    order = {flow_id: i for i, flow_id in enumerate(graph.flows)}
    flows = sorted(graph.flows.values(), key=lambda f: (numbers.get(f.id, 0), order[f.id]))
    with_address = any(f.address for f in flows)
    head = ["step", "from_to", "data_items", "channel", "protection", "relationship"]
    if with_address:
        head.append("connection_detail")
    rows: list[list[Any]] = [[ctx.paragraph(ctx.markup(ctx.text(h)), st.cell_head) for h in head]]
    for flow in flows:
        title = ctx.title_of(flow) if flow.title else ""
        step_cell = [
            ctx.paragraph(str(numbers.get(flow.id, "")), st.cell),
            ctx.paragraph(ctx.markup(flow.id), st.item_id),
        ]
        from_to = f"{ctx.markup(ctx.node_title(flow.source))} → {ctx.markup(ctx.node_title(flow.target))}"
        if title and title != flow.id:
            from_to = f"{ctx.markup(title)}<br/>{ctx.grey(ctx.node_title(flow.source))} → {ctx.grey(ctx.node_title(flow.target))}"
        data = ctx.sep().join(ctx.markup(ctx.data_title(d)) for d in flow.data)
        known = known_protections(flow)
        if not known.stated:
            protection = ctx.grey(ctx.text("unknown"))
        elif known.complete and not known.present:
            protection = ctx.markup(ctx.text("none"))
        else:
            protection = ctx.sep().join(ctx.markup(ctx.term("protections", p)) for p in stated_protections(flow))
            if not known.complete:
                protection += ctx.grey(ctx.sep() + ctx.text("others_unknown"))
        row: list[Any] = [
            step_cell,
            ctx.paragraph(from_to, st.cell_small),
            ctx.paragraph(data, st.cell_small),
            ctx.paragraph(ctx.markup(ctx.term("channels", flow.channel)), st.cell_small),
            ctx.paragraph(protection, st.cell_small),
            ctx.paragraph(ctx.markup(ctx.term("relationships", flow.relationship)), st.cell_small),
        ]
        if with_address:
            address = flow.address
            shown = ctx.withheld() if (ctx.public and address) else (ctx.markup(address) if address else "")
            row.append(ctx.paragraph(shown, st.cell_small))
        rows.append(row)
    fractions = [0.07, 0.27, 0.24, 0.13, 0.16, 0.13] if not with_address else [0.06, 0.23, 0.2, 0.11, 0.14, 0.1, 0.16]
    widths = [width * f for f in fractions]
    return [ctx.heading(1, ctx.text("steps"), "annex1-steps"), ctx.table(rows, widths)]


def parties_section(ctx: Ctx, width: float) -> list[Flowable]:
    st = ctx.st
    graph = ctx.checked.graph
    if not graph.nodes:
        return []
    head = ["node", "kind", "zone", "location", "operator", "address"]
    rows: list[list[Any]] = [[ctx.paragraph(ctx.markup(ctx.text(h)), st.cell_head) for h in head]]
    for node in graph.nodes.values():
        zone = graph.zones.get(node.zone) if node.zone else None
        country = node.location.country if node.location else None
        operator = ctx.node_title(node.operator) if node.operator else ""
        address = node.address
        shown = (ctx.withheld() if ctx.public else ctx.markup(address)) if address else ""
        rows.append(
            [
                [
                    ctx.paragraph(ctx.markup(ctx.title_of(node)), st.cell_small),
                    ctx.paragraph(ctx.markup(node.id), st.item_id),
                ],
                ctx.paragraph(ctx.markup(ctx.term("node_kinds", node.kind)), st.cell_small),
                ctx.paragraph(ctx.markup(ctx.title_of(zone)) if zone else "", st.cell_small),
                ctx.paragraph(
                    ctx.value(country) if country != UNKNOWN else ctx.grey(ctx.text("unknown")), st.cell_small
                ),
                ctx.paragraph(ctx.markup(operator), st.cell_small),
                ctx.paragraph(shown, st.cell_small),
            ]
        )
    widths = [width * f for f in (0.26, 0.14, 0.18, 0.08, 0.16, 0.18)]
    return [Spacer(1, 8), ctx.heading(1, ctx.text("parties"), "annex1-parties"), ctx.table(rows, widths)]
