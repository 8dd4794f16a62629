"""What every screen and widget of the reviewer app shares: a typed way to reach the running app."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

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


_Handler = TypeVar("_Handler", bound=Callable[..., Any])


def unless_closed(handler: _Handler) -> _Handler:
    """A dialog's ``on_mount``, skipped when the dialog was closed before it mounted: keys faster than the screen
    can pop it in the turn it was pushed, and its widgets are gone by the time its mount handler runs."""

    @functools.wraps(handler)
    def run(screen: Any, *args: Any, **kwargs: Any) -> Any:
        if screen not in screen.app.screen_stack:
            return None
        return handler(screen, *args, **kwargs)

    return cast("_Handler", run)
