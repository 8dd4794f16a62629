"""`pia review` to its first full screen, timed from the parent's spawn of a fresh interpreter.

The child does what ``pia review MODEL --assessment TMP`` does before the reviewer sees anything: imports the
command line (``build_cli``), opens the session (load, check, pre-fill the new assessment), then runs the
:class:`ReviewApp` headless under Textual's ``App.run_test()`` until the first ``await pilot.pause()``, when the
review screen is composed, mounted and laid out. It prints CLOCK_MONOTONIC stamps, which the parent compares
with its own stamp taken just before the spawn, so the figure includes interpreter start-up and every import.
Headless, because polling a tmux pane for "the screen is complete" depends on what the screen shows, which
the TUI's authors are free to change; the terminal write itself (a few ms) is what this leaves out.

    python -m benchmarks.tui_probe MODEL ASSESSMENT     (prints one JSON line)
"""

from __future__ import annotations

import time

STARTED = time.monotonic()

import asyncio  # noqa: E402 - the stamp above comes first on purpose
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

SCREEN_SIZE = (120, 40)
RUNS = 5
TIMEOUT_S = 120.0


async def first_screen(model: Path, assessment: Path) -> dict[str, Any]:
    from benchmarks.adapter import entry

    stamps: dict[str, Any] = {"started": STARTED}
    entry("build_cli")()
    stamps["cli"] = time.monotonic()
    session = entry("open_model")(model, assessment="prefilled", assessment_file=assessment)
    stamps["session"] = time.monotonic()
    app = entry("ReviewApp")(session, "ja")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await pilot.pause()
        stamps["screen"] = time.monotonic()
        stamps["widgets"] = len(list(app.screen.query("*")))
        stamps["screen_name"] = type(app.screen).__name__
    return stamps


def review_first_screen(model: Path, workdir: Path, say: Callable[[str], None], runs: int = RUNS) -> dict[str, Any]:
    """The parent's side: ``runs`` fresh children, each on a new assessment file; medians of each phase."""
    from benchmarks.process import child_environment

    root = Path(__file__).resolve().parents[1]
    phases: dict[str, list[float]] = {"total": [], "startup_and_cli": [], "open_session": [], "first_screen": []}
    widgets = None
    for run in range(runs):
        assessment = workdir / f"review-{run}.assessment.yaml"
        assessment.unlink(missing_ok=True)
        spawned = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.tui_probe", str(model), str(assessment)],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                cwd=root,
                env=child_environment(),
                check=False,
            )
        except subprocess.TimeoutExpired:
            return {"status": f"error: timed out after {TIMEOUT_S:.0f} s"}
        lines = done.stdout.strip().splitlines()
        if done.returncode or not lines:
            return {"status": f"error: exit {done.returncode}: {done.stderr[-300:]}"}
        stamps = json.loads(lines[-1])
        if "missing" in stamps:
            return {"status": stamps["missing"]}
        phases["total"].append(stamps["screen"] - spawned)
        phases["startup_and_cli"].append(stamps["cli"] - spawned)
        phases["open_session"].append(stamps["session"] - stamps["cli"])
        phases["first_screen"].append(stamps["screen"] - stamps["session"])
        widgets = stamps.get("widgets")
    out: dict[str, Any] = {"status": "ok", "runs": runs, "widgets": widgets, "method": "run_test in a fresh child"}
    out.update({f"{phase}_s": statistics.median(values) for phase, values in phases.items()})
    out["wall_s"] = out["total_s"]
    out["walls_s"] = [round(value, 4) for value in phases["total"]]
    say(
        f"pia review first screen  {out['total_s']:.3f} s wall (start-up + CLI {out['startup_and_cli_s']:.3f}, "
        f"open_session {out['open_session_s']:.3f}, compose to first pause {out['first_screen_s']:.3f}; "
        f"median of {runs})"
    )
    return out


def main(argv: list[str]) -> int:
    from benchmarks.adapter import Missing

    try:
        stamps = asyncio.run(first_screen(Path(argv[0]), Path(argv[1])))
    except Missing as exc:
        stamps = {"missing": str(exc)}
    print(json.dumps(stamps))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
