"""Access rules (アクセス管理): ACC-01 … ACC-03. Texts are in ``access.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import joined, node_name
from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Node

_LOGIN_KINDS = frozenset({"terminal", "system", "device", "cloud_service", "lgwan_asp"})
_HANDHELD = frozenset({"terminal", "device"})


def _own_or_contracted(g: FlowGraph, node: Node) -> bool:
    """Equipment the ward runs or has a contractor run: the places whose logins and logs the ward answers for
    (not a national system, another body's server or a shop's kiosk)."""
    return node.id in g.ward_ids or node.id in g.contractor_side


@rule("ACC-01")
def my_number_without_two_factor(g: FlowGraph) -> Iterator[Result]:
    """A terminal or system handling 特定個人情報 needs two-factor authentication (three-layer model)."""
    my_number_nodes = g.nodes_handling("my_number")
    for node in g.nodes_of(*sorted(_LOGIN_KINDS)):
        if node.id not in my_number_nodes or not _own_or_contracted(g, node):
            continue
        if node.two_factor is True:
            yield satisfied(node.id)
        elif node.two_factor is False:
            yield violated(
                [node.id],
                f"特定個人情報を扱う{node_name(g, node.id)}に二要素認証がない",
                f"{node_name(g, node.id, 'en')} handles My Number data without two-factor authentication",
            )
        else:
            yield unknown(
                [node.id],
                f"特定個人情報を扱う{node_name(g, node.id)}に二要素認証があるか",
                f"does {node_name(g, node.id, 'en')}, which handles My Number data, use two-factor authentication?",
            )


@rule("ACC-02")
def shared_device_or_passcode(g: FlowGraph) -> Iterator[Result]:
    """A shared device proves nothing as a possession factor, and a shared or written-down passcode proves nothing
    as knowledge (Meguro GIGA school: shared iPads, passcode register)."""
    personal_nodes = g.nodes_handling(*PERSONAL_CLASSES)
    for node in g.nodes_of(*sorted(_HANDHELD)):
        if not _own_or_contracted(g, node):
            continue
        if node.id not in personal_nodes:
            yield not_applicable(node.id)
            continue
        bad = []
        if node.shared_device is True:
            bad.append(("複数人で共用している", "shared by several people"))
        if node.passcode_shared is True:
            bad.append(("パスコードを共有・記録している", "its passcode is shared or written down"))
        name, name_en = node_name(g, node.id), node_name(g, node.id, "en")
        if bad:
            yield violated(
                [node.id],
                f"個人情報を扱う{name}は{joined(b for b, _ in bad)}",
                f"{name_en} handles personal data and is {joined((b for _, b in bad), 'en')}",
            )
        elif "unknown" in (node.shared_device, node.passcode_shared):
            yield unknown(
                [node.id],
                f"個人情報を扱う{name}を複数人で共用していないか、パスコードを共有・記録していないか",
                f"is {name_en}, which handles personal data, shared, or its passcode shared or written down?",
            )
        else:
            yield satisfied(node.id)


@rule("ACC-03")
def my_number_without_access_log(g: FlowGraph) -> Iterator[Result]:
    """Processing of 特定個人情報 must leave an access log (使用の記録, Ⅲ-3 R2)."""
    my_number_nodes = g.nodes_handling("my_number")
    for node in g.nodes_of(*sorted(_LOGIN_KINDS | {"store"})):
        if node.id not in my_number_nodes or not _own_or_contracted(g, node):
            continue
        if node.access_log is True:
            yield satisfied(node.id)
        elif node.access_log is False:
            yield violated(
                [node.id],
                f"特定個人情報を扱う{node_name(g, node.id)}にアクセス記録がない",
                f"{node_name(g, node.id, 'en')} processes My Number data and keeps no access log",
            )
        else:
            yield unknown(
                [node.id],
                f"特定個人情報を扱う{node_name(g, node.id)}でアクセス記録を取っているか",
                f"does {node_name(g, node.id, 'en')}, which processes My Number data, keep an access log?",
            )
