"""OWASP pytm beside ``pia check``: the same model as a pytm model, its check + resolve, and pia's check."""

from __future__ import annotations

import contextlib
import gc
import importlib
import statistics
import time
from typing import Any

from benchmarks.adapter import Missing, entry
from benchmarks.stages import Context

PYTM_LIMIT_S = 120.0
"""pytm is run at a size only if its estimate (10× the previous size) stays under this."""


def pytm_installed() -> bool:
    try:
        importlib.import_module("pytm")
    except ModuleNotFoundError:
        return False
    return True


def pytm_side_by_side(ctx: Context, clock: str = "cpu") -> dict[str, Any]:
    """pytm's check + resolve and pia's check on the same model, in the same process (3 pia runs, median)."""
    from benchmarks import pytm_model

    check = entry("check")
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


def run_pytm(sizes: list[int], contexts: Any, clock: str, say: Any) -> dict[int, dict[str, Any]]:
    """pytm at each size while 10× its time at the previous size stays under :data:`PYTM_LIMIT_S`."""
    rows: dict[int, dict[str, Any]] = {}
    estimate = 0.0
    for size in sizes:
        if estimate > PYTM_LIMIT_S:
            rows[size] = {"skipped": f"skipped: estimated {estimate:,.0f} s > {PYTM_LIMIT_S:.0f} s"}
            say(f"pytm {size:,}: {rows[size]['skipped']}")
            continue
        ctx = contexts(size)
        try:
            row = pytm_side_by_side(ctx, clock)
        except Missing as exc:
            rows[size] = {"skipped": str(exc)}
            say(f"pytm {size:,}: {rows[size]['skipped']}")
            break
        except Exception as exc:  # pytm or the model moved under us: report it, keep the rest of the run
            rows[size] = {"skipped": f"error: {type(exc).__name__}: {exc}"[:200]}
            say(f"pytm {size:,}: {rows[size]['skipped']}")
            break
        rows[size] = row
        spent = (row["pytm_build_ms"] + row["pytm_total_ms"]) / 1e3
        next_size = next((s for s in sizes if s > size), size)
        estimate = spent * next_size / size
        say(
            f"pytm {size:,}: resolve {row['pytm_resolve_ms']:,.0f} ms vs pia check "
            f"{row['pia_check_ms']:,.1f} ms → {row['ratio_resolve']:,.0f}×"
        )
        del ctx
        gc.collect()
    return rows


def _pytm_threat_count() -> int | None:
    with contextlib.suppress(Exception):
        from pytm import TM

        return len(TM._threats)
    return None
