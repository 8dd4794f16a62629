"""The one place the benchmarks reach into pia-toolkit: its stable entry points, looked up by name.

Every other benchmark module asks :func:`entry` for what it measures, so when an entry point moves, the fix is
one line of :data:`ENTRY_POINTS`; until then the stages that need it are reported as "missing" and the rest
still run. The ``pia`` command is found beside the running interpreter (``.venv/bin/pia``).
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from typing import Any

ENTRY_POINTS: dict[str, tuple[str, str | None]] = {
    # name: (module, attribute; None for the module itself)
    "load": ("pia_toolkit.flows.loader", "load"),
    "FlowGraph": ("pia_toolkit.flows.graph", "FlowGraph"),
    "check": ("pia_toolkit.pia.engine", "check"),
    "diagram_source": ("pia_toolkit.exports.diagram", "diagram_source"),
    "diagram_render": ("pia_toolkit.exports.diagram.render", None),  # its `shutil` is hidden for the PDF without dot
    "diagram_layout": ("pia_toolkit.exports.diagram.layout", None),  # so is this one's (the 別添1 sheets' dot runs)
    "build_pdf": ("pia_toolkit.exports.pdf", "build_pdf"),
    "initialise": ("pia_toolkit.pia.assessment.init", "initialise"),
    "Assessment": ("pia_toolkit.pia.assessment.document", "Assessment"),
    "open_model": ("pia_toolkit.pia.checked", "open_model"),
    "ReviewApp": ("pia_toolkit.tui.app", "ReviewApp"),
    "build_cli": ("pia_toolkit.pia.cli", "process_app"),  # as `pia` starts: the collector set as for a command
    "category_class": ("pia_toolkit.catalog.vocabularies", "category_class"),
}

REFERENCE_EXAMPLE = Path(__file__).resolve().parents[1] / "flows/examples/setagaya-1002-disability-consultation.yaml"
"""The reference model the start-up figures (`pia check`, `pia review`) are taken on."""


class Missing(Exception):
    """An entry point the benchmark measures is not where :data:`ENTRY_POINTS` says (moved, or not landed yet)."""


def entry(name: str) -> Any:
    """The entry point ``name``, imported now; :class:`Missing` if its module or attribute is not there."""
    module_name, attribute = ENTRY_POINTS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise Missing(f"missing: {module_name} is not present") from None
        raise
    if attribute is None:
        return module
    found = getattr(module, attribute, None)
    if found is None:
        raise Missing(f"missing: {module_name} has no {attribute}")
    return found


def pia_command() -> Path:
    """The ``pia`` console script of this environment; :class:`Missing` when it is not installed."""
    beside = Path(sys.executable).with_name("pia")
    if beside.exists():
        return beside
    found = shutil.which("pia")
    if found is None:
        raise Missing("missing: the `pia` command is not installed in this environment")
    return Path(found)
