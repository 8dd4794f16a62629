"""Changes in words, for the text report, the Markdown comment and 別添3: what an element is, a value as a reader
knows it (vocabulary labels, 「不明」), a one-line summary of an added or removed element, where an item sits.
"""

from __future__ import annotations

from typing import Any

from pia_toolkit.catalog.texts import choose, say
from pia_toolkit.catalog.vocabularies import vocabulary
from pia_toolkit.pia.assessment.form import FormCatalog, FormItem
from pia_toolkit.pia.assessment.prefill import Prefill
from pia_toolkit.pia.diff.elements import ElementChange
from pia_toolkit.pia.diff.findings_delta import FindingsDelta

# (section, attribute) → the vocabulary its values come from
VOCABULARY_OF = {
    ("flows", "channel"): "channels",
    ("flows", "protection"): "protections",
    ("flows", "relationship"): "relationships",
    ("flows", "equivalence_claim.to"): "channels",
    ("nodes", "kind"): "node_kinds",
    ("nodes", "location.basis"): "assurance",
    ("zones", "kind"): "zone_kinds",
    ("data", "category"): "data_categories",
}
SUMMARY_FIELDS = {
    "flows": ("from", "to", "data", "channel"),
    "nodes": ("kind", "zone"),
    "zones": ("kind", "parent"),
    "data": ("category",),
    "stores": ("data", "retention"),
    "contracts": ("contractor",),
    "files": ("data",),
    "questions": ("text",),
}


def _term(vocab: str | None, value: str, lang: str) -> str:
    if value == "unknown":
        return say("diff.value.unknown", lang)
    if vocab is None or value not in vocabulary(vocab):
        return value
    label = vocabulary(vocab).label(value, lang)
    return label if label == value else f"{label} ({value})"


def value_text(section: str, attribute: str, value: Any, lang: str = "ja") -> str:
    """A value of ``attribute`` as a reader knows it: a vocabulary term by its label, unknown as 「不明」."""
    vocab = VOCABULARY_OF.get((section, attribute))
    separator = say("common.list_separator", lang)
    if value is None or value in ([], {}, ""):
        return say("diff.value.none", lang)
    if isinstance(value, bool):
        return say("diff.value.yes" if value else "diff.value.no", lang)
    if isinstance(value, list):
        return separator.join(value_text(section, attribute, v, lang) for v in value)
    if isinstance(value, dict):
        if "id" in value and "status" in value:  # a certification held
            return f"{value['id']} ({value['status']})"
        parts = [f"{k}: {value_text(section, f'{attribute}.{k}', v, lang)}" for k, v in value.items() if v is not None]
        return separator.join(parts)
    return _term(vocab, str(value), lang)


def element_title(change: ElementChange, lang: str = "ja") -> str:
    element = change.new if change.new is not None else change.old
    title = getattr(element, "title", None) or ""
    return choose(lang, title, getattr(element, "title_en", None))


def element_name(change: ElementChange, lang: str = "ja") -> str:
    """「フロー f_entry（申請の入力）」, 「centre_1 の保管 records_1」."""
    if change.section == "stores":
        name = say("diff.store_of", lang, node=change.parent, store=change.id)
    else:
        name = f"{say(f'diff.section.{change.section}', lang)} {change.id}"
    title = element_title(change, lang)
    return f"{name}（{title}）" if title and lang == "ja" else f"{name} ({title})" if title else name


def summary(change: ElementChange, lang: str = "ja") -> str:
    """What an added or removed element holds, in one line."""
    content = change.content or {}
    parts = []
    for name in SUMMARY_FIELDS.get(change.section, ()):
        if name in content:
            parts.append(f"{name}: {value_text(change.section, name, content[name], lang)}")
    return say("common.list_separator", lang).join(parts)


def change_line(change: ElementChange, lang: str = "ja") -> str:
    """「追加: from: …」, 「old_id から改名」 or the changed attributes, for one element."""
    kind = say(f"diff.change.{change.change}", lang)
    if change.change == "renamed":
        return say("diff.renamed_from", lang, old=change.old_id)
    if change.change in ("added", "removed"):
        described = summary(change, lang)
        return f"{kind}: {described}" if described else kind
    return say("common.list_separator", lang).join(a.name for a in change.attributes)


def attribute_text(section: str, name: str, before: Any, after: Any, lang: str = "ja") -> str:
    return f"{name}: {value_text(section, name, before, lang)} → {value_text(section, name, after, lang)}"


ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ", "VI": "Ⅵ"}


def findings_counts(findings: FindingsDelta, lang: str = "ja") -> str:
    """「新たな指摘 N・解消 N・変わらず N」: the findings between the versions, counted once for every output."""
    return say(
        "diff.findings_counts",
        lang,
        new=len(findings.new),
        resolved=len(findings.resolved),
        unchanged=len(findings.unchanged),
    )


def item_place(form: FormCatalog, item: FormItem, lang: str = "ja") -> str:
    """Where an item sits on the form: 「Ⅱ 6①」, 「別添1」, 「表紙」 (en: "II 6①", "Annex 1", "Cover")."""
    if item.section in ROMAN:
        head = ROMAN[item.section] if lang == "ja" else item.section
        return f"{head} {item.number}".strip()
    section = next(s for s in form.sections if s.id == item.section)
    return item.number if lang == "ja" and item.number else section.text(lang).split(".")[0]


def item_name(form: FormCatalog, item: FormItem, lang: str = "ja") -> str:
    """「※ Ⅱ 6① 保管場所」: the place, the label, and the ※ mark where the form has it."""
    mark = "※ " if item.significant else ""
    return f"{mark}{item_place(form, item, lang)} {item.text(lang)}"


def answer_text(item: FormItem, found: Prefill | None, lang: str = "ja") -> str:
    """A pre-filled answer as the form would read it: choice labels, block rows one per line."""
    if found is None:
        return say("diff.value.none", lang)
    value = found.value
    separator = say("common.list_separator", lang)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        fields = {f.id: f for f in item.fields}
        rows = []
        for row in value:
            cells = []
            for key, cell in row.items():
                block_field = fields.get(key)
                cell_text = _choice_text(block_field.choices if block_field else (), cell, lang)
                cells.append(f"{block_field.text(lang) if block_field else key}: {cell_text}")
            rows.append(separator.join(cells))
        text = "\n".join(rows)
    else:
        text = _choice_text(item.choices, value, lang)
    return (
        f"{text}（{found.detail}）"
        if found.detail and lang == "ja"
        else f"{text} ({found.detail})"
        if found.detail
        else text
    )


def _choice_text(choices: tuple[Any, ...], value: Any, lang: str) -> str:
    by_id = {c.id: c for c in choices}
    if isinstance(value, list):
        return say("common.list_separator", lang).join(_choice_text(choices, v, lang) for v in value)
    if isinstance(value, str) and value in by_id:
        return str(by_id[value].text(lang))
    return str(value)
