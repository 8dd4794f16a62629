"""The findings register: every finding of the risk check with its evidence and remedy, then the questions."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.exports.action_plan import item_place
from pia_toolkit.exports.diagram.steps import step_numbers
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.context import CHUNK_ROWS, Ctx
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
    rows: list[list[Any]] = [
        [ctx.paragraph(ctx.markup(ctx.text(h)), st.cell_head) for h in ("finding_id", "evidence", "where")]
    ]
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


def by_rule(findings: list[Finding]) -> list[list[Finding]]:
    """``findings`` grouped by rule: the rule with the most severe finding first (then by rule id), and in each
    group the most severe first (then by finding id)."""
    groups: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (-int(f.severity), f.id)):
        groups.setdefault(finding.rule_id, []).append(finding)
    return sorted(groups.values(), key=lambda group: (-int(group[0].severity), group[0].rule_id))


def rules_table(ctx: Ctx, groups: list[list[Finding]]) -> list[Flowable]:
    """One line per rule, so a reader sees what was found before the details."""
    st = ctx.st
    rows: list[list[Any]] = []
    for group in groups:
        rule = group[0].rule
        rows.append(
            [
                ctx.paragraph(severity_markup(ctx, group[0].severity), st.cell_small),
                ctx.paragraph(f"{ctx.markup(rule.id)} {ctx.markup(ctx.rule_title(rule))}", st.cell_small),
                ctx.paragraph(str(len(group)), st.cell_small),
                ctx.paragraph(str(sum(1 for f in group if f.open)), st.cell_small),
            ]
        )
    return ctx.listing(["severity", "rule", "count", "open_count"], (0.12, 0.64, 0.12, 0.12), rows)


def rule_findings(
    ctx: Ctx, group: list[Finding], kind: str = "findings", lead: Sequence[Flowable] = ()
) -> list[Flowable]:
    """A rule's findings: its reason, remedy and form items once, then one row per finding with its severity,
    message, evidence, path and triage. What a rule says is the same for each of its findings, so a register
    of 32 findings of one rule no longer prints the same paragraphs 32 times. Questions (``kind``
    "questions") name only the form items they ask about: what to do is to answer them. ``lead`` (a section's
    heading) goes on the page of the rule's own heading."""
    st = ctx.st
    width = styles.FRAME_WIDTH
    rule = group[0].rule
    title = ctx.text("rule_findings", rule=rule.id, title=ctx.rule_title(rule), count=len(group))
    heading = ctx.heading(2, title, f"{kind}-{rule.id}")

    said = [("form_items", form_items_markup(ctx, group[0]))]
    if kind != "questions":
        said[:0] = [("why", ctx.markup(rule.text("why", ctx.lang))), ("remedy", ctx.markup(group[0].remedy(ctx.lang)))]
    about = [[ctx.paragraph(ctx.markup(ctx.text(key)), st.label), ctx.paragraph(value, st.cell)] for key, value in said]
    worst = styles.SEVERITY_COLOURS.get(int(group[0].severity), styles.GREY)
    block = ctx.table(
        about,
        [width * 0.2, width * 0.8],
        header=False,
        label_col=True,
        extra=[("LINEBEFORE", (0, 0), (0, -1), 2.5, worst)],
    )

    head = ctx.head_row(["finding_id", "question" if kind == "questions" else "finding_details", "triage"])
    widths = [width * 0.3, width * 0.52, width * 0.18]
    rows = [_finding_row(ctx, finding) for finding in group]
    tables = [
        _findings_table(ctx, [head, *rows[start : start + CHUNK_ROWS]], widths, group[start : start + CHUNK_ROWS])
        for start in range(0, len(rows), CHUNK_ROWS)
    ]
    # A new page unless the heading, the rule's block and the first finding fit on this one: none of them is
    # left alone at a page foot, and the rest flows on with its column heads repeated.
    opening = [*lead, heading, block, Spacer(1, 3), _findings_table(ctx, [head, *rows[:1]], widths, group[:1])]
    return [CondPageBreak(_height(opening, width)), *lead, heading, block, Spacer(1, 3), *tables, Spacer(1, 8)]


def _height(flowables: list[Flowable], width: float) -> float:
    """How tall ``flowables`` are, one under the other, in a frame ``width`` wide."""
    total = 0.0
    for flowable in flowables:
        _, height = flowable.wrap(width, styles.FRAME_HEIGHT)
        total += float(height) + float(flowable.getSpaceBefore()) + float(flowable.getSpaceAfter())
    return min(total, float(styles.FRAME_HEIGHT))


def _finding_row(ctx: Ctx, finding: Finding) -> list[Any]:
    st = ctx.st
    message = ctx.markup(finding.text(ctx.lang))
    if finding.severity_note is not None:
        message += "<br/>" + ctx.grey(finding.note(ctx.lang))
    details = [ctx.paragraph(message, st.cell)]
    details.append(
        ctx.paragraph(f"{ctx.grey(ctx.text('evidence'))}<br/>{evidence_markup(ctx, finding)}", st.cell_small)
    )
    path = path_markup(ctx, finding)
    if path:
        details.append(ctx.paragraph(f"{ctx.grey(ctx.text('path'))}<br/>{path}", st.cell_small))
    return [
        [
            ctx.paragraph(f"<b>{ctx.ident(finding.id)}</b>", st.cell_small),
            ctx.paragraph(severity_markup(ctx, finding.severity), st.cell_small),
        ],
        details,
        ctx.paragraph(triage_markup(ctx, finding), st.cell_small),
    ]


def _findings_table(ctx: Ctx, rows: list[list[Any]], widths: list[float], findings: list[Finding]) -> Flowable:
    rules = [
        ("LINEBEFORE", (0, row), (0, row), 2.5, styles.SEVERITY_COLOURS.get(int(f.severity), styles.GREY))
        for row, f in enumerate(findings, start=1)
    ]
    return ctx.table(rows, widths, extra=rules)


def findings_section(ctx: Ctx) -> list[Flowable]:
    report = ctx.checked.report
    violations, questions = list(report.violations), list(report.questions)
    out: list[Flowable] = [
        ctx.heading(0, ctx.text("findings"), "findings"),
        ctx.paragraph(ctx.markup(ctx.text("findings_intro")), ctx.st.note),
        Spacer(1, 6),
        summary_table(ctx),
        Spacer(1, 10),
    ]
    if violations:
        groups = by_rule(violations)
        out.append(ctx.heading(1, ctx.text("findings_by_rule"), "findings-rules"))
        out.append(ctx.paragraph(ctx.markup(ctx.text("findings_by_rule_intro")), ctx.st.note))
        out.append(Spacer(1, 4))
        out.extend(rules_table(ctx, groups))
        out.append(Spacer(1, 10))
        for group in groups:
            out.extend(rule_findings(ctx, group))
    else:
        out.append(ctx.paragraph(ctx.markup(ctx.text("no_findings")), ctx.st.body))
    out.append(Spacer(1, 6))
    heading = ctx.heading(1, ctx.text("questions"), "findings-questions")
    if questions:
        for index, group in enumerate(by_rule(questions)):
            out.extend(rule_findings(ctx, group, "questions", [heading] if index == 0 else ()))
    else:
        out.extend([heading, ctx.paragraph(ctx.markup(ctx.text("no_questions")), ctx.st.body)])
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
    groups = by_rule([finding for finding in ctx.checked.report.violations if finding.open])
    if not groups:
        out.append(ctx.paragraph(ctx.markup(ctx.text("no_findings")), st.body))
        return out
    rows: list[list[Any]] = [
        [ctx.paragraph(ctx.markup(ctx.text(h)), st.cell_head) for h in ("severity", "rule", "count")]
    ]
    for group in groups:
        worst = group[0]
        rows.append(
            [
                ctx.paragraph(severity_markup(ctx, worst.severity), st.cell_small),
                ctx.paragraph(ctx.markup(ctx.rule_title(worst.rule)), st.cell_small),
                ctx.paragraph(str(len(group)), st.cell_small),
            ]
        )
    out.extend(ctx.tables(rows, [width * 0.16, width * 0.72, width * 0.12]))
    return out
