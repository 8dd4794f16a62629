"""What counts as a defect. Each check takes what one command did and returns :class:`Defect` records.

1. a traceback, an exit code outside the documented set, exit 0 with an error, an invalid input accepted
   (or a valid one refused); tracebacks are placed by exception type and the innermost project frame
2. a load error (exit 2) without a usable ``file:line:column:`` (none, always 1:1, wrong line, past the end); an
   error about a path itself (cannot be read or written, an input, a folder) is located when it names the path
3. raw control or bidi characters in stdout/stderr/outputs, or a CSV cell that a spreadsheet runs as a formula
4. ``:100:`` turned into an emoji
5. an input file modified or replaced, a stray file left behind, or a written assessment that does not load
6. a command slower than 2 s or using more than 300 MB
7. (extra) a pia-policy.yaml above the project root applied to the model
"""

from __future__ import annotations

import csv
import io
import re
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.fuzz.case import Case, Command
from tests.fuzz.corpus import PRODUCT_DIRS, ROOT

ORACLES = {
    1: "traceback / exit code / invalid input accepted",
    2: "load error without a usable file:line:column",
    3: "raw control or bidi characters, CSV formula cells",
    4: "':100:' turned into an emoji",
    5: "input file changed / stray file / written assessment does not load",
    6: "slower than 2 s or more than 300 MB",
    7: "(extra) pia-policy.yaml above the project root applied",
}
EXIT_CODES = {
    "validate": {0, 2},
    "check": {0, 1, 2, 3},
    "threshold": {0, 2},
    "assess init": {0, 2},
    "assess status": {0, 2},
    "export": {0, 2, 3},
}
SECONDS = 2.0
EXPORT_SECONDS = 15.0
"""``pia export`` lays out a PDF (about 5 s for an example on this machine): it gets its own budget."""
MEGABYTES = 300


@dataclass
class Defect:
    oracle: int
    kind: str
    place: str
    detail: str
    argv: list[str] = field(default_factory=list)

    @property
    def signature(self) -> tuple[int, str]:
        return self.oracle, self.place


@dataclass
class Outcome:
    """What one command did."""

    argv: list[str]
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    exception: BaseException | None = None
    exc_info: tuple[Any, Any, TracebackType | None] | None = None
    outputs: dict[str, bytes] = field(default_factory=dict)
    """Files named with -o / --output that exist after the command, by path."""
    max_rss_mb: float | None = None
    timed_out: bool = False


# ---- helpers ----------------------------------------------------------------------------------------------------
def safe(text: str, limit: int = 140) -> str:
    """Printable form of ``text`` for the harness's own reports: controls and bidi as escapes."""
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append("\\n" if ch == "\n" else "\\t")
        elif _char_class(ch) or ch in "\r\x7f" or not ch.isprintable():
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    result = "".join(out)
    return result if len(result) <= limit else result[: limit - 1] + "…"


def template(text: str, limit: int = 80) -> str:
    """A message with its particulars (paths, quoted values, numbers) blanked, to group similar messages."""
    text = re.sub(r"(?<![\w'])(?:/|\.\./|proj/|[\w.-]+/)[^\s:'\"]*", "PATH", text)
    text = re.sub(r"'[^']*'", "'…'", text)
    text = re.sub(r'"[^"]*"', '"…"', text)
    text = re.sub(r"\d+", "N", text)
    return safe(text, limit)


def _char_class(ch: str) -> str | None:
    code = ord(ch)
    if ch == "\x1b":
        return "ESC"
    if code < 0x20 and ch not in "\n\t":
        return "NUL" if code == 0 else "C0"
    if code == 0x7F:
        return "DEL"
    if 0x80 <= code <= 0x9F:
        return "C1"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "bidi"
    if code in (0x2028, 0x2029):
        return "LS/PS"
    return None


FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def control_classes(text: str) -> dict[str, str]:
    """Each class of forbidden character in ``text`` and an excerpt around its first occurrence."""
    found: dict[str, str] = {}
    for match in FORBIDDEN.finditer(text):
        kind = _char_class(match.group())
        if kind and kind not in found:
            index = match.start()
            found[kind] = safe(text[max(0, index - 30) : index + 30], 80)
    return found


def _place(frames: list[tuple[str, str]], recursion: bool) -> str:
    """``file:function`` of the innermost product frame (flows/, catalog/, pia/, exports/, tui/) among
    ``(filename, function)`` pairs, outermost first.

    For a RecursionError the innermost frame is wherever the limit happened to strike: the most frequent
    product frame (the one that recurses) places it instead.
    """
    places = []
    for filename, name in frames:
        if filename.startswith(PRODUCT_DIRS) or "/pia_toolkit/" in filename:
            try:
                shown = str(Path(filename).relative_to(ROOT))
            except ValueError:
                shown = filename.split("/pia_toolkit/", 1)[-1]
            places.append(f"{shown}:{name}")
    if not places:
        return "?"
    if recursion:
        counts = Counter(places)
        top = max(counts.values())
        return next(p for p in reversed(places) if counts[p] == top)
    return places[-1]


def project_frame(tb: TracebackType | None, *, recursion: bool = False) -> str:
    return _place([(f.filename, f.name) for f in traceback.extract_tb(tb)], recursion)


FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line \d+, in (?P<name>\S+)', re.MULTILINE)


def frame_from_text(text: str, *, recursion: bool = False) -> str:
    """:func:`project_frame` for a traceback printed by a subprocess."""
    return _place([(m["file"], m["name"]) for m in FRAME.finditer(text)], recursion)


LINE_END = re.compile(rb"\r\n|\r|\n")
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): \S")
MANGLED = re.compile(r"^.+?(💯|🔢)\d*: ")


def _summary_lines() -> re.Pattern[str]:
    """The CLI's own count lines ("3 error(s)", "3件のエラー", "1 of 2 file(s) have errors"...), in either
    language, as the catalogue words them: they are a tally, not a message that needs a place."""
    from pia_toolkit.catalog.texts import text

    keys = ("cli.error_count", "cli.files_with_errors")
    templates = [getattr(text(key), lang) for key in keys for lang in ("ja", "en")]
    shapes = [re.sub(r"\\\{\w+\\\}", r"[\\d,]+", re.escape(t)) for t in templates]
    return re.compile(r"^(\d+ errors?|" + "|".join(shapes) + r")$")


SUMMARY = _summary_lines()

# Errors about a path itself (it cannot be read or written, it is an input, a folder, a device): they have no
# line to point at, and count as located when they name that path (one of the case's files or the command's
# arguments); any other line without file:line:column is still "no location".
PATH_ERROR_KEYS = (
    "cli.cannot_load",
    "cli.cannot_write",
    "cli.output_is_input",
    "cli.output_is_user_file",
    "cli.output_is_folder",
    "cli.no_assessment_file",
    "cli.must_be_pdf",
    "cli.must_be_csv",
    "cli.unknown_format",
    "cli.paper_needs_pdf",
)


def _path_errors() -> list[re.Pattern[str]]:
    """ "エラー: PATH: 書き込めない（…）" and the like, in either language, as the catalogue words them, each with
    the path it names captured."""
    from pia_toolkit.catalog.texts import text

    def shape(template: str) -> str:
        pieces = re.split(r"(\{\w+(?::[^}]*)?\})", template)
        return "".join(
            "(?P<path>.+?)" if piece == "{path}" else ".+?" if piece.startswith("{") else re.escape(piece)
            for piece in pieces
        )

    error = "|".join(re.escape(getattr(text("cli.error"), lang)) for lang in ("ja", "en"))
    return [
        re.compile(rf"^(?:{error}): {shape(getattr(text(key), lang))}$")
        for key in PATH_ERROR_KEYS
        for lang in ("ja", "en")
    ]


PATH_ERRORS = _path_errors()


def _path_named(line: str, paths: set[str]) -> bool:
    """``line`` is a path error (:data:`PATH_ERROR_KEYS`) and the path it names is one of ``paths``."""
    return any((match := pattern.match(line)) is not None and match["path"] in paths for pattern in PATH_ERRORS)


def shown_name(file: str) -> str:
    """A file name as the tool prints it in file:line:column: control and bidi characters (a newline, U+202E)
    are shown as visible stand-ins (␊, ⟨U+202E⟩), so that no name can break or reorder the line."""
    from pia_toolkit.catalog.texts.visible import visible

    return visible(file, lines=False)


def _lines(text: str) -> list[str]:
    """Lines as a terminal shows them: split at newlines only (a raw U+2028 is oracle 3's business)."""
    return [line.rstrip("\r") for line in text.split("\n") if line.strip()]


# ---- the checks -------------------------------------------------------------------------------------------------
def check_command(case: Case, command: Command, outcome: Outcome, known_files: set[str]) -> list[Defect]:
    defects: list[Defect] = []
    argv = command.argv
    name = command.name
    if outcome.timed_out:
        defects.append(Defect(6, "hang", f"{name}: no answer within {case.timeout:.0f} s", case.label, argv))
        return defects
    usage = "Usage:" in outcome.stderr and outcome.exit_code == 2
    defects += _oracle1(case, command, outcome, usage)
    if outcome.exit_code == 2 and not usage:
        defects += _oracle2(case, command, outcome, known_files)
    defects += _oracle3(command, outcome)
    defects += _oracle4(case, command, outcome)
    limit = EXPORT_SECONDS if name == "export" else SECONDS
    if outcome.seconds > limit:
        defects.append(
            Defect(6, "slow", f"{name} slower than {limit:.0f} s", f"{outcome.seconds:.1f} s: {case.label}", argv)
        )
    if outcome.max_rss_mb is not None and outcome.max_rss_mb > MEGABYTES:
        defects.append(
            Defect(6, "memory", f"{name} above {MEGABYTES} MB", f"{outcome.max_rss_mb:.0f} MB: {case.label}", argv)
        )
    return defects


def _oracle1(case: Case, command: Command, outcome: Outcome, usage: bool) -> list[Defect]:
    defects = []
    name, argv = command.name, command.argv
    error = outcome.exception
    if error is not None and not isinstance(error, SystemExit):
        tb = outcome.exc_info[2] if outcome.exc_info else None
        place = f"{type(error).__name__} in {project_frame(tb, recursion=isinstance(error, RecursionError))}"
        defects.append(Defect(1, "traceback", place, f"{safe(str(error), 100)} ({case.label})", argv))
        return defects
    printed = "Traceback (most recent call last)" in outcome.stderr + outcome.stdout
    if printed:
        last = (_lines(outcome.stderr)[-1:] or ["?"])[0]
        kind = last.split(":", 1)[0].strip()
        if not re.fullmatch(r"[A-Za-z_.]+", kind):
            kind = template(last, 40)
        place = f"{kind.rsplit('.', 1)[-1]} in {frame_from_text(outcome.stderr, recursion='Recursion' in kind)}"
        defects.append(Defect(1, "traceback", place, f"{safe(last, 100)} ({case.label})", argv))
    allowed = EXIT_CODES.get(name, {0, 1, 2, 3})
    if outcome.exit_code not in allowed and not printed:
        defects.append(
            Defect(
                1,
                "exit code",
                f"{name} exit {outcome.exit_code}",
                f"{template(outcome.stderr[:200], 100)} ({case.label})",
                argv,
            )
        )
    if usage and not case.notes.get("usage_ok"):
        defects.append(Defect(0, "harness", f"usage error for {name}", safe(outcome.stderr, 200), argv))
    if outcome.exit_code == 0 and re.search(r"(?mi)^(internal )?error\b", outcome.stderr):
        defects.append(
            Defect(
                1,
                "exit 0 with an error",
                f"{name} exit 0 with 'error:'",
                f"{template(outcome.stderr, 100)} ({case.label})",
                argv,
            )
        )
    accepted = outcome.exit_code == 0 or (name == "check" and outcome.exit_code == 1 and not printed)
    if case.expect_reject and command.loads_fuzzed and accepted and name != "export":
        what = case.notes.get("place") or template(_short_label(case), 70)
        defects.append(
            Defect(
                1,
                "invalid input accepted",
                f"{case.klass}: {what}",
                f"{name} exit {outcome.exit_code}: {safe(case.label, 120)}",
                argv,
            )
        )
    if case.notes.get("expect_valid") and name == "validate" and outcome.exit_code != 0:
        first = (_lines(outcome.stderr) or ["?"])[0]
        defects.append(
            Defect(
                1,
                "valid input refused",
                f"{case.klass}: {template(_short_label(case), 60)}",
                f"{safe(first, 120)} ({case.label})",
                argv,
            )
        )
    return defects


def _short_label(case: Case) -> str:
    label = case.label
    if ": " in label and label.split(": ", 1)[0].endswith(".yaml"):
        label = label.split(": ", 1)[1]
    return re.sub(r"\[\d+\]", "[i]", label)


def _oracle2(case: Case, command: Command, outcome: Outcome, known_files: set[str]) -> list[Defect]:
    defects = []
    argv = command.argv
    located: list[tuple[str, int, int, str]] = []
    unlocated: list[str] = []
    shown = {shown_name(file): file for file in known_files}
    paths = set(shown) | {shown_name(arg) for arg in argv if not arg.startswith("-")}
    for line in _lines(outcome.stderr):
        if SUMMARY.match(line) or line.startswith("warning:"):
            continue
        if MANGLED.match(line):
            continue  # a position rich turned into an emoji (file.yaml💯5:): counted under oracle 4
        match = LOCATED.match(line)
        if match and match["file"] in shown:
            located.append((shown[match["file"]], int(match["line"]), int(match["col"]), line[match.end() - 1 :]))
        elif not _path_named(line, paths):
            unlocated.append(line)
    if unlocated:
        defects.append(
            Defect(
                2,
                "no location",
                f"no file:line:col: {template(unlocated[0], 70)}",
                f"{safe(unlocated[0], 120)} ({case.label})",
                argv,
            )
        )
    if not located:
        return defects
    fuzzed = case.fuzzed if command.loads_fuzzed else None
    if case.defect_at and fuzzed and case.defect_at[0] != 1 and all((ln, col) == (1, 1) for _, ln, col, _ in located):
        defects.append(
            Defect(
                2,
                "always 1:1",
                f"1:1 instead of the place: {template(located[0][3], 60)}",
                f"expected line {case.defect_at[0]}; {safe(located[0][3], 100)} ({case.label})",
                argv,
            )
        )
    elif case.exact_position and case.defect_at and fuzzed:
        line, column = case.defect_at
        mine = [entry for entry in located if entry[0] == fuzzed]
        if not any(ln == line for _, ln, _, _ in mine):
            got = f"{mine[0][1]}:{mine[0][2]}" if mine else "another file"
            defects.append(
                Defect(
                    2,
                    "wrong line",
                    f"wrong line: {template((mine or located)[0][3], 60)}",
                    f"expected {line}:{column}, got {got} ({case.label})",
                    argv,
                )
            )
        elif column is not None and not any((ln, col) == (line, column) for _, ln, col, _ in mine):
            got = next(f"{ln}:{col}" for _, ln, col, _ in mine if ln == line)
            defects.append(
                Defect(
                    2,
                    "wrong column",
                    f"wrong column: {template(mine[0][3], 60)}",
                    f"expected {line}:{column}, got {got} ({case.label})",
                    argv,
                )
            )
    for file, line, _column, message in located:
        content = case.files.get(file)
        if isinstance(content, bytes):
            # Lines end at LF, CRLF or a lone CR (an old Mac file), as the YAML reader and editors count them.
            last = len(LINE_END.findall(content)) + 1
            if line > last:
                defects.append(
                    Defect(
                        2,
                        "past the end",
                        f"line past the end of the file: {template(message, 60)}",
                        f"line {line} of {last} ({case.label})",
                        argv,
                    )
                )
                break
    return defects


def _streams(command: Command, outcome: Outcome) -> list[tuple[str, str]]:
    streams = [("stdout", outcome.stdout), ("stderr", outcome.stderr)]
    for path, data in outcome.outputs.items():
        if not path.endswith(".pdf"):
            streams.append((f"-o {Path(path).suffix or 'file'}", data.decode("utf-8", errors="replace")))
    return streams


def _oracle3(command: Command, outcome: Outcome) -> list[Defect]:
    defects = []
    fmt = command.format
    shown = command.name + (f" -f {fmt}" if fmt else "")
    for stream, text in _streams(command, outcome):
        is_csv = fmt == "csv" and stream != "stderr"
        scanned = text.replace("\r\n", "\n") if is_csv else text
        for kind, excerpt in control_classes(scanned).items():
            defects.append(Defect(3, "control characters", f"{shown} {stream}: raw {kind}", excerpt, command.argv))
        if is_csv:
            defects += _csv_cells(shown, stream, text, command.argv)
    return defects


FULLWIDTH = "＝＋－＠"


def _csv_cells(shown: str, stream: str, text: str, argv: list[str]) -> list[Defect]:
    defects: dict[str, Defect] = {}
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    except csv.Error:
        return []
    for row in rows[1:]:
        for cell in row:
            if not cell:
                continue
            stripped = cell.lstrip(" \u3000")
            if cell[0] in "=+-@\t\r":
                key = f"cell starts with {cell[0]!r}"
            elif stripped and stripped[0] in "=+-@" and stripped is not cell:
                key = f"cell starts with spaces then {stripped[0]!r}"
            elif stripped and stripped[0] in FULLWIDTH:
                key = f"cell starts with fullwidth {stripped[0]!r}"
            else:
                continue
            defects.setdefault(key, Defect(3, "CSV formula", f"{shown} {stream}: {key}", safe(cell, 80), argv))
    return list(defects.values())


EMOJI = ("💯", "🔢")


def _oracle4(case: Case, command: Command, outcome: Outcome) -> list[Defect]:
    inputs = b"".join(c for c in case.files.values() if isinstance(c, bytes))
    defects = []
    for stream, text in _streams(command, outcome):
        for emoji in EMOJI:
            if emoji in text and emoji.encode() not in inputs:
                index = text.index(emoji)
                where = "in a file:line:col" if re.search(r"\w💯\d*:|\w🔢\d*:|:\d+" + emoji, text) else "in text"
                defects.append(
                    Defect(
                        4,
                        "emoji",
                        f"{command.name} {stream}: {emoji} {where}",
                        safe(text[max(0, index - 40) : index + 30], 90),
                        command.argv,
                    )
                )
    return defects


def check_policy_scope(case: Case, command: Command, outcome: Outcome) -> list[Defect]:
    """(7) With a pia-policy.yaml only above the project root, ``pia check -f json`` must report no policy."""
    import json

    if not case.notes.get("policy_above_root") or command.format != "json" or outcome.exit_code not in (0, 1):
        return []
    try:
        document = json.loads(outcome.stdout)
    except ValueError:
        return []
    used = [f.get("policy") for f in document.get("files", []) if f.get("policy")]
    if used:
        return [
            Defect(
                7,
                "policy outside the project",
                "a pia-policy.yaml above the project root is applied",
                f"policy {safe(str(used[0]))} used for {case.model}",
                command.argv,
            )
        ]
    return []
