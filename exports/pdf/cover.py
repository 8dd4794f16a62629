"""The cover page and the legend that explains the marks used in the rest of the document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.catalog.texts import say
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import UNKNOWN, Ctx
from pia_toolkit.pia.assessment.document import VERDICTS, verdict_label


def format_date(day: dt.date, lang: str) -> str:
    return say("pdf.date_format", lang, year=day.year, month=day.month, day=day.day)


def form_version(ctx: Ctx) -> str:
    header = ctx.checked.document.header
    return str(
        header.get("form_version")
        or ctx.checked.document.form.version
        or ctx.checked.graph.document.scheme.form_version
    )


def answer_text(ctx: Ctx, item_id: str) -> str | None:
    """A plain text answer of a cover item, when the form has it and it is answered."""
    assessment = ctx.checked.document
    if not assessment.form.has(item_id):
        return None
    if ctx.public and not assessment.form.item(item_id).public:
        return None
    answer = assessment.state(item_id).answer
    return str(answer) if isinstance(answer, str | int) and str(answer).strip() else None


def cover(ctx: Ctx, today: dt.date) -> list[Flowable]:
    scheme = ctx.checked.graph.document.scheme
    form = ctx.checked.document.form
    st = ctx.st
    out: list[Flowable] = []
    if ctx.public:
        mark = Table(
            [[ctx.paragraph(ctx.markup(ctx.text("public_mark")), st.mark)]], colWidths=[40 * mm], hAlign="RIGHT"
        )
        mark.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 1.4, colors.HexColor("#8b0000")),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        out.append(mark)
    else:
        out.append(ctx.paragraph(ctx.markup(ctx.text("internal_mark")), st.right))
    out.append(Spacer(1, 28 * mm))
    form_title = form.title.get(ctx.lang)
    out.append(ctx.paragraph(ctx.markup(f"{ctx.text('cover_title_suffix')}（{form_title}）"), st.subtitle))
    out.append(Spacer(1, 6 * mm))
    title = ctx.title_of(scheme)
    out.append(ctx.paragraph(ctx.markup(title), st.title))
    out.append(ctx.paragraph(ctx.markup(scheme.municipality), st.subtitle))
    out.append(Spacer(1, 14 * mm))

    number = answer_text(ctx, "COVER-1-assessment-number")
    body = answer_text(ctx, "COVER-5-assessing-body") or scheme.municipality
    section = scheme.responsible_section
    rows: list[tuple[str, str]] = [
        (ctx.text("municipality"), ctx.markup(body)),
        (ctx.text("business"), ctx.markup(scheme.business)),
        (ctx.text("section"), ctx.value(section)),
        (ctx.text("form"), ctx.markup(f"{form_title}")),
        (ctx.text("form_version"), ctx.markup(form_version(ctx))),
    ]
    name = answer_text(ctx, "COVER-2-assessment-name")
    if name and name != title:
        rows.insert(0, (ctx.text("assessment_name"), ctx.markup(name)))
    if number:
        rows.insert(0, (ctx.text("assessment_number"), ctx.markup(number)))
    rows.append((ctx.text("date"), ctx.markup(format_date(today, ctx.lang))))
    rows.append((ctx.text("model"), ctx.markup(ctx.checked.path.name)))
    width = styles.FRAME_WIDTH - 20 * mm
    table = Table(
        [[ctx.paragraph(ctx.markup(k), st.label), ctx.paragraph(v, st.cover_field)] for k, v in rows],
        colWidths=[42 * mm, width - 42 * mm],
        hAlign="CENTER",
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, styles.RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, styles.ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("TEXTCOLOR", (0, 0), (0, -1), styles.GREY),
            ]
        )
    )
    out.append(table)
    out.append(Spacer(1, 10 * mm))
    out.append(threshold_box(ctx, width))
    if ctx.public:
        out.append(Spacer(1, 8 * mm))
        out.append(ctx.boxed_note(ctx.text("public_mark"), ctx.markup(ctx.text("public_note")), width))
    return out


def threshold_box(ctx: Ctx, width: float) -> Table:
    result = ctx.checked.threshold.result
    reasons = result.reason_texts(ctx.lang)
    declared = ctx.checked.graph.document.scheme.declared_assessment
    lines = [f"<b>{ctx.markup(result.label(ctx.lang))}</b>"]
    lines.extend("・" + ctx.markup(r) for r in reasons)
    if declared and declared != UNKNOWN:
        declared_name = say(f"common.level.{declared}", ctx.lang)
        lines.append(ctx.grey(f"{ctx.text('threshold_declared')}: {declared_name}"))
    box = Table(
        [
            [ctx.paragraph(ctx.markup(ctx.text("threshold")), ctx.st.cell_head)],
            [ctx.paragraph("<br/>".join(lines), ctx.st.cell)],
        ],
        colWidths=[width],
        hAlign="CENTER",
    )
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, styles.ACCENT),
                ("BACKGROUND", (0, 0), (-1, 0), styles.HEAD_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def legend(ctx: Ctx) -> list[Flowable]:
    st = ctx.st
    out: list[Flowable] = [ctx.heading(0, ctx.text("legend"), "legend")]
    severity_marks = " ".join(
        f'<font color="{styles.SEVERITY_COLOURS[int(s)].hexval().replace("0x", "#")}">■</font> {ctx.markup(s.label(ctx.lang))}'
        for s in sorted(Severity, reverse=True)
    )
    verdict_marks = " ".join(
        f'<font color="{styles.VERDICT_COLOURS[v].hexval().replace("0x", "#")}">●</font> {ctx.markup(verdict_label(v, ctx.lang))}'
        for v in ("needs_correction", "needs_improvement", "adequate")
        if v in VERDICTS
    )
    rows: list[list[Any]] = [
        [ctx.paragraph("※", st.h3), ctx.paragraph(ctx.markup(ctx.text("legend_significant")), st.note)],
        [
            ctx.paragraph(f"{ctx.on} {ctx.off}", st.h3),
            ctx.paragraph(ctx.markup(ctx.text("legend_choices", on=ctx.on, off=ctx.off)), st.note),
        ],
        [
            ctx.paragraph('<font color="#6b6b6b">ID</font>', st.h3),
            ctx.paragraph(ctx.markup(ctx.text("legend_ids")), st.note),
        ],
        [
            ctx.paragraph("✓" if ctx.font.has("✓") else "・", st.h3),
            ctx.paragraph(ctx.markup(ctx.text("legend_source")), st.note),
        ],
        [
            ctx.paragraph("●", st.h3),
            ctx.paragraph(ctx.markup(ctx.text("legend_verdicts")) + "<br/>" + verdict_marks, st.note),
        ],
        [
            ctx.paragraph("■", st.h3),
            ctx.paragraph(ctx.markup(ctx.text("legend_severity")) + "<br/>" + severity_marks, st.note),
        ],
    ]
    if ctx.public:
        rows.append(
            [ctx.paragraph(ctx.withheld(), st.note), ctx.paragraph(ctx.markup(ctx.text("public_note")), st.note)]
        )
    table = Table(rows, colWidths=[22 * mm, styles.FRAME_WIDTH - 22 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, styles.RULE),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    out.append(table)
    return out
