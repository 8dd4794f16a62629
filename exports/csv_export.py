"""Check results as CSV for spreadsheets: UTF-8 with a BOM and CRLF rows, so Excel keeps the Japanese intact."""

from __future__ import annotations

import csv
import io

from pia_toolkit.exports.findings_json import CheckedModel, primary_position
from pia_toolkit.pia.findings import Finding
from pia_toolkit.pia.triage import STATUSES

BOM = "\ufeff"

HEADERS = {
    "ja": [
        "指摘ID",
        "重大度",
        "区分",
        "ルール",
        "題名",
        "内容",
        "要素",
        "場所",
        "対策",
        "判断",
        "判断の理由",
        "評価書の項目",
    ],
    "en": [
        "finding id",
        "severity",
        "type",
        "rule",
        "title",
        "message",
        "elements",
        "location",
        "remedy",
        "triage",
        "triage justification",
        "form items",
    ],
}
_TYPES = {"ja": ("違反", "確認事項"), "en": ("violation", "question")}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Model text that Excel would read as a formula is kept as text (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _row(finding: Finding, item: CheckedModel, lang: str) -> list[str]:
    position = primary_position(finding)
    where = f"{position.file}:{position.line}" if position else item.shown
    decision = finding.triage
    status = ""
    if decision is not None:
        ja, en = STATUSES.get(decision.status, (decision.status, decision.status))
        status = ja if lang == "ja" else en
    return [
        finding.id,
        finding.severity.label(lang),
        _TYPES[lang][finding.question],
        finding.rule_id,
        finding.rule.text("title", lang),
        finding.text(lang),
        " > ".join(finding.path) if finding.path else ", ".join(finding.elements),
        where,
        finding.remedy(lang),
        status,
        decision.justification if decision else "",
        ", ".join(finding.form_items),
    ]


def to_csv(items: list[CheckedModel], lang: str = "ja") -> str:
    """The whole table as text, starting with the BOM; write it out as UTF-8 bytes, unchanged."""
    lang = lang if lang in HEADERS else "en"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS[lang])
    for item in items:
        for finding in item.report.findings:
            writer.writerow([_cell(value) for value in _row(finding, item, lang)])
    return BOM + buffer.getvalue()
