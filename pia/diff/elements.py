"""The semantic difference of two flow documents: elements matched by id, what was added, removed, renamed or
changed, and each changed attribute before → after.

A node's stores are elements of their own (section ``stores``, parent the node), matched by store id, else by
position among the stores left over. An element whose id changed and whose content did not (its references to
other renamed elements rewritten) is a rename, not a removal plus an addition.

Linear in the size of the models: matched elements are compared as typed values first, and only those that differ
are flattened attribute by attribute.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from pia_toolkit.flows.schema import FlowDocument, Node, Store

SECTIONS = ("data", "zones", "nodes", "flows", "contracts", "files", "questions")
"""The element lists, in the order changes are reported (the scheme and stores are added around them)."""
REPORT_ORDER = ("scheme", "data", "zones", "nodes", "stores", "flows", "contracts", "files", "questions")

# section → attribute → the section whose ids it names ("*": any); how references to a renamed id are rewritten.
REFERENCES: dict[str, dict[str, str]] = {
    "zones": {"parent": "zones"},
    "nodes": {
        "zone": "zones",
        "operator": "nodes",
        "uses": "data",
        "collects": "data",
        "produces": "data",
        "vendor_policy_non_personal": "data",
    },
    "stores": {"data": "data"},
    "flows": {"from": "nodes", "to": "nodes", "data": "data", "must_match": "flows"},
    "contracts": {"contractor": "nodes", "subcontracts": "nodes"},
    "files": {"data": "data", "held_by": "nodes"},
    "questions": {"about": "*"},
}
Renames = dict[str, dict[str, str]]
"""section → old id → new id"""


@dataclass(frozen=True)
class AttributeChange:
    name: str
    """``channel``, ``location.country``, ``handlers.staff``, ``clauses.confidentiality``..."""
    before: Any
    after: Any


@dataclass
class ElementChange:
    section: str
    """scheme, data, zones, nodes, stores, flows, contracts, files, questions"""
    id: str
    """The element's id in the new version (the old one for a removal); ``#2`` for a store without an id."""
    change: str
    """added, removed, changed, renamed"""
    old_id: str | None = None
    """The id before a rename."""
    parent: str | None = None
    """For a store: the node that keeps it."""
    attributes: list[AttributeChange] = field(default_factory=list)
    content: dict[str, Any] | None = None
    """What an added or removed element holds (its stated values)."""
    old: Any = field(default=None, repr=False)
    """The typed element in each version (None where absent), for the classification."""
    new: Any = field(default=None, repr=False)

    @property
    def key(self) -> str:
        """``nodes/centre_1``, ``stores/centre_1/records_1``: unique within one report."""
        return "/".join(p for p in (self.section, self.parent, self.id) if p)

    @property
    def ids(self) -> tuple[str, ...]:
        """The element's ids in both versions."""
        return tuple(dict.fromkeys(i for i in (self.id, self.old_id) if i))


# ---- flattening ------------------------------------------------------------------------------------------
def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if not value and prefix:
            out[prefix] = {}
        for key, inner in value.items():
            _flatten(inner, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = value


KEYED_LISTS = {"certifications": "id"}
"""Lists whose entries are told apart by a key: compared entry by entry (``certifications.isms.status``), so that
a note on one entry reads as a note."""


def flat(element: BaseModel, *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """An element as ``attribute → value`` (nested mappings spelled ``a.b``; lists kept whole), JSON values."""
    dumped = element.model_dump(mode="json", by_alias=True)
    for name in drop:
        dumped.pop(name, None)
    for name, key in KEYED_LISTS.items():
        entries = dumped.get(name)
        if isinstance(entries, list):
            dumped[name] = {str(e[key]): {k: v for k, v in e.items() if k != key} for e in entries}
    out: dict[str, Any] = {}
    _flatten(dumped, "", out)
    return out


def content(element: BaseModel) -> dict[str, Any]:
    """The values an element states (defaults left out), for showing an added or removed element."""
    return element.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def _renamed(renames: Renames, target: str, value: Any) -> Any:
    if target == "*":
        for mapping in renames.values():
            if isinstance(value, str) and value in mapping:
                return mapping[value]
        return value
    mapping = renames.get(target, {})
    return mapping.get(value, value) if isinstance(value, str) else value


def rewrite(section: str, values: dict[str, Any], renames: Renames) -> dict[str, Any]:
    """``values`` (flattened, of the old version) with references to renamed ids spelled as in the new version."""
    if not any(renames.values()):
        return values
    out = dict(values)
    for name, target in REFERENCES.get(section, {}).items():
        value = out.get(name)
        if name == "subcontracts" and isinstance(value, list):
            out[name] = [{**s, "to": _renamed(renames, target, s.get("to"))} for s in value]
        elif isinstance(value, list):
            out[name] = [_renamed(renames, target, v) for v in value]
        elif value is not None:
            out[name] = _renamed(renames, target, value)
    return out


def _store_values(store: Store, renames: Renames) -> dict[str, Any]:
    return rewrite("stores", flat(store), renames)


def _signature(section: str, element: BaseModel, renames: Renames) -> str:
    """The element's content without its id, references rewritten: equal for a pure rename."""
    values = rewrite(section, flat(element, drop=("id", "stores")), renames)
    values.pop("id", None)
    # Step numbers are presentation (a change of class none): a flow renamed in the edit that also renumbered the
    # steps is still a rename, its new number shown as a change of it.
    values.pop("step", None)
    if isinstance(element, Node):
        values["stores"] = [_store_values(s, renames) for s in element.stores]
    return json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)


# ---- matching ------------------------------------------------------------------------------------------
def _find_renames(old: FlowDocument, new: FlowDocument) -> tuple[Renames, dict[str, list[str]], dict[str, list[str]]]:
    """Renames, and per section the ids removed and added that are not renames."""
    renames: Renames = {section: {} for section in SECTIONS}
    removed: dict[str, list[str]] = {}
    added: dict[str, list[str]] = {}
    old_by = {s: {e.id: e for e in getattr(old, s)} for s in SECTIONS}
    new_by = {s: {e.id: e for e in getattr(new, s)} for s in SECTIONS}
    for section in SECTIONS:
        removed[section] = [i for i in old_by[section] if i not in new_by[section]]
        added[section] = [i for i in new_by[section] if i not in old_by[section]]
    # A rename may only show once the renames it refers to are known (a node in a renamed zone): a few passes.
    for _ in range(len(SECTIONS)):
        found = False
        for section in SECTIONS:
            if not removed[section] or not added[section]:
                continue
            waiting: dict[str, list[str]] = {}
            for old_id in removed[section]:
                waiting.setdefault(_signature(section, old_by[section][old_id], renames), []).append(old_id)
            still_added = []
            for new_id in added[section]:
                candidates = waiting.get(_signature(section, new_by[section][new_id], {}))
                if candidates:
                    renames[section][candidates.pop(0)] = new_id
                    found = True
                else:
                    still_added.append(new_id)
            added[section] = still_added
            removed[section] = [i for i in removed[section] if i not in renames[section]]
        if not found:
            break
    return renames, removed, added


def _attribute_changes(before: dict[str, Any], after: dict[str, Any]) -> list[AttributeChange]:
    names = list(dict.fromkeys([*before, *after]))
    return [AttributeChange(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n)]


def _store_pairs(old: list[Store], new: list[Store]) -> list[tuple[int | None, int | None]]:
    """Index pairs (old, new): stores with the same id first, then the rest in their order."""
    by_id = {store.id: index for index, store in enumerate(new) if store.id}
    pairs: list[tuple[int | None, int | None]] = []
    taken: set[int] = set()
    rest_old: list[int] = []
    for index, store in enumerate(old):
        partner = by_id.get(store.id) if store.id else None
        if partner is None:
            rest_old.append(index)
        else:
            pairs.append((index, partner))
            taken.add(partner)
    rest_new = [index for index in range(len(new)) if index not in taken]
    for position in range(max(len(rest_old), len(rest_new))):
        pairs.append(
            (
                rest_old[position] if position < len(rest_old) else None,
                rest_new[position] if position < len(rest_new) else None,
            )
        )
    return pairs


def _store_changes(node_id: str, old: Node, new: Node, renames: Renames) -> Iterator[ElementChange]:
    """A node's stores matched by id, then the rest by position."""
    for old_index, new_index in _store_pairs(list(old.stores), list(new.stores)):
        before = old.stores[old_index] if old_index is not None else None
        after = new.stores[new_index] if new_index is not None else None
        position = (new_index if new_index is not None else old_index or 0) + 1
        store_id = (after.id if after is not None else None) or (before.id if before is not None else None)
        store_id = store_id or f"#{position}"
        if before is None or after is None:
            present = after or before
            kind = "added" if before is None else "removed"
            shown = content(present) if present is not None else None
            yield ElementChange("stores", store_id, kind, parent=node_id, content=shown, old=before, new=after)
            continue
        if before == after:
            continue
        attributes = _attribute_changes(_store_values(before, renames), flat(after))
        if attributes:
            old_id = before.id if before.id != after.id else None
            yield ElementChange("stores", store_id, "changed", old_id, node_id, attributes, old=before, new=after)


def _compare(section: str, old: BaseModel, new: BaseModel, renames: Renames, old_id: str | None) -> list[ElementChange]:
    changes: list[ElementChange] = []
    element_id = str(getattr(new, "id", ""))
    if old != new:
        drop = ("stores",) if section == "nodes" else ()
        before = rewrite(section, flat(old, drop=drop), renames)
        after = flat(new, drop=drop)
        if old_id is not None:
            before["id"] = after.get("id")  # the rename itself is reported as the change's kind
        attributes = _attribute_changes(before, after)
        if attributes:
            changes.append(ElementChange(section, element_id, "changed", old_id, None, attributes, old=old, new=new))
    if old_id is not None and not changes:
        changes.append(ElementChange(section, element_id, "renamed", old_id, old=old, new=new))
    if section == "nodes" and isinstance(old, Node) and isinstance(new, Node) and old.stores != new.stores:
        changes.extend(_store_changes(element_id, old, new, renames))
    return changes


def diff_documents(old: FlowDocument, new: FlowDocument) -> list[ElementChange]:
    """Every change from ``old`` to ``new``, the scheme first, then section by section in model order."""
    renames, removed, _ = _find_renames(old, new)
    changes: list[ElementChange] = []
    scheme_attributes = _attribute_changes(flat(old.scheme), flat(new.scheme)) if old.scheme != new.scheme else []
    if scheme_attributes:
        changes.append(
            ElementChange(
                "scheme", new.scheme.id, "changed", attributes=scheme_attributes, old=old.scheme, new=new.scheme
            )
        )
    for section in SECTIONS:
        old_by = {e.id: e for e in getattr(old, section)}
        back = {new_id: old_id for old_id, new_id in renames[section].items()}
        gone = set(removed[section])
        for element in getattr(new, section):
            old_id = back.get(element.id)
            before = old_by.get(old_id if old_id is not None else element.id)
            if before is None:
                changes.append(ElementChange(section, element.id, "added", content=content(element), new=element))
            else:
                changes.extend(_compare(section, before, element, renames, old_id))
        for element in getattr(old, section):
            if element.id in gone:
                changes.append(ElementChange(section, element.id, "removed", content=content(element), old=element))
    order = {section: i for i, section in enumerate(REPORT_ORDER)}
    return sorted(changes, key=lambda c: order[c.section])  # stable: model order within a section
