"""The legend drawn into a diagram: the node shapes, line styles, data tags and finding marks it uses.

One compact table (a single Graphviz node), so it takes a strip of the picture, not a second drawing: shapes
named with how they look, each line style as a short sample line in its colour, pattern and width (an HTML
table cell border, so dashed and dotted survive a greyscale copy), the finding marks as the drawing shows them.
Only what appears in the diagram is listed. On paper the document draws its own legend beside the drawing
(:mod:`exports.diagram.draw`); this one is for pictures that travel alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.catalog.texts import choose
from pia_toolkit.exports.diagram import escape, style
from pia_toolkit.exports.diagram.dotwriter import DotWriter
from pia_toolkit.exports.diagram.texts import channel_text, t

if TYPE_CHECKING:
    from pia_toolkit.exports.diagram.legend_content import LegendContent

LEGEND = "_legend_table"
PER_ROW = 4
"""Entries per row of the legend table."""


def add_legend(
    dot: DotWriter, content: LegendContent, lang: str, extra_rows: Sequence[tuple[str, list[str]]] = ()
) -> None:
    """Add the legend node to ``dot`` (nothing when the diagram has nothing to explain)."""
    label = legend_of(content, lang, extra_rows)
    if label:
        dot.node(LEGEND, label=label, shape="plain", fontsize="9")


def legend_of(content: LegendContent, lang: str, extra_rows: Sequence[tuple[str, list[str]]] = ()) -> str:
    """The legend of a drawing that uses ``content``, as an HTML label (empty when there is nothing to explain);
    ``extra_rows`` are (heading, ``<TD>`` cells) rows of an overlay, listed last."""
    rows: list[tuple[str, list[str]]] = []
    if content.shapes:
        rows.append((t("shapes", lang), [_shape_cell(family, lang) for family in content.shapes]))
    lines = [_line_cells(style.line_style(c), channel_text(c, lang), c) for c in content.channels]
    if content.unencrypted:
        words = f'<FONT COLOR="{style.ALERT}"><B>{style.VIOLATION_SYMBOL} {escape.text(t("unencrypted_legend", lang))}</B></FONT>'
        lines.append(_line_cells(style.UNENCRYPTED_LINE, None, "_unencrypted", words))
    if lines:
        rows.append((t("lines", lang), lines))
    if content.marked_data:
        tags = [
            f'<TD ALIGN="LEFT">{escape.text(t("class_tag", lang, label="", tag=t("tag_my_number", lang)).strip())} '
            f"{escape.text(t('tag_my_number_means', lang))}</TD>",
            f'<TD ALIGN="LEFT">{escape.text(t("class_tag", lang, label="", tag=t("tag_sensitive", lang)).strip())} '
            f"{escape.text(t('tag_sensitive_means', lang))}</TD>",
        ]
        rows.append((t("data_tags", lang), tags))
    marks = [_severity_cell(severity, lang) for severity in content.severities]
    if content.severities:
        marks.append(_words_cell("violation", f"{style.VIOLATION_SYMBOL} = {t('violation', lang)}"))
    if content.questions:
        marks.append(_words_cell("question", f"{style.QUESTION_SYMBOL} = {t('question', lang)}"))
    if marks:
        rows.append((t("marks", lang), marks))
    rows.extend(extra_rows)
    if not rows:
        return ""
    span = 1 + PER_ROW
    body = [
        f'<TR><TD COLSPAN="{span}" ALIGN="LEFT"><B><FONT POINT-SIZE="11">{escape.text(t("legend", lang))}</FONT></B></TD></TR>'
    ]
    for heading, cells in rows:
        for start in range(0, len(cells), PER_ROW):
            chunk = cells[start : start + PER_ROW]
            head = f'<TD ALIGN="LEFT" VALIGN="TOP"><B>{escape.text(heading)}</B></TD>' if start == 0 else "<TD></TD>"
            body.append(f"<TR>{head}{''.join(chunk)}{'<TD></TD>' * (PER_ROW - len(chunk))}</TR>")
    table = (
        '<TABLE BORDER="1" COLOR="#757575" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">' + "".join(body) + "</TABLE>"
    )
    return escape.html_label(table)


def _shape_cell(family: str, lang: str) -> str:
    shape = style.SHAPES[family]
    name = escape.text(choose(lang, shape.ja, shape.en))
    look = escape.text(t(f"shape_look.{family}", lang))
    return f'<TD ALIGN="LEFT" PORT="_legend_shape_{family}">{look}: {name}</TD>'


def _line_cells(line: style.LineStyle, words: str | None, key: str, markup: str | None = None) -> str:
    """A sample of the line (the bottom border of a small cell, in the line's pattern and colour) and its words."""
    colour = line.color.split(":")[0]
    width = max(1, round(line.penwidth))
    double = ":" in line.color
    sides = "TB" if double else "b"
    pattern = {"dashed": ' STYLE="dashed"', "dotted": ' STYLE="dotted"'}.get(line.style, "")
    sample = (
        f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD WIDTH="30" HEIGHT="{4 if double else 6}" '
        f'SIDES="{sides}" BORDER="{width}" COLOR="{colour}"{pattern}> </TD></TR></TABLE>'
    )
    text = markup if markup is not None else escape.text(words or "")
    return (
        f'<TD ALIGN="LEFT" PORT="_legend_line_{key}"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
        f"<TD>{sample}</TD><TD> {text}</TD></TR></TABLE></TD>"
    )


def _severity_cell(severity: Severity, lang: str) -> str:
    mark = style.SEVERITY_MARKS[severity]
    words = f"{style.VIOLATION_SYMBOL}{escape.text(severity.label(lang))}"
    return (
        f'<TD ALIGN="LEFT" PORT="_legend_mark_{severity.name}"><TABLE BORDER="{max(1, round(mark.penwidth / 2))}" '
        f'COLOR="{mark.color}" CELLBORDER="0" CELLPADDING="1"><TR><TD><FONT COLOR="{mark.color}"><B>{words}</B></FONT>'
        "</TD></TR></TABLE></TD>"
    )


def _words_cell(key: str, words: str) -> str:
    return f'<TD ALIGN="LEFT" PORT="_legend_mark_{key}_text">{escape.text(words)}</TD>'
