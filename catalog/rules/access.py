"""Access rules (アクセス管理): ACC-01 … ACC-03. Texts are in ``access.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules.facts import NodeRef, Words
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Node

_LOGIN_KINDS = frozenset({"terminal", "system", "device", "cloud_service", "lgwan_asp"})
_HANDHELD = frozenset({"terminal", "device"})


def _own_or_contracted(graph: FlowGraph, node: Node) -> bool:
    """Equipment the ward runs or has a contractor run: the places whose logins and logs the ward answers for
    (not a national system, another body's server or a shop's kiosk)."""
    return node.id in graph.ward_ids or node.id in graph.contractor_side


@rule("ACC-01")
def my_number_without_two_factor(graph: FlowGraph) -> Iterator[Result]:
    """A terminal or system handling 特定個人情報 needs two-factor authentication (three-layer model)."""
    my_number_nodes = graph.nodes_handling("my_number")
    for node in graph.nodes_of(*sorted(_LOGIN_KINDS)):
        if node.id not in my_number_nodes or not _own_or_contracted(graph, node):
            continue
        if node.two_factor is True:
            yield satisfied(node.id)
        elif node.two_factor is False:
            yield violated([node.id], "no_two_factor", node=NodeRef(node.id))
        else:
            yield unknown([node.id], "two_factor_not_stated", node=NodeRef(node.id))


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
def my_number_without_access_log(graph: FlowGraph) -> Iterator[Result]:
    """Processing of 特定個人情報 must leave an access log (使用の記録, Ⅲ-3 R2)."""
    my_number_nodes = graph.nodes_handling("my_number")
    for node in graph.nodes_of(*sorted(_LOGIN_KINDS | {"store"})):
        if node.id not in my_number_nodes or not _own_or_contracted(graph, node):
            continue
        if node.access_log is True:
            yield satisfied(node.id)
        elif node.access_log is False:
            yield violated([node.id], "no_access_log", node=NodeRef(node.id))
        else:
            yield unknown([node.id], "access_log_not_stated", node=NodeRef(node.id))
