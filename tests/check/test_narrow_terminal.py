"""At 80 columns nothing is cut: every English word printed whole, no "…" where the wide output has none.

The oracle is the same command at 1,000 columns, where nothing needs wrapping: every Latin word of the narrow
output must be a word of the wide one (a word split across lines shows up as two fragments that are not), and
the narrow output may not elide what the wide one shows. Japanese may break between any two characters.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pia_toolkit.pia.cli import build_app
from tests.conftest import EXAMPLES

WORD = re.compile(r"[A-Za-z]+")
MODEL = EXAMPLES / "meguro-medical-aid-eligibility.yaml"


def _run(args: tuple[str, ...], columns: int) -> str:
    result = CliRunner().invoke(build_app(), list(args), env={"COLUMNS": str(columns)}, catch_exceptions=False)
    return result.stdout + result.stderr


def _commands() -> list[tuple[str, ...]]:
    app = build_app()
    names = [command.name or command.callback.__name__ for command in app.registered_commands if command.callback]
    groups = [(group.name or "") for group in app.registered_groups]
    helps = [("--help",), *((name, "--help") for name in names), *((group, "--help") for group in groups)]
    for group in app.registered_groups:
        typer_instance = group.typer_instance
        assert typer_instance is not None
        helps += [
            (group.name or "", command.name or command.callback.__name__, "--help")
            for command in typer_instance.registered_commands
            if command.callback
        ]
    return helps


OUTPUTS = [
    *_commands(),
    ("check", str(MODEL)),
    ("check", str(MODEL), "--lang", "en"),
    ("explain", "NET-03"),
    ("explain", "NET-03", "--lang", "en"),
    ("explain", "OUT-01", "--lang", "en"),
    ("kinds",),
    ("kinds", "--lang", "en"),
    ("rules",),
    ("threshold", str(MODEL)),
    ("threshold", str(MODEL), "--lang", "en"),
]


@pytest.mark.parametrize("args", OUTPUTS, ids=[" ".join(Path(a).name for a in args) for args in OUTPUTS])
def test_nothing_is_cut_at_80_columns(args: tuple[str, ...]) -> None:
    narrow, wide = _run(args, 80), _run(args, 1000)
    whole = set(WORD.findall(wide))
    cut = sorted({word for word in WORD.findall(narrow) if word not in whole})
    assert not cut, f"words split across lines at 80 columns: {cut}"
    assert narrow.count("…") <= wide.count("…"), "text elided at 80 columns"
    too_wide = [line for line in narrow.splitlines() if _cells(line) > 80]
    assert not too_wide, too_wide[:3]


def _cells(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)
