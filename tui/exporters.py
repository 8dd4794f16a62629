"""What the app hands to ``exports``: the diagram, the PDF, and its own JSON dump of the review.

The exports packages are imported only when the reviewer asks for them, so the app starts without paying for
Graphviz or reportlab.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pia_toolkit.catalog.texts.visible import json_text
from pia_toolkit.pia.checked import CheckedModel


def out_dir(checked: CheckedModel) -> Path:
    return checked.path.parent / "out"


def model_stem(checked: CheckedModel) -> str:
    return checked.path.name.removesuffix(".yaml").removesuffix(".yml")


# ---- diagram ------------------------------------------------------------------------------------------------
def render_diagram(checked: CheckedModel, lang: str = "ja", fmt: str = "svg") -> Path:
    """Write the zones diagram with the findings marked, under ``<model folder>/out/``; return its path.

    Raises ``RuntimeError`` when Graphviz fails (without Graphviz the DOT source is written and its path given
    in the message).
    """
    from pia_toolkit.exports.diagram import GraphvizMissing, diagram_source, write_diagram

    source = diagram_source(checked.graph, view="zones", lang=lang, findings=checked.report.findings)
    target = out_dir(checked) / f"{model_stem(checked)}.{fmt}"
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
def export_pdf(checked: CheckedModel, lang: str = "ja", progress: Callable[[str], None] | None = None) -> Path:
    """Write the assessment PDF under ``<model folder>/out/`` and return its path; ``progress`` gets stage names."""
    from pia_toolkit.exports.pdf import build_pdf

    target = out_dir(checked) / f"{model_stem(checked)}.assessment.pdf"
    result = build_pdf(checked, target, lang=lang, progress=progress)
    return Path(result.path)


# ---- JSON ---------------------------------------------------------------------------------------------------
def assessment_json(checked: CheckedModel, lang: str = "ja") -> dict[str, Any]:
    """Answers and verdicts keyed by item id, and the findings, as plain JSON data."""
    document = checked.document
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
            "findings": [f.id for f in checked.findings_for(item.id)],
        }
    threshold = checked.threshold.result
    from pia_toolkit.exports.findings_json import finding_dict

    return {
        "assessment": document.header,
        "model": str(checked.path.name),
        "threshold": {
            "level": threshold.level,
            "label": threshold.label(lang),
            "reasons": list(threshold.reason_texts(lang)),
        },
        "items": items,
        "findings": [finding_dict(f, lang) for f in checked.report.findings],
    }


def write_assessment_json(checked: CheckedModel, lang: str = "ja") -> Path:
    target = checked.path.with_name(f"{model_stem(checked)}.assessment.json")
    text = json_text(assessment_json(checked, lang))
    from pia_toolkit.pia.assessment.document import atomic_write_text

    atomic_write_text(target, text)
    return target
