"""The findings register: every finding of the risk check with its evidence and remedy, then the questions."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.exports.action_plan import item_place
from pia_toolkit.exports.diagram.steps import step_numbers
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import Ctx
from pia_toolkit.flows.paths import resolved
from pia_toolkit.pia.findings import Finding
from pia_toolkit.pia.triage import status_label


def _hex(colour: Any) -> str:
    return str(colour.hexval()).replace("0x", "#")


def severity_markup(ctx: Ctx, severity: Severity) -> str:
    colour = styles.SEVERITY_COLOURS.get(int(severity), styles.GREY)
    return f'<font color="{_hex(colour)}">■ {ctx.markup(severity.label(ctx.lang))}</font>'


def triage_markup(ctx: Ctx, finding: Finding) -> str:
    decision = finding.triage
    if decision is None:
        return ctx.markup(ctx.text("triage_open"))
    parts = [f"<b>{ctx.markup(status_label(decision.status, ctx.lang))}</b>"]
    if decision.justification:
        parts.append(ctx.markup(decision.justification))
    who = " ".join(str(x) for x in (decision.by, decision.date) if x)
    if who:
        parts.append(ctx.grey(who))
    if decision.review_due:
        parts.append(ctx.grey(ctx.text("review_due", date=decision.review_due)))
    return "<br/>".join(parts)


def evidence_markup(ctx: Ctx, finding: Finding) -> str:
    """Each piece of evidence named by its element (and step number, for a flow): no file paths or line numbers,
    which only the internal version prints, in its appendix."""
    lines = []
    numbers = step_numbers(ctx.checked.graph)
    for ev in finding.evidence:
        name = ctx.ident(ev.element)
        title = _element_title(ctx, ev.element)
        label = f"{name}（{ctx.markup(title)}）" if title and title != ev.element else name
        if ev.element in numbers:
            label = f"{ctx.markup(ctx.text('step_ref', n=numbers[ev.element]))}　{label}"
        lines.append(f"{label} {ctx.grey(ev.section)}")
    return "<br/>".join(lines) or ctx.grey("—")


def where_appendix(ctx: Ctx) -> list[Flowable]:
    """付録 (internal version): the file, line and column where each finding's evidence is written."""
    st = ctx.st
    width = styles.FRAME_WIDTH
    out: list[Flowable] = [
        ctx.heading(0, ctx.text("where_appendix"), "where"),
        ctx.paragraph(ctx.markup(ctx.text("where_intro")), st.note),
        Spacer(1, 6),
    ]
    rows: list[list[Any]] = [[ctx.paragraph(ctx.markup(ctx.text(h)), st.cell_head) for h in ("finding_id", "evidence", "where")]]
    for finding in sorted(ctx.checked.report.findings, key=lambda f: (-int(f.severity), f.id)):
        for ev in finding.evidence:
            rows.append(
                [
                    ctx.paragraph(ctx.ident(finding.id), st.cell_small),
                    ctx.paragraph(f"{ctx.ident(ev.element)} {ctx.grey(ev.section)}", st.cell_small),
                    ctx.paragraph(ctx.ident(_where(ctx, ev.position)) if ev.position else ctx.grey("—"), st.cell_small),
                ]
            )
    if len(rows) == 1:
        out.append(ctx.paragraph(ctx.markup(ctx.text("no_findings")), st.body))
    else:
        out.extend(ctx.tables(rows, [width * 0.36, width * 0.3, width * 0.34]))
    return out


def _where(ctx: Ctx, position: Any) -> str:
    """file:line:col with the file relative to the model's folder, as the owner sees it in the project."""
    base = resolved(ctx.checked.path).parent
    try:
        shown = os.path.relpath(resolved(Path(position.file)), base)
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
    nodes = " → ".join(ctx.markup(ctx.node_title(n)) for n in finding.path)
    numbers = step_numbers(ctx.checked.graph)
    flows = (
        ctx.grey(" → ".join(ctx.text("step_ref", n=numbers[f]) if f in numbers else f for f in finding.path_flows))
        if finding.path_flows
        else ""
    )
    return f"{nodes}<br/>{flows}" if flows else nodes


def form_items_markup(ctx: Ctx, finding: Finding) -> str:
    form = ctx.checked.document.form
    parts = []
    for item_id in finding.form_items:
        if form.has(item_id):
            item = form.item(item_id)
            where = item_place(form, item, ctx.lang)
            text = ctx.form_text(item.text(ctx.lang))
            parts.append(f"{ctx.markup(where)} {ctx.markup(text)} {ctx.grey(item_id)}")
        else:
            parts.append(ctx.markup(item_id))
    return "<br/>".join(parts) or ctx.grey("—")


def summary_table(ctx: Ctx) -> Flowable:
    """Open violations by severity, open questions and triaged findings: the counts ``pia check`` prints."""
    st = ctx.st
    summary = ctx.checked.summary()
    head = [ctx.paragraph(ctx.markup(ctx.text("severity")), st.cell_head)]
    row = [ctx.paragraph(ctx.markup(ctx.text("count")), st.cell_head)]
    for sev in sorted(Severity, reverse=True):
        head.append(ctx.paragraph(severity_markup(ctx, sev), st.cell_small))
        row.append(ctx.paragraph(str(summary.open_violations[sev]), st.cell))
    for key, count in (
        ("total", summary.violations),
        ("questions_short", summary.open_questions),
        ("triaged", summary.triaged),
    ):
        head.append(ctx.paragraph(ctx.markup(ctx.text(key)), st.cell_head))
        row.append(ctx.paragraph(str(count), st.cell))
    width = styles.FRAME_WIDTH / len(head)
    return ctx.table([head, row], [width] * len(head))


def overview_table(ctx: Ctx, findings: list[Finding]) -> list[Flowable]:
    """One line per finding, so a reader sees them all before the details."""
    st = ctx.st
    rows: list[list[Any]] = []
    for f in findings:
        status = ctx.markup(ctx.text("triage_open"))
        if f.triage is not None:
            status = ctx.markup(status_label(f.triage.status, ctx.lang))
        rows.append(
            [
                ctx.paragraph(ctx.ident(f.id), st.cell_small),
                ctx.paragraph(severity_markup(ctx, f.severity), st.cell_small),
                ctx.paragraph(f"{ctx.markup(f.rule.id)} {ctx.markup(f.rule.text('title', ctx.lang))}", st.cell_small),
                ctx.paragraph(status, st.cell_small),
            ]
        )
    return ctx.listing(["finding_id", "severity", "rule", "triage"], (0.34, 0.1, 0.44, 0.12), rows)


def finding_card(ctx: Ctx, finding: Finding) -> Flowable:
    st = ctx.st
    width = styles.FRAME_WIDTH
    rule = finding.rule
    header = f"<b>{ctx.ident(finding.id)}</b>　{severity_markup(ctx, finding.severity)}"
    rows: list[list[Any]] = [[ctx.paragraph(header, st.cell), ""]]

    def row(key: str, value: str) -> None:
        if value:
            rows.append([ctx.paragraph(ctx.markup(ctx.text(key)), st.label), ctx.paragraph(value, st.cell)])

    row("rule", f"{ctx.markup(rule.id)}　{ctx.markup(rule.text('title', ctx.lang))}")
    message = ctx.markup(finding.text(ctx.lang))
    if finding.severity_note is not None:
        message += "<br/>" + ctx.grey(finding.note(ctx.lang))
    row("message", message)
    row("evidence", evidence_markup(ctx, finding))
    row("path", path_markup(ctx, finding))
    row("why", ctx.markup(rule.text("why", ctx.lang)))
    row("remedy", ctx.markup(finding.remedy(ctx.lang)))
    row("triage", triage_markup(ctx, finding))
    row("form_items", form_items_markup(ctx, finding))
    colour = styles.SEVERITY_COLOURS.get(int(finding.severity), styles.GREY)
    table = ctx.table(
        rows,
        [width * 0.2, width * 0.8],
        label_col=True,
        extra=[
            ("SPAN", (0, 0), (-1, 0)),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, colour),
            ("BACKGROUND", (0, 0), (-1, 0), styles.HEAD_FILL),
        ],
    )
    # Keep a card on one page when it fits; a very long one still splits by row.
    return KeepTogether([table, Spacer(1, 6)])


def questions_table(ctx: Ctx, questions: list[Finding]) -> list[Flowable]:
    st = ctx.st
    rows: list[list[Any]] = []
    for q in questions:
        rows.append(
            [
                [
                    ctx.paragraph(ctx.ident(q.id), st.cell_small),
                    ctx.paragraph(ctx.markup(q.rule.text("title", ctx.lang)), st.item_id),
                ],
                [
                    ctx.paragraph(ctx.markup(q.text(ctx.lang)), st.cell_small),
                    ctx.paragraph(triage_markup(ctx, q), st.item_id),
                ],
                ctx.paragraph(evidence_markup(ctx, q), st.cell_small),
                ctx.paragraph(form_items_markup(ctx, q), st.cell_small),
            ]
        )
    return ctx.listing(["finding_id", "question", "evidence", "form_items"], (0.22, 0.34, 0.22, 0.22), rows)


def findings_section(ctx: Ctx) -> list[Flowable]:
    report = ctx.checked.report
    violations = sorted(report.violations, key=lambda f: (-int(f.severity), f.id))
    questions = sorted(report.questions, key=lambda f: (-int(f.severity), f.id))
    out: list[Flowable] = [
        ctx.heading(0, ctx.text("findings"), "findings"),
        ctx.paragraph(ctx.markup(ctx.text("findings_intro")), ctx.st.note),
        Spacer(1, 6),
        summary_table(ctx),
        Spacer(1, 10),
    ]
    if violations:
        out.extend(overview_table(ctx, violations))
        out.append(Spacer(1, 10))
        out.extend(finding_card(ctx, f) for f in violations)
    else:
        out.append(ctx.paragraph(ctx.markup(ctx.text("no_findings")), ctx.st.body))
    out.append(Spacer(1, 6))
    out.append(ctx.heading(1, ctx.text("questions"), "findings-questions"))
    if questions:
        out.extend(questions_table(ctx, questions))
    else:
        out.append(ctx.paragraph(ctx.markup(ctx.text("no_questions")), ctx.st.body))
    return out


def findings_summary_section(ctx: Ctx) -> list[Flowable]:
    """The public version's summary of the findings (``--public --with-findings``): the counts, and how many
    findings each rule raised, without the elements, evidence or triage notes of the register."""
    st = ctx.st
    width = styles.FRAME_WIDTH
    out: list[Flowable] = [
        ctx.heading(0, ctx.text("findings_summary_public"), "findings"),
        summary_table(ctx),
        Spacer(1, 10),
    ]
    by_rule: dict[str, list[Finding]] = {}
    for finding in ctx.checked.report.violations:
        if finding.open:
            by_rule.setdefault(finding.rule_id, []).append(finding)
    if not by_rule:
        out.append(ctx.paragraph(ctx.markup(ctx.text("no_findings")), st.body))
        return out
    rows: list[list[Any]] = [
        [ctx.paragraph(ctx.markup(ctx.text(h)), st.cell_head) for h in ("severity", "rule", "count")]
    ]
    ordered = sorted(by_rule.values(), key=lambda fs: (-max(int(f.severity) for f in fs), fs[0].rule_id))
    for findings in ordered:
        worst = max(findings, key=lambda f: int(f.severity))
        rows.append(
            [
                ctx.paragraph(severity_markup(ctx, worst.severity), st.cell_small),
                ctx.paragraph(ctx.markup(worst.rule.text("title", ctx.lang)), st.cell_small),
                ctx.paragraph(str(len(findings)), st.cell_small),
            ]
        )
    out.extend(ctx.tables(rows, [width * 0.16, width * 0.72, width * 0.12]))
    return out
