"""Access rules (アクセス管理): ACC-01 … ACC-03. Texts are in ``access.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules.facts import Items, NodeRef, Term, Words
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES, vocabulary
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Node

_LOGIN_KINDS = frozenset({"terminal", "system", "device", "cloud_service", "lgwan_asp"})
_RECORD_KINDS = frozenset({"system", "store", "cloud_service", "lgwan_asp", "paper_store"})
_HANDHELD = frozenset({"terminal", "device"})


def _own_or_contracted(graph: FlowGraph, node: Node) -> bool:
    """Equipment the ward runs or has a contractor run: the places whose logins and logs the ward answers for
    (not a national system, another body's server or a shop's kiosk)."""
    return node.id in graph.ward_ids or node.id in graph.contractor_side


def _guarded_systems(graph: FlowGraph, kinds: frozenset[str]) -> Iterator[tuple[Node, tuple[str, ...]]]:
    """The ward's or a contractor's systems of ``kinds`` that handle My Number data, 要配慮 data or children's
    records, with those items (strongest class first): where councils ask who can log in, who sees what, and
    whether it is recorded."""
    for node in graph.nodes_of(*sorted(kinds)):
        items = graph.guarded_items(node.id)
        if items and _own_or_contracted(graph, node):
            yield node, items


def _answer(node: Node, value: object, items: tuple[str, ...], no: str, asked: str) -> Result:
    """Satisfied when ``value`` is True, the ``no`` violation when False, the ``asked`` question when unknown."""
    if value is True:
        return satisfied(node.id)
    outcome, key = (violated, no) if value is False else (unknown, asked)
    return outcome([node.id], key, data=items, node=NodeRef(node.id), items=Items(items, limit=2))


@rule("ACC-01")
def guarded_data_without_two_factor(graph: FlowGraph) -> Iterator[Result]:
    """A terminal or system handling 特定個人情報, 要配慮個人情報 or children's records needs two-factor
    authentication (three-layer model for My Number data; the severity follows the class of the data)."""
    for node, items in _guarded_systems(graph, _LOGIN_KINDS):
        yield _answer(node, node.two_factor, items, "no_two_factor", "two_factor_not_stated")


@rule("ACC-02")
def shared_device_or_passcode(graph: FlowGraph) -> Iterator[Result]:
    """A shared device proves nothing as a possession factor, and a shared or written-down passcode proves nothing
    as knowledge (Meguro GIGA school: shared iPads, passcode register)."""
    personal_nodes = graph.nodes_handling(*PERSONAL_CLASSES)
    for node in graph.nodes_of(*sorted(_HANDHELD)):
        if not _own_or_contracted(graph, node):
            continue
        if node.id not in personal_nodes:
            yield not_applicable(node.id)
            continue
        shared: list[str] = []
        if node.shared_device is True:
            shared.append("shared_device")
        if node.passcode_shared is True:
            shared.append("passcode_shared")
        if shared:
            yield violated([node.id], "shared", node=NodeRef(node.id), shared=Words.of(*shared))
        elif "unknown" in (node.shared_device, node.passcode_shared):
            yield unknown([node.id], "sharing_not_stated", node=NodeRef(node.id))
        else:
            yield satisfied(node.id)


@rule("ACC-03")
def guarded_data_without_access_log(graph: FlowGraph) -> Iterator[Result]:
    """Processing of 特定個人情報, 要配慮個人情報 or children's records must leave an access log (使用の記録, Ⅲ-3 R2)."""
    for node, items in _guarded_systems(graph, _LOGIN_KINDS | {"store"}):
        yield _answer(node, node.access_log, items, "no_access_log", "access_log_not_stated")


@rule("ACC-04")
def every_case_seen_by_everyone(graph: FlowGraph) -> Iterator[Result]:
    """Who may see what: records of 要配慮 data, My Number data or children's are kept to those who handle the case
    (a consultation system a contractor maintains where every counsellor sees every case is the council's
    question). ``access_scope`` says it."""
    broad = vocabulary("access_scopes").having("broad")
    for node, items in _guarded_systems(graph, _RECORD_KINDS):
        scope = node.access_scope
        if scope == "unknown":
            yield unknown([node.id], "scope_not_stated", data=items, node=NodeRef(node.id), items=Items(items, limit=2))
        elif scope in broad:
            yield violated(
                [node.id],
                "everyone_sees_everything",
                data=items,
                node=NodeRef(node.id),
                items=Items(items, limit=2),
                scope=Term("access_scopes", scope),
            )
        else:
            yield satisfied(node.id)
