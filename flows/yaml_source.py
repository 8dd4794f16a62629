"""Safe YAML reading that keeps a source position for every value.

We read libyaml's event stream (through ruamel.yaml's C parser) and build plain dicts and lists ourselves, in
one loop with no recursion: it lets us bound nesting and alias expansion, and it costs little more than the
parser itself. Only the YAML 1.2 core schema is understood (null, bool, int, float, str, plus dates); any other
tag is refused, so loading a model can never construct an arbitrary object.

Positions are kept without a Python object per value: each mapping or sequence gets one compact table (an
``array`` of packed line/column pairs, the mapping's keys as a tuple shared by every mapping with the same keys,
and the tables of its nested containers). :meth:`SourceMap.locate` walks those tables only when a message or a
finding asks where something was written.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Callable
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from pia_toolkit.catalog.texts import message
from pia_toolkit.flows.editor_lines import EditorLines, editor_lines, editor_position
from pia_toolkit.flows.errors import ModelError, Position
from pia_toolkit.flows.text_warnings import Span, hidden_character_warnings
from pia_toolkit.flows.yaml_events import (
    ALIAS,
    DOCUMENT_START,
    MAPPING_END,
    MAPPING_START,
    SCALAR,
    SEQUENCE_END,
    SEQUENCE_START,
    STREAM_END,
    EventSource,
)

Path_ = tuple[str | int, ...]

MAX_ALIAS_EXPANSION = 200_000
"""How many values aliases may add, in total, before the document is refused as an alias bomb."""
MAX_DEPTH = 64
"""How deeply mappings and lists may nest. A flow model needs six levels; anything near this is a mistake
or an attack, and refusing it early keeps every later step (validation, messages) free of deep recursion."""
MAX_INT_DIGITS = 4300
"""The longest decimal integer accepted (Python's own limit for turning text into an int)."""

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_INT_OTHER = re.compile(r"^(?:0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_TAG_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    None,
    "!",
    _TAG_STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}

_SHIFT = 32
_COLUMN = (1 << _SHIFT) - 1
# One container's positions: (keys of a mapping or None for a list, packed (line << 32 | column) of each key and
# value — key, value, key, value... for a mapping — and the tables of nested containers by child index).
_Table = tuple[tuple[str, ...] | None, "array[int]", dict[int, Any] | None]


class SourceMap:
    """Where each value of a loaded document came from."""

    __slots__ = ("_root", "_table", "file", "lines", "warnings")

    def __init__(self, file: str, root: int | None = None, table: _Table | None = None) -> None:
        self.file = file
        self._root = root
        self._table = table
        self.lines: EditorLines | None = None
        """How to turn the reader's lines into an editor's, when the file has line ends only YAML counts."""
        self.warnings: list[ModelError] = []
        """What the owner should hear about the file without it being wrong (hidden characters)."""

    def locate(self, path: Path_, *, key: bool = False) -> Position:
        """The position of ``path``, or of its nearest located ancestor; with ``key``, the key's position."""
        if self._root is None:
            return Position(self.file, 1, 1)
        value, key_at = self._root, None
        table = self._table
        for part in path:
            if table is None:
                break
            keys, positions, kids = table
            if keys is not None:
                if part not in keys or not isinstance(part, str):
                    break
                index = keys.index(part)
                key_at, value = positions[2 * index], positions[2 * index + 1]
            else:
                if not isinstance(part, int) or isinstance(part, bool) or not 0 <= part < len(positions):
                    break
                index = part
                key_at, value = None, positions[index]
            table = kids.get(index) if kids else None
        packed = key_at if key and key_at is not None else value
        line, column = (packed >> _SHIFT) + 1, (packed & _COLUMN) + 1
        if self.lines is not None:
            line, column = self.lines(line, column)
        return Position(self.file, line, column)

    def __repr__(self) -> str:
        return f"SourceMap({self.file!r})"


class YamlSyntaxError(Exception):
    def __init__(self, error: ModelError) -> None:
        self.error = error
        super().__init__(str(error))


_WORDS = {"null": None, "Null": None, "NULL": None, "~": None, "": None, **_BOOL}


def _resolve_plain(value: str) -> Any:
    # Most scalars in a model are ids and labels: settle them before trying the number patterns.
    if value[:1].isalpha() and value not in _WORDS:
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        digits = value.replace("_", "")
        if len(digits.lstrip("+-")) > MAX_INT_DIGITS:
            raise _TooManyDigits
        return int(digits)
    if _INT_OTHER.match(value):
        return int(value, 0)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value.replace("_", ""))
    if value in (".inf", "+.inf", ".Inf", "+.Inf"):
        return float("inf")
    if _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


class _TooManyDigits(Exception):
    pass


def parse(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain Python data and its source map (with its warnings)."""
    # Without a backslash in the file no escape can make a hidden character: skip looking at quoted strings.
    quoted: list[Span] | None = [] if "\\" in text else None
    lines = editor_lines(text)
    try:
        root, source = EventSource(text).read(lambda get_event: _build(get_event, file, quoted))
    except YamlSyntaxError as exc:
        raise YamlSyntaxError(_within(_as_editor(exc.error, lines), text)) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        error = ModelError(Position(file, line, column), message("loader.yaml_syntax", problem=problem))
        raise YamlSyntaxError(_within(_as_editor(error, lines), text)) from None
    except YAMLError as exc:
        raise YamlSyntaxError(_reader_error(exc, text, file)) from None
    source.lines = lines
    if lines is not None and quoted:
        quoted = [(lines(*start), lines(*end), value) for start, end, value in quoted]
    source.warnings = hidden_character_warnings(text, file, quoted or ())
    return root, source


def _as_editor(error: ModelError, lines: EditorLines | None) -> ModelError:
    if lines is None:
        return error
    at = error.position
    return ModelError(Position(at.file, *lines(at.line, at.column)), error.message)


def _within(error: ModelError, text: str) -> ModelError:
    """``error`` at most at the end of the file's last line: the reader reports a file cut off mid-token one
    line below its end (where it looked for more), a line no editor can go to."""
    at = error.position
    last_line, end_column = editor_position(text, len(text))
    if (at.line, at.column) <= (last_line, end_column):
        return error
    return ModelError(Position(at.file, last_line, end_column), error.message)


def _reader_error(exc: YAMLError, text: str, file: str) -> ModelError:
    """A reader error (a character YAML forbids) located at that character, not at 1:1."""
    offset = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if isinstance(offset, int) and 0 <= offset <= len(text.encode("utf-8", "surrogatepass")):
        # The C reader counts bytes of the UTF-8 text it was given.
        before = text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "replace")
        line, column = editor_position(text, len(before))
        code = f"U+{character:04X}" if isinstance(character, int) else repr(character)
        return ModelError(Position(file, line, column), message("loader.bad_character", code=code))
    return ModelError(Position(file, 1, 1), message("loader.yaml_error", problem=exc))


def _build(get_event: Callable[[], Any], file: str, quoted: list[Span] | None = None) -> tuple[Any, SourceMap]:
    """Build the document from ``get_event`` in one loop: no recursion, so depth is bounded by MAX_DEPTH only.
    Double-quoted strings are added to ``quoted`` (when given) for the hidden-character warnings."""
    no_key = _NO_KEY
    words = _WORDS
    resolve = _resolve_plain
    allowed = _ALLOWED_TAGS
    key_cache: dict[str, str] = {}
    keys_cache: dict[tuple[str, ...], tuple[str, ...]] = {}
    intern_key = key_cache.setdefault
    anchors: dict[str, tuple[Any, int, _Table | None]] = {}
    expanded = 0
    count = 0  # values attached so far (an alias adds the values it expands to)

    def fail(mark: Any, key: str, **params: object) -> YamlSyntaxError:
        return YamlSyntaxError(
            ModelError(Position(file, mark.line + 1, mark.column + 1), message(f"loader.{key}", **params))
        )

    # The open containers, outermost first: (container, positions, kids, pending key, its position,
    # anchor, start position, count at start, start mark).
    stack: list[tuple[Any, ...]] = []
    current: Any = None
    is_map = False
    positions = array("q")
    kids: dict[int, _Table] | None = None
    key: Any = no_key
    key_at = 0
    root: Any = None
    root_at: int | None = None
    root_table: _Table | None = None
    documents = 0

    while True:
        event = get_event()
        kind = event.func
        if kind is SCALAR:
            anchor, tag, _implicit, value, mark, end, style = event.args
            if is_map and key is no_key:
                # A key, half of all scalars: kept as written (`1:`, `true:` and `~:` are names the owner typed),
                # so it needs no resolving, only the tag check and a shared copy of the name.
                if tag is not None and tag not in allowed:
                    raise fail(mark, "tag_not_allowed", tag=tag)
                if quoted is not None and style == '"':
                    quoted.append(((mark.line + 1, mark.column + 1), (end.line + 1, end.column + 1), value))
                if value == "<<" and not style:  # a plain (None or "") merge key: YAML 1.2 has none
                    raise fail(mark, "merge_key")
                count += 1
                if anchor is not None:
                    anchors[anchor] = (value, 1, None)
                key = intern_key(value, value)
                key_at = mark.line << _SHIFT | mark.column
                continue
            at = mark.line << _SHIFT | mark.column
            if tag is None and not style:
                if value in words:
                    value = words[value]
                elif not value[:1].isalpha():
                    try:
                        value = resolve(value)
                    except _TooManyDigits:
                        raise fail(mark, "number_too_long", limit=MAX_INT_DIGITS) from None
            else:
                if tag not in allowed:
                    raise fail(mark, "tag_not_allowed", tag=tag)
                if quoted is not None and style == '"':
                    quoted.append(((mark.line + 1, mark.column + 1), (end.line + 1, end.column + 1), value))
                if tag and tag != _TAG_STR and tag != "!":
                    try:
                        value = resolve(value)
                    except _TooManyDigits:
                        raise fail(mark, "number_too_long", limit=MAX_INT_DIGITS) from None
            count += 1
            if anchor is not None:
                anchors[anchor] = (value, 1, None)
            if is_map:
                if key in current:
                    raise YamlSyntaxError(ModelError(_position(file, key_at), message("loader.duplicate_key", key=key)))
                current[key] = value
                positions.append(key_at)
                positions.append(at)
                key = no_key
            elif current is not None:
                current.append(value)
                positions.append(at)
            elif root_at is None:
                root, root_at = value, at
        elif kind is MAPPING_START or kind is SEQUENCE_START:
            anchor, tag, _implicit, mark, _end, _flow = event.args
            if tag is not None and tag not in allowed:
                raise fail(mark, "tag_not_allowed", tag=tag)
            if is_map and key is no_key:
                raise fail(mark, "key_not_plain")
            if len(stack) >= MAX_DEPTH:
                raise fail(mark, "too_deep", limit=MAX_DEPTH)
            stack.append((current, is_map, positions, kids, key, key_at, anchor, mark.line << _SHIFT | mark.column,
                          count, mark))  # fmt: skip
            is_map = kind is MAPPING_START
            current = {} if is_map else []
            positions = array("q")
            kids = None
            key = no_key
        elif kind is MAPPING_END or kind is SEQUENCE_END or kind is ALIAS:
            # A finished container and an alias both hand one whole value (with its table) to the container
            # around it; they differ only in where the value comes from.
            if kind is ALIAS:
                name, mark, _end = event.args
                if name not in anchors:
                    raise fail(mark, "unknown_alias", alias=name)
                value, size, table = anchors[name]
                expanded += size
                if expanded > MAX_ALIAS_EXPANSION:
                    raise fail(mark, "alias_bomb", limit=MAX_ALIAS_EXPANSION)
                count += size
                at = mark.line << _SHIFT | mark.column
                if is_map and key is no_key:
                    if isinstance(value, (dict, list)):
                        raise fail(mark, "key_not_plain")
                    key = intern_key(value, value) if isinstance(value, str) else str(value)
                    key_at = at
                    continue
            else:
                value, done_positions, done_kids = current, positions, kids
                done_keys: tuple[str, ...] | None = None
                if is_map:
                    done_keys = tuple(value)
                    done_keys = keys_cache.setdefault(done_keys, done_keys)
                table = (done_keys, done_positions, done_kids)
                current, is_map, positions, kids, key, key_at, anchor, at, start_count, mark = stack.pop()
                count += 1
                if anchor is not None:
                    anchors[anchor] = (value, count - start_count, table)
            if is_map:
                if key in current:
                    raise YamlSyntaxError(ModelError(_position(file, key_at), message("loader.duplicate_key", key=key)))
                index = len(current)
                current[key] = value
                positions.append(key_at)
                positions.append(at)
                key = no_key
            elif current is not None:
                index = len(current)
                current.append(value)
                positions.append(at)
            else:
                if root_at is None:  # the document's one top-level value
                    root, root_at, root_table = value, at, table
                continue
            if table is not None:  # an aliased container: what is inside it is found where the anchor wrote it
                if kids is None:
                    kids = {}
                kids[index] = table
        elif kind is DOCUMENT_START:
            documents += 1
            if documents > 1:
                raise fail(event.args[0], "two_documents")
        elif kind is STREAM_END:
            break
    return root, SourceMap(file, root_at, root_table)


def _position(file: str, packed: int) -> Position:
    return Position(file, (packed >> _SHIFT) + 1, (packed & _COLUMN) + 1)


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY: Any = _NoKey()
