"""Loading the small YAML files users write beside a model (policy, triage), with located errors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from pia_toolkit.catalog.texts.visible import is_blank
from pia_toolkit.flows.errors import ModelError, ModelLoadError, Position
from pia_toolkit.flows.loader import read_yaml
from pia_toolkit.flows.messages import describe_validation_errors
from pia_toolkit.flows.yaml_source import SourceMap

M = TypeVar("M", bound=BaseModel)


def _stated(text: str) -> str:
    if is_blank(text):  # the same refusal as an empty text, so one message says "write something"
        raise PydanticCustomError("string_too_short", "a stated text must show at least one character")
    return text


Stated = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_stated)]
"""Text a person must give (a justification, a reason, who decided): spaces, zero-width or other invisible
characters alone (a single space, U+3000, U+200B) are not an answer (:func:`is_blank`)."""


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
