"""Cross-reference checks: every id a model names must exist, and ids must be unique.

These run on the raw merged document, beside schema validation, so a file with a typo in a kind *and* an
unknown node gets both errors in one run. Anything may stand where an id is expected (a list, a mapping, a
number): only strings are ids here, the rest is the schema's to report.

The walk is linear in the size of the document. Messages, and the "did you mean" search behind them, are made
only for the problems that will be shown (``limit``); the others are only counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from pia_toolkit.catalog.texts import Message, message
from pia_toolkit.catalog.vocabularies import Suggester, vocabulary

Path_ = tuple[str | int, ...]
Problem = tuple[Path_, Message]
SECTIONS = ("data", "zones", "nodes", "flows", "contracts", "files", "questions")
_SECTION_OF = {"data_item": "data", "zone": "zones", "node": "nodes", "flow": "flows", "element": "nodes"}

# A problem before it is worded: where, and a function that words it (called only for reported problems).
_Found = tuple[Path_, Callable[[], Message]]


@dataclass(frozen=True)
class _UnknownItems:
    """The unknown ids of one list (``data: [...]``), as (index, id): counted as a whole, worded one by one only
    while there is room in the report, so a list of a million unknown ids costs one pass and no messages."""

    path: Path_
    items: list[tuple[int, str]]
    word: Callable[[str], Message]


def hint(wrong: str, known: list[str] | Suggester, section: str) -> Message:
    """ "(did you mean 'x'?)" when a known id is close, else "declare it under <section> first"."""
    suggest = known if isinstance(known, Suggester) else Suggester(known)
    close = suggest(wrong)
    return message("loader.did_you_mean", name=close) if close else message("loader.declare_first", section=section)


def _entries(doc: dict[str, Any], section: str) -> list[tuple[int, dict[str, Any]]]:
    value = doc.get(section)
    if not isinstance(value, list):
        return []
    return [(i, e) for i, e in enumerate(value) if isinstance(e, dict)]


def _ids(entries: list[tuple[int, dict[str, Any]]]) -> list[str]:
    return [e["id"] for _, e in entries if isinstance(e.get("id"), str)]


def _store_ids(nodes: list[tuple[int, dict[str, Any]]]) -> Iterator[str]:
    """The ids of the stores that have one."""
    for _, node in nodes:
        for store in _list(node.get("stores")):
            if isinstance(store, dict) and isinstance(store.get("id"), str):
                yield store["id"]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _all_known(items: list[Any], known: set[str]) -> bool:
    """Whether every item is a known id: the test nearly every list passes, made as one set operation."""
    try:
        return known.issuperset(items)
    except TypeError:  # a mapping or a list written where an id belongs: looked at item by item
        return False


def check_references(
    doc: dict[str, Any], locate: Callable[[Path_], object], limit: int | None = None
) -> tuple[list[Problem], int]:
    """The first ``limit`` problems (all when None), worded, and how many more there are. ``locate`` gives the
    place of a path (file:line:column, in whichever file wrote it), for a problem that points at another place."""
    worded: list[Problem] = []
    more = 0
    for found in _problems(doc, locate):
        room = len(worded) if limit is None else limit - len(worded)
        if isinstance(found, _UnknownItems):
            shown = found.items if limit is None else found.items[: max(room, 0)]
            worded.extend(((*found.path, index), found.word(value)) for index, value in shown)
            more += len(found.items) - len(shown)
        elif limit is None or room > 0:
            worded.append((found[0], found[1]()))
        else:
            more += 1
    return worded, more


def _problems(doc: dict[str, Any], locate: Callable[[Path_], object]) -> Iterator[_Found | _UnknownItems]:
    sections = {section: _entries(doc, section) for section in SECTIONS}
    for section in SECTIONS:
        seen: dict[str, int] = {}
        for index, element in sections[section]:
            element_id = element.get("id")
            if not isinstance(element_id, str):
                continue
            first = seen.setdefault(element_id, index)
            if first != index:
                yield (
                    (section, index, "id"),
                    # where the first one is written: the two may sit in different files (the model and an include)
                    partial(
                        message,
                        "loader.duplicate_id",
                        id=element_id,
                        section=section,
                        first=locate((section, first, "id")),
                    ),
                )

    data_ids, node_ids, zone_ids, flow_ids = (_ids(sections[s]) for s in ("data", "nodes", "zones", "flows"))
    data_set, node_set, zone_set, flow_set = set(data_ids), set(node_ids), set(zone_ids), set(flow_ids)
    # Any element may be what a question is about or what a role is of, a store included (by its
    # own id); most models have neither, so the union is made only when asked.
    every: list[str] = []
    has_roles = any(node.get("roles") for _, node in sections["nodes"])
    if sections["questions"] or has_roles:
        every = [
            *data_ids,
            *node_ids,
            *zone_ids,
            *flow_ids,
            *_ids(sections["contracts"]),
            *_ids(sections["files"]),
            *_store_ids(sections["nodes"]),
        ]
    suggesters: dict[str, Suggester] = {}
    known_for = {"data_item": data_ids, "zone": zone_ids, "node": node_ids, "flow": flow_ids, "element": every}

    def suggester(kind: str) -> Suggester:
        if kind not in suggesters:
            suggesters[kind] = Suggester(known_for[kind])
        return suggesters[kind]

    def unknown_word(kind: str, wrong: str) -> Message:
        what = message(f"loader.what.{kind}")
        return message(
            "loader.unknown_reference", what=what, value=wrong, hint=hint(wrong, suggester(kind), _SECTION_OF[kind])
        )

    def unknown(kind: str, wrong: str) -> Callable[[], Message]:
        return partial(unknown_word, kind, wrong)

    word_data_item = partial(unknown_word, "data_item")

    def data_refs(items: Any, *path: str | int) -> tuple[_UnknownItems, ...]:
        if items.__class__ is not list or _all_known(items, data_set):
            return ()
        wrong = [(i, item) for i, item in enumerate(items) if isinstance(item, str) and item not in data_set]
        return (_UnknownItems(path, wrong, word_data_item),) if wrong else ()

    def ref(value: Any, known: set[str], kind: str, path: Path_) -> tuple[_Found, ...]:
        if isinstance(value, str) and value not in known:
            return ((path, unknown(kind, value)),)
        return ()

    for zi, zone in sections["zones"]:
        yield from ref(zone.get("parent"), zone_set, "zone", ("zones", zi, "parent"))
    yield from _zone_cycles(sections["zones"])

    for ni, node in sections["nodes"]:
        yield from ref(node.get("zone"), zone_set, "zone", ("nodes", ni, "zone"))
        for si, store in enumerate(_list(node.get("stores"))):
            if isinstance(store, dict):
                yield from data_refs(store.get("data"), "nodes", ni, "stores", si, "data")
        for key in ("uses", "collects", "produces", "vendor_policy_non_personal"):
            if key in node:
                yield from data_refs(node[key], "nodes", ni, key)

    for fi, flow in sections["flows"]:
        for key in ("from", "to"):
            value = flow.get(key)
            if isinstance(value, str) and value not in node_set:
                yield ("flows", fi, key), _flow_unknown_node(flow.get("id"), value, suggester)
        yield from data_refs(flow.get("data"), "flows", fi, "data")
        if "must_match" in flow:
            yield from ref(flow["must_match"], flow_set, "flow", ("flows", fi, "must_match"))

    for ci, contract in sections["contracts"]:
        yield from ref(contract.get("contractor"), node_set, "node", ("contracts", ci, "contractor"))
        for si, sub in enumerate(_list(contract.get("subcontracts"))):
            if isinstance(sub, dict):
                yield from ref(sub.get("to"), node_set, "node", ("contracts", ci, "subcontracts", si, "to"))

    for pi, file in sections["files"]:
        yield from data_refs(file.get("data"), "files", pi, "data")
        for hi, holder in enumerate(_list(file.get("held_by"))):
            yield from ref(holder, node_set, "node", ("files", pi, "held_by", hi))

    every_set = set(every)
    if has_roles:
        for ni, node in sections["nodes"]:
            for ri, role in enumerate(_list(node.get("roles"))):
                if isinstance(role, dict):
                    for oi, target in enumerate(_list(role.get("of"))):
                        yield from ref(target, every_set, "element", ("nodes", ni, "roles", ri, "of", oi))
    for qi, question in sections["questions"]:
        for ai, about in enumerate(_list(question.get("about"))):
            yield from ref(about, every_set, "element", ("questions", qi, "about", ai))


def _flow_unknown_node(flow: Any, value: str, suggester: Callable[[str], Suggester]) -> Callable[[], Message]:
    def word() -> Message:
        return message(
            "loader.flow_unknown_node",
            flow=flow if isinstance(flow, str) else "?",
            what=message("loader.what.node"),
            value=value,
            hint=hint(value, suggester("node"), "nodes"),
        )

    return word


def _zone_cycles(zones: list[tuple[int, dict[str, Any]]]) -> Iterator[_Found]:
    """Zones whose parent chain comes back to them; each chain is followed once, so this is linear."""
    parent: dict[str, str] = {}
    for _, zone in zones:
        zone_id, up = zone.get("id"), zone.get("parent")
        if isinstance(zone_id, str) and isinstance(up, str):
            parent.setdefault(zone_id, up)
    on_cycle: set[str] = set()
    settled: set[str] = set()
    for start in parent:
        chain: list[str] = []
        where: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in settled and current not in where:
            where[current] = len(chain)
            chain.append(current)
            current = parent.get(current)
        if current is not None and current in where:
            on_cycle.update(chain[where[current] :])
        settled.update(chain)
    for zi, zone in zones:
        zone_id = zone.get("id")
        if isinstance(zone_id, str) and zone_id in on_cycle and isinstance(zone.get("parent"), str):
            yield ("zones", zi, "parent"), partial(message, "loader.zone_cycle", zone=zone_id)


def self_loops(doc: dict[str, Any]) -> list[Problem]:
    """Warnings for each flow from a node to itself: no hand-over a rule can judge (no line, no recipient), and
    mostly a slip for another node's id; work inside a node is written as its ``uses``, ``produces`` or stores."""
    return [
        (("flows", index, "to"), message("loader.flow_to_itself", node=flow["from"]))
        for index, flow in _entries(doc, "flows")
        if isinstance(flow.get("from"), str) and flow.get("from") == flow.get("to")
    ]


def unplaced_operators(doc: dict[str, Any]) -> list[Problem]:
    """Warnings for each node whose ``operator`` names no node, by id or by title, and is not the ward: the
    rules then take the node to be the ward's own (so they ask what they would ask the ward), but whose it
    really is decides which of them apply, and the owner should hear that it was guessed."""
    nodes = _entries(doc, "nodes")
    decided_by_operator = vocabulary("node_kinds").having("side", "ward_equipment")  # a cloud's side is its kind
    scheme = doc.get("scheme")
    named = {"ward", *(_ids(nodes)), *(str(n["title"]).strip() for _, n in nodes if isinstance(n.get("title"), str))}
    if isinstance(scheme, dict) and isinstance(scheme.get("municipality"), str):
        named.add(scheme["municipality"].strip())
    return [
        (("nodes", index, "operator"), message("loader.operator_not_a_node", operator=node["operator"].strip()))
        for index, node in nodes
        if node.get("kind") in decided_by_operator
        and isinstance(node.get("operator"), str)
        and node["operator"].strip()
        and node["operator"].strip() not in named
    ]
