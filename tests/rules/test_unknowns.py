"""What the model does not say becomes a question, never a silent pass — as a mechanism, for every rule.

Each rule declares the attributes it reads (``reads:`` in its YAML): for each, either the rule itself asks when
the attribute is unknown (``ask``, optionally only for some node kinds or flow relationships, with the reason the
others need not be asked), another rule does (``asked_by: RULE``), the attribute can only be left out, not written ``unknown``
(``ask_when_omitted``), or the rule rightly does not care, with the reason (``known``).

For every finding of a rule's ``fires.yaml``, each declared attribute of the elements the finding names is set to
``unknown`` and, separately, left out; the declared rule must then still report something (a question or a
violation) on that element. A rule that goes silent fails here, whatever model it was tuned to.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pia_toolkit.catalog.rules import Outcome, rule_catalog, rule_functions
from pia_toolkit.flows.errors import ModelLoadError
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.loader import load

FIXTURES = Path(__file__).parent / "fixtures"
SECTIONS = ("scheme", "data", "zones", "nodes", "flows", "contracts", "files", "questions")
KINDS = ("ask", "asked_by", "known")


def _declarations(rule_id: str) -> dict[str, dict[str, Any]]:
    """``section.attribute[.sub]`` → {kind: ..., reason/rule: ...}, normalised."""
    declared = rule_catalog()[rule_id].reads
    return {path: dict(spec) for path, spec in declared.items()}


def _raw(path: Path) -> dict[str, Any]:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _element(document: dict[str, Any], section: str, element_id: str) -> dict[str, Any] | None:
    if section == "scheme":
        scheme = document.get("scheme")
        return scheme if isinstance(scheme, dict) and scheme.get("id") == element_id else None
    for entry in document.get(section) or []:
        if isinstance(entry, dict) and entry.get("id") == element_id:
            return entry
    return None


def _set(target: Any, attribute: list[str], omit: bool, value: str = "unknown") -> bool:
    """Set ``attribute`` (a dotted path, lists entered element-wise) to ``value`` or remove it; False when the
    element has no such place (a sub-mapping or list of sub-entries it does not have)."""
    head, *rest = attribute
    if isinstance(target, list):
        return any([_set(entry, attribute, omit, value) for entry in target if isinstance(entry, dict)])
    if not isinstance(target, dict):
        return False
    if not rest:
        if omit:
            target.pop(head, None)
        else:
            target[head] = value
        return True
    if head not in target or not isinstance(target[head], dict | list):
        return omit  # already left out as a whole; nothing inside it to write unknown
    return _set(target[head], rest, omit, value)


def _reported(path: Path, rule_id: str, elements: set[str]) -> bool:
    graph = FlowGraph.build(load(path))
    return any(
        elements & set(r.elements) and r.outcome in (Outcome.violated, Outcome.unknown)
        for r in rule_functions()[rule_id](graph)
    )


def _kind(graph: FlowGraph, section: str, element: str) -> str:
    """What an ``ask: [...]`` list is matched against: a node's kind, a flow's relationship."""
    if section == "flows":
        return str(graph.flows[element].relationship)
    return str(graph.nodes[element].kind)


_MODES = ("unknown", "omitted", "blank", "undecided")
"""How an attribute goes unanswered: written ``unknown``, left out, written but blank (U+3000 alone, as a
template filled in a hurry leaves it), or written as not known yet (未定): the rule must ask in every case, or
the loader refuse the value, located."""
_WRITTEN = {"unknown": "unknown", "blank": "\u3000", "undecided": "未定"}


def _cases() -> list[tuple[str, str, str, str, str]]:
    """(rule, attribute, element section, element id, mode) for every finding of every fires fixture."""
    cases = []
    for rule_id in sorted(rule_functions()):
        fixture = FIXTURES / rule_id / "fires.yaml"
        graph = FlowGraph.build(load(fixture))
        elements = {
            element
            for result in rule_functions()[rule_id](graph)
            if result.outcome in (Outcome.violated, Outcome.unknown)
            for element in result.elements
        }
        sections = {element: graph.sections.get(element, "scheme") for element in elements}
        scheme = graph.document.scheme.id
        for attribute, spec in _declarations(rule_id).items():
            if spec["kind"] == "known":
                continue
            section = attribute.split(".", 1)[0]
            kinds = spec.get("for")
            for element, found in sections.items():
                # a scheme fact is left unknown on the scheme, whatever element the finding names
                if section == "scheme":
                    element = scheme
                elif found != section or (kinds and _kind(graph, section, element) not in kinds):
                    continue
                for mode in _MODES:
                    if spec.get("omitted_only") and mode != "omitted":
                        continue
                    if (rule_id, attribute, section, element, mode) not in cases:
                        cases.append((rule_id, attribute, section, element, mode))
    return sorted(cases)  # the same order in every process: pytest-xdist's workers must collect the same tests


CASES = _cases()


def test_every_rule_declares_what_it_reads() -> None:
    for rule_id, meta in rule_catalog().items():
        assert meta.reads, f"{rule_id}: add `reads:` to its YAML (the attributes it reads and what unknown means)"
        for attribute, spec in meta.reads.items():
            assert attribute.split(".", 1)[0] in SECTIONS, (rule_id, attribute)
            assert spec["kind"] in KINDS, (rule_id, attribute, spec)
            if spec.get("for"):
                assert str(spec.get("why", "")).strip(), f"{rule_id}: say why other kinds need no question"
            if spec["kind"] == "known":
                assert str(spec.get("why", "")).strip(), f"{rule_id}: say why {attribute} needs no question"
            if spec["kind"] == "asked_by":
                assert spec.get("rule") in rule_catalog(), (rule_id, attribute, spec)


def test_every_declared_question_is_exercised_by_the_fires_fixture() -> None:
    exercised = {(rule_id, attribute) for rule_id, attribute, *_ in CASES}
    missing = [
        f"{rule_id}: {attribute}"
        for rule_id, meta in rule_catalog().items()
        for attribute, spec in meta.reads.items()
        if spec["kind"] != "known" and (rule_id, attribute) not in exercised
    ]
    assert not missing, "a fires.yaml finding names no element of these sections; extend the fixture"


@pytest.mark.parametrize(
    ("rule_id", "attribute", "section", "element", "mode"),
    CASES,
    ids=[f"{r}-{a}-{e}-{m}" for r, a, _, e, m in CASES],
)
def test_an_unknown_attribute_is_asked_about_never_passed(
    tmp_path: Path, rule_id: str, attribute: str, section: str, element: str, mode: str
) -> None:
    omit = mode == "omitted"
    fixture = FIXTURES / rule_id / "fires.yaml"
    document = copy.deepcopy(_raw(fixture))
    target = _element(document, section, element)
    assert target is not None, (rule_id, section, element)
    if not _set(target, attribute.split(".")[1:], omit, _WRITTEN.get(mode, "unknown")):
        pytest.skip(f"{element} has no {attribute} entries to leave unknown")
    mutated = tmp_path / "fires.yaml"
    (tmp_path / "pia-project.yaml").write_text("", encoding="utf-8")
    YAML(typ="safe").dump(document, mutated)
    try:
        load(mutated)
    except ModelLoadError as error:
        if mode in ("blank", "undecided"):  # refused where written (a yes/no, a count, a list): not a pass
            assert all(str(e.position).startswith(f"{mutated}:") for e in error.errors), error
            return
        pytest.fail(f"{attribute} cannot be left {mode} ({error}); declare it `known`")
    spec = _declarations(rule_id)[attribute]
    asker = str(spec["rule"]) if spec["kind"] == "asked_by" else rule_id
    assert _reported(mutated, asker, {element, document["scheme"]["id"]}), (
        f"{asker} says nothing about {element} when {attribute} is {mode}"
    )
