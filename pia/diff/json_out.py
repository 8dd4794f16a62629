"""``pia diff --format json``: the change report as plain data, for CI and for the diagram, PDF and app to come.

Ids and raw model values throughout; texts in the language asked for beside them.
"""

from __future__ import annotations

from typing import Any

from pia_toolkit.catalog.changes import change_catalog
from pia_toolkit.pia import __version__
from pia_toolkit.pia.assessment.prefill import Prefill
from pia_toolkit.pia.diff.classify import ClassifiedChange, ItemEffect, Verdict
from pia_toolkit.pia.diff.report import ChangeReport, Version
from pia_toolkit.pia.diff.wording import answer_text, element_title, item_place
from pia_toolkit.pia.findings import finding_brief

FORMAT_VERSION = 1


def _version(version: Version, lang: str) -> dict[str, Any]:
    scheme = version.checked.graph.document.scheme
    threshold = version.checked.threshold
    return {
        "label": version.label,
        "scheme": scheme.id,
        "title": scheme.title if lang == "ja" or not scheme.title_en else scheme.title_en,
        "threshold": {"level": threshold.result.level, "label": threshold.result.label(lang)},
        "declared": threshold.declared,
    }


def _verdict(verdict: Verdict) -> dict[str, Any]:
    return {
        "class": verdict.cls,
        "rules": list(verdict.rules),
        "items": list(verdict.items),
        "significant_items": list(verdict.significant_items),
    }


def _change(classified: ClassifiedChange, lang: str) -> dict[str, Any]:
    change = classified.change
    entry: dict[str, Any] = {
        "key": change.key,
        "section": change.section,
        "id": change.id,
        "change": change.change,
        "old_id": change.old_id,
        "parent": change.parent,
        "title": element_title(change, lang),
        **_verdict(classified.verdict),
    }
    if change.content is not None:
        entry["content"] = change.content
    if change.attributes:
        entry["attributes"] = [
            {"name": a.name, "before": a.before, "after": a.after, **_verdict(classified.attributes[a.name])}
            for a in change.attributes
        ]
    return entry


def _answer(effect: ItemEffect, found: Prefill | None, lang: str) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "value": found.value,
        "detail": found.detail,
        "refs": list(found.refs),
        "text": answer_text(effect.item, found, lang),
    }


def _item(report: ChangeReport, effect: ItemEffect, lang: str) -> dict[str, Any]:
    return {
        "id": effect.item.id,
        "place": item_place(report.form, effect.item, lang),
        "label": effect.item.text(lang),
        "significant": effect.significant,
        "prefilled": effect.prefilled,
        "before": _answer(effect, effect.before, lang),
        "after": _answer(effect, effect.after, lang),
        "changes": list(effect.changes),
    }


def report_json(report: ChangeReport, lang: str = "ja") -> dict[str, Any]:
    info = report.info()
    catalog = change_catalog()
    findings = report.findings
    return {
        "tool": f"pia-toolkit {__version__}",
        "format": FORMAT_VERSION,
        "lang": lang,
        "classification_version": catalog.version,
        "old": _version(report.old, lang),
        "new": _version(report.new, lang),
        "result": report.result,
        "result_label": info.label.get(lang),
        "threshold": {
            "changed": report.threshold.changed,
            "before": report.threshold.before.level,
            "after": report.threshold.after.level,
            "why": catalog.threshold_why.get(lang) if report.threshold.changed else None,
            "reference": catalog.threshold_reference if report.threshold.changed else None,
        },
        "level": report.level,
        "submission": report.timing,
        "steps": [
            {"id": step.id, "text": step.text.get(lang), "required": required, "reference": step.reference}
            for step, required in report.steps()
        ],
        "counts": {cls: len(report.of_class(cls)) for cls in ("significant", "minor", "none")},
        "changes": [_change(c, lang) for c in report.changes],
        "items": [_item(report, e, lang) for e in report.items],
        "findings": {
            "checked": findings.checked,
            "new": [finding_brief(f, lang, with_open=True) for f in findings.new],
            "resolved": [finding_brief(f, lang, with_open=True) for f in findings.resolved],
            "unchanged": findings.unchanged,
            "stale_decisions": [
                {
                    "pattern": s.decision.pattern,
                    "finding": s.finding,
                    "status": s.decision.status,
                    "reason": s.reason,
                    "before": s.before,
                    "after": s.after,
                }
                for s in findings.stale
            ],
            "questions_answered": [
                {"id": a.question.id, "text": a.question.text, "answer": a.question.answer} for a in findings.answered
            ],
        },
    }
