"""Inputs made to exhaust the loader (deep nesting, huge numbers, strange keys and ids, long include chains, files
that are not files) are refused with one located error and exit code 2: never a traceback, never a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_toolkit.flows.errors import short
from pia_toolkit.flows.loader import MAX_FILE_BYTES, MAX_INCLUDE_FILES
from pia_toolkit.flows.yaml_source import MAX_DEPTH, MAX_INT_DIGITS
from tests.model_text import NODES, SCHEME, has_japanese, run, validate, write

GENERATED = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _nested(openers: list[str]) -> str:
    """A value nested once per opener, ``[`` for a list and ``{`` for a mapping, in flow style."""
    text = "1"
    for opener in reversed(openers):
        text = f"[{text}]" if opener == "[" else f"{{k: {text}}}"
    return text


@GENERATED
@given(openers=st.lists(st.sampled_from("[{"), min_size=MAX_DEPTH + 1, max_size=3000))
def test_deep_nesting_is_refused_where_it_passes_the_limit(project: Path, openers: list[str]) -> None:
    model = write(project, "deep.yaml", SCHEME + "extra: " + _nested(openers) + "\n")
    result = validate(model)
    assert result.exit_code == 2
    [error] = result.errors
    assert f"more than {MAX_DEPTH} levels" in error.text
    # At the container that goes one level too deep: the document, `extra:`'s value, then MAX_DEPTH - 1 more.
    prefix = "extra: " + _nested(openers)[: _opening_offset(openers, MAX_DEPTH - 1)]
    assert (error.line, error.column) == (6, len(prefix) + 1)


def _opening_offset(openers: list[str], count: int) -> int:
    """How many characters the first ``count`` openers of :func:`_nested` take."""
    return sum(1 if opener == "[" else 4 for opener in openers[:count])


@GENERATED
@given(depth=st.integers(min_value=1, max_value=MAX_DEPTH - 8))
def test_nesting_within_the_limit_is_not_refused_for_depth(project: Path, depth: int) -> None:
    model = write(project, "shallow.yaml", SCHEME + "  reference: " + _nested(["["] * depth) + "\n")
    result = validate(model)
    assert result.exit_code == 2  # a list is no reference text, but it is read, not refused
    assert not any("levels" in error.text for error in result.errors)
    assert result.errors[0].line == 6


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_nesting_a_hundred_thousand_deep_in_block_and_flow_style_is_refused_fast(project: Path, depth: int) -> None:
    flow = write(project, "flow.yaml", SCHEME + "x: " + "[" * depth + "]" * depth + "\n")
    block = write(project, "block.yaml", SCHEME + "".join("  " * i + "a:\n" for i in range(min(depth, 2000))))
    for model in (flow, block):
        result = validate(model)
        assert result.exit_code == 2
        assert "levels" in result.errors[0].text


@GENERATED
@given(digits=st.integers(min_value=MAX_INT_DIGITS + 1, max_value=20_000), sign=st.sampled_from(["", "-", "+"]))
def test_an_integer_longer_than_python_reads_is_refused_at_it(project: Path, digits: int, sign: str) -> None:
    model = write(project, "int.yaml", SCHEME + "  people_count: " + sign + "9" * digits + "\n")
    result = validate(model)
    assert result.exit_code == 2
    [error] = result.errors
    assert (error.line, error.column) == (6, 17)
    assert "digits" in error.text and "quotes" in error.text


def test_an_integer_of_the_longest_length_is_read(project: Path) -> None:
    model = write(project, "int.yaml", SCHEME + "  people_count: " + "9" * MAX_INT_DIGITS + "\n")
    assert not any("digits" in e.text for e in validate(model).errors)


_FIELDS = ["scheme", "nodes", "flows", "data", "zones", "contracts", "version", "include"]


@GENERATED
@given(
    key=st.one_of(
        st.sampled_from(["~", "null", "true", "false", "1", "0x1f", "1.5", "2024-01-01", "True", "NULL"]),
        st.sampled_from(_FIELDS).map(str.capitalize),
        st.sampled_from(_FIELDS).map(str.upper),
    )
)
def test_unknown_keys_of_any_spelling_get_a_message_at_the_key(project: Path, key: str) -> None:
    model = write(project, "keys.yaml", SCHEME + f"{key}: x\n")
    result = validate(model)
    assert result.exit_code == 2
    [error] = [e for e in result.errors if e.line == 6]
    assert error.column == 1
    assert f"unknown field '{key}'" in error.text
    if key.casefold() in _FIELDS:
        assert f"did you mean '{key.casefold()}'" in error.text


def test_a_capitalised_field_is_answered_with_its_spelling_in_japanese_too(project: Path) -> None:
    model = write(project, "title.yaml", SCHEME.replace("title:", "Title:"))
    english = validate(model)
    [error] = english.errors  # not also "missing required field 'title'": that would ask for a second one
    assert (error.line, error.column) == (3, 3) and "did you mean 'title'" in error.text
    japanese = validate(model, "ja")
    assert "'title' の誤りでは" in japanese.stderr


@GENERATED
@given(
    section=st.sampled_from(["nodes", "data", "zones", "flows"]),
    value=st.sampled_from(["[a, b]", "{a: 1}", "12", "true", "~", "[]", "''"]),
)
def test_an_id_that_is_not_text_is_a_located_error(project: Path, section: str, value: str) -> None:
    templates = {
        "nodes": "{id: %s, title: A, kind: ward}",
        "data": "{id: %s, title: A, category: identity}",
        "zones": "{id: %s, title: A, kind: lgwan}",
        "flows": "{id: %s, from: ward, to: sys, data: [n]}",
    }
    entries = {
        "nodes": ["{id: ward, title: 区, kind: ward}", "{id: sys, title: S, kind: system}"],
        "data": ["{id: n, title: N, category: identity}"],
        "zones": [],
        "flows": [],
    }
    entries[section].append(templates[section] % value)
    text = SCHEME + "".join(f"{name}:\n" + "".join(f"  - {e}\n" for e in items) for name, items in entries.items())
    result = validate(write(project, "ids.yaml", text))
    assert result.exit_code == 2
    assert all(e.line > 1 for e in result.errors)
    assert any(".id" in e.text for e in result.errors), result.stderr


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ('"a\\0b.yaml"', "NUL"),
        ("a" * 255 + ".yaml", "the file name is too long"),
        ("a" * 300, "the file name is too long"),
        ("[x]", "relative file path"),
        ('"   "', "relative file path"),
        ("../../outside.yaml", "leaves the project"),
    ],
    ids=["nul", "name_255", "name_300", "list", "blank", "outside"],
)
def test_an_include_that_cannot_be_a_file_is_a_located_error(project: Path, entry: str, words: str) -> None:
    model = write(project, "m/inc.yaml", SCHEME + f"include: [{entry}]\n")
    result = validate(model)
    assert result.exit_code == 2
    [error] = result.errors
    assert (error.line, error.column) == (6, 11)
    assert words in error.text
    assert "\x00" not in result.stderr


def test_a_chain_of_a_thousand_includes_stops_at_the_limit(project: Path) -> None:
    write(project, "c0.yaml", SCHEME + "include: [c1.yaml]\n" + NODES)
    for i in range(1, 1000):
        write(project, f"c{i}.yaml", f"include: [c{i + 1}.yaml]\n")
    write(project, "c1000.yaml", "flows: []\n")
    result = validate(project / "c0.yaml")
    assert result.exit_code == 2
    [error] = result.errors
    assert Path(error.file).name == f"c{MAX_INCLUDE_FILES}.yaml" and (error.line, error.column) == (1, 11)
    assert f"more than {MAX_INCLUDE_FILES} files" in error.text


def test_an_include_cycle_is_reported_once_at_the_include(project: Path) -> None:
    write(project, "a.yaml", SCHEME + "include: [b.yaml]\n")
    write(project, "b.yaml", "include: [a.yaml]\n")
    result = validate(project / "a.yaml")
    assert result.exit_code == 2
    [error] = result.errors
    assert (Path(error.file).name, error.line, error.column) == ("b.yaml", 1, 11) and "cycle" in error.text


def _fifo(project: Path) -> Path:
    path = project / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda project: project, "folder"),
        (_fifo, "named pipe"),
        (lambda project: Path("/dev/zero"), "device"),
    ],
    ids=["directory", "fifo", "dev_zero"],
)
@pytest.mark.parametrize("command", ["validate", "check"])
def test_what_is_not_a_regular_file_is_refused_at_once(project: Path, make, words: str, command: str) -> None:  # type: ignore[no-untyped-def]
    target = make(project)
    result = run(command, target, "--lang", "en")
    assert result.exit_code == 2
    assert words in result.errors[0].text and "not a file" in result.errors[0].text
    assert has_japanese(run(command, target).stderr)


def test_a_file_above_the_size_limit_is_refused_without_reading_it(project: Path) -> None:
    model = project / "huge.yaml"
    with model.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no time or disk spent, and nothing in it is read
    result = validate(model)
    assert result.exit_code == 2
    assert f"{MAX_FILE_BYTES + 1:,} bytes" in result.errors[0].text


@pytest.mark.parametrize(
    "text",
    [
        SCHEME + "x: " + "[" * 500 + "]" * 500 + "\n",
        SCHEME + "  people_count: " + "9" * 5000 + "\n",
        SCHEME + "Scheme: x\n",
        SCHEME + "nodes:\n  - {id: [a], title: A, kind: ward}\n",
        SCHEME + 'include: ["a\\0b"]\n',
    ],
    ids=["deep", "digits", "capital_key", "list_id", "nul_include"],
)
def test_check_exits_2_on_a_model_error_like_validate(project: Path, text: str) -> None:
    model = write(project, "bad.yaml", text)
    result = run("check", model, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    assert result.errors and Path(result.errors[0].file).name == "bad.yaml"


_WRITTEN = st.recursive(
    st.none() | st.booleans() | st.floats() | st.text() | st.integers(-(10**5000), 10**5000),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(value=_WRITTEN)
def test_an_error_quotes_at_most_sixty_characters_of_what_was_written(value: object) -> None:
    """The preview that model and assessment errors both quote (``got …``) stays one short line for any value."""
    text = short(value)
    assert 0 < len(text) <= 60
    assert "\n" not in text
