"""The in-process passes of a run: find the stages, warm them up, time them at each size, then their peak memory."""

from __future__ import annotations

import contextlib
import gc
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.adapter import Missing
from benchmarks.generate import MODELS, write_model
from benchmarks.memory import memory_entry
from benchmarks.stages import STAGES, Context, Prepare
from benchmarks.timing import Measured, ms, time_stage

WARMUP_NODES = 20
STAGE_LIMIT_S = 120.0
"""A stage whose estimated time at the next size (1.2 × the size ratio × the last) exceeds this is not run there."""
GROWTH_ESTIMATE = 1.2
SHARES_WARM_UP = {"pdf_dot"}
"""Stages whose imports another stage's warm-up already made (the PDF's), and whose own would only run `dot`."""
Say = Callable[[str], None]


def resolve_stages(say: Say) -> tuple[dict[str, Prepare | None], dict[str, str]]:
    """Each stage's ``prepare``, or None with the reason (a moved entry point, a module failing to import)."""
    prepared: dict[str, Prepare | None] = {}
    missing: dict[str, str] = {}
    for stage in STAGES:
        try:
            prepared[stage.key] = stage.resolve()
        except Missing as exc:
            prepared[stage.key], missing[stage.key] = None, str(exc)
        except Exception as exc:  # a half-landed module must not stop the other stages
            prepared[stage.key], missing[stage.key] = None, f"error on import: {type(exc).__name__}: {exc}"[:200]
    for key, reason in missing.items():
        say(f"[yellow]{key}[/]: {reason}")
    return prepared, missing


def warm_up(prepared: dict[str, Prepare | None], missing: dict[str, str], workdir: Path, say: Say) -> None:
    """One untimed run of every stage on a 20-node model: imports, vocabularies, rule catalog, form, fonts."""
    path, _ = write_model(WARMUP_NODES, MODELS / f"synthetic-warmup-{WARMUP_NODES}.yaml")
    warm = Context(WARMUP_NODES, path, workdir)
    for stage in STAGES:
        prepare = prepared[stage.key]
        if prepare is None or stage.key in SHARES_WARM_UP:
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


def timing_pass(
    sizes: list[int],
    paths: dict[int, Path],
    prepared: dict[str, Prepare | None],
    missing: dict[str, str],
    settings: dict[str, Any],
    workdir: Path,
    say: Say,
) -> tuple[dict[str, dict[int, Measured]], Context | None]:
    """Every stage at every size; returns the measurements and the largest size's context (model loaded)."""
    results: dict[str, dict[int, Measured]] = {s.key: {} for s in STAGES}
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
            if last is not None and last[1] * GROWTH_ESTIMATE * size / last[0] > STAGE_LIMIT_S:
                results[stage.key][size] = Measured(
                    status=f"skipped: {last[1]:.0f} s (wall) at {last[0]:,} nodes, so over "
                    f"{STAGE_LIMIT_S:.0f} s expected here"
                )
                continue
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    measured = time_stage(
                        prepare,
                        ctx,
                        settings["repeat"],
                        settings["budget_s"],
                        settings["clock"],
                        keep=stage.key == "load",
                    )
                if stage.key == "load" and measured.result is not None:
                    ctx._loaded, measured.result = measured.result, None  # the later stages start from it
            except Missing as exc:  # an entry point its preparation needs (e.g. check for the diagram) moved
                measured = Measured(status=str(exc))
            except Exception as exc:
                measured = Measured(status=f"error: {type(exc).__name__}: {exc}"[:200])
            results[stage.key][size] = measured
            if measured.median_s is not None:
                previous[stage.key] = (size, measured.wall_median_s or measured.median_s)
                say(f"{size:>6,} {stage.title:<26} {ms(measured.median_s):>9} ms ({measured.runs} runs)")
            else:
                say(f"{size:>6,} {stage.title:<26} {measured.status}")
        if size == max(sizes):
            kept = ctx  # the largest model stays loaded for the memory pass and pytm
        del ctx
        gc.collect()
    return results, kept


def memory_pass(
    results: dict[str, dict[int, Measured]],
    prepared: dict[str, Prepare | None],
    kept: Context,
    budget_s: float,
    say: Say,
) -> dict[str, dict[str, Any]]:
    """Peak memory of each stage at the largest size: tracemalloc in a forked child when it fits the budget."""
    memory: dict[str, dict[str, Any]] = {}
    for stage in STAGES:
        prepare = prepared[stage.key]
        measured = results[stage.key].get(kept.size)
        if prepare is None or measured is None or measured.median_s is None or stage.bounds:
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                kept.prewarm(stage.key)
        except Missing:
            continue
        estimate = measured.wall_median_s or measured.median_s
        entry = memory_entry(prepare, kept, estimate, budget_s, measured.rss_mb)
        memory[stage.key] = entry
        measured.peak_mb, measured.peak_how = entry["mb"], entry["how"]
        shown = "—" if entry["mb"] is None else f"{entry['mb']:,.0f} MB"
        say(f"peak memory {stage.title:<26} {shown:>9}  [dim]{entry['how']}[/]")
    return memory


def per_size(results: dict[str, dict[int, Measured]], function: Callable[[Measured], Any]) -> dict[str, dict[str, Any]]:
    return {key: {str(size): function(m) for size, m in by_size.items()} for key, by_size in results.items()}


def busy_note(results: dict[str, dict[int, Measured]]) -> str | None:
    """Say so when wall time ran well above CPU time: other work on the machine stretched the timings."""
    wall = sum(m.wall_median_s or 0 for v in results.values() for m in v.values() if m.cpu_s)
    cpu = sum(m.cpu_median_s or 0 for v in results.values() for m in v.values() if m.cpu_s)
    if cpu and wall / cpu > 1.25:
        return (
            f"wall time was {wall / cpu:.2f}× the CPU time: the machine was busy (or a stage waits on a "
            "subprocess such as `dot`); cpu_medians_ms in the JSON is the steadier figure"
        )
    return None
