"""How ``pia assess status`` prints a status: a progress table per section, then the lists that need action."""

from __future__ import annotations

import json
from typing import Any

from rich.markup import escape
from rich.table import Table

from pia_toolkit.catalog.texts import say
from pia_toolkit.pia.assessment.document import VERDICTS, verdict_label
from pia_toolkit.pia.assessment.form import FormCatalog
from pia_toolkit.pia.assessment.status import AssessmentStatus
from pia_toolkit.pia.cli.common import Lang, console


def item_label(form: FormCatalog, item_id: str, lang: Lang) -> str:
    if not form.has(item_id):
        return item_id
    item = form.item(item_id)
    return " ".join(part for part in (item_id, item.number, item.text(lang.value)) if part)


def short(value: Any, limit: int = 70) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("\n", " / ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _progress_table(status: AssessmentStatus, lang: Lang) -> Table:
    table = Table(title=say("status.progress_by_section", lang.value), title_justify="left")
    table.add_column(say("status.section", lang.value))
    table.add_column(say("status.answered", lang.value), justify="right")
    table.add_column(say("status.required_open", lang.value), justify="right")
    table.add_column(say("status.verdicts", lang.value))
    table.add_column(say("status.open_findings", lang.value), justify="right")
    table.add_column(say("status.questions", lang.value), justify="right")
    for s in status.sections:
        verdicts = " ".join(f"{verdict_label(v, lang.value)} {s.verdicts[v]}" for v in VERDICTS if s.verdicts[v])
        open_violations = len(s.open_violations)
        table.add_row(
            escape(s.section.text(lang.value)),
            f"{s.answered}/{s.items}",
            f"[red]{len(s.required_open)}[/]" if s.required_open else "0",
            escape(verdicts) or "-",
            f"[red]{open_violations}[/]" if open_violations else "0",
            str(len(s.open_questions)),
        )
    table.add_row(
        say("status.total", lang.value),
        f"{status.answered}/{status.items}",
        str(len(status.required_open)),
        "",
        # the model's open findings, each once, as `pia check` counts them (a section row counts its own)
        str(status.summary.violations),
        str(status.summary.open_questions),
        style="bold",
    )
    return table


def _heading(text: str, count: int, style: str) -> None:
    console.print(f"\n[bold {style}]{escape(text)}[/] ({count})")


def print_status(status: AssessmentStatus, form: FormCatalog, lang: Lang, *, title: str) -> None:
    console.print(f"[bold]{escape(title)}[/]")
    console.print(_progress_table(status, lang))
    for section in (_contradictions, _consistency, _stale, _model_differs, _significant):
        section(status, form, lang)


def _listing(title: str, style: str, lines: list[str]) -> None:
    """A heading with the count, then one line per entry; nothing at all when there are none."""
    if not lines:
        return
    _heading(title, len(lines), style)
    for line in lines:
        console.print(line)


def _contradictions(status: AssessmentStatus, form: FormCatalog, lang: Lang) -> None:
    lines = []
    for found in status.contradictions:
        ids = ", ".join(f"{f.id} ({f.severity.label(lang.value)})" for f in found.findings)
        answer = found.choice.text(lang.value)
        lines.append(f"  ✗ {escape(item_label(form, found.item_id, lang))}: 「{escape(answer)}」 ↔ {escape(ids)}")
    _listing(say("status.contradictions_answered_as_handled_open", lang.value), "red", lines)


def _consistency(status: AssessmentStatus, form: FormCatalog, lang: Lang) -> None:
    lines = []
    for problem in status.consistency:
        items = ", ".join(problem.items[:6]) + (" …" if len(problem.items) > 6 else "")
        lines.append(f"  • {escape(f'[{problem.check}]')} {escape(problem.text(lang.value))} ({escape(items)})")
    _listing(say("status.consistency", lang.value), "yellow", lines)


def _stale(status: AssessmentStatus, form: FormCatalog, lang: Lang) -> None:
    lines = [f"  ! {escape(item_label(form, item_id, lang))}" for item_id in status.stale]
    _listing(say("status.stale_answers_kept", lang.value), "yellow", lines)


def _model_differs(status: AssessmentStatus, form: FormCatalog, lang: Lang) -> None:
    lines = []
    for change in status.model_differs:
        says = say("status.model_says", lang.value) + short(change.after)
        lines.append(f"  ≠ {escape(item_label(form, change.item_id, lang))}: {escape(says)}")
    _listing(say("status.entered_answers_the_model_now", lang.value), "yellow", lines)


def _significant(status: AssessmentStatus, form: FormCatalog, lang: Lang) -> None:
    if not status.approved_on:
        console.print("\n" + say("status.no_approved_version_yet_changes", lang.value))
        return
    title = say("status.significant_since", lang.value, date=status.approved_on)
    _heading(title, len(status.significant_changes), "magenta")
    for change in status.significant_changes:
        what = f"{short(change.before, 40)} → {short(change.after, 40)}"
        console.print(f"  ※ {escape(item_label(form, change.item_id, lang))}: {escape(what)}")
