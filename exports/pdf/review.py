"""The reviewer's report (第三者点検): verdicts and comments per item, the action plan, and the counts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.platypus import Flowable, Spacer

from pia_toolkit.exports.action_plan import reviewed_items
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import Ctx
from pia_toolkit.pia.assessment.document import VERDICTS, verdict_label

ORDER = ("needs_correction", "needs_improvement", "adequate")


def _verdict(ctx: Ctx, verdict: str | None) -> str:
    colour = styles.VERDICT_COLOURS.get(verdict or "")
    text = ctx.markup(verdict_label(verdict, ctx.lang))
    return f'<font color="{str(colour.hexval()).replace("0x", "#")}">● {text}</font>' if colour else ctx.grey(text)


def _item_cell(ctx: Ctx, row: Any) -> list[Flowable]:
    label = f"{ctx.markup(row.place)} {ctx.markup(row.label)}".strip()
    return [ctx.paragraph(label, ctx.st.cell_small), ctx.paragraph(ctx.markup(row.item_id), ctx.st.item_id)]


def review_section(ctx: Ctx) -> list[Flowable]:
    st = ctx.st
    width = styles.FRAME_WIDTH
    assessment = ctx.checked.document
    rows = reviewed_items(assessment, ctx.lang)
    out: list[Flowable] = [
        ctx.heading(0, ctx.text("review"), "review"),
        ctx.paragraph(ctx.markup(ctx.text("review_intro")), st.note),
        Spacer(1, 6),
        ctx.heading(1, ctx.text("review_summary"), "review-summary"),
    ]
    form_ids = [item.id for item in assessment.form.items]
    verdicts = Counter(assessment.state(i).verdict for i in form_ids)
    head = [ctx.paragraph(_verdict(ctx, v), st.cell) for v in ORDER if v in VERDICTS]
    counts = [ctx.paragraph(str(verdicts.get(v, 0)), st.cell) for v in ORDER if v in VERDICTS]
    head.append(ctx.paragraph(ctx.grey(ctx.text("no_verdict")), st.cell))
    counts.append(ctx.paragraph(str(verdicts.get(None, 0)), st.cell))
    head.append(ctx.paragraph(ctx.markup(ctx.text("items_total")), st.cell_head))
    counts.append(ctx.paragraph(str(len(form_ids)), st.cell))
    out.append(ctx.table([head, counts], [width / len(head)] * len(head)))
    out.append(Spacer(1, 8))

    out.append(ctx.heading(1, ctx.text("review_items"), "review-items"))
    if not rows:
        out.append(ctx.paragraph(ctx.markup(ctx.text("no_review")), st.body))
    else:
        table: list[list[Any]] = [
            [ctx.paragraph(ctx.markup(ctx.text(h)), st.cell_head) for h in ("item", "verdict", "comment")]
        ]
        for row in rows:
            table.append(
                [
                    _item_cell(ctx, row),
                    ctx.paragraph(_verdict(ctx, row.verdict), st.cell_small),
                    ctx.paragraph(ctx.markup(row.comment or ""), st.cell_small),
                ]
            )
        out.append(ctx.table(table, [width * 0.3, width * 0.14, width * 0.56]))
    out.append(Spacer(1, 8))

    out.append(ctx.heading(1, ctx.text("action_plan"), "review-actions"))
    actions = [r for r in rows if r.who or r.due]
    if not actions:
        out.append(ctx.paragraph(ctx.markup(ctx.text("no_actions")), st.body))
    else:
        table = [
            [ctx.paragraph(ctx.markup(ctx.text(h)), st.cell_head) for h in ("item", "verdict", "comment", "who", "due")]
        ]
        for row in actions:
            table.append(
                [
                    _item_cell(ctx, row),
                    ctx.paragraph(_verdict(ctx, row.verdict), st.cell_small),
                    ctx.paragraph(ctx.markup(row.comment or ""), st.cell_small),
                    ctx.paragraph(ctx.markup(row.who or ""), st.cell_small),
                    ctx.paragraph(ctx.markup(row.due or ""), st.cell_small),
                ]
            )
        out.append(ctx.table(table, [width * f for f in (0.26, 0.12, 0.34, 0.16, 0.12)]))
    return out
