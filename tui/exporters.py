"""What the app hands to ``exports``: the diagram, the PDF, and its own JSON dump of the review.

The exports packages are imported only when the reviewer asks for them, so the app starts without paying for
Graphviz or reportlab, and a missing export is reported as "not available" instead of stopping the app.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pia_toolkit.pia.assessment.session import Session


class ExportMissing(RuntimeError):
    """The export module is not installed or not written yet."""


def out_dir(session: Session) -> Path:
    return session.model_path.parent / "out"


def model_stem(session: Session) -> str:
    return session.model_path.name.removesuffix(".yaml").removesuffix(".yml")


# ---- diagram ------------------------------------------------------------------------------------------------
def render_diagram(session: Session, lang: str = "ja", fmt: str = "svg") -> Path:
    """Write the zones diagram with the findings marked, under ``<model folder>/out/``; return its path.

    Raises :class:`ExportMissing` when ``exports.diagram`` is not there, ``RuntimeError`` when Graphviz fails
    (without Graphviz the DOT source is written and its path given in the message).
    """
    try:
        from pia_toolkit.exports.diagram import GraphvizMissing, diagram_source, write_diagram
    except ImportError as error:
        raise ExportMissing(str(error)) from None
    source = diagram_source(session.graph, view="zones", lang=lang, findings=session.report.findings)
    target = out_dir(session) / f"{model_stem(session)}.{fmt}"
    try:
        return Path(write_diagram(source, target).path)
    except GraphvizMissing as missing:
        raise RuntimeError(f"{missing} (DOT: {missing.dot_path})") from None


def open_in_viewer(path: Path) -> bool:
    """Open ``path`` with xdg-open, only when there is a display to open it on."""
    opener = shutil.which("xdg-open")
    if not os.environ.get("DISPLAY") or opener is None:
        return False
    subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return True


# ---- PDF ----------------------------------------------------------------------------------------------------
def pdf_available() -> bool:
    """Whether the PDF export is installed, without importing reportlab yet."""
    try:
        return importlib.util.find_spec("pia_toolkit.exports.pdf") is not None
    except ImportError:
        return False


def pdf_function() -> Callable[..., Any] | None:
    """``exports.pdf.build_pdf``, or None when the PDF export is not installed."""
    try:
        from pia_toolkit.exports.pdf import build_pdf
    except ImportError:
        return None
    return build_pdf


def export_pdf(session: Session, lang: str = "ja", progress: Callable[[str], None] | None = None) -> Path:
    """Write the assessment PDF under ``<model folder>/out/`` and return its path; ``progress`` gets stage names."""
    build_pdf = pdf_function()
    if build_pdf is None:
        raise ExportMissing("exports.pdf")
    target = out_dir(session) / f"{model_stem(session)}.assessment.pdf"
    result = build_pdf(session, target, lang=lang, progress=progress)
    return Path(result.path)


# ---- JSON ---------------------------------------------------------------------------------------------------
def assessment_json(session: Session, lang: str = "ja") -> dict[str, Any]:
    """Answers and verdicts keyed by item id, and the findings, as plain JSON data."""
    document = session.assessment
    items: dict[str, Any] = {}
    for item in document.form.items:
        state = document.state(item.id)
        if not (state.answered or state.verdict or state.comment or state.action_who or state.action_due):
            continue
        items[item.id] = {
            "number": item.number,
            "label": item.text(lang),
            "significant": item.significant,
            "answer": state.answer,
            "source": state.source,
            "model_refs": list(state.model_refs),
            "stale": state.stale,
            "verdict": state.verdict,
            "comment": state.comment,
            "action": {"who": state.action_who, "due": state.action_due}
            if (state.action_who or state.action_due)
            else None,
            "findings": [f.id for f in session.findings_for(item.id)],
        }
    threshold = session.threshold
    return {
        "assessment": document.header,
        "model": str(session.model_path.name),
        "threshold": {
            "level": threshold.level,
            "label": threshold.label(lang),
            "reasons": list(threshold.reasons if lang == "ja" else threshold.reasons_en),
        },
        "items": items,
        "findings": [_finding(f, lang) for f in session.report.findings],
    }


def _finding(finding: Any, lang: str) -> dict[str, Any]:
    try:
        from pia_toolkit.exports.findings_json import finding_dict
    except ImportError:
        return {
            "id": finding.id,
            "rule": finding.rule_id,
            "severity": finding.severity.name,
            "question": finding.question,
            "open": finding.open,
            "message": finding.text(lang),
            "form_items": list(finding.form_items),
        }
    return finding_dict(finding, lang)


def write_assessment_json(session: Session, lang: str = "ja") -> Path:
    target = session.model_path.with_name(f"{model_stem(session)}.assessment.json")
    text = json.dumps(assessment_json(session, lang), ensure_ascii=False, indent=2, default=str) + "\n"
    from pia_toolkit.pia.assessment.document import atomic_write_text

    atomic_write_text(target, text)
    return target
