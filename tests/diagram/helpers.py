"""Helpers for the diagram tests: fixture models, findings made by hand, and reading an SVG's text."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pia_toolkit.catalog.rules import Outcome, Result, RuleMeta, Severity
from pia_toolkit.catalog.texts import Bilingual
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.loader import load
from pia_toolkit.pia.findings import Finding

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
ROOT = HERE.parent.parent
EXAMPLES = ROOT / "flows" / "examples"

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")

SVG_NS = "{http://www.w3.org/2000/svg}"


def load_graph(path: Path) -> FlowGraph:
    return FlowGraph.build(load(path))


def fixture_graph(name: str) -> FlowGraph:
    return load_graph(FIXTURES / f"{name}.yaml")


def svg_of(dot_source: str) -> str:
    """Render DOT to SVG with the real ``dot``."""
    done = subprocess.run(["dot", "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def svg_texts(svg: str) -> list[str]:
    """Every ``<text>`` of the SVG, in document order (parsing also proves the SVG is well-formed XML)."""
    root = ET.fromstring(svg)
    return [element.text or "" for element in root.iter(f"{SVG_NS}text")]


def svg_groups(svg: str, kind: str) -> list[ET.Element]:
    """The ``<g class="node">`` (or edge, cluster) groups of the SVG."""
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == kind]


def rule_meta(rule_id: str = "TST-01", severity: Severity = Severity.high) -> RuleMeta:
    return RuleMeta(
        id=rule_id,
        group="network",
        severity=severity,
        raise_for_special=False,
        kind="flow",
        form_items=(),
        title=Bilingual("試験用の規則", "Test rule"),
        why=Bilingual("", ""),
        fix=Bilingual("", ""),
        example=Bilingual("", ""),
        messages={"test": Bilingual("{text}", "test finding: {text}")},
    )


def make_finding(
    finding_id: str,
    elements: tuple[str, ...],
    *,
    severity: Severity = Severity.high,
    question: bool = False,
    path: tuple[str, ...] = (),
    path_flows: tuple[str, ...] = (),
    message: str = "試験用の指摘",
    graph: FlowGraph | None = None,
) -> Finding:
    """A finding as the engine would make it, without running any rule (``graph`` for its evidence)."""
    outcome = Outcome.unknown if question else Outcome.violated
    return Finding(
        id=finding_id,
        rule=rule_meta(finding_id.split("@")[0], severity),
        question=question,
        severity=severity,
        result=Result(outcome, elements, "test", {"text": message}, path=path, path_flows=path_flows),
        graph=graph or fixture_graph("ward-contractor-cloud"),
    )
