"""How legible a sheet is on paper: the minimum printed sizes, the room a page gives (a frame), a sheet (one
laid-out drawing at the scale its page applies), a page (one or more sheets printed together) and the plan.

A sheet's printed size is its layout's smallest text times its scale; it is legible when that is at least
:data:`MIN_NODE_PT` for node and zone texts and :data:`MIN_EDGE_PT` for arrow texts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pia_toolkit.exports.diagram.layout import Layout, Role
from pia_toolkit.exports.diagram.legend_content import LegendContent

MIN_NODE_PT = 7.0
"""Node titles, node details and zone titles print at least this size."""
MIN_EDGE_PT = 6.0
"""Arrow texts (step, channel, data items, warnings) print at least this size."""
MAX_SCALE = 1.6
"""A small diagram is enlarged at most this much to fill its page (larger reads as a poster, not a document)."""
Orientation = Literal["landscape", "portrait"]
LegendPlace = Literal["below", "right", "inside", "none"]
SheetKind = Literal["whole", "overview", "part"]


@dataclass(frozen=True)
class Frame:
    """Room for the drawing on one kind of page, with the legend placed as ``legend`` says."""

    width: float
    height: float
    orientation: Orientation
    legend: LegendPlace = "none"


FramesFor = Callable[[LegendContent], Sequence[Frame]]


@dataclass
class Sheet:
    number: int
    kind: SheetKind
    title: str
    source: str
    layout: Layout
    frame: Frame
    scale: float
    legend: LegendContent
    nodes: tuple[str, ...] = ()
    flows: tuple[str, ...] = ()

    def printed(self, *roles: Role) -> float | None:
        """The smallest printed size, in points, of the texts of these roles on this sheet."""
        smallest = self.layout.smallest(*roles)
        return None if smallest is None else smallest * self.scale

    @property
    def node_pt(self) -> float | None:
        return self.printed("node", "stub", "zone")

    @property
    def edge_pt(self) -> float | None:
        return self.printed("edge_label", "edge")

    @property
    def legible(self) -> bool:
        return legible(self.layout, self.scale)


@dataclass
class Page:
    """What one paper page prints: a sheet alone, or several small part sheets at one common scale, in rows."""

    sheets: list[Sheet]
    frame: Frame
    scale: float
    legend: LegendContent
    places: list[tuple[float, float]]
    """Where each drawing's lower-left corner goes, in points from the lower-left of the drawing room."""
    height: float
    """The height the drawings (with their captions, on a shared page) take."""

    @property
    def shared(self) -> bool:
        return len(self.sheets) > 1

    @classmethod
    def alone(cls, sheet: Sheet) -> Page:
        width, height = sheet.layout.width * sheet.scale, sheet.layout.height * sheet.scale
        x = max(0.0, (sheet.frame.width - width) / 2)
        return cls([sheet], sheet.frame, sheet.scale, sheet.legend, [(x, 0.0)], height)


@dataclass
class SheetPlan:
    sheets: list[Sheet]
    warnings: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    """The pages that print the sheets, in order (default: one page per sheet)."""

    def __post_init__(self) -> None:
        if not self.pages:
            self.pages = [Page.alone(sheet) for sheet in self.sheets]

    @property
    def split(self) -> bool:
        return len(self.sheets) > 1

    def smallest(self, kind: Literal["node", "edge"]) -> float | None:
        values = [s.node_pt if kind == "node" else s.edge_pt for s in self.sheets]
        present = [v for v in values if v is not None]
        return min(present) if present else None


def needed_scale(layout: Layout) -> float:
    """The smallest scale at which every text of ``layout`` prints at its minimum size."""
    needs = [0.0]
    checks: tuple[tuple[tuple[Role, ...], float], ...] = (
        (("node", "stub", "zone"), MIN_NODE_PT),
        (("edge_label", "edge", "legend"), MIN_EDGE_PT),
    )
    for roles, minimum in checks:
        smallest = layout.smallest(*roles)
        if smallest:
            needs.append(minimum / smallest)
    return max(needs)


def legible(layout: Layout, scale: float) -> bool:
    return scale + 1e-9 >= needed_scale(layout)


def best_fit(layout: Layout, frames: Sequence[Frame]) -> tuple[Frame, float]:
    """The frame where ``layout`` is drawn largest, and that scale (never above :data:`MAX_SCALE`)."""
    best: tuple[Frame, float] | None = None
    for frame in frames:
        if layout.width <= 0 or layout.height <= 0:
            scale = 1.0
        else:
            scale = min(frame.width / layout.width, frame.height / layout.height, MAX_SCALE)
        if best is None or scale > best[1] + 1e-6:
            best = (frame, scale)
    assert best is not None, "no frame to fit the diagram in"
    return best
