"""``pia diff --format markdown``: the change report as a pull-request comment (GitHub-flavoured Markdown).

The result and what follows come first, then one table row per substantive change, the findings, and the
changes of wording folded away in ``<details>``.
"""

from __future__ import annotations

from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.texts.visible import visible
from pia_toolkit.pia.diff.classify import ClassifiedChange
from pia_toolkit.pia.diff.report import ChangeReport
from pia_toolkit.pia.diff.wording import attribute_text, change_line, element_name, findings_counts, item_name
from pia_toolkit.pia.findings import Finding

LIST_LIMIT = 50
"""Findings listed per group; the rest are counted (the JSON has them all)."""


def cell(text: str) -> str:
    """Model text safe inside a table cell or a list line: pipes escaped, HTML inert (a title could close the
    ``<details>`` fold or open a tag), line breaks as <br>."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def _what(classified: ClassifiedChange, lang: str) -> str:
    change = classified.change
    if change.change != "changed":
        return change_line(change, lang)
    lines = []
    for attribute in change.attributes:
        text = attribute_text(change.section, attribute.name, attribute.before, attribute.after, lang)
        verdict = classified.attributes[attribute.name]
        if verdict.cls != classified.verdict.cls:
            text += f" ({say(f'diff.class_short.{verdict.cls}', lang)})"
        lines.append(text)
    return "\n".join(lines)


def _items(report: ChangeReport, classified: ClassifiedChange, lang: str) -> str:
    verdict = classified.verdict
    ordered = [*verdict.significant_items, *(i for i in verdict.items if i not in verdict.significant_items)]
    return "\n".join(item_name(report.form, report.form.item(i), lang) for i in ordered)


def _findings(title: str, findings: list[Finding], lang: str) -> list[str]:
    if not findings:
        return []
    lines = [f"**{title}**", ""]
    for finding in findings[:LIST_LIMIT]:
        kind = say("diff.question", lang) if finding.question else say(f"common.severity.{finding.severity.name}", lang)
        lines.append(f"- `{finding.id}` ({kind}) {cell(finding.text(lang))}")
    if len(findings) > LIST_LIMIT:
        lines.append(f"- {say('diff.more', lang, count=len(findings) - LIST_LIMIT)}")
    return [*lines, ""]


def report_markdown(report: ChangeReport, lang: str = "ja") -> str:
    info = report.info()
    out = [
        f"## {say('diff.heading', lang, result=info.label.get(lang))}",
        "",
        say("diff.versions", lang, old=f"`{report.old.label}`", new=f"`{report.new.label}`"),
        "",
    ]
    threshold = report.threshold
    if threshold.changed:
        out += [
            f"> **{say('diff.threshold_changed', lang, before=threshold.before.label(lang), after=threshold.after.label(lang))}**",
            "",
        ]
    else:
        out += [f"> {say('diff.threshold_same', lang, result=threshold.after.label(lang))}", ""]
    out += [f"### {say('diff.steps', lang)}", ""]
    note, lines = report.step_lines(lang)
    if note:
        out += [f"_{note}_", ""]
    out += [*(f"- {line}" for line in lines), ""]
    substantive = report.substantive
    if substantive:
        out += [
            f"### {say('diff.changes', lang, count=len(substantive))}",
            "",
            f"| {say('diff.md.class', lang)} | {say('diff.md.element', lang)} | {say('diff.md.change', lang)} | {say('diff.md.items', lang)} |",
            "|---|---|---|---|",
        ]
        for classified in substantive:
            label = change_label(classified, lang)
            row = [
                label,
                element_name(classified.change, lang),
                _what(classified, lang),
                _items(report, classified, lang),
            ]
            out.append("| " + " | ".join(cell(c) for c in row) + " |")
        out.append("")
    else:
        out += [say("diff.no_substantive_change", lang), ""]
    findings = report.findings
    if findings.checked:
        counts = findings_counts(findings, lang)
        out += [f"### {say('diff.findings', lang)}", "", counts, ""]
        out += _findings(say("diff.findings_new", lang), findings.new, lang)
        out += _findings(say("diff.findings_resolved", lang), findings.resolved, lang)
    if findings.stale:
        out += [f"### {say('diff.stale', lang, count=len(findings.stale))}", ""]
        for stale in findings.stale:
            status = say(f"common.triage.{stale.decision.status}", lang)
            out.append(f"- `{stale.finding}`: {say(f'diff.stale_{stale.reason}', lang, status=status)}")
        out.append("")
    if findings.answered:
        out += [f"### {say('diff.answered', lang, count=len(findings.answered))}", ""]
        for answered in findings.answered:
            out.append(
                f"- `{answered.question.id}` {cell(answered.question.text)} → {cell(answered.question.answer or '')}"
            )
        out.append("")
    editorial = report.of_class("none")
    if editorial:
        out += [f"<details><summary>{say('diff.editorial', lang, count=len(editorial))}</summary>", ""]
        for classified in editorial:
            out.append(f"- {cell(element_name(classified.change, lang))}: {cell(_what(classified, lang))}")
        out += ["", "</details>", ""]
    # a comment is read in a terminal too (gh pr view): control and bidi characters of model text are shown
    return visible("\n".join(out))


def change_label(classified: ClassifiedChange, lang: str) -> str:
    return say(f"diff.class_short.{classified.verdict.cls}", lang)
