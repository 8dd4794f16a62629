"""Loading the small YAML files users write beside a model (policy, triage), with located errors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import BaseModel, StringConstraints, ValidationError

from pia_toolkit.flows.errors import ModelError, ModelLoadError, Position
from pia_toolkit.flows.loader import read_yaml
from pia_toolkit.flows.messages import describe_validation_errors
from pia_toolkit.flows.yaml_source import SourceMap

M = TypeVar("M", bound=BaseModel)

Stated = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Text a person must give (a justification, a reason, who decided): a single space is not an answer."""


def load_validated(path: Path, model: type[M]) -> tuple[M, SourceMap]:
    data, source = read_yaml(path)
    if data is None:
        data = {}
    try:
        return model.model_validate(data), source
    except ValidationError as exc:
        raise ModelLoadError(describe_validation_errors(exc.errors(), source, data, model)) from None


def position_in(source: SourceMap, *path: str | int) -> Position:
    return source.locate(tuple(path))


__all__ = ["ModelError", "Stated", "load_validated", "position_in"]
