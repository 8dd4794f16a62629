"""Turning pydantic's validation errors into messages an owner can act on, in Japanese or English.

pydantic says what failed in its own English; we word each kind of failure from the message catalogue
(``catalog/texts/loader.yaml``) and point at the value (or, for an unknown field, its key) in the user's file.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Protocol

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from pia_toolkit.catalog.texts import Message, message
from pia_toolkit.catalog.vocabularies import Suggester, vocabulary
from pia_toolkit.flows.errors import MAX_ERRORS, ModelError, Position, at_most, short
from pia_toolkit.flows.schema import FlowDocument

Loc = tuple[str | int, ...]


class Locator(Protocol):
    def locate(self, path: Loc, *, key: bool) -> Position: ...


def _model_at(root: type[BaseModel], loc: Loc) -> Any:
    """The model of the mapping ``loc`` points into, or None (a free-form mapping, or no such place)."""
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = _field_by_yaml_name(model, part)
        if field is None:
            return None
        model = _model_in(field.annotation)
        if model is None:
            return None
    return model


def _has_id(root: type[BaseModel], loc: Loc) -> bool:
    """Whether the mapping expected at ``loc`` is one with an ``id`` (a certification, a subcontract...)."""
    model = _model_at(root, loc)
    return model is not None and "id" in getattr(model, "model_fields", {})


def _fields_at(root: type[BaseModel], loc: Loc) -> list[str]:
    """The field names (as written in YAML) allowed at the place ``loc`` points into."""
    model = _model_at(root, loc)
    return [f.alias or name for name, f in model.model_fields.items()] if model is not None else []


def _unknown_field_hint(root: type[BaseModel], loc: Loc, name: str) -> Message:
    """For an unknown field: the field at this level spelt differently (``Scheme`` → ``scheme``), else the
    nested mapping where a field of that name belongs (``Title`` at the top → under ``scheme:``), else a
    field at this level a typo away, else "remove it or check the spelling"."""
    fields = _fields_at(root, loc)
    suggest = Suggester(fields)
    close = suggest(name)
    if close is not None and close.casefold() == name.casefold():
        return message("loader.did_you_mean", name=close)
    model = _model_at(root, loc)
    if model is not None:
        for field_name, field in model.model_fields.items():
            nested = _single_model(field.annotation)
            if nested is None:
                continue
            owned = {(f.alias or n).casefold(): f.alias or n for n, f in nested.model_fields.items()}
            if name.casefold() in owned:
                return message("loader.belongs_under", field=owned[name.casefold()], parent=field.alias or field_name)
    if close is not None:
        return message("loader.did_you_mean", name=close)
    return message("loader.remove_or_check")


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


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as "'a', 'b', 'c'", the same in either language."""
    return re.sub(r"' or '", "', '", expected)


def _single_model(annotation: Any) -> Any:
    """The model of a field that holds one mapping (``Location``, ``ContractorAccess | None``), not a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        models = [a for a in typing.get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        others = [a for a in typing.get_args(annotation) if a is not type(None) and a not in models]
        if len(models) == 1 and all(typing.get_origin(a) is typing.Literal for a in others):
            return models[0]
    return None


def _where(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# A value that fails every branch of ``bool | unknown`` is one error: say what may be written there.
_UNION_WORDING = {
    frozenset({"bool", "unknown"}): "expected.bool_or_unknown",
    frozenset({"int", "unknown"}): "expected.int_or_unknown",
    frozenset({"date", "unknown"}): "expected.date_or_unknown",
    frozenset({"str", "unknown"}): "expected.text_or_unknown",
    frozenset({"list", "unknown"}): "expected.list_or_unknown",
    frozenset({"list", "mapping", "unknown"}): "expected.list_mapping_or_unknown",  # protection: [..] | {has:..}
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
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "mapping"
    for word in ("bool", "int", "date", "list", "str"):
        if kind.startswith(word) or (word == "str" and kind.startswith("string")):
            return word
    return kind


def _branch_mismatch(error: ErrorDetails) -> bool:
    """An error that only says one branch of a union did not fit (wrong type, not the literal 'unknown')."""
    kind = error["type"]
    return kind == "literal_error" or kind.endswith(("_type", "_parsing")) or kind == "none_required"


def describe_validation_errors(
    errors: list[ErrorDetails],
    located: Locator,
    data: Any,
    root: type[BaseModel] = FlowDocument,
    limit: int = MAX_ERRORS,
) -> list[ModelError]:
    """One message per place, worded from the catalogue; ``data`` is what was validated. At most ``limit``
    places are described; a last message then says how many more there are."""
    described, more = describe_errors(errors, located, data, root, limit=limit)
    return at_most(described, limit, unreported=more)


def describe_errors(
    errors: list[ErrorDetails], located: Locator, data: Any, root: type[BaseModel], *, limit: int
) -> tuple[list[ModelError], int]:
    """The messages for the first ``limit`` places with errors, and how many places were left undescribed."""
    grouped: dict[Loc, list[ErrorDetails]] = {}
    for error in errors:
        grouped.setdefault(_clean(error["loc"], data), []).append(error)
    # `certifications: [{id: ismapp}]` fails both branches of `list[...] | unknown`: the item's own error is
    # the one that helps; "expected 'unknown'" at the list would only repeat pydantic's view above it.
    parents = {loc[:end] for loc in grouped for end in range(len(loc))}
    # `Title:` where `title:` is required: the unknown field's "did you mean 'title'" says it all; "missing
    # required field 'title'" beside it would send the owner to add a second one.
    misspelt = {
        (loc[:-1], str(loc[-1]).casefold())
        for loc, group in grouped.items()
        if loc and any(e["type"] == "extra_forbidden" for e in group)
    }
    places = [
        (loc, group)
        for loc, group in grouped.items()
        if not (loc in parents and all(_branch_mismatch(e) for e in group))
        and not (loc and (loc[:-1], str(loc[-1]).casefold()) in misspelt and all(e["type"] == "missing" for e in group))
    ]
    more = max(len(places) - limit, 0)
    described = []
    for loc, group in places[:limit]:
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
    return described, more


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
        message("loader.expected", field=_where(loc), expected=expected, got=short(error.get("input"))),
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
        hint = _unknown_field_hint(root, loc[:-1], str(loc[-1]))
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
        found = vocab.suggestion(ctx.get("value"))
        if found is None:
            hint = message("loader.use_one_of", choices=", ".join(vocab.ids))
        elif found.hint is not None:
            hint = message("loader.vocabulary_hint", hint=found.hint)
        elif found.label is not None:
            hint = message("loader.written_as", label=found.label, name=found.id)
        else:
            hint = message("loader.did_you_mean", name=found.id)
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
        expected = message("loader.expected.one_of", choices=_choices(str(ctx.get("expected", ""))))
    elif kind == "string_too_long":
        expected = message("loader.expected.too_long", limit=ctx.get("max_length", 0))
    elif kind in ("too_short",):
        expected = message("loader.expected.too_short", limit=ctx.get("min_length", 1))
    elif kind in ("greater_than_equal", "greater_than"):
        expected = message("loader.expected.at_least", limit=ctx.get("ge", ctx.get("gt", 0)))
    elif kind in ("model_type", "model_attributes_type") and isinstance(error.get("input"), str) and _has_id(root, loc):
        # `certifications: [isms]` where `[{id: isms}]` is meant: say the form, with their own word in it
        expected = message("loader.expected.mapping_with_id", value=short(error.get("input")))
    elif kind in _SINGLE_WORDING:
        expected = message(f"loader.{_SINGLE_WORDING[kind]}")
    else:
        expected = _other(error)
    return _expected(located, loc, expected, error)
