"""The assessment's YAML text, read fast: libyaml's event stream (through ruamel.yaml's C parser) builds the
same commented containers the round-trip loader gives, line and column included, and hands over to the
round-trip loader only when the text has comments beyond the leading block (so they survive the next save).
Aliases (``*a``) and nesting deeper than :data:`MAX_DEPTH` are refused, located, by either path.

Framing: the writer (:mod:`yaml_text`) starts the file with ``---`` and ends it with ``...``; a text that has
one without the other was cut short (a full disk, a killed editor, a half-copied file) and :func:`read`
refuses it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarstring import LiteralScalarString

from pia_toolkit.catalog.texts import message
from pia_toolkit.flows.errors import ModelError, ModelLoadError, Position
from pia_toolkit.pia.assessment.disk import BACKUP_SUFFIX
from pia_toolkit.pia.assessment.yaml_text import round_trip_yaml

MAX_DEPTH = 64
"""Mappings and lists inside one another, at most: the form's answers need a few; a deeper file is refused
(its values would exhaust Python's recursion limit in every reader after this one)."""


class NeedsRoundTrip(Exception):
    """The text has what only the round-trip loader keeps (comments, anchors, tags, folded blocks...)."""


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:e[-+][0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AMBIGUOUS = re.compile(r"[-+.0-9]|[~=<]")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_COMMENT_LINE = re.compile(r"# ([^\s#][^\n]*)\n")
_HASH = re.compile("#")


def _plain_value(text: str) -> Any:
    """A plain scalar as the round-trip loader (YAML 1.2 core) reads it; anything unusual goes to that loader."""
    if not text or text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _AMBIGUOUS.match(text) is None:
        return text
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise NeedsRoundTrip("date") from None
    raise NeedsRoundTrip("number-like")  # this writer quotes such strings; a person may not have


def _leading_comment(text: str) -> tuple[str | None, int]:
    """The comment lines the file starts with, after ``---`` if any (as ruamel's start comment), and where
    the rest begins."""
    lines: list[str] = []
    offset = 4 if text.startswith("---\n") else 0
    while True:
        match = _COMMENT_LINE.match(text, offset)
        if match is None:
            break
        lines.append(match.group(1))
        offset = match.end()
    return ("\n".join(lines) if lines else None), offset


def _scalar_value(event: Any) -> Any:
    if event.anchor or (event.tag and event.tag != "!" and event.implicit[0] is False):
        raise NeedsRoundTrip("anchor or tag")
    style = event.style
    if not style:
        return _plain_value(event.value)
    if style == "|":
        return LiteralScalarString(event.value)
    if style == ">":
        raise NeedsRoundTrip("folded")
    return event.value


def _fast(text: str) -> Any:
    """Build the document from libyaml's events; raises NeedsRoundTrip or ruamel's YAMLError."""
    start_comment, body = _leading_comment(text)
    hashes = [m.start() for m in _HASH.finditer(text, body)]
    spans: list[tuple[int, int]] = []
    stack: list[Any] = []
    places: list[dict[Any, list[int]]] = []
    keys: list[Any] = []
    root: Any = None

    def attach(value: Any, mark: Any) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        parent = stack[-1]
        if isinstance(parent, CommentedSeq):
            places[-1][len(parent)] = [mark.line, mark.column]
            list.append(parent, value)
            return
        pending = keys[-1]
        if pending is _NO_KEY:
            if isinstance(value, CommentedMap | CommentedSeq):
                raise NeedsRoundTrip("complex key")
            keys[-1] = (value, mark)
            return
        key, key_mark = pending
        if dict.__contains__(parent, key):
            raise _Refused(key_mark, "loader.duplicate_key", key=str(key))
        places[-1][key] = [key_mark.line, key_mark.column, mark.line, mark.column]
        OrderedDict.__setitem__(parent, key, value)
        parent._ok.add(key)
        keys[-1] = _NO_KEY

    for event in _events(text):
        kind = event.__class__
        if kind is ScalarEvent:
            if hashes:
                spans.append((event.start_mark.index, event.end_mark.index))
            attach(_scalar_value(event), event.start_mark)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor or event.tag:
                raise NeedsRoundTrip("anchor or tag")
            node: Any = CommentedMap() if kind is MappingStartEvent else CommentedSeq()
            place = node.lc
            place.line, place.col = event.start_mark.line, event.start_mark.column
            place.data = {}
            if event.flow_style:
                node.fa.set_flow_style()
            else:
                node.fa.set_block_style()
            attach(node, event.start_mark)
            stack.append(node)
            places.append(place.data)
            keys.append(_NO_KEY)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            places.pop()
            keys.pop()
    if _outside(hashes, spans):
        raise NeedsRoundTrip("comments")
    if start_comment is not None and isinstance(root, CommentedMap):
        root.yaml_set_start_comment(start_comment)
    elif start_comment is not None and root is not None:
        raise NeedsRoundTrip("comment before a non-mapping")
    return root


def _values(text: str) -> Any:
    """Only the values (plain dicts and lists, no positions, comments ignored): what a save checks it wrote."""
    stack: list[Any] = []
    keys: list[Any] = []
    root: Any = None
    for event in _events(text):
        kind = event.__class__
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            if kind is ScalarEvent:
                value: Any = _scalar_value(event)
            elif event.anchor or event.tag:
                raise NeedsRoundTrip("anchor or tag")
            else:
                value = {} if kind is MappingStartEvent else []
            if not stack:
                root = value
            elif keys[-1] is None:
                stack[-1].append(value)
            elif keys[-1] is _NO_KEY:
                if kind is not ScalarEvent:
                    raise NeedsRoundTrip("complex key")
                keys[-1] = (value, event.start_mark)
            else:
                key, key_mark = keys[-1]
                if key in stack[-1]:
                    raise _Refused(key_mark, "loader.duplicate_key", key=str(key))
                stack[-1][key] = value
                keys[-1] = _NO_KEY
            if kind is not ScalarEvent:
                stack.append(value)
                keys.append(_NO_KEY if kind is MappingStartEvent else None)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            keys.pop()
    return root


def _outside(hashes: list[int], spans: list[tuple[int, int]]) -> bool:
    """Some ``#`` is not inside a scalar: it starts a comment."""
    index = 0
    for position in hashes:
        while index < len(spans) and spans[index][1] <= position:
            index += 1
        if index == len(spans) or spans[index][0] > position:
            return True
    return False


_NO_KEY = object()


class _Refused(Exception):
    """Something every reader here refuses, at ``mark``: :func:`read` says it with the message ``key``."""

    def __init__(self, mark: Any, key: str, /, **params: object) -> None:
        self.mark, self.key, self.params = mark, key, params


def _events(text: str) -> Iterator[Any]:
    """libyaml's events for ``text`` up to the end of the stream, refusing what every reader here refuses: an
    alias, a second document, and nesting beyond MAX_DEPTH (once the caller has taken the event that opens
    one level too many, so that what it finds wrong with that event is said first)."""
    get_event = YAML(typ="safe").Parser(text).get_event
    depth = documents = 0
    while True:
        event = get_event()
        kind = event.__class__
        if kind is AliasEvent:
            raise _Refused(event.start_mark, "loader.assessment_alias", name=event.anchor)
        if kind is StreamEndEvent:
            return
        if kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Refused(event.start_mark, "loader.assessment_two_documents")
        yield event
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event.start_mark, "loader.assessment_too_deep", limit=MAX_DEPTH)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            depth -= 1


def _refuse_what_the_fast_reader_refuses(text: str) -> None:
    """Aliases, nesting beyond MAX_DEPTH, a second document: looked for in libyaml's events before the
    round-trip loader (which would take aliases, and recurse on nesting) reads a text the fast reader left."""
    for _event in _events(text):
        pass


def framed(text: str) -> bool:
    """The text starts with ``---``: this writer's files do, and then end with ``...``."""
    return text.startswith("---") and text[3:4] in ("", "\n", "\r", " ")


def finished(text: str) -> bool:
    """The text ends with the document end ``...``: a file cut short (a full disk, a killed editor) does not."""
    end = text.rstrip(" \t\r\n")
    return end == "..." or end.endswith("\n...")


def read(text: str, shown: str, *, values_only: bool = False) -> Any:
    """The document in ``text``, as commented containers with line and column; located errors for bad YAML.

    ``values_only``: plain dicts and lists without positions or comments (faster; what a save verifies).
    """
    if framed(text) != finished(text):
        if framed(text):  # the end is missing: point at the last line there is
            where, key = Position(shown, text.rstrip("\n").count("\n") + 1, 1), "loader.assessment_cut_short"
        else:
            where, key = Position(shown, 1, 1), "loader.assessment_start_missing"
        raise ModelLoadError([ModelError(where, message(key, backup=shown + BACKUP_SUFFIX))])
    try:
        try:
            return _values(text) if values_only else _fast(text)
        except NeedsRoundTrip:
            pass
        _refuse_what_the_fast_reader_refuses(text)
        return round_trip_yaml().load(text)
    except _Refused as refused:
        where = Position(shown, refused.mark.line + 1, refused.mark.column + 1)
        raise ModelLoadError([ModelError(where, message(refused.key, **refused.params))]) from None
    except ReaderError as error:  # a character YAML does not allow; libyaml gives its byte offset
        before = text.encode("utf-8", "surrogatepass")[: error.position].decode("utf-8", "replace")
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        problem = f"U+{error.character:04X}: {error.reason}" if isinstance(error.character, int) else error.reason
        raise ModelLoadError(
            [ModelError(Position(shown, line, column), message("loader.assessment_syntax", problem=problem))]
        ) from None
    except (YAMLError, ValueError, TypeError, RecursionError) as error:
        # ruamel raises several unrelated error types for bad YAML, most with a mark
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = Position(shown, mark.line + 1, mark.column + 1) if mark is not None else Position(shown, 1, 1)
        problem = getattr(error, "problem", None) if isinstance(error, MarkedYAMLError) else None
        problem = problem or (str(error).splitlines() or [type(error).__name__])[0]
        raise ModelLoadError([ModelError(where, message("loader.assessment_syntax", problem=problem))]) from None
