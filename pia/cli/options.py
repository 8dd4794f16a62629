"""Options that several commands take, declared once: ``--assessment`` (assess, export, review) and the paper
sizes of ``--paper`` (render, export)."""

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
