"""Model text with escape sequences, C1 controls, bidi controls or line separators never reaches a terminal
output or a CSV cell start as it is: generated text goes into every titled element of a model, and every command
that prints model text is run on it.

The oracle is Unicode's own classification (categories Cc, Zl, Zp and the bidi controls), not the code under test.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pia_toolkit.catalog.texts.visible import hidden_characters, json_text, visible
from pia_toolkit.exports.spreadsheet import cell, csv_text
from tests.conftest import run_cli

BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ATTACKS = (
    "\x1b]2;pwned\x07",  # OSC 2: the window title
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: the clipboard
    "\x1b[2J\x1b[H",  # clear the screen
    "\x9b31m",  # 8-bit CSI
    "\u202eevil\u202c",
    "\u2066x\u2069",
    "a\u2028b",
    "\x00\x08\x7f",
    '=HYPERLINK("http://x")',
    " =1+1",
    "＝SUM(A1)",
    "\t@cmd",
)
text_parts = st.one_of(
    st.sampled_from(ATTACKS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6),
    st.sampled_from(["所管課", "委託先", "氏名", "[bold]x[/]", ":100:", "\\"]),
)
texts = st.lists(text_parts, min_size=1, max_size=5).map("".join)


def acting(character: str) -> bool:
    """What a terminal obeys or reorders instead of printing."""
    if character in "\n":
        return False
    return unicodedata.category(character) in ("Cc", "Zl", "Zp") or character in BIDI or character in "\ufffe\uffff"


def assert_inert(output: str, where: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in output.replace("\t", " ") if acting(c)})
    assert not found, f"{where} prints {found} raw"


@given(texts)
@settings(max_examples=500)
def test_visible_leaves_nothing_that_acts(text: str) -> None:
    assert_inert(visible(text), "visible()")
    one_line = visible(text, lines=False)
    assert "\n" not in one_line and "\t" not in one_line
    assert_inert(one_line, "visible(lines=False)")
    assert not [c for _, c in hidden_characters(visible(text))], "hidden_characters finds what visible left"


@given(texts)
@settings(max_examples=300)
def test_json_escapes_without_losing_data(text: str) -> None:
    import json

    written = json_text({"title": text})
    assert_inert(written.replace("\n", ""), "json_text")
    assert json.loads(written) == {"title": text}


_json_leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts
_json_trees = st.recursive(
    _json_leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(texts | st.integers() | st.booleans(), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(_json_trees, st.integers(min_value=0, max_value=5))
@settings(max_examples=300)
def test_json_with_records_on_one_line_is_the_same_data(data: object, records_at: int) -> None:
    import json

    written = json_text(data, records_at=records_at)
    assert json.loads(written) == json.loads(json_text(data))
    assert_inert(written.replace("\n", ""), "json_text(records_at=…)")
    # nothing deeper than records_at is broken over lines: a record is one line, for grep
    for line in written.splitlines():
        assert len(line) - len(line.lstrip(" ")) <= 2 * records_at


@given(st.lists(st.lists(texts, min_size=1, max_size=4), min_size=1, max_size=4))
@settings(max_examples=200)
def test_no_csv_cell_starts_a_formula_or_acts(rows: list[list[str]]) -> None:
    written = csv_text(["a", "b", "c", "d"], rows)
    assert written.startswith("\ufeff")
    for row in csv.reader(io.StringIO(written.removeprefix("\ufeff"), newline="")):
        for value in row:
            assert_inert(value.replace("\n", ""), "a CSV cell")
            first = value.lstrip()[:1]
            assert first not in set("=+-@＝＋－＠") or value.startswith("'"), value
            assert not value.startswith(("\t", "\r")), value
    assert cell("=1") == "'=1" and cell(" =1") == "' =1" and cell("＝1") == "'＝1" and cell("氏名") == "氏名"


def _model(tmp: Path, text: str) -> Path:
    (tmp / "pia-project.yaml").write_text("", encoding="utf-8")
    document = {
        "version": 1,
        "scheme": {"id": "s", "title": text, "municipality": text, "business": text},
        "data": [{"id": "name", "title": text, "category": "identity", "purpose": text}],
        "nodes": [
            {"id": "sec", "title": text, "kind": "section", "zone": "lg"},
            {"id": "vendor", "title": text, "kind": "contractor"},
        ],
        "zones": [{"id": "lg", "title": text, "kind": "lgwan"}],
        "flows": [{"id": "f1", "from": "sec", "to": "vendor", "data": ["name"], "channel": "email", "note": text}],
    }
    path = tmp / "model.yaml"
    YAML(typ="safe").dump(document, path)
    return path


_RUNS = 0


@given(texts)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_command_prints_model_text_raw(tmp_path: Path, text: str) -> None:
    global _RUNS
    _RUNS += 1
    folder = tmp_path / f"run{_RUNS}"
    folder.mkdir()
    model = _model(folder, text)
    changed = folder / "changed.yaml"  # the same scheme, one line changed: what pia diff shows
    changed.write_text(
        model.read_text(encoding="utf-8").replace("channel: email", "channel: internet"), encoding="utf-8"
    )
    for args in (
        ("check", model),
        ("check", model, "--lang", "en"),
        ("check", model, "-f", "json"),
        ("check", model, "-f", "sarif"),
        ("validate", model),
        ("threshold", model),
        ("assess", "status", model),
        ("diff", model, changed, "-f", "json"),
        ("diff", model, changed, "-f", "markdown"),
        ("diff", model, changed),
    ):
        result = run_cli(*args)
        assert result.exit_code in (0, 1, 2), (args, result.stdout, result.stderr)
        assert_inert(result.stdout + result.stderr, " ".join(map(str, args)))
    csv_result = run_cli("check", model, "-f", "csv")
    for row in csv.reader(io.StringIO(csv_result.stdout.removeprefix("\ufeff"), newline="")):
        for value in row:
            assert value.lstrip()[:1] not in set("=+-@＝＋－＠") or value.startswith("'"), value


def test_a_reference_error_shows_the_id_it_cannot_find(tmp_path: Path) -> None:
    model = _model(tmp_path, "所管課")
    document = YAML(typ="safe").load(model.read_text(encoding="utf-8"))
    document["flows"][0]["to"] = "vendor\x1b]52;c;aGk=\x07"
    YAML(typ="safe").dump(document, model)
    result = run_cli("validate", model)
    assert result.exit_code == 2
    assert "␛]52;c;aGk=␇" in result.stderr
    assert_inert(result.stderr, "validate")


# What a spreadsheet looks past before deciding a cell is a formula: spaces of any width and zero-width
# characters; then a formula sign, and any text (a YAML line "- finding: …" pasted in a comment, say).
LEADING_BLANKS = st.text(alphabet=st.sampled_from(" \u3000\u00a0\u200b\u2060\ufeff"), max_size=4)
FORMULA_SIGNS = st.sampled_from("=+-@＝＋－＠")


@settings(max_examples=200, deadline=None)
@given(blanks=LEADING_BLANKS, sign=FORMULA_SIGNS, rest=st.text(max_size=20))
def test_a_cell_whose_first_visible_character_starts_a_formula_is_kept_as_text(
    blanks: str, sign: str, rest: str
) -> None:
    written = csv_text(["a"], [[blanks + sign + rest]])
    [_, [value]] = list(csv.reader(io.StringIO(written.removeprefix("\ufeff"), newline="")))
    assert value.startswith("'"), value


@settings(max_examples=100, deadline=None)
@given(first=st.sampled_from("\t\r"), rest=st.text(max_size=20))
def test_a_cell_starting_with_a_tab_or_cr_is_kept_as_text(first: str, rest: str) -> None:
    assert cell(first + rest).startswith("'")


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("氏名区abc 123（）・"), min_size=1, max_size=20))
def test_a_plain_cell_is_left_as_written(text: str) -> None:
    assert cell(text) == text
