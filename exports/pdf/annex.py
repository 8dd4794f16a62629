"""別添1: the data-flow diagram, drawn as vector sheets on landscape pages, and the step table beneath it.

The sheets come from :mod:`exports.diagram.paper`: one sheet when the whole model reads at print size, else an
overview and one sheet per zone or partner, each with its compact legend, every text at 7 pt (nodes, zones) and
6 pt (arrows) or more on the chosen paper (A4 or A3). The step table is set as text (searchable, splittable
across pages), so the sheets leave it out; its step numbers are the ones on every sheet. Without Graphviz, a
boxed note says how to install it and the table still follows.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from pia_toolkit.exports.diagram import GraphvizMissing, RenderError
from pia_toolkit.exports.diagram.paper import PageBlock, geometry, page_caption, paper_plan
from pia_toolkit.exports.diagram.steps import step_numbers
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import UNKNOWN, Ctx
from pia_toolkit.exports.pdf.sections import items_flowables
from pia_toolkit.flows.schema import known_protections, stated_protections
from pia_toolkit.pia.assessment.form import FormSection


def diagram_pages(ctx: Ctx) -> list[Flowable] | None:
    """The diagram's sheets, each on a landscape page of its own (None, with a note kept, when it cannot be
    drawn)."""
    findings = ctx.checked.report.findings if ctx.shows_findings or ctx.with_findings else None
    try:
        plan = paper_plan(ctx.checked.graph, paper=ctx.paper, lang=ctx.lang, findings=findings)
    except GraphvizMissing:
        ctx.diagram_problem = "graphviz"
        return None
    except (RenderError, OSError, ValueError) as error:
        ctx.diagram_problem = str(error)
        ctx.warnings.append(f"the 別添1 diagram could not be drawn: {error}")
        return None
    ctx.diagram_plan = plan
    ctx.warnings.extend(plan.warnings)
    room = geometry(ctx.paper)
    title = ctx.kind.diagram_title(ctx.lang)
    total = len(plan.sheets)
    out: list[Flowable] = [NextPageTemplate("diagram"), PageBreak()]
    for index, page in enumerate(plan.pages):
        caption = page_caption(page, total, ctx.lang)
        if index == 0:
            out.append(ctx.heading(1, f"{title}　{caption}" if caption else title, "annex1-diagram", ctx.st.h2))
        else:
            out.append(PageBreak())
            out.append(ctx.heading(2, caption, f"annex1-sheet-{page.sheets[0].number}", ctx.st.h2))
        out.append(PageBlock(page, total, ctx.lang, room.width))
    out.extend([NextPageTemplate("portrait"), PageBreak()])
    return out


def annex1(ctx: Ctx, section: FormSection) -> list[Flowable]:
    out: list[Flowable] = [ctx.heading(0, ctx.form_text(section.text(ctx.lang)), f"sec-{section.id}")]
    out.extend(items_flowables(ctx, section.items))
    out.append(Spacer(1, 6))
    pages = diagram_pages(ctx)
    if pages is None:
        if ctx.diagram_problem == "graphviz":
            body = ctx.markup(ctx.text("diagram_missing_graphviz"))
        else:
            body = ctx.markup(ctx.text("diagram_missing_other", reason=ctx.diagram_problem or "?"))
        out.append(ctx.heading(1, ctx.kind.diagram_title(ctx.lang), "annex1-diagram"))
        out.append(ctx.boxed_note(ctx.text("diagram_missing_title"), body, styles.FRAME_WIDTH))
        out.append(Spacer(1, 8))
    else:
        out.extend(pages)
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
    rows: list[list[Any]] = [ctx.head_row(head)]
    for flow in flows:
        title = ctx.title_of(flow) if flow.title else ""
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
            ctx.paragraph(str(numbers.get(flow.id, "")), st.cell),
            # The flow's id after its ends, in the wide column: in the narrow step column an id without
            # separators (f000242) could only be cut inside a word.
            ctx.paragraph(f'{from_to}　<font size="6.5" color="#6b6b6b">{ctx.ident(flow.id)}</font>', st.cell_small),
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
    return [ctx.heading(1, ctx.text("steps"), "annex1-steps"), *ctx.tables(rows, widths)]


def parties_section(ctx: Ctx, width: float) -> list[Flowable]:
    st = ctx.st
    graph = ctx.checked.graph
    if not graph.nodes:
        return []
    head = ["node", "kind", "zone", "location", "operator", "address"]
    rows: list[list[Any]] = [ctx.head_row(head)]
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
                    ctx.paragraph(ctx.ident(node.id), st.item_id),
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
    return [Spacer(1, 8), ctx.heading(1, ctx.text("parties"), "annex1-parties"), *ctx.tables(rows, widths)]
