"""Fitting the diagram to paper: one sheet when the whole model reads at print size, else an overview and one
sheet per zone (or part of a zone), each laid out by Graphviz and scaled to its page.

Legibility is computed, not hoped for: every sheet is laid out (``dot -Tjson``), the smallest text of each kind
is read from the layout, and the scale the page applies gives its printed size. A sheet is kept only when its
node and zone texts print at :data:`MIN_NODE_PT` or more and its arrow texts at :data:`MIN_EDGE_PT` or more;
otherwise it is split again. Step numbers are the model's, on every sheet.

    plan = plan_sheets(graph, lang="ja", findings=findings, frames=lambda legend: [Frame(740, 420, "landscape")])
    for sheet in plan.sheets: sheet.layout, sheet.scale, sheet.printed("node")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pia_toolkit.exports.diagram.dot import Scope, zones_dot
from pia_toolkit.exports.diagram.layout import Layout, layouts_of
from pia_toolkit.exports.diagram.legend_content import LegendContent, legend_content
from pia_toolkit.exports.diagram.legibility import (
    MIN_EDGE_PT,
    MIN_NODE_PT,
    Frame,
    FramesFor,
    Sheet,
    SheetKind,
    SheetPlan,
    best_fit,
    legible,
    needed_scale,
)
from pia_toolkit.exports.diagram.marks import Marks, build_marks
from pia_toolkit.exports.diagram.overlay import Overlay
from pia_toolkit.exports.diagram.overview import Group, overview_dot
from pia_toolkit.exports.diagram.pages import share_pages
from pia_toolkit.exports.diagram.parts import Part, PartModel, parts_of, retitle, split_part
from pia_toolkit.exports.diagram.render import DOT_WORKERS, in_shares
from pia_toolkit.exports.diagram.texts import t, vocab_label
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.findings import Finding

OVERVIEW_MAX = 24
"""More boxes than this on the overview are merged by zone kind."""
ELEMENT_AREA = 11000.0
"""Frame area (pt²) one drawn element (a node, a stub or an arrow's label) needs at print size, on average:
used only to skip laying out parts that cannot fit; the layout itself decides. Measured on generated wards:
with 7,000 most first parts were too large to read, and their second round of layouts cost a third of the
planning."""


# ---- planning -----------------------------------------------------------------------------------------------
@dataclass
class _Candidate:
    part: Part
    source: str
    layout: Layout
    frame: Frame
    scale: float
    rankdir: str
    legend: LegendContent


def plan_sheets(
    graph: FlowGraph,
    *,
    lang: str = "ja",
    findings: Sequence[Finding] | None = None,
    frames: FramesFor,
    dot_legend: Callable[[LegendContent], str] | None = None,
    marks: Marks | None = None,
    workers: int | None = None,
    overlay: Overlay | None = None,
) -> SheetPlan:
    """The sheets that draw ``graph`` legibly in the given frames (see the module's docstring).

    ``frames`` gives, for a sheet's legend, the room its drawing may take (the caller knows its pages and how it
    sets the legend); ``dot_legend`` is set when the legend is drawn into the DOT itself (SVG and PNG sheets);
    ``overlay`` restyles every sheet's elements (the change diagram).
    """
    marks = marks or build_marks(graph, findings)
    model = PartModel(graph, lang)
    room = max(f.width * f.height for f in frames(legend_content(graph, marks)))
    capacity = max(6, int(room / ELEMENT_AREA))
    workers = workers or DOT_WORKERS
    warnings: list[str] = []
    everything = Part(title_of_model(graph, lang), list(graph.nodes))
    size = model.size(everything.nodes)
    if size <= capacity * 2.5:
        whole = _fit(workers, model, lang, marks, [everything], frames, dot_legend, overlay, scope_all=True)[0]
        if legible(whole.layout, whole.scale):
            return SheetPlan([_sheet(1, "whole", whole)])
        capacity = _capacity(whole, size, capacity)
    queue = parts_of(model, capacity)
    for index, part in enumerate(queue):
        part.order = (index,)
    done: list[_Candidate] = []
    while queue:
        fitted = _fit(workers, model, lang, marks, queue, frames, dot_legend, overlay)
        queue = []
        for candidate in fitted:
            if legible(candidate.layout, candidate.scale):
                done.append(candidate)
                continue
            part = candidate.part
            pieces = split_part(model, part, _capacity(candidate, model.size(part.nodes, part.flows), capacity))
            if pieces is None:
                warnings.append(
                    f"sheet '{part.title}' prints below {MIN_NODE_PT:g}/{MIN_EDGE_PT:g} pt and cannot be split further"
                )
                done.append(candidate)
                continue
            for index, piece in enumerate(pieces):
                piece.order = (*part.order, index)
            queue.extend(pieces)
    done.sort(key=lambda c: c.part.order)
    retitle([c.part for c in done], lang)
    overview = _overview(workers, graph, lang, marks, model, done, frames, dot_legend)
    sheets = [_sheet(1, "overview", overview)]
    sheets.extend(_sheet(i + 2, "part", c) for i, c in enumerate(done))
    return SheetPlan(sheets, warnings, share_pages(sheets, frames))


def _capacity(candidate: _Candidate, size: int, fallback: int) -> int:
    """How many drawn elements fit one sheet, judged from a layout that did not fit: its area at the scale its
    texts need, against the largest frame, with a margin for the layout's own waste."""
    need = needed_scale(candidate.layout)
    printed = candidate.layout.width * candidate.layout.height * need * need
    if printed <= 0 or size <= 0:
        return fallback
    room = candidate.frame.width * candidate.frame.height
    return max(3, min(size - 1, int(size * room / printed * 0.8)))


def title_of_model(graph: FlowGraph, lang: str) -> str:
    from pia_toolkit.flows.schema import title_in

    return title_in(graph.document.scheme, lang)


def _fit(
    workers: int,
    model: PartModel,
    lang: str,
    marks: Marks,
    parts: Sequence[Part],
    frames: FramesFor,
    dot_legend: Callable[[LegendContent], str] | None,
    overlay: Overlay | None = None,
    scope_all: bool = False,
    rankdirs: tuple[str, ...] = ("LR", "TB"),
) -> list[_Candidate]:
    """Lay every part out (left-to-right, and top-to-bottom where that one does not read), batched over a few
    ``dot`` processes in parallel, and keep the better fit of each."""
    graph = model.graph
    best: dict[int, _Candidate] = {}
    pending = list(parts)
    for rankdir in rankdirs:
        jobs = []
        for part in pending:
            nodes = None if scope_all else frozenset(part.nodes)
            if part.flows is not None:
                drawn = [graph.flows[f] for f in part.flows]
            elif scope_all:
                drawn = list(graph.flows.values())
            else:
                drawn = list({f.id: f for n in part.nodes for f in model.touching[n]}.values())
            content = legend_content(graph, marks, None if scope_all else drawn, None if scope_all else part.nodes)
            scope = Scope(nodes=nodes, flows=tuple(f.id for f in drawn), rankdir=rankdir, legend=dot_legend is not None)
            jobs.append((part, content, zones_dot(graph, lang=lang, scope=scope, marks=marks, overlay=overlay)))
        for (part, content, source), layout in zip(jobs, _layouts(workers, [j[2] for j in jobs]), strict=True):
            frame, scale = best_fit(layout, frames(content))
            candidate = _Candidate(part, source, layout, frame, scale, rankdir, content)
            current = best.get(id(part))
            if current is None or _better(candidate, current):
                best[id(part)] = candidate
        # Only a near miss is worth the other direction; a part far too large is split instead.
        pending = [
            part
            for part in pending
            if not legible(best[id(part)].layout, best[id(part)].scale)
            and best[id(part)].scale >= needed_scale(best[id(part)].layout) * 0.7
        ]
        if not pending:
            break
    return [best[id(part)] for part in parts]


def _layouts(workers: int, sources: Sequence[str]) -> list[Layout]:
    return in_shares(layouts_of, sources, workers)


def _better(a: _Candidate, b: _Candidate) -> bool:
    """More room to spare over the scale the texts need; left-to-right on a tie (it reads in step order)."""
    return a.scale / needed_scale(a.layout) > b.scale / needed_scale(b.layout) * 1.03


def _overview(
    workers: int,
    graph: FlowGraph,
    lang: str,
    marks: Marks,
    model: PartModel,
    done: list[_Candidate],
    frames: FramesFor,
    dot_legend: Callable[[LegendContent], str] | None,
) -> _Candidate:
    groups = overview_groups(graph, model, lang, coarse=False)
    candidate = _overview_fit(workers, graph, lang, marks, groups, done, frames, dot_legend)
    if not legible(candidate.layout, candidate.scale):
        groups = overview_groups(graph, model, lang, coarse=True)
        candidate = _overview_fit(workers, graph, lang, marks, groups, done, frames, dot_legend)
    return candidate


def _overview_fit(
    workers: int,
    graph: FlowGraph,
    lang: str,
    marks: Marks,
    groups: list[Group],
    done: list[_Candidate],
    frames: FramesFor,
    dot_legend: Callable[[LegendContent], str] | None,
) -> _Candidate:
    where = {node: group for group in groups for node in group.nodes}
    for number, candidate in enumerate(done, start=2):
        for node in candidate.part.nodes:
            group = where.get(node)
            if group is not None and number not in group.figures:
                group.figures.append(number)
    content = legend_content(graph, marks)
    part = Part(t("overview", lang), [n for g in groups for n in g.nodes])
    legend = dot_legend(content) if dot_legend is not None else ""
    sources = [(rd, overview_dot(graph, groups, lang, marks, rankdir=rd, legend=legend)) for rd in ("LR", "TB")]
    best: _Candidate | None = None
    for (rankdir, source), layout in zip(sources, _layouts(workers, [s for _, s in sources]), strict=True):
        frame, scale = best_fit(layout, frames(content))
        candidate = _Candidate(part, source, layout, frame, scale, rankdir, content)
        if best is None or _better(candidate, best):
            best = candidate
    assert best is not None
    return best


def overview_groups(graph: FlowGraph, model: PartModel, lang: str, *, coarse: bool) -> list[Group]:
    """The overview's boxes: top-level zones and parties; merged by kind when there are too many."""
    groups: list[Group] = []
    for zone in model.children.get(None, []):
        nodes = model.subtree(zone)
        if nodes:
            groups.append(Group(zone, graph.zone_label(zone, lang), graph.zones[zone].kind, nodes))
    parties = model.direct.get(None, [])
    if parties and len(parties) <= 6 and not coarse:
        groups.extend(Group(n, graph.node_label(n, lang), "party", [n]) for n in parties)
    elif parties:
        by_kind: dict[str, list[str]] = {}
        for node in parties:
            by_kind.setdefault(graph.nodes[node].kind, []).append(node)
        groups.extend(
            Group(f"party:{kind}", vocab_label("node_kinds", kind, lang), "party", nodes)
            for kind, nodes in by_kind.items()
        )
    if len(groups) <= OVERVIEW_MAX and not coarse:
        return groups
    merged: dict[str, Group] = {}
    counts: dict[str, int] = {}
    for group in groups:
        counts[group.kind] = counts.get(group.kind, 0) + 1
    out: list[Group] = []
    for group in groups:
        if counts[group.kind] == 1 or (group.kind == "party" and not coarse):
            out.append(group)
            continue
        key = f"kind:{group.kind}"
        if key not in merged:
            title = (
                t("parties", lang)
                if group.kind == "party"
                else t("kind_group", lang, kind=vocab_label("zone_kinds", group.kind, lang), n=counts[group.kind])
            )
            merged[key] = Group(key, title, group.kind, [])
            out.append(merged[key])
        merged[key].nodes.extend(group.nodes)
    return out


def _sheet(number: int, kind: SheetKind, candidate: _Candidate) -> Sheet:
    part = candidate.part
    flows = tuple(part.flows) if part.flows is not None else ()
    return Sheet(
        number=number,
        kind=kind,
        title=part.title,
        source=candidate.source,
        layout=candidate.layout,
        frame=candidate.frame,
        scale=candidate.scale,
        legend=candidate.legend,
        nodes=tuple(part.nodes),
        flows=flows,
    )
