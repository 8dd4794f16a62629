"""Sheets that share a page: consecutive small part sheets set in rows on one page at one common scale, so a
page is not spent on a drawing of one or two arrows.

Sharing costs no new layout: the drawings are the sheets' own, only scaled. A page takes one more sheet while
all of them still fit its frame at a scale where every text prints at its minimum size (the largest of the
sheets' needs); each shared drawing then carries its own small caption, and the page one legend for all.

    pages = share_pages(plan.sheets, frames)
    for page in pages: page.sheets, page.scale, page.places
"""

from __future__ import annotations

from collections.abc import Sequence

from pia_toolkit.exports.diagram.legend_content import LegendContent
from pia_toolkit.exports.diagram.legibility import MAX_SCALE, Frame, FramesFor, Page, Sheet, needed_scale

CAPTION_SIZE = 8.0
"""A shared drawing's caption (「図3／12　…」) prints at this size, unscaled."""
CAPTION_ROOM = CAPTION_SIZE + 5.0
GAP = 12.0
"""Between drawings on a shared page, across and down."""


def share_pages(sheets: Sequence[Sheet], frames: FramesFor) -> list[Page]:
    """The pages that print ``sheets`` in order; neighbouring part sheets share one while they fit legibly."""
    pages: list[Page] = []
    for sheet in sheets:
        last = pages[-1] if pages else None
        joined = None
        if last is not None and sheet.kind == "part" and all(s.kind == "part" for s in last.sheets):
            joined = pack([*last.sheets, sheet], frames)
        if joined is not None:
            pages[-1] = joined
        else:
            pages.append(Page.alone(sheet))
    for page in pages:
        if page.shared:
            for sheet in page.sheets:
                sheet.scale, sheet.frame = page.scale, page.frame
    return pages


def union_legend(contents: Sequence[LegendContent]) -> LegendContent:
    """One legend for several drawings: everything any of them uses, in the legend's own order."""
    first = contents[0]
    shapes = list(first.shapes)
    for content in contents[1:]:
        shapes.extend(s for s in content.shapes if s not in shapes)
    channels = list(dict.fromkeys(c for content in contents for c in content.channels))
    return LegendContent(
        shapes=shapes,
        channels=channels,
        unencrypted=any(c.unencrypted for c in contents),
        severities=sorted({s for c in contents for s in c.severities}, reverse=True),
        questions=any(c.questions for c in contents),
        marked_data=any(c.marked_data for c in contents),
        changes=tuple(dict.fromkeys(change for c in contents for change in c.changes)),
    )


def pack(sheets: list[Sheet], frames: FramesFor) -> Page | None:
    """``sheets`` on one page at the largest common scale that fits, or None when none is legible."""
    legend = union_legend([s.legend for s in sheets])
    sizes = [(s.layout.width, s.layout.height) for s in sheets]
    need = max(needed_scale(s.layout) for s in sheets)
    best: Page | None = None
    for frame in frames(legend):
        scale = _largest_scale(sizes, need, frame)
        if scale is None or (best is not None and scale <= best.scale + 1e-6):
            continue
        places, height = _rows(sizes, scale, frame) or ([], 0.0)
        best = Page(list(sheets), frame, scale, legend, places, height)
    return best


def _largest_scale(sizes: list[tuple[float, float]], low: float, frame: Frame) -> float | None:
    """The largest scale from ``low`` up to :data:`MAX_SCALE` at which the drawings fit ``frame`` (None: not
    even at ``low``); the fit only gets harder as the scale grows, so halving the interval finds it."""
    if low > MAX_SCALE or _rows(sizes, low, frame) is None:
        return None
    high = MAX_SCALE
    if _rows(sizes, high, frame) is not None:
        return high
    for _ in range(24):
        middle = (low + high) / 2
        if _rows(sizes, middle, frame) is None:
            high = middle
        else:
            low = middle
    return low


def _rows(
    sizes: list[tuple[float, float]], scale: float, frame: Frame
) -> tuple[list[tuple[float, float]], float] | None:
    """The drawings at ``scale`` set in rows, in order, left to right and top to bottom, each row centred:
    their lower-left corners and the height they take; None when they do not fit the frame."""
    rows: list[list[int]] = [[]]
    row_width = 0.0
    for index, (width, _) in enumerate(sizes):
        box = width * scale
        if box > frame.width + 1e-6:
            return None
        if rows[-1] and row_width + GAP + box > frame.width + 1e-6:
            rows.append([])
            row_width = 0.0
        row_width += box if not rows[-1] else GAP + box
        rows[-1].append(index)
    heights = [max(sizes[i][1] * scale for i in row) + CAPTION_ROOM for row in rows]
    total = sum(heights) + GAP * (len(rows) - 1)
    if total > frame.height + 1e-6:
        return None
    places: list[tuple[float, float]] = [(0.0, 0.0)] * len(sizes)
    top = total
    for row, height in zip(rows, heights, strict=True):
        used = sum(sizes[i][0] * scale for i in row) + GAP * (len(row) - 1)
        x = (frame.width - used) / 2
        for index in row:
            drawn = sizes[index][1] * scale
            places[index] = (x, top - CAPTION_ROOM - drawn)
            x += sizes[index][0] * scale + GAP
        top -= height + GAP
    return places, total
