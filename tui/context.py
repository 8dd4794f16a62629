"""What every screen and widget of the reviewer app shares: a typed way to reach the running app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from pia_toolkit.tui.app import ReviewApp


class InReviewApp:
    """Mixin for screens and widgets: ``self.review`` is the running :class:`ReviewApp` (its state and strings)."""

    @property
    def review(self) -> ReviewApp:
        return cast("ReviewApp", self.app)  # type: ignore[attr-defined]


def close_once(screen: Any, result: Any = None) -> None:
    """Dismiss ``screen`` with ``result`` unless it is no longer the one shown: two keys that close (Esc Esc,
    Enter Enter) can both reach a screen before it is gone, and a second dismiss would pop the screen below.

    A key that closes a dialog can also reach it before it has finished mounting (the key that opened it and
    Esc in one burst); removed then, its widgets' own mount handlers would find their parts gone. It closes
    as soon as it has mounted instead."""
    if not screen.is_mounted:
        screen.call_after_refresh(close_once, screen, result)
        return
    if screen.is_current and not getattr(screen, "_pia_dismissed", False):
        screen._pia_dismissed = True
        screen.dismiss(result)
