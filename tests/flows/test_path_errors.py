"""A path that cannot be used (a symlink loop, a name too long, a device or pipe where a file is written) is a
clear error naming the path, in the reader's language, exit 2 — never "internal error" and never a replaced
device. The operating system's reasons are worded from the text table, not printed in English."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pia_toolkit.catalog.texts import LANGS
from pia_toolkit.flows.paths import os_reason, resolved
from tests.conftest import run_cli

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"
LOOP = {"ja": "シンボリックリンクが循環している", "en": "symbolic links form a loop"}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the small model, and loop1.yaml → loop2.yaml → loop1.yaml; the working directory."""
    (tmp_path / "pia-project.yaml").write_text("# root\n", encoding="utf-8")
    shutil.copy(SMALL, tmp_path / "model.yaml")
    (tmp_path / "loop1.yaml").symlink_to("loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to("loop1.yaml")
    (tmp_path / "loop1.json").symlink_to("loop2.json")
    (tmp_path / "loop2.json").symlink_to("loop1.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "command",
    [
        ("validate", "loop1.yaml"),
        ("threshold", "loop1.yaml"),
        ("check", "loop1.yaml"),
        ("check", "model.yaml", "--triage", "loop1.yaml"),
        ("check", "model.yaml", "--policy", "loop1.yaml"),
        ("check", "model.yaml", "-f", "json", "-o", "loop1.json"),
        ("assess", "status", "model.yaml", "--assessment", "loop1.yaml"),
        ("assess", "init", "model.yaml", "--assessment", "loop1.yaml"),
        ("export", "model.yaml", "--assessment", "loop1.yaml", "-o", "out.pdf"),
    ],
    ids=lambda c: " ".join(c) if isinstance(c, tuple) else c,
)
def test_a_symlink_loop_is_a_path_error_naming_the_path(folder: Path, command: tuple[str, ...], lang: str) -> None:
    result = run_cli(*command, "--lang", lang)
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert LOOP[lang] in result.stderr, output
    assert "loop1." in result.stderr
    assert "RuntimeError" not in output and "内部エラー" not in output and "internal error" not in output
    assert not (folder / "out.pdf").exists()


def test_an_include_that_is_a_symlink_loop_is_located_at_the_include(folder: Path) -> None:
    model = folder / "model.yaml"
    model.write_text("include: [loop1.yaml]\n" + model.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("validate", model, "--lang", "en")
    assert result.exit_code == 2
    assert "model.yaml:1:11: include 'loop1.yaml' is not a usable file path" in result.stderr
    assert LOOP["en"] in result.stderr


def test_resolving_a_user_path_never_raises(folder: Path) -> None:
    for path in (Path("loop1.yaml"), Path("a\x00b"), Path("m" * 300 + ".yaml"), Path("/")):
        assert resolved(path).is_absolute()


@settings(max_examples=30, deadline=None)
@given(number=st.sampled_from(sorted(errno.errorcode)), lang=st.sampled_from(LANGS))
def test_an_os_error_is_worded_without_the_english_errno_form(number: int, lang: str) -> None:
    error = OSError(number, os.strerror(number), "/some/file")
    reason = os_reason(error)
    worded = reason if isinstance(reason, str) else reason.text(lang)
    assert worded and "[Errno" not in worded and "/some/file" not in worded


@pytest.mark.parametrize(
    "number",
    [
        errno.ENOENT,
        errno.EACCES,
        errno.EISDIR,
        errno.ENOTDIR,
        errno.ENAMETOOLONG,
        errno.ENOSPC,
        errno.EROFS,
        errno.ELOOP,
        errno.EEXIST,
        errno.EBUSY,
    ],
)
def test_the_common_os_errors_are_in_the_text_table_in_both_languages(number: int) -> None:
    reason = os_reason(OSError(number, os.strerror(number)))
    assert not isinstance(reason, str)
    ja, en = reason.text("ja"), reason.text("en")
    assert ja != en and not ja.isascii() and en.isascii()


def test_a_file_name_too_long_is_said_in_japanese(folder: Path) -> None:
    name = "m" * 251 + ".yaml"
    result = run_cli("validate", name)
    assert result.exit_code == 2
    assert "ファイル名が長すぎる" in result.stderr and name in result.stderr
    assert "File name too long" not in result.stderr and "[Errno" not in result.stderr


def _special_outputs(folder: Path) -> list[Path]:
    fifo = folder / "fifo.out"
    os.mkfifo(fifo)
    return [fifo]


@pytest.mark.parametrize(
    "command",
    [
        ("check", "model.yaml", "-f", "json", "-o"),
        ("check", "model.yaml", "-f", "csv", "-o"),
        ("render", "model.yaml", "-o"),
        ("export", "model.yaml", "-o"),
    ],
    ids=lambda c: " ".join(c),
)
def test_no_output_replaces_a_pipe_or_a_device(folder: Path, command: tuple[str, ...]) -> None:
    suffix = {"json": ".json", "csv": ".csv"}.get(command[3] if len(command) > 3 else "", "")
    suffix = suffix or (".svg" if command[0] == "render" else ".pdf")
    for special in _special_outputs(folder):
        target = special.with_name(special.name + suffix)
        special.rename(target)
        kind = os.stat(target).st_mode
        result = run_cli(*command, target.name, "--lang", "en")
        assert result.exit_code == 2, result.stdout + result.stderr
        assert target.name in result.stderr and "not a regular file, so it is not replaced" in result.stderr
        assert stat.S_IFMT(os.stat(target).st_mode) == stat.S_IFMT(kind)
        assert not list(folder.glob(".*.tmp")) and not list(folder.glob(".*.partial"))
    # a character device (/dev/null behind a name) is written into, as a shell redirection would, and stays
    device = folder / f"device{suffix}"
    device.symlink_to(os.devnull)
    result = run_cli(*command, device.name, "--lang", "en")
    assert result.exit_code in (0, 1), result.stdout + result.stderr  # 1: check found violations
    assert device.is_symlink() and stat.S_ISCHR(os.stat(device).st_mode)
    assert not list(folder.glob(".*.tmp"))


@pytest.mark.parametrize("command", [("check", "model.yaml", "-f", "json", "-o"), ("export", "model.yaml", "-o")])
def test_an_output_through_a_symlink_writes_its_target_and_keeps_link_and_mode(
    folder: Path, command: tuple[str, ...]
) -> None:
    suffix = ".pdf" if command[0] == "export" else ".json"
    store = folder / "store"
    store.mkdir()
    target = store / f"report{suffix}"
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = folder / f"link{suffix}"
    link.symlink_to(target)
    result = run_cli(*command, link.name)
    assert result.exit_code in (0, 1), result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() != b"old" and stat.S_IMODE(target.stat().st_mode) == 0o640


@settings(max_examples=10, deadline=None)
@given(character=st.sampled_from(["\n", "\r", "\u202e", "\x1b", "\u2028", "\t"]))
def test_a_file_name_with_a_control_or_bidi_character_prints_on_one_line(
    tmp_path_factory: pytest.TempPathFactory, character: str
) -> None:
    folder = tmp_path_factory.mktemp("names")
    (folder / "pia-project.yaml").write_text("# root\n", encoding="utf-8")
    model = folder / f"a{character}b.yaml"
    model.write_text(
        "scheme: {id: s, title: T, municipality: 区, business: 事務}\nnodes:\n  - {id: a, title: A, kind: wrd}\n"
    )
    result = run_cli("validate", model, "--lang", "en")
    assert result.exit_code == 2
    [line] = [text for text in result.stderr.splitlines() if "wrd" in text]
    stand_in = chr(0x2400 + ord(character)) if ord(character) < 0x20 else f"⟨U+{ord(character):04X}⟩"
    assert character not in line
    assert line.endswith(
        f"a{stand_in}b.yaml:3:29: nodes[0].kind: 'wrd' is not a known node kind (did you mean 'ward'?)"
    )


@pytest.mark.parametrize("name", ["o" * 300 + ".json", "o" * 300 + "/x.json", "model.yaml/x.json"])
@pytest.mark.parametrize("command", [("check", "model.yaml", "-f", "json"), ("diff", "model.yaml", "model.yaml")])
def test_an_output_name_that_cannot_be_made_is_a_path_error(folder: Path, command: tuple[str, ...], name: str) -> None:
    result = run_cli(*command, "-o", name, "--lang", "en")
    assert result.exit_code == 2, result.stdout + result.stderr
    assert f"{name}: cannot write: " in result.stderr and "internal error" not in result.stderr


def test_diff_does_not_write_over_a_side_it_compares(folder: Path) -> None:
    shutil.copy(folder / "model.yaml", folder / "new.txt")
    before = (folder / "new.txt").read_bytes()
    result = run_cli("diff", "model.yaml", "new.txt", "-o", "new.txt", "--lang", "en")
    assert result.exit_code == 2 and "new.txt is a file this command reads" in result.stderr
    assert (folder / "new.txt").read_bytes() == before
