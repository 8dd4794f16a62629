"""The conditions a row of ``catalog/changes.yaml`` may name in ``when``: small questions about one changed
element, asked of both versions of the model.

    CONDITIONS["personal"](change, versions)   # does the element handle personal data in either version?
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pia_toolkit.catalog.vocabularies import PERSONAL_CLASSES
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Contract, DataItem, Flow, Node, PersonalFile, Scheme, Store, Zone
from pia_toolkit.pia.diff.elements import ElementChange

CLASS_RANK = {"non_personal": 0, "anonymised": 0, "pseudonymised": 1, "personal": 2, "sensitive": 3, "my_number": 4}
"""How protected a legal class of data is: 特定個人情報 above 要配慮個人情報 above other personal data."""


@dataclass
class Versions:
    """The two versions of the model a change is read against."""

    old: FlowGraph
    new: FlowGraph
    _operated: dict[int, dict[str, list[str]]] = field(default_factory=dict, repr=False)

    def operated_by(self, graph: FlowGraph, operator: str) -> list[str]:
        """The nodes ``operator`` runs in ``graph`` (worked out once per version, not once per change)."""
        table = self._operated.get(id(graph))
        if table is None:
            table = self._operated[id(graph)] = {}
            for node in graph.nodes:
                found = graph.operator_node(node)
                if found is not None:
                    table.setdefault(found, []).append(node)
        return table.get(operator, [])


Condition = Callable[[ElementChange, Versions], bool]
CONDITIONS: dict[str, Condition] = {}


def condition(name: str) -> Callable[[Condition], Condition]:
    def register(function: Condition) -> Condition:
        CONDITIONS[name] = function
        return function

    return register


def _item_classes(graph: FlowGraph, items: Iterable[str]) -> set[str]:
    classes = graph.item_classes
    return {classes[i] for i in items if i in classes}


def _node_classes(graph: FlowGraph, node_id: str) -> set[str]:
    return _item_classes(graph, graph.handled_at.get(node_id, ()))


def classes_handled(graph: FlowGraph, element: object, versions: Versions) -> set[str]:
    """The legal classes of the data ``element`` handles in ``graph`` (the version it belongs to)."""
    if isinstance(element, DataItem):
        return _item_classes(graph, [element.id])
    if isinstance(element, Flow | Store | PersonalFile):
        return _item_classes(graph, element.data)
    if isinstance(element, Node):
        return _node_classes(graph, element.id)
    if isinstance(element, Zone):
        return {c for node in graph.members(element.id) for c in _node_classes(graph, node)}
    if isinstance(element, Contract):
        operated = versions.operated_by(graph, element.contractor)
        return {c for node in (element.contractor, *operated) for c in _node_classes(graph, node)}
    if isinstance(element, Scheme):
        return set(graph.item_classes.values())
    return set()


def _both(change: ElementChange, versions: Versions) -> tuple[set[str], set[str]]:
    return (
        classes_handled(versions.old, change.old, versions) if change.old is not None else set(),
        classes_handled(versions.new, change.new, versions) if change.new is not None else set(),
    )


def top_rank(classes: set[str]) -> int:
    return max((CLASS_RANK.get(c, 0) for c in classes), default=-1)


@condition("personal")
def personal(change: ElementChange, versions: Versions) -> bool:
    """The element handles personal data (of any class) in either version."""
    before, after = _both(change, versions)
    return bool((before | after) & set(PERSONAL_CLASSES))


@condition("top_class_changes")
def top_class_changes(change: ElementChange, versions: Versions) -> bool:
    """The most protected class of data the element handles is not the same in both versions."""
    before, after = _both(change, versions)
    return top_rank(before) != top_rank(after)


@condition("contractor")
def contractor(change: ElementChange, versions: Versions) -> bool:
    """A contractor-side node (contractor, cloud service, or a node one of them operates) handling personal data."""
    on_side = any(i in graph.contractor_side for graph in (versions.old, versions.new) for i in change.ids)
    return on_side and personal(change, versions)


@condition("linkage")
def linkage(change: ElementChange, versions: Versions) -> bool:
    """A flow over the information-provision network (channel ipn or relationship network_linkage)."""
    flows = [f for f in (change.old, change.new) if isinstance(f, Flow)]
    return any(f.channel == "ipn" or f.relationship == "network_linkage" for f in flows)
