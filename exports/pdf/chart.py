"""リスクの概観: one page that shows, section by section, the reviewer's verdicts and the open findings by
severity, as two bar charts side by side, drawn with reportlab graphics (vector, in the document's font).

The counts are those of ``pia assess status`` (:func:`pia.assessment.status.assessment_status`): a finding
attached to several items of a section is counted once in it.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import Ctx
from pia_toolkit.pia.assessment.document import verdict_label
from pia_toolkit.pia.assessment.status import SectionProgress, assessment_status

VERDICT_ORDER = ("needs_correction", "needs_improvement", "adequate")
SEVERITY_ORDER = (Severity.critical, Severity.high, Severity.medium, Severity.low)
ROW = 22.0
BAR = 13.0
LABEL_W = 150.0
GAP = 18.0
TEXT = 7.5


def _severity_counts(progress: SectionProgress) -> dict[Severity, int]:
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for finding in progress.open_violations:
        if finding.severity in counts:
            counts[finding.severity] += 1
    return counts


def _short(ctx: Ctx, text: str, width: float) -> str:
    if stringWidth(text, ctx.font.name, TEXT) <= width:
        return text
    while text and stringWidth(text + "…", ctx.font.name, TEXT) > width:
        text = text[:-1]
    return text + "…"


def risk_drawing(ctx: Ctx, width: float) -> Drawing:
    """The two charts: verdicts (items) on the left, open findings (count) on the right, one row per section."""
    status = assessment_status(ctx.checked)
    sections = [s for s in status.sections if s.items]
    font = ctx.font.name
    chart_w = (width - LABEL_W - GAP) / 2
    head = 30.0
    legend_h = 16.0
    height = head + ROW * len(sections) + 18 + legend_h
    drawing = Drawing(width, height)
    verdict_rows = [[s.verdicts.get(v, 0) for v in VERDICT_ORDER] for s in sections]
    severity_rows = [[_severity_counts(s)[sev] for sev in SEVERITY_ORDER] for s in sections]
    verdict_max = max([sum(r) for r in verdict_rows] + [1])
    severity_max = max([sum(r) for r in severity_rows] + [1])
    left_x = LABEL_W
    right_x = LABEL_W + chart_w + GAP
    top = height - head
    for x, title in ((left_x, ctx.text("risk_verdicts")), (right_x, ctx.text("risk_findings"))):
        drawing.add(String(x, height - 14, title, fontName=font, fontSize=9, fillColor=styles.ACCENT))
    verdict_colours = [styles.VERDICT_COLOURS[v] for v in VERDICT_ORDER]
    severity_colours = [styles.SEVERITY_COLOURS[int(s)] for s in SEVERITY_ORDER]
    for index, section in enumerate(sections):
        y = top - (index + 1) * ROW + (ROW - BAR) / 2
        label = _short(ctx, ctx.form_text(section.section.text(ctx.lang)), LABEL_W - 8)
        drawing.add(String(0, y + 3.5, label, fontName=font, fontSize=TEXT, fillColor=styles.INK))
        for x, values, most, palette in (
            (left_x, verdict_rows[index], verdict_max, verdict_colours),
            (right_x, severity_rows[index], severity_max, severity_colours),
        ):
            drawing.add(Rect(x, y, chart_w - 24, BAR, fillColor=colors.HexColor("#f4f6f8"), strokeColor=None))
            run = x
            for value, colour in zip(values, palette, strict=True):
                if value:
                    w = (chart_w - 24) * value / most
                    drawing.add(Rect(run, y, w, BAR, fillColor=colour, strokeColor=colors.white, strokeWidth=0.5))
                    if w >= 12:
                        drawing.add(
                            String(
                                run + w / 2,
                                y + 3.5,
                                str(value),
                                fontName=font,
                                fontSize=TEXT,
                                fillColor=colors.white,
                                textAnchor="middle",
                            )
                        )
                    run += w
            total = sum(values)
            drawing.add(
                String(x + chart_w - 20, y + 3.5, str(total), fontName=font, fontSize=TEXT, fillColor=styles.GREY)
            )
    base = top - len(sections) * ROW
    for x in (left_x, right_x):
        drawing.add(Line(x, base, x, top, strokeColor=styles.RULE, strokeWidth=0.5))
    # the keys under each chart
    y = 4.0
    for x, names, palette in (
        (left_x, [verdict_label(v, ctx.lang) for v in VERDICT_ORDER], verdict_colours),
        (right_x, [s.label(ctx.lang) for s in SEVERITY_ORDER], severity_colours),
    ):
        run = x
        for name, colour in zip(names, palette, strict=True):
            drawing.add(Rect(run, y, 8, 8, fillColor=colour, strokeColor=None))
            drawing.add(String(run + 11, y + 1, name, fontName=font, fontSize=TEXT, fillColor=styles.INK))
            run += 11 + stringWidth(name, font, TEXT) + 10
    return drawing


def risk_picture(ctx: Ctx) -> list[Flowable]:
    width = styles.FRAME_WIDTH
    out: list[Flowable] = [
        ctx.heading(0, ctx.text("risk_picture"), "risk"),
        ctx.paragraph(ctx.markup(ctx.text("risk_intro")), ctx.st.note),
        Spacer(1, 8),
        risk_drawing(ctx, width),
    ]
    if not ctx.checked.summary().violations:
        out.extend([Spacer(1, 6), ctx.paragraph(ctx.markup(ctx.text("risk_none")), ctx.st.note)])
    return out
