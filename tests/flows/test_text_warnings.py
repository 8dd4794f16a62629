"""Characters that act instead of printing (bidi overrides, controls written as escapes, separators) give a
located warning, not an error: the model still validates (exit 0), and the owner learns where each one is."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_toolkit.flows.text_warnings import MAX_WARNINGS
from tests.model_text import SCHEME, validate, write

GENERATED = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Written raw in the file: YAML allows these, and they reorder or hide what the reviewer reads.
RAW = [chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))]
# Only reachable through an escape in a double-quoted string: YAML refuses them raw.
ESCAPED = [chr(c) for c in (*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0))]
ESCAPED += ["\u2028", "\u2029", "\ufffe", "\uffff"]
PLAIN = st.text(alphabet=st.sampled_from("住民記録abcXYZ 012・"), max_size=12).map(str.strip).filter(bool)


@GENERATED
@given(
    before=PLAIN,
    character=st.sampled_from(RAW),
    after=PLAIN,
    where=st.sampled_from(["value", "quoted", "comment", "key"]),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_a_raw_bidi_character_is_a_warning_at_its_place(
    project: Path, before: str, character: str, after: str, where: str, ending: str
) -> None:
    line = {
        "value": f"  reference: {before}{character}{after}",
        "quoted": f'  reference: "{before}{character}{after}"',
        "comment": f"  reference: x # {before}{character}{after}",
        "key": f"  {before}{character}{after}: x",
    }[where]
    lines = SCHEME.splitlines()
    lines.insert(3, line)
    result = validate(write(project, "bidi.yaml", ending.join(lines) + ending))
    [warning] = result.warnings
    assert (warning.line, warning.column) == (4, line.index(character) + 1)
    assert f"U+{ord(character):04X}" in warning.text
    if where == "key":
        assert result.exit_code == 2 and result.errors  # an unknown field is still an error
    else:
        assert result.exit_code == 0, result.stderr
    assert character not in result.stderr  # named by its code point, never echoed


@GENERATED
@given(before=PLAIN, character=st.sampled_from(ESCAPED + RAW), line=st.integers(min_value=0, max_value=5))
def test_an_escaped_control_is_a_warning_at_its_string(project: Path, before: str, character: str, line: int) -> None:
    lines = SCHEME.splitlines()
    text = f'  reference: "{before}\\u{ord(character):04x}x"'
    lines.insert(1 + min(line, 4), text)
    result = validate(write(project, "esc.yaml", "\n".join(lines) + "\n"))
    assert result.exit_code == 0, result.stderr
    [warning] = result.warnings
    assert (warning.line, warning.column) == (2 + min(line, 4), len("  reference: ") + 1)
    assert f"U+{ord(character):04X}" in warning.text and "escape" in warning.text


@GENERATED
@given(characters=st.lists(st.sampled_from(ESCAPED), min_size=2, max_size=4, unique=True))
def test_every_control_a_string_escapes_is_named(project: Path, characters: list[str]) -> None:
    escapes = "".join(f"\\u{ord(c):04x}" for c in characters)
    result = validate(write(project, "esc2.yaml", SCHEME + f'  reference: "a{escapes}b"\n'))
    [warning] = result.warnings
    assert all(f"U+{ord(c):04X}" in warning.text for c in characters), warning.text


def test_warnings_are_in_japanese_by_default_and_in_file_order_with_the_errors(project: Path) -> None:
    model = write(project, "mixed.yaml", SCHEME + '  reference: a\u202eb\n  people_count: many\n  x: "\u2066"\n')
    japanese = validate(model, "ja")
    assert japanese.exit_code == 2
    # the bidi warning, the count that is no number, the unknown field `x`, then the warning inside its value
    assert [(e.line, e.column, e.text.startswith("警告")) for e in japanese.located] == [
        (6, 15, True), (7, 17, False), (8, 3, False), (8, 7, True),
    ]  # fmt: skip
    assert "目に見えない制御文字 U+202E" in japanese.warnings[0].text


def test_many_hidden_characters_are_capped_with_a_count(project: Path) -> None:
    model = write(project, "many.yaml", SCHEME + "".join(f"# \u202e {i}\n" for i in range(MAX_WARNINGS + 37)))
    result = validate(model)
    assert result.exit_code == 0
    assert len(result.warnings) == MAX_WARNINGS + 1
    assert "37 more invisible control characters" in result.warnings[-1].text


def test_a_model_without_hidden_characters_has_no_warning(project: Path) -> None:
    result = validate(write(project, "clean.yaml", SCHEME + '  reference: "tab\\tand\\nnewline are text"\n'))
    assert result.exit_code == 0 and not result.warnings and "warning" not in result.stderr


def test_check_shows_the_warnings_too(project: Path) -> None:
    from tests.model_text import run

    model = write(project, "check.yaml", SCHEME + "  reference: a\u202eb\n")
    result = run("check", model, "--lang", "en")
    assert result.exit_code in (0, 1)
    assert [(w.line, w.column) for w in result.warnings] == [(6, 15)]
