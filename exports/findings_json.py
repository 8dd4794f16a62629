"""Check results as JSON, and what the check exports share: where a finding stands, a triage decision as data.

The JSON document::

    {"tool": {"name": "pia-toolkit", "version": "0.1.0"}, "lang": "ja", "fail_on": "high", "failed": true,
     "files": [{"file": "...", "scheme": {...}, "summary": {...}, "groups": [...], "findings": [...],
                "tallies": {...}, "stale_decisions": [...], "disabled_rules": {...}}]}

Each group (the findings on one element set that share a cause): id, cause, cause_title, elements, severity,
question, open, rules, findings (their ids). Each finding: id, group, rule, title, severity, question, open,
hygiene, message, elements, path, path_flows, data, evidence [{element, section, file, line, column}], remedy,
form_items, severity_note, triage.
"""

from __future__ import annotations

from typing import Any

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.texts.visible import json_text
from pia_toolkit.flows.errors import Position, display_path
from pia_toolkit.flows.schema import title_in
from pia_toolkit.pia import __version__
from pia_toolkit.pia.checked import CheckedModel
from pia_toolkit.pia.findings import Finding, FindingGroup, TriageDecision

TOOL_NAME = "pia-toolkit"


def primary_position(finding: Finding) -> Position | None:
    return next((e.position for e in finding.evidence if e.position is not None), None)


def position_dict(position: Position | None) -> dict[str, Any]:
    if position is None:
        return {"file": None, "line": None, "column": None}
    return {"file": position.file, "line": position.line, "column": position.column}


def triage_dict(decision: TriageDecision | None) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "pattern": decision.pattern,
        "status": decision.status,
        "justification": decision.justification,
        "by": decision.by,
        "date": decision.date,
        "review_due": decision.review_due,
        **position_dict(decision.position),
    }


def group_dict(group: FindingGroup, lang: str = "ja") -> dict[str, Any]:
    return {
        "id": group.id,
        "cause": group.cause,
        "cause_title": say(f"common.cause.{group.cause}", lang),
        "elements": list(group.elements),
        "severity": group.severity.name,
        "question": group.question,
        "open": group.open,
        "rules": list(group.rules),
        "findings": [f.id for f in group.findings],
    }


def finding_dict(finding: Finding, lang: str = "ja", group: str | None = None) -> dict[str, Any]:
    return {
        "id": finding.id,
        "group": group or finding.id,
        "rule": finding.rule_id,
        "title": finding.rule.text("title", lang),
        "severity": finding.severity.name,
        "question": finding.question,
        "open": finding.open,
        "hygiene": finding.rule.hygiene,
        "message": finding.text(lang),
        "elements": list(finding.elements),
        "path": list(finding.path),
        "path_flows": list(finding.path_flows),
        "data": list(finding.data),
        "evidence": [
            {"element": e.element, "section": e.section, **position_dict(e.position)} for e in finding.evidence
        ],
        "remedy": finding.remedy(lang),
        "form_items": list(finding.form_items),
        "severity_note": finding.note(lang),
        "triage": triage_dict(finding.triage),
        "expired_triage": triage_dict(finding.expired_triage),
    }


def model_dict(item: CheckedModel, lang: str = "ja") -> dict[str, Any]:
    scheme = item.graph.document.scheme
    report = item.report
    groups = report.groups()
    group_of = {f.id: g.id for g in groups for f in g.findings}
    return {
        "file": item.shown,
        "scheme": {
            "id": scheme.id,
            "title": title_in(scheme, lang),
            "municipality": scheme.municipality,
            "business": scheme.business,
        },
        "policy": display_path(item.policy_path) if item.policy_path else None,
        "triage_file": display_path(item.triage_path) if item.triage_path else None,
        "summary": item.summary().as_dict(),
        "groups": [group_dict(g, lang) for g in groups],
        "findings": [finding_dict(f, lang, group_of[f.id]) for f in report.findings],
        "tallies": {rule: vars(tally).copy() for rule, tally in report.tallies.items()},
        "stale_decisions": [triage_dict(d) for d in report.stale_decisions],
        "expired_decisions": [triage_dict(d) for d in report.expired_decisions],
        "wildcard_closed": [{**(triage_dict(d) or {}), "closed": count} for d, count in report.wildcard_closed],
        "triage_notes": [note.text(lang) for note in report.triage_notes()],
        "disabled_rules": dict(report.disabled_rules),
    }


def to_json(items: list[CheckedModel], lang: str = "ja", threshold: Severity | None = Severity.high) -> str:
    failed = any(item.fails(threshold) for item in items)
    document = {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "lang": lang,
        "fail_on": threshold.name if threshold is not None else "none",
        "failed": failed,
        "files": [model_dict(item, lang) for item in items],
    }
    return json_text(document, records_at=4)  # one finding, one group per line
