"""One-line widgets of the frame: the progress summary at the top and the saved state beside the footer."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

from pia_toolkit.tui.context import InReviewApp


class SavedState(InReviewApp, Static):
    """「保存済み 12:03:41」, 「入力中（未確定）」 while an editor holds uncommitted text, or 「保存できません」."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)

    def on_mount(self) -> None:
        for name in ("saved_at", "typing", "save_failed"):
            self.watch(self.review, name, lambda _value: self.show(), init=False)
        self.show()

    def show(self) -> None:
        review = self.review
        texts = review.texts
        if review.save_failed:
            self.update(Content.from_markup("[b $text-error]$t[/]", t=texts("save_failed")))
        elif review.typing:
            self.update(Content.from_markup("[$text-warning]$t[/]", t=texts("unsaved_typing")))
        elif review.saved_at:
            self.update(Content.from_markup("[$text-success]$t[/]", t=texts("saved_at", time=review.saved_at)))
        else:
            self.update(Content.from_markup("[$text-success]$t[/]", t=texts("saved")))
