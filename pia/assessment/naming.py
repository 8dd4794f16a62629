"""Where a model's assessment lives: beside it, named after it. Apart from the document so that finding a
model's companion files costs no import of the document, the form and the YAML writer."""

from __future__ import annotations

from pathlib import Path


def assessment_path(model_path: Path) -> Path:
    """``x.yaml`` → ``x.assessment.yaml`` in the same folder."""
    stem = model_path.name.removesuffix(".yaml").removesuffix(".yml")
    return model_path.with_name(f"{stem}.assessment.yaml")
