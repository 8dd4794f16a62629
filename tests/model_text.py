"""Small model texts and a way to run ``pia validate`` on them, for tests that generate their inputs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import run_cli

SCHEME = "scheme:\n  id: s\n  title: テスト\n  municipality: 世田谷区\n  business: テスト事務\n"
"""A valid model of five lines: what a generated defect is added to."""
NODES = "nodes:\n  - {id: ward, title: 区, kind: ward}\n  - {id: sys, title: システム, kind: system}\n"
DATA = "data:\n  - {id: name, title: 氏名, category: identity}\n"

LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<text>.*)$")


@dataclass
class Located:
    file: str
    line: int
    column: int
    text: str


@dataclass
class Run:
    """What a user sees after one command: exit code, and the located lines on stderr."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def located(self) -> list[Located]:
        found = []
        for line in self.stderr.splitlines():
            match = LOCATED.match(line)
            if match:
                found.append(Located(match["file"], int(match["line"]), int(match["column"]), match["text"]))
        return found

    @property
    def errors(self) -> list[Located]:
        return [entry for entry in self.located if not entry.text.startswith(("warning:", "警告:"))]

    @property
    def warnings(self) -> list[Located]:
        return [entry for entry in self.located if entry.text.startswith(("warning:", "警告:"))]


def run(*args: str | Path) -> Run:
    """``pia *args``; a traceback in any output fails the test at once."""
    result = run_cli(*args)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]
    return Run(result.exit_code, result.stdout, result.stderr)


def validate(model: Path, lang: str = "en") -> Run:
    return run("validate", model, "--lang", lang)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """``content`` as the file ``name`` in ``folder``, byte for byte (no newline translation)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def has_japanese(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text)
