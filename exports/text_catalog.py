"""The rule catalog for people (rich): the ``pia rules`` table and ``pia explain RULE-ID``."""

from __future__ import annotations

from typing import get_args

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from pia_toolkit.catalog.rules import RuleMeta
from pia_toolkit.catalog.texts import say
from pia_toolkit.exports.text_report import severity_badge
from pia_toolkit.flows.schema import FlowDocument
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
    # A grid, each rule's form items on the line below it: a boxed five-column table cuts titles at 80 columns.
    console.print(f"[bold]{escape(say('report.rules_title', lang))}[/]")
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for meta in rules:
        table.add_row(
            escape(meta.id),
            severity_badge(meta.severity, lang),
            escape(kind_label(meta.kind, lang)),
            f"[bold]{escape(meta.text('title', lang))}[/]",
        )
        items = f"{escape(say('report.form_items', lang))}: {escape(', '.join(meta.form_items))}"
        table.add_row("", "", "", f"[dim]{items}[/]")
    console.print(table)
    console.print(escape(say("report.rule_count", lang, n=len(rules))))


def yaml_field(attribute: str) -> str:
    """``flows.sanctioned_intake`` as a modeller looks for it: ``sanctioned_intake: (flows[].sanctioned_intake)``."""
    section, _, rest = attribute.partition(".")
    leaf = rest.rpartition(".")[2] or section
    where = section if section == "scheme" else f"{section}[]"
    return f"{leaf}:  ({where}.{rest})" if rest else f"{section}:"


def field_description(attribute: str) -> str | None:
    """The schema's description of ``section.field[.sub]`` (what the field means, in Japanese)."""
    model: type[BaseModel] | None = FlowDocument
    description = None
    for name in attribute.split("."):
        info = model.model_fields.get(name) if model is not None else None
        if info is None:
            return description
        description = info.description
        model = _model_in(info.annotation)
    return description


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The pydantic model inside a field's type (``list[Flow]`` → Flow, ``Contract | None`` → Contract)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for inner in get_args(annotation):
        found = _model_in(inner)
        if found is not None:
            return found
    return None


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
    if meta.reads:
        console.print(_heading("fields", lang))
        for attribute in meta.reads:
            console.print(f"  - [bold]{escape(yaml_field(attribute))}[/]")
            described = field_description(attribute)  # the schema describes its fields in Japanese only
            if described and lang == "ja":  # below the field, indented, so that a wrapped line keeps its margin
                console.print(Padding(escape(described), (0, 0, 0, 4), expand=False))
        console.print()
    if doc:
        console.print(_heading("implementation", lang))
        # The docstring's own line breaks are where the source wraps at 120 columns: joined, so that the
        # terminal wraps each paragraph at its width.
        paragraphs = [" ".join(part.split()) for part in doc.split("\n\n")]
        console.print(Padding(escape("\n\n".join(paragraphs)), (0, 0, 0, 2), expand=False))
