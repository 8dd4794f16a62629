"""Timed runs of one stage: CPU and wall time of each run, the median, and the resident-set growth for free."""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CLOCK_NAMES = {"cpu": "CPU time", "wall": "wall time"}


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


def proc_status(field_name: str) -> int | None:
    """A ``kB`` field of /proc/self/status in bytes (VmRSS, VmHWM), or None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def reset_high_water_mark() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS (Linux ≥ 4.0)
        return True
    except OSError:
        return False


def time_stage(
    prepare: Callable[[Any], Callable[[], Any]],
    ctx: Any,
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
        tracked = reset_high_water_mark()
        before = proc_status("VmRSS") if tracked else None
        cpu = cpu_time()
        start = time.perf_counter()
        result = run()
        measured.times_s.append(time.perf_counter() - start)
        measured.cpu_s.append(cpu_time() - cpu)
        peak = proc_status("VmHWM") if tracked else None
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


def ms(seconds: float | None) -> str:
    """Milliseconds with as many decimals as matter (1,234 / 56.7 / 8.90)."""
    if seconds is None:
        return "—"
    value = seconds * 1e3
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}" if value >= 10 else f"{value:,.2f}"


def seconds_text(seconds: float | None) -> str:
    """Seconds for the summary table (2.04 s, 0.612 s, 15.9 s; 0.21 ms below 10 ms)."""
    if seconds is None:
        return "—"
    if seconds < 0.01:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.3f} s" if seconds < 1 else f"{seconds:.2f} s" if seconds < 10 else f"{seconds:,.1f} s"
