"""Writing a diagram: the DOT itself, or a picture made by Graphviz ``dot``; and checking for a Japanese font."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

FORMATS = ("svg", "png", "pdf", "dot")
PNG_DPI = 150
DOT_TIMEOUT_SECONDS = 300
"""For one ``dot`` process of one graph (a whole model's layout may take minutes)."""
DOT_MORE_SECONDS = 30
"""For each further graph in the same process: the graphs handed out together are sheets and split drawings of
bounded size, each laid out in well under a second, so a process that hangs is still stopped in minutes rather
than after 300 s for every graph it holds."""
DOT_WORKERS = min(4, os.cpu_count() or 2)
"""``dot`` processes run side by side. Each is handed its share of the graphs at once, because every process
pays Graphviz's start-up and the loading of the Japanese font again (about 25 ms of CPU): for a 100-node
ward's 120 sheet layouts, 24 processes of six spent 1.7 s of CPU where one process of all spends 0.74 s."""
DOT_HAND_MIN = 3
"""Graphs a further process must take over before it is started: for fewer, its start-up costs more than it
saves in waiting."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_T = TypeVar("_T")
_R = TypeVar("_R")

INSTALL_GRAPHVIZ = (
    "Graphviz の dot が見つかりません / Graphviz 'dot' was not found. Install it with: "
    "apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS), "
    "or see https://graphviz.org/download/"
)


class GraphvizMissing(RuntimeError):
    """``dot`` is not on PATH; the DOT source was written to ``dot_path`` instead (None: nothing was written)."""

    def __init__(self, dot_path: Path | None) -> None:
        self.dot_path = dot_path
        super().__init__(INSTALL_GRAPHVIZ)


class RenderError(RuntimeError):
    """``dot`` ran but failed (its message is kept)."""


@dataclass(frozen=True)
class Written:
    path: Path
    format: str


def output_format(path: Path) -> str | None:
    """The format named by the output's suffix, or None when it is not one we write."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def write_diagram(source: str, output: Path) -> Written:
    """Write ``source`` as ``output`` (format from the suffix).

    For svg/png/pdf without Graphviz, the DOT is written beside the output (same name, ``.dot``) and
    :class:`GraphvizMissing` is raised, so the caller can tell the user how to install it.
    """
    from pia_toolkit.pia.assessment.disk import write_file

    fmt = output_format(output)
    if fmt is None:
        raise ValueError(f"unknown output format '{output.suffix}'; use one of: .{', .'.join(FORMATS)}")
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "dot":
        write_file(output, source.encode("utf-8"))
        return Written(output, fmt)
    dot = shutil.which("dot")
    if dot is None:
        fallback = output.with_suffix(".dot")
        write_file(fallback, source.encode("utf-8"))
        raise GraphvizMissing(fallback)
    write_file(output, run_dot(dot, picture_arguments(dot, fmt, PNG_DPI), source))
    return Written(output, fmt)


def picture_arguments(dot: str, fmt: str, dpi: float, *, indexed: bool = False) -> list[str]:
    """``dot``'s arguments for a picture. ``indexed``: a PNG drawn by cairo, as usual, is written as an
    indexed-colour PNG by the gd device where Graphviz has it. A diagram has a dozen colours and their
    anti-aliased edges, which 256 keep exactly as they look; the file is a third of the size and takes half as
    long to write. The gd device copies the whole bitmap once more, though, so it is for pictures of a bounded
    size (the split drawings); one picture of a whole model can be 12,000 × 32,000 pixels, where that copy is
    gigabytes."""
    if fmt != "png":
        return [f"-T{fmt}"]
    return [f"-T{'png:cairo:gd' if indexed and _has_gd_device(dot) else 'png'}", f"-Gdpi={dpi:g}"]


@cache
def _has_gd_device(dot: str) -> bool:
    try:
        completed = subprocess.run(
            [dot, "-Tpng:cairo:gd"], input=b"digraph{}", capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return completed.returncode == 0 and completed.stdout.startswith(PNG_SIGNATURE)


def run_dot(dot: str, arguments: list[str], source: str, graphs: int = 1) -> bytes:
    """What ``dot ARGUMENTS`` writes for ``source`` (which holds ``graphs`` graphs); a timeout, a failure to
    start or a non-zero exit is a :class:`RenderError` carrying Graphviz's own message."""
    timeout = DOT_TIMEOUT_SECONDS + DOT_MORE_SECONDS * (graphs - 1)
    try:
        completed = subprocess.run(
            [dot, *arguments],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(f"dot did not finish within {timeout} s") from None
    except OSError as error:
        raise RenderError(f"cannot run {dot}: {error}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"dot failed (exit {completed.returncode}): {message}")
    return completed.stdout


def in_shares(work: Callable[[list[_T]], list[_R]], items: Sequence[_T], workers: int = DOT_WORKERS) -> list[_R]:
    """``work`` (one ``dot`` process for a list of graphs, giving one result per graph) over ``items`` dealt
    round-robin into one hand per worker, the hands run side by side; the results in the order of ``items``.
    Dealt rather than cut in runs, so a run of large graphs does not all fall to one process."""
    workers = max(1, min(workers, len(items) // DOT_HAND_MIN))
    hands = [list(items[i::workers]) for i in range(min(workers, len(items)))]
    if len(hands) <= 1:
        return work(hands[0]) if hands else []
    results: list[_R | None] = [None] * len(items)
    with ThreadPoolExecutor(max_workers=len(hands)) as pool:
        for index, done in enumerate(pool.map(work, hands)):
            results[index :: len(hands)] = done
    return cast(list[_R], results)


def draw_many(dot: str, fmt: str, sources: Sequence[str], dpi: float) -> list[bytes]:
    """The pictures of several graphs of bounded size (SVG, or PNG in indexed colour), drawn by one ``dot``
    process: it writes them one after another, and each is cut off at its own end (see :func:`split_pictures`)."""
    written = run_dot(dot, picture_arguments(dot, fmt, dpi, indexed=True), "".join(sources), graphs=len(sources))
    return split_pictures(fmt, written, len(sources))


def split_pictures(fmt: str, data: bytes, count: int) -> list[bytes]:
    """``count`` pictures written one after another, each whole: a PNG ends with its IEND chunk (found by
    walking the chunks, since image data may hold any bytes), an SVG with ``</svg>`` (its texts are escaped,
    so the tag itself cannot appear inside one)."""
    pictures: list[bytes] = []
    position = 0
    while len(pictures) < count:
        end = _png_end(data, position) if fmt == "png" else _svg_end(data, position)
        if end is None:
            raise RenderError(f"dot wrote {len(pictures)} pictures for {count} graphs")
        picture = data[position:end]
        pictures.append(picture.replace(_LATER_GRAPH, _FIRST_GRAPH, 1) if fmt == "svg" else picture)
        position = end
    return pictures


_LATER_GRAPH = b'<g id="page0,1_graph0" class="graph"'
_FIRST_GRAPH = b'<g id="graph0" class="graph"'
"""Graphviz names the drawing's group of every graph after the first in a run as if it were a second page; as
its own file each is the first and only graph, and is given the name a run of its own would give it."""


def _png_end(data: bytes, start: int) -> int | None:
    if data[start : start + len(PNG_SIGNATURE)] != PNG_SIGNATURE:
        return None
    position = start + len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        (length,) = struct.unpack_from(">I", data, position)
        kind = data[position + 4 : position + 8]
        position += 12 + length  # length, type, data, CRC
        if kind == b"IEND":
            return position if position <= len(data) else None
    return None


def _svg_end(data: bytes, start: int) -> int | None:
    closing = b"</svg>"
    at = data.find(closing, start)
    if at < 0:
        return None
    end = at + len(closing)
    return end + 1 if data[end : end + 1] == b"\n" else end


@cache
def japanese_font_status() -> bool | None:
    """True when fontconfig knows a Japanese font, False when it knows none, None when it cannot be asked."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        completed = subprocess.run([fc_list, ":lang=ja", "family"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if completed.returncode != 0:
        return None
    return bool(completed.stdout.strip())


def font_warning() -> str | None:
    """A warning to print when no Japanese font is installed (the picture would show boxes for kana)."""
    from pia_toolkit.exports.diagram.style import FONT, FONT_PACKAGE_HINT

    if japanese_font_status() is False:
        return (
            f"日本語フォントが見つかりません。図の日本語が□で表示されます / no Japanese font found (wanted {FONT}); "
            f"Japanese text will show as boxes. Install one: {FONT_PACKAGE_HINT}"
        )
    return None
