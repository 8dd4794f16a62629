"""The reviewer's report (第三者点検): verdicts and comments per item, the action plan, and the counts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.platypus import Flowable, Spacer

from pia_toolkit.exports.action_plan import reviewed_items
from pia_toolkit.exports.pdf import styles as S
from pia_toolkit.exports.pdf.context import Ctx
from pia_toolkit.pia.assessment.document import VERDICTS, verdict_label

ORDER = ("needs_correction", "needs_improvement", "adequate")


def _verdict(ctx: Ctx, verdict: str | None) -> str:
    colour = S.VERDICT_COLOURS.get(verdict or "")
    text = ctx.m(verdict_label(verdict, ctx.lang))
    return f'<font color="{str(colour.hexval()).replace("0x", "#")}">● {text}</font>' if colour else ctx.grey(text)


def _item_cell(ctx: Ctx, row: Any) -> list[Flowable]:
    label = f"{ctx.m(row.place)} {ctx.m(row.label)}".strip()
    return [ctx.p(label, ctx.st.cell_small), ctx.p(ctx.m(row.item_id), ctx.st.item_id)]


def review_section(ctx: Ctx) -> list[Flowable]:
    st = ctx.st
    width = S.FRAME_WIDTH
    assessment = ctx.checked.document
    rows = reviewed_items(assessment, ctx.lang)
    out: list[Flowable] = [
        ctx.heading(0, ctx.t("review"), "review"),
        ctx.p(ctx.m(ctx.t("review_intro")), st.note),
        Spacer(1, 6),
        ctx.heading(1, ctx.t("review_summary"), "review-summary"),
    ]
    form_ids = [item.id for item in assessment.form.items]
    verdicts = Counter(assessment.state(i).verdict for i in form_ids)
    head = [ctx.p(_verdict(ctx, v), st.cell) for v in ORDER if v in VERDICTS]
    counts = [ctx.p(str(verdicts.get(v, 0)), st.cell) for v in ORDER if v in VERDICTS]
    head.append(ctx.p(ctx.grey(ctx.t("no_verdict")), st.cell))
    counts.append(ctx.p(str(verdicts.get(None, 0)), st.cell))
    head.append(ctx.p(ctx.m(ctx.t("items_total")), st.cell_head))
    counts.append(ctx.p(str(len(form_ids)), st.cell))
    out.append(ctx.table([head, counts], [width / len(head)] * len(head)))
    out.append(Spacer(1, 8))

    out.append(ctx.heading(1, ctx.t("review_items"), "review-items"))
    if not rows:
        out.append(ctx.p(ctx.m(ctx.t("no_review")), st.body))
    else:
        table: list[list[Any]] = [[ctx.p(ctx.m(ctx.t(h)), st.cell_head) for h in ("item", "verdict", "comment")]]
        for row in rows:
            table.append(
                [
                    _item_cell(ctx, row),
                    ctx.p(_verdict(ctx, row.verdict), st.cell_small),
                    ctx.p(ctx.m(row.comment or ""), st.cell_small),
                ]
            )
        out.append(ctx.table(table, [width * 0.3, width * 0.14, width * 0.56]))
    out.append(Spacer(1, 8))

    out.append(ctx.heading(1, ctx.t("action_plan"), "review-actions"))
    actions = [r for r in rows if r.who or r.due]
    if not actions:
        out.append(ctx.p(ctx.m(ctx.t("no_actions")), st.body))
    else:
        table = [[ctx.p(ctx.m(ctx.t(h)), st.cell_head) for h in ("item", "verdict", "comment", "who", "due")]]
        for row in actions:
            table.append(
                [
                    _item_cell(ctx, row),
                    ctx.p(_verdict(ctx, row.verdict), st.cell_small),
                    ctx.p(ctx.m(row.comment or ""), st.cell_small),
                    ctx.p(ctx.m(row.who or ""), st.cell_small),
                    ctx.p(ctx.m(row.due or ""), st.cell_small),
                ]
            )
        out.append(ctx.table(table, [width * f for f in (0.26, 0.12, 0.34, 0.16, 0.12)]))
    return out
