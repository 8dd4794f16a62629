"""The rule catalog for people (rich): the ``pia rules`` table and ``pia explain RULE-ID``."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from pia_toolkit.catalog.rules import RuleMeta
from pia_toolkit.exports.text_report import severity_badge

_TEXT = {
    "ja": {
        "title": "リスク点検ルール",
        "id": "ID",
        "severity": "重大度",
        "kind": "種類",
        "rule": "題名",
        "form_items": "評価書の項目",
        "group": "分類",
        "why": "理由",
        "fix": "対策",
        "example": "事例",
        "references": "出典",
        "raised": "特定個人情報・要配慮個人情報を含むときは1段階引き上げる",
        "function": "判定の実装",
        "no_function": "（判定の関数がまだない）",
        "count": "{n} 件",
    },
    "en": {
        "title": "Risk rules",
        "id": "id",
        "severity": "severity",
        "kind": "kind",
        "rule": "title",
        "form_items": "form items",
        "group": "group",
        "why": "why",
        "fix": "how to fix",
        "example": "example",
        "references": "references",
        "raised": "raised one level when My Number or sensitive data is involved",
        "function": "implementation",
        "no_function": "(no rule function yet)",
        "count": "{n} rules",
    },
}

KINDS = {
    "ja": {"auto": "自動判定", "ask": "質問", "auto+ask": "自動判定＋質問"},
    "en": {"auto": "automatic", "ask": "question", "auto+ask": "automatic + question"},
}


def _text(lang: str) -> dict[str, str]:
    return _TEXT.get(lang, _TEXT["en"])


def kind_label(kind: str, lang: str) -> str:
    return KINDS.get(lang, KINDS["en"]).get(kind, kind)


def form_item_label(item_id: str, lang: str) -> str:
    """``number label (id)`` from the form catalog, or the id alone when the catalog does not know it."""
    try:
        from pia_toolkit.pia.assessment.form import full_item_form

        form = full_item_form()
        if form.has(item_id):
            item = form.item(item_id)
            return f"{item.number} {item.text(lang)} ({item_id})".strip()
    except (ImportError, KeyError, OSError, TypeError, ValueError):
        pass
    return item_id


def render_rules(console: Console, rules: list[RuleMeta], lang: str = "ja") -> None:
    text = _text(lang)
    table = Table(title=text["title"], title_justify="left", show_lines=True)
    table.add_column(text["id"], style="bold cyan", no_wrap=True)
    table.add_column(text["severity"], no_wrap=True)
    table.add_column(text["kind"], no_wrap=True)
    table.add_column(text["rule"])
    table.add_column(text["form_items"], style="dim")
    for meta in rules:
        table.add_row(
            escape(meta.id),
            severity_badge(meta.severity, lang),
            escape(kind_label(meta.kind, lang)),
            escape(meta.text("title", lang)),
            escape("\n".join(meta.form_items)),
        )
    console.print(table)
    console.print(text["count"].format(n=len(rules)))


def render_rule(console: Console, meta: RuleMeta, doc: str | None, lang: str = "ja") -> None:
    """Everything about one rule: title, why, fix, example, references, severity, kind, form items, logic."""
    text = _text(lang)
    console.print(f"[bold cyan]{escape(meta.id)}[/]  [bold]{escape(meta.text('title', lang))}[/]")
    facts = (
        f"{text['severity']}: {severity_badge(meta.severity, lang)}  "
        f"{text['kind']}: {escape(kind_label(meta.kind, lang))}  {text['group']}: {escape(meta.group)}"
    )
    console.print(facts)
    if meta.raise_for_special:
        console.print(f"[dim]{text['raised']}[/]")
    console.print()
    for name in ("why", "fix", "example"):
        value = meta.text(name, lang)
        if value:
            console.print(f"[bold]{text[name]}[/]")
            console.print(Padding(escape(value), (0, 0, 1, 2), expand=False))
    if meta.references:
        console.print(f"[bold]{text['references']}[/]")
        for reference in meta.references:
            console.print(f"  - {escape(str(reference))}")
        console.print()
    if meta.form_items:
        console.print(f"[bold]{text['form_items']}[/]")
        for item_id in meta.form_items:
            console.print(f"  - {escape(form_item_label(item_id, lang))}")
        console.print()
    console.print(f"[bold]{text['function']}[/]")
    console.print(Padding(escape(doc) if doc else f"[dim]{text['no_function']}[/]", (0, 0, 0, 2), expand=False))
