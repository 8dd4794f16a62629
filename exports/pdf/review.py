"""The reviewer's report (第三者点検): verdicts and comments per item, the action plan, and the counts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from pia_toolkit.catalog.texts import say
from pia_toolkit.exports.action_plan import item_place, reviewed_items
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import Ctx
from pia_toolkit.exports.pdf.findings import severity_markup
from pia_toolkit.pia.assessment.document import VERDICTS, verdict_label
from pia_toolkit.pia.assessment.review_record import ReviewRecord
from pia_toolkit.pia.assessment.status import Contradiction, contradiction

ORDER = ("needs_correction", "needs_improvement", "adequate")


def _verdict(ctx: Ctx, verdict: str | None) -> str:
    colour = styles.VERDICT_COLOURS.get(verdict or "")
    text = ctx.markup(verdict_label(verdict, ctx.lang))
    return f'<font color="{str(colour.hexval()).replace("0x", "#")}">● {text}</font>' if colour else ctx.grey(text)


def _item_cell(ctx: Ctx, row: Any) -> list[Flowable]:
    label = f"{ctx.markup(row.place)} {ctx.markup(row.label)}".strip()
    return [ctx.paragraph(label, ctx.st.cell_small), ctx.paragraph(ctx.ident(row.item_id), ctx.st.item_id)]


def record_table(ctx: Ctx, today: dt.date) -> Flowable:
    """点検の記録: who reviewed, for which body, when, and their conclusion (第三者点検の結果)."""
    st = ctx.st
    width = styles.FRAME_WIDTH
    record = ctx.review or ReviewRecord()
    missing = ctx.grey(ctx.text("not_recorded"))

    def shown(value: str) -> str:
        return ctx.markup(value).replace("\n", "<br/>") if value else missing

    rows = [
        [ctx.paragraph(ctx.markup(ctx.text("reviewer")), st.label), ctx.paragraph(shown(record.reviewer), st.cell)],
        [
            ctx.paragraph(ctx.markup(ctx.text("reviewer_org")), st.label),
            ctx.paragraph(shown(record.organisation), st.cell),
        ],
        [
            ctx.paragraph(ctx.markup(ctx.text("review_date")), st.label),
            ctx.paragraph(shown(_date(ctx, record.date)), st.cell),
        ],
        [ctx.paragraph(ctx.markup(ctx.text("conclusion")), st.label), ctx.paragraph(shown(record.conclusion), st.cell)],
    ]
    return ctx.table(rows, [width * 0.24, width * 0.76], header=False, label_col=True)


def _date(ctx: Ctx, value: str) -> str:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return say("pdf.date_format", ctx.lang, year=day.year, month=day.month, day=day.day)


def tallies(ctx: Ctx) -> Flowable:
    st = ctx.st
    width = styles.FRAME_WIDTH
    assessment = ctx.checked.document
    form_ids = [item.id for item in assessment.form.items]
    verdicts = Counter(assessment.state(i).verdict for i in form_ids)
    head = [ctx.paragraph(_verdict(ctx, v), st.cell) for v in ORDER if v in VERDICTS]
    counts = [ctx.paragraph(str(verdicts.get(v, 0)), st.cell) for v in ORDER if v in VERDICTS]
    head.append(ctx.paragraph(ctx.grey(ctx.text("no_verdict")), st.cell))
    counts.append(ctx.paragraph(str(verdicts.get(None, 0)), st.cell))
    head.append(ctx.paragraph(ctx.markup(ctx.text("items_total")), st.cell_head))
    counts.append(ctx.paragraph(str(len(form_ids)), st.cell))
    return ctx.table([head, counts], [width / len(head)] * len(head))


def contradictions(ctx: Ctx) -> list[Contradiction]:
    """Every item whose answer claims the risk is handled beside an open high or critical finding (the one
    definition in :func:`pia.assessment.status.contradiction`)."""
    form = ctx.checked.document.form
    found = [contradiction(ctx.checked, item) for item in form.items]
    return [c for c in found if c is not None and ctx.kind.not_applicable(c.item_id) is None]


def contradictions_table(ctx: Ctx) -> list[Flowable]:
    st = ctx.st
    width = styles.FRAME_WIDTH
    form = ctx.checked.document.form
    out: list[Flowable] = [
        ctx.heading(1, ctx.text("contradictions"), "review-contradictions"),
        ctx.paragraph(ctx.markup(ctx.text("contradictions_intro")), st.note),
        Spacer(1, 4),
    ]
    found = contradictions(ctx)
    if not found:
        out.append(ctx.paragraph(ctx.markup(ctx.text("no_contradictions")), st.body))
        return out
    rows: list[list[Any]] = [
        [ctx.paragraph(ctx.markup(ctx.text(h)), st.cell_head) for h in ("item", "answer", "open_findings")]
    ]
    for c in found:
        item = form.item(c.item_id)
        place = item_place(form, item, ctx.lang)
        label = f"{ctx.markup(place)} {ctx.markup(ctx.form_text(item.text(ctx.lang)))}".strip()
        findings = "<br/>".join(
            f"{severity_markup(ctx, f.severity)}　{ctx.markup(ctx.rule_title(f.rule))}<br/>"
            f'<font color="#6b6b6b">{ctx.ident(f.id)}</font>'
            for f in c.findings
        )
        rows.append(
            [
                [ctx.paragraph(label, st.cell_small), ctx.paragraph(ctx.ident(c.item_id), st.item_id)],
                ctx.paragraph(ctx.markup(c.choice.text(ctx.lang)), st.cell_small),
                ctx.paragraph(findings, st.cell_small),
            ]
        )
    out.extend(ctx.tables(rows, [width * 0.32, width * 0.2, width * 0.48]))
    return out


def signature_block(ctx: Ctx) -> Flowable:
    """署名欄: the reviewer signs (and seals) the printed report."""
    st = ctx.st
    width = styles.FRAME_WIDTH
    record = ctx.review or ReviewRecord()
    blank = "　" * 2
    rows = [
        [ctx.paragraph(ctx.markup(ctx.text("signature_note")), st.body), "", ""],
        [
            ctx.paragraph(ctx.markup(ctx.text("review_date")), st.label),
            ctx.paragraph(ctx.markup(_date(ctx, record.date)) if record.date else blank, st.cell),
            ctx.paragraph(ctx.grey(ctx.text("seal")), st.cell),
        ],
        [
            ctx.paragraph(ctx.markup(ctx.text("reviewer_org")), st.label),
            ctx.paragraph(ctx.markup(record.organisation) if record.organisation else blank, st.cell),
            "",
        ],
        [
            ctx.paragraph(ctx.markup(ctx.text("signed_name")), st.label),
            ctx.paragraph(ctx.markup(record.reviewer) if record.reviewer else blank, st.cell),
            "",
        ],
    ]
    table = Table(rows, colWidths=[width * 0.2, width * 0.62, width * 0.18], rowHeights=[24, 26, 26, 34])
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("SPAN", (2, 1), (2, 3)),
                ("BOX", (0, 0), (-1, -1), 0.8, styles.ACCENT),
                ("LINEBELOW", (1, 1), (1, -1), 0.5, styles.RULE),
                ("BOX", (2, 1), (2, 3), 0.5, styles.RULE),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("VALIGN", (2, 1), (2, 3), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def review_section(ctx: Ctx, today: dt.date) -> list[Flowable]:
    """第三者点検の結果 as a signed document: the record and conclusion, the tallies, the contradictions, the
    verdicts and comments, the action plan, and the signature block. The public version keeps the record, the
    conclusion and the tallies, and leaves out the comments and the contradictions."""
    st = ctx.st
    width = styles.FRAME_WIDTH
    assessment = ctx.checked.document
    rows = reviewed_items(assessment, ctx.lang)
    out: list[Flowable] = [
        ctx.heading(0, ctx.text("review"), "review"),
        ctx.paragraph(ctx.markup(ctx.text("review_intro")), st.note),
        Spacer(1, 6),
        ctx.heading(1, ctx.text("review_record"), "review-record"),
        record_table(ctx, today),
        Spacer(1, 8),
        ctx.heading(1, ctx.text("review_tallies"), "review-summary"),
        tallies(ctx),
        Spacer(1, 8),
    ]
    if ctx.shows_findings:
        out.extend(contradictions_table(ctx))
        out.append(Spacer(1, 8))
        out.extend(_items_and_actions(ctx, rows, width))
    else:
        out.append(ctx.paragraph(ctx.markup(ctx.text("public_findings_omitted")), st.note))
    out.append(Spacer(1, 14))
    out.append(KeepTogether([ctx.heading(1, ctx.text("signature"), "review-signature"), signature_block(ctx)]))
    return out


def _items_and_actions(ctx: Ctx, rows: list[Any], width: float) -> list[Flowable]:
    st = ctx.st
    out: list[Flowable] = [ctx.heading(1, ctx.text("review_items"), "review-items")]
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
        out.extend(ctx.tables(table, [width * 0.3, width * 0.14, width * 0.56]))
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
        out.extend(ctx.tables(table, [width * f for f in (0.26, 0.12, 0.34, 0.16, 0.12)]))
    return out
