"""A model too large for one legible drawing, rendered as pictures: an overview and one drawing per zone (or part
of a zone), each laid out by Graphviz on its own, so no single ``dot`` run has to place the whole ward.

``x.svg`` becomes the overview and ``x-zone-N.svg`` the drawing the overview calls 図N, each with its own legend
drawn in. The model is cut along its zones into parts of at most :data:`PART_ELEMENTS` drawn elements (nodes,
stubs for the far ends of flows, arrow labels) and each part is laid out once, straight into the picture; unlike
the paper sheets, nothing is measured first, since a picture has no printed size to meet. A ``.pdf`` is the
paper sheets as one landscape A3 document (as ``pia render --paper a3``).

    if too_large(graph): written = write_split(graph, Path("x.svg"), lang="ja", findings=None)
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pia_toolkit.exports.diagram.dot import Scope, zones_dot
from pia_toolkit.exports.diagram.legend import legend_of
from pia_toolkit.exports.diagram.legend_content import legend_content
from pia_toolkit.exports.diagram.marks import build_marks
from pia_toolkit.exports.diagram.overview import overview_dot
from pia_toolkit.exports.diagram.paper import write_paper_pdf
from pia_toolkit.exports.diagram.parts import PartModel, parts_of, retitle
from pia_toolkit.exports.diagram.render import GraphvizMissing, draw_many, in_shares, output_format
from pia_toolkit.exports.diagram.sheets import overview_groups
from pia_toolkit.exports.diagram.texts import t
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.assessment.disk import write_file
from pia_toolkit.pia.findings import Finding

WHOLE_MAX = 600
"""Up to this many nodes and flows together a model is drawn as one picture; Graphviz takes seconds for it.
Beyond, its layout time grows much faster than the model (a 1,000-node ward does not finish in minutes), and
no screen or paper shows it legibly anyway."""
SPLIT_PAPER = "a3"
PART_PNG_DPI = 96
"""The split pictures as PNG: screen resolution (9 pt text is 12 px high). Rasterising is most of their cost,
and at the single picture's 150 dpi a 1,000-node ward's 180 drawings take Graphviz minutes; SVG or
``--paper`` serve print."""
PART_ELEMENTS = 90
"""A part drawing holds about this many nodes, stubs and arrow labels: a few zones' worth, laid out in well
under a second."""


@dataclass(frozen=True)
class Picture:
    number: int
    """The overview is 1; the parts are numbered as the overview's 「→ 図N」 refer to them."""
    title: str
    source: str


@dataclass(frozen=True)
class SplitWritten:
    files: list[Path]
    """The overview first, then the drawings in the overview's order."""
    pictures: list[Picture]
    sheets: int
    pages: int
    removed: list[Path] = field(default_factory=list)
    """Part drawings of the same name left by an earlier run that made more of them (now gone)."""


def too_large(graph: FlowGraph) -> bool:
    return len(graph.nodes) + len(graph.flows) > WHOLE_MAX


def part_path(output: Path, number: int) -> Path:
    """Where the drawing the overview calls 図``number`` goes: ``x-zone-N.svg`` beside ``x.svg``."""
    return output.with_name(f"{output.stem}-zone-{number}{output.suffix}")


def stale_parts(output: Path, kept: Sequence[Path]) -> list[Path]:
    """Files beside ``output`` named as its part drawings (``x-zone-N.svg``, N a number) that are not in
    ``kept``: an earlier run's drawings, which would otherwise look like part of this one."""
    named = re.compile(rf"{re.escape(output.stem)}-zone-[0-9]+{re.escape(output.suffix)}")
    keep = {path.name for path in kept}
    try:
        found = sorted(output.parent.iterdir())
    except OSError:
        return []
    return [path for path in found if named.fullmatch(path.name) and path.name not in keep and path.is_file()]


def pictures_of(graph: FlowGraph, lang: str = "ja", findings: Sequence[Finding] | None = None) -> list[Picture]:
    """The overview and the part drawings of ``graph``, as DOT with their legends drawn in."""
    marks = build_marks(graph, findings)
    model = PartModel(graph, lang)
    parts = parts_of(model, PART_ELEMENTS)
    retitle(parts, lang)
    pictures: list[Picture] = []
    for number, part in enumerate(parts, start=2):
        drawn = part.flows or list(dict.fromkeys(f.id for n in part.nodes for f in model.touching[n]))
        scope = Scope(nodes=frozenset(part.nodes), flows=tuple(drawn), legend=True)
        pictures.append(Picture(number, part.title, zones_dot(graph, lang=lang, scope=scope, marks=marks)))
    groups = overview_groups(graph, model, lang, coarse=False)
    where = {node: group for group in groups for node in group.nodes}
    for number, part in enumerate(parts, start=2):
        for node in part.nodes:
            group = where.get(node)
            if group is not None and number not in group.figures:
                group.figures.append(number)
    legend = legend_of(legend_content(graph, marks), lang)
    overview = Picture(1, t("overview", lang), overview_dot(graph, groups, lang, marks, legend=legend))
    return [overview, *pictures]


def write_split(
    graph: FlowGraph, output: Path, *, lang: str = "ja", findings: Sequence[Finding] | None = None
) -> SplitWritten:
    """Write the overview to ``output`` and each part beside it (a ``.pdf``: all in one document)."""
    fmt = output_format(output)
    if fmt == "pdf":
        plan = write_paper_pdf(graph, output, paper=SPLIT_PAPER, lang=lang, findings=findings)
        return SplitWritten([output], [], len(plan.sheets), len(plan.pages))
    dot = shutil.which("dot")
    if dot is None or fmt not in ("svg", "png"):
        raise GraphvizMissing(None)
    pictures = pictures_of(graph, lang, findings)
    targets = [output if p.number == 1 else part_path(output, p.number) for p in pictures]
    drawn = in_shares(lambda sources: draw_many(dot, fmt, sources, PART_PNG_DPI), [p.source for p in pictures])
    for target, picture in zip(targets, drawn, strict=True):
        write_file(target, picture)  # the one writer: never over a device or a pipe, through a symlink
    removed = []
    for stale in stale_parts(output, targets):
        try:
            stale.unlink()
        except OSError:  # a file we may not remove stays; the message lists only what was removed
            continue
        removed.append(stale)
    return SplitWritten(targets, pictures, len(pictures), len(pictures), removed)
