"""Peak memory of one stage: a single run under tracemalloc, in a forked child so it can be given up."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

TRACEMALLOC_SLOWDOWN = 10.0
"""Rough slowdown under tracemalloc (4-20× for allocation-heavy code; loading 10,000 nodes did not finish in 90 s
after 6.7 s untraced), to skip tracing runs that would not finish within the memory budget."""


def peak_memory(prepare: Callable[[Any], Callable[[], Any]], ctx: Any) -> float:
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


def peak_memory_limited(prepare: Callable[[Any], Callable[[], Any]], ctx: Any, timeout_s: float) -> float | None:
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


def memory_entry(
    prepare: Callable[[Any], Callable[[], Any]], ctx: Any, estimate_s: float, budget_s: float, rss_mb: float | None
) -> dict[str, Any]:
    """Traced peak when tracing fits the budget, else the timed run's resident-set growth, marked as such."""
    estimate = estimate_s * TRACEMALLOC_SLOWDOWN
    peak = peak_memory_limited(prepare, ctx, budget_s) if estimate <= budget_s else None
    if peak is not None:
        return {"mb": peak, "how": "tracemalloc"}
    if rss_mb is not None:
        why = (
            f"tracemalloc did not finish within {budget_s:.0f} s"
            if estimate <= budget_s
            else f"tracemalloc would take ~{estimate:.0f} s"
        )
        return {"mb": rss_mb, "how": f"RSS high-water growth in the timed run ({why})"}
    return {"mb": None, "how": "not measured"}
