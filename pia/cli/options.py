"""Options that several commands take, declared once: ``-o/--output``, ``--assessment`` (assess, export,
review), ``--since`` (assess init, render) and the paper sizes of ``--paper`` (render, export)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import typer


class Paper(StrEnum):
    """Landscape sheets the diagram is printed on."""

    a4 = "a4"
    a3 = "a3"


def assessment_option(help_text: str) -> Any:
    """``--assessment`` / ``-a``: the assessment file, when it is not the one beside the model; ``help_text`` says
    what the command does without the option."""
    return typer.Option(None, "--assessment", "-a", help=help_text)


def since_option(help_text: str) -> Any:
    """``--since OLD``: the earlier version of the model (a file, ``REV:path`` or a git revision of the same file,
    read as ``pia diff`` reads it); ``help_text`` says what the command does with the change."""
    return typer.Option(None, "--since", metavar="OLD", help=help_text)


TO_TERMINAL = "出力先のファイル（既定: 端末）/ write to this file instead of the terminal"


def output_option(help_text: str = TO_TERMINAL, *, required: bool = False) -> Any:
    """``-o`` / ``--output``: the file a command writes; without ``required`` the command prints to the terminal
    when it is not given."""
    return typer.Option(... if required else None, "-o", "--output", help=help_text)
