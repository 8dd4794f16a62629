"""``pia diff`` in the terminal: the result and the threshold first, what follows, then the changes by class,
the findings between the versions, stale triage decisions and answered questions."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from pia_toolkit.catalog.changes import change_catalog
from pia_toolkit.catalog.texts import say
from pia_toolkit.pia.cli.common import console
from pia_toolkit.pia.diff.classify import ClassifiedChange
from pia_toolkit.pia.diff.report import ChangeReport
from pia_toolkit.pia.diff.wording import attribute_text, change_line, element_name, findings_counts, item_name
from pia_toolkit.pia.findings import Finding

LIST_LIMIT = 20
STYLE = {"significant": "bold red", "threshold": "bold red", "minor": "yellow", "none": "green"}


def _change(out: Console, report: ChangeReport, classified: ClassifiedChange, lang: str) -> None:
    change = classified.change
    out.print(f"  [bold]{escape(element_name(change, lang))}[/]")
    if change.change != "changed":
        out.print(f"    {escape(change_line(change, lang))}")
    for attribute in change.attributes:
        text = attribute_text(change.section, attribute.name, attribute.before, attribute.after, lang)
        verdict = classified.attributes[attribute.name]
        tag = (
            f" [dim]({escape(say(f'diff.class_short.{verdict.cls}', lang))})[/]"
            if verdict.cls != classified.verdict.cls
            else ""
        )
        out.print(f"    {escape(text)}{tag}")
    verdict = classified.verdict
    ordered = [*verdict.significant_items, *(i for i in verdict.items if i not in verdict.significant_items)]
    for item_id in ordered:
        out.print(f"    → {escape(item_name(report.form, report.form.item(item_id), lang))}")


def _findings(out: Console, title: str, findings: list[Finding], lang: str, mark: str) -> None:
    if not findings:
        return
    out.print(f"  {escape(title)}")
    for finding in findings[:LIST_LIMIT]:
        kind = say("diff.question", lang) if finding.question else say(f"common.severity.{finding.severity.name}", lang)
        out.print(f"    {mark} {escape(finding.id)} ({escape(kind)}) {escape(finding.text(lang))}")
    if len(findings) > LIST_LIMIT:
        out.print(f"    {escape(say('diff.more', lang, count=len(findings) - LIST_LIMIT))}")


def print_report(report: ChangeReport, lang: str, out: Console | None = None) -> None:
    out = out or console
    info = report.info()
    style = STYLE[report.result_class]
    out.print(f"[bold]{escape(say('diff.versions', lang, old=report.old.label, new=report.new.label))}[/]")
    out.print(f"{escape(say('diff.result', lang))}: [{style}]{escape(info.label.get(lang))}[/]")
    threshold = report.threshold
    if threshold.changed:
        text = say(
            "diff.threshold_changed", lang, before=threshold.before.label(lang), after=threshold.after.label(lang)
        )
        out.print(f"[bold red]{escape(text)}[/]")
        out.print(f"  {escape(change_catalog().threshold_why.get(lang))}")
    else:
        out.print(escape(say("diff.threshold_same", lang, result=threshold.after.label(lang))))
    out.print(f"\n[bold]{escape(say('diff.steps', lang))}[/]")
    note, lines = report.step_lines(lang)
    if note:
        out.print(f"  [dim]{escape(note)}[/]")
    for line in lines:
        out.print(f"  ・{escape(line)}")
    for cls in ("significant", "minor", "none"):
        group = report.of_class(cls)
        if not group:
            continue
        label = change_catalog().classes[cls].label.get(lang)
        out.print(f"\n[{STYLE[cls]}]{escape(say('diff.group', lang, label=label, count=len(group)))}[/]")
        for classified in group:
            _change(out, report, classified, lang)
    if not report.changes:
        out.print("\n" + escape(say("diff.no_change", lang)))
    findings = report.findings
    if findings.checked:
        counts = findings_counts(findings, lang)
        out.print(f"\n[bold]{escape(say('diff.findings', lang))}[/]: {escape(counts)}")
        _findings(out, say("diff.findings_new", lang), findings.new, lang, "+")
        _findings(out, say("diff.findings_resolved", lang), findings.resolved, lang, "-")
    if findings.stale:
        out.print(f"\n[bold yellow]{escape(say('diff.stale', lang, count=len(findings.stale)))}[/]")
        for stale in findings.stale:
            status = say(f"common.triage.{stale.decision.status}", lang)
            out.print(f"  ! {escape(stale.finding)}: {escape(say(f'diff.stale_{stale.reason}', lang, status=status))}")
    if findings.answered:
        out.print(f"\n[bold]{escape(say('diff.answered', lang, count=len(findings.answered)))}[/]")
        for answered in findings.answered:
            out.print(f"  ✓ {escape(answered.question.id)}: {escape(answered.question.answer or '')}")
