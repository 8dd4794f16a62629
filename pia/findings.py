"""Findings: what the rules found, with stable ids, severity, evidence and the way to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pia_toolkit.catalog.rules import Outcome, Result, RuleMeta, Severity
from pia_toolkit.catalog.texts import Message, message
from pia_toolkit.flows.errors import Position
from pia_toolkit.flows.graph import FlowGraph


@dataclass(frozen=True)
class Evidence:
    """One model element behind a finding, and where it is written."""

    element: str
    section: str
    """nodes, flows, data, zones, contracts, files, scheme"""
    position: Position | None


@dataclass(eq=False)
class Finding:
    """One thing a rule found about one element (or path): a violation, or a question when the model is silent.

    The message and the evidence are worked out when someone reads them, not when the rule runs: a 10,000-node
    model has tens of thousands of findings and a report prints a few of them.
    """

    id: str
    rule: RuleMeta
    question: bool
    """True when the model did not say enough to decide (outcome unknown): a question for the reviewer."""
    severity: Severity
    result: Result
    graph: FlowGraph = field(repr=False)
    triage: TriageDecision | None = None
    expired_triage: TriageDecision | None = None
    """A decision that matched but is past its review date, so the finding is open again."""
    severity_note: Message | None = None
    """Why the severity differs from the rule's default (raised for special data, or policy)."""

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def elements(self) -> tuple[str, ...]:
        return self.result.elements or self.result.path

    @property
    def data(self) -> tuple[str, ...]:
        return self.result.data

    @property
    def path(self) -> tuple[str, ...]:
        return self.result.path

    @property
    def path_flows(self) -> tuple[str, ...]:
        return self.result.path_flows

    @property
    def form_items(self) -> tuple[str, ...]:
        return self.rule.form_items

    @property
    def open(self) -> bool:
        """Still needs action: not triaged as accepted, mitigated or a false positive."""
        return self.triage is None or self.triage.status == "in_discussion"

    @cached_property
    def evidence(self) -> tuple[Evidence, ...]:
        """The elements behind the finding, with where each is written in the YAML."""
        return evidence_for(self.graph, tuple(dict.fromkeys((*self.elements, *self.path_flows))))

    def text(self, lang: str = "ja") -> str:
        """The finding's message in ``lang``, worded from the rule's template and the result's facts."""
        return self.rule.word(self.result, self.graph, lang)

    def remedy(self, lang: str = "ja") -> str:
        return self.rule.text("fix", lang)

    def note(self, lang: str = "ja") -> str | None:
        return self.severity_note.text(lang) if self.severity_note is not None else None


def finding_brief(finding: Finding, lang: str, *, with_open: bool = False) -> dict[str, object]:
    """A finding in a few fields, for a JSON listing beside other things (``assess status``, ``pia diff``);
    ``with_open`` where the listing mixes open and triaged findings."""
    brief: dict[str, object] = {
        "id": finding.id,
        "rule": finding.rule_id,
        "severity": finding.severity.name,
        "question": finding.question,
    }
    if with_open:
        brief["open"] = finding.open
    brief["message"] = finding.text(lang)
    return brief


def fails(finding: Finding, threshold: Severity | None) -> bool:
    """An open violation at or above ``threshold``: what makes ``pia check`` exit 1."""
    return threshold is not None and not finding.question and finding.open and finding.severity >= threshold


@dataclass(frozen=True)
class TriageDecision:
    """A reviewer's decision about one finding id or a wildcard pattern of them."""

    pattern: str
    status: str
    """accepted, mitigated, false_positive, in_discussion"""
    justification: str
    by: str
    date: str
    review_due: str | None = None
    position: Position | None = None


def finding_id(rule_id: str, result: Result) -> str:
    """``RULE@a+b`` for elements, ``RULE@a>b>c`` for a path, ``#detail`` when one element has several."""
    body = ">".join(result.path) if result.path else "+".join(result.elements) or "model"
    return f"{rule_id}@{body}" + (f"#{result.detail}" if result.detail else "")


def evidence_for(graph: FlowGraph, element_ids: tuple[str, ...]) -> tuple[Evidence, ...]:
    """Each element with the section that declares it and where it is written in the YAML."""
    found = []
    sections = graph.sections
    for element in element_ids:
        section = sections.get(element)
        if section is None and element in (graph.document.scheme.id, "scheme"):
            section = "scheme"
        position = None
        if graph.loaded is not None:
            if section == "scheme":
                position = graph.loaded.position("scheme")
            elif section is not None:
                position = graph.loaded.element_position(section, element)
        found.append(Evidence(element, section or "scheme", position))
    return tuple(found)


@dataclass
class RuleTally:
    """How many elements each outcome had, for one rule: the proof that a rule looked at all."""

    not_applicable: int = 0
    satisfied: int = 0
    violated: int = 0
    unknown: int = 0

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)


@dataclass
class FindingGroup:
    """Findings on the same elements that share a cause: one problem to read, each rule still its own finding (and
    its own id, for triage). E-mailing a My-Number spreadsheet breaks NET-03, NET-04 and NET-05 on one flow."""

    cause: str
    elements: tuple[str, ...]
    findings: list[Finding]

    @property
    def id(self) -> str:
        return self.findings[0].id if len(self.findings) == 1 else f"{self.cause}@{'+'.join(self.elements)}"

    @property
    def severity(self) -> Severity:
        return max(f.severity for f in self.findings)

    @property
    def question(self) -> bool:
        """Only questions: the model says too little to decide anything in this group."""
        return all(f.question for f in self.findings)

    @property
    def open(self) -> bool:
        return any(f.open for f in self.findings)

    @property
    def hygiene(self) -> bool:
        return all(f.rule.hygiene for f in self.findings)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.rule_id for f in self.findings))


def group_findings(findings: list[Finding]) -> list[FindingGroup]:
    """The findings as problems: one group per cause and element set, in the order of their first finding."""
    groups: dict[tuple[str, tuple[str, ...]], FindingGroup] = {}
    for finding in findings:
        key = (finding.rule.cause, finding.elements)
        group = groups.get(key)
        if group is None:
            groups[key] = FindingGroup(finding.rule.cause, finding.elements, [finding])
        else:
            group.findings.append(finding)
    return list(groups.values())


def order(finding: Finding) -> tuple[bool, int, bool, str, str]:
    """Privacy findings before remarks on the model; then the most severe first; violations before questions."""
    return (finding.rule.hygiene, -finding.severity, finding.question, finding.rule_id, finding.id)


@dataclass
class CheckReport:
    findings: list[Finding]
    tallies: dict[str, RuleTally] = field(default_factory=dict)
    stale_decisions: list[TriageDecision] = field(default_factory=list)
    expired_decisions: list[TriageDecision] = field(default_factory=list)
    """Decisions past their review date; their findings count as open."""
    wildcard_closed: list[tuple[TriageDecision, int]] = field(default_factory=list)
    """Each wildcard decision that closed findings, with how many: said in every report."""
    disabled_rules: dict[str, str] = field(default_factory=dict)
    """rule id → reason given in the policy file"""
    _groups: list[FindingGroup] | None = field(default=None, init=False, repr=False, compare=False)
    _grouped: list[Finding] | None = field(default=None, init=False, repr=False, compare=False)
    _grouped_count: int = field(default=0, init=False, repr=False, compare=False)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if not f.question]

    @property
    def questions(self) -> list[Finding]:
        return [f for f in self.findings if f.question]

    def groups(self) -> list[FindingGroup]:
        """The findings as problems (:func:`group_findings`), made once: the summary, the report and every export
        read them, and a large model has tens of thousands. A report's findings are fixed once it is made
        (triage changes whether a finding is open, never which group it is in)."""
        if self._groups is None or self._grouped is not self.findings or self._grouped_count != len(self.findings):
            self._groups = group_findings(self.findings)
            self._grouped, self._grouped_count = self.findings, len(self.findings)
        return self._groups

    def triage_notes(self) -> list[Message]:
        """What triage did that a reader must hear of even when the findings are hidden: how many findings each
        wildcard closed, and which decisions have expired."""
        notes = [
            message("report.wildcard_closed", count=count, pattern=decision.pattern, where=str(decision.position))
            for decision, count in self.wildcard_closed
        ]
        notes += [
            message("report.triage_expired", pattern=d.pattern, due=d.review_due, where=str(d.position))
            for d in self.expired_decisions
        ]
        return notes

    def by_id(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)
