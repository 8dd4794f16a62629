"""The targets, and the one summary table that says for each what was measured, beside what, and whether it is met.

Rows are built from the results payload (the JSON), so the console, the results file and ``--markdown`` show the
same table.
"""

from __future__ import annotations

from typing import Any

from benchmarks.timing import seconds_text

GROWTH_LIMIT = 12.0
"""A stage whose time grows more than this from 1,000 to 10,000 nodes grows faster than linearly."""
LOAD_FLOOR_TARGET = 1.4
"""load + validate at most this many times the C parser's bare event stream over the same file."""
PYTM_TARGET = 30.0
"""pia check at least this many times faster than pytm's resolve() on the same model."""
WHOLE_CHECK_WALL_S = 3.0
WHOLE_CHECK_RSS_MB = 350.0
"""`pia check` of the 10,000-node model as a whole process: wall time and peak resident set."""
HELP_S = 0.12
EXAMPLE_CHECK_S = 0.25
REVIEW_S = 0.6
RENDER_NODES = 1000
RENDER_S = 30.0
"""`pia render` of the 1,000-node model (an overview and one drawing per zone) finishes within this, wall."""
EXPORT_NODES = 100
"""`pia export` runs on the largest reference example and on the synthetic model of this many nodes."""
EXPORT_CPU_S = {"example": 1.5, "synthetic": 3.0}
"""CPU seconds (Graphviz included) the council-outputs issue asks of each export."""

SUMMARY_COLUMNS = ("what", "measured", "floor/peer ratio", "target", "met?")


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else "yes" if ok else "no"


def _median(payload: dict[str, Any], key: str, size: int) -> float | None:
    value = payload["medians_ms"].get(key, {}).get(str(size))
    return None if value is None else value / 1e3


def _clock(payload: dict[str, Any]) -> str:
    return "CPU" if payload.get("clock", "cpu") == "cpu" else "wall"


def _measured(payload: dict[str, Any], key: str, size: int) -> str:
    """A stage's median at ``size`` with its clock, or why there is none (missing, skipped...)."""
    value = _median(payload, key, size)
    if value is not None:
        return f"{seconds_text(value)} {_clock(payload)}"
    return payload["status"].get(key, {}).get(str(size), "not run") or "not run"


def _row(what: str, measured: str, ratio: str, target: str, ok: bool | None) -> dict[str, str]:
    return {"what": what, "measured": measured, "floor/peer ratio": ratio, "target": target, "met?": _met(ok)}


def _growth_row(payload: dict[str, Any], key: str, what: str, largest: int) -> dict[str, str]:
    grown = payload["growth"]
    ratio = grown["ratios"].get(key)
    limit = grown.get("limit") or GROWTH_LIMIT
    factor = grown["to"] / grown["from"] if grown.get("from") else 0
    measured = _measured(payload, key, largest)
    shown = "—" if ratio is None else f"growth {ratio:.1f}× for {factor:g}× the model"
    return _row(what, measured, shown, f"growth ≤ {limit:.0f}×", None if ratio is None else ratio <= limit)


def summary_rows(payload: dict[str, Any]) -> list[dict[str, str]]:
    """The rows of the closing table, in the order the brief of the benchmark fixes."""
    largest = max(payload["sizes"])
    n = f"{largest:,}"
    process = payload.get("process", {})
    rows = []

    whole = process.get("pia_check", {}).get(str(largest), {})
    if whole.get("status") == "ok":
        inside = sum(_median(payload, key, largest) or 0.0 for key in ("load", "graph", "check"))
        ratio = (
            f"{whole['wall_s'] / inside:.1f}× in-process load+graph+check ({seconds_text(inside)})" if inside else "—"
        )
        ok = whole["wall_s"] <= WHOLE_CHECK_WALL_S and whole["peak_rss_mb"] <= WHOLE_CHECK_RSS_MB
        measured = f"{seconds_text(whole['wall_s'])} wall, {whole['peak_rss_mb']:,.0f} MB peak RSS"
    else:
        ratio, ok, measured = "—", None, whole.get("status", "not run")
    target = f"≤ {WHOLE_CHECK_WALL_S:g} s, ≤ {WHOLE_CHECK_RSS_MB:g} MB"
    rows.append(_row(f"`pia check` {n} nodes, whole process", measured, ratio, target, ok))

    load, floor = _median(payload, "load", largest), _median(payload, "load_floor", largest)
    ratio_value = load / floor if load and floor else None
    rows.append(
        _row(
            f"load + validate {n}",
            _measured(payload, "load", largest),
            "—" if ratio_value is None else f"{ratio_value:.2f}× C parser floor ({seconds_text(floor)})",
            f"≤ {LOAD_FLOOR_TARGET:g}× floor",
            None if ratio_value is None else ratio_value <= LOAD_FLOOR_TARGET,
        )
    )

    check, loop = _median(payload, "check", largest), _median(payload, "check_floor", largest)
    pytm = payload.get("pytm", {}).get(str(largest), {})
    speedup = pytm.get("ratio_resolve")
    parts = []
    if speedup is not None:
        parts.append(f"{speedup:.1f}× faster than pytm resolve() ({seconds_text(pytm['pytm_resolve_ms'] / 1e3)})")
    if check and loop:
        parts.append(f"{check / loop:,.0f}× loop floor ({seconds_text(loop)})")
    rows.append(
        _row(
            f"full rule pack {n}",
            _measured(payload, "check", largest),
            "; ".join(parts) or "—",
            f"≥ {PYTM_TARGET:g}× pytm",
            None if speedup is None else speedup >= PYTM_TARGET,
        )
    )

    startup = process.get("startup", {})
    help_row, python = startup.get("help", {}), startup.get("python", {})
    if help_row.get("status") == "ok":
        bare = python.get("wall_s")
        ratio = f"python -c pass: {seconds_text(bare)} ({help_row['wall_s'] / bare:.0f}×)" if bare else "—"
        rows.append(
            _row(
                "`pia --help`",
                f"{seconds_text(help_row['wall_s'])} wall",
                ratio,
                f"≤ {HELP_S:g} s",
                help_row["wall_s"] <= HELP_S,
            )
        )
    else:
        rows.append(_row("`pia --help`", help_row.get("status", "not run"), "—", f"≤ {HELP_S:g} s", None))

    example = startup.get("example", {})
    if example.get("status") == "ok":
        bare = python.get("wall_s")
        ratio = f"{example['wall_s'] / help_row['wall_s']:.1f}× `pia --help`" if help_row.get("wall_s") else "—"
        ok = example["wall_s"] <= EXAMPLE_CHECK_S
        measured = f"{seconds_text(example['wall_s'])} wall"
    else:
        ratio, ok, measured = "—", None, example.get("status", "not run")
    rows.append(_row("`pia check` of a reference example", measured, ratio, f"≤ {EXAMPLE_CHECK_S:g} s", ok))

    review = process.get("review", {})
    if review.get("status") == "ok":
        ratio = (
            f"start-up + CLI {seconds_text(review['startup_and_cli_s'])}, open_session "
            f"{seconds_text(review['open_session_s'])}, screen {seconds_text(review['first_screen_s'])}"
        )
        ok = review["total_s"] <= REVIEW_S
        measured = f"{seconds_text(review['total_s'])} wall"
    else:
        ratio, ok, measured = "—", None, review.get("status", "not run")
    rows.append(_row("`pia review` to first full screen", measured, ratio, f"≤ {REVIEW_S:g} s", ok))

    rows.append(_growth_row(payload, "assessment", f"assessment pre-fill {n}", largest))
    rows.append(_growth_row(payload, "diagram", f"diagram DOT {n}", largest))

    render = process.get("render", {})
    if render.get("svg") or render.get("png"):
        cells, ok = [], True
        for fmt in ("png", "svg"):
            entry = render.get(fmt, {})
            state = entry.get("status", "not run")
            cells.append(f"{fmt.upper()} " + (f"{seconds_text(entry['wall_s'])} wall" if state == "ok" else state))
            ok = ok and state == "ok" and entry["wall_s"] <= RENDER_S
        measured, target = "; ".join(cells), f"each ≤ {RENDER_S:g} s"
    else:
        measured, ok, target = render.get("status", "not run"), None, "finishes"
    rows.append(_row(f"`pia render` PNG/SVG {RENDER_NODES:,} nodes", measured, "—", target, ok))

    for label, row in process.get("export", {}).items():
        what = f"PDF export: {row.get('model', label)}"
        if row.get("status") != "ok":
            state = row.get("status", "not run")
            rows.append(_row(what, state, "—", "finishes", False if "timed out" in state else None))
            continue
        floor = row.get("check", {})
        ratio = (
            f"{row['wall_s'] / floor['wall_s']:.1f}× `pia check` of it ({seconds_text(floor['wall_s'])})"
            if floor.get("status") == "ok" and floor.get("wall_s")
            else "—"
        )
        pages = (
            f", {row['pages']} pages ({row['cpu_s'] / row['pages'] * 1e3:.0f} ms CPU a page)"
            if row.get("pages")
            else ""
        )
        limit = EXPORT_CPU_S.get(label)
        measured = f"{seconds_text(row['cpu_s'])} CPU, {seconds_text(row['wall_s'])} wall{pages}"
        target = f"≤ {limit:g} s CPU" if limit is not None else "finishes"
        rows.append(_row(what, measured, ratio, target, row["cpu_s"] <= limit if limit is not None else True))
    return rows


def missed(payload: dict[str, Any]) -> list[str]:
    """Plain sentences naming each target missed: the summary's "no" rows and every stage growing too fast."""
    out = [
        f"{row['what']}: {row['measured']} (target {row['target']})"
        for row in payload["summary"]
        if row["met?"] == "no"
    ]
    grown = payload["growth"]
    factor = grown["to"] / grown["from"] if grown.get("from") else 0
    titles = {stage["key"]: stage["title"] for stage in payload["stages"]}
    for key in grown.get("faster_than_linear", []):
        if key in ("assessment", "diagram"):
            continue  # already a row of the summary
        out.append(
            f"{titles.get(key, key)} grows faster than linearly: {grown['ratios'][key]:.1f}× for {factor:g}× the model "
            f"(limit {grown['limit']:.1f}×)"
        )
    return out


def growth_span(sizes: list[int]) -> tuple[int, int, float]:
    """The sizes growth is measured between (1,000 → 10,000 when both ran, else the two largest) and its limit:
    1.2 × the size ratio, so 12× for a 10× larger model."""
    if {1000, 10000} <= set(sizes):
        small, large = 1000, 10000
    elif len(sizes) > 1:
        small, large = sizes[-2], sizes[-1]
    else:
        return 0, 0, 0.0
    return small, large, GROWTH_LIMIT * (large / small) / 10


def growth(medians_ms: dict[str, dict[str, float | None]], sizes: list[int]) -> dict[str, Any]:
    """time(large) / time(small) per stage, and the stages above the limit (by key)."""
    small, large, limit = growth_span(sizes)
    ratios: dict[str, float | None] = {}
    for key, per_size in medians_ms.items():
        a, b = per_size.get(str(small)), per_size.get(str(large))
        ratios[key] = b / a if a and b else None
    fast = [key for key, ratio in ratios.items() if ratio is not None and ratio > limit]
    return {"from": small, "to": large, "limit": limit, "ratios": ratios, "faster_than_linear": fast}
