"""Time every stage of pia-toolkit on synthetic models of 100, 1,000 and 10,000 nodes, beside its floor or peer.

    python -m benchmarks.run [--sizes 100,1000,10000] [--repeat 5] [--quick] [--no-pytm] [--no-memory]
                             [--no-process] [--clock cpu|wall] [--budget S] [--pin] [-o FILE]
                             [--markdown] [--profile STAGE]

In-process stages (median of up to ``--repeat`` runs each, within a time budget per stage and size), their
floors (the C parser's event stream, a bare loop over the flows) and OWASP pytm's resolve() on the same model;
their growth from 1,000 to 10,000 nodes and peak memory; then the ``pia`` command as a user runs it (whole
``pia check`` at each size, start-up, ``pia review`` to its first screen, ``pia render`` at 1,000 nodes). The
output ends with one summary table of the targets. Results go to ``benchmarks/results/latest.json``; see
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from benchmarks import process, runner
from benchmarks.adapter import REFERENCE_EXAMPLE
from benchmarks.generate import RESULTS, summary, write_model
from benchmarks.machine import machine_info, pin_to_one_core
from benchmarks.pytm_side import pytm_installed, run_pytm
from benchmarks.report import markdown, print_tables
from benchmarks.stages import STAGE_KEYS, STAGES, Context
from benchmarks.targets import (
    EXPORT_NODES,
    GROWTH_LIMIT,
    LOAD_FLOOR_TARGET,
    PYTM_TARGET,
    RENDER_NODES,
    growth,
    missed,
    summary_rows,
)
from benchmarks.tui_probe import review_first_screen

MEMORY_LIMIT_S = 60.0
"""The tracemalloc run of one stage is given up after this (20 s with --quick)."""
RENDER_TIMEOUT_S = 120.0
"""`pia render` of the 1,000-node model is given this long (60 s with --quick); pia itself gives dot 300 s."""


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "").replace(",", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 2:
        raise argparse.ArgumentTypeError("sizes are node counts of at least 2, e.g. 100,1000,10000")
    return sizes


def arguments(argv: Iterable[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[100, 1000, 10000], help="node counts (100,1000,10000)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per stage and size (5; --quick: 3)")
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller time budgets, render cut at 60 s")
    parser.add_argument("--budget", type=float, default=None, help="seconds of runs per stage and size (20; quick 10)")
    parser.add_argument("--no-pytm", action="store_true", help="skip the side-by-side with OWASP pytm")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory pass")
    parser.add_argument("--no-process", action="store_true", help="skip the whole-process figures (pia as a command)")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="what the stage table shows: CPU time of the process and its children (default), or wall time",
    )
    parser.add_argument("--pin", action="store_true", help="pin the process to one core (sched_setaffinity)")
    parser.add_argument("-o", "--output", type=Path, default=RESULTS / "latest.json")
    parser.add_argument(
        "--markdown", action="store_true", help="print the results file (-o) as the README's tables; run nothing"
    )
    parser.add_argument(
        "--profile",
        choices=STAGE_KEYS,
        metavar="STAGE",
        help=f"run only STAGE once at its largest size under cProfile; one of {', '.join(STAGE_KEYS)}",
    )
    return parser.parse_args(list(argv) if argv is not None else None)


def main(argv: Iterable[str] | None = None) -> int:
    from rich.console import Console

    args = arguments(argv)
    if args.markdown:
        print(markdown(json.loads(args.output.read_text(encoding="utf-8"))))
        return 0
    if args.profile:
        from benchmarks.profile import profile_stage

        print(profile_stage(args.profile, args.sizes))
        return 0
    settings: dict[str, Any] = {
        "repeat": args.repeat or (3 if args.quick else 5),
        "budget_s": args.budget or (10.0 if args.quick else 20.0),
        "memory_budget_s": 20.0 if args.quick else MEMORY_LIMIT_S,
        "render_timeout_s": 60.0 if args.quick else RENDER_TIMEOUT_S,
        "export_timeout_s": 120.0 if args.quick else process.EXPORT_TIMEOUT_S,
        "quick": args.quick,
        "clock": args.clock,
    }
    sizes: list[int] = args.sizes
    console = Console(width=None if sys.stdout.isatty() else 140)
    began = time.perf_counter()

    def say(message: str) -> None:
        console.print(f"[dim]{time.perf_counter() - began:6.1f} s[/]  {message}")

    settings["pinned_core"] = pin_to_one_core() if args.pin else None
    machine = machine_info()
    console.print(
        f"[bold]pia-toolkit benchmarks[/]  {machine['cpu']} · {machine['cores']} cores · Python {machine['python']}"
        f" · up to {settings['repeat']} runs / {settings['budget_s']:.0f} s per stage and size"
    )

    models: dict[str, dict[str, Any]] = {}
    paths: dict[int, Path] = {}
    for size in sizes:
        start = time.perf_counter()
        path, model = write_model(size)
        elapsed = time.perf_counter() - start
        paths[size] = path
        models[str(size)] = {k: len(model[k]) for k in ("nodes", "flows", "zones", "data", "contracts")}
        models[str(size)].update(bytes=path.stat().st_size, generate_ms=elapsed * 1e3)
        say(f"model {size:,}: {summary(model)}; {path.stat().st_size / 1e6:.1f} MB, generated in {elapsed:.2f} s")
        del model

    workdir = Path(tempfile.mkdtemp(prefix="pia-bench-"))
    memory: dict[str, dict[str, Any]] = {}
    pytm: dict[int, dict[str, Any]] = {}
    measured_process: dict[str, Any] = {}
    try:
        prepared, missing = runner.resolve_stages(say)
        runner.warm_up(prepared, missing, workdir, say)
        results, kept = runner.timing_pass(sizes, paths, prepared, missing, settings, workdir, say)
        if not args.no_memory and kept is not None:
            memory = runner.memory_pass(results, prepared, kept, settings["memory_budget_s"], say)
        if not args.no_pytm:
            if pytm_installed():

                def context(size: int) -> Context:
                    return kept if kept is not None and size == kept.size else Context(size, paths[size], workdir)

                pytm = run_pytm(sizes, context, args.clock, say)
            else:
                say("[yellow]pytm[/]: not installed (pip install -e '.[bench]'); side-by-side skipped")
        kept = None  # the largest model is not needed by the subprocess passes: free it first
        gc.collect()
        if not args.no_process:
            measured_process["pia_check"] = process.whole_check(paths, settings["repeat"], settings["budget_s"], say)
            measured_process["startup"] = process.startup(say)
            measured_process["review"] = review_first_screen(REFERENCE_EXAMPLE, workdir, say)
            measured_process["render"] = process.render(
                paths.get(RENDER_NODES), RENDER_NODES, settings["render_timeout_s"], workdir, say
            )
            exported = {"example": process.largest_example(), "synthetic": paths.get(EXPORT_NODES)}
            measured_process["export"] = process.pdf_exports(exported, settings["export_timeout_s"], workdir, say)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    medians = runner.per_size(results, lambda m: None if m.median_s is None else m.median_s * 1e3)
    busy = runner.busy_note(results)
    payload: dict[str, Any] = {
        "machine": machine,
        "settings": settings,
        "sizes": sizes,
        "models": models,
        "stages": [
            {"key": s.key, "title": s.title, "measures": s.measures, "note": s.note, "bounds": s.bounds} for s in STAGES
        ],
        "clock": args.clock,
        "medians_ms": medians,
        "wall_medians_ms": runner.per_size(
            results, lambda m: None if m.wall_median_s is None else m.wall_median_s * 1e3
        ),
        "cpu_medians_ms": runner.per_size(results, lambda m: None if m.cpu_median_s is None else m.cpu_median_s * 1e3),
        "runs": runner.per_size(results, lambda m: m.runs),
        "times_ms": runner.per_size(results, lambda m: [round(t * 1e3, 3) for t in m.times_s]),
        "status": runner.per_size(results, lambda m: m.status),
        "rss_growth_mb": runner.per_size(results, lambda m: m.rss_mb),
        "growth": growth(medians, sizes),
        "peak_memory_mb": {"nodes": max(sizes) if memory else None, "stages": memory},
        "pytm": {str(s): row for s, row in pytm.items()},
        "process": measured_process,
        "notes": [n for n in (busy,) if n],
    }
    payload["summary"] = summary_rows(payload)
    payload["targets"] = {
        "growth": GROWTH_LIMIT,
        "load_floor_ratio": LOAD_FLOOR_TARGET,
        "pytm_ratio": PYTM_TARGET,
        "missed": missed(payload),
    }
    payload["total_s"] = time.perf_counter() - began

    console.print()
    for stage in STAGES:
        for reason in dict.fromkeys(m.status for m in results[stage.key].values() if m.median_s is None):
            console.print(f"  [dim]{stage.title}: {reason}[/]")
    for miss in payload["targets"]["missed"]:
        console.print(f"[red]target missed:[/] {miss}")
    for note in payload["notes"]:
        console.print(f"[yellow]{note}[/]")
    console.print(f"[dim]total {payload['total_s']:.0f} s; results in {args.output}[/]")
    print_tables(console, payload)  # ends with the summary table
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
