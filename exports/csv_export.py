"""Check results as CSV for spreadsheets, one row per finding, written by the one CSV writer."""

from __future__ import annotations

from pia_toolkit.catalog.texts import say
from pia_toolkit.exports.findings_json import primary_position
from pia_toolkit.exports.spreadsheet import csv_text
from pia_toolkit.pia.checked import CheckedModel
from pia_toolkit.pia.findings import Finding
from pia_toolkit.pia.triage import status_label

COLUMNS = (
    "finding_id",
    "severity",
    "type",
    "rule",
    "title",
    "message",
    "elements",
    "location",
    "remedy",
    "triage",
    "justification",
    "form_items",
    "group",  # last, so the columns spreadsheets already use keep their places
)


def _row(finding: Finding, group: str, item: CheckedModel, lang: str) -> list[str]:
    position = primary_position(finding)
    where = f"{position.file}:{position.line}" if position else item.shown
    decision = finding.triage
    status = status_label(decision.status, lang) if decision is not None else ""
    return [
        finding.id,
        finding.severity.label(lang),
        say("report.question" if finding.question else "report.violation", lang),
        finding.rule_id,
        finding.rule.text("title", lang),
        finding.text(lang),
        " > ".join(finding.path) if finding.path else ", ".join(finding.elements),
        where,
        finding.remedy(lang),
        status,
        decision.justification if decision else "",
        ", ".join(finding.form_items),
        group,
    ]


def to_csv(items: list[CheckedModel], lang: str = "ja") -> str:
    """The whole table as text (:func:`~pia_toolkit.exports.spreadsheet.csv_text`)."""
    header = [say(f"report.csv.{column}", lang) for column in COLUMNS]
    rows = (
        _row(finding, group.id, item, lang)
        for item in items
        for group in item.report.groups()
        for finding in group.findings
    )
    return csv_text(header, rows)
