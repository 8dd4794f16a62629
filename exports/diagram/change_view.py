"""Both versions of a model as one graph, for the change diagram: the new model with what the old one had and
the new one lacks kept in place (its "ghosts"), a status for every zone, node and flow drawn, and each flow's step
number in each version. What the drawing makes of it is :mod:`.change`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

from pia_toolkit.exports.diagram.steps import step_numbers
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import FlowDocument, Node
from pia_toolkit.pia.diff.elements import ElementChange

Status = Literal["added", "removed", "changed", "unchanged"]
DRAWN = ("zones", "nodes", "flows")
"""The sections the zones view draws as elements of their own."""
PLACEHOLDER = "_removed_zone_"
"""DOT name prefix of the stand-in node that keeps an emptied removed zone drawn (Graphviz draws no empty box;
model ids never start with ``_``)."""


@dataclass(frozen=True)
class Marked:
    status: Status
    old_id: str | None = None
    """The element's id in the old version, when it was renamed."""


@dataclass
class ChangeView:
    """Both versions as one graph, with a status per drawn element and each flow's step in each version."""

    graph: FlowGraph
    marked: dict[str, dict[str, Marked]]
    """section (zones, nodes, flows) → element id in the union → its status (unchanged ones are absent)."""
    steps: dict[str, tuple[int | None, int | None]]
    """flow id in the union → (its number in the old version, in the new one); None where it is absent."""
    changes: list[ElementChange] = field(default_factory=list)

    def status(self, section: str, element_id: str) -> Status:
        found = self.marked.get(section, {}).get(element_id)
        return found.status if found is not None else "unchanged"

    def moved(self, flow_id: str) -> tuple[int, int] | None:
        """(old, new) when the flow's step number differs between the versions."""
        old, new = self.steps.get(flow_id, (None, None))
        return (old, new) if old is not None and new is not None and old != new else None

    def counts(self) -> dict[str, int]:
        counted = {"added": 0, "removed": 0, "changed": 0}
        for section in DRAWN:
            for marked in self.marked.get(section, {}).values():
                counted[marked.status] = counted.get(marked.status, 0) + 1
        counted["moved"] = sum(1 for flow_id in self.steps if self.moved(flow_id))
        return counted


# ---- the union of both versions --------------------------------------------------------------------------
class _Identified(Protocol):
    @property
    def id(self) -> str: ...


E = TypeVar("E", bound=_Identified)


def step_only(change: ElementChange) -> bool:
    """A flow whose only change is its step number: drawn as it is, with both numbers."""
    return change.section == "flows" and change.old_id is None and {a.name for a in change.attributes} <= {"step"}


def _statuses(changes: Iterable[ElementChange]) -> dict[str, dict[str, Marked]]:
    marked: dict[str, dict[str, Marked]] = {section: {} for section in DRAWN}
    for change in changes:
        if change.section in DRAWN:
            if change.change in ("added", "removed"):
                marked[change.section][change.id] = Marked("added" if change.change == "added" else "removed")
            elif change.change == "renamed" or not step_only(change):
                marked[change.section][change.id] = Marked("changed", change.old_id)
        elif change.section == "stores" and change.parent is not None:
            # A store is drawn as part of its node: a store added, removed or changed changes the node.
            marked["nodes"].setdefault(change.parent, Marked("changed"))
    return marked


def _merged(new: Sequence[E], old: Sequence[E], ghosts: dict[str, E], renamed: dict[str, str]) -> list[E]:
    """The new version's elements with each ghost placed after the element that preceded it in the old version."""
    after: dict[str | None, list[E]] = {}
    previous: str | None = None
    for element in old:
        if element.id in ghosts:
            after.setdefault(previous, []).append(ghosts[element.id])
        else:
            previous = renamed.get(element.id, element.id)
    merged = list(after.pop(None, []))
    for element in new:
        merged.append(element)
        merged.extend(after.pop(element.id, []))
    for rest in after.values():  # (a predecessor the new version lacks: cannot happen for a matched element)
        merged.extend(rest)
    return merged


def change_view(old: FlowGraph, new: FlowGraph, changes: Sequence[ElementChange]) -> ChangeView:
    """Both versions as one graph (``changes`` from :func:`pia.diff.elements.diff_documents` of the two)."""
    renames: dict[str, dict[str, str]] = {}
    removed: dict[str, set[str]] = {}
    for change in changes:
        if change.old_id is not None and change.section != "stores":
            renames.setdefault(change.section, {})[change.old_id] = change.id
        if change.change == "removed":
            removed.setdefault(change.section, set()).add(change.id)

    def renamed(section: str, value: str) -> str:
        return renames.get(section, {}).get(value, value)

    old_doc, new_doc = old.document, new.document
    old_numbers, new_numbers = step_numbers(old), step_numbers(new)
    back = {new_id: old_id for old_id, new_id in renames.get("flows", {}).items()}
    steps: dict[str, tuple[int | None, int | None]] = {}
    flows = []
    for flow in new_doc.flows:
        before = back.get(flow.id, flow.id)
        steps[flow.id] = (old_numbers.get(before) if before in old.flows else None, new_numbers[flow.id])
        flows.append(flow.model_copy(update={"step": new_numbers[flow.id]}))
    ghost_flows = {}
    for flow in old_doc.flows:
        if flow.id in removed.get("flows", set()):
            steps[flow.id] = (old_numbers[flow.id], None)
            ghost_flows[flow.id] = flow.model_copy(
                update={
                    "step": old_numbers[flow.id],
                    "source": renamed("nodes", flow.source),
                    "target": renamed("nodes", flow.target),
                    "data": [renamed("data", item) for item in flow.data],
                }
            )
    ghost_nodes = {
        node.id: node.model_copy(update={"zone": renamed("zones", node.zone) if node.zone else node.zone})
        for node in old_doc.nodes
        if node.id in removed.get("nodes", set())
    }
    ghost_zones = {
        zone.id: zone.model_copy(update={"parent": renamed("zones", zone.parent) if zone.parent else None})
        for zone in old_doc.zones
        if zone.id in removed.get("zones", set())
    }
    ghost_data = {item.id: item for item in old_doc.data if item.id in removed.get("data", set())}
    union = new_doc.model_copy(
        update={
            "data": _merged(new_doc.data, old_doc.data, ghost_data, renames.get("data", {})),
            "zones": _merged(new_doc.zones, old_doc.zones, ghost_zones, renames.get("zones", {})),
            "nodes": _merged(new_doc.nodes, old_doc.nodes, ghost_nodes, renames.get("nodes", {})),
            "flows": _merged(flows, old_doc.flows, ghost_flows, renames.get("flows", {})),
        }
    )
    assert isinstance(union, FlowDocument)
    union = _keep_removed_zones(union, set(ghost_zones))
    return ChangeView(FlowGraph.build(union), _statuses(changes), steps, list(changes))


def _keep_removed_zones(union: FlowDocument, removed: set[str]) -> FlowDocument:
    """A removed zone whose nodes all moved elsewhere holds a stand-in node, so that its ghost is drawn."""
    parent = {zone.id: zone.parent for zone in union.zones}
    used: set[str] = set()
    for node in union.nodes:
        zone = node.zone
        while zone is not None and zone not in used:
            used.add(zone)
            zone = parent.get(zone)
    empty = [zone.id for zone in union.zones if zone.id in removed and zone.id not in used]
    if not empty:
        return union
    # Never validated or checked: it only carries the zone's place into the drawing (the overlay draws its words).
    stand_ins = [Node.model_construct(id=f"{PLACEHOLDER}{zone}", title="", kind="section", zone=zone) for zone in empty]
    kept = union.model_copy(update={"nodes": [*union.nodes, *stand_ins]})
    assert isinstance(kept, FlowDocument)
    return kept
