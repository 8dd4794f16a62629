"""Cross-reference checks: every id a model names must exist, and ids must be unique.

These run on the raw merged document, beside schema validation, so a file with a typo in a kind *and* an
unknown node gets both errors in one run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pia_toolkit.catalog.texts import Message, message
from pia_toolkit.catalog.vocabularies import did_you_mean

Problem = tuple[tuple[str | int, ...], Message]
SECTIONS = ("data", "zones", "nodes", "flows", "contracts", "files", "questions")
_SECTION_OF = {"data_item": "data", "zone": "zones", "node": "nodes", "flow": "flows", "element": "nodes"}


def hint(wrong: str, known: list[str], section: str) -> Message:
    """ "(did you mean 'x'?)" when a known id is close, else "declare it under <section> first"."""
    close = did_you_mean(wrong, known)
    return message("loader.did_you_mean", name=close) if close else message("loader.declare_first", section=section)


def _unknown(kind: str, wrong: str, known: list[str]) -> Message:
    what = message(f"loader.what.{kind}")
    return message("loader.unknown_reference", what=what, value=wrong, hint=hint(wrong, known, _SECTION_OF[kind]))


def _entries(doc: dict[str, Any], section: str) -> list[tuple[int, dict[str, Any]]]:
    value = doc.get(section)
    if not isinstance(value, list):
        return []
    return [(i, e) for i, e in enumerate(value) if isinstance(e, dict)]


def _ids(doc: dict[str, Any], section: str) -> list[str]:
    return [str(e["id"]) for _, e in _entries(doc, section) if "id" in e]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def check_references(doc: dict[str, Any]) -> list[Problem]:
    return list(_problems(doc))


def _problems(doc: dict[str, Any]) -> Iterator[Problem]:
    for section in SECTIONS:
        seen: dict[str, int] = {}
        for index, element in _entries(doc, section):
            element_id = element.get("id")
            if not isinstance(element_id, str):
                continue
            if element_id in seen:
                yield (
                    (section, index, "id"),
                    message("loader.duplicate_id", id=element_id, section=section, first=seen[element_id] + 1),
                )
            else:
                seen[element_id] = index

    data_ids, node_ids, zone_ids, flow_ids = (_ids(doc, s) for s in ("data", "nodes", "zones", "flows"))
    data_set, node_set, zone_set, flow_set = set(data_ids), set(node_ids), set(zone_ids), set(flow_ids)

    def data_refs(items: Any, *path: str | int) -> Iterator[Problem]:
        for i, item in enumerate(_list(items)):
            if isinstance(item, str) and item not in data_set:
                yield (*path, i), _unknown("data_item", item, data_ids)

    def ref(
        value: Any, known: set[str], ordered: list[str], kind: str, path: tuple[str | int, ...]
    ) -> Iterator[Problem]:
        if isinstance(value, str) and value not in known:
            yield path, _unknown(kind, value, ordered)

    for zi, zone in _entries(doc, "zones"):
        yield from ref(zone.get("parent"), zone_set, zone_ids, "zone", ("zones", zi, "parent"))
    yield from _zone_cycles(doc)

    for ni, node in _entries(doc, "nodes"):
        yield from ref(node.get("zone"), zone_set, zone_ids, "zone", ("nodes", ni, "zone"))
        for si, store in enumerate(_list(node.get("stores"))):
            if isinstance(store, dict):
                yield from data_refs(store.get("data"), "nodes", ni, "stores", si, "data")
        for key in ("uses", "collects", "produces", "vendor_policy_non_personal"):
            yield from data_refs(node.get(key), "nodes", ni, key)

    for fi, flow in _entries(doc, "flows"):
        for key in ("from", "to"):
            value = flow.get(key)
            if isinstance(value, str) and value not in node_set:
                yield (
                    ("flows", fi, key),
                    message(
                        "loader.flow_unknown_node",
                        flow=flow.get("id"),
                        what=message("loader.what.node"),
                        value=value,
                        hint=hint(value, node_ids, "nodes"),
                    ),
                )
        yield from data_refs(flow.get("data"), "flows", fi, "data")
        yield from ref(flow.get("must_match"), flow_set, flow_ids, "flow", ("flows", fi, "must_match"))

    for ci, contract in _entries(doc, "contracts"):
        yield from ref(contract.get("contractor"), node_set, node_ids, "node", ("contracts", ci, "contractor"))
        for si, sub in enumerate(_list(contract.get("subcontracts"))):
            if isinstance(sub, dict):
                yield from ref(sub.get("to"), node_set, node_ids, "node", ("contracts", ci, "subcontracts", si, "to"))

    for pi, file in _entries(doc, "files"):
        yield from data_refs(file.get("data"), "files", pi, "data")
        for hi, holder in enumerate(_list(file.get("held_by"))):
            yield from ref(holder, node_set, node_ids, "node", ("files", pi, "held_by", hi))

    every = sorted(data_set | node_set | zone_set | flow_set | set(_ids(doc, "contracts")) | set(_ids(doc, "files")))
    every_set = set(every)
    for qi, question in _entries(doc, "questions"):
        for ai, about in enumerate(_list(question.get("about"))):
            yield from ref(about, every_set, every, "element", ("questions", qi, "about", ai))


def _zone_cycles(doc: dict[str, Any]) -> Iterator[Problem]:
    parent = {z.get("id"): z.get("parent") for _, z in _entries(doc, "zones")}
    for zi, zone in _entries(doc, "zones"):
        seen = {zone.get("id")}
        current = zone.get("parent")
        while current is not None and current in parent:
            if current in seen:
                yield ("zones", zi, "parent"), message("loader.zone_cycle", zone=zone.get("id"))
                break
            seen.add(current)
            current = parent[current]
