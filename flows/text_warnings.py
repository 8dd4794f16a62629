"""Warnings for characters in a model that act instead of printing (controls, bidi overrides, separators).

They are not errors: the outputs already show them harmlessly (:mod:`pia_toolkit.catalog.texts.visible`). But a
U+202E in a node title makes the reviewer's editor and ``git diff`` show the line reordered, and a control in
a contractor's name is almost always a paste from somewhere else; the owner should hear where each one is.

Two places can hold one: the file's own characters (a bidi control may be written raw anywhere, even in a
comment), and double-quoted strings, whose escapes (``"\\u202e"``, ``"\\x1b"``) produce characters YAML would
refuse raw. The raw text is searched once with one regular expression (most models have none, and then this
costs a single pass in C); the quoted strings are the few the reader hands over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice

from pia_toolkit.catalog.texts import message
from pia_toolkit.catalog.texts.visible import hidden_characters
from pia_toolkit.flows.errors import ModelError, Position

MAX_WARNINGS = 20
"""Warnings shown per file; one more line says how many more there are."""

# The line ends an editor counts (not NEL or U+2028/U+2029, which YAML also counts): see flows/editor_lines.py.
_BREAK = re.compile("\r\n|[\r\n]")

Span = tuple[tuple[int, int], tuple[int, int], str]
"""A double-quoted string: (line, column) of its start and end, counted from 1 as an editor does, and its value."""


def hidden_character_warnings(text: str, file: str, quoted: Iterable[Span] = ()) -> list[ModelError]:
    """One warning per hidden character written in ``text`` and per quoted string whose escapes make one
    (at the string's start), the first :data:`MAX_WARNINGS` in file order and then a count of the rest."""
    found = hidden_characters(text)
    places = list(islice(_positions(text, found), MAX_WARNINGS + 1))
    more = sum(1 for _ in found)
    warnings = [_warning(file, line, column, character) for line, column, character in places]
    raw = [(line, column) for line, column, _ in places]
    for start, end, value in quoted:
        if any(start <= at < end for at in raw):
            continue  # written raw inside the quotes: already reported at the character itself
        characters = list(dict.fromkeys(c for _, c in hidden_characters(value)))
        if characters:  # every one the escapes make, not only the first ("\a\x1b" holds two)
            warnings.append(_warning(file, *start, *characters, escaped=True))
    warnings.sort(key=lambda w: w.position)
    left_out = max(len(warnings) - MAX_WARNINGS, 0) + more
    warnings = warnings[:MAX_WARNINGS]
    if left_out:
        warnings.append(ModelError(warnings[-1].position, message("loader.more_hidden_characters", count=left_out)))
    return warnings


def _positions(text: str, found: Iterable[tuple[int, str]]) -> Iterable[tuple[int, int, str]]:
    """(line, column, character) for each (index, character), lines counted as an editor counts them."""
    line, line_start, scanned = 1, 0, 0
    for index, character in found:
        for brk in _BREAK.finditer(text, scanned, index):
            line += 1
            line_start = brk.end()
        scanned = index
        yield line, index - line_start + 1, character


def _warning(file: str, line: int, column: int, *characters: str, escaped: bool = False) -> ModelError:
    code = ", ".join(f"U+{ord(character):04X}" for character in characters)
    key = "loader.hidden_character_escaped" if escaped else "loader.hidden_character"
    return ModelError(Position(file, line, column), message(key, code=code))
