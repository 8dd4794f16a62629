"""Step numbers of flows, the short text on each arrow, and the full step table under the diagram."""

from __future__ import annotations

from collections.abc import Sequence

from pia_toolkit.exports.diagram import escape
from pia_toolkit.exports.diagram.marks import Marks, badge, hop_warning
from pia_toolkit.exports.diagram.style import (
    ALERT,
    DATA_CLASS_FILLS,
    EDGE_DATA_SHOWN,
    EDGE_ITEM_WIDTH,
    FADED,
    MUTED,
    SEVERITY_MARKS,
    TABLE_HEADER_FILL,
)
from pia_toolkit.exports.diagram.texts import channel_text, data_class_label, step_mark, t, vocab_label
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow, known_protections, stated_protections, title_in


def step_numbers(graph: FlowGraph) -> dict[str, int]:
    """Flow id → the number drawn on it: the model's ``step``, else numbers after the highest step, in order."""
    cached: dict[str, int] | None = graph.__dict__.get("_pia_step_numbers")
    if cached is not None:
        return cached
    numbers: dict[str, int] = {}
    stated = [f.step for f in graph.flows.values() if f.step is not None]
    following = max(stated, default=0) + 1
    for flow in graph.flows.values():
        if flow.step is not None:
            numbers[flow.id] = flow.step
        else:
            numbers[flow.id] = following
            following += 1
    graph.__dict__["_pia_step_numbers"] = numbers
    return numbers


def ordered_flows(graph: FlowGraph, numbers: dict[str, int]) -> list[Flow]:
    """Flows by step number, then in the order the model lists them (stable)."""
    position = {flow_id: index for index, flow_id in enumerate(graph.flows)}
    return sorted(graph.flows.values(), key=lambda f: (numbers[f.id], position[f.id]))


def title_of(flow: Flow, lang: str) -> str | None:
    return title_in(flow, lang) or None


MARKED_CLASSES = ("my_number", "sensitive")
"""Data classes an arrow names first, each with its short tag: 〔特〕 特定個人情報, 〔要〕 要配慮個人情報."""
EDGE_MARKED_SHOWN = 4
"""At most this many marked items are named on one arrow; the rest are counted."""


def data_tag(data_class: str, lang: str) -> str:
    """The short tag of a marked data class (特 / 要; MN / S in English)."""
    return t(f"tag_{data_class}", lang)


def ordered_data(graph: FlowGraph, items: Sequence[str]) -> list[tuple[str, str | None]]:
    """(item id, marked class or None): 特定個人情報 first, then 要配慮, then the rest, each in model order."""
    classes = _classes(graph)
    marked = [(item, classes.get(item)) for item in items]
    return sorted(marked, key=lambda pair: _RANK.get(pair[1] or "", 2))


_RANK = {cls: rank for rank, cls in enumerate(MARKED_CLASSES)}


def _classes(graph: FlowGraph) -> dict[str, str]:
    """Item id → its marked class, for the items that have one (worked out once per graph)."""
    cached: dict[str, str] | None = graph.__dict__.get("_pia_marked_classes")
    if cached is None:
        cached = {}
        for item in graph.data:
            data_class = graph.data_class(item)
            if data_class in MARKED_CLASSES:
                cached[item] = data_class
        graph.__dict__["_pia_marked_classes"] = cached
    return cached


def abbreviated_data(graph: FlowGraph, flow: Flow, lang: str) -> str:
    """The items an arrow names: 特定個人情報 and 要配慮 first, tagged 〔特〕〔要〕, then the others; up to three
    items in all, or, with more, the marked ones and one other (at least two) and 他N件:
    「個人番号〔特〕、児童の健康状態〔要〕、氏名 他3件」. With several items, long titles are cut (…)."""
    return abbreviated_items(graph, flow.data, lang)


def abbreviated_items(graph: FlowGraph, items: Sequence[str], lang: str) -> str:
    ordered = ordered_data(graph, items)
    marked = sum(1 for _, data_class in ordered if data_class)
    if len(ordered) <= EDGE_DATA_SHOWN:
        shown_count = len(ordered)
    else:
        shown_count = max(EDGE_DATA_SHOWN - 1, min(marked, EDGE_MARKED_SHOWN) + 1)
    several = len(ordered) > 1
    names = [_item_name(graph, item, lang, several) for item, _ in ordered[:shown_count]]
    text = t("item_sep", lang).join(names)
    rest = ordered[shown_count:]
    if not rest:
        return text
    hidden_marked = sum(1 for _, data_class in rest if data_class)
    more = t("more_marked", lang, n=len(rest), k=hidden_marked) if hidden_marked else t("more", lang, n=len(rest))
    return f"{text} {more}"


def _item_name(graph: FlowGraph, item: str, lang: str, several: bool) -> str:
    """An item's title as an arrow names it (cut when it shares the arrow, tagged when marked); kept per graph."""
    names: dict[tuple[str, str, bool], str] = graph.__dict__.setdefault("_pia_item_names", {})
    key = (item, lang, several)
    found = names.get(key)
    if found is None:
        title = graph.data_label(item, lang)
        if several:
            title = escape.shorten(title, EDGE_ITEM_WIDTH)
        data_class = _classes(graph).get(item)
        found = t("class_tag", lang, label=title, tag=data_tag(data_class, lang)) if data_class else title
        names[key] = found
    return found


def warning_text(graph: FlowGraph, flow: Flow, lang: str) -> str | None:
    warning = hop_warning(graph, flow)
    if warning is None:
        return None
    if warning == "unknown":
        return t("unencrypted_unknown", lang)
    text = t("unencrypted_none", lang)
    return f"{text}{t('payload_only', lang)}" if warning == "payload_only" else text


def protection_text(flow: Flow, lang: str) -> str:
    if flow.protection == "unknown":
        return t("protection_unknown", lang)
    known = known_protections(flow)
    labels = [vocab_label("protections", p, lang) for p in stated_protections(flow)]
    if not known.complete:  # known only in part: say what is there and that the rest is not known
        return t("item_sep", lang).join([*labels, t("protection_rest_unknown", lang)])
    if not labels:
        return t("protection_none", lang)
    return t("item_sep", lang).join(labels)


def steps_table(graph: FlowGraph, numbers: dict[str, int], marks: Marks, lang: str) -> str:
    """The full step table as HTML-like markup: every flow with all its data items."""
    with_findings = bool(marks.flows) or marks.fading
    headers = ["step", "from_to", "channel", "protection", "relationship", "data"]
    if with_findings:
        headers.append("findings")
    cells = "".join(f'<TD BGCOLOR="{TABLE_HEADER_FILL}"><B>{escape.text(t(h, lang))}</B></TD>' for h in headers)
    rows = [
        f'<TR><TD COLSPAN="{len(headers)}" BORDER="0" ALIGN="LEFT"><B><FONT POINT-SIZE="13">'
        f"{escape.text(t('steps', lang))}</FONT></B></TD></TR>",
        f"<TR>{cells}</TR>",
    ]
    memo = _RowTexts(graph, lang)
    for flow in ordered_flows(graph, numbers):
        rows.append(_step_row(graph, flow, numbers[flow.id], marks, lang, with_findings, memo))
    if not graph.flows:
        rows.append(f'<TR><TD COLSPAN="{len(headers)}">{escape.text(t("no_flows", lang))}</TD></TR>')
    return (
        '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="#9E9E9E">' + "".join(rows) + "</TABLE>"
    )


class _RowTexts:
    """The cells a step table repeats (node names, channels, items), escaped once per table."""

    def __init__(self, graph: FlowGraph, lang: str) -> None:
        self.graph, self.lang = graph, lang
        self.cells: dict[tuple[str, str], str] = {}
        self.rows: dict[tuple[object, ...], str] = {}

    @staticmethod
    def cell(state: str) -> str:
        fill = ' BGCOLOR="#FFF0F0"' if state == "strong" else ""
        return f'<TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT"{fill}>'

    def get(self, kind: str, key: str) -> str:
        found = self.cells.get((kind, key))
        if found is None:
            found = self.cells[(kind, key)] = self._make(kind, key)
        return found

    def _make(self, kind: str, key: str) -> str:
        graph, lang = self.graph, self.lang
        if kind == "node":
            return escape.text(graph.node_label(key, lang))
        if kind == "to":
            return escape.text(f"→ {graph.node_label(key, lang)}")
        if kind == "channel":
            return escape.text(channel_text(key, lang))
        if kind == "relationship":
            return escape.text(vocab_label("relationships", key, lang))
        label = graph.data_label(key, lang)
        data_class = graph.data_class(key) if key in graph.data else "personal"
        if data_class in ("my_number", "sensitive"):
            label = t("class_tag", lang, label=label, tag=data_class_label(data_class, lang))
        return escape.text(label)


def _step_row(
    graph: FlowGraph, flow: Flow, number: int, marks: Marks, lang: str, with_findings: bool, memo: _RowTexts
) -> str:
    state = marks.flow_state(flow.id)
    faded = state == "faded"
    step = f"<B>{escape.text(step_mark(number))}</B>"
    title = title_of(flow, lang)
    if title:
        step += "<BR/>" + escape.lines((escape.text(line) for line in escape.wrap(title, 28)), "LEFT")
    ends = f'{memo.get("node", flow.source)}<BR ALIGN="LEFT"/>{memo.get("to", flow.target)}'
    mark = marks.flows.get(flow.id) if with_findings else None
    protection = flow.protection if isinstance(flow.protection, str) else tuple(flow.protection)
    signature = (
        flow.channel,
        protection,
        flow.relationship,
        tuple(flow.data),
        state,
        None if mark is None else (mark.severity, mark.violation, mark.count, mark.violations),
    )
    # The cells after the step and its ends repeat for every flow that carries the same items the same way.
    rest = memo.rows.get(signature)
    if rest is None:
        rest = memo.rows[signature] = _row_rest(graph, flow, marks, lang, with_findings, memo, state)
    cell = memo.cell(state)
    head = [step, ends]
    if faded:
        head = [f'<FONT COLOR="{MUTED}">{c}</FONT>' for c in head]
    return "<TR>" + cell + f"</TD>{cell}".join(head) + f"</TD>{rest}</TR>"


def _row_rest(
    graph: FlowGraph, flow: Flow, marks: Marks, lang: str, with_findings: bool, memo: _RowTexts, state: str
) -> str:
    faded = state == "faded"
    protection = escape.text(protection_text(flow, lang))
    warning = warning_text(graph, flow, lang)
    if warning:
        protection += f'<BR/><FONT COLOR="{FADED if faded else ALERT}"><B>{escape.text(warning)}</B></FONT>'
    contents = [
        memo.get("channel", flow.channel),
        protection,
        memo.get("relationship", flow.relationship),
        '<BR ALIGN="LEFT"/>'.join(memo.get("item", item) for item in flow.data),
    ]
    if with_findings:
        mark = marks.flows.get(flow.id)
        text = ""
        if mark is not None:
            colour = FADED if faded else SEVERITY_MARKS[mark.severity].color
            text = f'<FONT COLOR="{colour}"><B>{escape.text(badge(mark, lang))}</B></FONT>'
        contents.append(text)
    if faded:
        # (Graphviz rejects an empty <FONT></FONT>, so empty cells stay as they are.)
        contents = [f'<FONT COLOR="{MUTED}">{c}</FONT>' if c else c for c in contents]
    cell = memo.cell(state)
    return cell + f"</TD>{cell}".join(contents) + "</TD>"


def data_fill(graph: FlowGraph, item: str) -> str:
    return DATA_CLASS_FILLS.get(graph.data_class(item), "#FFFFFF") if item in graph.data else "#FFFFFF"
