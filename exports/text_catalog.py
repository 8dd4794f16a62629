"""The rule catalog for people (rich): the ``pia rules`` table and ``pia explain RULE-ID``."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from pia_toolkit.catalog.rules import RuleMeta
from pia_toolkit.catalog.texts import say
from pia_toolkit.exports.text_report import severity_badge
from pia_toolkit.pia.assessment.form import full_item_form


def kind_label(kind: str, lang: str) -> str:
    return say(f"common.kind.{kind}", lang)


def form_item_label(item_id: str, lang: str) -> str:
    """``number label (id)`` from the form catalog, or the id alone when the catalog does not know it."""
    form = full_item_form()
    if not form.has(item_id):
        return item_id
    item = form.item(item_id)
    return f"{item.number} {item.text(lang)} ({item_id})".strip()


def _heading(key: str, lang: str) -> str:
    return f"[bold]{escape(say('report.' + key, lang))}[/]"


def render_rules(console: Console, rules: list[RuleMeta], lang: str = "ja") -> None:
    table = Table(title=say("report.rules_title", lang), title_justify="left", show_lines=True)
    table.add_column(say("report.rule_id", lang), style="bold cyan", no_wrap=True)
    table.add_column(say("report.severity", lang), no_wrap=True)
    table.add_column(say("report.kind", lang), no_wrap=True)
    table.add_column(say("report.rule_title", lang))
    table.add_column(say("report.form_items", lang), style="dim")
    for meta in rules:
        table.add_row(
            escape(meta.id),
            severity_badge(meta.severity, lang),
            escape(kind_label(meta.kind, lang)),
            escape(meta.text("title", lang)),
            escape("\n".join(meta.form_items)),
        )
    console.print(table)
    console.print(escape(say("report.rule_count", lang, n=len(rules))))


def render_rule(console: Console, meta: RuleMeta, doc: str | None, lang: str = "ja") -> None:
    """Everything about one rule: title, why, fix, example, references, severity, kind, form items, logic."""
    console.print(f"[bold cyan]{escape(meta.id)}[/]  [bold]{escape(meta.text('title', lang))}[/]")
    facts = (
        f"{escape(say('report.severity', lang))}: {severity_badge(meta.severity, lang)}  "
        f"{escape(say('report.kind', lang))}: {escape(kind_label(meta.kind, lang))}  "
        f"{escape(say('report.group', lang))}: {escape(meta.group)}"
    )
    console.print(facts)
    if meta.raise_for_special:
        console.print(f"[dim]{escape(say('report.raised_for_special', lang))}[/]")
    console.print()
    for name in ("why", "fix", "example"):
        value = meta.text(name, lang)
        if value:
            console.print(_heading(name, lang))
            console.print(Padding(escape(value), (0, 0, 1, 2), expand=False))
    if meta.references:
        console.print(_heading("references", lang))
        for reference in meta.references:
            console.print(f"  - {escape(str(reference))}")
        console.print()
    if meta.form_items:
        console.print(_heading("form_items", lang))
        for item_id in meta.form_items:
            console.print(f"  - {escape(form_item_label(item_id, lang))}")
        console.print()
    if doc:
        console.print(_heading("implementation", lang))
        console.print(Padding(escape(doc), (0, 0, 0, 2), expand=False))
