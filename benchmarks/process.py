"""Whole-process figures: the ``pia`` command run as a user runs it, timed from outside.

Each run is one child process in its own session (so a timeout also ends the ``dot`` it started); wall time is
taken around it with ``perf_counter``, CPU time from ``os.wait4``. The peak resident set comes from GNU
``/usr/bin/time`` wrapped around the command: ``ru_maxrss`` of a child spawned straight from this process would
start at *this* process's high-water mark (Linux carries the pre-exec memory's peak over exec), which at 10,000
nodes is over a gigabyte. Without ``/usr/bin/time`` the figure is that inflated one, and marked so.

Children run without ``PYTHONDONTWRITEBYTECODE``, so the first run leaves the bytecode cache a user's
installation has; start-up commands get one untimed run first for that reason.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.adapter import REFERENCE_EXAMPLE, Missing, pia_command

CHECK_TIMEOUT_S = 300.0
STARTUP_RUNS = 7
"""Runs of each start-up command (`pia --help`, `python -c pass`, `pia check` of the reference example)."""


@dataclass
class ProcessRun:
    wall_s: float
    cpu_s: float | None
    peak_rss_mb: float | None
    returncode: int | None
    timed_out: bool
    stderr: str = ""


GNU_TIME = Path("/usr/bin/time")


def child_environment() -> dict[str, str]:
    """This environment without PYTHONDONTWRITEBYTECODE (set on the benchmark machine, not on a user's)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_process(command: Sequence[str | Path], timeout_s: float, cwd: Path | None = None) -> ProcessRun:
    """Run ``command`` to its end or until ``timeout_s`` (then the whole process group is killed)."""
    argv = [str(part) for part in command]
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r", suffix=".time") as peak:
        if GNU_TIME.exists():
            argv = [str(GNU_TIME), "-f", "%M", "-o", peak.name, *argv]
        start = time.perf_counter()
        child = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=cwd,
            env=child_environment(),
            start_new_session=True,
        )
        fired = threading.Event()

        def kill() -> None:
            fired.set()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)

        timer = threading.Timer(timeout_s, kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if fired.is_set():  # `dot` may outlive pia by a moment: make sure the group is gone
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)
        err.seek(0)
        tail = err.read()[-400:].decode("utf-8", "replace")
        rss_kb = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
        reported = peak.read().split()
        if GNU_TIME.exists() and reported and reported[-1].isdigit():
            rss_kb = int(reported[-1])  # the last line; a killed child's line is preceded by a note
    return ProcessRun(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=rss_kb * 1024 / 1e6,
        returncode=child.returncode,
        timed_out=fired.is_set(),
        stderr=tail if child.returncode else "",
    )


def repeated(
    command: Sequence[str | Path], runs: int, budget_s: float, timeout_s: float, *, warm: bool = False
) -> dict[str, Any]:
    """Up to ``runs`` runs, stopping once ``budget_s`` is used: medians of wall and CPU, the largest peak RSS."""
    if warm:
        run_process(command, timeout_s)  # untimed: bytecode cache and page cache as on a user's second run
    done: list[ProcessRun] = []
    for _ in range(runs):
        done.append(run_process(command, timeout_s))
        if done[-1].timed_out or done[-1].returncode not in (0, None):
            break
        walls = [r.wall_s for r in done]
        if sum(walls) + statistics.median(walls) > budget_s:
            break
    last = done[-1]
    ok = [r for r in done if not r.timed_out and r.returncode == 0]
    if not ok:
        why = f"timed out after {timeout_s:.0f} s" if last.timed_out else f"exit {last.returncode}: {last.stderr}"
        return {"status": f"error: {why}"[:300], "runs": len(done)}
    return {
        "status": "ok",
        "runs": len(ok),
        "wall_s": statistics.median(r.wall_s for r in ok),
        "cpu_s": statistics.median(r.cpu_s or 0.0 for r in ok),
        "peak_rss_mb": max(r.peak_rss_mb or 0.0 for r in ok),
        "walls_s": [round(r.wall_s, 4) for r in ok],
        "rss_how": "GNU time %M" if GNU_TIME.exists() else "wait4 ru_maxrss (includes this process's peak at spawn)",
    }


def whole_check(paths: dict[int, Path], runs: int, budget_s: float, say: Callable[[str], None]) -> dict[str, Any]:
    """``pia check MODEL --format json -o /dev/null --fail-on none`` at each size."""
    try:
        pia = pia_command()
    except Missing as exc:
        return {str(size): {"status": str(exc)} for size in paths}
    out: dict[str, Any] = {}
    for size, path in paths.items():
        command = [pia, "check", path, "--format", "json", "-o", os.devnull, "--fail-on", "none"]
        row = out[str(size)] = repeated(command, runs, budget_s, CHECK_TIMEOUT_S)
        if row["status"] == "ok":
            say(
                f"{size:>6,} pia check (process)  {row['wall_s']:8.2f} s wall, {row['cpu_s']:.2f} s CPU, "
                f"{row['peak_rss_mb']:,.0f} MB peak RSS ({row['runs']} runs)"
            )
        else:
            say(f"{size:>6,} pia check (process)  {row['status']}")
    return out


def startup(say: Callable[[str], None], runs: int = STARTUP_RUNS) -> dict[str, Any]:
    """`pia --help`, a bare `python -c pass`, and `pia check` of the reference example: median wall of each."""
    out: dict[str, Any] = {"python": repeated([sys.executable, "-c", "pass"], runs, 60, 60, warm=True)}
    try:
        pia = pia_command()
    except Missing as exc:
        out["help"] = out["example"] = {"status": str(exc)}
        return out
    out["help"] = repeated([pia, "--help"], runs, 60, 60, warm=True)
    if REFERENCE_EXAMPLE.exists():
        out["example"] = repeated([pia, "check", REFERENCE_EXAMPLE, "--fail-on", "none"], runs, 60, 60, warm=True)
    else:
        out["example"] = {"status": f"missing: {REFERENCE_EXAMPLE.name} is not in flows/examples/"}
    for key, label in (("python", "python -c pass"), ("help", "pia --help"), ("example", "pia check example")):
        row = out[key]
        shown = f"{row['wall_s']:.3f} s wall (median of {row['runs']})" if row["status"] == "ok" else row["status"]
        say(f"start-up {label:<18} {shown}")
    return out


def render(path: Path | None, size: int, timeout_s: float, workdir: Path, say: Callable[[str], None]) -> dict[str, Any]:
    """``pia render MODEL -o X.svg|X.png --findings``, both at once (a core each), each given ``timeout_s``."""
    if path is None:
        return {"status": f"not run: no {size:,}-node model in --sizes"}
    try:
        pia = pia_command()
    except Missing as exc:
        return {"status": str(exc)}
    runs: dict[str, ProcessRun] = {}

    def one(fmt: str) -> None:
        runs[fmt] = run_process([pia, "render", path, "-o", workdir / f"render-{size}.{fmt}", "--findings"], timeout_s)

    threads = [threading.Thread(target=one, args=(fmt,)) for fmt in ("svg", "png")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out: dict[str, Any] = {"status": "ok", "nodes": size, "timeout_s": timeout_s}
    for fmt, run in runs.items():
        entry = asdict(run)
        if run.timed_out:
            entry["status"] = f"timed out after {timeout_s:.0f} s"
        elif run.returncode:
            entry["status"] = f"error: exit {run.returncode}: {run.stderr}"[:300]
        else:
            entry["status"] = "ok"
        out[fmt] = entry
        shown = f"{run.wall_s:.1f} s wall" if entry["status"] == "ok" else entry["status"]
        say(f"{size:>6,} pia render .{fmt:<3}       {shown}")
    return out


EXPORT_RUNS = 3
"""Timed runs of each export (medians): one run on a shared machine strays by a fifth either way."""
EXPORT_TIMEOUT_S = 300.0
"""`pia export` of one model is given this long (120 s with --quick); Graphviz lays out 別添1 inside it."""
EXAMPLES = REFERENCE_EXAMPLE.parent


def largest_example() -> Path | None:
    """The largest reference model in ``flows/examples/`` (by file size): the longest report a council sees."""
    found = sorted(EXAMPLES.glob("*.yaml"), key=lambda p: (p.stat().st_size, p.name))
    return found[-1] if found else None


def pdf_exports(
    models: dict[str, Path | None], timeout_s: float, workdir: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    """``pia export MODEL -o X.pdf`` (the assessment beside the model, or one pre-filled in memory; Graphviz's 別添1
    included) beside ``pia check MODEL`` of the same file: the export cannot cost less than opening and checking the model,
    so that is its floor. One untimed run first (bytecode cache), then up to :data:`EXPORT_RUNS` timed runs of each
    within the timeout."""
    try:
        pia = pia_command()
    except Missing as exc:
        return {label: {"status": str(exc)} for label in models}
    out: dict[str, Any] = {}
    for label, path in models.items():
        if path is None:
            out[label] = {"status": "not run: no such model"}
            continue
        pdf = workdir / f"export-{label}.pdf"
        command = [pia, "export", path, "-o", pdf]
        row = repeated(command, EXPORT_RUNS, timeout_s, timeout_s, warm=label == "example")
        floor = repeated([pia, "check", path, "--fail-on", "none", "--format", "json", "-o", os.devnull], 1, 60, 120)
        row["model"] = str(path.name)
        row["check"] = floor
        row["pages"] = _pages(pdf) if row["status"] == "ok" else None
        out[label] = row
        if row["status"] == "ok":
            pages = f", {row['pages']} pages" if row["pages"] else ""
            say(f"pia export {label:<8} {path.name}: {row['wall_s']:.1f} s wall, {row['cpu_s']:.1f} s CPU{pages}")
        else:
            say(f"pia export {label:<8} {path.name}: {row['status']}")
    return out


def _pages(pdf: Path) -> int | None:
    """The page count (pypdf, from the test extra), or None without it."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    try:
        return len(PdfReader(str(pdf)).pages)
    except Exception:  # a damaged file: the row still has its time
        return None
