"""The message catalogue: one table of texts, each in Japanese and English, every key in use and every use known."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pia_toolkit.catalog.rules import rule_catalog
from pia_toolkit.catalog.texts import placeholders, table

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for room in ("flows", "catalog", "pia", "exports", "tui") for p in sorted((ROOT / room).rglob("*.py"))]
# How each room's code names its texts: say("room.key") everywhere, t("key") in the diagram and the PDF, ctx.text
# ("key") in the PDF, texts("key") in the review app.
ROOM_OF_SHORT_KEYS = {"exports/pdf": "pdf", "exports/diagram": "diagram", "tui": "tui"}


def _literals() -> tuple[set[str], set[str]]:
    """Every string literal in the code, and every literal head of an f-string (``f"common.severity.{x}"``)."""
    whole: set[str] = set()
    heads: set[str] = set()
    for path in SOURCES:
        room = next((r for d, r in ROOM_OF_SHORT_KEYS.items() if path.relative_to(ROOT).as_posix().startswith(d)), "")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                whole.add(node.value)
                if room:
                    whole.add(f"{room}.{node.value}")
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                heads.add(head)
                if room:
                    heads.add(f"{room}.{head}")
    return whole, heads


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    for key, text in table().items():
        assert text.ja.strip() and text.en.strip(), key
        assert placeholders(text.ja) == placeholders(text.en), key


def test_every_rule_message_has_both_languages_with_the_same_placeholders() -> None:
    for rule_id, meta in rule_catalog().items():
        for name, text in {**meta.messages, **meta.words}.items():
            assert text.ja.strip() and text.en.strip(), (rule_id, name)
            assert placeholders(text.ja) == placeholders(text.en), (rule_id, name)


def test_every_catalogue_text_is_used_by_the_code() -> None:
    whole, heads = _literals()
    unused = [
        key
        for key in table()
        if key not in whole
        and key.split(".", 1)[1] not in whole
        and not any(head and key.startswith(head) for head in heads)
    ]
    assert not unused, f"texts nobody shows (remove them, or name them in the code): {unused}"


@pytest.mark.parametrize("call", ["say", "message"])
def test_every_key_the_code_names_is_in_the_catalogue(call: str) -> None:
    missing = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == call
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value) not in table()
            ):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.args[0].value}")
    assert not missing
