"""The tables of a run, built once from the results payload and shown on the console (rich) or as Markdown.

Each builder returns a title, the column headers and rows of cells; a :class:`Flag` cell is shown in red on the
console and in bold in Markdown. Floors and the pytm peer sit directly under the stage they bound.
"""

from __future__ import annotations

from typing import Any

from benchmarks.targets import SUMMARY_COLUMNS
from benchmarks.timing import CLOCK_NAMES, ms, seconds_text

Table = tuple[str, list[str], list[list[str]]]


class Flag(str):
    """A cell to draw attention to (a target missed, a stage growing faster than linearly)."""


def short_status(status: str) -> str:
    for word in ("missing", "error", "capped", "skipped", "timed out", "not run"):
        if status.startswith(word):
            return word
    return status[:12]


def _memory_cell(entry: dict[str, Any]) -> str:
    if entry.get("mb") is None:
        return "—"
    return f"{entry['mb']:,.0f}" if entry["how"] == "tracemalloc" else f"~{entry['mb']:,.0f} (RSS)"


def stage_table(payload: dict[str, Any]) -> Table:
    sizes, grown = payload["sizes"], payload["growth"]
    largest = max(sizes)
    memory = payload.get("peak_memory_mb") or {}
    factor = grown["to"] / grown["from"] if grown.get("from") else 0
    headers = ["stage", *(f"{s:,} nodes" for s in sizes), f"×{factor:g} growth", f"÷ floor / peer @ {largest:,}"]
    if memory.get("nodes"):
        headers.append(f"peak MB @ {memory['nodes']:,}")
    rows: list[list[str]] = []
    medians = payload["medians_ms"]

    def cells_for(key: str) -> list[str]:
        cells = []
        for size in sizes:
            value = medians[key].get(str(size))
            status = payload["status"][key].get(str(size), "")
            runs = payload["runs"][key].get(str(size))
            cells.append(short_status(status) if value is None else f"{ms(value / 1e3)} ({runs})")
        ratio = grown["ratios"].get(key)
        cells.append("—" if ratio is None else Flag(f"{ratio:.1f}×") if ratio > grown["limit"] else f"{ratio:.1f}×")
        return cells

    floors = {stage["bounds"]: stage for stage in payload["stages"] if stage.get("bounds")}
    for stage in payload["stages"]:
        key = stage["key"]
        if stage.get("bounds"):
            continue
        ratio_cell = "—"
        floor = floors.get(key)
        if floor is not None:
            a, b = medians[key].get(str(largest)), medians[floor["key"]].get(str(largest))
            ratio_cell = f"{a / b:,.1f}× floor" if a and b else "—"
        row = [stage["title"], *cells_for(key), ratio_cell]
        if memory.get("nodes"):
            row.append(_memory_cell((memory.get("stages") or {}).get(key) or {}))
        rows.append(row)
        if floor is not None:
            rows.append([f"  ↳ {floor['title']}", *cells_for(floor["key"]), "", *([""] if memory.get("nodes") else [])])
        if key == "check" and payload.get("pytm"):
            rows.append(_pytm_peer_row(payload, sizes, memory))
    title = f"pia-toolkit stages: median {CLOCK_NAMES[payload.get('clock', 'cpu')]} in ms (runs)"
    return title, headers, rows


def _pytm_peer_row(payload: dict[str, Any], sizes: list[int], memory: dict[str, Any]) -> list[str]:
    pytm = payload["pytm"]
    cells = ["  ↳ peer: pytm resolve()"]
    for size in sizes:
        row = pytm.get(str(size), {})
        cells.append(
            ms(row["pytm_resolve_ms"] / 1e3) if "pytm_resolve_ms" in row else short_status(row.get("skipped", "—"))
        )
    cells.append("")
    top = pytm.get(str(max(sizes)), {})
    cells.append(f"pia {top['ratio_resolve']:.1f}× faster" if "ratio_resolve" in top else "—")
    if memory.get("nodes"):
        cells.append("")
    return cells


def pytm_table(payload: dict[str, Any]) -> Table:
    pytm = payload["pytm"]
    clock = CLOCK_NAMES[next(iter(pytm.values()), {}).get("clock", "cpu")]
    headers = ["nodes", "pytm build", "pytm check", "pytm resolve", "pytm findings", "pia check", "pia findings"]
    headers += ["resolve ÷ pia", "check+resolve ÷ pia"]
    rows = []
    for size, row in pytm.items():
        if "skipped" in row:
            rows.append([f"{int(size):,}", row["skipped"], *[""] * 7])
            continue
        rows.append(
            [
                f"{int(size):,}",
                f"{row['pytm_build_ms']:,.0f}",
                f"{row['pytm_check_ms']:,.0f}",
                f"{row['pytm_resolve_ms']:,.0f}",
                f"{row['pytm_findings']:,}",
                f"{row['pia_check_ms']:,.1f}",
                f"{row['pia_findings']:,}",
                f"{row['ratio_resolve']:,.1f}×",
                f"{row['ratio_total']:,.1f}×",
            ]
        )
    return f"OWASP pytm vs pia check on the same model ({clock}, ms)", headers, rows


def process_table(payload: dict[str, Any]) -> Table:
    process = payload.get("process", {})
    headers = ["command", "wall", "CPU", "peak RSS MB", "runs"]
    rows: list[list[str]] = []

    def add(label: str, row: dict[str, Any]) -> None:
        if row.get("status") != "ok" or "wall_s" not in row:
            rows.append([label, row.get("status", "not run"), "", "", ""])
            return
        rss = row.get("peak_rss_mb")
        rows.append(
            [
                label,
                seconds_text(row["wall_s"]),
                seconds_text(row.get("cpu_s")),
                "—" if rss is None else f"{rss:,.0f}",
                str(row.get("runs", 1)),
            ]
        )

    for size, row in process.get("pia_check", {}).items():
        add(f"pia check {int(size):,} nodes --format json", row)
    startup = process.get("startup", {})
    for key, label in (("python", "python -c pass"), ("help", "pia --help"), ("example", "pia check (reference)")):
        if key in startup:
            add(label, startup[key])
    if "review" in process:
        add("pia review → first screen", process["review"])
    render = process.get("render", {})
    for fmt in ("svg", "png"):
        if fmt in render:
            add(f"pia render {render.get('nodes', 0):,} nodes .{fmt}", render[fmt])
    for label, row in process.get("export", {}).items():
        add(f"pia export {row.get('model', label)}", row)
        if "check" in row:
            add(f"  ↳ floor: pia check {row.get('model', label)}", row["check"])
    return "whole processes (wall and CPU in s)", headers, rows


def summary_table(payload: dict[str, Any]) -> Table:
    rows = [[Flag(v) if k == "met?" and v == "no" else v for k, v in row.items()] for row in payload["summary"]]
    return "summary", list(SUMMARY_COLUMNS), rows


def tables(payload: dict[str, Any]) -> list[Table]:
    out = [stage_table(payload)]
    if payload.get("pytm"):
        out.append(pytm_table(payload))
    if payload.get("process"):
        out.append(process_table(payload))
    out.append(summary_table(payload))  # last: the printed output ends with it
    return out


def print_tables(console: Any, payload: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table as RichTable

    for title, headers, rows in tables(payload):
        table = RichTable(title=title, title_justify="left")
        for i, header in enumerate(headers):
            table.add_column(header, justify="left" if i == 0 or title == "summary" else "right")
        for row in rows:
            table.add_row(*(f"[red]{escape(c)}[/]" if isinstance(c, Flag) else escape(c) for c in row))
        console.print(table)


def markdown(payload: dict[str, Any]) -> str:
    """The README's results section, from a results file (``--markdown``)."""
    machine = payload["machine"]
    lines = [
        f"Taken {machine['date'][:16].replace('T', ' ')} on {machine['cpu']} ({machine['cores']} cores), "
        f"Python {machine['python']}, commit {machine.get('commit') or '?'}"
        f"{', --quick' if payload.get('settings', {}).get('quick') else ''}; stage times are the median "
        f"{CLOCK_NAMES[payload.get('clock', 'cpu')]} in ms, runs in brackets.",
    ]
    for title, headers, rows in tables(payload):
        lines += ["", f"**{title}**", "", "| " + " | ".join(headers) + " |"]
        left = title == "summary"
        lines.append("|" + "|".join("---" if i == 0 or left else "---:" for i in range(len(headers))) + "|")
        for row in rows:
            lines.append("| " + " | ".join(f"**{c}**" if isinstance(c, Flag) else c for c in row) + " |")
    misses = payload["targets"]["missed"]
    lines += ["", "Targets missed:" if misses else "All measured targets met."]
    lines += [f"- {miss}" for miss in misses]
    lines += [f"- note: {note}" for note in payload.get("notes", [])]
    lines.append(f"\nTotal run time {payload['total_s']:.0f} s.")
    return "\n".join(lines)
