"""Check results for people, in the terminal (rich): findings by severity, their YAML, the fix, the questions.

Every piece of model text goes through :func:`rich.markup.escape`, so a label such as ``[bold]x[/]`` prints as
written. YAML excerpts are :class:`rich.syntax.Syntax` blocks, which never read markup at all.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.syntax import Syntax

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.catalog.texts import choose, say
from pia_toolkit.catalog.texts.visible import visible
from pia_toolkit.exports.findings_json import primary_position
from pia_toolkit.flows.errors import Position
from pia_toolkit.pia.checked import SEVERITIES, CheckedModel
from pia_toolkit.pia.findings import Finding, FindingGroup, TriageDecision, group_findings
from pia_toolkit.pia.triage import status_label

STYLES = {
    Severity.critical: "bold white on red",
    Severity.high: "bold red",
    Severity.medium: "yellow",
    Severity.low: "cyan",
}
MAX_EXCERPTS = 3
BEFORE, AFTER = 1, 3


def severity_badge(severity: Severity, lang: str) -> str:
    return f"[{STYLES[severity]}] {escape(severity.label(lang))} [/]"


def where(position: Position | None) -> str:
    return str(position) if position is not None else "?"


class Sources:
    """Source lines of the files findings point into, read once per report."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, file: str) -> list[str] | None:
        if file not in self._lines:
            try:
                text = Path(file).read_text(encoding="utf-8").removeprefix("\ufeff")
                # Lines as the loader counts them (at newlines only), each with its acting characters shown.
                self._lines[file] = [visible(line.removesuffix("\r"), lines=False) for line in text.split("\n")]
            except (OSError, UnicodeDecodeError):
                self._lines[file] = None
        return self._lines[file]

    def excerpts(self, positions: list[Position]) -> list[RenderableType]:
        """A few numbered lines around each position, the position's line highlighted; near ones merged."""
        windows: list[tuple[str, int, int, set[int]]] = []
        for position in sorted(set(positions))[:MAX_EXCERPTS]:
            low, high = max(1, position.line - BEFORE), position.line + AFTER
            if windows and windows[-1][0] == position.file and low <= windows[-1][2] + 1:
                file, start, end, marked = windows[-1]
                windows[-1] = (file, start, max(end, high), marked | {position.line})
            else:
                windows.append((position.file, low, high, {position.line}))
        blocks: list[RenderableType] = []
        for file, low, high, marked in windows:
            lines = self.lines(file)
            if not lines:
                continue
            high = min(high, len(lines))
            code = "\n".join(lines[low - 1 : high])
            blocks.append(f"[dim]{escape(file)}[/]")
            blocks.append(
                Syntax(
                    code,
                    "yaml",
                    theme="ansi_dark",
                    line_numbers=True,
                    start_line=low,
                    highlight_lines=marked,
                    word_wrap=True,
                    background_color="default",
                )
            )
        return blocks


def triage_text(decision: TriageDecision, lang: str) -> str:
    status = status_label(decision.status, lang)
    due = f", {decision.review_due}" if decision.review_due else ""
    return (
        f"[bold]{escape(status)}[/] — {escape(decision.justification)} "
        f"[dim]({escape(decision.by)}, {escape(decision.date)}{escape(due)}; {escape(where(decision.position))})[/]"
    )


def finding_body(finding: Finding, lang: str, sources: Sources, *, why: bool = False) -> list[RenderableType]:
    """Message, elements with their places, path, YAML excerpt, fix, triage: the detail of one finding."""
    parts: list[RenderableType] = [escape(finding.text(lang))]
    shown = [
        f"{escape(e.element)} [dim]({escape(e.section)}, {escape(where(e.position))})[/]"
        for e in finding.evidence[:MAX_EXCERPTS]
    ]
    if len(finding.evidence) > MAX_EXCERPTS:
        shown.append(escape(say("report.more", lang, n=len(finding.evidence) - MAX_EXCERPTS)))
    parts.append(f"{label('elements', lang)} " + ", ".join(shown))
    if finding.path:
        parts.append(f"{label('path', lang)} " + " → ".join(escape(n) for n in finding.path))
    if finding.data:
        parts.append(f"{label('data', lang)} " + ", ".join(escape(d) for d in finding.data))
    parts.extend(sources.excerpts([e.position for e in finding.evidence if e.position is not None]))
    note = finding.note(lang)
    if note:
        parts.append(f"{label('note', lang)} {escape(note)}")
    if why and finding.rule.text("why", lang):
        parts.append(f"{label('why', lang)} {escape(finding.rule.text('why', lang))}")
    if finding.remedy(lang):
        parts.append(f"{label('fix', lang, 'bold green')} {escape(finding.remedy(lang))}")
    if finding.triage is not None:
        parts.append(f"{label('triage', lang)} {triage_text(finding.triage, lang)}")
    if finding.expired_triage is not None:
        parts.append(f"{label('expired_on_finding', lang)} {triage_text(finding.expired_triage, lang)}")
    return parts


def indented(console: Console, markup: str, by: int) -> None:
    """One entry, its wrapped lines kept under its first (a plain leading space would not be)."""
    console.print(Padding(markup, (0, 0, 0, by), expand=False))


def label(key: str, lang: str, style: str = "bold") -> str:
    """``report.<key>`` as a styled heading with its colon."""
    return f"[{style}]{escape(say('report.' + key, lang))}:[/]"


def finding_heading(finding: Finding, lang: str) -> str:
    return (
        f"{severity_badge(finding.severity, lang)} [bold]{escape(finding.id)}[/]  "
        f"{escape(finding.rule.text('title', lang))}"
    )


def render_finding(console: Console, finding: Finding, lang: str, sources: Sources, *, why: bool = False) -> None:
    console.print(finding_heading(finding, lang))
    console.print(Padding(Group(*finding_body(finding, lang, sources, why=why)), (0, 0, 1, 4), expand=False))


def render_group(console: Console, group: FindingGroup, lang: str, sources: Sources) -> None:
    """One problem: a single finding as it is; several rules broken by one cause together, each with its fix."""
    if len(group.findings) == 1:
        render_finding(console, group.findings[0], lang, sources)
        return
    cause = say(f"common.cause.{group.cause}", lang)
    rules = ", ".join(group.rules)
    console.print(f"{severity_badge(group.severity, lang)} [bold]{escape(cause)}[/]  [dim]{escape(rules)}[/]")
    parts: list[RenderableType] = []
    for finding in group.findings:
        parts.append(
            f"{severity_badge(finding.severity, lang)} [bold]{escape(finding.id)}[/] "
            f"{escape(finding.rule.text('title', lang))}"
        )
        parts.append(Padding(escape(finding.text(lang)), (0, 0, 0, 2)))
        if finding.remedy(lang):
            parts.append(Padding(f"{label('fix', lang, 'bold green')} {escape(finding.remedy(lang))}", (0, 0, 0, 2)))
    first = group.findings[0]
    shown = [f"{escape(e.element)} [dim]({escape(e.section)}, {escape(where(e.position))})[/]" for e in first.evidence]
    parts.append(f"{label('elements', lang)} " + ", ".join(shown[:MAX_EXCERPTS]))
    parts.extend(sources.excerpts([e.position for e in first.evidence if e.position is not None]))
    console.print(Padding(Group(*parts), (0, 0, 1, 4), expand=False))


def summary_line(item: CheckedModel, lang: str) -> str:
    summary = item.summary()
    severities = " · ".join(f"{escape(s.label(lang))} {summary.open_violations[s]}" for s in SEVERITIES)
    problems = say("report.problem_counts", lang, elements=summary.elements_with_violations)
    questions = say(
        "report.question_counts", lang, count=summary.open_questions, elements=summary.elements_with_questions
    )
    return f"{severities} {escape(problems)} | {escape(questions)} | {escape(say('report.triaged', lang))} {summary.triaged}"


def render_check(console: Console, item: CheckedModel, lang: str = "ja") -> None:
    """The whole report for one model."""
    report = item.report
    scheme = item.graph.document.scheme
    title = choose(lang, scheme.title, scheme.title_en)
    sources = Sources()
    console.rule(f"[bold]{escape(item.shown)}[/]", align="left")
    console.print(
        f"[bold]{escape(title)}[/] — {escape(say('report.municipality', lang))}: {escape(scheme.municipality)}"
        f" [dim]({escape(scheme.business)})[/]"
    )
    if item.policy_path is not None:
        console.print(f"[dim]{escape(say('report.policy', lang))}: {escape(str(item.policy_path))}[/]")
    console.print()
    open_violations = [f for f in report.violations if f.open]
    problems = group_findings([f for f in open_violations if not f.rule.hygiene])
    for severity in SEVERITIES:
        block = [group for group in problems if group.severity == severity]
        if not block:
            continue
        count = say("report.block_count", lang, problems=len(block), findings=sum(len(g.findings) for g in block))
        console.print(f"[{STYLES[severity]}]■ {escape(severity.label(lang))} {escape(count)}[/]")
        for group in block:
            render_group(console, group, lang, sources)
    remarks = group_findings([f for f in open_violations if f.rule.hygiene])
    if remarks:
        console.print(f"[bold]■ {escape(say('report.hygiene', lang))} ({sum(len(g.findings) for g in remarks)})[/]")
        for group in remarks:
            render_group(console, group, lang, sources)
    questions = [f for f in report.questions if f.open]
    if questions:
        console.print(f"[bold magenta]? {escape(say('report.questions', lang))} ({len(questions)})[/]")
        for finding in questions:
            position = primary_position(finding)
            indented(console, f"[magenta]?[/] [bold]{escape(finding.id)}[/] [dim]{escape(where(position))}[/]", 2)
            indented(console, escape(finding.text(lang)), 4)
        console.print()
    closed = [f for f in report.findings if not f.open]
    if closed:
        console.print(f"[bold green]✓ {escape(say('report.triaged', lang))} ({len(closed)})[/]")
        for finding in closed:
            if finding.triage is not None:
                indented(console, f"[bold]{escape(finding.id)}[/]: {triage_text(finding.triage, lang)}", 2)
        console.print()
    if report.disabled_rules:
        console.print(f"[bold]{escape(say('report.disabled', lang))}[/]")
        for rule_id, reason in report.disabled_rules.items():
            indented(console, f"{escape(rule_id)} — {escape(reason)}", 2)
        console.print()
    if notes := report.triage_notes():
        console.print(f"[bold yellow]{escape(say('report.triage_notes', lang))}[/]")
        for note in notes:
            indented(console, f"[yellow]![/] {escape(note.text(lang))}", 2)
        console.print()
    if report.stale_decisions:
        console.print(f"[bold yellow]{escape(say('report.stale', lang))}[/]")
        for decision in report.stale_decisions:
            shown = f"[yellow]![/] {escape(decision.pattern)} [dim]({escape(status_label(decision.status, lang))})[/]"
            indented(console, f"{shown} {escape(where(decision.position))}", 2)
        console.print()
    if not report.findings:
        console.print(f"[green]{escape(say('report.none', lang))}[/]")
    console.print(summary_line(item, lang))
