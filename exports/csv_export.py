"""Check results as CSV for spreadsheets: UTF-8 with a BOM and CRLF rows, so Excel keeps the Japanese intact."""

from __future__ import annotations

import csv
import io

from pia_toolkit.catalog.texts import say
from pia_toolkit.exports.findings_json import primary_position
from pia_toolkit.pia.checked import CheckedModel
from pia_toolkit.pia.findings import Finding
from pia_toolkit.pia.triage import status_label

BOM = "\ufeff"

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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Model text that Excel would read as a formula is kept as text (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


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
    """The whole table as text, starting with the BOM; write it out as UTF-8 bytes, unchanged."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([say(f"report.csv.{column}", lang) for column in COLUMNS])
    for item in items:
        for group in item.report.groups():
            for finding in group.findings:
                writer.writerow([_cell(value) for value in _row(finding, group.id, item, lang)])
    return BOM + buffer.getvalue()
