"""The findings register: every finding of the risk check with its evidence and remedy, then the questions."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.exports.action_plan import item_place
from pia_toolkit.exports.pdf import styles as S
from pia_toolkit.exports.pdf.context import Ctx
from pia_toolkit.pia.findings import Finding
from pia_toolkit.pia.triage import status_label


def _hex(colour: Any) -> str:
    return str(colour.hexval()).replace("0x", "#")


def severity_markup(ctx: Ctx, severity: Severity) -> str:
    colour = S.SEVERITY_COLOURS.get(int(severity), S.GREY)
    return f'<font color="{_hex(colour)}">■ {ctx.m(severity.label(ctx.lang))}</font>'


def triage_markup(ctx: Ctx, finding: Finding) -> str:
    decision = finding.triage
    if decision is None:
        return ctx.m(ctx.t("triage_open"))
    parts = [f"<b>{ctx.m(status_label(decision.status, ctx.lang))}</b>"]
    if decision.justification:
        parts.append(ctx.m(decision.justification))
    who = " ".join(str(x) for x in (decision.by, decision.date) if x)
    if who:
        parts.append(ctx.grey(who))
    if decision.review_due:
        parts.append(ctx.grey(("見直し期限: " if ctx.lang == "ja" else "review due: ") + str(decision.review_due)))
    return "<br/>".join(parts)


def evidence_markup(ctx: Ctx, finding: Finding) -> str:
    lines = []
    for ev in finding.evidence:
        where = ctx.grey(_where(ctx, ev.position)) if ev.position else ""
        name = ctx.m(ev.element)
        title = _element_title(ctx, ev.element)
        label = f"{name}（{ctx.m(title)}）" if title and title != ev.element else name
        lines.append(f"{label} {ctx.grey(ev.section)}<br/>{where}" if where else f"{label} {ctx.grey(ev.section)}")
    return "<br/>".join(lines) or ctx.grey("—")


def _where(ctx: Ctx, position: Any) -> str:
    """file:line:col with the file relative to the model's folder, as the owner sees it in the project."""
    base = ctx.checked.path.resolve().parent
    try:
        shown = os.path.relpath(Path(position.file).resolve(), base)
    except ValueError:  # another drive on Windows
        shown = str(position.file)
    return f"{shown}:{position.line}:{position.column}"


def _element_title(ctx: Ctx, element: str) -> str | None:
    graph = ctx.checked.graph
    for table in (graph.nodes, graph.flows, graph.data, graph.zones):
        if element in table:
            value = table[element]
            return ctx.title_of(value) if getattr(value, "title", None) else None
    return None


def path_markup(ctx: Ctx, finding: Finding) -> str:
    if not finding.path:
        return ""
    nodes = " → ".join(ctx.m(ctx.node_title(n)) for n in finding.path)
    flows = ctx.grey(" → ".join(finding.path_flows)) if finding.path_flows else ""
    return f"{nodes}<br/>{flows}" if flows else nodes


def form_items_markup(ctx: Ctx, finding: Finding) -> str:
    form = ctx.checked.document.form
    parts = []
    for item_id in finding.form_items:
        if form.has(item_id):
            item = form.item(item_id)
            where = item_place(form, item, ctx.lang)
            parts.append(f"{ctx.m(where)} {ctx.m(item.text(ctx.lang))} {ctx.grey(item_id)}")
        else:
            parts.append(ctx.m(item_id))
    return "<br/>".join(parts) or ctx.grey("—")


def summary_table(ctx: Ctx, findings: list[Finding], questions: list[Finding]) -> Flowable:
    st = ctx.st
    counts = Counter(f.severity for f in findings)
    head = [ctx.p(ctx.m(ctx.t("severity")), st.cell_head)]
    row = [ctx.p(ctx.m(ctx.t("count")), st.cell_head)]
    for sev in sorted(Severity, reverse=True):
        head.append(ctx.p(severity_markup(ctx, sev), st.cell_small))
        row.append(ctx.p(str(counts.get(sev, 0)), st.cell))
    head.append(ctx.p(ctx.m(ctx.t("total")), st.cell_head))
    row.append(ctx.p(str(len(findings)), st.cell))
    head.append(ctx.p(ctx.m(ctx.t("questions").split("（")[0].split(" (")[0]), st.cell_head))
    row.append(ctx.p(str(len(questions)), st.cell))
    width = S.FRAME_WIDTH / len(head)
    return ctx.table([head, row], [width] * len(head))


def overview_table(ctx: Ctx, findings: list[Finding]) -> Flowable:
    """One line per finding, so a reader sees them all before the details."""
    st = ctx.st
    width = S.FRAME_WIDTH
    head = ["finding_id", "severity", "rule", "triage"]
    rows: list[list[Any]] = [[ctx.p(ctx.m(ctx.t(h)), st.cell_head) for h in head]]
    for f in findings:
        status = ctx.m(ctx.t("triage_open"))
        if f.triage is not None:
            status = ctx.m(status_label(f.triage.status, ctx.lang))
        rows.append(
            [
                ctx.p(ctx.m(f.id), st.cell_small),
                ctx.p(severity_markup(ctx, f.severity), st.cell_small),
                ctx.p(f"{ctx.m(f.rule.id)} {ctx.m(f.rule.text('title', ctx.lang))}", st.cell_small),
                ctx.p(status, st.cell_small),
            ]
        )
    return ctx.table(rows, [width * x for x in (0.34, 0.1, 0.44, 0.12)])


def finding_card(ctx: Ctx, finding: Finding) -> Flowable:
    st = ctx.st
    width = S.FRAME_WIDTH
    rule = finding.rule
    header = f"<b>{ctx.m(finding.id)}</b>　{severity_markup(ctx, finding.severity)}"
    rows: list[list[Any]] = [[ctx.p(header, st.cell), ""]]

    def row(key: str, value: str) -> None:
        if value:
            rows.append([ctx.p(ctx.m(ctx.t(key)), st.label), ctx.p(value, st.cell)])

    row("rule", f"{ctx.m(rule.id)}　{ctx.m(rule.text('title', ctx.lang))}")
    message = ctx.m(finding.text(ctx.lang))
    if finding.severity_note is not None:
        message += "<br/>" + ctx.grey(finding.note(ctx.lang))
    row("message", message)
    row("evidence", evidence_markup(ctx, finding))
    row("path", path_markup(ctx, finding))
    row("why", ctx.m(rule.text("why", ctx.lang)))
    row("remedy", ctx.m(finding.remedy(ctx.lang)))
    row("triage", triage_markup(ctx, finding))
    row("form_items", form_items_markup(ctx, finding))
    colour = S.SEVERITY_COLOURS.get(int(finding.severity), S.GREY)
    table = ctx.table(
        rows,
        [width * 0.2, width * 0.8],
        label_col=True,
        extra=[
            ("SPAN", (0, 0), (-1, 0)),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, colour),
            ("BACKGROUND", (0, 0), (-1, 0), S.HEAD_FILL),
        ],
    )
    # Keep a card on one page when it fits; a very long one still splits by row.
    return KeepTogether([table, Spacer(1, 6)])


def questions_table(ctx: Ctx, questions: list[Finding]) -> Flowable:
    st = ctx.st
    width = S.FRAME_WIDTH
    head = ["finding_id", "question", "evidence", "form_items"]
    rows: list[list[Any]] = [[ctx.p(ctx.m(ctx.t(h)), st.cell_head) for h in head]]
    for q in questions:
        rows.append(
            [
                [ctx.p(ctx.m(q.id), st.cell_small), ctx.p(ctx.m(q.rule.text("title", ctx.lang)), st.item_id)],
                [ctx.p(ctx.m(q.text(ctx.lang)), st.cell_small), ctx.p(triage_markup(ctx, q), st.item_id)],
                ctx.p(evidence_markup(ctx, q), st.cell_small),
                ctx.p(form_items_markup(ctx, q), st.cell_small),
            ]
        )
    return ctx.table(rows, [width * f for f in (0.22, 0.34, 0.22, 0.22)])


def findings_section(ctx: Ctx) -> list[Flowable]:
    report = ctx.checked.report
    violations = sorted(report.violations, key=lambda f: (-int(f.severity), f.id))
    questions = sorted(report.questions, key=lambda f: (-int(f.severity), f.id))
    out: list[Flowable] = [
        ctx.heading(0, ctx.t("findings"), "findings"),
        ctx.p(ctx.m(ctx.t("findings_intro")), ctx.st.note),
        Spacer(1, 6),
        summary_table(ctx, violations, questions),
        Spacer(1, 10),
    ]
    if violations:
        out.append(overview_table(ctx, violations))
        out.append(Spacer(1, 10))
        out.extend(finding_card(ctx, f) for f in violations)
    else:
        out.append(ctx.p(ctx.m(ctx.t("no_findings")), ctx.st.body))
    out.append(Spacer(1, 6))
    out.append(ctx.heading(1, ctx.t("questions"), "findings-questions"))
    if questions:
        out.append(questions_table(ctx, questions))
    else:
        out.append(ctx.p(ctx.m(ctx.t("no_questions")), ctx.st.body))
    return out
