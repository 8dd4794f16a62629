"""The change diagram on paper (``pia render NEW --since OLD --paper a4|a3 -o x.pdf``): the union of both
versions, restyled by the change overlay, planned and split into legible sheets like the plain paper diagram,
with the change marks it uses added to every sheet's legend and the two versions named on every page.

    graph, restyle = change_on_paper(report, "ja")
    write_paper_pdf(graph, Path("x.pdf"), paper="a4", restyle=restyle)
"""

from __future__ import annotations

from pia_toolkit.exports.diagram.change import COLOURS, ChangeOverlay
from pia_toolkit.exports.diagram.change_view import change_view
from pia_toolkit.exports.diagram.paper import Restyle
from pia_toolkit.exports.diagram.texts import t
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.diff.report import ChangeReport

MOVED_COLOUR = "#212121"


def change_on_paper(report: ChangeReport, lang: str) -> tuple[FlowGraph, Restyle]:
    """The graph to draw (both versions in one) and how to restyle it."""
    view = change_view(report.old.checked.graph, report.new.checked.graph, [c.change for c in report.changes])
    counts = view.counts()
    changes = [
        (f"{t(f'change_mark.{status}', lang)} {t(f'change_legend.{status}', lang)}", COLOURS[status])
        for status in ("added", "removed", "changed")
        if counts[status]
    ]
    if counts["moved"]:
        changes.append((t("change_legend.moved", lang), MOVED_COLOUR))
    title = t("change_title", lang, old=report.old.label, new=report.new.label)
    result = t("change_result", lang, result=report.info().label.get(lang))
    return view.graph, Restyle(ChangeOverlay(view, report, lang), tuple(changes), f"{title}　{result}")
