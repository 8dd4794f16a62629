"""Helpers for the PDF tests: a writable project with the fixture model, text extraction, fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_MODEL = "childbirth-fixture.yaml"


def squash(text: str) -> str:
    """Text without any whitespace, so words a table cell wrapped can still be found."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def body_text(path: Path) -> str:
    """Page texts without the running header and the "n / N" footer, so text split by a page break rejoins."""
    pages = []
    for page in PdfReader(str(path)).pages:
        text = page.extract_text() or ""
        footer = list(re.finditer(r"\n\d+ / \d+\n", text))
        pages.append(text[: footer[-1].start()] if footer else text)
    return "\n".join(pages)


def layout_lines(path: Path) -> list[str]:
    """Lines as ``pdftotext -layout`` prints them (skips the test when poppler is not installed)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder holding the fixture model; returns the model's path."""
    root = tmp_path / "project"
    (root / "flows").mkdir(parents=True)
    (root / "pia-project.yaml").write_text("# marks the project root\n", encoding="utf-8")
    target = root / "flows" / FIXTURE_MODEL
    shutil.copy(FIXTURES / FIXTURE_MODEL, target)
    return target
