"""What every command shares: the consoles, the language, exit codes, opening a model or stopping with
located errors, and turning an unexpected exception into a short message instead of a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from pia_toolkit.catalog.texts import Message, say
from pia_toolkit.catalog.texts.visible import visible
from pia_toolkit.flows.errors import ModelError, ModelLoadError
from pia_toolkit.flows.paths import os_reason

if TYPE_CHECKING:
    # Opening a model means the schema, the loader and the graph: imported by the commands that open one, so
    # that `pia --help`, `pia kinds` and `pia rules` never build the pydantic models or import networkx.
    from pia_toolkit.pia.checked import CheckedModel


class SafeConsole(Console):
    """A console on which no text acts: every string it renders (messages, table cells, rules, model titles in
    errors) has its control and bidi characters shown, not obeyed (:func:`visible`)."""

    def render_str(self, text: str, **options: Any) -> Any:
        return super().render_str(visible(text), **options)


# emoji=False: Rich would otherwise turn ":100:" in "file.yaml:100:3" (or in model text) into an emoji.
console = SafeConsole(highlight=False, emoji=False)
# Errors stay one per line (file:line:column: message), for editors and CI logs that parse them.
err_console = SafeConsole(stderr=True, highlight=False, soft_wrap=True, emoji=False)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT_ERROR = 2
EXIT_MISSING_TOOL = 3
EXIT_INTERNAL = 3


class Lang(StrEnum):
    ja = "ja"
    en = "en"


LANG_OPTION = typer.Option(Lang.ja, "--lang", help="表示言語 / output language (ja, en).")
MODEL_ARGUMENT = typer.Argument(..., metavar="MODEL.yaml", help="フローモデル / flow model (YAML)")
MODELS_ARGUMENT = typer.Argument(
    ..., metavar="MODEL.yaml...", help="フローモデル（複数可・グロブ可）/ flow models (several, or a glob)"
)


def fail(lang: str, text: str, code: int = EXIT_INPUT_ERROR) -> NoReturn:
    """Print ``text`` (already in the reader's language) as an error and exit with ``code``."""
    err_console.print(f"[bold red]{escape(say('cli.error', lang))}:[/] {escape(text)}")
    raise typer.Exit(code)


def fail_with(lang: str, key: str, code: int = EXIT_INPUT_ERROR, **params: object) -> NoReturn:
    """Exit with the catalogue text ``key`` as the error; a path in it is shown on one line (a newline or U+202E
    in a file name is made visible, not obeyed)."""
    shown = {
        name: visible(str(value), lines=False) if isinstance(value, Path) else value for name, value in params.items()
    }
    fail(lang, Message(key, shown).text(lang), code)


def warn(lang: str, text: str) -> None:
    """Print ``text`` (already in the reader's language) as a warning on stderr; the command goes on."""
    err_console.print(f"[yellow]{escape(say('cli.warning', lang))}:[/] {escape(text)}")


def warn_with(lang: str, key: str, **params: object) -> None:
    """:func:`warn` with the catalogue text ``key``."""
    warn(lang, Message(key, params).text(lang))


def print_load_warnings(warnings: list[ModelError], lang: str = "ja") -> None:
    """Located warnings (file:line:column: 警告: ...), one per line like the errors, on stderr."""
    for warning in warnings:
        _print_located(warning, lang, warning=True)


def _print_located(problem: ModelError, lang: str, *, warning: bool) -> None:
    where = escape(str(problem.position))
    if warning:
        err_console.print(
            f"[bold]{where}[/]: [yellow]{escape(say('cli.warning', lang))}: {escape(problem.text(lang))}[/]"
        )
    else:
        err_console.print(f"[bold]{where}[/]: [red]{escape(problem.text(lang))}[/]")


def print_load_errors(error: ModelLoadError, lang: str = "ja") -> None:
    """The errors and warnings of the files, merged in file order, then the count of errors."""
    located = [(p, True) for p in error.warnings] + [(p, False) for p in error.errors]
    for problem, warning in sorted(located, key=lambda item: item[0].position):
        _print_located(problem, lang, warning=warning)
    err_console.print(f"[red]{escape(say('cli.error_count', lang, count=len(error.errors)))}[/]")


def model_files(files: list[Path], lang: str) -> list[Path]:
    """The models among ``files``: the tool's own files a glob picks up beside them (``*.assessment.yaml``,
    ``*.triage.yaml``, ``pia-policy.yaml``) are skipped with a note, so ``pia check flows/*.yaml`` keeps working
    after a review; exit 2 when nothing is left."""
    from pia_toolkit.pia.checked import companion_kind

    models = []
    for file in files:
        kind = companion_kind(file)
        if kind is None:
            models.append(file)
        else:
            note = say("cli.skipped_companion", lang, path=file, kind=say(f"cli.companion.{kind}", lang))
            err_console.print(f"[dim]{escape(note)}[/]")
    if not models:
        fail_with(lang, "cli.no_models", count=len(files))
    return models


def open_or_report(path: Path, lang: str, **options: Any) -> CheckedModel | None:
    """:func:`~pia_toolkit.pia.checked.open_model`, or None after printing every located error (for commands
    that go on to the next file)."""
    from pia_toolkit.pia.checked import open_model

    try:
        checked = open_model(path, held=True, **options)
    except ModelLoadError as error:
        print_load_errors(error, lang)
    except (OSError, RecursionError) as error:
        err_console.print(
            f"[bold red]{escape(say('cli.error', lang))}:[/] {escape(say('cli.cannot_load', lang, path=path, reason=os_reason(error)))}"
        )
    else:
        loaded = checked.graph.loaded
        if loaded is not None:
            print_load_warnings(loaded.warnings, lang)
        return checked
    return None


def open_or_exit(path: Path, lang: str, **options: Any) -> CheckedModel:
    """:func:`~pia_toolkit.pia.checked.open_model`, or print every located error and exit 2."""
    checked = open_or_report(path, lang, **options)
    if checked is None:
        raise typer.Exit(EXIT_INPUT_ERROR)
    return checked


@contextmanager
def internal_errors(lang: str = "ja") -> Iterator[None]:
    """Turn an unexpected exception into a short message and exit code 3 (a traceback with PIA_DEBUG=1); a
    malformed ``SOURCE_DATE_EPOCH`` stops the command before it starts (exit 2)."""
    from pia_toolkit.pia.clock import ENVIRONMENT, ClockError, check

    try:
        check()
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except ClockError as error:  # checked first: reportlab would stop on it with a traceback mid-export
        fail_with(lang, "cli.bad_clock", name=ENVIRONMENT, value=error.value)
    except Exception as error:
        if os.environ.get("PIA_DEBUG"):
            raise
        err_console.print(
            f"[bold red]{escape(say('cli.internal_error', lang))}:[/] {escape(type(error).__name__)}: {escape(str(error))}"
        )
        err_console.print(escape(say("cli.internal_error_hint", lang)))
        raise typer.Exit(EXIT_INTERNAL) from None


# What people write and the tool reads (models, includes, triage, policy, assessments); no -o output is YAML.
_USER_FILE_SUFFIXES = frozenset({".yaml", ".yml"})


def checked_output(lang: str, output: Path, inputs: Iterable[Path] = ()) -> Path:
    """``output`` when a command may write it: never a file the command read, never a YAML file (the tool
    would read it back as a model, triage or assessment), into its folder (made when missing, and said);
    otherwise stop with what to do, before any work is done."""
    from pia_toolkit.pia.assessment.disk import refuse_special, writes_into  # not for `pia --help`

    for source in inputs:
        if _same_file(output, source):
            fail_with(lang, "cli.output_is_input", path=output)
    if output.suffix.lower() in _USER_FILE_SUFFIXES:
        fail_with(lang, "cli.output_is_user_file", path=output)
    try:
        if output.is_dir():
            fail_with(lang, "cli.output_is_folder", path=output)
        if not writes_into(output):  # /dev/null is written into; any other non-regular file is refused
            refuse_special(output)
        made = not output.parent.is_dir()
        if made:
            output.parent.mkdir(parents=True)
    except OSError as error:  # a name too long, a file where a folder should be, no permission, a device
        fail_with(lang, "cli.cannot_write", path=output, reason=os_reason(error))
    if made:
        err_console.print(escape(say("cli.made_folder", lang, folder=visible(str(output.parent), lines=False))))
    return output


def write_output(lang: str, output: Path, data: str | bytes) -> None:
    """Write a command's output file (UTF-8 for text, bytes unchanged) with :func:`write_file`, or stop with
    the reason (a full disk, no permission, a device in its place) — no traceback."""
    from pia_toolkit.pia.assessment.disk import write_file

    try:
        write_file(output, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as error:
        fail_with(lang, "cli.cannot_write", path=output, reason=os_reason(error))
    err_console.print(escape(say("cli.wrote", lang, path=visible(str(output), lines=False))))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
