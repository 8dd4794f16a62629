"""What an assessment file must hold, checked when it is read, each problem at its file:line:column.

A file that does not hold an assessment (empty, a list, a header of the wrong type, an item that is not a
mapping, an unknown verdict...) stops every command before anything is shown or written: a command that went on
would show a partial assessment, and one that saved would replace the person's file with what it understood.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ruamel.yaml.comments import CommentedMap

from pia_toolkit.catalog.texts import Message, message
from pia_toolkit.catalog.vocabularies import did_you_mean
from pia_toolkit.flows.errors import ModelError, Position, short
from pia_toolkit.pia.assessment.disk import BACKUP_SUFFIX

VERDICTS = ("adequate", "needs_improvement", "needs_correction")
"""妥当 / 要改善 / 要修正; labels are ``common.verdict.<id>`` in the message catalogue."""
SOURCES = ("model", "entered")
SECTIONS = ("assessment", "items", "approved")
HEADER_TEXTS = ("model", "form", "form_version", "catalog_version", "scheme", "title")
HEADER_DATES = ("created", "updated", "approved_on")
REVIEW_FIELDS = ("reviewer", "organisation", "date", "conclusion")
ITEM_FIELDS = (
    "answer",
    "source",
    "model_refs",
    "model_answer",
    "model_digest",
    "stale",
    "verdict",
    "comment",
    "action",
    "changed_since",
)
ACTION_FIELDS = ("who", "due")
CHANGED_SINCE_FIELDS = ("ref", "before", "changes")
"""``pia assess init --since``: the version compared with, the answer then, the model keys that changed."""


def position(shown: str, container: Any, key: Any = None, *, of_key: bool = False) -> Position:
    """Where ``container[key]`` (or the container itself) was written, from ruamel's line/column records."""
    place = getattr(container, "lc", None)
    if place is None:
        return Position(shown, 1, 1)
    if key is not None and place.data and key in place.data:
        found = place.data[key]
        line, column = (found[0], found[1]) if of_key or len(found) < 4 else (found[2], found[3])
        return Position(shown, line + 1, column + 1)
    if place.line is not None:
        return Position(shown, place.line + 1, (place.col or 0) + 1)
    return Position(shown, 1, 1)


class _Checker:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.errors: list[ModelError] = []

    def add(self, where: Position, text: Message) -> None:
        self.errors.append(ModelError(where, text))

    def expected(self, container: Any, key: Any, field: str, expected: str, **params: object) -> None:
        got = short(container[key])
        text = message(
            "loader.expected", field=field, expected=message(f"loader.expected.{expected}", **params), got=got
        )
        self.add(position(self.shown, container, key), text)

    def unknown(self, container: dict[Any, Any], key: Any, known: tuple[str, ...], where: str) -> None:
        close = did_you_mean(str(key), list(known))
        hint = message("loader.did_you_mean", name=close) if close else message("loader.remove_or_check")
        field = f"{where}.{key}" if where else str(key)
        self.add(
            position(self.shown, container, key, of_key=True), message("loader.unknown_field", field=field, hint=hint)
        )

    def mapping(self, container: Any, key: Any, field: str) -> CommentedMap | None:
        value = container[key]
        if value is None:
            return None
        if not isinstance(value, dict):
            self.expected(container, key, field, "mapping")
            return None
        return value  # type: ignore[return-value]


def check(data: Any, shown: str) -> list[ModelError]:
    """Every problem with the document's structure (an empty list when it is a well-formed assessment)."""
    checker = _Checker(shown)
    if data is None:
        return [ModelError(Position(shown, 1, 1), message("loader.assessment_empty", backup=shown + BACKUP_SUFFIX))]
    if not isinstance(data, dict):
        return [ModelError(position(shown, data), message("loader.assessment_shape"))]
    for key in data:
        if key not in SECTIONS:
            checker.unknown(data, key, SECTIONS, "")
    if "assessment" not in data:
        checker.add(position(shown, data), message("loader.assessment_no_header"))
    else:
        header = checker.mapping(data, "assessment", "assessment")
        if header is None and data["assessment"] is None:
            checker.expected(data, "assessment", "assessment", "mapping")
        if header is not None:
            _header(checker, header)
    items = checker.mapping(data, "items", "items") if "items" in data else None
    if items is not None:
        for item_id in items:
            if not isinstance(item_id, str):
                checker.expected(items, item_id, f"items.{item_id}", "text")
            entry = checker.mapping(items, item_id, f"items.{item_id}")
            if entry is None and items[item_id] is None:
                checker.expected(items, item_id, f"items.{item_id}", "mapping")
            if entry is not None:
                _item(checker, entry, f"items.{item_id}")
    if "approved" in data:
        checker.mapping(data, "approved", "approved")
    return checker.errors


def _header(checker: _Checker, header: CommentedMap) -> None:
    for key, value in header.items():
        field = f"assessment.{key}"
        if key in HEADER_TEXTS:
            if not isinstance(value, str):
                checker.expected(header, key, field, "text")
        elif key in HEADER_DATES:
            if not is_date(value):
                checker.expected(header, key, field, "date")
        elif key == "review":
            _review(checker, header, field)
        else:
            checker.unknown(header, key, (*HEADER_TEXTS, *HEADER_DATES, "review"), "assessment")


def _review(checker: _Checker, header: CommentedMap, field: str) -> None:
    """The reviewer's record (pia/assessment/review_record.py): texts, and a date."""
    _texts_and_dates(checker, header, "review", field, REVIEW_FIELDS, dates=("date",))


def _texts_and_dates(
    checker: _Checker, parent: CommentedMap, key: str, field: str, fields: tuple[str, ...], *, dates: tuple[str, ...]
) -> None:
    """A small record under ``parent[key]`` whose ``fields`` each hold a text, or a date for those in ``dates``;
    any of them may be left empty."""
    record = checker.mapping(parent, key, field)
    if record is None:
        return
    for name, value in record.items():
        if name not in fields:
            checker.unknown(record, name, fields, field)
        elif value is None:
            continue
        elif name in dates:
            if not is_date(value, blank=True):
                checker.expected(record, name, f"{field}.{name}", "date")
        elif not isinstance(value, str):
            checker.expected(record, name, f"{field}.{name}", "text")


def _item(checker: _Checker, entry: CommentedMap, where: str) -> None:
    for key, value in entry.items():
        field = f"{where}.{key}"
        if key not in ITEM_FIELDS:
            checker.unknown(entry, key, ITEM_FIELDS, where)
        elif key == "source" and value not in SOURCES:
            checker.expected(entry, key, field, "one_of", choices=", ".join(SOURCES))
        elif key == "verdict" and value is not None and value not in VERDICTS:
            checker.expected(entry, key, field, "one_of", choices=", ".join(VERDICTS))
        elif key == "stale" and not isinstance(value, bool):
            checker.expected(entry, key, field, "bool")
        elif key in ("comment", "model_digest") and value is not None and not isinstance(value, str):
            checker.expected(entry, key, field, "text")
        elif key == "model_refs" and value is not None:
            _refs(checker, entry, field)
        elif key == "action" and value is not None:
            _action(checker, entry, field)
        elif key == "changed_since" and value is not None:
            _changed_since(checker, entry, field)


def _refs(checker: _Checker, entry: CommentedMap, field: str) -> None:
    refs = entry["model_refs"]
    if not isinstance(refs, list):
        checker.expected(entry, "model_refs", field, "list")
        return
    for index, ref in enumerate(refs):
        if not isinstance(ref, str | int) or isinstance(ref, bool):
            checker.expected(refs, index, f"{field}[{index}]", "text")


def _action(checker: _Checker, entry: CommentedMap, field: str) -> None:
    _texts_and_dates(checker, entry, "action", field, ACTION_FIELDS, dates=("due",))


def is_date(value: Any, *, blank: bool = False) -> bool:
    """A date as pia writes it: a YAML date, or text in ISO form (``2026-11-20``, or with the time for
    ``updated``); ``blank`` lets an empty text stand for no date (an action with only who, a record without a
    date). Text such as 明日 is not a date: the PDF and the app would print it as one."""
    if isinstance(value, dt.date):
        return True
    if not isinstance(value, str):
        return False
    if not value.strip():
        return blank
    try:
        dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def _changed_since(checker: _Checker, entry: CommentedMap, field: str) -> None:
    marker = checker.mapping(entry, "changed_since", field)
    if marker is None:
        return
    for key, value in marker.items():
        if key not in CHANGED_SINCE_FIELDS:
            checker.unknown(marker, key, CHANGED_SINCE_FIELDS, field)
        elif key == "ref" and not isinstance(value, str):
            checker.expected(marker, key, f"{field}.{key}", "text")
        elif key == "changes" and not isinstance(value, list):
            checker.expected(marker, key, f"{field}.{key}", "list")
