"""``pia assess init``: create or refresh the assessment beside a model from what the model says, and save it.

What a refresh keeps and what it takes from the model is :mod:`pia_toolkit.pia.assessment.refresh`.
"""

from __future__ import annotations

from pathlib import Path

from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.assessment.document import Assessment, model_reference
from pia_toolkit.pia.assessment.refresh import RefreshSummary, refresh
from pia_toolkit.pia.checked import open_model


def initialise(document: Assessment, graph: FlowGraph) -> RefreshSummary:
    """Refresh ``document`` from the model and save it once, keeping the file's previous version as
    ``<name>.bak`` when there was one (:attr:`RefreshSummary.backup`).

    Raises :class:`~pia_toolkit.pia.assessment.disk.SaveRefused` (nothing written) when the file cannot be
    replaced safely, e.g. another session changed the same items meanwhile.
    """
    summary = RefreshSummary(document.path, created=not document.path.exists())
    if graph.loaded is not None:  # --force on another model's assessment makes it this model's
        document.set_header(model=model_reference(document.path, graph.loaded.path))
    refresh(document, graph, summary)
    summary.backup = document.save(backup=True)
    return summary


def init_assessment(
    model_path: Path, assessment_file: Path | None = None, *, other_scheme: bool = False
) -> tuple[Assessment, RefreshSummary]:
    """Open the model and its assessment (``<model>.assessment.yaml`` unless given), refresh it, save it.

    Raises :class:`~pia_toolkit.flows.errors.ModelLoadError` for a bad model or assessment file, or one that
    belongs to another scheme (unless ``other_scheme``).
    """
    checked = open_model(
        model_path, assessment="existing", assessment_file=assessment_file, run_rules=False, other_scheme=other_scheme
    )
    return checked.document, initialise(checked.document, checked.graph)
