"""The diagram on paper: A4 or A3 landscape sheets, each drawing with its compact legend below or beside it,
scaled to fill the page while every text prints at the sizes :mod:`exports.diagram.sheets` demands.

One set of page measures serves both places a sheet is printed, so the point sizes tested are the ones printed:

    plan = paper_plan(graph, paper="a4", lang="ja", findings=findings)    # the sheets and their scales
    block = PageBlock(plan.pages[0], len(plan.sheets), "ja", width)      # a platypus Flowable (別添1)
    write_paper_pdf(graph, Path("x.pdf"), paper="a3", findings=...)       # pia render --paper a3 -o x.pdf
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from pia_toolkit.exports.diagram.draw import Fonts, LegendBlock, fonts, paint
from pia_toolkit.exports.diagram.legend_content import LegendContent
from pia_toolkit.exports.diagram.legibility import Frame, Page, Sheet, SheetPlan
from pia_toolkit.exports.diagram.overlay import Overlay
from pia_toolkit.exports.diagram.pages import CAPTION_SIZE
from pia_toolkit.exports.diagram.sheets import plan_sheets, title_of_model
from pia_toolkit.exports.diagram.texts import t
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.assessment.disk import write_file
from pia_toolkit.pia.findings import Finding

Paper = Literal["a4", "a3"]
PAPERS: dict[str, tuple[float, float]] = {"a4": landscape(A4), "a3": landscape(A3)}
MARGIN_X = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm
"""The assessment PDF's margins (its header and footer sit in them)."""
CAPTION_ROOM = 34.0
"""Above the drawing: the sheet's caption (a heading of the document, or the title line of pia render)."""
GAP = 6.0
RIGHT_LEGEND_WIDTH = 190.0


@dataclass(frozen=True)
class PaperGeometry:
    paper: Paper
    page: tuple[float, float]
    width: float
    height: float
    """The room under the caption for the drawing and its legend, in points."""

    def frames(self, content: LegendContent, lang: str, used: Fonts | None = None) -> list[Frame]:
        """Where the drawing may go with this legend: the legend below it across the width, or in a column to
        its right; the sheet planner takes whichever prints the drawing larger."""
        below = LegendBlock(content, lang, self.width, used)
        out = [Frame(self.width, self.height - below.height - GAP, "landscape", "below")]
        right = LegendBlock(content, lang, RIGHT_LEGEND_WIDTH, used)
        if right.fits and right.height <= self.height:
            out.append(Frame(self.width - RIGHT_LEGEND_WIDTH - GAP, self.height, "landscape", "right"))
        return out


def geometry(paper: str) -> PaperGeometry:
    page = PAPERS[paper]
    width = page[0] - 2 * MARGIN_X
    height = page[1] - MARGIN_TOP - MARGIN_BOTTOM - CAPTION_ROOM
    chosen: Paper = "a3" if paper == "a3" else "a4"
    return PaperGeometry(chosen, page, width, height)


@dataclass(frozen=True)
class Restyle:
    """A drawing of the model restyled by an overlay (the change diagram): the overlay, the rows its marks add
    to every legend, and the title of the whole."""

    overlay: Overlay
    changes: tuple[tuple[str, str], ...]
    title: str


def paper_plan(
    graph: FlowGraph,
    *,
    paper: str = "a4",
    lang: str = "ja",
    findings: Sequence[Finding] | None = None,
    restyle: Restyle | None = None,
) -> SheetPlan:
    """The sheets that draw ``graph`` on ``paper`` with every text at its minimum printed size or more."""
    room = geometry(paper)
    used = fonts()
    changes = restyle.changes if restyle is not None else ()
    plan = plan_sheets(
        graph,
        lang=lang,
        findings=findings,
        frames=lambda content: room.frames(replace(content, changes=changes), lang, used),
        overlay=restyle.overlay if restyle is not None else None,
    )
    if not changes:
        return plan
    # Measured with the change marks in every legend (above); now give them to the legends that are printed.
    for sheet in plan.sheets:
        sheet.legend = replace(sheet.legend, changes=changes)
    for page in plan.pages:
        page.legend = replace(page.legend, changes=changes)
    return plan


def sheet_caption(sheet: Sheet, total: int, lang: str) -> str:
    """「図2／5　委託先の施設」: which sheet of how many, and what it draws."""
    if total <= 1:
        return ""
    return t("sheet_caption", lang, n=sheet.number, total=total, title=sheet.title)


def page_caption(page: Page, total: int, lang: str) -> str:
    """The caption of a page: its sheet's, or for a shared page 「図3〜5／12　A・B」 (the sheets and what they draw)."""
    if not page.shared:
        return sheet_caption(page.sheets[0], total, lang)
    titles = list(dict.fromkeys(sheet.title for sheet in page.sheets))
    sep = "・" if lang == "ja" else ", "
    title = sep.join(titles) if len(titles) <= 2 else t("and_more_zones", lang, title=titles[0], n=len(titles) - 1)
    first, last = page.sheets[0].number, page.sheets[-1].number
    return t("sheets_caption", lang, first=first, last=last, total=total, title=title)


class PageBlock(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """One page as it is printed: its drawings at the page's scale (a shared page gives each its own small
    caption) and one legend below or beside them, together exactly as wide as the room the plan measured."""

    def __init__(self, page: Page, total: int, lang: str, width: float, used: Fonts | None = None) -> None:
        super().__init__()
        self.page = page
        self.total, self.lang = total, lang
        self.fonts = used or fonts()
        right = page.frame.legend == "right"
        self.legend = LegendBlock(page.legend, lang, RIGHT_LEGEND_WIDTH if right else width, self.fonts)
        self.width = width
        if right:
            self.height = max(page.height, self.legend.height)
        else:
            self.height = page.height + GAP + self.legend.height
        self.node_pt = min((s.node_pt for s in page.sheets if s.node_pt is not None), default=None)
        self.edge_pt = min((s.edge_pt for s in page.sheets if s.edge_pt is not None), default=None)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        page = self.page
        right = page.frame.legend == "right"
        bottom = self.height - page.height if right else self.legend.height + GAP
        for sheet, (x, y) in zip(page.sheets, page.places, strict=True):
            paint(canvas, sheet.layout, x, bottom + y, page.scale, self.fonts)
            if page.shared:
                drawn_h = sheet.layout.height * page.scale
                room = max(sheet.layout.width * page.scale, 120.0)
                caption = fitted(sheet_caption(sheet, self.total, self.lang), self.fonts, CAPTION_SIZE, room)
                canvas.setFont(self.fonts.main.name, CAPTION_SIZE)
                canvas.drawString(x, bottom + y + drawn_h + 4, caption)
        if right:
            self.legend.drawOn(canvas, self.width - RIGHT_LEGEND_WIDTH, self.height - self.legend.height)
        else:
            self.legend.drawOn(canvas, 0, 0)


def fitted(text: str, used: Fonts, size: float, room: float) -> str:
    """``text`` shortened with an ellipsis so that it fits in ``room`` points."""
    if used.width(text, size) <= room:
        return text
    while text and used.width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


CAPTION_SIZE_PAGE = 11.0
"""The page caption of ``pia render --paper`` (the scheme, or the change diagram's two versions) prints at this
size; a caption too long for one line wraps onto a second, and only then shrinks, down to :data:`CAPTION_MIN`."""
CAPTION_MIN = 7.0
CAPTION_BREAKS = frozenset("　 →／/、，,)）")
"""A caption line preferably ends after one of these."""


def caption_lines(text: str, used: Fonts, room: float) -> tuple[float, list[str]]:
    """The size and the (at most two) lines ``text`` prints as, each within ``room`` points, in the
    :data:`CAPTION_ROOM` above the drawing; at the smallest size a text still too long is shortened."""
    size = CAPTION_SIZE_PAGE
    while True:
        lines = _wrap_caption(text, used, size, room)
        if len(lines) <= 2:
            return size, lines
        if size - 0.5 < CAPTION_MIN:
            return size, [lines[0], fitted("".join(lines[1:]), used, size, room)]
        size -= 0.5


def _wrap_caption(text: str, used: Fonts, size: float, room: float) -> list[str]:
    lines: list[str] = []
    rest = text
    while rest:
        if used.width(rest, size) <= room:
            lines.append(rest)
            break
        fits = 1
        while fits < len(rest) and used.width(rest[: fits + 1], size) <= room:
            fits += 1
        # End the line after a separator in its second half if there is one, else where it overflows.
        cut = next((i + 1 for i in range(fits - 1, fits // 2, -1) if rest[i] in CAPTION_BREAKS), fits)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return lines


def write_paper_pdf(
    graph: FlowGraph,
    output: Path,
    *,
    paper: str = "a4",
    lang: str = "ja",
    findings: Sequence[Finding] | None = None,
    restyle: Restyle | None = None,
) -> SheetPlan:
    """The diagram as a PDF of landscape sheets (``pia render --paper``; with ``restyle``, the change diagram);
    returns the plan it printed."""
    from pia_toolkit.exports.pdf.fonts import register_font
    from pia_toolkit.exports.pdf.textout import MemoCanvas

    room = geometry(paper)
    plan = paper_plan(graph, paper=paper, lang=lang, findings=findings, restyle=restyle)
    font = register_font()
    used = fonts()
    title = restyle.title if restyle is not None else title_of_model(graph, lang)
    pdf = io.BytesIO()
    canvas = MemoCanvas(pdf, pagesize=room.page, initialFontName=font.name)
    canvas.setTitle(title)
    canvas.setCreator("pia-toolkit")
    total = len(plan.sheets)
    for number, page in enumerate(plan.pages, start=1):
        block = PageBlock(page, total, lang, room.width, used)
        caption = page_caption(page, total, lang)
        # The change diagram names the two versions on every page; a plain one says its sheet, or the scheme.
        caption = f"{title}　{caption}" if caption and restyle is not None else caption or title
        size, lines = caption_lines(caption, used, room.width)
        canvas.setFont(font.name, size)
        for index, line in enumerate(lines):
            canvas.drawString(MARGIN_X, room.page[1] - MARGIN_TOP - size - index * size * 1.2, line)
        canvas.setFont(font.name, 8)
        canvas.drawCentredString(room.page[0] / 2, 10 * mm, f"{number} / {len(plan.pages)}")
        top = room.page[1] - MARGIN_TOP - CAPTION_ROOM
        block.drawOn(canvas, MARGIN_X, top - block.height)
        canvas.showPage()
    canvas.save()
    # Written whole once drawn, so a failed drawing leaves the old file, and never over a device or a pipe.
    write_file(output, pdf.getvalue())
    return plan
