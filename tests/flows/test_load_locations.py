"""Every load error points where an editor would put the cursor: the line and the column in characters, for any
line ending, and at the byte a reader refused (a forbidden character, a byte that is not UTF-8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.model_text import SCHEME, has_japanese, validate, write

GENERATED = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text an owner writes in a title: Japanese, full-width forms, ASCII, and characters outside the BMP.
TITLE = st.text(
    alphabet=st.sampled_from("区民住記録申請あいうアイウｱｲｳＡＢＣabcXYZ0123 ・（）「」𠮷😀é"), min_size=0, max_size=30
).map(str.strip)


@GENERATED
@given(
    before=TITLE,
    bad=st.sampled_from(["wrd", "contracter", "sytem", "委託業者様"]),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_columns_count_characters_and_lines_follow_any_line_ending(
    project: Path, before: str, bad: str, ending: str
) -> None:
    line = f"  - {{id: a, title: '札{before}', kind: {bad}}}"  # a title is never blank (that is an error of its own)
    text = (SCHEME + "nodes:\n" + line + "\n").replace("\n", ending)
    result = validate(write(project, "cols.yaml", text))
    assert result.exit_code == 2
    [error] = result.errors
    assert (error.line, error.column) == (7, line.index(f"kind: {bad}") + len("kind: ") + 1)
    assert f"'{bad}' is not a known node kind" in error.text


_FORBIDDEN = [chr(c) for c in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85), 0x9B]]


@GENERATED
@given(before=TITLE, character=st.sampled_from(_FORBIDDEN), line=st.integers(min_value=0, max_value=3))
def test_a_character_yaml_forbids_is_reported_at_that_character(
    project: Path, before: str, character: str, line: int
) -> None:
    lines = SCHEME.splitlines()
    lines.insert(2 + line, f"  reference: {before}{character}x")
    result = validate(write(project, "ctl.yaml", "\n".join(lines) + "\n"))
    assert result.exit_code == 2
    [error] = result.errors
    assert (error.line, error.column) == (3 + line, len("  reference: ") + len(before) + 1)
    assert f"U+{ord(character):04X}" in error.text


@GENERATED
@given(
    ascii_lines=st.integers(min_value=0, max_value=6),
    before=st.text(alphabet=st.sampled_from("abc XYZ-_:012"), max_size=12),
    japanese=st.text(alphabet=st.sampled_from("住民記録申請区民健康保険世田谷目黒"), min_size=1, max_size=10),
)
def test_a_shift_jis_file_is_named_with_the_line_of_its_first_japanese_and_how_to_convert(
    project: Path, ascii_lines: int, before: str, japanese: str
) -> None:
    text = "".join(f"# comment {i}\n" for i in range(ascii_lines)) + f"# {before}{japanese}\n" + "scheme: {id: s}\n"
    model = write(project, "sjis.yaml", text.encode("cp932"))
    japanese_run = validate(model, "ja")
    assert japanese_run.exit_code == 2
    [error] = japanese_run.errors
    assert (error.line, error.column) == (ascii_lines + 1, len(f"# {before}") + 1)
    assert "Shift_JIS" in error.text and "iconv -f cp932 -t utf-8" in error.text and "UTF-8" in error.text
    assert "名前を付けて保存" in error.text and has_japanese(error.text)
    english = validate(model, "en").errors[0]
    assert (english.line, english.column) == (error.line, error.column) and "Save As" in english.text


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-16", "UTF-16LE"), ("utf-16-be", "UTF-16BE"), ("utf-16-le", "UTF-16LE"), ("euc_jp", "EUC-JP")],
)
def test_other_encodings_are_named(project: Path, encoding: str, named: str) -> None:
    text = SCHEME if encoding.startswith("utf") else "# 住民記録の事務\n" + SCHEME
    result = validate(write(project, "enc.yaml", text.encode(encoding)))
    assert result.exit_code == 2
    [error] = result.errors
    assert named in error.text and "UTF-8" in error.text


def test_a_byte_that_is_no_known_encoding_still_gets_its_line(project: Path) -> None:
    result = validate(write(project, "bytes.yaml", SCHEME.encode() + b"  reference: \xff\xfe\xfd\n"))
    assert result.exit_code == 2
    [error] = result.errors
    assert (error.line, error.column) == (6, 14) and "0xff" in error.text


@GENERATED
@given(line=st.integers(min_value=1, max_value=5), ending=st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_syntax_error_is_at_the_place_the_parser_stopped(project: Path, line: int, ending: str) -> None:
    lines = SCHEME.splitlines()
    lines.insert(line, "  title2: [unclosed")
    text = ending.join(lines) + ending
    result = validate(write(project, "syntax.yaml", text))
    assert result.exit_code == 2
    [error] = result.errors
    assert error.line > line and (error.line, error.column) != (1, 1)
    assert "YAML syntax error" in error.text


@GENERATED
@given(
    separator=st.sampled_from(["\u2028", "\u2029", "\x85"]),
    count=st.integers(min_value=1, max_value=4),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_line_ends_only_yaml_counts_do_not_shift_later_positions(
    project: Path, separator: str, count: int, ending: str
) -> None:
    """A U+2028 pasted into a title is no line end for an editor: the error below stays on its own line."""
    title = "  - {id: n, title: '" + separator.join(["氏名"] * (count + 1)) + "', category: identity}"
    text = SCHEME + "data:\n" + title + "\nnodes:\n  - {id: bad, title: B, kind: wrd}\n"
    result = validate(write(project, "sep.yaml", text.replace("\n", ending)))
    assert result.exit_code == 2
    [error] = result.errors
    assert (error.line, error.column) == (9, 31)
    assert "'wrd' is not a known node kind" in error.text
    assert all(w.line == 7 for w in result.warnings) and len(result.warnings) == count


LINES = st.lists(TITLE, min_size=1, max_size=8)


@GENERATED
@given(
    titles=LINES,
    where=st.integers(min_value=0, max_value=7),
    before=TITLE,
    bad=st.sampled_from([b"\xff", b"\x80", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_a_byte_that_is_not_utf8_is_at_its_line_and_column_for_any_line_ending(
    project: Path, titles: list[str], where: int, before: str, bad: bytes, ending: str
) -> None:
    """Old Mac files end lines with CR alone: the line is counted as the YAML reader and editors count it."""
    lines = SCHEME.splitlines() + [f"  note{i}: '{title}'" for i, title in enumerate(titles)]
    index = min(where, len(titles)) + 5
    lines.insert(index, f"  reference: {before}")
    encoded = [line.encode() for line in lines]
    encoded[index] += bad + b"x"
    result = validate(write(project, "bad.yaml", ending.encode().join(encoded) + ending.encode()))
    assert result.exit_code == 2
    [error] = result.errors
    assert (error.line, error.column) == (index + 1, len(f"  reference: {before}") + 1), error
    assert "UTF-8" in error.text


@GENERATED
@given(titles=LINES, where=st.integers(min_value=0, max_value=7), before=TITLE)
def test_a_nul_byte_is_at_its_line_and_column(project: Path, titles: list[str], where: int, before: str) -> None:
    lines = SCHEME.splitlines() + [f"  note{i}: '{title}'" for i, title in enumerate(titles)]
    index = min(where, len(titles)) + 5
    lines.insert(index, f"  reference: {before}\x00")
    result = validate(write(project, "nul.yaml", "\n".join(lines) + "\n"))
    assert result.exit_code == 2
    [error] = result.errors
    assert (error.line, error.column) == (index + 1, len(f"  reference: {before}") + 1), error


EXAMPLE = (Path(__file__).parents[2] / "flows" / "examples" / "meguro-newsletter-delivery.yaml").read_bytes()


@GENERATED
@given(cut=st.integers(min_value=1, max_value=len(EXAMPLE) - 1), ending=st.sampled_from([b"\n", b"\r\n", b"\r"]))
def test_a_file_cut_anywhere_is_located_inside_it(project: Path, cut: int, ending: bytes) -> None:
    """A file cut off mid-token: the reader looks for more one line below the end; the error stays on the file's
    last line, no further than its end."""
    content = EXAMPLE[:cut].decode("utf-8", "ignore").encode().replace(b"\n", ending)
    result = validate(write(project, "flows/examples/cut.yaml", content))
    lines = content.replace(b"\r\n", b"\n").replace(b"\r", b"\n").decode().split("\n")
    for error in result.errors:
        if error.file.endswith("cut.yaml"):
            assert error.line <= len(lines), (error, len(lines))
            assert error.column <= len(lines[error.line - 1]) + 1, (error, lines[error.line - 1])
