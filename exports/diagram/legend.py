"""The legend drawn on the diagram: the node shapes, line styles and finding marks the diagram uses.

It is built from real Graphviz nodes and edges (not pictures of them), so a shape or a dashed line in the
legend is exactly what the diagram draws. Only what appears in the diagram is listed. The legend has up to
three columns (shapes, lines, marks), each a set of nodes on one rank.
"""

from __future__ import annotations

import itertools

import graphviz

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.catalog.texts import choose
from pia_toolkit.exports.diagram import escape
from pia_toolkit.exports.diagram.style import (
    ALERT,
    FONT,
    LINE_STYLES,
    QUESTION_SYMBOL,
    SEVERITY_MARKS,
    SHAPES,
    UNENCRYPTED_LINE,
    VIOLATION_SYMBOL,
    LineStyle,
)
from pia_toolkit.exports.diagram.texts import channel_text, t

LEGEND = "cluster__legend"
_SAMPLE = {"fontsize": "9", "height": "0.3"}


def add_legend(
    parent: graphviz.Digraph,
    *,
    shapes: list[str],
    channels: list[str],
    unencrypted: bool,
    severities: list[Severity],
    questions: bool,
    lang: str,
) -> None:
    """Add the legend cluster to ``parent``."""
    with parent.subgraph(name=LEGEND) as legend:
        legend.attr(
            label=escape.html_label(f'<B><FONT POINT-SIZE="13">{escape.text(t("legend", lang))}</FONT></B>'),
            labelloc="t",
            labeljust="l",
            style="filled,solid",
            fillcolor="white",
            color="#757575",
            penwidth="1",
            fontname=FONT,
            margin="10",
        )
        columns = [
            _shapes(legend, shapes, lang),
            _lines(legend, channels, unencrypted, lang),
            _marks(legend, severities, questions, lang),
        ]
        columns = [c for c in columns if c]
        # Each column shares a rank and keeps the order its nodes were declared in. (Invisible flat edges
        # would pin the order too, but dot adds a node separation for each, doubling the gaps.)
        for column in columns:
            with legend.subgraph() as same:
                same.attr(rank="same")
                for name in column:
                    same.node(name)
        # Columns side by side: an invisible edge from the top of one column to the top of the next (the
        # lines column takes two ranks, its words and the point its sample line runs to).
        for left, right in itertools.pairwise(columns):
            start = f"{left[1]}_end" if left[1].startswith("_legend_line_") else left[0]
            legend.edge(start, right[0], style="invis")


def _heading(legend: graphviz.Digraph, key: str, words: str) -> str:
    name = f"_legend_heading_{key}"
    legend.node(name, label=escape.html_label(f"<B>{escape.text(words)}</B>"), shape="plaintext", **_SAMPLE)
    return name


def _shapes(legend: graphviz.Digraph, shapes: list[str], lang: str) -> list[str]:
    if not shapes:
        return []
    column = [_heading(legend, "shapes", t("shapes", lang))]
    for family in shapes:
        style = SHAPES[family]
        name = f"_legend_shape_{family}"
        legend.node(
            name,
            label=escape.html_label(escape.text(choose(lang, style.ja, style.en))),
            shape=style.shape,
            style=style.style,
            fillcolor=style.fill,
            width="1.4",
            **_SAMPLE,
        )
        column.append(name)
    return column


def _lines(legend: graphviz.Digraph, channels: list[str], unencrypted: bool, lang: str) -> list[str]:
    if not channels and not unencrypted:
        return []
    rows: list[tuple[str, LineStyle, str, str | None]] = [
        (f"_legend_line_{c}", LINE_STYLES.get(c, LINE_STYLES["unknown"]), channel_text(c, lang), None) for c in channels
    ]
    if unencrypted:
        rows.append(("_legend_line__unencrypted", UNENCRYPTED_LINE, t("unencrypted_legend", lang), ALERT))
    column = [_heading(legend, "lines", t("lines", lang))]
    for name, line, words, colour in rows:
        # The words sit in the column and the sample line runs from them to an invisible point, so each
        # row is only as tall as its text.
        text = escape.text(words)
        if colour:
            text = f'<FONT COLOR="{colour}"><B>{VIOLATION_SYMBOL} {text}</B></FONT>'
        legend.node(name, label=escape.html_label(text), shape="plaintext", **_SAMPLE)
        legend.node(f"{name}_end", label="", shape="point", width="0.02", style="invis")
        legend.edge(
            name,
            f"{name}_end",
            style=line.style,
            color=line.color,
            penwidth=f"{line.penwidth:g}",
            arrowhead=line.arrowhead,
        )
        column.append(name)
    return column


def _marks(legend: graphviz.Digraph, severities: list[Severity], questions: bool, lang: str) -> list[str]:
    if not severities and not questions:
        return []
    column = [_heading(legend, "marks", t("marks", lang))]
    for severity in severities:
        mark = SEVERITY_MARKS[severity]
        name = f"_legend_mark_{severity.name}"
        words = f"{VIOLATION_SYMBOL}{escape.text(severity.label(lang))}"
        legend.node(
            name,
            label=escape.html_label(f'<FONT COLOR="{mark.color}"><B>{words}</B></FONT>'),
            shape="box",
            style="rounded,filled",
            fillcolor="white",
            color=mark.color,
            penwidth=f"{mark.penwidth:g}",
            peripheries=str(mark.peripheries),
            width="1.0",
            **_SAMPLE,
        )
        column.append(name)
    explanations = [("violation", VIOLATION_SYMBOL, bool(severities)), ("question", QUESTION_SYMBOL, questions)]
    for key, symbol, shown in explanations:
        if shown:
            name = f"_legend_mark_{key}_text"
            words = escape.text(f"{symbol} = {t(key, lang)}")
            legend.node(name, label=escape.html_label(words), shape="plaintext", **_SAMPLE)
            column.append(name)
    return column
