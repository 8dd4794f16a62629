"""Lines and columns as an editor counts them, from what the YAML reader counts.

libyaml ends a line at NEL (U+0085) and at the line and paragraph separators (U+2028, U+2029) as well as at
``\\n``, ``\\r\\n`` and ``\\r``; editors, ``grep -n`` and ``git diff`` end lines only at the last three. A model
with a U+2028 pasted into a title would otherwise have every later message point one line too far down. Most
files hold none of these characters, and then nothing is converted.
"""

from __future__ import annotations

import re

_EDITOR_BREAK = re.compile("\r\n|[\r\n]")
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_YAML_ONLY = ("\x85", "\u2028", "\u2029")


def editor_position(text: str, index: int) -> tuple[int, int]:
    """(line, column), from 1, of the character at ``index`` of ``text``."""
    line, start = 1, 0
    for brk in _EDITOR_BREAK.finditer(text, 0, index):
        line += 1
        start = brk.end()
    return line, index - start + 1


class EditorLines:
    """Converts the reader's (line, column) to the editor's, for a text where the two differ."""

    def __init__(self, text: str) -> None:
        # For each of the reader's lines: the editor's line it lies on and how far into it it starts.
        self._lines: list[tuple[int, int]] = [(1, 0)]
        line, start = 1, 0
        for brk in _YAML_BREAK.finditer(text):
            if brk.group() not in _YAML_ONLY:
                line, start = line + 1, brk.end()
            self._lines.append((line, brk.end() - start))

    def __call__(self, line: int, column: int) -> tuple[int, int]:
        editor_line, offset = self._lines[min(max(line, 1), len(self._lines)) - 1]
        return editor_line, offset + column


def editor_lines(text: str) -> EditorLines | None:
    """The conversion for ``text``, or None when the reader already counts as an editor does."""
    return EditorLines(text) if any(c in text for c in _YAML_ONLY) else None
