"""Loading a flow model: read safely, resolve includes, validate, and report every error with its place.

Every input has a bound, so that no file (however large, deep or strange) costs more than a few seconds or
makes a traceback: :data:`MAX_FILE_BYTES` per file and :data:`MAX_MODEL_BYTES` for a model with its includes,
:data:`MAX_INCLUDE_FILES` files, :data:`~pia_toolkit.flows.yaml_source.MAX_DEPTH` levels of nesting and
:data:`~pia_toolkit.flows.errors.MAX_ERRORS` errors reported (then one line says how many more there are).
Only regular files are read, never more than the limit, so a folder, a pipe or ``/dev/zero`` is refused at once.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pia_toolkit.catalog.texts import message
from pia_toolkit.flows.collector import collector_paused
from pia_toolkit.flows.editor_lines import editor_position
from pia_toolkit.flows.errors import MAX_ERRORS, ModelError, ModelLoadError, Position, at_most, display_path
from pia_toolkit.flows.messages import describe_errors
from pia_toolkit.flows.paths import kind_of, os_reason, resolved
from pia_toolkit.flows.references import check_references, self_loops, unplaced_operators
from pia_toolkit.flows.schema import LIST_SECTIONS, FlowDocument
from pia_toolkit.flows.yaml_source import SourceMap, YamlSyntaxError, parse

MAX_FILE_BYTES = 32 * 1024 * 1024
"""The largest file read (a model, an include, a policy or triage file): twice the 50,000-flow benchmark."""
MAX_MODEL_BYTES = 2 * MAX_FILE_BYTES
"""The most a model and all its includes may add up to."""
MAX_INCLUDE_FILES = 256
"""How many files one model may include, directly or through other includes."""
PROJECT_MARKERS = ("pia-project.yaml", "pyproject.toml", ".git")

_SNIFF = 8192
"""How much of a file is looked at to tell text from binary and to recognise UTF-16 without a BOM."""


@dataclass
class SourceIndex:
    """Where each part of the merged document was written, across the main file and its includes.

    Positions stay in each file's own :class:`SourceMap`; list sections remember which index range each file
    contributed, so a lookup is a shift, and loading a large model copies no positions.
    """

    main: SourceMap
    ranges: dict[str, list[tuple[int, int, SourceMap]]]

    def locate(self, path: tuple[str | int, ...], *, key: bool = False) -> Position:
        if len(path) > 1 and isinstance(path[1], int) and isinstance(path[0], str):
            for start, end, source in self.ranges.get(path[0], ()):
                if start <= path[1] < end:
                    return source.locate((path[0], path[1] - start, *path[2:]), key=key)
        return self.main.locate(path, key=key)


@dataclass
class LoadedModel:
    """A validated document and where each of its parts came from."""

    document: FlowDocument
    path: Path
    sources: SourceIndex
    warnings: list[ModelError] = field(default_factory=list)
    """Located remarks on the files that do not stop loading (hidden characters), in file order."""

    def position(self, *path: str | int) -> Position:
        """Where the value at ``path`` (e.g. ``"flows", 3, "to"``) was written, includes resolved."""
        return self.sources.locate(tuple(path))

    def element_position(self, section: str, element_id: str) -> Position:
        """Where the element with ``element_id`` in ``section`` (nodes, flows...) was written."""
        index = self._index(section).get(element_id)
        return self.position(section, index) if index is not None else self.position()

    def _index(self, section: str) -> dict[str, int]:
        cache = self.__dict__.setdefault("_indices", {})
        if section not in cache:
            cache[section] = {getattr(e, "id", None): i for i, e in enumerate(getattr(self.document, section))}
        return cache[section]  # type: ignore[no-any-return]


def find_project_root(path: Path) -> Path:
    """The nearest folder above ``path`` that marks a project; includes may not leave it."""
    for folder in [path.parent, *path.parent.parents]:
        if any(_exists(folder / marker) for marker in PROJECT_MARKERS):
            return folder
    return path.parent


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _refuse(shown: str, key: str, line: int = 1, column: int = 1, **params: object) -> ModelLoadError:
    return ModelLoadError([ModelError(Position(shown, line, column), message(f"loader.{key}", **params))])


def read_bytes(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is refused with a located error.

    The file is opened without blocking (a pipe nobody writes to must not hang us), checked to be a regular
    file on the open descriptor (not a folder, a device such as ``/dev/zero``, a pipe or a socket), and read
    to at most ``limit + 1`` bytes, so a file that grows while we read is refused too.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise _refuse(shown, "not_a_file", what=message("loader.file_kind.directory")) from None
    except (OSError, ValueError) as exc:
        raise _refuse(shown, "cannot_read", reason=os_reason(exc)) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(shown, "not_a_file", what=message(f"loader.file_kind.{kind_of(info.st_mode)}"))
        if info.st_size > limit:
            raise _refuse(shown, "too_large", size=info.st_size, limit=limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(limit + 1 - size, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _refuse(shown, "cannot_read", reason=os_reason(exc)) from None
    finally:
        os.close(descriptor)
    if size > limit:
        raise _refuse(shown, "too_large", size=size, limit=limit)
    return b"".join(chunks)


def read_text(path: Path, shown: str) -> str:
    """The file's text, refusing what is not a UTF-8 text file with a located message."""
    return decode(read_bytes(path, shown), shown)


_UTF16_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32LE", "utf-32"),
    (codecs.BOM_UTF32_BE, "UTF-32BE", "utf-32"),
    (codecs.BOM_UTF16_LE, "UTF-16LE", "utf-16"),
    (codecs.BOM_UTF16_BE, "UTF-16BE", "utf-16"),
)


def decode(raw: bytes, shown: str) -> str:
    """``raw`` as UTF-8 text; a file in another encoding is refused with the encoding named and how to convert.

    Files saved by Notepad or Excel on a Japanese Windows are often Shift_JIS (CP932) or UTF-16: we say which,
    where the first byte that is not UTF-8 stands, and the command or menu that converts it. We do not accept
    them with a warning: the model is also read by editors, diff tools and yaml-language-server, which all
    expect UTF-8, and a guessed encoding can silently turn a name into different characters.
    """
    for bom, name, iconv in _UTF16_BOMS:
        if raw.startswith(bom):
            raise _refuse(shown, "encoding_utf16", encoding=name, iconv=iconv, file=shown)
    head = raw[:_SNIFF]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16:
            raise _refuse(shown, "encoding_utf16", encoding=utf16, iconv=utf16.lower(), file=shown)
        raise _refuse(shown, "binary", *_place_of_byte(raw, raw.index(b"\x00")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(raw, exc.start, shown) from None
    return text.removeprefix("\ufeff")


def _utf16_without_bom(head: bytes) -> str | None:
    """'UTF-16LE' or 'UTF-16BE' when ``head`` looks like mostly-ASCII text in UTF-16 without a BOM."""
    even, odd = head[0::2], head[1::2]
    for name, zeros, other in (("UTF-16LE", odd, even), ("UTF-16BE", even, odd)):
        if zeros and zeros.count(0) > 0.6 * len(zeros) and other.count(0) < 0.05 * len(other):
            try:
                head[: len(head) // 2 * 2].decode(name.lower())
            except UnicodeDecodeError:
                continue
            return name
    return None


def _not_utf8(raw: bytes, start: int, shown: str) -> ModelLoadError:
    line, column = _place_of_byte(raw, start)
    byte = f"{raw[start]:02x}"
    for codec, key in (("cp932", "encoding_cp932"), ("euc_jp", "encoding_euc_jp")):
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            continue
        return _refuse(shown, key, line, column, byte=byte, file=shown)
    return _refuse(shown, "not_utf8", line, column, byte=byte)


def _place_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    """The editor's line and column of the byte at ``offset``: lines end at LF, CRLF or a lone CR (an old Mac
    file), as the YAML reader counts them; columns count characters, and a BOM is none."""
    before = raw[:offset].decode("utf-8", "replace").removeprefix("\ufeff")
    return editor_position(before, len(before))


def read_yaml(path: Path, *, limit: int = MAX_FILE_BYTES) -> tuple[Any, SourceMap]:
    """A user's YAML file as plain data with its source map; unreadable or malformed files raise located errors."""
    shown = display_path(path)
    try:
        return parse(decode(read_bytes(path, shown, limit), shown), shown)
    except YamlSyntaxError as exc:
        raise ModelLoadError([exc.error]) from None


@dataclass(frozen=True)
class _Pending:
    """An include still to read: the file, who includes it (for cycles), and where the include was written."""

    path: Path
    ancestors: tuple[Path, ...]
    at: Position | None


class _Merger:
    """Reads the main file and its includes into one document with one merged source map.

    Includes are read depth first, in the order written, from an explicit stack rather than by recursion, so
    a long chain of includes costs one entry per file, not a Python stack frame.
    """

    def __init__(self, root: Path) -> None:
        self.root = resolved(root)
        self.marked = any(_exists(self.root / marker) for marker in PROJECT_MARKERS)
        self.errors: list[ModelError] = []
        self.document: dict[str, Any] = {}
        self.main = SourceMap("")
        self.ranges: dict[str, list[tuple[int, int, SourceMap]]] = {}
        self.files = 0
        self.bytes = 0
        self.warnings: list[ModelError] = []
        self.included: dict[Path, Position] = {}
        """Each file included so far, and where: a file is read once, however many files include it."""

    def read_all(self, path: Path) -> None:
        pending = [_Pending(path, (), None)]
        while pending and self.bytes <= MAX_MODEL_BYTES:
            item = pending.pop()
            try:
                includes = self._read(item)
            except ModelLoadError as exc:
                self.errors.extend(exc.errors)
                continue
            pending.extend(reversed(includes))

    def _read(self, item: _Pending) -> list[_Pending]:
        path = item.path
        shown = display_path(path)
        raw = read_bytes(path, shown)
        self.bytes += len(raw)
        if self.bytes > MAX_MODEL_BYTES:
            where = item.at or Position(shown, 1, 1)
            raise ModelLoadError([ModelError(where, message("loader.model_too_large", limit=MAX_MODEL_BYTES))])
        try:
            data, source = parse(decode(raw, shown), shown)
        except YamlSyntaxError as exc:
            raise ModelLoadError([exc.error]) from None
        del raw
        self.warnings.extend(source.warnings)
        if data is None:
            where = item.at or Position(shown, 1, 1)
            self.errors.append(ModelError(where, message("loader.empty_model", file=shown)))
            return []
        if not isinstance(data, dict):
            self.errors.append(ModelError(source.locate(()), message("loader.top_not_mapping")))
            return []
        is_main = item.at is None
        self._merge(data, source, is_main=is_main)
        includes = data.get("include", [])
        if isinstance(includes, str):
            includes = [includes]
        if not isinstance(includes, list):
            self.errors.append(ModelError(source.locate(("include",)), message("loader.include_not_list")))
            return []
        here = resolved(path)
        ancestors = (*item.ancestors, here)
        found: list[_Pending] = []
        for index, entry in enumerate(includes):
            where = source.locate(("include", index))
            target = self._resolve_include(path, entry, where)
            if target is None:
                continue
            if target in ancestors:
                self.errors.append(ModelError(where, message("loader.include_cycle", entry=_printable(entry))))
                continue
            first = self.included.setdefault(target, where)
            if first is not where:
                # Two fragments may both include the standard zones: read once, or every id would clash. The
                # same file named twice in one list is a slip worth a word.
                if first.file == where.file:
                    self.warnings.append(
                        ModelError(where, message("loader.include_twice", entry=_printable(entry), first=first))
                    )
                continue
            self.files += 1
            if self.files > MAX_INCLUDE_FILES:
                self.errors.append(ModelError(where, message("loader.too_many_includes", limit=MAX_INCLUDE_FILES)))
                return found
            found.append(_Pending(target, ancestors, where))
        return found

    def _resolve_include(self, base: Path, entry: Any, where: Position) -> Path | None:
        if not isinstance(entry, str) or not entry.strip():
            self.errors.append(ModelError(where, message("loader.include_not_path")))
            return None
        shown = _printable(entry)
        if "\x00" in entry:
            self.errors.append(
                ModelError(where, message("loader.include_bad_path", entry=shown, reason=message("common.os.nul")))
            )
            return None
        target = resolved(base.parent / entry)
        if not target.is_relative_to(self.root):
            # Without a marker the model's own folder is the project: say so, or "leaves the project" puzzles.
            key = "loader.include_outside" if self.marked else "loader.include_outside_unmarked"
            self.errors.append(ModelError(where, message(key, entry=shown, root=self.root)))
            return None
        try:
            mode = os.stat(target).st_mode
        except (OSError, ValueError) as exc:
            if not isinstance(exc, OSError) or exc.errno != errno.ENOENT:
                self.errors.append(
                    ModelError(where, message("loader.include_bad_path", entry=shown, reason=os_reason(exc)))
                )
                return None
            mode = 0
        if not stat.S_ISREG(mode):
            key = "loader.include_folder" if stat.S_ISDIR(mode) else "loader.include_missing"
            self.errors.append(ModelError(where, message(key, entry=shown)))
            return None
        return target

    def _merge(self, data: dict[str, Any], source: SourceMap, *, is_main: bool) -> None:
        if is_main:
            self.main = source
        for key, value in data.items():
            if key == "include":
                continue
            if key in LIST_SECTIONS and isinstance(value, list):
                merged = self.document.setdefault(key, [])
                if isinstance(merged, list):
                    self.ranges.setdefault(key, []).append((len(merged), len(merged) + len(value), source))
                    merged.extend(value)
            elif is_main:
                self.document[key] = value
            else:
                self.errors.append(
                    ModelError(
                        source.locate((key,), key=True),
                        message("loader.include_adds_only_lists", sections=", ".join(LIST_SECTIONS), key=key),
                    )
                )


def _printable(entry: str, limit: int = 100) -> str:
    """An include entry as it can be shown on a terminal: control characters escaped, long names cut."""
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in entry)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def load(path: str | Path) -> LoadedModel:
    """Load and validate one flow model; raises ModelLoadError listing every problem found."""
    with collector_paused():
        return _load(Path(path))


def _load(path: Path) -> LoadedModel:
    merger = _Merger(find_project_root(resolved(path)))
    merger.read_all(path)
    if merger.errors:
        raise ModelLoadError(at_most(merger.errors), merger.warnings)
    index = SourceIndex(merger.main, merger.ranges)
    problems, unreported = check_references(merger.document, index.locate, limit=MAX_ERRORS)
    errors = [ModelError(index.locate(p), problem) for p, problem in problems]
    remarks = [*unplaced_operators(merger.document), *self_loops(merger.document)]
    merger.warnings.extend(ModelError(index.locate(p), problem) for p, problem in remarks)
    try:
        document = FlowDocument.model_validate(merger.document)
    except ValidationError as exc:
        described, more = describe_errors(exc.errors(), index, merger.document, FlowDocument, limit=MAX_ERRORS)
        errors.extend(described)
        unreported += more
    if errors:
        raise ModelLoadError(at_most(errors, unreported=unreported), merger.warnings)
    return LoadedModel(document, path, index, merger.warnings)
