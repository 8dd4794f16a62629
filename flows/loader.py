"""Loading a flow model: read safely, resolve includes, validate, and report every error with its place."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pia_toolkit.catalog.texts import message
from pia_toolkit.flows.errors import ModelError, ModelLoadError, Position, display_path
from pia_toolkit.flows.messages import describe_validation_errors
from pia_toolkit.flows.references import check_references
from pia_toolkit.flows.schema import LIST_SECTIONS, FlowDocument
from pia_toolkit.flows.yaml_source import SourceMap, YamlSyntaxError, parse

MAX_FILE_BYTES = 32 * 1024 * 1024
PROJECT_MARKERS = ("pia-project.yaml", "pyproject.toml", ".git")


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
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            return folder
    return path.parent


def read_text(path: Path, shown: str) -> str:
    """The file's text, refusing what is not a UTF-8 text file with a located message."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ModelLoadError(
            [ModelError(Position(shown, 1, 1), message("loader.cannot_read", reason=exc.strerror or str(exc)))]
        ) from None
    if size > MAX_FILE_BYTES:
        raise ModelLoadError(
            [ModelError(Position(shown, 1, 1), message("loader.too_large", size=size, limit=MAX_FILE_BYTES))]
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise ModelLoadError([ModelError(Position(shown, 1, 1), message("loader.binary"))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ModelLoadError(
            [
                ModelError(
                    Position(shown, line, column),
                    message("loader.not_utf8", byte=f"{raw[exc.start]:02x}"),
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def read_yaml(path: Path) -> tuple[Any, SourceMap]:
    """A user's YAML file as plain data with its source map; unreadable or malformed files raise located errors."""
    shown = display_path(path)
    try:
        return parse(read_text(path, shown), shown)
    except YamlSyntaxError as exc:
        raise ModelLoadError([exc.error]) from None


class _Merger:
    """Reads the main file and its includes into one document with one merged source map."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.errors: list[ModelError] = []
        self.document: dict[str, Any] = {}
        self.main = SourceMap("")
        self.ranges: dict[str, list[tuple[int, int, SourceMap]]] = {}

    def read(self, path: Path, *, stack: tuple[Path, ...] = (), at: Position | None = None) -> None:
        shown = display_path(path)
        data, source = read_yaml(path)
        if data is None:
            where = at or Position(shown, 1, 1)
            self.errors.append(ModelError(where, message("loader.empty_model", file=shown)))
            return
        if not isinstance(data, dict):
            self.errors.append(ModelError(source.locate(()), message("loader.top_not_mapping")))
            return
        is_main = not stack
        includes = data.pop("include", [])
        self._merge(data, source, is_main=is_main)
        if isinstance(includes, str):
            includes = [includes]
        if not isinstance(includes, list):
            self.errors.append(ModelError(source.locate(("include",)), message("loader.include_not_list")))
            return
        for index, entry in enumerate(includes):
            where = source.locate(("include", index))
            target = self._resolve_include(path, entry, where)
            if target is None:
                continue
            if target in stack or target == path.resolve():
                self.errors.append(ModelError(where, message("loader.include_cycle", entry=entry)))
                continue
            try:
                self.read(target, stack=(*stack, path.resolve()), at=where)
            except ModelLoadError as exc:
                self.errors.extend(exc.errors)

    def _resolve_include(self, base: Path, entry: Any, where: Position) -> Path | None:
        if not isinstance(entry, str) or not entry:
            self.errors.append(ModelError(where, message("loader.include_not_path")))
            return None
        target = (base.parent / entry).resolve()
        if not target.is_relative_to(self.root):
            self.errors.append(ModelError(where, message("loader.include_outside", entry=entry, root=self.root)))
            return None
        if not target.is_file():
            self.errors.append(ModelError(where, message("loader.include_missing", entry=entry)))
            return None
        return target

    def _merge(self, data: dict[str, Any], source: SourceMap, *, is_main: bool) -> None:
        if is_main:
            self.main = source
        for key, value in data.items():
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


def load(path: str | Path) -> LoadedModel:
    """Load and validate one flow model; raises ModelLoadError listing every problem found."""
    # Loading builds hundreds of thousands of small containers and no cycles; the cyclic collector would scan
    # them again and again as they pile up (a third of the time on a 50,000-flow model).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(path))
    finally:
        if was_enabled:
            gc.enable()


def _load(path: Path) -> LoadedModel:
    merger = _Merger(find_project_root(path.resolve()))
    merger.read(path)
    if merger.errors:
        raise ModelLoadError(merger.errors)
    index = SourceIndex(merger.main, merger.ranges)
    errors = [ModelError(index.locate(p), problem) for p, problem in check_references(merger.document)]
    try:
        document = FlowDocument.model_validate(merger.document)
    except ValidationError as exc:
        errors.extend(describe_validation_errors(exc.errors(), index, merger.document))
    if errors:
        raise ModelLoadError(errors)
    return LoadedModel(document, path, index)
