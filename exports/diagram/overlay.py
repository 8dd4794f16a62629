"""A hook into the zones view for drawings that mark elements by something other than findings.

The zones view (:mod:`dot`) builds every zone, node and flow as it always does and then hands each one's label
and attributes to the overlay, which may return them changed; the overlay also picks the text of each step
number, adds lines to the title and rows to the legend, and adds statements of its own at the top level. The
change diagram (:mod:`change`) is one: added, removed and changed elements, and moved step numbers.

Labels are passed as they are written into the DOT: finished HTML-like labels (``<...>``) whose text is
already escaped; whatever an overlay adds must be escaped with :mod:`escape` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pia_toolkit.exports.diagram.dotwriter import DotWriter

Attrs = dict[str, str]


class Overlay(Protocol):
    def title(self, markup: str) -> str:
        """The frame's title markup (lines ending in ``<BR ALIGN="LEFT"/>``), with any lines added."""
        ...

    def zone(self, zone_id: str, label: str, attrs: Attrs) -> tuple[str, Attrs]:
        """A zone cluster's label and attributes."""
        ...

    def node(self, node_id: str, label: str, attrs: Attrs) -> tuple[str, Attrs]: ...

    def step(self, flow_id: str, number: int) -> str:
        """The step number drawn on a flow's arrow (``③``; ``⑤→⑥`` for a number that moved)."""
        ...

    def flow_label(self, flow_id: str, label: str, attrs: Attrs) -> tuple[str, Attrs]:
        """The label node on a flow's arrow."""
        ...

    def flow_line(self, flow_id: str, attrs: Attrs) -> Attrs:
        """The attributes of both halves of a flow's line."""
        ...

    def legend_rows(self) -> Sequence[tuple[str, list[str]]]:
        """(heading, ``<TD>`` cells) rows added to the legend."""
        ...

    def decorate(self, dot: DotWriter) -> None:
        """Top-level statements of the overlay's own (a table under the drawing), written before the legend."""
        ...
