"""Turning pydantic's validation errors into messages an owner can act on."""

from __future__ import annotations

from typing import Any, Protocol

from pydantic_core import ErrorDetails

from pia_toolkit.catalog.vocabularies import did_you_mean
from pia_toolkit.flows.errors import ModelError, Position
from pia_toolkit.flows.schema import FlowDocument


class Locator(Protocol):
    def locate(self, path: tuple[str | int, ...], *, key: bool) -> Position: ...


def _fields_at(loc: tuple[str | int, ...]) -> list[str]:
    """The field names (as written in YAML) allowed at the place ``loc`` points into."""
    model: Any = FlowDocument
    for part in loc:
        if isinstance(part, int):
            continue
        field = _field_by_yaml_name(model, part)
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _field_by_yaml_name(model: Any, name: str) -> Any:
    for field_name, field in model.model_fields.items():
        if (field.alias or field_name) == name:
            return field
    return None


def _model_in(annotation: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _where(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_UNION_WORDING = {
    frozenset({"bool", "unknown"}): "expected true, false or unknown",
    frozenset({"int", "unknown"}): "expected a whole number or unknown",
    frozenset({"date", "unknown"}): "expected a date written YYYY-MM-DD, or unknown",
    frozenset({"str", "unknown"}): "expected text or unknown",
    frozenset({"list", "unknown"}): "expected a list or unknown",
}


def _branch_word(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "literal_error" and "'unknown'" in str(error.get("ctx", {}).get("expected", "")):
        return "unknown"
    for word in ("bool", "int", "date", "list", "str"):
        if kind.startswith(word) or kind.startswith(f"{word}_") or (word == "str" and kind.startswith("string")):
            return word
    return kind


def describe_validation_errors(errors: list[ErrorDetails], located: Locator) -> list[ModelError]:
    """One message per place: a value that fails every branch of ``bool | unknown`` is one error, not two."""
    grouped: dict[tuple[str | int, ...], list[ErrorDetails]] = {}
    for error in errors:
        loc = tuple(p for p in error["loc"] if isinstance(p, int) or not _is_branch(p))
        grouped.setdefault(loc, []).append(error)
    described = []
    for loc, group in grouped.items():
        if len(group) == 1:
            described.append(describe_validation_error(group[0], located))
            continue
        bounds = [e for e in group if e["type"].startswith(("greater_than", "less_than"))]
        if bounds:  # the value had the right type but is out of range: that is the message that helps
            described.append(describe_validation_error(bounds[0], located))
            continue
        words = frozenset(_branch_word(e) for e in group)
        wording = _UNION_WORDING.get(words) or " or ".join(sorted({e["msg"] for e in group}))
        where = located.locate(loc, key=False)
        described.append(ModelError(where, f"{_where(loc)}: {wording} (got {_short(group[0].get('input'))})"))
    return described


def describe_validation_error(error: ErrorDetails, located: Locator) -> ModelError:
    # pydantic adds union branch names (e.g. 'bool', 'literal[...]') to loc; they mean nothing to an owner.
    loc = tuple(p for p in error["loc"] if isinstance(p, int) or not _is_branch(p))
    kind = error["type"]
    field = _where(loc)
    if kind == "extra_forbidden":
        name = str(loc[-1])
        hint = did_you_mean(name, _fields_at(loc[:-1]))
        suggestion = f" (did you mean '{hint}'?)" if hint else "; remove it or check the spelling"
        return ModelError(located.locate(loc, key=True), f"unknown field '{field}'{suggestion}")
    if kind == "missing":
        return ModelError(
            located.locate(loc[:-1], key=False),
            f"missing required field '{loc[-1]}' in {_where(loc[:-1]) or 'the document'}",
        )
    if kind == "vocabulary":
        return ModelError(located.locate(loc, key=False), f"{field}: {error['msg']}")
    message = error["msg"]
    if kind == "string_too_long":
        return ModelError(located.locate(loc, key=False), f"{field}: text is too long ({message.lower()})")
    return ModelError(located.locate(loc, key=False), f"{field}: {message} (got {_short(error.get('input'))})")


def _is_branch(part: str) -> bool:
    return (
        part in {"bool", "int", "str", "date", "list", "dict", "float"}
        or part.startswith(("literal[", "list[", "dict[", "constrained-", "function-after", "function-"))
        or part[:1].isupper()
    )
