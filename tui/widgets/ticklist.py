"""Textual's SelectionList with a tick a reader can see without colour.

Textual draws every box as ``▐X▌`` and tells chosen from unchosen by colour alone (a near-black X on dark blue
when unchosen). On a monochrome terminal, in a screen reader's text or to a reader who cannot tell the colours
apart, every choice looks ticked. Here a chosen box holds ✓ and an unchosen one is empty; the colours stay.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton

TICKED, UNTICKED = "✓", " "


class TickList(SelectionList[Any]):
    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        # SelectionList puts its box first: BUTTON_LEFT, BUTTON_INNER, BUTTON_RIGHT, a space, then the prompt.
        if len(segments) < 4 or segments[1].text != ToggleButton.BUTTON_INNER:
            return line
        option = segments[1].style.meta.get("option") if segments[1].style is not None else None
        if option is None:
            return line
        value = self.get_option_at_index(option).value
        mark = TICKED if value in self.selected else UNTICKED
        segments[1] = Segment(mark, segments[1].style)
        return Strip(segments, line.cell_length)
