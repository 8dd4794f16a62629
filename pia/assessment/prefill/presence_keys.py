"""Keys for the 「有無」 and 「件数」 items (Ⅱ4, Ⅱ5) and the timing of acquisition (Ⅱ3③).

The catalog does not name these keys yet; an item answers as soon as its entry says ``prefill: <key>``. The
model shows hand-overs that exist, so these answer 「委託する」 / 「提供を行っている」 and counts, never 「しない」:
a model without an entrustment flow may simply not show it.
"""

from __future__ import annotations

from collections.abc import Callable

from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow
from pia_toolkit.pia.assessment.prefill.choices import find_choice
from pia_toolkit.pia.assessment.prefill.facts import (
    acquisitions,
    entrusted,
    join,
    known,
    node_label,
    provisions_out,
    transfers_out,
)
from pia_toolkit.pia.assessment.prefill.registry import Prefill, PrefillFunction, Target, prefiller


@prefiller("entrustment")
def entrustment(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ4 委託の有無: 「委託する」 when entrustment flows or contracts exist."""
    groups = entrusted(graph)
    chosen = find_choice(item.choices, "entrust", labels=["委託する"]) if groups else None
    return Prefill(chosen, list(groups)) if chosen else None


@prefiller("provision_status")
def provision_status(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ5 提供・移転の有無: the kinds that occur."""
    provided, transferred = provisions_out(graph), transfers_out(graph)
    wanted = [("providing", "提供を行っている", provided), ("transferring", "移転を行っている", transferred)]
    chosen = [find_choice(item.choices, cid, labels=[label]) for cid, label, found in wanted if found]
    refs = [*provided, *transferred]
    return Prefill([c for c in chosen if c], refs) if any(chosen) else None


def _count_of(groups: Callable[[FlowGraph], dict[str, list[Flow]]]) -> PrefillFunction:
    """「件数」: how many recipients or contractors ``groups`` finds; none found leaves the item open."""

    def answer(graph: FlowGraph, item: Target) -> Prefill | None:
        found = groups(graph)
        return Prefill(len(found), list(found)) if found else None

    return answer


for _key, _groups in (
    ("entrustment_count", entrusted),
    ("provision_count", provisions_out),
    ("transfer_count", transfers_out),
):
    prefiller(_key)(_count_of(_groups))


@prefiller("acquisition_timing")
def acquisition_timing(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ3③ 入手の時期・頻度: the stated frequency of each acquisition flow, by source."""
    lines = [(f.id, f"{node_label(graph, f.source)}：{f.frequency}") for f in acquisitions(graph) if known(f.frequency)]
    if not lines:
        return None
    return Prefill(join((line for _, line in lines), "\n"), [ref for ref, _ in lines])
