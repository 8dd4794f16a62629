"""Running the rule pack over a graph and turning results into findings."""

from __future__ import annotations

from operator import attrgetter

from pia_toolkit.catalog.rules import Outcome, Result, RuleMeta, Severity, rule_catalog, rule_functions
from pia_toolkit.catalog.texts import Bilingual, Message, message
from pia_toolkit.catalog.vocabularies import SPECIAL_CLASSES
from pia_toolkit.flows.collector import collector_paused
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.findings import CheckReport, Finding, RuleTally, finding_id, order
from pia_toolkit.pia.policy import Policy
from pia_toolkit.pia.triage import Triage


def check(graph: FlowGraph, policy: Policy | None = None, triage: Triage | None = None) -> CheckReport:
    """Run every enabled rule; findings come out ordered by severity, then rule, then id."""
    # The rules allocate many small, short-lived objects and no cycles; the cyclic collector would otherwise
    # walk the whole (large, long-lived) model repeatedly: a third of the run on a 50,000-flow model.
    with collector_paused():
        return _check(graph, policy, triage)


_VIOLATED, _UNKNOWN = Outcome.violated, Outcome.unknown
_OUTCOME = attrgetter("outcome")


def _check(graph: FlowGraph, policy: Policy | None, triage: Triage | None) -> CheckReport:
    policy = policy or Policy()
    catalog = rule_catalog()
    functions = rule_functions()
    findings: list[Finding] = []
    tallies: dict[str, RuleTally] = {}
    disabled: dict[str, str] = {}
    for rule_id, meta in catalog.items():
        if not policy.enabled(rule_id):
            disabled[rule_id] = policy.reason(rule_id)
            continue
        function = functions.get(rule_id)
        if function is None:
            continue
        results = list(function(graph))
        tallies[rule_id] = _tally(results)
        flagged = [r for r in results if r.outcome is _VIOLATED or r.outcome is _UNKNOWN]
        if flagged:
            findings.extend(_rule_findings(graph, meta, flagged, policy))
    findings.sort(key=order)
    report = CheckReport(findings, tallies, disabled_rules=disabled)
    if triage is not None:
        outcome = triage.apply(findings)
        report.stale_decisions = outcome.stale
        report.expired_decisions = outcome.expired
        report.wildcard_closed = outcome.wildcards
    return report


def _tally(results: list[Result]) -> RuleTally:
    """How many results of each outcome one rule gave, counted in C: a large model gives 100,000 results (and an
    enum's hash, which a Counter would call for each, is Python code)."""
    outcomes = list(map(_OUTCOME, results))
    return RuleTally(**{outcome.value: outcomes.count(outcome) for outcome in Outcome})


def _rule_findings(graph: FlowGraph, meta: RuleMeta, flagged: list[Result], policy: Policy) -> list[Finding]:
    """The findings of one rule's violated and unknown results, each id once (the first result wins).

    What depends on the rule alone (its severity under the policy and the note saying so) is worked out once per
    rule, not once per finding; a finding's message and evidence are worded only when someone reads them.
    """
    fixed = None if meta.severity_by_class else policy.severity(meta.id, meta.severity)
    fixed_note = _policy_note(meta, fixed, policy) if fixed is not None else None
    special_classes = graph.item_classes if meta.raise_for_special else None
    made: list[Finding] = []
    seen: set[str] = set()
    for result in flagged:
        identifier = finding_id(meta.id, result)
        if identifier in seen:
            continue
        seen.add(identifier)
        if fixed is None:
            base = _base_severity(graph, meta, result)
            severity = policy.severity(meta.id, base)
            # The policy's note only where the policy changed it: scaled by the data's class, the severity is the
            # rule's own (a "changed by policy:" with no policy and no reason said nothing true).
            note = _policy_note(meta, severity, policy, base)
        else:
            severity, note = fixed, fixed_note
        if special_classes is not None and result.outcome is _VIOLATED and severity.raised() != severity:
            special = [d for d in _concerned(graph, result) if special_classes.get(d) in SPECIAL_CLASSES]
            if special:
                severity = severity.raised()
                # the items by their titles, in the reader's language: the note is read by a council, not a parser
                labels = Bilingual(*(sep.join(graph.data_label(d, lang) for d in special) for lang, sep in _JOINS))
                note = message("report.severity_raised_for_special", items=labels)
        made.append(Finding(identifier, meta, result.outcome is _UNKNOWN, severity, result, graph, severity_note=note))
    return made


_JOINS = (("ja", "、"), ("en", ", "))


def _concerned(graph: FlowGraph, result: Result) -> tuple[str, ...]:
    """The data a result is about: the items it names, or, for one about a node that names none (OUT-04's
    contractor access, LOC-05's foreign law, CLD-01's certification), every item handled there, so that "raised
    one level for My Number or sensitive data" holds for those rules as their text says."""
    if result.data:
        return result.data
    handled = graph.handled_at
    return tuple(sorted({i for element in result.elements if element in graph.nodes for i in handled[element]}))


def _policy_note(meta: RuleMeta, severity: Severity, policy: Policy, base: Severity | None = None) -> Message | None:
    """Why a finding's severity differs from what the rule gives (``base``, or its default), when the policy
    made it differ."""
    changed = severity != (base if base is not None else meta.severity)
    return message("report.severity_by_policy", reason=policy.reason(meta.id)) if changed else None


def _base_severity(graph: FlowGraph, meta: RuleMeta, result: Result) -> Severity:
    """The rule's severity, or, for a rule scaled by class, that of the strongest class among the result's data."""
    if not meta.severity_by_class:
        return meta.severity
    classes = graph.access_classes
    scaled = [meta.severity_by_class[c] for i in result.data if (c := classes.get(i, "")) in meta.severity_by_class]
    return max(scaled, default=meta.severity)
