"""What every screen and widget of the reviewer app shares: a typed way to reach the running app."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from pia_toolkit.tui.app import ReviewApp


class InReviewApp:
    """Mixin for screens and widgets: ``self.review`` is the running :class:`ReviewApp` (its state and strings)."""

    @property
    def review(self) -> ReviewApp:
        return cast("ReviewApp", self.app)  # type: ignore[attr-defined]
