"""What the diagram marks: unencrypted general-line hops, finding severities per element, the highlight.

The finding marks come from the engine's results (a list of findings); nothing here runs a rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.exports.diagram.style import ENCRYPTING_PROTECTIONS, QUESTION_SYMBOL, VIOLATION_SYMBOL
from pia_toolkit.exports.diagram.texts import t
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow, known_protections
from pia_toolkit.pia.findings import Finding

HopWarning = Literal["none", "unknown", "payload_only"]


def hop_warning(graph: FlowGraph, flow: Flow) -> HopWarning | None:
    """Why a general-line hop must stand out: no protection stated, or none that encrypts the line.

    ``payload_only`` is a general line whose file is encrypted but whose connection is not (an encrypted
    attachment by plain e-mail): still marked, with a milder text.
    """
    if not graph.channel_is_general_line(flow.channel):
        return None
    known = known_protections(flow)
    encrypted = known.any_of(ENCRYPTING_PROTECTIONS)
    if encrypted:
        return None
    if encrypted is None:
        return "unknown"
    return "payload_only" if known.has("payload_encryption") else "none"


@dataclass
class Mark:
    """The strongest finding on one element: its severity, whether any is a violation, how many there are."""

    severity: Severity
    violation: bool
    count: int = 1
    violations: int = -1
    """How many of ``count`` are violations (-1: all of them when the mark is a violation, none otherwise)."""

    def __post_init__(self) -> None:
        if self.violations < 0:
            self.violations = self.count if self.violation else 0

    def add(self, finding: Finding) -> None:
        self.count += 1
        self.violations += not finding.question
        key = (finding.severity, not finding.question)
        if key > (self.severity, self.violation):
            self.severity, self.violation = finding.severity, not finding.question


@dataclass
class Marks:
    """Finding marks per element kind, and the emphasised set when one finding is highlighted."""

    nodes: dict[str, Mark] = field(default_factory=dict)
    flows: dict[str, Mark] = field(default_factory=dict)
    zones: dict[str, Mark] = field(default_factory=dict)
    highlight: Finding | None = None
    strong_nodes: set[str] = field(default_factory=set)
    strong_flows: set[str] = field(default_factory=set)
    strong_zones: set[str] = field(default_factory=set)
    drawn: dict[tuple[str, ...], tuple[str, dict[str, str]]] = field(default_factory=dict, repr=False, compare=False)
    """Labels already written for these marks (the sheets of one model draw many nodes and flows twice)."""

    @property
    def fading(self) -> bool:
        return self.highlight is not None

    def node_state(self, node_id: str) -> str:
        return _state(self.fading, node_id in self.strong_nodes)

    def flow_state(self, flow_id: str) -> str:
        return _state(self.fading, flow_id in self.strong_flows)


def _state(fading: bool, strong: bool) -> str:
    if not fading:
        return "normal"
    return "strong" if strong else "faded"


def build_marks(graph: FlowGraph, findings: Sequence[Finding] | None, highlight: Finding | None = None) -> Marks:
    marks = Marks(highlight=highlight)
    contractors = {c.id: c.contractor for c in graph.document.contracts}
    for finding in findings or ():
        if not finding.open:
            continue
        nodes, flows, zones = _drawn_elements(graph, (*finding.elements, *finding.path_flows), contractors)
        for table, ids in ((marks.nodes, nodes), (marks.flows, flows), (marks.zones, zones)):
            for element in ids:
                if element in table:
                    table[element].add(finding)
                else:
                    table[element] = Mark(finding.severity, not finding.question)
    if highlight is not None:
        nodes, flows, zones = _drawn_elements(
            graph, (*highlight.elements, *highlight.path, *highlight.path_flows), contractors
        )
        if not (nodes or flows or zones):
            nodes, flows = _carriers(graph, [e for e in highlight.elements if e in graph.data])
        flows_nodes = {n for f in flows for n in (graph.flows[f].source, graph.flows[f].target)}
        marks.strong_nodes = set(nodes) | flows_nodes
        marks.strong_flows = set(flows)
        marks.strong_zones = set(zones)
    return marks


def _drawn_elements(
    graph: FlowGraph, elements: Iterable[str], contractors: dict[str, str]
) -> tuple[list[str], list[str], list[str]]:
    """Split element ids into the nodes, flows and zones the diagram draws (a contract marks its contractor,
    from ``contractors``: contract id → contractor node id, built once per diagram)."""
    nodes: dict[str, None] = {}
    flows: dict[str, None] = {}
    zones: dict[str, None] = {}
    for element in elements:
        if element in graph.flows:
            flows[element] = None
        elif element in graph.nodes:
            nodes[element] = None
        elif element in graph.zones:
            zones[element] = None
        elif element in contractors and contractors[element] in graph.nodes:
            nodes[contractors[element]] = None
    return list(nodes), list(flows), list(zones)


def _carriers(graph: FlowGraph, items: list[str]) -> tuple[list[str], list[str]]:
    """For a finding about data items alone: the flows that carry them and the nodes that hold them."""
    wanted = set(items)
    flows = [f.id for f in graph.flows.values() if wanted & set(f.data)]
    nodes = [n for n in graph.nodes if wanted & graph.held_by(n)]
    return nodes, flows


def badge(mark: Mark, lang: str) -> str:
    """``⚠高`` for a violation, ``?中`` for a question; ``×3`` when there are several of that kind, and the
    questions beside violations as ``?×5`` (a ⚠ counts violations only: "⚠高 ×10" over 4 violations and
    6 questions overstated what the register holds)."""
    symbol = VIOLATION_SYMBOL if mark.violation else QUESTION_SYMBOL
    text = t("badge", lang, symbol=symbol, severity=mark.severity.label(lang))
    shown = mark.violations if mark.violation else mark.count
    text = f"{text} ×{shown}" if shown > 1 else text
    questions = mark.count - mark.violations
    return f"{text} {QUESTION_SYMBOL}×{questions}" if mark.violation and questions else text
