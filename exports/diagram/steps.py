"""Step numbers of flows, the short text on each arrow, and the full step table under the diagram."""

from __future__ import annotations

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
    numbers: dict[str, int] = {}
    stated = [f.step for f in graph.flows.values() if f.step is not None]
    following = max(stated, default=0) + 1
    for flow in graph.flows.values():
        if flow.step is not None:
            numbers[flow.id] = flow.step
        else:
            numbers[flow.id] = following
            following += 1
    return numbers


def ordered_flows(graph: FlowGraph, numbers: dict[str, int]) -> list[Flow]:
    """Flows by step number, then in the order the model lists them (stable)."""
    position = {flow_id: index for index, flow_id in enumerate(graph.flows)}
    return sorted(graph.flows.values(), key=lambda f: (numbers[f.id], position[f.id]))


def title_of(flow: Flow, lang: str) -> str | None:
    return title_in(flow, lang) or None


def abbreviated_data(graph: FlowGraph, flow: Flow, lang: str) -> str:
    """Up to three item titles; with more, the first two and 他N件. With several, long titles are cut (…)."""
    titles = [graph.data_label(item, lang) for item in flow.data]
    if len(titles) > 1:
        titles = [escape.shorten(title, EDGE_ITEM_WIDTH) for title in titles]
    if len(titles) > EDGE_DATA_SHOWN:
        shown = titles[: EDGE_DATA_SHOWN - 1]
        return t("item_sep", lang).join(shown) + " " + t("more", lang, n=len(titles) - len(shown))
    return t("item_sep", lang).join(titles)


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
    for flow in ordered_flows(graph, numbers):
        rows.append(_step_row(graph, flow, numbers[flow.id], marks, lang, with_findings))
    if not graph.flows:
        rows.append(f'<TR><TD COLSPAN="{len(headers)}">{escape.text(t("no_flows", lang))}</TD></TR>')
    return (
        '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="#9E9E9E">' + "".join(rows) + "</TABLE>"
    )


def _step_row(graph: FlowGraph, flow: Flow, number: int, marks: Marks, lang: str, with_findings: bool) -> str:
    state = marks.flow_state(flow.id)
    faded = state == "faded"
    source, target = graph.node_label(flow.source, lang), graph.node_label(flow.target, lang)
    step = f"<B>{escape.text(step_mark(number))}</B>"
    title = title_of(flow, lang)
    if title:
        step += "<BR/>" + escape.lines((escape.text(line) for line in escape.wrap(title, 28)), "LEFT")
    protection = escape.text(protection_text(flow, lang))
    warning = warning_text(graph, flow, lang)
    if warning:
        protection += f'<BR/><FONT COLOR="{FADED if faded else ALERT}"><B>{escape.text(warning)}</B></FONT>'
    items = []
    for item in flow.data:
        label = graph.data_label(item, lang)
        data_class = graph.data_class(item) if item in graph.data else "personal"
        if data_class in ("my_number", "sensitive"):
            label = t("class_tag", lang, label=label, tag=data_class_label(data_class, lang))
        items.append(escape.text(label))
    contents = [
        step,
        escape.lines([escape.text(source), escape.text(f"→ {target}")], "LEFT"),
        escape.text(channel_text(flow.channel, lang)),
        protection,
        escape.text(vocab_label("relationships", flow.relationship, lang)),
        escape.lines(items, "LEFT"),
    ]
    if with_findings:
        mark = marks.flows.get(flow.id)
        text = ""
        if mark is not None:
            colour = FADED if faded else SEVERITY_MARKS[mark.severity].color
            text = f'<FONT COLOR="{colour}"><B>{escape.text(badge(mark, lang))}</B></FONT>'
        contents.append(text)
    fill = ' BGCOLOR="#FFF0F0"' if state == "strong" else ""
    if faded:
        # (Graphviz rejects an empty <FONT></FONT>, so empty cells stay as they are.)
        contents = [f'<FONT COLOR="{MUTED}">{c}</FONT>' if c else c for c in contents]
    return "<TR>" + "".join(f'<TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT"{fill}>{c}</TD>' for c in contents) + "</TR>"


def data_fill(graph: FlowGraph, item: str) -> str:
    return DATA_CLASS_FILLS.get(graph.data_class(item), "#FFFFFF") if item in graph.data else "#FFFFFF"
