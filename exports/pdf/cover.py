"""The cover page and the legend that explains the marks used in the rest of the document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.catalog.texts import say
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import Ctx
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
    if not ctx.public:
        out.append(ctx.paragraph(ctx.markup(ctx.text(ctx.version_key)), st.right))
    out.append(Spacer(1, 14 * mm))
    form_title = form.title.get(ctx.lang)
    out.append(ctx.paragraph(ctx.markup(ctx.kind.title(ctx.lang)), st.subtitle))
    out.append(Spacer(1, 6 * mm))
    title = ctx.title_of(scheme)
    out.append(ctx.paragraph(ctx.markup(title), st.title))
    out.append(ctx.paragraph(ctx.markup(scheme.municipality), st.subtitle))
    out.append(Spacer(1, 8 * mm))

    number = answer_text(ctx, "COVER-1-assessment-number")
    body = answer_text(ctx, "COVER-5-assessing-body") or scheme.municipality
    section = scheme.responsible_section
    rows: list[tuple[str, str]] = [
        (ctx.text("municipality"), ctx.markup(body)),
        (ctx.text("business"), ctx.markup(scheme.business)),
        (ctx.text("section"), ctx.value(section)),
        (ctx.text("form"), ctx.markup(f"{form_title}")),
        (ctx.text("form_version"), ctx.markup(form_version(ctx))),
        (ctx.text("version"), ctx.markup(ctx.text(ctx.version_key))),
    ]
    name = answer_text(ctx, "COVER-2-assessment-name")
    if name and name != title:
        rows.insert(0, (ctx.text("assessment_name"), ctx.markup(name)))
    if number:
        rows.insert(0, (ctx.text("assessment_number"), ctx.markup(number)))
    rows.append((ctx.text("date"), ctx.markup(format_date(today, ctx.lang))))
    if ctx.internal:
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
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("TEXTCOLOR", (0, 0), (0, -1), styles.GREY),
            ]
        )
    )
    out.append(table)
    out.append(Spacer(1, 6 * mm))
    out.append(KeepTogether([threshold_box(ctx, width)]))
    out.append(Spacer(1, 4 * mm))
    notes: list[str] = []
    if not ctx.kind.my_number:
        notes.append(ctx.text("voluntary_note"))
    if ctx.public:
        notes.append(ctx.text("public_items_omitted"))
        if not ctx.with_findings:
            notes.append(ctx.text("public_findings_omitted"))
    else:
        notes.append(ctx.text("version_internal_note" if ctx.internal else "version_council_note"))
    body = "<br/>".join(ctx.markup(n) for n in notes)
    out.append(ctx.boxed_note(ctx.text(ctx.version_key), body, width))
    return out


def threshold_lines(ctx: Ctx) -> list[str]:
    """The judgment as ``pia threshold`` prints it: the result, its reasons, and (for a scheme with 特定個人情報)
    the declared level and the sentence that compares the two — each the judgment's own words."""
    report = ctx.checked.threshold
    lang = ctx.lang
    lines = [f"{ctx.markup(say('status.result', lang))}: <b>{ctx.markup(report.result.label(lang))}</b>"]
    lines.append(ctx.markup(say("status.reasons", lang)) + ":")
    lines.extend("・" + ctx.markup(r) for r in report.reasons(lang))
    if report.my_number:
        lines.append(f"{ctx.markup(say('status.declared', lang))}: {ctx.markup(report.declared_label(lang))}")
        colour = {True: "#1e8449", False: "#c0392b", None: "#b9770e"}[report.meets]
        lines.append(f'<font color="{colour}"><b>{ctx.markup(report.verdict(lang))}</b></font>')
    return lines


def threshold_box(ctx: Ctx, width: float) -> Table:
    lines = threshold_lines(ctx)
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
