"""Two writers on one assessment file: keep both sides' changes, item by item, or say where they collide.

When a save finds that the file changed on disk since it was read (another review session, or ``pia assess
init`` beside an open review), it merges three versions: *base* (the file as this session read it), *ours* (this
session's document) and *theirs* (the file now). Whatever only one side changed is kept; a field of one item
(``II-4-entrustments`` ``verdict``) that both sides changed to different values is a :class:`Conflict`, and
the save is refused with :class:`AssessmentConflict` so that no verdict is lost without a word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from pia_toolkit.catalog.texts import message
from pia_toolkit.pia.assessment.disk import SaveRefused
from pia_toolkit.pia.assessment.yaml_text import elements, pairs

_ABSENT: Any = object()
UNMERGED_HEADER = ("updated",)
"""Header fields each save sets for itself: never a conflict, this save's value wins."""


@dataclass(frozen=True)
class Conflict:
    """One field both writers changed differently: ``section`` is ``items`` (with the item id), or the header."""

    section: str
    item_id: str | None
    field: str
    ours: Any
    theirs: Any

    def apply(self, theirs: CommentedMap) -> None:
        """Settle the conflict for our side: write our value into their document."""
        if self.item_id is None:
            _put(theirs[self.section] if self.section == "assessment" else theirs, self.field, self.ours)
        elif self.field == "*":
            _put(theirs[self.section], self.item_id, self.ours)
        else:
            _put(theirs[self.section][self.item_id], self.field, self.ours)

    def label(self) -> str:
        if self.field == "*":
            return str(self.item_id)
        return f"{self.item_id} {self.field}" if self.item_id is not None else f"{self.section}.{self.field}"


class AssessmentConflict(SaveRefused):
    """Another session changed the same fields on disk; nothing was written. ``conflicts`` lists them."""

    def __init__(self, path: Path, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        shown = ", ".join(c.label() for c in conflicts[:8]) + (" …" if len(conflicts) > 8 else "")
        super().__init__(path, message("assessment.save_conflict", file=path, fields=shown, count=len(conflicts)))


def comparable(value: Any) -> Any:
    """A value for comparing versions: mappings compare without their key order, dates as written."""
    if isinstance(value, dict):
        return {str(k): comparable(v) for k, v in pairs(value)}
    if isinstance(value, list):
        return [comparable(v) for v in elements(value)]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def _same(a: Any, b: Any) -> bool:
    if a is _ABSENT or b is _ABSENT:
        return a is b
    return bool(comparable(a) == comparable(b))


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


@dataclass
class MergeResult:
    document: CommentedMap
    """Theirs, with our changes applied."""
    theirs_changed: list[str]
    """Items (and header fields, as ``assessment.<field>``) the other writer changed, now kept."""


def merge(base: Any, ours: CommentedMap, theirs: CommentedMap, path: Path, *, prefer: str | None = None) -> MergeResult:
    """Our changes since ``base`` applied onto ``theirs``; raises :class:`AssessmentConflict` on a collision,
    unless ``prefer`` (``ours`` or ``theirs``) says which side a collision keeps."""
    base = base if isinstance(base, dict) else {}
    conflicts: list[Conflict] = []
    changed: list[str] = []
    for section in _union(ours, theirs, base):
        if section == "items" or section == "approved":
            if not isinstance(theirs.get(section), dict):
                theirs[section] = CommentedMap()
            _merge_fields(section, base.get(section), ours.get(section), theirs[section], conflicts, changed)
        elif section == "assessment" and isinstance(theirs.get(section), dict):
            header = theirs[section]
            _merge_fields(section, base.get(section), ours.get(section), header, conflicts, changed, flat=True)
            for field in UNMERGED_HEADER:
                if field in _mapping(ours.get(section)):
                    header[field] = ours[section][field]
        else:
            b, o, t = base.get(section, _ABSENT), ours.get(section, _ABSENT), theirs.get(section, _ABSENT)
            if _same(o, b) or _same(o, t):
                continue
            if not _same(t, b):
                conflicts.append(Conflict(section, None, section, o, t))
            else:
                _put(theirs, section, o)
    if conflicts and prefer is None:
        raise AssessmentConflict(path, conflicts)
    if prefer == "ours":
        for conflict in conflicts:
            conflict.apply(theirs)
    return MergeResult(theirs, changed)


def _union(*mappings: Any) -> list[Any]:
    keys: dict[Any, None] = {}
    for mapping in mappings:
        keys.update(dict.fromkeys(_mapping(mapping)))
    return list(keys)


def _merge_fields(
    section: str,
    base: Any,
    ours: Any,
    theirs: CommentedMap,
    conflicts: list[Conflict],
    changed: list[str],
    *,
    flat: bool = False,
) -> None:
    """Per key of a section (items by id, header fields, approved answers); an item both changed, per field."""
    base, ours = _mapping(base), _mapping(ours)
    for key in _union(ours, theirs, base):
        if flat and key in UNMERGED_HEADER:
            continue
        b, o, t = base.get(key, _ABSENT), ours.get(key, _ABSENT), theirs.get(key, _ABSENT)
        label = f"{section}.{key}" if flat else str(key)
        if _same(o, b) or _same(o, t):
            if not _same(t, b) and label not in changed:
                changed.append(label)
        elif _same(t, b):
            _put(theirs, key, o)
        elif (
            section == "items" and isinstance(o, dict) and isinstance(t, dict) and (b is _ABSENT or isinstance(b, dict))
        ):
            item_base = _mapping(b)
            for field in _union(o, t, item_base):
                fb, fo, ft = item_base.get(field, _ABSENT), o.get(field, _ABSENT), t.get(field, _ABSENT)
                if _same(fo, fb) or _same(fo, ft):
                    if not _same(ft, fb) and label not in changed:
                        changed.append(label)
                elif _same(ft, fb):
                    _put(t, field, fo)
                else:
                    conflicts.append(Conflict(section, label, str(field), fo, ft))
        else:
            conflicts.append(Conflict(section, None if flat else label, str(key) if flat else "*", o, t))


def _put(mapping: Any, key: Any, value: Any) -> None:
    if value is _ABSENT:
        mapping.pop(key, None)
    else:
        mapping[key] = value
