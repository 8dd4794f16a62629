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
from pia_toolkit.exports.findings_json import SEVERITIES, CheckedModel, primary_position, summary
from pia_toolkit.flows.errors import Position
from pia_toolkit.pia.findings import Finding, TriageDecision
from pia_toolkit.pia.triage import STATUSES

STYLES = {
    Severity.critical: "bold white on red",
    Severity.high: "bold red",
    Severity.medium: "yellow",
    Severity.low: "cyan",
}
MAX_EXCERPTS = 3
BEFORE, AFTER = 1, 3

LABELS = {
    "ja": {
        "elements": "要素",
        "path": "経路",
        "fix": "対策",
        "why": "理由",
        "triage": "判断",
        "note": "重大度の変更",
        "questions": "確認事項（モデルに書かれていないこと）",
        "questions_short": "確認事項",
        "triaged": "判断済み",
        "stale": "使われていない判断（該当する指摘がもうない）",
        "disabled": "ポリシーで無効にしたルール",
        "none": "指摘はありません",
        "more": "ほか {n} 件",
        "data": "データ",
        "policy": "ポリシー",
        "municipality": "団体",
    },
    "en": {
        "elements": "elements",
        "path": "path",
        "fix": "fix",
        "why": "why",
        "triage": "triage",
        "note": "severity changed",
        "questions": "Questions (what the model does not say)",
        "questions_short": "questions",
        "triaged": "triaged",
        "stale": "Stale triage decisions (they match no finding any more)",
        "disabled": "Rules disabled by policy",
        "none": "No findings",
        "more": "{n} more",
        "data": "data",
        "policy": "policy",
        "municipality": "municipality",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


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
                self._lines[file] = Path(file).read_text(encoding="utf-8").removeprefix("\ufeff").splitlines()
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


def status_label(status: str, lang: str) -> str:
    ja, en = STATUSES.get(status, (status, status))
    return ja if lang == "ja" else en


def triage_text(decision: TriageDecision, lang: str) -> str:
    status = status_label(decision.status, lang)
    due = f", {decision.review_due}" if decision.review_due else ""
    return (
        f"[bold]{escape(status)}[/] — {escape(decision.justification)} "
        f"[dim]({escape(decision.by)}, {escape(decision.date)}{escape(due)}; {escape(where(decision.position))})[/]"
    )


def finding_body(finding: Finding, lang: str, sources: Sources, *, why: bool = False) -> list[RenderableType]:
    """Message, elements with their places, path, YAML excerpt, fix, triage: the detail of one finding."""
    text = labels(lang)
    parts: list[RenderableType] = [escape(finding.text(lang))]
    shown = [
        f"{escape(e.element)} [dim]({escape(e.section)}, {escape(where(e.position))})[/]"
        for e in finding.evidence[:MAX_EXCERPTS]
    ]
    if len(finding.evidence) > MAX_EXCERPTS:
        shown.append(escape(text["more"].format(n=len(finding.evidence) - MAX_EXCERPTS)))
    parts.append(f"[bold]{text['elements']}:[/] " + ", ".join(shown))
    if finding.path:
        parts.append(f"[bold]{text['path']}:[/] " + " → ".join(escape(n) for n in finding.path))
    if finding.data:
        parts.append(f"[bold]{text['data']}:[/] " + ", ".join(escape(d) for d in finding.data))
    parts.extend(sources.excerpts([e.position for e in finding.evidence if e.position is not None]))
    if finding.severity_note:
        parts.append(f"[bold]{text['note']}:[/] {escape(finding.severity_note)}")
    if why and finding.rule.text("why", lang):
        parts.append(f"[bold]{text['why']}:[/] {escape(finding.rule.text('why', lang))}")
    if finding.remedy(lang):
        parts.append(f"[bold green]{text['fix']}:[/] {escape(finding.remedy(lang))}")
    if finding.triage is not None:
        parts.append(f"[bold]{text['triage']}:[/] {triage_text(finding.triage, lang)}")
    return parts


def finding_heading(finding: Finding, lang: str) -> str:
    return (
        f"{severity_badge(finding.severity, lang)} [bold]{escape(finding.id)}[/]  "
        f"{escape(finding.rule.text('title', lang))}"
    )


def render_finding(console: Console, finding: Finding, lang: str, sources: Sources, *, why: bool = False) -> None:
    console.print(finding_heading(finding, lang))
    console.print(Padding(Group(*finding_body(finding, lang, sources, why=why)), (0, 0, 1, 4), expand=False))


def summary_line(item: CheckedModel, lang: str) -> str:
    text = labels(lang)
    counts = summary(item.report)
    severities = " · ".join(f"{escape(s.label(lang))} {counts[s.name]}" for s in SEVERITIES)
    return f"{severities} | {text['questions_short']} {counts['questions']} | {text['triaged']} {counts['triaged']}"


def render_check(console: Console, item: CheckedModel, lang: str = "ja") -> None:
    """The whole report for one model."""
    text = labels(lang)
    report = item.report
    scheme = item.graph.document.scheme
    title = scheme.title_en if lang == "en" and scheme.title_en else scheme.title
    sources = Sources()
    console.rule(f"[bold]{escape(item.shown)}[/]", align="left")
    console.print(
        f"[bold]{escape(title)}[/] — {text['municipality']}: {escape(scheme.municipality)}"
        f" [dim]({escape(scheme.business)})[/]"
    )
    if item.policy_path is not None:
        console.print(f"[dim]{text['policy']}: {escape(str(item.policy_path))}[/]")
    console.print()
    open_violations = [f for f in report.violations if f.open]
    for severity in SEVERITIES:
        group = [f for f in open_violations if f.severity == severity]
        if not group:
            continue
        console.print(f"[{STYLES[severity]}]■ {escape(severity.label(lang))} ({len(group)})[/]")
        for finding in group:
            render_finding(console, finding, lang, sources)
    questions = [f for f in report.questions if f.open]
    if questions:
        console.print(f"[bold magenta]? {text['questions']} ({len(questions)})[/]")
        for finding in questions:
            position = primary_position(finding)
            console.print(
                f"  [magenta]?[/] [bold]{escape(finding.id)}[/] [dim]{escape(where(position))}[/]\n"
                f"    {escape(finding.text(lang))}"
            )
        console.print()
    closed = [f for f in report.findings if not f.open]
    if closed:
        console.print(f"[bold green]✓ {text['triaged']} ({len(closed)})[/]")
        for finding in closed:
            if finding.triage is not None:
                console.print(f"  [bold]{escape(finding.id)}[/]: {triage_text(finding.triage, lang)}")
        console.print()
    if report.disabled_rules:
        console.print(f"[bold]{text['disabled']}[/]")
        for rule_id, reason in report.disabled_rules.items():
            console.print(f"  {escape(rule_id)} — {escape(reason)}")
        console.print()
    if report.stale_decisions:
        console.print(f"[bold yellow]{text['stale']}[/]")
        for decision in report.stale_decisions:
            console.print(
                f"  [yellow]![/] {escape(decision.pattern)} [dim]({escape(status_label(decision.status, lang))})[/] "
                f"{escape(where(decision.position))}"
            )
        console.print()
    if not report.findings:
        console.print(f"[green]{text['none']}[/]")
    console.print(summary_line(item, lang))
