"""A damaged assessment file stops every command with its place and is never overwritten.

An assessment is made with ``pia assess init`` and then damaged in many ways (cut at random bytes, lines lost,
values of the wrong type, duplicate keys, tabs, Shift_JIS, a folder or a device in its place...). Each of
``assess status``, ``assess init``, ``export`` and ``review`` must exit 2 with a located, worded error, and
leave the file exactly as it was: same bytes, same modification time, no backup, no temporary file.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_cli

ASSESSMENT = "kokuho.assessment.yaml"
COMMANDS = (("assess", "status"), ("assess", "init"), ("export",), ("review",))
SEED = 20240401


@dataclass(frozen=True)
class Damage:
    name: str
    apply: Callable[[Path, bytes], int | None]
    """Damages the file at the path (given its good bytes); returns the line the error must name, if known."""
    says: str
    """Words of the English message."""
    at_line: bool = True
    """The error names the line the damage returned (False: where YAML notices it, later)."""


def _write(path: Path, content: bytes) -> None:
    path.write_bytes(content)


def cut_at(fraction: float) -> Callable[[Path, bytes], int | None]:
    def apply(path: Path, good: bytes) -> int | None:
        # Anywhere but inside the final "...\n", whose loss leaves a complete document.
        offset = max(1, min(len(good) - 5, int(len(good) * fraction)))
        _write(path, good[:offset])
        return None

    return apply


Edit = Callable[[list[str], int], int]
"""Changes the lines in place at the index of the matching line; returns the line the error must name."""


def _edit_lines(pattern: str, edit: Edit, *, nth: int = 0) -> Callable[[Path, bytes], int | None]:
    """Apply ``edit`` at the nth line matching ``pattern``."""

    def apply(path: Path, good: bytes) -> int | None:
        lines = good.decode("utf-8").split("\n")
        index = [i for i, line in enumerate(lines) if re.fullmatch(pattern, line)][nth]
        named = edit(lines, index)
        _write(path, "\n".join(lines).encode("utf-8"))
        return named

    return apply


def _depth(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def replace_line(pattern: str, new: str | None, *, nth: int = 0) -> Callable[[Path, bytes], int | None]:
    """Replace (or, with None, delete) the nth line matching ``pattern``; the error names that line."""

    def edit(lines: list[str], index: int) -> int:
        if new is None:
            del lines[index]
        else:
            lines[index] = new.replace("{indent}", " " * _depth(lines[index]))
        return index + 1

    return _edit_lines(pattern, edit, nth=nth)


def replace_block(pattern: str, new: str) -> Callable[[Path, bytes], int | None]:
    """Replace the first line matching ``pattern`` and the lines nested under it with ``new``."""

    def edit(lines: list[str], index: int) -> int:
        depth = _depth(lines[index])
        end = index + 1
        while end < len(lines) and (_depth(lines[end]) > depth or lines[end] == ""):
            end += 1
        lines[index:end] = [new]
        return index + 1

    return _edit_lines(pattern, edit)


ITEM = r"  I-1-3-people-count:"
"""The item whose entry the damages inside an item are made in."""


def into_item(new: str) -> Callable[[Path, bytes], int | None]:
    """``new`` inserted as the first lines of the item's entry."""

    def edit(lines: list[str], index: int) -> int:
        lines.insert(index + 1, new.replace("{indent}", " " * _depth(lines[index])))
        return index + 2

    return _edit_lines(ITEM, edit)


def raw(content: bytes) -> Callable[[Path, bytes], int | None]:
    def apply(path: Path, good: bytes) -> int | None:
        _write(path, content)
        return None

    return apply


def shift_jis(path: Path, good: bytes) -> int | None:
    text = good.decode("utf-8")
    index = text.index("answer: ")
    _write(path, text[:index].encode("utf-8") + text[index:].encode("shift_jis", "replace"))
    return text[:index].count("\n") + 1


def cut_inside_a_character(path: Path, good: bytes) -> int | None:
    """Cut after the first byte of the first Japanese character of the items (a three-byte UTF-8 sequence)."""
    start = good.index(b"items:")
    offset = next(i for i in range(start, len(good)) if good[i] >= 0xE0)
    _write(path, good[: offset + 1])
    return good[:offset].count(b"\n") + 1


def second_document(path: Path, good: bytes) -> int | None:
    _write(path, good + b"---\nitems: {}\n...\n")
    return good.count(b"\n") + 1


def late_nul(path: Path, good: bytes) -> int | None:
    """A NUL byte past the part of the file looked at for binary content."""
    text = good.decode("utf-8")
    padding = "  # " + "x" * 9000 + "\n"
    index = text.index("items:")
    damaged = text[:index] + padding + text[index:].replace("answer: テスト区", "answer: テスト\x00区", 1)
    _write(path, damaged.encode("utf-8"))
    return damaged[: damaged.index("\x00")].count("\n") + 1


def folder(path: Path, good: bytes) -> int | None:
    path.unlink()
    path.mkdir()
    return None


def endless(path: Path, good: bytes) -> int | None:
    path.unlink()
    path.symlink_to("/dev/zero")
    return None


def pipe(path: Path, good: bytes) -> int | None:
    path.unlink()
    os.mkfifo(path)
    return None


def huge(path: Path, good: bytes) -> int | None:
    with path.open("r+b") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: nothing is written
    return None


_rng = random.Random(SEED)
_CUTS = sorted(_rng.uniform(0.01, 0.99) for _ in range(8))

DAMAGES = [
    *(Damage(f"cut at {fraction:.1%}", cut_at(fraction), "cut short") for fraction in _CUTS),
    Damage("cut after the first byte", cut_at(0.0), "must be a mapping"),
    Damage("empty", raw(b""), "is empty"),
    Damage("only blank lines", raw(b"\n\n  \n"), "is empty"),
    Damage("first line lost", replace_line(r"---", None), "beginning of the assessment file is missing"),
    Damage("last line lost", replace_line(r"\.\.\.", None), "cut short", at_line=False),
    Damage("header line lost", replace_line(r"assessment:", None), "YAML syntax error", at_line=False),
    Damage("header lost", replace_block(r"assessment:", "# no header"), "the header 'assessment:'", at_line=False),
    Damage("item key line lost", replace_line(ITEM, None), "duplicate key 'answer'"),
    Damage("header field a number", replace_line(r"  form_version: .*", "  form_version: 5"), "expected text"),
    Damage("header field a list", replace_line(r"  model: .*", "  model: [a, b]"), "expected text"),
    Damage("model_refs: 5", replace_block(r"    model_refs:", "    model_refs: 5"), "expected a list"),
    Damage("verdict a list", into_item("    verdict: [a, b]"), "expected one of"),
    Damage("bogus verdict", into_item("    verdict: good"), "needs_improvement"),
    Damage("bogus source", replace_line(r"    source: model", "    source: typed", nth=2), "model, entered"),
    Damage("stale not a boolean", replace_line(r"    stale: false", "    stale: maybe"), "true or false"),
    Damage("item not a mapping", replace_block(ITEM, "  I-1-3-people-count: 5"), "mapping"),
    Damage("changed_since a number", into_item("    changed_since: 5"), "mapping"),
    Damage("items a list", replace_block(r"items:", "items: [a, b]"), "expected a mapping"),
    Damage("unknown item field", into_item("    verdit: adequate"), "did you mean"),
    Damage("duplicate key", into_item("    stale: true\n    stale: true"), "duplicate", at_line=False),
    Damage("tab indentation", replace_line(r"    source: model", "\tsource: model"), "YAML syntax error"),
    Damage(
        "unclosed quote",
        replace_line(r"  form_version: .*", "  form_version: 'abc"),
        "YAML syntax error",
        at_line=False,
    ),
    Damage("a list, not a mapping", raw(b"- a\n- b\n"), "must be a mapping"),
    Damage("two documents", raw(b"assessment: {}\n---\nitems: {}\n"), "one YAML document"),
    Damage("control character", replace_line(r"  form: .*", "  form: a\x07b"), "YAML syntax error"),
    Damage("cut inside a character", cut_inside_a_character, "cut short"),
    Damage("a second document after it", second_document, "one YAML document"),
    Damage("header a number", replace_block(r"assessment:", "assessment: 5"), "expected a mapping"),
    Damage("header a list", replace_block(r"assessment:", "assessment: [a, b]"), "expected a mapping"),
    Damage(
        "an alias",
        into_item("    comment: &c x\n    action: {who: *c, due: x}"),
        "may not use aliases ('*c')",
        at_line=False,
    ),
    Damage(
        "an alias beside comments",
        into_item("    comment: &c x  # note\n    action: {who: *c, due: x}"),
        "may not use aliases",
        at_line=False,
    ),
    Damage("an alias to nothing", into_item("    comment: *nowhere"), "aliases"),
    Damage("nesting 5,000 deep", into_item("    comment: " + "[" * 5000 + "]" * 5000), "nested too deeply"),
    Damage(
        "nesting 2,000 deep in block style, beside a comment",
        into_item("    comment:  # deep\n" + "".join(" " * (6 + 2 * i) + "-\n" for i in range(2000))),
        "nested too deeply",
        at_line=False,
    ),
    *(
        Damage(
            f"header model {value}", replace_line(r"  model: .*", f"  model: {value}"), "(the header's model), not for"
        )
        for value in ("../../../../etc/passwd", "/etc/hostname", "other.yaml", '"\\e[2J"', "sub/kokuho.yaml")
    ),
    Damage("header model blank", replace_line(r"  model: .*", "  model: ''"), "names no model file"),
    Damage("header date not a date", replace_line(r"  created: .*", "  created: 昨日"), "YYYY-MM-DD"),
    *(
        Damage(
            f"action due {what}",
            into_item(f"    action: {{who: 課長, due: {due}}}"),
            "expected a date written YYYY-MM-DD",
        )
        for what, due in (("not a date", "明日"), ("an impossible date", "'2026-02-30'"))
    ),
    Damage("a NUL byte late in the file", late_nul, "U+0000"),
    Damage("binary", raw(b"\x00\x01\x02PK\x03\x04" * 50), "binary"),
    Damage("Shift_JIS", shift_jis, "not UTF-8"),
    Damage("a folder", folder, "folder"),
    Damage("/dev/zero", endless, "not a regular file"),
    Damage("a named pipe", pipe, "not a regular file"),
    Damage("over the size limit", huge, "at most"),
]


def _fingerprint(path: Path) -> tuple[object, ...]:
    info = os.lstat(path)
    content = path.read_bytes() if path.is_file() and not path.is_symlink() and info.st_size < 1 << 20 else b""
    return info.st_mode, info.st_size, info.st_mtime_ns, content, os.path.islink(path)


@pytest.fixture(scope="module")
def good_assessment(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from tests.assessment.conftest import KOKUHO, project

    model = project(tmp_path_factory.mktemp("good")) / "kokuho.yaml"
    model.write_bytes(KOKUHO.read_bytes())
    assert run_cli("assess", "init", model).exit_code == 0
    return model.with_name(ASSESSMENT).read_bytes()


@pytest.mark.parametrize("damage", DAMAGES, ids=[d.name for d in DAMAGES])
def test_a_damaged_assessment_stops_every_command_and_is_never_written(
    kokuho: Path, good_assessment: bytes, damage: Damage
) -> None:
    assessment = kokuho.with_name(ASSESSMENT)
    assessment.write_bytes(good_assessment)
    line = damage.apply(assessment, good_assessment)
    before = _fingerprint(assessment)
    neighbours = sorted(p.name for p in kokuho.parent.iterdir())

    for command in COMMANDS:
        extra = ["-o", str(kokuho.parent / "report.pdf")] if command == ("export",) else []
        result = run_cli(*command, kokuho, *extra, "--lang", "en")
        where = f"{command}: {result.stderr}"
        assert result.exit_code == 2, where
        assert "Traceback" not in result.stderr + result.stdout, where
        located = re.search(rf"{re.escape(ASSESSMENT)}:(\d+):(\d+): ", result.stderr)
        assert located, where
        if line is not None and damage.at_line:
            assert int(located.group(1)) == line, where
        assert damage.says in result.stderr, where
        assert _fingerprint(assessment) == before, f"{command} changed the file"

    assert sorted(p.name for p in kokuho.parent.iterdir()) == neighbours, "no backup, temporary file or report"


def test_the_damage_is_told_in_japanese_too(kokuho: Path, good_assessment: bytes) -> None:
    assessment = kokuho.with_name(ASSESSMENT)
    assessment.write_bytes(good_assessment[: len(good_assessment) // 2])
    result = run_cli("assess", "status", kokuho)
    assert result.exit_code == 2
    assert "途中で切れている" in result.stderr and f"{ASSESSMENT}.bak" in result.stderr


def test_cutting_the_file_anywhere_is_noticed(tmp_path: Path, good_assessment: bytes) -> None:
    """Every byte offset, not only the sampled ones, through the loader itself."""
    from pia_toolkit.flows.errors import ModelLoadError
    from pia_toolkit.pia.assessment.document import Assessment

    path = tmp_path / ASSESSMENT
    step = max(1, len(good_assessment) // 400)
    for offset in range(0, len(good_assessment) - 4, step):
        path.write_bytes(good_assessment[:offset])
        with pytest.raises(ModelLoadError):
            Assessment.load(path)
