"""Cross-item checks: answers in different parts of the form that must agree with each other and the model.

Items are found by their ``prefill:`` key, not by id, so a renumbered catalog keeps working. Each check returns
problems naming the item ids involved; none of them changes the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pia_toolkit.catalog.texts import Bilingual, Message, message
from pia_toolkit.catalog.threshold import judge, judge_document, level_sentence, table
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.assessment.document import Assessment
from pia_toolkit.pia.assessment.form import FormItem
from pia_toolkit.pia.assessment.prefill.choices import choice_band
from pia_toolkit.pia.assessment.prefill.facts import count, entrusted, primary_file


@dataclass(frozen=True)
class ConsistencyProblem:
    check: str
    """counts, record_items, contractors, required"""
    message: Message
    items: tuple[str, ...]

    def text(self, lang: str = "ja") -> str:
        return self.message.text(lang)


def _by_key(document: Assessment, key: str) -> FormItem | None:
    return next((i for i in document.form.items if i.prefill == key), None)


def _answer(document: Assessment, item: FormItem | None) -> Any:
    return document.state(item.id).answer if item is not None else None


def _label(item: FormItem, choice_id: Any) -> Bilingual:
    choice = item.choice(str(choice_id))
    return choice.label if choice else Bilingual(str(choice_id), str(choice_id))


def _node(graph: FlowGraph, node_id: str) -> Bilingual:
    return Bilingual(graph.node_label(node_id), graph.node_label(node_id, "en"))


# ---- counts --------------------------------------------------------------------------------------------
def _band_problems(document: Assessment, key: str, value: int | None, what: str) -> list[ConsistencyProblem]:
    item = _by_key(document, key)
    answer = _answer(document, item)
    interval = choice_band(item.choices, answer) if item is not None and answer else None
    if item is None or interval is None or value is None or interval[0] <= value < interval[1]:
        return []
    found = message(
        "assessment.band_mismatch",
        number=item.number,
        item=item.label,
        answer=_label(item, answer),
        what=message(f"assessment.what.{what}"),
        value=value,
    )
    return [ConsistencyProblem("counts", found, (item.id,))]


def _threshold_level(item: FormItem, choice_id: Any) -> str | None:
    for level, info in table()["levels"].items():
        if info.get("choice") == choice_id:
            return str(level)
    choice = item.choice(str(choice_id))
    levels = table()["levels"]
    sentences = {level: level_sentence(level).ja for level in levels}
    matches = [level for level, sentence in sentences.items() if choice and choice.label.ja.startswith(sentence)]
    return max(matches, key=lambda level: len(sentences[level])) if matches else None


def _levels_for_band(low: float, high: float, handlers: int | None, incident: bool | None) -> set[str]:
    """Every mandatory level a number of people inside [low, high) can give, for the known other inputs."""
    limit = int(table()["handler_limit"])
    handler_cases = [handlers] if handlers is not None else [0, limit]
    incident_cases = [incident] if incident is not None else [False, True]
    ends = [int(low), int(min(high, 10**12)) - 1]
    return {judge(p, h, i).level for p in ends for h in handler_cases for i in incident_cases}


def _threshold_problems(document: Assessment, graph: FlowGraph) -> list[ConsistencyProblem]:
    item = _by_key(document, "threshold_result")
    answer = _answer(document, item)
    if item is None or not answer:
        return []
    answered_level = _threshold_level(item, answer)
    problems = []
    result = judge_document(graph.document)
    if result.level not in ("unknown", "not_applicable") and answered_level != result.level:
        judged = Bilingual(result.label("ja"), result.label("en"))
        found = message("assessment.threshold_mismatch", item=item.label, answer=_label(item, answer), result=judged)
        problems.append(ConsistencyProblem("counts", found, (item.id,)))
    people_item = _by_key(document, "people_count_band")
    people_answer = _answer(document, people_item)
    interval = choice_band(people_item.choices, people_answer) if people_item and people_answer else None
    if people_item is not None and interval is not None and answered_level:
        possible = _levels_for_band(*interval, result.handlers, result.incident)
        if answered_level not in possible:
            found = message(
                "assessment.threshold_band_mismatch",
                band=_label(people_item, people_answer),
                answer=_label(item, answer),
            )
            problems.append(ConsistencyProblem("counts", found, (people_item.id, item.id)))
    return problems


def check_counts(document: Assessment, graph: FlowGraph) -> list[ConsistencyProblem]:
    """People bands (Ⅰ1③, Ⅱ2②), the threshold result (Ⅵ1②) and the user band (Ⅱ3⑦) against the model."""
    scheme = graph.document.scheme
    file = primary_file(graph)
    file_people = count(file.people_count) if file is not None else None
    people = count(scheme.people_count)
    problems = _band_problems(document, "people_count_band", people, "people")
    problems += _band_problems(document, "file.people_count_band", file_people or people, "file_people")
    staff = count(scheme.handlers.staff)
    problems += _band_problems(document, "handler_count_band", staff, "staff_handlers")
    return problems + _threshold_problems(document, graph)


# ---- record items --------------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def check_record_items(document: Assessment, graph: FlowGraph) -> list[ConsistencyProblem]:
    """別添2's item list against the data that flows into, or is kept at, the file's holders."""
    file = primary_file(graph)
    item = _by_key(document, "file.items")
    if file is None or item is None:
        return []
    answer = _answer(document, item)
    rows = answer if isinstance(answer, list) else []
    listed = {_norm(str(r.get("name", ""))) for r in rows if isinstance(r, dict)}
    if not listed:
        listed = {_norm(graph.data_label(i)) for i in file.data}
    arriving: dict[str, str] = {}
    for holder in file.held_by:
        for data_id in graph.received_at.get(holder, set()) | graph.stored_at.get(holder, set()):
            if graph.is_personal(data_id):
                arriving.setdefault(data_id, holder)
    missing = sorted(d for d in arriving if _norm(graph.data_label(d)) not in listed)
    problems = [
        ConsistencyProblem(
            "record_items",
            message(
                "assessment.record_item_missing",
                data=Bilingual(graph.data_label(d), graph.data_label(d, "en")),
                holder=_node(graph, arriving[d]),
                number=item.number,
            ),
            (item.id,),
        )
        for d in missing
    ]
    known_labels = {_norm(graph.data_label(i)) for i in graph.data}
    for name in sorted(listed - known_labels):
        found = message("assessment.record_item_unknown", name=name)
        problems.append(ConsistencyProblem("record_items", found, (item.id,)))
    return problems


# ---- contractors ---------------------------------------------------------------------------------------
def check_contractors(document: Assessment, graph: FlowGraph) -> list[ConsistencyProblem]:
    """Contractors named in the entrustment block against contractor nodes, entrustment flows and contracts."""
    item = _by_key(document, "entrustments")
    if item is None:
        return []
    answer = _answer(document, item)
    rows = [r for r in answer if isinstance(r, dict)] if isinstance(answer, list) else []
    named = {_norm(str(r.get("contractor", ""))) for r in rows} - {""}
    expected = {c: _norm(graph.node_label(c)) for c in entrusted(graph)}
    contractor_names = {_norm(n.title) for n in graph.nodes.values() if n.kind in ("contractor", "subcontractor")}
    problems = []
    for contractor, name in expected.items():
        if name not in named:
            found = message("assessment.contractor_missing", contractor=_node(graph, contractor), number=item.number)
            problems.append(ConsistencyProblem("contractors", found, (item.id,)))
    for name in sorted(named - set(expected.values()) - contractor_names):
        found = message("assessment.contractor_unknown", name=name)
        problems.append(ConsistencyProblem("contractors", found, (item.id,)))
    return problems


# ---- required items ------------------------------------------------------------------------------------
def check_required(document: Assessment, graph: FlowGraph) -> list[ConsistencyProblem]:
    """Every required item answered; one problem per section that still has open required items."""
    problems = []
    for section in document.form.sections:
        open_items = tuple(i.id for i in section.items if i.required and not document.state(i.id).answered)
        if open_items:
            found = message("assessment.required_open", section=section.title, count=len(open_items))
            problems.append(ConsistencyProblem("required", found, open_items))
    return problems


CHECKS = (check_counts, check_record_items, check_contractors, check_required)


def consistency(document: Assessment, graph: FlowGraph) -> list[ConsistencyProblem]:
    return [problem for check in CHECKS for problem in check(document, graph)]
