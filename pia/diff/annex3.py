"""``pia assess init NEW --since OLD``: carry a change into the assessment. The reviewer's answers stay as they
are; each item the change alters is marked in its entry, and 別添3 (変更箇所) gets one row per altered item.

```yaml
items:
  II-6-1-storage-place:
    answer: ...
    changed_since: {ref: v2024, before: "...", changes: [nodes/contractor_cloud]}
  ANNEX3-1-changes:
    answer:
      - {date: 2026-11-02, item: Ⅱ 6① 保管場所, before: ..., after: ..., timing: before, timing_reason: ...}
```

:func:`record_changes` edits ``document.data`` and leaves saving to the caller (one atomic write for the refresh
and the change record together).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pia_toolkit.catalog.changes import change_catalog
from pia_toolkit.catalog.texts import say
from pia_toolkit.pia import clock
from pia_toolkit.pia.assessment.document import Assessment
from pia_toolkit.pia.diff.classify import THRESHOLD, ItemEffect
from pia_toolkit.pia.diff.report import ChangeReport, level_label
from pia_toolkit.pia.diff.wording import answer_text, item_place

ANNEX3_ITEM = "ANNEX3-1-changes"
"""別添3 変更箇所 in catalog/form/full_item.yaml (section ANNEX3)."""


@dataclass
class Annex3Summary:
    marked: list[str] = field(default_factory=list)
    """Items whose entry now says ``changed_since``."""
    rows: list[dict[str, str]] = field(default_factory=list)
    """Rows added to 別添3 (rows already there are not added twice)."""


def change_date(value: str | None) -> str:
    """The date of change as 別添3 writes it: ``value`` (YYYY-MM-DD) or today; ValueError for anything else."""
    return dt.date.fromisoformat(value).isoformat() if value else clock.today().isoformat()


def _commented(value: Any) -> Any:
    """``value`` in ruamel's containers, so that the document's writer lays it out as block YAML."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, inner in value.items():
            mapping[key] = _commented(inner)
        return mapping
    if isinstance(value, list | tuple):
        return CommentedSeq([_commented(v) for v in value])
    return value


def _entry(document: Assessment, item_id: str) -> CommentedMap:
    items = document.data["items"]
    entry = items.get(item_id)
    if not isinstance(entry, CommentedMap):
        entry = items[item_id] = CommentedMap()
    return entry


def _answer_as_text(value: Any) -> str:
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, list):
        return "\n".join(_answer_as_text(v) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k}: {_answer_as_text(v)}" for k, v in value.items())
    return str(value)


def _significant(report: ChangeReport, effect: ItemEffect) -> bool:
    """Whether the changes that alter ``effect``'s item include a 重要な変更 (they are then submitted before)."""
    significant = {c.change.key for c in report.of_class("significant")}
    return any(key in significant or key == THRESHOLD for key in effect.changes)


def _timing_reason(report: ChangeReport, effect: ItemEffect, lang: str) -> tuple[str, str]:
    classes = change_catalog().classes
    if THRESHOLD in effect.changes:
        before, after = (level_label(r.level, lang) for r in (report.threshold.before, report.threshold.after))
        return "before", classes["threshold"].timing_reason.format(before=before, after=after).get(lang)
    if _significant(report, effect):
        keys = set(effect.changes)
        starred = {
            i for c in report.of_class("significant") if c.change.key in keys for i in c.verdict.significant_items
        }
        names = "、".join(
            f"{item_place(report.form, report.form.item(i), lang)} {report.form.item(i).text(lang)}"
            for i in (item.id for item in report.form.items if item.id in starred)
        )
        return "before", classes["significant"].timing_reason.format(items=names).get(lang)
    return "after", classes["minor"].timing_reason.get(lang)


def _row(report: ChangeReport, effect: ItemEffect, current: Any, date: str, lang: str) -> dict[str, str]:
    item = effect.item
    changes = "、".join(effect.changes)
    if effect.prefilled:
        before, after = answer_text(item, effect.before, lang), answer_text(item, effect.after, lang)
    else:
        before = _answer_as_text(current) or say("diff.value.none", lang)
        after = say("diff.annex3_to_write", lang, changes=changes)
    timing, reason = _timing_reason(report, effect, lang)
    return {
        "date": date,
        "item": f"{item_place(report.form, item, lang)} {item.text(lang)}",
        "before": before,
        "after": after,
        "timing": timing,
        "timing_reason": reason,
    }


def record_changes(
    document: Assessment, report: ChangeReport, *, since: str, date: str, lang: str = "ja"
) -> Annex3Summary:
    """Mark the items ``report`` alters (``changed_since``) and add their rows to 別添3, in ``document.data``."""
    summary = Annex3Summary()
    kept = document.data["items"].get(ANNEX3_ITEM)
    existing = kept.get("answer") if isinstance(kept, dict) else None
    rows = existing if isinstance(existing, list) else CommentedSeq()
    seen = {(str(r.get("item")), str(r.get("before")), str(r.get("after"))) for r in rows if isinstance(r, dict)}
    for effect in report.items:
        item_id = effect.item.id
        if item_id == ANNEX3_ITEM or not document.form.has(item_id):
            continue
        entry = _entry(document, item_id)
        before = effect.before.value if effect.prefilled and effect.before is not None else None
        current = entry.get("answer") if not effect.prefilled else None
        marker = CommentedMap()
        marker["ref"] = since
        marker["before"] = _commented(before if effect.prefilled else current)
        marker["changes"] = CommentedSeq(effect.changes)
        entry["changed_since"] = marker
        summary.marked.append(item_id)
        row = _row(report, effect, current, date, lang)
        if (row["item"], row["before"], row["after"]) in seen:
            continue
        seen.add((row["item"], row["before"], row["after"]))
        rows.append(_commented(row))
        summary.rows.append(row)
    if summary.rows:
        rows_entry = _entry(document, ANNEX3_ITEM)
        rows_entry["answer"] = rows
        rows_entry["source"] = "entered"  # the owner's record of changes: a refresh from the model keeps it
    return summary
