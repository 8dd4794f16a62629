"""The assessment's YAML text, written fast and exactly, comments kept where a person wrote them.

:func:`emit` lets ruamel.yaml's round-trip emitter write only the parts of the document that carry a
person's comments; everything else (in practice almost all of it: the program wrote it) is written here, in the
same layout, about a hundred times faster. Every string is written in a style that reads back as exactly that
string: plain when nothing in it could be read otherwise, a literal block (``|``) for readable multi-line text,
single quotes, or double quotes with escapes for what YAML cannot hold raw (control characters, U+2028/U+2029,
NEL, BOM, U+FFFE/U+FFFF). A lone surrogate cannot be held at all, even escaped: :func:`clean` replaces it with
U+FFFD, and the callers say so. The file starts with ``---`` and ends with ``...``, so that a reader
(:mod:`yaml_read`) can tell a file cut short.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections import OrderedDict
from collections.abc import ItemsView, Iterable, Iterator
from contextlib import contextmanager, suppress
from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
"""Characters a YAML file cannot hold raw, or that a YAML 1.1 reader (libyaml) takes for a line break."""
_BAD = "\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff"
_PLAIN = re.compile(rf"[^\s\-?:,\[\]{{}}#&*!|>'\"%@`.0-9+~=<{_BAD}](?:[^,:?\[\]{{}}#{_BAD}]*[^\s,:?\[\]{{}}#{_BAD}])?")
"""A string that reads back as itself unquoted, in block and flow context, for YAML 1.1 and 1.2 readers alike:
no indicator first, no ``:`` ``#`` ``?`` (libyaml ends a plain scalar there in flow style) or flow
indicator anywhere, no space at either end, nothing to escape."""
_WORDS = {
    *("null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"),
    *("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"),
}
"""Plain words a YAML 1.1 or 1.2 reader takes for something other than a string."""
_MAX_KEY = 1000
"""libyaml's limit for a simple (implicit) key is 1024 characters."""


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def clean(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate replaced by U+FFFD, and how many were replaced."""
    if not _SURROGATE.search(text):
        return text, 0
    return _SURROGATE.subn(REPLACEMENT, text)


class Unsupported(Exception):
    """A value this writer leaves to ruamel.yaml (comments, anchors, tags, unusual types)."""


# ---- writing scalars -----------------------------------------------------------------------------------
_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f"}
_ESCAPES |= {"\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
_DOUBLE_QUOTED = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"


def double_quoted(text: str) -> str:
    return '"' + _DOUBLE_QUOTED.sub(_escape, text) + '"'


def plain_ok(text: str) -> bool:
    """``text`` written without quotes reads back as the same string, in block and flow context alike."""
    return _PLAIN.fullmatch(text) is not None and text not in _WORDS


def _single_line(text: str) -> str:
    if plain_ok(text):
        return text
    if "\n" not in text and _NEEDS_ESCAPE.search(text) is None and text.strip(" ") == text:
        return "'" + text.replace("'", "''") + "'"
    return double_quoted(text)


def _literal(text: str, column: int) -> str | None:
    """``text`` as a literal block whose lines start at ``column`` (header included), or None if it cannot be."""
    if _NEEDS_ESCAPE.search(text) or not text.strip(" \n"):
        return None
    body = text[:-1] if text.endswith("\n") else text
    chomp = "-" if not text.endswith("\n") else ("+" if text.endswith("\n\n") else "")
    lines = body.split("\n")
    first = next(line for line in lines if line.strip(" "))
    leading = lines[: lines.index(first)]
    indicator = "2" if first.startswith((" ", "\t")) or any(leading) else ""
    pad = " " * column
    return f"|{indicator}{chomp}\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in lines)


def constant(value: Any) -> str | None:
    """The word YAML writes for None and the booleans (``null``, ``true``, ``false``); None for any other value."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return None


def _scalar(value: Any) -> str:
    if value is None:
        return ""  # in block style, nothing after the colon
    word = constant(value)
    if word is not None:
        return word
    kind = type(value)
    if kind is int:
        return str(value)
    if isinstance(value, float):  # ruamel's ScalarFloat too: its own writer can lose the last digit
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        mantissa, e, exponent = repr(float(value)).partition("e")
        # 1.0 and 1.0e+16, not 1 or 1e+16: a YAML 1.1 reader takes a number without a point for text
        return (mantissa if "." in mantissa else mantissa + ".0") + (e + exponent)
    if kind is dt.date:
        return value.isoformat()  # type: ignore[no-any-return]
    if kind is str or kind is LiteralScalarString:
        return _single_line(str(value))
    raise Unsupported(kind.__name__)


def _key(key: Any) -> str:
    """A mapping key, written on one line (line breaks escaped); Unsupported beyond libyaml's length for a
    simple key (:func:`_block_key` then writes it as an explicit ``?`` key)."""
    if isinstance(key, str) and type(key) in (str, LiteralScalarString):
        text = _single_line(str(key))
        if len(text) > _MAX_KEY:
            raise Unsupported("long key")
        return text
    if type(key) is int:
        return str(key)
    raise Unsupported("key")


def _block_key(key: Any, pad: str) -> str:
    """What a block mapping writes before a value: ``key:``, or for a key too long to be a simple key,
    ``? "key"`` and ``:`` on the next line."""
    try:
        return f"{pad}{_key(key)}:"
    except Unsupported:
        if not (isinstance(key, str) and type(key) in (str, LiteralScalarString)):
            raise
        return f"{pad}? {double_quoted(str(key))}\n{pad}:"


# ---- writing containers --------------------------------------------------------------------------------
def pairs(mapping: dict[Any, Any]) -> ItemsView[Any, Any]:
    """A mapping's items in order, without ruamel's per-item Python overhead (50 times faster)."""
    return OrderedDict.items(mapping) if isinstance(mapping, OrderedDict) else mapping.items()


def elements(sequence: list[Any]) -> Iterable[Any]:
    """A sequence's elements, without ruamel's per-element Python overhead."""
    return list.__iter__(sequence)


_ATTRIBUTES = ("_yaml_anchor", "_yaml_tag", "_yaml_merge")


def commented(node: Any) -> bool:
    """The container carries a comment, anchor, tag or merge key that only ruamel.yaml writes back."""
    comments = getattr(node, "_yaml_comment", None)
    if comments is not None:
        if comments.comment and any(comments.comment):
            return True
        if any(any(v is not None for v in entry) for entry in comments._items.values() if entry):
            return True
        if comments._post or comments._pre:
            return True
    for attribute in _ATTRIBUTES:
        found = getattr(node, attribute, None)
        if found is not None and (getattr(found, "value", found) not in (None, [], "")):
            return True
    return False


def _flow_style(node: Any) -> bool:
    layout = getattr(node, "_yaml_format", None)
    return bool(layout is not None and layout.flow_style())


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        if commented(value):
            raise Unsupported("comment")
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in pairs(value)) + "}"
    if isinstance(value, list):
        if commented(value):
            raise Unsupported("comment")
        return "[" + ", ".join(_flow(v) for v in elements(value)) + "]"
    return _scalar(value) if value is not None else "null"  # nothing at all is not a value in flow style


def after_key(value: Any, column: int, *, one_line: bool = False) -> str:
    """What follows ``key:`` for a key written at ``column``: `` value``, or a newline and the nested block."""
    if isinstance(value, dict | list):
        if not value:
            return " {}" if isinstance(value, dict) else " []"
        if one_line:  # beside a comment: the comment follows on the same line
            return " " + _flow(value)
        if _flow_style(value):
            with suppress(Unsupported):  # else in block style (a key too long for flow style)
                return " " + _flow(value)
        if isinstance(value, dict):
            return "\n" + _mapping(value, column + 2)
        return "\n" + _sequence(value, column + 2)
    if isinstance(value, str) and "\n" in value and not one_line:
        block = _literal(value, column + 2)
        if block is not None:
            return " " + block[:-1]
    text = _scalar(value)
    return " " + text if text else ""


def _after_dash(value: Any, column: int) -> str:
    """What follows the ``-`` of a sequence entry whose dash is at ``column``."""
    if isinstance(value, dict | list) and value and not _flow_style(value):
        if isinstance(value, dict):
            return " " + _mapping(value, column + 2)[column + 2 :]
        return "   " + _sequence(value, column + 4)[column + 4 :]
    return after_key(value, column)


def _mapping(value: dict[Any, Any], column: int) -> str:
    if commented(value):
        raise Unsupported("comment")
    pad = " " * column
    return "".join(f"{_block_key(k, pad)}{after_key(v, column)}\n" for k, v in pairs(value))[:-1]


def _sequence(value: list[Any], column: int) -> str:
    if commented(value):
        raise Unsupported("comment")
    pad = " " * column
    return "".join(f"{pad}-{_after_dash(v, column)}\n" for v in elements(value))[:-1]


def identical(read: Any, written: Any) -> bool:
    """What was read back is what was written: the same keys in the same order, the same values."""
    if type(written) is dict or type(written) is list:
        return bool(read == written)  # plain values (as the setters store them): compared in C
    if isinstance(written, dict):
        if not isinstance(read, dict) or len(read) != len(written):
            return False
        for (key, value), (back_key, back) in zip(pairs(written), pairs(read), strict=True):
            if key != back_key or not identical(back, value):
                return False
        return True
    if isinstance(written, list):
        if not isinstance(read, list) or len(read) != len(written):
            return False
        return all(identical(b, v) for b, v in zip(elements(read), elements(written), strict=True))
    if isinstance(written, float) and written != written:
        return isinstance(read, float) and read != read
    if isinstance(written, bool) or isinstance(read, bool):
        return read is written
    return bool(read == written)


# ---- the whole document --------------------------------------------------------------------------------
def round_trip_yaml(*, framed: bool = False) -> YAML:
    """ruamel.yaml's round-trip reader and writer; ``framed``: write ``---`` first and ``...`` last."""
    yaml = YAML(typ="rt")
    yaml.explicit_start = yaml.explicit_end = framed
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@contextmanager
def _placeholders(data: CommentedMap, chunks: list[str], token: str) -> Iterator[None]:
    """Swap every part of ``data`` this module can write for a placeholder, and back afterwards."""
    swapped: list[tuple[CommentedMap, Any, Any]] = []

    def visit(mapping: CommentedMap, column: int) -> None:
        comments = getattr(mapping, "_yaml_comment", None)
        for key, value in list(mapping.items()):
            beside = comments is not None and any(v is not None for v in comments._items.get(key) or ())
            if beside and _simple(value):
                continue  # ruamel writes it, and keeps the comment's column
            text: str | None
            try:
                text = after_key(value, column, one_line=beside)
            except Unsupported:
                text = None
            if text is not None:
                swapped.append((mapping, key, value))
                mapping[key] = f"{token}{len(chunks)}"
                chunks.append(text)
            elif isinstance(value, CommentedMap) and not _flow_style(value) and value:
                visit(value, column + 2)

    try:
        visit(data, 0)
        yield
    finally:
        for mapping, key, value in reversed(swapped):
            mapping[key] = value


def _simple(value: Any) -> bool:
    """A scalar ruamel.yaml writes exactly (on one line, nothing to escape)."""
    if value is None or type(value) in (bool, int):
        return True
    return type(value) is str and "\n" not in value and _NEEDS_ESCAPE.search(value) is None


def emit(data: CommentedMap) -> str:
    """The document as YAML text (see the module docstring)."""
    token = f"PIAFAST{secrets.token_hex(6)}X"
    chunks: list[str] = []
    buffer = StringIO()
    with _placeholders(data, chunks, token):
        round_trip_yaml(framed=True).dump(data, buffer)
    skeleton = buffer.getvalue()
    return re.sub(f" {token}([0-9]+)", lambda m: chunks[int(m.group(1))], skeleton)
