"""The diagram of a change (``pia render NEW --since OLD``): both versions drawn as one zones view.

The drawing is the union of the two versions: the new model, with what the old one had and the new one lacks kept
in place as grey ghosts. Every zone, node and flow has a status, drawn so that it reads on a greyscale copy:

- added: a double bold outline (nodes), a bold line (flows), a label in a double box, and 〔新〕
- removed: kept as a ghost: grey, dashed, its text struck through, and 〔削除〕
- changed: a bold outline or line, a label in a box, and 〔変更〕 (a renamed id counts as changed)
- unchanged: as the ordinary diagram draws it

Colour (green, grey, orange) is only the second cue. A flow whose step number moved shows both: ``⑤→⑥``. Under
the drawing, a table lists every change (also of what the zones view does not draw: data items, contracts,
questions), with its class as ``pia diff`` classifies it.

    view = change_view(old_graph, new_graph, [c.change for c in report.changes])
    view.graph, view.status("nodes", "centre_1"), view.steps["f_x"]     # the union, a status, (old, new)
    source = change_dot(report, lang="ja")                                # the DOT
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from pia_toolkit.catalog.changes import change_catalog
from pia_toolkit.catalog.texts import say
from pia_toolkit.exports.diagram import escape
from pia_toolkit.exports.diagram.change_view import PLACEHOLDER, ChangeView, Marked, Status, change_view, step_only
from pia_toolkit.exports.diagram.dot import zones_dot
from pia_toolkit.exports.diagram.dotwriter import DotWriter
from pia_toolkit.exports.diagram.overlay import Attrs
from pia_toolkit.exports.diagram.style import TABLE_HEADER_FILL
from pia_toolkit.exports.diagram.texts import step_mark, t
from pia_toolkit.pia.diff.elements import ElementChange
from pia_toolkit.pia.diff.report import ChangeReport
from pia_toolkit.pia.diff.wording import attribute_text, element_name, summary

COLOURS: dict[str, str] = {"added": "#1B5E20", "removed": "#858585", "changed": "#B34700"}
"""The second cue only: every status is also told by its outline, line and text mark."""
GHOST_FILL = "#FFFFFF"
ADDED_PEN = 2.6
CHANGED_PEN = 3.2
ADDED_LINE = 3.6
CHANGED_LINE = 3.0
GHOST_LINE = 1.0
TABLE_ROWS = 40
"""Rows of the change table; the rest are counted (``pia diff`` lists them all)."""
CELL_COLUMNS = 56
"""A line of the change table wraps at this many columns."""
CELL_LINES = 2
"""Lines kept of one entry of a cell (the rest is cut, with …)."""
ATTRIBUTES_SHOWN = 3


# ---- drawing ---------------------------------------------------------------------------------------------
_COLOUR_ATTR = re.compile(r'COLOR="#[0-9A-Fa-f]{6}"')


def _inner(label: str) -> str:
    """The markup of an HTML-like label (``<...>`` → ``...``)."""
    return label[1:-1] if label.startswith("<") and label.endswith(">") else escape.text(label)


def _ghostly(markup: str) -> str:
    """Markup in the ghost's grey and struck through (our own markup: model text cannot hold ``COLOR="#``)."""
    grey = _COLOUR_ATTR.sub(f'COLOR="{COLOURS["removed"]}"', markup)
    return f"<S>{grey}</S>"


def _ghost(style: str) -> Attrs:
    """A removed zone's or node's outline and text: grey, thin, on white, in ``style`` (dashed)."""
    grey = COLOURS["removed"]
    return {"color": grey, "fontcolor": grey, "fillcolor": GHOST_FILL, "penwidth": "1.2", "style": style}


def _with_style(style: str, extra: str) -> str:
    parts = [p for p in style.split(",") if p and p not in ("solid", "dashed", "dotted", "bold")]
    return ",".join([*parts, extra])


_Look = Callable[[Status, Attrs], Attrs]
"""How a changed element of one kind is drawn: its attributes restyled for its status (a new dict)."""


def _zone_look(status: Status, attrs: Attrs) -> Attrs:
    if status == "removed":
        return attrs | _ghost("filled,dashed")
    width = ADDED_PEN if status == "added" else CHANGED_PEN
    return attrs | {
        "color": COLOURS[status],
        "penwidth": f"{max(float(attrs.get('penwidth', '1')), width):g}",
        "style": _with_style(attrs.get("style", "filled"), "bold"),
    }


def _node_look(status: Status, attrs: Attrs) -> Attrs:
    if status == "removed":
        return attrs | {**_ghost(_with_style(attrs.get("style", "filled"), "dashed")), "peripheries": "1"}
    if status == "added":
        return attrs | {"color": COLOURS["added"], "penwidth": f"{ADDED_PEN:g}", "peripheries": "2"}
    return attrs | {"color": COLOURS["changed"], "penwidth": f"{CHANGED_PEN:g}", "peripheries": "1"}


def _flow_label_look(status: Status, attrs: Attrs) -> Attrs:
    boxed = attrs | {"shape": "box", "color": COLOURS[status], "margin": "0.08,0.05"}
    if status == "removed":
        return boxed | {"fontcolor": COLOURS["removed"], "style": "dashed", "penwidth": "1"}
    if status == "added":
        return boxed | {"style": "solid", "penwidth": "2", "peripheries": "2"}
    return boxed | {"style": "solid", "penwidth": "2"}


class ChangeOverlay:
    """Draws the statuses of a :class:`ChangeView` into the zones view (see :mod:`overlay`)."""

    def __init__(self, view: ChangeView, report: ChangeReport | None, lang: str) -> None:
        self.view, self.report, self.lang = view, report, lang

    def _mark(self, status: Status) -> str:
        return f'<FONT COLOR="{COLOURS[status]}"><B>{escape.text(t(f"change_mark.{status}", self.lang))}</B></FONT>'

    # titles and legend
    def title(self, markup: str) -> str:
        lines = []
        if self.report is not None:
            heading = t("change_title", self.lang, old=self.report.old.label, new=self.report.new.label)
            lines.append(f'<FONT POINT-SIZE="13"><B>{escape.text(heading)}</B></FONT>')
            result = t("change_result", self.lang, result=self.report.info().label.get(self.lang))
            lines.append(f'<FONT POINT-SIZE="12"><B>{escape.text(result)}</B></FONT>')
        counts = self.view.counts()
        lines.append(f'<FONT POINT-SIZE="11">{escape.text(t("change_counts", self.lang, **counts))}</FONT>')
        return markup + "".join(f'{line}<BR ALIGN="LEFT"/>' for line in lines)

    def legend_rows(self) -> Sequence[tuple[str, list[str]]]:
        counts = self.view.counts()
        cells = [self._legend_cell(status) for status in ("added", "removed", "changed") if counts[status]]
        if counts["moved"]:
            moved = next(m for f in self.view.steps if (m := self.view.moved(f)))
            sample = f"<B>{escape.text(step_mark(moved[0]) + '→' + step_mark(moved[1]))}</B>"
            cells.append(
                f'<TD ALIGN="LEFT" PORT="_legend_change_moved">{sample} '
                f"{escape.text(t('change_legend.moved', self.lang))}</TD>"
            )
        return [(t("change_legend", self.lang), cells)] if cells else []

    def _legend_cell(self, status: Status) -> str:
        colour = COLOURS[status]
        mark = self._mark(status)
        if status == "removed":
            mark = _ghostly(mark)
        border = {"added": ' BORDER="2"', "changed": ' BORDER="2"', "removed": ' BORDER="1" STYLE="dashed"'}[status]
        sample = (
            f'<TABLE{border} COLOR="{colour}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
            f"<TR><TD>{mark}</TD></TR></TABLE>"
        )
        if status == "added":  # a double outline, as the drawing's added nodes and labels have
            sample = (
                f'<TABLE BORDER="2" COLOR="{colour}" CELLBORDER="0" CELLSPACING="1" CELLPADDING="0">'
                f"<TR><TD>{sample}</TD></TR></TABLE>"
            )
        words = escape.text(t(f"change_legend.{status}", self.lang))
        return (
            f'<TD ALIGN="LEFT" PORT="_legend_change_{status}"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">'
            f"<TR><TD>{sample}</TD><TD> {words}</TD></TR></TABLE></TD>"
        )

    # elements
    def _restyled(
        self, section: str, element_id: str, label: str, attrs: Attrs, look: _Look, joint: str = ""
    ) -> tuple[str, Attrs]:
        """A changed element's label (its status mark, ``joint``, then its own words, struck through when removed)
        and its attributes as ``look`` restyles them; an unchanged element's as they are."""
        status = self.view.status(section, element_id)
        if status == "unchanged":
            return label, attrs
        markup = _inner(label)
        if status == "removed":
            markup = _ghostly(markup)
        return escape.html_label(f"{self._mark(status)}{joint}{markup}"), look(status, attrs)

    def zone(self, zone_id: str, label: str, attrs: Attrs) -> tuple[str, Attrs]:
        return self._restyled("zones", zone_id, label, attrs, _zone_look, " ")

    def node(self, node_id: str, label: str, attrs: Attrs) -> tuple[str, Attrs]:
        if node_id.startswith(PLACEHOLDER):
            words = f"<S>{escape.text(t('change_empty_zone', self.lang))}</S>"
            return escape.html_label(words), {"shape": "plaintext", "fontcolor": COLOURS["removed"]}
        return self._restyled("nodes", node_id, label, attrs, _node_look, "<BR/>")

    def step(self, flow_id: str, number: int) -> str:
        moved = self.view.moved(flow_id)
        return f"{step_mark(moved[0])}→{step_mark(moved[1])}" if moved else step_mark(number)

    def flow_label(self, flow_id: str, label: str, attrs: Attrs) -> tuple[str, Attrs]:
        return self._restyled("flows", flow_id, label, attrs, _flow_label_look)

    def flow_line(self, flow_id: str, attrs: Attrs) -> Attrs:
        status = self.view.status("flows", flow_id)
        if status == "unchanged":
            return attrs
        colour = COLOURS[status]
        # A double line (``c:invis:c``) stays double, in the status's colour.
        colours = ":".join(c if c == "invis" else colour for c in attrs.get("color", colour).split(":"))
        width = float(attrs.get("penwidth", "1"))
        if status == "removed":
            return attrs | {"color": colours, "penwidth": f"{GHOST_LINE:g}"}
        least = ADDED_LINE if status == "added" else CHANGED_LINE
        return attrs | {"color": colours, "penwidth": f"{max(width, least):g}"}

    # the table under the drawing
    def decorate(self, dot: DotWriter) -> None:
        dot.attrs(label=escape.html_label(self._table()), labelloc="b")

    def _table(self) -> str:
        lang = self.lang
        headers = ("mark", "element", "what", "class")
        cells = "".join(
            f'<TD BGCOLOR="{TABLE_HEADER_FILL}"><B>{escape.text(t(f"change_table.{h}", lang))}</B></TD>'
            for h in headers
        )
        rows = [
            f'<TR><TD COLSPAN="{len(headers)}" BORDER="0" ALIGN="LEFT"><B><FONT POINT-SIZE="13">'
            f"{escape.text(t('change_table', lang))}</FONT></B></TD></TR>",
            f"<TR>{cells}</TR>",
        ]
        entries = self._entries()
        for mark, element, what, cls in entries[:TABLE_ROWS]:
            texts = [element, what, cls]
            rows.append(
                f'<TR><TD ALIGN="LEFT" VALIGN="TOP">{mark}</TD>'
                + "".join(f'<TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT">{text}</TD>' for text in texts)
                + "</TR>"
            )
        if len(entries) > TABLE_ROWS:
            more = t("change_table.more", lang, count=len(entries) - TABLE_ROWS)
            rows.append(f'<TR><TD COLSPAN="{len(headers)}" ALIGN="LEFT">{escape.text(more)}</TD></TR>')
        if not entries:
            rows.append(f'<TR><TD COLSPAN="{len(headers)}">{escape.text(t("change_none", lang))}</TD></TR>')
        return (
            '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="#9E9E9E">'
            + "".join(rows)
            + "</TABLE>"
        )

    def _entries(self) -> list[tuple[str, str, str, str]]:
        """(mark, element, what, class) markup for every change, in the report's order; then the step numbers
        that moved without the flow saying so (a flow without ``step`` after one was inserted)."""
        lang = self.lang
        verdicts = {id(c.change): c.verdict.cls for c in self.report.changes} if self.report is not None else {}
        entries: list[tuple[str, str, str, str]] = []
        listed: set[str] = set()
        for change in self.view.changes:
            status: Status = (
                "added"
                if change.change == "added"
                else "removed"
                if change.change == "removed"
                else "unchanged"
                if step_only(change)
                else "changed"
            )
            if change.section == "flows":
                listed.add(change.id)
            mark = self._mark(status) if status != "unchanged" else self._moved_mark(change.id)
            element = _cell([element_name(change, lang)])
            what = _cell(self._what(change))
            cls = verdicts.get(id(change))
            entries.append((mark, element, what, escape.text(say(f"diff.class_short.{cls}", lang)) if cls else " "))
        for flow_id in self.view.steps:
            moved = self.view.moved(flow_id)
            if moved is None or flow_id in listed:
                continue
            flow = self.view.graph.flows[flow_id]
            name = f"{say('diff.section.flows', lang)} {flow_id}"
            what = t("change_table.moved_step", lang, old=step_mark(moved[0]), new=step_mark(moved[1]))
            title = flow.title_en if lang == "en" and flow.title_en else flow.title
            if title:
                name = f"{name}（{title}）" if lang == "ja" else f"{name} ({title})"
            entries.append(
                (
                    self._moved_mark(flow_id),
                    _cell([name]),
                    escape.text(what),
                    escape.text(change_catalog().classes["none"].label.get(lang)),
                )
            )
        return entries

    def _moved_mark(self, flow_id: str) -> str:
        moved = self.view.moved(flow_id)
        if moved is None:
            return " "
        return f"<B>{escape.text(step_mark(moved[0]) + '→' + step_mark(moved[1]))}</B>"

    def _what(self, change: ElementChange) -> list[str]:
        lang = self.lang
        if change.change in ("added", "removed"):
            kind = say(f"diff.change.{change.change}", lang)
            described = summary(change, lang)
            return [f"{kind}: {described}" if described else kind]
        if change.change == "renamed":
            return [say("diff.renamed_from", lang, old=change.old_id)]
        lines = [t("change_table.old_id", lang, old=change.old_id)] if change.old_id else []
        for attribute in change.attributes[:ATTRIBUTES_SHOWN]:
            if attribute.name == "step":
                moved = self.view.moved(change.id)
                if moved is not None:
                    old, new = step_mark(moved[0]), step_mark(moved[1])
                    lines.append(t("change_table.moved_step", lang, old=old, new=new))
                    continue
            text = attribute_text(change.section, attribute.name, attribute.before, attribute.after, lang)
            lines.append(text)
        hidden = len(change.attributes) - ATTRIBUTES_SHOWN
        if hidden > 0:
            lines.append(say("diff.more", lang, count=hidden))
        return lines


def _cell(entries: Iterable[str]) -> str:
    """Escaped cell markup: each entry wrapped, at most :data:`CELL_LINES` lines of it (cut with …)."""
    lines: list[str] = []
    for entry in entries:
        wrapped = escape.wrap(entry, CELL_COLUMNS)
        if len(wrapped) > CELL_LINES:
            wrapped = [*wrapped[: CELL_LINES - 1], escape.shorten(" ".join(wrapped[CELL_LINES - 1 :]), CELL_COLUMNS)]
        lines.extend(wrapped)
    return escape.lines((escape.text(line) for line in lines), "LEFT") if lines else " "


def view_dot(view: ChangeView, lang: str = "ja", report: ChangeReport | None = None) -> str:
    """DOT of a change view (``report``, when there is one, adds the classes and the versions' names)."""
    return zones_dot(view.graph, lang=lang, steps=False, overlay=ChangeOverlay(view, report, lang))


def change_dot(report: ChangeReport, lang: str = "ja") -> str:
    """DOT of the change from ``report.old`` to ``report.new`` (a :func:`pia.diff.report.compare` result)."""
    view = change_view(report.old.checked.graph, report.new.checked.graph, [c.change for c in report.changes])
    return view_dot(view, lang, report)


__all__ = ["COLOURS", "ChangeOverlay", "ChangeView", "Marked", "Status", "change_dot", "change_view", "view_dot"]
