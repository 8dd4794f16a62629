"""The table of contents, laid out in the same single pass as the rest of the document.

Its entries are known before layout (every heading of the story), so its size is right from the start; only
its page numbers are not. Each number is a PDF form named after the heading, drawn where the number goes and
filled in when the file is saved, after every heading has found its page. So the document is laid out once,
instead of once to learn the page numbers and again to draw them.

    pages = TocPages()
    toc = DeferredToc(pages, entries, level_styles)   # in the story
    pages.found(key, page)                            # as each heading is placed (afterFlowable)
    pages.define(canvas)                              # before the canvas is saved
"""

from __future__ import annotations

from ast import literal_eval
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.tableofcontents import TableOfContents

DOT = " . "
NUMBER_ROOM = "0000"
"""The width kept free at the right for a page number."""


@dataclass
class TocPages:
    """Where each heading landed, and how its number is set, until the canvas is saved."""

    pages: dict[str, int] = field(default_factory=dict)
    looks: dict[str, ParagraphStyle] = field(default_factory=dict)

    def found(self, key: str, page: int) -> None:
        self.pages.setdefault(key, page)

    @staticmethod
    def form_name(key: str) -> str:
        return "toc_" + "".join(c if c.isalnum() else "_" for c in key)

    def define(self, canvas: Any) -> None:
        """Draw each number into its form (a heading that never appeared keeps an empty one)."""
        for key, look in self.looks.items():
            page = self.pages.get(key)
            number = "" if page is None else str(page)
            # The number is set right-aligned at the form's origin, so it lies left of it: the form's box must
            # reach there, or viewers clip it away (the default box starts at the origin, and printed TOCs
            # showed dot leaders running into nothing while the text layer still had every number).
            width = stringWidth(number, look.fontName, look.fontSize)
            size = look.fontSize
            canvas.beginForm(self.form_name(key), lowerx=-width - size, lowery=-size, upperx=size, uppery=2 * size)
            if number:
                canvas.setFont(look.fontName, look.fontSize)
                canvas.setFillColor(look.textColor)
                canvas.drawRightString(0, 0, number)
            canvas.endForm()


class DeferredToc(TableOfContents):  # type: ignore[misc]  # reportlab ships no type hints
    """reportlab's table of contents with its entries given and its page numbers drawn as forms."""

    def __init__(
        self, pages: TocPages, entries: Sequence[tuple[int, str, str]], levels: Sequence[ParagraphStyle]
    ) -> None:
        super().__init__(dotsMinLevel=0)
        self.levelStyles = list(levels)
        self.toc_pages = pages
        self._lastEntries = [(level, text, 0, key) for level, text, key in entries]

    def beforeBuild(self) -> None:
        """Nothing to carry over: there is a single pass, and its entries were given."""

    def isSatisfied(self) -> bool:
        return True

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        size = super().wrap(availWidth, availHeight)
        pages = self.toc_pages

        def entry_end(canvas: Any, kind: str, label: str) -> None:
            _page, level, quoted = label.split(",", 2)
            key = str(literal_eval(quoted))
            style = self.getLevelStyle(int(level))
            pages.looks[key] = style
            x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
            room = stringWidth(NUMBER_ROOM, style.fontName, style.fontSize)
            dot = stringWidth(DOT, style.fontName, style.fontSize)
            count = max(0, int((availWidth - x - room) / dot))
            text = canvas.beginText(availWidth - room - count * dot, y)
            text.setFont(style.fontName, style.fontSize)
            text.setFillColor(style.textColor)
            text.textLine(DOT * count)
            canvas.drawText(text)
            canvas.saveState()
            canvas.translate(availWidth, y)
            canvas.doForm(pages.form_name(key))
            canvas.restoreState()
            canvas.linkRect("", key, (availWidth - room, y, availWidth, y + style.leading), relative=1)

        self.canv.setNamedCB("drawTOCEntryEnd", entry_end)
        return size  # type: ignore[no-any-return]
