"""Textual's Select and TextArea, steady when removed in the turn they mount.

Keys faster than the screen (a burst, a paste) can close a dialog or replace the answer editor while its widgets
are still mounting. Textual then runs a removed Select's mount handler, which looks for its option list and finds
it gone, and may render a removed TextArea once more from the last frame's map, after its styles were dropped;
either ends the app. A removed widget has nothing left to set up or show, so these two do nothing then. And
Page Down can reach a Select's option list while it is folded away, which has never been laid out.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Select, TextArea
from textual.widgets._select import SelectCurrent, SelectOverlay  # the parts Select.compose yields


class _SteadyOverlay(SelectOverlay):
    def _move_page(self, direction: Any) -> None:
        # Page Up/Down reaching the option list while it is folded away: it has never been laid out, so it has
        # no pages to move by (OptionList would look up a line it has not made).
        if (self.highlighted or 0) in self._index_to_line:
            super()._move_page(direction)


class SteadySelect(Select[Any]):
    def compose(self) -> ComposeResult:
        """Select's own parts, with an option list that ignores paging while folded away."""
        yield SelectCurrent(self.prompt)
        yield _SteadyOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

    def _on_mount(self, event: events.Mount) -> None:
        # Textual calls the handler of every class along the MRO, this one first; stopping the event here is
        # the only way to keep Select's own from running on a removed widget (its parts are removed first).
        if not (self.is_attached and self.query("SelectOverlay")):
            event.prevent_default()


class SteadyTextArea(TextArea):
    def render_lines(self, crop: Region) -> list[Strip]:
        if not self.is_attached:  # removed, still in the last frame's map
            return [Strip.blank(crop.width)] * crop.height
        return super().render_lines(crop)
