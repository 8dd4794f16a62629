"""Page geometry, colours and paragraph styles of the assessment PDF.

Quiet and printable: black text, one accent colour for headings, grey for the machine ids that let a reader
point at an item, and fills light enough to photocopy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

PAGE = A4
PAGE_LANDSCAPE = landscape(A4)
MARGIN_X = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN_X
FRAME_HEIGHT = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM
LANDSCAPE_FRAME_WIDTH = PAGE_LANDSCAPE[0] - 2 * MARGIN_X
LANDSCAPE_FRAME_HEIGHT = PAGE_LANDSCAPE[1] - MARGIN_TOP - MARGIN_BOTTOM

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f3a5f")
GREY = colors.HexColor("#6b6b6b")
RULE = colors.HexColor("#9aa3ad")
LABEL_FILL = colors.HexColor("#eef1f5")
HEAD_FILL = colors.HexColor("#dde3ea")
NOTE_FILL = colors.HexColor("#fff8e1")
WITHHELD_FILL = colors.HexColor("#f0f0f0")

SEVERITY_COLOURS = {
    4: colors.HexColor("#8b0000"),
    3: colors.HexColor("#c0392b"),
    2: colors.HexColor("#b9770e"),
    1: colors.HexColor("#5d6d7e"),
}
VERDICT_COLOURS = {
    "needs_correction": colors.HexColor("#c0392b"),
    "needs_improvement": colors.HexColor("#b9770e"),
    "adequate": colors.HexColor("#1e8449"),
}


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    item_id: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    cell_head: ParagraphStyle
    label: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    h4: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_field: ParagraphStyle
    mark: ParagraphStyle
    footer: ParagraphStyle
    toc_levels: tuple[ParagraphStyle, ...]
    note: ParagraphStyle
    unanswered: ParagraphStyle
    right: ParagraphStyle


@cache
def make_styles(font: str) -> Styles:
    def style(name: str, size: float, leading: float | None = None, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=leading or size * 1.5,
            textColor=kw.pop("textColor", INK),
            wordWrap="CJK",
            **kw,
        )

    return Styles(
        body=style("body", 9.5, 15),
        small=style("small", 8, 11.5),
        item_id=style("item_id", 6.5, 8.5, textColor=GREY),
        cell=style("cell", 9, 13.5),
        cell_small=style("cell_small", 8, 11.5),
        cell_head=style("cell_head", 8.5, 12, textColor=ACCENT),
        label=style("label", 8.5, 12.5),
        h1=style("h1", 15, 21, textColor=ACCENT, spaceBefore=2, spaceAfter=8),
        h2=style("h2", 11.5, 16, textColor=ACCENT, spaceBefore=10, spaceAfter=4),
        h3=style("h3", 10, 14, textColor=ACCENT, spaceBefore=8, spaceAfter=3),
        h4=style("h4", 9, 13, textColor=INK, spaceBefore=4, spaceAfter=2, leftIndent=6),
        title=style("title", 24, 34, alignment=TA_CENTER, textColor=ACCENT, spaceAfter=6),
        subtitle=style("subtitle", 13, 19, alignment=TA_CENTER, spaceAfter=4),
        cover_field=style("cover_field", 10.5, 16),
        mark=style("mark", 12, 16, alignment=TA_CENTER, textColor=colors.HexColor("#8b0000")),
        footer=style("footer", 8, 10, alignment=TA_CENTER, textColor=GREY),
        toc_levels=(
            style("toc0", 10, 15, leftIndent=0, firstLineIndent=0, spaceBefore=3),
            style("toc1", 9, 13, leftIndent=14, firstLineIndent=0, textColor=colors.HexColor("#333333")),
            style("toc2", 8.5, 12, leftIndent=28, firstLineIndent=0, textColor=GREY),
        ),
        note=style("note", 9, 14, alignment=TA_LEFT),
        unanswered=style("unanswered", 9, 13.5, textColor=GREY),
        right=style("right", 8, 11, alignment=TA_RIGHT, textColor=GREY),
    )
