"""What the answer editors and the verdict editor share: a group of fields committed together, the parsing of
typed dates and numbers, and an answer shown as text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import events, on
from textual.containers import Vertical
from textual.widgets import Input, TextArea

from pia_toolkit.tui.context import InReviewApp


class InvalidAnswer(ValueError):
    """The editor holds something that cannot be saved as this item's answer (yet)."""


def parse_date(text: str, problem: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.replace("/", "-")).isoformat()
    except ValueError:
        raise InvalidAnswer(problem) from None


def parse_number(text: str, problem: str) -> int | float | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise InvalidAnswer(problem) from None


class Committing(InReviewApp, Vertical):
    """A group of fields committed together when one of them is left, submitted or saved."""

    DEFAULT_CSS = "Committing { height: auto; }"

    def commit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        self.commit()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.commit()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typing(self) -> None:
        self.review.typing = self.dirty()

    def dirty(self) -> bool:
        return False

    def warn(self, label: str, problem: str) -> None:
        self.review.notify(
            self.review.texts("not_saved_invalid", label=label, problem=problem), severity="warning", markup=False
        )


def as_text(value: Any) -> str:
    """An answer as the text an editor shows: a list one entry per line, a mapping ``key: value`` per line."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
