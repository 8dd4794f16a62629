"""Writing a diagram: the DOT itself, or a picture made by Graphviz ``dot``; and checking for a Japanese font."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FORMATS = ("svg", "png", "pdf", "dot")
PNG_DPI = 150
DOT_TIMEOUT_SECONDS = 300

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
    arguments = [f"-T{fmt}", *([f"-Gdpi={PNG_DPI}"] if fmt == "png" else [])]
    write_file(output, run_dot(dot, arguments, source))
    return Written(output, fmt)


def run_dot(dot: str, arguments: list[str], source: str) -> bytes:
    """What ``dot ARGUMENTS`` writes for ``source``; a timeout, a failure to start or a non-zero exit is a
    :class:`RenderError` carrying Graphviz's own message."""
    try:
        completed = subprocess.run(
            [dot, *arguments],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(f"dot did not finish within {DOT_TIMEOUT_SECONDS} s") from None
    except OSError as error:
        raise RenderError(f"cannot run {dot}: {error}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"dot failed (exit {completed.returncode}): {message}")
    return completed.stdout


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
