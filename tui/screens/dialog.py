"""What the screens opened over the review share: their keys worded in the app's language, and a close (Esc
and the screen's own keys) that dismisses them once."""

from __future__ import annotations

from typing import TypeVar

from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from pia_toolkit.tui.context import InReviewApp, close_once
from pia_toolkit.tui.screens.review import bind_localised

Result = TypeVar("Result")
KeySpec = tuple[str, str, str, bool, str | None]
"""(keys, action, text key, shown in the footer, key shown), as in the review screen's KEYS."""


def closing(opened_with: str | None = None) -> list[KeySpec]:
    """Esc closes the screen (shown in the footer); so do q and the key that opened it (``opened_with``)."""
    keys: list[KeySpec] = [("escape", "close", "k_back", True, "esc")]
    if opened_with is not None:
        keys.append((f"q,{opened_with}", "close", "k_back", False, None))
    return keys


class Dialog(InReviewApp, ModalScreen[Result]):
    """A screen over the review, with ``keys`` bound in the footer's order; closed, it gives nothing back
    unless the screen says otherwise."""

    def __init__(self, keys: list[KeySpec]) -> None:
        super().__init__()  # no id: see the package's docstring
        bind_localised(self, keys, self.review.texts)

    def box(self, name: str, *, scrolls: bool = False) -> Vertical | VerticalScroll:
        """The dialog's bordered box ``#<name>-box``, titled with the text ``<name>_title``; ``scrolls`` for
        content that may be longer than the terminal."""
        box = (VerticalScroll if scrolls else Vertical)(id=f"{name}-box", classes="dialog")
        box.border_title = self.review.texts(f"{name}_title")
        return box

    def action_close(self) -> None:
        close_once(self, None)
