"""The in-process stages and their floors: what each times, and what is prepared outside the timed region.

A stage's ``resolve()`` looks up its entry points through :mod:`benchmarks.adapter` (raising
:class:`~benchmarks.adapter.Missing` when one has moved) and returns ``prepare(ctx) -> run()``; ``prepare`` is
untimed, ``run`` is the timed call. A stage with ``bounds`` set is the floor of that stage: the least any
implementation of it could cost in Python, measured over the same file or model.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.adapter import Missing, entry

PDF_DOT_MAX_NODES = 100
"""The PDF with its Graphviz picture is measured up to this size only (see the stage's note)."""

Prepare = Callable[["Context"], Callable[[], Any]]


@dataclass
class Context:
    """What the stages of one size share; everything here is prepared outside the timed region."""

    size: int
    path: Path
    workdir: Path
    _loaded: Any = None
    _warm: Any = None
    _report: Any = None
    _session: Any = None
    counter: int = 0

    @property
    def loaded(self) -> Any:
        if self._loaded is None:
            self._loaded = entry("load")(self.path)
        return self._loaded

    def fresh_graph(self) -> Any:
        return entry("FlowGraph").build(self.loaded)

    @property
    def checked(self) -> tuple[Any, Any]:
        """A graph the rule pack has run over (caches warm, as in ``pia render --findings``) and its report."""
        if self._warm is None:
            self._warm = self.fresh_graph()
            self._report = entry("check")(self._warm)
        return self._warm, self._report

    @property
    def session(self) -> Any:
        """What ``pia export`` hands to the PDF builder: checked graph, report, pre-filled assessment, threshold."""
        if self._session is None:
            assessment = self.scratch(".assessment.yaml")
            self._session = entry("open_model")(self.path, assessment="prefilled", assessment_file=assessment)
        return self._session

    def scratch(self, suffix: str) -> Path:
        self.counter += 1
        path = self.workdir / f"{self.size}-{self.counter}{suffix}"
        path.unlink(missing_ok=True)
        return path

    def prewarm(self, key: str) -> None:
        """Compute what a stage's preparation shares, so that a forked child or a profile does not redo it."""
        _ = self.loaded
        if key in ("diagram",):
            _ = self.checked
        if key in ("pdf", "pdf_dot"):
            _ = self.session


@dataclass
class Stage:
    key: str
    title: str
    measures: str
    resolve: Callable[[], Prepare]
    """Imports what the stage needs (raising Missing) and returns ``prepare(ctx) -> run()``."""
    max_nodes: int | None = None
    note: str = ""
    bounds: str | None = None
    """For a floor: the key of the stage it bounds from below."""


def _load_stage() -> Prepare:
    load = entry("load")
    return lambda ctx: lambda: load(ctx.path)


def _graph_stage() -> Prepare:
    graph_cls = entry("FlowGraph")

    def prepare(ctx: Context) -> Callable[[], Any]:
        loaded = ctx.loaded
        return lambda: graph_cls.build(loaded)

    return prepare


def _check_stage() -> Prepare:
    check = entry("check")

    def prepare(ctx: Context) -> Callable[[], Any]:
        graph = ctx.fresh_graph()  # a fresh graph: the graph's cached indices are part of the check's cost
        return lambda: check(graph)

    return prepare


def _diagram_stage() -> Prepare:
    source = entry("diagram_source")

    def prepare(ctx: Context) -> Callable[[], Any]:
        graph, report = ctx.checked
        return lambda: source(graph, findings=report.findings)

    return prepare


class _NoDot:
    """Stands in for ``shutil`` inside the diagram renderer: finds every program except ``dot``."""

    @staticmethod
    def which(name: str, *args: Any, **kwargs: Any) -> str | None:
        return None if name == "dot" else shutil.which(name, *args, **kwargs)


def _pdf_builder(*, graphviz: bool) -> Prepare:
    build_pdf = entry("build_pdf")
    entry("open_model")
    hidden = [entry("diagram_render"), entry("diagram_layout")]

    def prepare(ctx: Context) -> Callable[[], Any]:
        session = ctx.session
        out = ctx.scratch(".pdf")

        def run() -> Any:
            if graphviz:
                return build_pdf(session, out)
            # Every module that looks for `dot`: the annex gets pia's "Graphviz missing" note instead of the
            # sheets (hiding it from the renderer alone still laid the sheets out).
            real = [module.shutil for module in hidden]
            for module in hidden:
                module.shutil = _NoDot
            try:
                return build_pdf(session, out)
            finally:
                for module, kept in zip(hidden, real, strict=True):
                    module.shutil = kept

        return run

    return prepare


def _pdf_stage() -> Prepare:
    return _pdf_builder(graphviz=False)


def _pdf_dot_stage() -> Prepare:
    if shutil.which("dot") is None:
        raise Missing("missing: Graphviz `dot` is not installed")
    return _pdf_builder(graphviz=True)


def _assessment_stage() -> Prepare:
    initialise, assessment = entry("initialise"), entry("Assessment")

    def prepare(ctx: Context) -> Callable[[], Any]:
        graph = ctx.fresh_graph()
        document = assessment.new(ctx.scratch(".assessment.yaml"), ctx.path)
        return lambda: initialise(document, graph)

    return prepare


def _parser_floor() -> Prepare:
    """libyaml's event stream over the same file, through ruamel.yaml's C parser, as flows/yaml_source.py reads it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import StreamEndEvent

    def prepare(ctx: Context) -> Callable[[], Any]:
        def run() -> int:
            was_enabled = gc.isenabled()
            gc.disable()  # as the loader reads: no cyclic collector while the events pour in
            try:
                get_event = YAML(typ="safe").Parser(ctx.path.read_text(encoding="utf-8")).get_event
                events = 1
                while get_event().__class__ is not StreamEndEvent:
                    events += 1
                return events
            finally:
                if was_enabled:
                    gc.enable()

        return run

    return prepare


def _rule_floor() -> Prepare:
    """One bare Python ``for`` over the loaded flows, reading the attributes nearly every rule reads."""

    def prepare(ctx: Context) -> Callable[[], Any]:
        flows = ctx.loaded.document.flows

        def run() -> int:
            seen = 0
            for flow in flows:
                if flow.source and flow.target and flow.channel and flow.protection and flow.data is not None:
                    seen += 1
            return seen

        return run

    return prepare


STAGES: list[Stage] = [
    Stage("load", "load + validate", "flows.loader.load: read YAML with positions, references, pydantic", _load_stage),
    Stage(
        "load_floor",
        "floor: C parser events",
        "ruamel.yaml's CParser (libyaml) producing every event of the same file, GC off; nothing built",
        _parser_floor,
        bounds="load",
    ),
    Stage("graph", "graph build", "FlowGraph.build: NetworkX MultiDiGraph and the id indices", _graph_stage),
    Stage("check", "full rule pack", "pia.engine.check on a fresh graph: every rule, findings, evidence", _check_stage),
    Stage(
        "check_floor",
        "floor: one loop over flows",
        "a bare `for` over document.flows reading source, target, channel, protection, data",
        _rule_floor,
        bounds="check",
    ),
    Stage(
        "diagram",
        "diagram DOT",
        "exports.diagram.diagram_source (zones view, with findings); no `dot` run",
        _diagram_stage,
    ),
    Stage(
        "pdf",
        "PDF export",
        "exports.pdf.build_pdf: the whole report (cover, form, findings, 別添1 with its DOT source), "
        "with Graphviz hidden so the annex holds pia's note instead of the picture",
        _pdf_stage,
    ),
    Stage(
        "pdf_dot",
        "PDF + Graphviz PNG",
        "exports.pdf.build_pdf as `pia export` runs it: also `dot -Tpng` of the whole zones diagram",
        _pdf_dot_stage,
        max_nodes=PDF_DOT_MAX_NODES,
        note="Graphviz lays out the whole diagram for 別添1 (about 9 s at 20 nodes, 26 s at 100 on the "
        "benchmark machine); see `pia render` 1,000 nodes for the size where it no longer finishes",
    ),
    Stage(
        "assessment", "assessment pre-fill", "pia.assessment.init.init_assessment: prefill and save", _assessment_stage
    ),
]
STAGE_KEYS = [stage.key for stage in STAGES]


def stage_by_key(key: str) -> Stage:
    for stage in STAGES:
        if stage.key == key:
            return stage
    raise KeyError(key)
