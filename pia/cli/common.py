"""What every command shares: the consoles, the language, exit codes, opening a model or stopping with
located errors, and turning an unexpected exception into a short message instead of a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from pia_toolkit.catalog.texts import Message, say
from pia_toolkit.flows.errors import ModelLoadError
from pia_toolkit.pia.checked import CheckedModel, open_model

# emoji=False: Rich would otherwise turn ":100:" in "file.yaml:100:3" (or in model text) into an emoji.
console = Console(highlight=False, emoji=False)
# Errors stay one per line (file:line:column: message), for editors and CI logs that parse them.
err_console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT_ERROR = 2
EXIT_MISSING_TOOL = 3
EXIT_INTERNAL = 3


class Lang(StrEnum):
    ja = "ja"
    en = "en"


LANG_OPTION = typer.Option(Lang.ja, "--lang", help="表示言語 / output language (ja, en).")


def fail(lang: str, text: str, code: int = EXIT_INPUT_ERROR) -> NoReturn:
    """Print ``text`` (already in the reader's language) as an error and exit with ``code``."""
    err_console.print(f"[bold red]{escape(say('cli.error', lang))}:[/] {escape(text)}")
    raise typer.Exit(code)


def fail_with(lang: str, key: str, code: int = EXIT_INPUT_ERROR, **params: object) -> NoReturn:
    """Exit with the catalogue text ``key`` as the error."""
    fail(lang, Message(key, params).text(lang), code)


def warn(lang: str, key: str, **params: object) -> None:
    err_console.print(f"[yellow]{escape(say('cli.warning', lang))}:[/] {escape(Message(key, params).text(lang))}")


def print_load_errors(error: ModelLoadError, lang: str = "ja") -> None:
    for problem in error.errors:
        err_console.print(f"[bold]{escape(str(problem.position))}[/]: [red]{escape(problem.text(lang))}[/]")
    err_console.print(f"[red]{escape(say('cli.error_count', lang, count=len(error.errors)))}[/]")


def open_or_exit(path: Path, lang: str, **options: Any) -> CheckedModel:
    """:func:`~pia_toolkit.pia.checked.open_model`, or print every located error and exit 2."""
    try:
        return open_model(path, **options)
    except ModelLoadError as error:
        print_load_errors(error, lang)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    except (OSError, RecursionError) as error:
        fail_with(lang, "cli.cannot_load", path=path, reason=error)


@contextmanager
def internal_errors(lang: str = "ja") -> Iterator[None]:
    """Turn an unexpected exception into a short message and exit code 3 (a traceback with PIA_DEBUG=1)."""
    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as error:
        if os.environ.get("PIA_DEBUG"):
            raise
        err_console.print(
            f"[bold red]{escape(say('cli.internal_error', lang))}:[/] {escape(type(error).__name__)}: {escape(str(error))}"
        )
        err_console.print(escape(say("cli.internal_error_hint", lang)))
        raise typer.Exit(EXIT_INTERNAL) from None


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
