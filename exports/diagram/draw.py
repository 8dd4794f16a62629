"""Painting a laid-out diagram on a PDF page with reportlab: vector shapes and real, searchable text in the
document's embedded font, at a scale chosen for the page; and the legend, drawn beside or below it.

    sheet = DiagramFlowable(layout, scale)        # a platypus Flowable for the assessment PDF
    paint(canvas, layout, x, y, scale)             # or straight onto a canvas (pia render --paper)
    legend = LegendBlock(content, lang, width)     # the legend as a compact block of samples and words
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.catalog.texts import choose
from pia_toolkit.exports.diagram import style
from pia_toolkit.exports.diagram.layout import Layout, Stroke, Text
from pia_toolkit.exports.diagram.legend_content import LegendContent
from pia_toolkit.exports.diagram.texts import channel_text, t
from pia_toolkit.exports.pdf.fonts import PdfFont, register_font, symbol_font

LEGEND_SIZE = 7.0
"""The legend is set at 7 pt, printed as it is (it is not scaled with the drawing)."""
DASHES = {"dashed": (5.0, 3.0), "dotted": (1.0, 2.2)}


@cache
def _colour(value: str) -> colors.Color | None:
    value = value.strip()
    if not value or value in ("transparent", "invis", "none"):
        return None
    if value.startswith("#") and len(value) == 9:
        if value[7:].lower() == "00":
            return None
        value = value[:7]
    try:
        return colors.toColor(value)
    except ValueError:
        return colors.black


@dataclass(frozen=True)
class Fonts:
    main: PdfFont
    symbols: PdfFont | None

    def runs(self, text: str) -> tuple[tuple[str, str], ...]:
        """``text`` split into (font name, characters) runs: the symbol font where the main one lacks a glyph."""
        return _runs(self, text)

    def width(self, text: str, size: float) -> float:
        return float(sum(stringWidth(chars, name, size) for name, chars in self.runs(text)))


@lru_cache(maxsize=32768)
def _runs(used: Fonts, text: str) -> tuple[tuple[str, str], ...]:
    # A drawing repeats its texts (zone names, channels, step marks) and each is measured, then painted: the
    # split is worked out once per text.
    runs: list[tuple[str, str]] = []
    for char in text:
        name = used.main.name
        if not used.main.has(char) and not char.isspace():
            if used.symbols is not None and used.symbols.has(char):
                name = used.symbols.name
            else:
                char = "!" if char == style.VIOLATION_SYMBOL else "?"
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + char)
        else:
            runs.append((name, char))
    return tuple(runs)


def fonts() -> Fonts:
    return Fonts(register_font(), symbol_font())


def paint(canvas: Any, layout: Layout, x: float, y: float, scale: float, used: Fonts | None = None) -> None:
    """Draw ``layout`` with its lower-left corner at (x, y), every length multiplied by ``scale``."""
    chosen = used or fonts()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(scale, scale)
    canvas.translate(-layout.x0, -layout.y0)
    canvas.setLineJoin(1)
    for element in layout.elements:
        for stroke in element.strokes:
            _stroke(canvas, stroke)
        for text in element.texts:
            _text(canvas, text, chosen)
    canvas.restoreState()


def _stroke(canvas: Any, stroke: Stroke) -> None:
    pen = _colour(stroke.pen) if stroke.width > 0 else None
    fill = _colour(stroke.fill) if stroke.filled else None
    if pen is None and fill is None:
        return
    if stroke.kind == "ellipse":
        (cx, cy), (rx, ry) = stroke.points
        _pen(canvas, stroke, pen, fill)
        canvas.ellipse(cx - rx, cy - ry, cx + rx, cy + ry, stroke=int(pen is not None), fill=int(fill is not None))
        return
    path = canvas.beginPath()
    points = stroke.points
    if not points:
        return
    path.moveTo(*points[0])
    if stroke.kind == "bezier":
        for i in range(1, len(points) - 2, 3):
            path.curveTo(*points[i], *points[i + 1], *points[i + 2])
    else:
        for point in points[1:]:
            path.lineTo(*point)
    if stroke.kind == "polygon":
        path.close()
    _pen(canvas, stroke, pen, fill)
    canvas.drawPath(path, stroke=int(pen is not None), fill=int(fill is not None))


def _pen(canvas: Any, stroke: Stroke, pen: colors.Color | None, fill: colors.Color | None) -> None:
    if pen is not None:
        canvas.setStrokeColor(pen)
        canvas.setLineWidth(stroke.width)
        dash = DASHES.get(stroke.dash)
        if dash:
            canvas.setDash(dash[0] * max(1.0, stroke.width * 0.6), dash[1] * max(1.0, stroke.width * 0.6))
            canvas.setLineCap(1 if stroke.dash == "dotted" else 0)
        else:
            canvas.setDash()
            canvas.setLineCap(0)
    if fill is not None:
        canvas.setFillColor(fill)


def _text(canvas: Any, text: Text, used: Fonts) -> None:
    colour = _colour(text.colour)
    if colour is None or not text.text:
        return
    natural = used.width(text.text, text.size)
    squeeze = 1.0
    if text.width > 0 and natural > text.width * 1.02:
        squeeze = max(0.75, text.width / natural)
    drawn = natural * squeeze
    start = text.x - (drawn / 2 if text.align == "c" else drawn if text.align == "r" else 0)
    canvas.saveState()
    canvas.setFillColor(colour)
    obj = canvas.beginText()
    obj.setTextOrigin(start, text.y)
    obj.setHorizScale(squeeze * 100)
    if text.bold:
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(text.size * 0.035)
        obj.setTextRenderMode(2)
    for name, chars in used.runs(text.text):
        obj.setFont(name, text.size)
        obj.textOut(chars)
    canvas.drawText(obj)
    canvas.restoreState()


class DiagramFlowable(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """One laid-out sheet as a platypus Flowable, ``scale`` times its natural size."""

    def __init__(self, layout: Layout, scale: float) -> None:
        super().__init__()
        self.layout, self.scale = layout, scale
        self.width, self.height = layout.width * scale, layout.height * scale
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        paint(self.canv, self.layout, 0, 0, self.scale)


# ---- legend ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    sample: str
    """shape:<family> · line:<channel> · unencrypted · mark:<severity> · tag · words"""
    words: str
    colour: str | None = None


def legend_entries(content: LegendContent, lang: str) -> list[tuple[str, list[Entry]]]:
    """(heading, entries) rows of the legend, only for what the drawing uses."""
    rows: list[tuple[str, list[Entry]]] = []
    if content.shapes:
        rows.append(
            (
                t("shapes", lang),
                [Entry(f"shape:{s}", choose(lang, style.SHAPES[s].ja, style.SHAPES[s].en)) for s in content.shapes],
            )
        )
    lines = [Entry(f"line:{c}", channel_text(c, lang)) for c in content.channels]
    if content.unencrypted:
        lines.append(Entry("unencrypted", f"{style.VIOLATION_SYMBOL} {t('unencrypted_legend', lang)}", style.ALERT))
    if lines:
        rows.append((t("lines", lang), lines))
    if content.marked_data:
        tags = [
            Entry(
                "tag", t("class_tag", lang, label="", tag=t(f"tag_{c}", lang)).strip() + " " + t(f"tag_{c}_means", lang)
            )
            for c in ("my_number", "sensitive")
        ]
        rows.append((t("data_tags", lang), tags))
    marks: list[Entry] = []
    for severity in content.severities:
        marks.append(
            Entry(
                f"mark:{severity.name}",
                f"{style.VIOLATION_SYMBOL}{severity.label(lang)}",
                style.SEVERITY_MARKS[severity].color,
            )
        )
    if content.severities:
        marks.append(Entry("words", f"{style.VIOLATION_SYMBOL} = {t('violation', lang)}"))
    if content.questions:
        marks.append(Entry("words", f"{style.QUESTION_SYMBOL} = {t('question', lang)}"))
    marks.append(Entry("words", t("stub_legend", lang)))
    rows.append((t("marks", lang), marks))
    if content.changes:
        rows.append((t("change_legend", lang), [Entry("words", words, colour) for words, colour in content.changes]))
    return rows


SAMPLE_W = {"shape": 16.0, "line": 22.0, "unencrypted": 22.0, "mark": 0.0, "tag": 0.0, "words": 0.0}


class LegendBlock(Flowable):  # type: ignore[misc]
    """The legend as a compact block: one line per heading (wrapped when it is long), 7 pt words, real samples
    of the shapes and lines. ``width`` is the room it may use; its height follows from the wrapping."""

    GAP = 8.0
    LINE = LEGEND_SIZE * 1.55

    def __init__(self, content: LegendContent, lang: str, width: float, used: Fonts | None = None) -> None:
        super().__init__()
        self.rows = legend_entries(content, lang)
        self.fonts = used or fonts()
        self.title = t("legend", lang)
        self.avail = width
        self.head_w = (
            max([self.fonts.width(self.title, LEGEND_SIZE)] + [self.fonts.width(h, LEGEND_SIZE) for h, _ in self.rows])
            + 6
        )
        self.placed = self._place(width)
        lines = max((line for _, line, _ in self.placed), default=0) + 1
        self.width = width
        self.height = (lines + 1) * self.LINE + 4

    @property
    def fits(self) -> bool:
        """Whether every entry fits the width on its own (a longer one would run past the block's box)."""
        return all(self.head_w + self._entry_width(e) <= self.avail for _, entries in self.rows for e in entries)

    def _entry_width(self, entry: Entry) -> float:
        kind = entry.sample.split(":")[0]
        return SAMPLE_W.get(kind, 0.0) + (3 if SAMPLE_W.get(kind) else 0) + self.fonts.width(entry.words, LEGEND_SIZE)

    def _place(self, width: float) -> list[tuple[Entry, int, float]]:
        """(entry, line, x) for every entry, heading rows starting new lines."""
        placed: list[tuple[Entry, int, float]] = []
        line = 0
        for _heading, entries in self.rows:
            x = self.head_w
            for entry in entries:
                w = self._entry_width(entry)
                if x > self.head_w and x + w > width:
                    line += 1
                    x = self.head_w
                placed.append((entry, line, x))
                x += w + self.GAP
            line += 1
        return placed

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height - self.LINE
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#9E9E9E"))
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        self._words(self.title, 3, top, bold=True)
        line = 0
        heading_lines: dict[int, str] = {}
        for heading, entries in self.rows:
            first = next((ln for e, ln, _ in self.placed if e is entries[0]), line) if entries else line
            heading_lines[first] = heading
        for number, heading in heading_lines.items():
            self._words(heading, 3, top - (number + 1) * self.LINE, bold=True)
        for entry, number, x in self.placed:
            self._entry(entry, x, top - (number + 1) * self.LINE)
        canvas.restoreState()

    def _words(self, words: str, x: float, y: float, colour: str | None = None, bold: bool = False) -> float:
        canvas = self.canv
        # The text render mode outlives its text object (it is graphics state, and a new text object believes
        # it is 0): without its own saved state, every word after a bold mark is stroked in that mark's colour.
        canvas.saveState()
        obj = canvas.beginText()
        obj.setTextOrigin(x, y)
        canvas.setFillColor(_colour(colour or "#212121"))
        if bold:
            canvas.setStrokeColor(_colour(colour or "#212121"))
            canvas.setLineWidth(LEGEND_SIZE * 0.035)
            obj.setTextRenderMode(2)
        for name, chars in self.fonts.runs(words):
            obj.setFont(name, LEGEND_SIZE)
            obj.textOut(chars)
        canvas.drawText(obj)
        canvas.restoreState()
        return self.fonts.width(words, LEGEND_SIZE)

    def _entry(self, entry: Entry, x: float, y: float) -> None:
        kind, _, key = entry.sample.partition(":")
        mid = y + LEGEND_SIZE * 0.35
        if kind == "shape":
            _shape_sample(self.canv, key, x, y - 1.5, SAMPLE_W["shape"], LEGEND_SIZE + 2)
        elif kind in ("line", "unencrypted"):
            line = style.UNENCRYPTED_LINE if kind == "unencrypted" else style.line_style(key)
            _line_sample(self.canv, line, x, mid, SAMPLE_W["line"])
        if kind == "mark":
            mark = style.SEVERITY_MARKS[Severity[key]]
            w = self.fonts.width(entry.words, LEGEND_SIZE)
            self.canv.setStrokeColor(_colour(mark.color))
            self.canv.setLineWidth(min(2.0, mark.penwidth / 2))
            self.canv.roundRect(x - 1.5, y - 2, w + 3, LEGEND_SIZE + 3, 1.5, stroke=1, fill=0)
            self._words(entry.words, x, y, mark.color, bold=True)
            return
        offset = SAMPLE_W.get(kind, 0.0)
        self._words(entry.words, x + offset + (3 if offset else 0), y, entry.colour, bold=entry.colour is not None)


def _shape_sample(canvas: Any, family: str, x: float, y: float, w: float, h: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor("#212121"))
    canvas.setFillColor(colors.white)
    canvas.setLineWidth(0.7)
    shape = style.SHAPES[family].shape
    if shape == "ellipse":
        canvas.ellipse(x, y, x + w, y + h, stroke=1, fill=1)
    elif shape == "cylinder":
        canvas.rect(x, y + 1.5, w, h - 3, stroke=0, fill=1)
        canvas.line(x, y + 1.5, x, y + h - 1.5)
        canvas.line(x + w, y + 1.5, x + w, y + h - 1.5)
        canvas.ellipse(x, y + h - 3, x + w, y + h, stroke=1, fill=1)
        canvas.arc(x, y, x + w, y + 3, 180, 180)
    elif shape == "box3d":
        canvas.rect(x, y, w - 2, h - 2, stroke=1, fill=1)
        canvas.line(x, y + h - 2, x + 2, y + h)
        canvas.line(x + 2, y + h, x + w, y + h)
        canvas.line(x + w, y + h, x + w, y + 2)
        canvas.line(x + w - 2, y + h - 2, x + w, y + h)
        canvas.line(x + w - 2, y, x + w, y + 2)
    elif shape == "note":
        path = canvas.beginPath()
        path.moveTo(x, y)
        path.lineTo(x + w, y)
        path.lineTo(x + w, y + h - 3)
        path.lineTo(x + w - 3, y + h)
        path.lineTo(x, y + h)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
    elif shape == "tab":
        canvas.rect(x, y, w, h - 2, stroke=1, fill=1)
        canvas.rect(x + 1, y + h - 2, 5, 2, stroke=1, fill=1)
    elif shape == "component":
        canvas.rect(x + 1.5, y, w - 1.5, h, stroke=1, fill=1)
        canvas.rect(x, y + h - 4, 3, 1.5, stroke=1, fill=1)
        canvas.rect(x, y + 2.5, 3, 1.5, stroke=1, fill=1)
    else:
        canvas.roundRect(x, y, w, h, 2, stroke=1, fill=1)
    canvas.restoreState()


def _line_sample(canvas: Any, line: style.LineStyle, x: float, y: float, w: float) -> None:
    canvas.saveState()
    colours = [c for c in line.color.split(":") if c != "invis"]
    width = min(line.penwidth, 2.5) * 0.8
    offsets: Sequence[float] = (-1.2, 1.2) if len(colours) > 1 else (0.0,)
    for offset, colour in zip(offsets, colours, strict=False):
        canvas.setStrokeColor(_colour(colour))
        canvas.setLineWidth(width)
        dash = DASHES.get(line.style)
        if dash:
            canvas.setDash(dash[0] * 0.8, dash[1] * 0.8)
        canvas.line(x, y + offset, x + w - 3, y + offset)
    canvas.setDash()
    canvas.setFillColor(_colour(colours[0]))
    path = canvas.beginPath()
    path.moveTo(x + w, y)
    path.lineTo(x + w - 4, y + 2)
    path.lineTo(x + w - 4, y - 2)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
