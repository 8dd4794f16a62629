"""The catalogue's YAML says what its authors meant: in a flow mapping (``{id: x, en: A, B and C}``) an unquoted
comma ends the value and turns the rest into a stray key, silently cutting the text. Every key in every catalogue
file must therefore look like a key, and a vocabulary term may carry only the flags the code reads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pia_toolkit.catalog.vocabularies import all_vocabularies

CATALOG = Path(__file__).resolve().parents[1] / "catalog"
KEY = re.compile(r"^[A-Za-z0-9_.+\-]+$")
TERM_FLAGS = {
    "shape",
    "parent",
    "class",
    "network",
    "general_line",
    "form",
    "side",
    "broad",
    "ward_network",
    "guarded",
    "equipment",
    "aliases",
}
FILES = sorted(CATALOG.rglob("*.yaml"))


def _keys(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    found: list[tuple[tuple[Any, ...], Any]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found.append((path, key))
            found += _keys(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _keys(inner, (*path, index))
    return found


@pytest.mark.parametrize("file", FILES, ids=[str(f.relative_to(CATALOG)) for f in FILES])
def test_every_key_is_a_key(file: Path) -> None:
    document = YAML(typ="safe").load(file.read_text(encoding="utf-8"))
    stray = [(path, key) for path, key in _keys(document) if not (isinstance(key, str) and KEY.match(key))]
    assert not stray, f"quote the value before these (a comma ended it): {stray[:3]}"


def test_vocabulary_terms_carry_only_known_flags() -> None:
    for vocab in all_vocabularies():
        for term in vocab.terms.values():
            unknown = set(term.extra) - TERM_FLAGS
            assert not unknown, (vocab.name, term.id, unknown)
            assert term.description_en.rstrip().endswith((".", ")")), (vocab.name, term.id, term.description_en)
