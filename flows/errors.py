"""Errors in a user's model, each located at file:line:column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pia_toolkit.catalog.texts import Message, message
from pia_toolkit.catalog.texts.visible import visible
from pia_toolkit.flows.paths import resolved

MAX_ERRORS = 200
"""How many errors of one file are reported; one more line then says how many were left out."""


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and column count from 1, as editors show them."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        # One line whatever the file is called: a newline or U+202E in a name is shown, not obeyed.
        return f"{visible(self.file, lines=False)}:{self.line}:{self.column}"


@dataclass(frozen=True)
class ModelError:
    """One problem in a file the user wrote, with what to do about it, in either language."""

    position: Position
    message: Message

    def text(self, lang: str = "ja") -> str:
        return self.message.text(lang)

    def __str__(self) -> str:
        return f"{self.position}: {self.text('ja')}"


class ModelLoadError(Exception):
    """Raised with every error found in a file, so the owner can fix them in one pass."""

    def __init__(self, errors: list[ModelError], warnings: list[ModelError] | None = None) -> None:
        self.errors = sorted(errors, key=lambda e: e.position)
        self.warnings = list(warnings or ())
        """What the files also hold that is not wrong (hidden characters), shown with the errors."""
        super().__init__("\n".join(str(e) for e in self.errors))


def at_most(errors: list[ModelError], limit: int = MAX_ERRORS, *, unreported: int = 0) -> list[ModelError]:
    """The first ``limit`` errors in file order, and, when some were left out (``unreported`` more were never
    worded at all), a last one saying how many, at the place of the last error shown."""
    shown = sorted(errors, key=lambda e: e.position)
    left_out = max(len(shown) - limit, 0) + unreported
    shown = shown[:limit]
    if left_out and shown:
        shown.append(ModelError(shown[-1].position, message("loader.more_errors", count=left_out, limit=limit)))
    return shown


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when possible."""
    try:
        return str(resolved(path).relative_to(resolved(Path.cwd())))
    except ValueError:
        return str(path)


def short(value: Any) -> str:
    """A bounded preview of what the user wrote, for an error about it (never the repr of a deep or huge value,
    nor the whole of a long text)."""
    if isinstance(value, dict):
        text = "{…}" if value else "{}"
    elif isinstance(value, list):
        text = "[…]" if value else "[]"
    elif isinstance(value, str):
        text = repr(str(value)[:80])
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        text = "(a very large number)"
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
