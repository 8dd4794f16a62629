"""The data view: which node stores, uses, receives, sends or collects each data item, as one table.

Written as DOT (a single HTML-like table node) so it renders, prints and is tested like the zones view.
Rows are data items with their legal class; columns are the nodes that handle any item, grouped by zone.
"""

from __future__ import annotations

from pia_toolkit.exports.diagram import escape
from pia_toolkit.exports.diagram.dotwriter import DotWriter
from pia_toolkit.exports.diagram.style import (
    DATA_CLASS_FILLS,
    EDGE_ATTRS,
    FONT,
    GRAPH_ATTRS,
    MUTED,
    NODE_ATTRS,
    TABLE_HEADER_FILL,
)
from pia_toolkit.exports.diagram.texts import data_class_label, t
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Node, title_in

ROLES = ("stores", "uses", "received", "sent", "collects")


def data_dot(graph: FlowGraph, *, lang: str = "ja") -> str:
    """DOT source of the data-item × node table."""
    dot = DotWriter("pia_data")
    dot.defaults("graph", GRAPH_ATTRS)
    dot.defaults("node", NODE_ATTRS)
    dot.defaults("edge", EDGE_ATTRS)
    dot.node("data_table", escape.html_label(_table(graph, lang)), shape="plain", fontname=FONT)
    return dot.source()


def _columns(graph: FlowGraph) -> list[Node]:
    """Nodes that handle any item, zone by zone in the model's nesting order, then those without a zone."""
    order: list[str | None] = []

    def visit(zone_id: str | None) -> None:
        order.append(zone_id)
        for zone in graph.zones.values():
            parent = zone.parent if zone.parent in graph.zones else None
            if parent == zone_id and zone.id not in order:
                visit(zone.id)

    visit(None)
    rank = {zone_id: index for index, zone_id in enumerate([*order[1:], None])}
    handling = [n for n in graph.nodes.values() if graph.held_by(n.id)]
    position = {node_id: index for index, node_id in enumerate(graph.nodes)}
    zone_of = {n.id: (n.zone if n.zone in graph.zones else None) for n in handling}
    return sorted(handling, key=lambda n: (rank[zone_of[n.id]], position[n.id]))


def _roles(graph: FlowGraph, node: Node, item: str) -> list[str]:
    held = {
        "stores": graph.stored_at[node.id],
        "uses": set(node.uses),
        "received": graph.received_at[node.id],
        "sent": graph.sent_from[node.id],
        "collects": set(node.collects),
    }
    return [role for role in ROLES if item in held[role]]


def _table(graph: FlowGraph, lang: str) -> str:
    columns = _columns(graph)
    scheme = graph.document.scheme
    title = title_in(scheme, lang)
    span = max(len(columns), 1) + 2
    rows = [
        f'<TR><TD COLSPAN="{span}" BORDER="0" ALIGN="LEFT"><FONT POINT-SIZE="16"><B>{escape.text(title)}</B></FONT>'
        f'<BR ALIGN="LEFT"/>{escape.text(scheme.municipality)}　{escape.text(t("data_view", lang))}'
        '<BR ALIGN="LEFT"/></TD></TR>'
    ]
    # Two header rows: zones (each spanning its nodes' columns), then the nodes.
    rowspan = ' ROWSPAN="2"' if columns else ""
    zone_cells = [
        f'<TD{rowspan} BGCOLOR="{TABLE_HEADER_FILL}"><B>{escape.text(t("item", lang))}</B></TD>',
        f'<TD{rowspan} BGCOLOR="{TABLE_HEADER_FILL}"><B>{escape.text(t("class", lang))}</B></TD>',
    ]
    groups: list[tuple[str | None, int]] = []
    for node in columns:
        zone = node.zone if node.zone in graph.zones else None
        if groups and groups[-1][0] == zone:
            groups[-1] = (zone, groups[-1][1] + 1)
        else:
            groups.append((zone, 1))
    for zone_id, count in groups:
        heading = t("outside_zone", lang) if zone_id is None else _zone_title(graph, zone_id, lang)
        zone_cells.append(f'<TD COLSPAN="{count}" BGCOLOR="{TABLE_HEADER_FILL}"><B>{escape.text(heading)}</B></TD>')
    if not columns:
        # Graphviz rejects an empty row, so one column says that no node handles any item.
        zone_cells.append(f'<TD BGCOLOR="{TABLE_HEADER_FILL}">{escape.text(t("no_nodes", lang))}</TD>')
    rows.append("<TR>" + "".join(zone_cells) + "</TR>")
    if columns:
        node_cells = [
            f'<TD BGCOLOR="{TABLE_HEADER_FILL}">'
            + escape.lines(escape.text(line) for line in escape.wrap(graph.node_label(n.id, lang), 12))
            + "</TD>"
            for n in columns
        ]
        rows.append("<TR>" + "".join(node_cells) + "</TR>")
    for item in graph.data.values():
        data_class = graph.data_class(item.id)
        fill = DATA_CLASS_FILLS.get(data_class, "#FFFFFF")
        title = title_in(item, lang)
        cells = [
            f'<TD ALIGN="LEFT" BGCOLOR="{fill}"><B>{escape.text(title)}</B></TD>',
            f'<TD ALIGN="LEFT" BGCOLOR="{fill}">{escape.text(data_class_label(data_class, lang))}</TD>',
        ]
        for node in columns:
            roles = _roles(graph, node, item.id)
            marks = [f"<B>{escape.text(t(r, lang))}</B>" if r == "stores" else escape.text(t(r, lang)) for r in roles]
            cell_fill = f' BGCOLOR="{fill}"' if roles and fill != "#FFFFFF" else ""
            cells.append(f"<TD{cell_fill}>{escape.lines(marks)}</TD>")
        if not columns:
            cells.append("<TD></TD>")
        rows.append("<TR>" + "".join(cells) + "</TR>")
    rows.append(
        f'<TR><TD COLSPAN="{span}" BORDER="0" ALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="{MUTED}">'
        f"{escape.text(t('cells', lang))}</FONT></TD></TR>"
    )
    return (
        '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="5" COLOR="#9E9E9E">' + "".join(rows) + "</TABLE>"
    )


def _zone_title(graph: FlowGraph, zone_id: str, lang: str) -> str:
    zone = graph.zones[zone_id]
    return title_in(zone, lang)
