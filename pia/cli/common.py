"""What every command shares: loading a model or stopping with located errors, and the console."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from pia_toolkit.flows.errors import ModelLoadError
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.loader import load

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT_ERROR = 2
EXIT_MISSING_TOOL = 3


class Lang(StrEnum):
    ja = "ja"
    en = "en"


LANG_OPTION = typer.Option(Lang.ja, "--lang", help="表示言語 / output language (ja, en).")


def fail(message: str, code: int = EXIT_INPUT_ERROR) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def print_load_errors(error: ModelLoadError) -> None:
    for problem in error.errors:
        err_console.print(f"[bold]{escape(str(problem.position))}[/]: [red]{escape(problem.message)}[/]")
    count = len(error.errors)
    err_console.print(f"[red]{count} error{'s' if count != 1 else ''}[/]")


def load_graph(path: Path) -> FlowGraph:
    """Load and build a model, or print its errors and exit with code 2."""
    try:
        return FlowGraph.build(load(path))
    except ModelLoadError as error:
        print_load_errors(error)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    except (OSError, RecursionError) as error:
        fail(f"{path}: cannot load: {error}")


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
