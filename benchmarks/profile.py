"""``--profile STAGE``: one run of a stage at the largest size it is measured at, under cProfile.

Prints the top entries by cumulative time, so that whoever works on a stage sees where its time still goes.
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import pstats
import shutil
import tempfile
from pathlib import Path

from benchmarks.adapter import Missing
from benchmarks.generate import write_model
from benchmarks.runner import WARMUP_NODES
from benchmarks.stages import Context, stage_by_key

TOP = 25


def profile_stage(key: str, sizes: list[int], top: int = TOP) -> str:
    """The pstats text (sorted by cumulative time) of one run of stage ``key``."""
    stage = stage_by_key(key)
    allowed = [s for s in sizes if not stage.max_nodes or s <= stage.max_nodes] or [min(sizes)]
    size = max(allowed)
    try:
        prepare = stage.resolve()
    except Missing as exc:
        return f"{stage.title}: {exc}"
    workdir = Path(tempfile.mkdtemp(prefix="pia-profile-"))
    try:
        warm_path, _ = write_model(WARMUP_NODES, workdir / "warm.yaml")
        path, _ = write_model(size, workdir / f"synthetic-{size}.yaml")  # not the run's file: a run may be reading it
        with contextlib.redirect_stdout(io.StringIO()):
            prepare(Context(WARMUP_NODES, warm_path, workdir))()  # imports and caches outside the profile
            ctx = Context(size, path, workdir)
            ctx.prewarm(key)
            run = prepare(ctx)
            profiler = cProfile.Profile()
            profiler.runcall(run)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return f"cProfile of {stage.title} at {size:,} nodes (one run; top {top} by cumulative time)\n{out.getvalue()}"
