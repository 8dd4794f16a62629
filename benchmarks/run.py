"""Time every stage of pia-toolkit on synthetic models of 100, 1,000 and 10,000 nodes.

    python -m benchmarks.run [--sizes 100,1000,10000] [--repeat 5] [--quick] [--no-pytm] [--no-memory]
                             [--clock cpu|wall] [--budget S] [--pin] [-o FILE] [--markdown]

For each size: the median of up to ``--repeat`` runs of each stage (fewer when a stage is slow at that size:
the runs of one stage at one size stop once they have used the time budget, and the table says how many ran),
then the growth from 1,000 to 10,000 nodes, the peak memory of each stage at the largest size (tracemalloc, in
a separate pass so it does not slow the timed runs), and OWASP pytm's threat evaluation beside ``pia check``
on the same model. Results go to ``benchmarks/results/latest.json``; see ``benchmarks/README.md``.

Stages whose module has not landed yet are reported as "n/a — module not present" rather than failing.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib
import io
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.generate import MODELS, RESULTS, summary, write_model

CLOCK_NAMES = {"cpu": "CPU time", "wall": "wall time"}
GROWTH_LIMIT = 12.0
"""A stage whose time grows more than this from 1,000 to 10,000 nodes grows faster than linearly."""
CHECK_TARGET_S = 1.0
"""ARCHITECTURE.md (Scale): the full check of a 10,000-node, 50,000-flow model in about a second on one core."""
PYTM_TARGET = 30.0
"""pia check should be at least this many times faster than pytm's threat evaluation on the same model."""
STAGE_LIMIT_S = 120.0
"""A stage whose estimated time at the next size (1.2 × the size ratio × the last) exceeds this is not run there."""
PYTM_LIMIT_S = 120.0
"""pytm is run at a size only if its estimate (10× the previous size) stays under this."""
WARMUP_NODES = 20
PDF_DOT_MAX_NODES = 100
"""The PDF with its Graphviz picture is measured up to this size only (see the stage's note)."""
MEMORY_LIMIT_S = 90.0
"""The tracemalloc run of one stage is given up after this; the RSS growth of the timed run is reported instead."""
TRACEMALLOC_SLOWDOWN = 4.0
"""Rough slowdown under tracemalloc, to skip tracing runs that would not finish within MEMORY_LIMIT_S."""


# ---- stages ---------------------------------------------------------------------------------------------
class Missing(Exception):
    """The module a stage measures is not in the tree (yet)."""


def _import(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            raise Missing(f"n/a — module not present ({module})") from None
        raise


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
            from pia_toolkit.flows.loader import load

            self._loaded = load(self.path)
        return self._loaded

    def fresh_graph(self) -> Any:
        from pia_toolkit.flows.graph import FlowGraph

        return FlowGraph.build(self.loaded)

    @property
    def checked(self) -> tuple[Any, Any]:
        """A graph the rule pack has run over (caches warm, as in ``pia render --findings``) and its report."""
        if self._warm is None:
            from pia_toolkit.pia.engine import check

            self._warm = self.fresh_graph()
            self._report = check(self._warm)
        return self._warm, self._report

    @property
    def session(self) -> Any:
        """What ``pia export`` hands to the PDF builder: checked graph, report, pre-filled assessment, threshold."""
        if self._session is None:
            from pia_toolkit.catalog.threshold import judge_scheme
            from pia_toolkit.pia.assessment.init import init_assessment
            from pia_toolkit.pia.assessment.session import Session

            graph, report = self.checked
            assessment = init_assessment(self.path, self.scratch(".assessment.yaml"), graph=graph)
            self._session = Session(self.path, graph, report, assessment, judge_scheme(graph.document.scheme))
        return self._session

    def scratch(self, suffix: str) -> Path:
        self.counter += 1
        path = self.workdir / f"{self.size}-{self.counter}{suffix}"
        path.unlink(missing_ok=True)
        return path


@dataclass
class Stage:
    key: str
    title: str
    measures: str
    resolve: Callable[[], Callable[[Context], Callable[[], Any]]]
    """Imports what the stage needs (raising Missing) and returns ``prepare(ctx) -> run()``."""
    max_nodes: int | None = None
    note: str = ""


def _load_stage() -> Callable[[Context], Callable[[], Any]]:
    load = _import("pia_toolkit.flows.loader").load
    return lambda ctx: lambda: load(ctx.path)


def _graph_stage() -> Callable[[Context], Callable[[], Any]]:
    graph_cls = _import("pia_toolkit.flows.graph").FlowGraph

    def prepare(ctx: Context) -> Callable[[], Any]:
        loaded = ctx.loaded
        return lambda: graph_cls.build(loaded)

    return prepare


def _check_stage() -> Callable[[Context], Callable[[], Any]]:
    check = _import("pia_toolkit.pia.engine").check

    def prepare(ctx: Context) -> Callable[[], Any]:
        graph = ctx.fresh_graph()  # a fresh graph: the graph's cached indices are part of the check's cost
        return lambda: check(graph)

    return prepare


def _diagram_stage() -> Callable[[Context], Callable[[], Any]]:
    diagram = _import("pia_toolkit.exports.diagram")
    source = getattr(diagram, "diagram_source", None)
    if source is None:
        raise Missing("n/a — exports.diagram has no diagram_source()")

    def prepare(ctx: Context) -> Callable[[], Any]:
        graph, report = ctx.checked
        return lambda: source(graph, findings=report.findings)

    return prepare


class _NoDot:
    """Stands in for ``shutil`` inside exports.diagram.render: finds every program except ``dot``."""

    @staticmethod
    def which(name: str, *args: Any, **kwargs: Any) -> str | None:
        return None if name == "dot" else shutil.which(name, *args, **kwargs)


def _pdf_builder(*, graphviz: bool) -> Callable[[Context], Callable[[], Any]]:
    pdf = _import("pia_toolkit.exports.pdf")
    build_pdf = getattr(pdf, "build_pdf", None)
    if build_pdf is None:
        raise Missing("n/a — exports.pdf has no build_pdf()")
    _import("pia_toolkit.pia.assessment.session")
    render = _import("pia_toolkit.exports.diagram.render")

    def prepare(ctx: Context) -> Callable[[], Any]:
        session = ctx.session
        out = ctx.scratch(".pdf")

        def run() -> Any:
            if graphviz:
                return build_pdf(session, out)
            real = render.shutil
            render.shutil = _NoDot  # the annex gets pia's "Graphviz missing" note instead of the picture
            try:
                return build_pdf(session, out)
            finally:
                render.shutil = real

        return run

    return prepare


def _pdf_stage() -> Callable[[Context], Callable[[], Any]]:
    return _pdf_builder(graphviz=False)


def _pdf_dot_stage() -> Callable[[Context], Callable[[], Any]]:
    if shutil.which("dot") is None:
        raise Missing("n/a — Graphviz `dot` is not installed")
    return _pdf_builder(graphviz=True)


def _assessment_stage() -> Callable[[Context], Callable[[], Any]]:
    init = _import("pia_toolkit.pia.assessment.init")
    initialise = getattr(init, "init_assessment", None)
    if initialise is None:
        raise Missing("n/a — pia.assessment.init has no init_assessment()")

    def prepare(ctx: Context) -> Callable[[], Any]:
        graph = ctx.fresh_graph()
        out = ctx.scratch(".assessment.yaml")
        return lambda: initialise(ctx.path, out, graph=graph)

    return prepare


STAGES: list[Stage] = [
    Stage("load", "load + validate", "flows.loader.load: read YAML with positions, references, pydantic", _load_stage),
    Stage("graph", "graph build", "FlowGraph.build: NetworkX MultiDiGraph and the id indices", _graph_stage),
    Stage("check", "full rule pack", "pia.engine.check on a fresh graph: every rule, findings, evidence", _check_stage),
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
        "benchmark machine) and pia gives dot 300 s; on the 1,000-node diagram it had not finished after 310 s",
    ),
    Stage(
        "assessment", "assessment pre-fill", "pia.assessment.init.init_assessment: prefill and save", _assessment_stage
    ),
]


# ---- timing ---------------------------------------------------------------------------------------------
@dataclass
class Measured:
    median_s: float | None = None
    runs: int = 0
    times_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    status: str = "ok"
    peak_mb: float | None = None
    peak_how: str | None = None
    result: Any = field(default=None, repr=False)
    """What the last run returned, when asked to keep it (the loaded model, reused by the later stages)."""
    rss_mb: float | None = None
    """Largest growth of the resident set during a timed run (Linux only): free to measure, undistorted."""

    @property
    def cpu_median_s(self) -> float | None:
        return statistics.median(self.cpu_s) if self.cpu_s else None

    @property
    def wall_median_s(self) -> float | None:
        return statistics.median(self.times_s) if self.times_s else None


def cpu_time() -> float:
    """CPU seconds of this process and its finished children (``dot`` run by the PDF export)."""
    children = os.times()  # only 10 ms resolution, so used for the children alone
    return time.process_time() + children.children_user + children.children_system


def _proc_status(field_name: str) -> int | None:
    """A ``kB`` field of /proc/self/status in bytes (VmRSS, VmHWM), or None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_high_water_mark() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS (Linux ≥ 4.0)
        return True
    except OSError:
        return False


def time_stage(
    prepare: Callable[[Context], Callable[[], Any]],
    ctx: Context,
    repeat: int,
    budget_s: float,
    clock: str = "cpu",
    *,
    keep: bool = False,
) -> Measured:
    """Up to ``repeat`` timed runs, each with its own untimed preparation; stops once ``budget_s`` is used."""
    measured = Measured()
    for _ in range(repeat):
        run = prepare(ctx)
        gc.collect()
        tracked = _reset_high_water_mark()
        before = _proc_status("VmRSS") if tracked else None
        cpu = cpu_time()
        start = time.perf_counter()
        result = run()
        measured.times_s.append(time.perf_counter() - start)
        measured.cpu_s.append(cpu_time() - cpu)
        peak = _proc_status("VmHWM") if tracked else None
        if before is not None and peak is not None:
            measured.rss_mb = max(measured.rss_mb or 0.0, (peak - before) / 1e6)
        if keep:
            measured.result = result
        del run, result
        if sum(measured.times_s) + statistics.median(measured.times_s) > budget_s:
            break
    measured.median_s = statistics.median(measured.cpu_s if clock == "cpu" else measured.times_s)
    measured.runs = len(measured.times_s)
    return measured


def peak_memory(prepare: Callable[[Context], Callable[[], Any]], ctx: Context) -> float:
    """Peak bytes allocated while the stage runs once (its inputs are prepared before tracing starts), in MB."""
    run = prepare(ctx)
    gc.collect()
    tracemalloc.start()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def peak_memory_limited(
    prepare: Callable[[Context], Callable[[], Any]], ctx: Context, timeout_s: float
) -> float | None:
    """:func:`peak_memory` in a forked child, given up (None) after ``timeout_s``; in-process where no fork."""
    if not hasattr(os, "fork"):
        return peak_memory(prepare, ctx)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: measure, report through the pipe, leave without running the parent's cleanup
        status = 1
        try:
            os.close(read_end)
            os.write(write_end, repr(peak_memory(prepare, ctx)).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return None
            time.sleep(0.05)
        answer = os.read(read_end, 64).decode()
        return float(answer) if answer else None
    finally:
        os.close(read_end)


# ---- machine --------------------------------------------------------------------------------------------
def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    versions = {}
    for package in ("pydantic", "networkx", "ruamel.yaml", "reportlab", "pytm"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[package] = version(package)
    commit = None
    with contextlib.suppress(Exception):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True, timeout=5
        ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": versions,
        "commit": commit,
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def pin_to_one_core() -> int | None:
    """Run on one core (the targets are stated for one core); returns the core, or None where unsupported."""
    try:
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return core
    except (AttributeError, OSError):
        return None


# ---- pytm -----------------------------------------------------------------------------------------------
def pytm_side_by_side(ctx: Context, clock: str = "cpu") -> dict[str, Any]:
    """pytm's check + resolve and pia's check on the same model, in the same process (3 pia runs, median)."""
    from benchmarks import pytm_model
    from pia_toolkit.pia.engine import check

    model = pytm_model.build(ctx.loaded.document)
    gc.collect()
    evaluation = pytm_model.evaluate(model)
    wall: list[float] = []
    cpu: list[float] = []
    report = None
    for _ in range(3):
        graph = ctx.fresh_graph()
        gc.collect()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        report = check(graph)
        cpu.append(time.process_time() - cpu0)
        wall.append(time.perf_counter() - wall0)
    pia_s = statistics.median(cpu if clock == "cpu" else wall)
    if clock == "cpu":
        check_s, resolve_s = evaluation.check_cpu_seconds, evaluation.resolve_cpu_seconds
    else:
        check_s, resolve_s = evaluation.check_seconds, evaluation.resolve_seconds
    result = {
        "clock": clock,
        "pytm_build_ms": (model.build_cpu_seconds if clock == "cpu" else model.build_seconds) * 1e3,
        "pytm_check_ms": check_s * 1e3,
        "pytm_resolve_ms": resolve_s * 1e3,
        "pytm_total_ms": (check_s + resolve_s) * 1e3,
        "pytm_wall_check_ms": evaluation.check_seconds * 1e3,
        "pytm_wall_resolve_ms": evaluation.resolve_seconds * 1e3,
        "pytm_findings": evaluation.findings,
        "pytm_elements": model.elements,
        "pytm_flows": model.flows,
        "pytm_boundaries": model.boundaries,
        "pytm_threats": _pytm_threat_count(),
        "pia_check_ms": pia_s * 1e3,
        "pia_wall_check_ms": statistics.median(wall) * 1e3,
        "pia_findings": len(report.findings) if report else None,
        "ratio_resolve": resolve_s / pia_s,
        "ratio_total": (check_s + resolve_s) / pia_s,
    }
    pytm_model.reset()
    del model
    gc.collect()
    return result


def _pytm_threat_count() -> int | None:
    with contextlib.suppress(Exception):
        from pytm import TM

        return len(TM._threats)
    return None


# ---- output ---------------------------------------------------------------------------------------------
def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    ms = seconds * 1e3
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:,.1f}" if ms >= 10 else f"{ms:,.2f}"


@dataclass(frozen=True)
class Span:
    """The two sizes growth is measured between, and the ratio above which a stage grows faster than linearly."""

    small: int
    large: int

    @property
    def factor(self) -> float:
        return self.large / self.small if self.small else 0.0

    @property
    def limit(self) -> float:
        return GROWTH_LIMIT * self.factor / 10  # 12× for 10× the model; 1.2 × the size ratio in general

    def describe(self) -> str:
        return f"{self.limit:.1f}× for {self.factor:g}× the model"


def growth_span(sizes: list[int]) -> Span:
    """1,000 → 10,000 nodes when both are measured, else the two largest sizes."""
    if {1000, 10000} <= set(sizes):
        return Span(1000, 10000)
    return Span(sizes[-2], sizes[-1]) if len(sizes) > 1 else Span(0, 0)


def growth(results: dict[str, dict[int, Measured]], sizes: list[int]) -> dict[str, float | None]:
    """time(10,000) / time(1,000) per stage (or between the two largest sizes, if 10,000 was not measured)."""
    out: dict[str, float | None] = {}
    span = growth_span(sizes)
    small, large = span.small, span.large
    for key, per_size in results.items():
        a, b = per_size.get(small), per_size.get(large)
        if a and b and a.median_s and b.median_s:
            out[key] = b.median_s / a.median_s
        else:
            out[key] = None
    return out


def short_status(status: str) -> str:
    for word in ("n/a", "error", "capped", "skipped"):
        if status.startswith(word):
            return word
    return status[:12]


def print_table(
    console: Any,
    sizes: list[int],
    results: dict[str, dict[int, Measured]],
    ratios: dict[str, float | None],
    memory: dict[str, dict[str, Any]],
    memory_size: int | None,
    clock: str = "cpu",
) -> None:
    from rich.table import Table

    table = Table(title=f"pia-toolkit stages: median {CLOCK_NAMES[clock]} in ms (runs)", title_justify="left")
    table.add_column("stage")
    for size in sizes:
        table.add_column(f"{size:,} nodes", justify="right")
    span = growth_span(sizes)
    table.add_column(f"×{span.factor:g} growth", justify="right")
    if memory_size:
        table.add_column(f"peak MB @ {memory_size:,}", justify="right")
    for stage in STAGES:
        per_size = results[stage.key]
        cells = []
        for size in sizes:
            m = per_size[size]
            if m.median_s is None:
                cells.append(f"[dim]{short_status(m.status)}[/]")
            else:
                cells.append(f"{_ms(m.median_s)} ({m.runs})")
        ratio = ratios.get(stage.key)
        if ratio is None:
            cells.append("—")
        else:
            cells.append(f"[red]{ratio:.1f}×[/]" if ratio > span.limit else f"{ratio:.1f}×")
        if memory_size:
            entry = memory.get(stage.key) or {}
            peak = entry.get("mb")
            traced = entry.get("how") == "tracemalloc"
            cells.append("—" if peak is None else f"{peak:,.0f}" if traced else f"~{peak:,.0f} (RSS)")
        table.add_row(stage.title, *cells)
    console.print(table)
    for stage in STAGES:
        reasons = dict.fromkeys(m.status for m in results[stage.key].values() if m.median_s is None)
        for reason in reasons:
            console.print(f"  [dim]{stage.title}: {reason}[/]")


def print_pytm(console: Any, pytm: dict[int, dict[str, Any]]) -> None:
    from rich.table import Table

    clock = CLOCK_NAMES[next(iter(pytm.values())).get("clock", "cpu")]
    table = Table(title=f"OWASP pytm vs pia check on the same model ({clock}, ms)", title_justify="left")
    for column in ("nodes", "pytm build", "pytm check", "pytm resolve", "pytm findings", "pia check", "pia findings"):
        table.add_column(column, justify="right")
    table.add_column("resolve ÷ pia", justify="right")
    table.add_column("check+resolve ÷ pia", justify="right")
    for size, row in pytm.items():
        if "skipped" in row:
            table.add_row(f"{size:,}", f"[dim]{row['skipped']}[/]", *[""] * 7)
            continue
        table.add_row(
            f"{size:,}",
            f"{row['pytm_build_ms']:,.0f}",
            f"{row['pytm_check_ms']:,.0f}",
            f"{row['pytm_resolve_ms']:,.0f}",
            f"{row['pytm_findings']:,}",
            f"{row['pia_check_ms']:,.1f}",
            f"{row['pia_findings']:,}",
            f"{row['ratio_resolve']:,.0f}×",
            f"{row['ratio_total']:,.0f}×",
        )
    console.print(table)


def evaluate_targets(
    sizes: list[int],
    results: dict[str, dict[int, Measured]],
    ratios: dict[str, float | None],
    pytm: dict[int, dict[str, Any]],
) -> list[str]:
    """Plain sentences naming each target missed (an empty list when all measured targets are met)."""
    misses: list[str] = []
    largest = max(sizes)
    check = results["check"].get(largest)
    if largest >= 10000 and check and check.median_s is not None and check.median_s > CHECK_TARGET_S:
        misses.append(
            f"full check of the {largest:,}-node model takes {check.median_s:.2f} s (target ≈{CHECK_TARGET_S:.0f} s)"
        )
    for size, row in pytm.items():
        if "ratio_resolve" in row and row["ratio_resolve"] < PYTM_TARGET:
            misses.append(
                f"pia check is only {row['ratio_resolve']:.0f}× faster than pytm resolve at {size:,} nodes "
                f"(target ≥{PYTM_TARGET:.0f}×)"
            )
    span = growth_span(sizes)
    for stage in STAGES:
        ratio = ratios.get(stage.key)
        if ratio is not None and ratio > span.limit:
            misses.append(
                f"{stage.title} grows faster than linearly: {ratio:.1f}× for {span.factor:g}× the model "
                f"(limit {span.limit:.1f}×)"
            )
    return misses


# ---- main -----------------------------------------------------------------------------------------------
def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "").replace(",", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 2:
        raise argparse.ArgumentTypeError("sizes are node counts of at least 2, e.g. 100,1000,10000")
    return sizes


def main(argv: Iterable[str] | None = None) -> int:
    from rich.console import Console

    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[100, 1000, 10000], help="node counts (100,1000,10000)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per stage and size (5; --quick: 3)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller time budgets")
    parser.add_argument("--budget", type=float, default=None, help="seconds of runs per stage and size (20; quick 10)")
    parser.add_argument("--no-pytm", action="store_true", help="skip the side-by-side with OWASP pytm")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory pass")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="what the table shows: CPU time of the process and its children (default), or wall time",
    )
    parser.add_argument("--pin", action="store_true", help="pin the process to one core (sched_setaffinity)")
    parser.add_argument("-o", "--output", type=Path, default=RESULTS / "latest.json")
    parser.add_argument(
        "--markdown", action="store_true", help="print the results file (-o) as the README's tables; run nothing"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.markdown:
        print(markdown(json.loads(args.output.read_text(encoding="utf-8"))))
        return 0
    repeat = args.repeat or (3 if args.quick else 5)
    budget = args.budget or (10.0 if args.quick else 20.0)
    memory_budget = 20.0 if args.quick else MEMORY_LIMIT_S
    sizes: list[int] = args.sizes
    largest = max(sizes)

    console = Console(width=None if sys.stdout.isatty() else 120)
    began = time.perf_counter()

    def say(message: str) -> None:
        console.print(f"[dim]{time.perf_counter() - began:6.1f} s[/]  {message}")

    core = pin_to_one_core() if args.pin else None
    machine = machine_info()
    machine["pinned_core"] = core
    machine["load_average_at_start"] = _load_average()
    console.print(
        f"[bold]pia-toolkit benchmarks[/]  {machine['cpu']} · {machine['cores']} cores"
        f"{f' (pinned to core {core})' if core is not None else ''} · Python {machine['python']}"
        f" · up to {repeat} runs / {budget:.0f} s per stage and size"
    )

    # models
    models: dict[int, dict[str, Any]] = {}
    paths: dict[int, Path] = {}
    for size in sizes:
        start = time.perf_counter()
        path, model = write_model(size)
        elapsed = time.perf_counter() - start
        paths[size] = path
        models[size] = {
            "nodes": len(model["nodes"]),
            "flows": len(model["flows"]),
            "zones": len(model["zones"]),
            "data": len(model["data"]),
            "contracts": len(model["contracts"]),
            "bytes": path.stat().st_size,
            "generate_ms": elapsed * 1e3,
        }
        say(f"model {size:,}: {summary(model)}; {path.stat().st_size / 1e6:.1f} MB, generated in {elapsed:.2f} s")
        del model

    # which stages exist
    prepared: dict[str, Callable[[Context], Callable[[], Any]] | None] = {}
    missing: dict[str, str] = {}
    for stage in STAGES:
        try:
            prepared[stage.key] = stage.resolve()
        except Missing as exc:
            prepared[stage.key] = None
            missing[stage.key] = str(exc)
        except Exception as exc:  # a half-landed module must not stop the other stages
            prepared[stage.key] = None
            missing[stage.key] = f"error on import: {type(exc).__name__}: {exc}"[:200]
    for key, reason in missing.items():
        say(f"[yellow]{key}[/]: {reason}")

    workdir = Path(tempfile.mkdtemp(prefix="pia-bench-"))
    results: dict[str, dict[int, Measured]] = {s.key: {} for s in STAGES}
    memory: dict[str, dict[str, Any]] = {}
    pytm: dict[int, dict[str, Any]] = {}
    try:
        # warm-up on a 20-node model: imports, vocabularies, rule catalog, form, fonts; not timed
        warm_path, _ = write_model(WARMUP_NODES, MODELS / f"synthetic-warmup-{WARMUP_NODES}.yaml")
        warm = Context(WARMUP_NODES, warm_path, workdir)
        for stage in STAGES:
            prepare = prepared[stage.key]
            if prepare is None:
                continue
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    prepare(warm)()
            except Missing as exc:
                prepared[stage.key], missing[stage.key] = None, str(exc)
                say(f"[yellow]{stage.key}[/]: {missing[stage.key]}")
            except Exception as exc:  # a module still being written: report it, measure the rest
                prepared[stage.key], missing[stage.key] = None, f"error: {type(exc).__name__}: {exc}"[:200]
                say(f"[red]{stage.key}[/]: {missing[stage.key]}")
        del warm

        # timings
        previous: dict[str, tuple[int, float]] = {}
        kept: Context | None = None
        for size in sizes:
            ctx = Context(size, paths[size], workdir)
            for stage in STAGES:
                prepare = prepared[stage.key]
                if prepare is None:
                    results[stage.key][size] = Measured(status=missing[stage.key])
                    continue
                if stage.max_nodes and size > stage.max_nodes:
                    results[stage.key][size] = Measured(status=f"capped at {stage.max_nodes:,} nodes: {stage.note}")
                    continue
                last = previous.get(stage.key)
                if last is not None and last[1] * GROWTH_LIMIT / 10 * size / last[0] > STAGE_LIMIT_S:
                    results[stage.key][size] = Measured(
                        status=f"skipped: {last[1]:.0f} s (wall) at {last[0]:,} nodes, so over "
                        f"{STAGE_LIMIT_S:.0f} s expected here"
                    )
                    continue
                try:
                    with contextlib.redirect_stdout(io.StringIO()):
                        measured = time_stage(prepare, ctx, repeat, budget, args.clock, keep=stage.key == "load")
                    if stage.key == "load" and measured.result is not None:
                        ctx._loaded, measured.result = measured.result, None  # the later stages start from it
                except Exception as exc:
                    measured = Measured(status=f"error: {type(exc).__name__}: {exc}"[:200])
                results[stage.key][size] = measured
                if measured.median_s is not None:
                    previous[stage.key] = (size, measured.wall_median_s or measured.median_s)
                    say(f"{size:>6,} {stage.title:<20} {_ms(measured.median_s):>9} ms ({measured.runs} runs)")
                else:
                    say(f"{size:>6,} {stage.title:<20} {measured.status}")
            if size == largest:
                kept = ctx  # the largest model stays loaded for the memory pass and pytm
            del ctx
            gc.collect()

        # peak memory at the largest size, in its own pass (tracemalloc in a forked child, with a time limit)
        if not args.no_memory and kept is not None:
            for stage in STAGES:
                prepare = prepared[stage.key]
                measured = results[stage.key].get(largest)
                if prepare is None or measured is None or measured.median_s is None:
                    continue
                with contextlib.redirect_stdout(io.StringIO()):
                    _prewarm(kept, stage.key)
                estimate = (measured.wall_median_s or measured.median_s) * TRACEMALLOC_SLOWDOWN
                peak = None
                if estimate <= memory_budget:
                    peak = peak_memory_limited(prepare, kept, memory_budget)
                if peak is not None:
                    entry = {"mb": peak, "how": "tracemalloc"}
                elif measured.rss_mb is not None:
                    why = (
                        f"tracemalloc did not finish within {memory_budget:.0f} s"
                        if estimate <= memory_budget
                        else f"tracemalloc would take ~{estimate:.0f} s"
                    )
                    entry = {"mb": measured.rss_mb, "how": f"RSS high-water growth in the timed run ({why})"}
                else:
                    entry = {"mb": None, "how": "not measured"}
                memory[stage.key] = entry
                measured.peak_mb, measured.peak_how = entry["mb"], entry["how"]
                shown = "—" if entry["mb"] is None else f"{entry['mb']:,.0f} MB"
                say(f"peak memory {stage.title:<20} {shown:>9}  [dim]{entry['how']}[/]")

        # OWASP pytm beside pia check
        if not args.no_pytm:
            try:
                importlib.import_module("pytm")
            except ModuleNotFoundError:
                say("[yellow]pytm[/]: not installed (pip install -e '.[bench]'); side-by-side skipped")
            else:
                estimate = 0.0
                for size in sizes:
                    if estimate > PYTM_LIMIT_S:
                        pytm[size] = {"skipped": f"skipped: estimated {estimate:,.0f} s > {PYTM_LIMIT_S:.0f} s"}
                        say(f"pytm {size:,}: {pytm[size]['skipped']}")
                        continue
                    ctx = kept if kept is not None and size == largest else Context(size, paths[size], workdir)
                    row = pytm_side_by_side(ctx, args.clock)
                    pytm[size] = row
                    spent = (row["pytm_build_ms"] + row["pytm_total_ms"]) / 1e3
                    next_size = next((s for s in sizes if s > size), size)
                    estimate = spent * next_size / size
                    say(
                        f"pytm {size:,}: resolve {row['pytm_resolve_ms']:,.0f} ms vs pia check "
                        f"{row['pia_check_ms']:,.1f} ms → {row['ratio_resolve']:,.0f}×"
                    )
                    del ctx
                    gc.collect()
        del kept
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    ratios = growth(results, sizes)
    console.print()
    print_table(console, sizes, results, ratios, memory, largest if memory else None, args.clock)
    if pytm:
        print_pytm(console, pytm)
    span = growth_span(sizes)
    fast = [s.title for s in STAGES if (r := ratios.get(s.key)) is not None and r > span.limit]
    if fast:
        console.print(f"[red]growing faster than linearly (over {span.describe()}):[/] {', '.join(fast)}")
    elif any(r is not None for r in ratios.values()):
        console.print(f"every measured stage grows at most {span.describe()}")
    misses = evaluate_targets(sizes, results, ratios, pytm)
    for miss in misses:
        console.print(f"[red]target missed:[/] {miss}")
    if not misses:
        console.print("[green]all measured targets met[/]")
    busy = _busy_note(results)
    if busy:
        console.print(f"[yellow]{busy}[/]")
    total = time.perf_counter() - began
    console.print(f"[dim]total {total:.0f} s; results in {args.output}[/]")

    def per_size(function: Callable[[Measured], Any]) -> dict[str, dict[str, Any]]:
        return {k: {str(s): function(m) for s, m in v.items()} for k, v in results.items()}

    args.output.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": machine,
        "settings": {
            "repeat": repeat,
            "budget_s": budget,
            "memory_budget_s": memory_budget,
            "quick": args.quick,
            "pinned_core": core,
        },
        "sizes": sizes,
        "models": {str(s): m for s, m in models.items()},
        "stages": [{"key": s.key, "title": s.title, "measures": s.measures, "note": s.note} for s in STAGES],
        "clock": args.clock,
        "medians_ms": per_size(lambda m: None if m.median_s is None else m.median_s * 1e3),
        "wall_medians_ms": per_size(lambda m: None if m.wall_median_s is None else m.wall_median_s * 1e3),
        "cpu_medians_ms": per_size(lambda m: None if m.cpu_median_s is None else m.cpu_median_s * 1e3),
        "runs": per_size(lambda m: m.runs),
        "times_ms": per_size(lambda m: [round(t * 1e3, 3) for t in m.times_s]),
        "status": per_size(lambda m: m.status),
        "rss_growth_mb": per_size(lambda m: m.rss_mb),
        "growth": {
            "from": span.small,
            "to": span.large,
            "limit": span.limit,
            "ratios": ratios,
            "faster_than_linear": fast,
        },
        "peak_memory_mb": {"nodes": largest if memory else None, "stages": memory},
        "pytm": {str(s): row for s, row in pytm.items()},
        "targets": {
            "check_10000_s": CHECK_TARGET_S,
            "pytm_ratio": PYTM_TARGET,
            "growth": GROWTH_LIMIT,
            "missed": misses,
        },
        "notes": [n for n in (busy,) if n],
        "total_s": total,
    }
    args.output.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def markdown(payload: dict[str, Any]) -> str:
    """The README's results section, from a results file (``--markdown``)."""
    machine, sizes = payload["machine"], payload["sizes"]
    clock = CLOCK_NAMES[payload.get("clock", "cpu")]
    memory = payload["peak_memory_mb"]
    grown = payload["growth"]
    factor = grown["to"] / grown["from"] if grown.get("from") else 10
    limit = grown.get("limit", GROWTH_LIMIT)
    lines = [
        f"Taken {machine['date'][:16].replace('T', ' ')} on {machine['cpu']} ({machine['cores']} cores), "
        f"Python {machine['python']}, commit {machine.get('commit') or '?'}; median {clock} in ms, runs in brackets.",
        "",
        "| stage | "
        + " | ".join(f"{s:,} nodes" for s in sizes)
        + f" | ×{factor:g} growth | "
        + (f"peak MB @ {memory['nodes']:,} |" if memory.get("nodes") else "peak MB |"),
        "|---|" + "---:|" * (len(sizes) + 2),
    ]
    for stage in payload["stages"]:
        key = stage["key"]
        cells = []
        for size in sizes:
            value = payload["medians_ms"][key].get(str(size))
            status = payload["status"][key].get(str(size), "")
            runs = payload["runs"][key].get(str(size))
            cells.append(short_status(status) if value is None else f"{_ms(value / 1e3)} ({runs})")
        ratio = payload["growth"]["ratios"].get(key)
        cells.append("—" if ratio is None else f"**{ratio:.1f}×**" if ratio > limit else f"{ratio:.1f}×")
        entry = (memory.get("stages") or {}).get(key) or {}
        if entry.get("mb") is None:
            cells.append("—")
        else:
            cells.append(f"{entry['mb']:,.0f}" if entry["how"] == "tracemalloc" else f"~{entry['mb']:,.0f} (RSS)")
        lines.append(f"| {stage['title']} | " + " | ".join(cells) + " |")
    if payload.get("pytm"):
        lines += [
            "",
            "| nodes | pytm build | pytm check | pytm resolve | pytm findings | pia check | pia findings "
            "| resolve ÷ pia | check+resolve ÷ pia |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for size, row in payload["pytm"].items():
            if "skipped" in row:
                lines.append(f"| {int(size):,} | {row['skipped']} |" + " |" * 7)
                continue
            lines.append(
                f"| {int(size):,} | {row['pytm_build_ms']:,.0f} | {row['pytm_check_ms']:,.0f} | "
                f"{row['pytm_resolve_ms']:,.0f} | {row['pytm_findings']:,} | {row['pia_check_ms']:,.1f} | "
                f"{row['pia_findings']:,} | {row['ratio_resolve']:,.0f}× | {row['ratio_total']:,.0f}× |"
            )
    misses = payload["targets"]["missed"]
    lines += ["", "Targets missed:" if misses else "All measured targets met."]
    lines += [f"- {miss}" for miss in misses]
    lines += [f"- note: {note}" for note in payload.get("notes", [])]
    lines.append(f"\nTotal run time {payload['total_s']:.0f} s.")
    return "\n".join(lines)


def _prewarm(ctx: Context, key: str) -> None:
    """Compute in the parent what a stage's preparation shares, so a forked child does not redo it."""
    _ = ctx.loaded
    if key in ("diagram", "pdf", "pdf_dot"):
        _ = ctx.checked
    if key in ("pdf", "pdf_dot"):
        _ = ctx.session


def _load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def _busy_note(results: dict[str, dict[int, Measured]]) -> str | None:
    """Say so when wall time ran well above CPU time: other work on the machine stretched the timings."""
    wall = sum(m.wall_median_s or 0 for v in results.values() for m in v.values() if m.cpu_s)
    cpu = sum(m.cpu_median_s or 0 for v in results.values() for m in v.values() if m.cpu_s)
    if cpu and wall / cpu > 1.25:
        return (
            f"wall time was {wall / cpu:.2f}× the CPU time: the machine was busy (or a stage waits on a "
            "subprocess such as `dot`); cpu_medians_ms in the JSON is the steadier figure"
        )
    return None


if __name__ == "__main__":
    sys.exit(main())
