"""Check results as SARIF 2.1.0, for code-scanning dashboards and review tools.

One run; ``tool.driver.rules`` is the whole rule catalog. Levels: critical/high → error, medium → warning,
low → note; a question (the model does not say enough) is a note with ``properties.question = true``.
Findings triaged as accepted, mitigated or false_positive carry an external, accepted suppression.
Stale triage decisions are tool execution notifications.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pia_toolkit.catalog.rules import RuleMeta, Severity
from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.texts.visible import json_text
from pia_toolkit.exports.findings_json import TOOL_NAME, primary_position, triage_dict
from pia_toolkit.flows.errors import Position
from pia_toolkit.pia import __version__
from pia_toolkit.pia.checked import CheckedModel
from pia_toolkit.pia.findings import Finding, FindingGroup, TriageDecision

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"

LEVELS = {Severity.critical: "error", Severity.high: "error", Severity.medium: "warning", Severity.low: "note"}
SECURITY_SEVERITY = {Severity.critical: "9.5", Severity.high: "8.0", Severity.medium: "5.5", Severity.low: "3.0"}
SUPPRESSED = {"accepted", "mitigated", "false_positive"}


def to_sarif(items: list[CheckedModel], catalog: dict[str, RuleMeta], lang: str = "ja") -> dict[str, Any]:
    rules = list(catalog.values())
    index = {meta.id: i for i, meta in enumerate(rules)}
    results = [
        _result(f, index, lang, group) for item in items for group in item.report.groups() for f in group.findings
    ]
    notifications = [_stale(d, item, lang) for item in items for d in item.report.stale_decisions]
    notifications += [_triage_note(item, lang) for item in items if item.report.triage_notes()]
    disabled = {item.shown: dict(item.report.disabled_rules) for item in items if item.report.disabled_rules}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(meta, lang) for meta in rules],
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if disabled:
        run["properties"] = {"disabledRules": disabled}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def to_sarif_json(items: list[CheckedModel], catalog: dict[str, RuleMeta], lang: str = "ja") -> str:
    return json_text(to_sarif(items, catalog, lang), records_at=4)  # one result per line


def rule_name(meta: RuleMeta) -> str:
    """An identifier-like name from the English title: ``PersonalDataOverAGeneralLine...``."""
    words = re.findall(r"[A-Za-z0-9]+", meta.title.en) or [meta.id.replace("-", "")]
    return "".join(w[:1].upper() + w[1:] for w in words)


def _text(value: str) -> dict[str, str]:
    return {"text": value}


def _rule(meta: RuleMeta, lang: str) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": meta.id,
        "name": rule_name(meta),
        "shortDescription": _text(meta.text("title", lang)),
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {
            "group": meta.group,
            "kind": meta.kind,
            "form_items": list(meta.form_items),
            "severity": meta.severity.name,
            "raise_for_special": meta.raise_for_special,
            "security-severity": SECURITY_SEVERITY[meta.severity],
            "tags": ["privacy", meta.group],
        },
    }
    if meta.text("why", lang):
        descriptor["fullDescription"] = _text(meta.text("why", lang))
    if meta.text("fix", lang):
        descriptor["help"] = _text(meta.text("fix", lang))
    return descriptor


def artifact_location(file: str) -> dict[str, str]:
    """A URI relative to the working directory (``%SRCROOT%``), or an absolute file URI."""
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix()), "uriBaseId": SRCROOT}


def _physical(position: Position) -> dict[str, Any]:
    return {
        "artifactLocation": artifact_location(position.file),
        "region": {"startLine": position.line, "startColumn": position.column},
    }


def _result(finding: Finding, index: dict[str, int], lang: str, group: FindingGroup) -> dict[str, Any]:
    located = [(e.element, e.section, e.position) for e in finding.evidence if e.position is not None]
    # The other rules the same cause breaks on the same elements, as related locations a reviewer can follow.
    siblings = [
        (f"{other.rule_id}: {other.text(lang)}", position)
        for other in group.findings
        if other is not finding and (position := primary_position(other)) is not None
    ]
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": "note" if finding.question else LEVELS[finding.severity],
        "message": _text(finding.text(lang)),
        "partialFingerprints": {"piaFindingId": finding.id},
        "properties": {
            "findingId": finding.id,
            "severity": finding.severity.name,
            "question": finding.question,
            "elements": list(finding.elements),
            "group": group.id,
            "groupRules": list(group.rules),
            "path": list(finding.path),
            "data": list(finding.data),
            "form_items": list(finding.form_items),
            "remedy": finding.remedy(lang),
        },
    }
    if finding.rule_id in index:
        result["ruleIndex"] = index[finding.rule_id]
    if finding.severity_note is not None:
        result["properties"]["severityNote"] = finding.note(lang)
    if located:
        (element, section, position), *others = located
        result["locations"] = [
            {"physicalLocation": _physical(position), "logicalLocations": [{"name": element, "kind": section}]}
        ]
        related = [(f"{kind}: {name}", where) for name, kind, where in others] + siblings
        if related:
            result["relatedLocations"] = [
                {"id": i, "physicalLocation": _physical(where), "message": _text(text)}
                for i, (text, where) in enumerate(related, start=1)
            ]
    if finding.triage is not None:
        result["properties"]["triage"] = triage_dict(finding.triage)
        if finding.triage.status in SUPPRESSED:
            result["suppressions"] = [_suppression(finding.triage)]
    return result


def _suppression(decision: TriageDecision) -> dict[str, Any]:
    suppression: dict[str, Any] = {
        "kind": "external",
        "status": "accepted",
        "justification": f"{decision.status}: {decision.justification} ({decision.by}, {decision.date})",
        "properties": {"triageStatus": decision.status, "pattern": decision.pattern},
    }
    if decision.position is not None:
        suppression["location"] = {"physicalLocation": _physical(decision.position)}
    return suppression


def _triage_note(item: CheckedModel, lang: str) -> dict[str, Any]:
    """Wildcards that closed findings and expired decisions, said once per model as a warning a CI log shows."""
    notes = item.report.triage_notes()
    return {
        "level": "warning",
        "message": _text(f"{item.shown}: " + " / ".join(note.text(lang) for note in notes)),
        "descriptor": {"id": "triage-summary"},
        "properties": {
            "wildcards": [{"pattern": d.pattern, "closed": count} for d, count in item.report.wildcard_closed],
            "expired": [d.pattern for d in item.report.expired_decisions],
        },
    }


def _stale(decision: TriageDecision, item: CheckedModel, lang: str) -> dict[str, Any]:
    text = say("report.stale_decision", lang, pattern=decision.pattern, file=item.shown)
    notification: dict[str, Any] = {
        "level": "warning",
        "message": _text(text),
        "descriptor": {"id": "stale-triage-decision"},
        "properties": {"pattern": decision.pattern, "status": decision.status},
    }
    if decision.position is not None:
        notification["locations"] = [{"physicalLocation": _physical(decision.position)}]
    return notification
