"""Pre-fill keys answered from the scheme header: names, counts, threshold, purposes."""

from __future__ import annotations

import datetime as dt

from pia_toolkit.catalog.threshold import judge_document, level_sentence
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.assessment.prefill.choices import band_choice, find_choice
from pia_toolkit.pia.assessment.prefill.facts import (
    count,
    data_label,
    file_data,
    join,
    known,
    people,
)
from pia_toolkit.pia.assessment.prefill.registry import Prefill, PrefillFunction, Target, prefiller


def _scheme_text(attribute: str) -> PrefillFunction:
    """The item takes the scheme header's ``attribute`` as it is written (a date as ISO text)."""

    def answer(graph: FlowGraph, item: Target) -> Prefill | None:
        value = getattr(graph.document.scheme, attribute)
        if not known(value):
            return None
        if isinstance(value, dt.date):
            value = value.isoformat()
        return Prefill(str(value), ["scheme"])

    return answer


for _attribute in ("business", "municipality", "responsible_section", "legal_basis", "approval_date"):
    prefiller(f"scheme.{_attribute}")(_scheme_text(_attribute))


def _people_band(*, file_first: bool) -> PrefillFunction:
    """The band of the number of people: from the file or the scheme, whichever is stated (in that order when
    ``file_first``)."""

    def answer(graph: FlowGraph, item: Target) -> Prefill | None:
        value, refs = people(graph, file_first=file_first)
        chosen = band_choice(item.choices, value)
        return Prefill(chosen, refs) if chosen else None

    return answer


# Ⅰ1③ 対象人数 takes the scheme's count (the threshold input) first; Ⅱ2② 対象となる本人の数 the file's.
prefiller("people_count_band")(_people_band(file_first=False))
prefiller("file.people_count_band")(_people_band(file_first=True))


@prefiller("handler_count_band")
def handler_count_band(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ3⑦ 使用者数: the body's own staff (contractor staff are counted in Ⅱ4③)."""
    staff = count(graph.document.scheme.handlers.staff)
    chosen = band_choice(item.choices, staff)
    return Prefill(chosen, ["scheme"]) if chosen else None


@prefiller("threshold_result")
def threshold_result(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅵ1② しきい値判断結果: the judgment from people, handlers, serious incidents and the exemptions."""
    result = judge_document(graph.document)
    if result.choice is None:
        return None
    chosen = find_choice(item.choices, result.choice, labels=[level_sentence(result.level).ja])
    return Prefill(chosen, ["scheme"]) if chosen else None


@prefiller("ipn_linkage")
def ipn_linkage(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅰ6① 情報連携の実施の有無: 「実施する」 when a flow goes over the information-provision network. A model
    without such a flow may simply not show it (minutes rarely mention linkage), so 「実施しない」 stays open."""
    linked = [f.id for f in graph.flows.values() if f.channel == "ipn" or f.relationship == "network_linkage"]
    return _choice(item, "carry_out", "実施する", linked) if linked else None


def _choice(item: Target, choice_id: str, label: str, refs: list[str]) -> Prefill | None:
    chosen = find_choice(item.choices, choice_id, labels=[label])
    return Prefill(chosen, refs) if chosen else None


@prefiller("purpose")
def purpose(graph: FlowGraph, item: Target) -> Prefill | None:
    """Ⅱ3⑥ 使用目的: the purposes the model states for the file's data items, each once."""
    by_purpose: dict[str, list[str]] = {}
    for item_id in file_data(graph):
        stated = graph.data[item_id].purpose
        if known(stated):
            by_purpose.setdefault(str(stated), []).append(item_id)
    if not by_purpose:
        return None
    lines = [f"{text}（{join(data_label(graph, i) for i in ids)}）" for text, ids in by_purpose.items()]
    refs = [i for ids in by_purpose.values() for i in ids]
    return Prefill("\n".join(lines), refs)
