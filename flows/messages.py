"""Turning pydantic's validation errors into messages an owner can act on, in Japanese or English.

pydantic says what failed in its own English; we word each kind of failure from the message catalogue
(``catalog/texts/loader.yaml``) and point at the value (or, for an unknown field, its key) in the user's file.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from pia_toolkit.catalog.texts import Message, message
from pia_toolkit.catalog.vocabularies import did_you_mean, vocabulary
from pia_toolkit.flows.errors import ModelError, Position
from pia_toolkit.flows.schema import FlowDocument

Loc = tuple[str | int, ...]


class Locator(Protocol):
    def locate(self, path: Loc, *, key: bool) -> Position: ...


def _fields_at(root: type[BaseModel], loc: Loc) -> list[str]:
    """The field names (as written in YAML) allowed at the place ``loc`` points into."""
    model: Any = root
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


def _model_in(annotation: Any, depth: int = 0) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if depth > 8:
        return None
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg, depth + 1)
        if found is not None:
            return found
    return None


def _where(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _short(value: Any) -> str:
    """A bounded preview of what the user wrote (never the repr of a deep or huge value)."""
    if isinstance(value, dict):
        text = "{…}" if value else "{}"
    elif isinstance(value, list):
        text = "[…]" if value else "[]"
    elif isinstance(value, str):
        text = repr(value[:80])
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        text = "(a very large number)"
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# A value that fails every branch of ``bool | unknown`` is one error: say what may be written there.
_UNION_WORDING = {
    frozenset({"bool", "unknown"}): "expected.bool_or_unknown",
    frozenset({"int", "unknown"}): "expected.int_or_unknown",
    frozenset({"date", "unknown"}): "expected.date_or_unknown",
    frozenset({"str", "unknown"}): "expected.text_or_unknown",
    frozenset({"list", "unknown"}): "expected.list_or_unknown",
}

_SINGLE_WORDING = {
    "string_type": "expected.text",
    "int_type": "expected.int",
    "int_parsing": "expected.int",
    "int_from_float": "expected.int",
    "bool_type": "expected.bool",
    "bool_parsing": "expected.bool",
    "date_type": "expected.date",
    "date_parsing": "expected.date",
    "date_from_datetime_parsing": "expected.date",
    "date_from_datetime_inexact": "expected.date",
    "list_type": "expected.list",
    "dict_type": "expected.mapping",
    "model_type": "expected.mapping",
    "model_attributes_type": "expected.mapping",
    "string_pattern_mismatch": "expected.id",
    "string_too_short": "expected.not_blank",
    "wildcard_rule": "expected.wildcard_rule",
}


def _branch_word(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "literal_error" and "'unknown'" in str(error.get("ctx", {}).get("expected", "")):
        return "unknown"
    for word in ("bool", "int", "date", "list", "str"):
        if kind.startswith(word) or (word == "str" and kind.startswith("string")):
            return word
    return kind


def describe_validation_errors(
    errors: list[ErrorDetails], located: Locator, data: Any, root: type[BaseModel] = FlowDocument
) -> list[ModelError]:
    """One message per place, worded from the catalogue; ``data`` is what was validated."""
    grouped: dict[Loc, list[ErrorDetails]] = {}
    for error in errors:
        grouped.setdefault(_clean(error["loc"], data), []).append(error)
    described = []
    for loc, group in grouped.items():
        if len(group) == 1:
            described.append(describe_validation_error(group[0], located, data, root))
            continue
        bounds = [e for e in group if e["type"].startswith(("greater_than", "less_than"))]
        if bounds:  # the value had the right type but is out of range: that is the message that helps
            described.append(describe_validation_error(bounds[0], located, data, root))
            continue
        key = _UNION_WORDING.get(frozenset(_branch_word(e) for e in group))
        expected = message(f"loader.{key}") if key else _other(group[0])
        described.append(_expected(located, loc, expected, group[0]))
    return described


def _clean(loc: tuple[Any, ...], data: Any) -> Loc:
    """``loc`` without the union branch names pydantic inserts ('bool', "literal['unknown']", a model's name...).

    A part is kept when it is a key (or index) of what the user wrote at that point, so a user's own key such as
    ``Scheme:`` or ``bool:`` is never mistaken for a branch name.
    """
    kept: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and index == len(loc) - 1:
            pass  # the last part names a field that is missing or unknown: it belongs in the message
        else:
            continue
        kept.append(part)
    return tuple(kept)


def _expected(located: Locator, loc: Loc, expected: Message, error: ErrorDetails) -> ModelError:
    return ModelError(
        located.locate(loc, key=False),
        message("loader.expected", field=_where(loc), expected=expected, got=_short(error.get("input"))),
    )


def _other(error: ErrorDetails) -> Message:
    return message("loader.expected.other", detail=error["msg"])


def describe_validation_error(
    error: ErrorDetails, located: Locator, data: Any, root: type[BaseModel] = FlowDocument
) -> ModelError:
    loc = _clean(error["loc"], data)
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind == "extra_forbidden" and loc:
        name = str(loc[-1])
        close = did_you_mean(name, _fields_at(root, loc[:-1]))
        hint = message("loader.did_you_mean", name=close) if close else message("loader.remove_or_check")
        return ModelError(located.locate(loc, key=True), message("loader.unknown_field", field=_where(loc), hint=hint))
    if kind == "missing" and loc:
        where = _where(loc[:-1]) or message("loader.the_document")
        # Inside the mapping that lacks the field, where the owner adds it.
        return ModelError(
            located.locate(loc[:-1], key=False), message("loader.missing_field", field=loc[-1], where=where)
        )
    if kind == "vocabulary":
        name = str(ctx.get("vocabulary"))
        vocab = vocabulary(name)
        close = vocab.suggest(str(ctx.get("value")))
        hint = (
            message("loader.did_you_mean", name=close)
            if close
            else message("loader.use_one_of", choices=", ".join(vocab.ids))
        )
        return ModelError(
            located.locate(loc, key=False),
            message(
                "loader.not_in_vocabulary",
                field=_where(loc),
                value=ctx.get("value"),
                vocabulary=message(f"loader.vocabulary.{name}"),
                hint=hint,
            ),
        )
    if kind == "literal_error":
        expected = message("loader.expected.one_of", choices=ctx.get("expected", ""))
    elif kind == "string_too_long":
        expected = message("loader.expected.too_long", limit=ctx.get("max_length", 0))
    elif kind in ("too_short",):
        expected = message("loader.expected.too_short", limit=ctx.get("min_length", 1))
    elif kind in ("greater_than_equal", "greater_than"):
        expected = message("loader.expected.at_least", limit=ctx.get("ge", ctx.get("gt", 0)))
    elif kind in _SINGLE_WORDING:
        expected = message(f"loader.{_SINGLE_WORDING[kind]}")
    else:
        expected = _other(error)
    return _expected(located, loc, expected, error)
