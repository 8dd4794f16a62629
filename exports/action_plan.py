"""The reviewer's action plan as CSV for Excel: one row per item that has an action, UTF-8 with BOM.

Also the ordered list of reviewed items that the PDF's reviewer report prints, so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pia_toolkit.catalog.texts import say
from pia_toolkit.exports.spreadsheet import csv_text
from pia_toolkit.pia.assessment.document import Assessment, atomic_write_text, verdict_label
from pia_toolkit.pia.assessment.form import FormCatalog, FormItem

COLUMNS = ("item_id", "item", "verdict", "comment", "who", "due")


def item_place(form: FormCatalog, item: FormItem, lang: str = "ja") -> str:
    """Where an item sits on the form, as a reader finds it: 「Ⅲ 3 リスク2」, 「別添1」, 「表紙」."""
    if item.number.startswith("別添"):
        return item.number
    section = next((s for s in form.sections if s.id == item.section), None)
    if section is None:
        return item.number
    title = section.text(lang)
    head = title.split(" ")[0].rstrip(".") if " " in title else title
    return f"{head} {item.number}".strip()


@dataclass(frozen=True)
class ReviewedItem:
    item_id: str
    place: str
    """「Ⅰ 1②」: the section and number on the form"""
    label: str
    verdict: str | None
    comment: str | None
    who: str | None
    due: str | None

    @property
    def has_action(self) -> bool:
        return bool(self.who or self.due)


def reviewed_items(assessment: Assessment, lang: str = "ja") -> list[ReviewedItem]:
    """Items with a verdict, a comment or an action, in form order (then items the form no longer has)."""
    form = assessment.form
    order = [item.id for item in form.items]
    extra = [i for i in assessment.item_ids() if not form.has(i)]
    out = []
    for item_id in order + extra:
        state = assessment.state(item_id)
        if not (state.verdict or state.comment or state.action_who or state.action_due):
            continue
        item = form.item(item_id) if form.has(item_id) else None
        out.append(
            ReviewedItem(
                item_id=item_id,
                place=item_place(form, item, lang) if item else "",
                label=item.text(lang) if item else "",
                verdict=state.verdict,
                comment=state.comment,
                who=str(state.action_who) if state.action_who else None,
                due=str(state.action_due) if state.action_due else None,
            )
        )
    return out


def action_plan_csv(assessment: Assessment, lang: str = "ja") -> str:
    """The CSV text of every item that has an action (:func:`~pia_toolkit.exports.spreadsheet.csv_text`)."""
    header = [say(f"report.plan.{column}", lang) for column in COLUMNS]
    rows = (
        [
            row.item_id,
            f"{row.place} {row.label}".strip(),
            verdict_label(row.verdict, lang) if row.verdict else "",
            row.comment or "",
            row.who or "",
            row.due or "",
        ]
        for row in reviewed_items(assessment, lang)
        if row.has_action
    )
    return csv_text(header, rows)


def write_action_plan(assessment: Assessment, path: Path, lang: str = "ja") -> int:
    """Write the action plan CSV; returns the number of actions written."""
    text = action_plan_csv(assessment, lang)
    atomic_write_text(path, text)
    return sum(1 for r in reviewed_items(assessment, lang) if r.has_action)
