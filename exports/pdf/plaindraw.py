"""Drawing a laid-out paragraph whose words are plain text, with the same PDF operators reportlab writes.

reportlab's line drawer (``_putFragLine``) keeps, for every word it draws, the books of links, underlines,
strike-throughs, background colours, rises and inline images, and measures each word again to know where the
next one starts. The cell texts and answers of this document have none of those: only font, size and colour
change between words. In a 300-page report that bookkeeping was the largest single cost of drawing, so such
paragraphs are drawn here, word by word in the same order and with the same text-object calls, which writes
the same content stream; anything else (links, underlines, bullets, borders, justified text, a line squeezed
narrower than its frame) goes back to reportlab.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.platypus.paragraph import paraFontSizeHeightOffset

_SHIFT = {TA_LEFT: 0.0, TA_CENTER: 0.5, TA_RIGHT: 1.0}
"""How much of a line's spare room goes before its text, by alignment."""


def _plain_word(word: Any) -> bool:
    return not (
        hasattr(word, "cbDefn")
        or getattr(word, "link", None)
        or getattr(word, "us_lines", None)
        or getattr(word, "rise", 0)
        or getattr(word, "backColor", None)
    )


def plain_lines(para: Any) -> list[Any] | None:
    """The laid-out lines of ``para`` when nothing in it needs reportlab's general drawer, else None."""
    style = para.style
    blpara = getattr(para, "blPara", None)
    if blpara is None or blpara.kind != 1 or not blpara.lines:
        return None
    if (
        para.bulletText
        or style.backColor
        or (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
        or getattr(style, "endDots", None)
        or style.alignment not in _SHIFT
        or style.wordWrap == "RTL"
        or getattr(para, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
        or hasattr(para, "_offsets")
    ):
        return None
    lines: list[Any] = blpara.lines
    for line in lines:
        # A line wider than its frame is squeezed with word spacing by reportlab; leave that to it.
        if line.extraSpace <= -1e-8 or getattr(line, "preformatted", False):
            return None
        if not all(_plain_word(word) for word in line.words):
            return None
    return lines


def draw_plain(para: Any, lines: list[Any]) -> None:
    """Draw ``lines`` of ``para`` as reportlab's ``drawPara`` would (see the module's docstring)."""
    canvas = para.canv
    style = para.style
    leading = style.leading
    first = lines[0]
    cur_y = para.height - (first.fontSize if paraFontSizeHeightOffset else getattr(first, "ascent", first.fontSize))
    canvas.saveState()
    tx = para.beginText(style.leftIndent, cur_y)
    tx.preformatted = False
    tx.direction = style.wordWrap
    tx._fontname, tx._fontsize = None, None
    tx._leading = None
    colour = None
    shift = _SHIFT[style.alignment]
    for index, line in enumerate(lines):
        offset = style.firstLineIndent if index == 0 else 0
        start = offset + shift * line.extraSpace
        if start > 1e-6 or start < -1e-6:
            tx.setXPos(start)
        if tx._leading != leading:
            tx.setLeading(leading)
        words = line.words
        last = len(words) - 1
        for position, word in enumerate(words):
            if tx._fontname != word.fontName or tx._fontsize != word.fontSize:
                tx._setFont(word.fontName, word.fontSize)
            if colour != word.textColor:
                colour = word.textColor
                tx.setFillColor(colour)
            tx._textOut(word.text, position == last)
        if start > 1e-6 or start < -1e-6:
            tx.setXPos(-start)
    canvas.drawText(tx)
    canvas.restoreState()
