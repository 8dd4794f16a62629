"""The data-flow diagram as text, for a terminal without a display: the zones with what sits in each, and the
step table (every flow with its channel, protection, relationship, data and findings).

Built from the same helpers as the drawn diagram (``exports.diagram``), so the two say the same things. Every
text from the model goes through :func:`visible`; cells are Rich ``Text`` (never parsed as markup).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from pia_toolkit.catalog.texts.visible import visible
from pia_toolkit.pia.checked import CheckedModel


def zones_tree(checked: CheckedModel, lang: str) -> Tree:
    """Zones nested as in the model, each with its nodes (kind in brackets); nodes in no zone last."""
    from pia_toolkit.exports.diagram.texts import t, vocab_label
    from pia_toolkit.flows.schema import title_in

    graph = checked.graph
    children: dict[str | None, list[str]] = {}
    for zone in graph.zones.values():
        parent = zone.parent if zone.parent in graph.zones else None
        children.setdefault(parent, []).append(zone.id)
    nodes_in: dict[str | None, list[str]] = {}
    for node in graph.nodes.values():
        nodes_in.setdefault(node.zone if node.zone in graph.zones else None, []).append(node.id)

    def node_line(node_id: str) -> Text:
        node = graph.nodes[node_id]
        line = Text(visible(graph.node_label(node_id, lang), lines=False))
        line.append(f"  [{vocab_label('node_kinds', node.kind, lang)}]", style="dim")
        return line

    def add_zone(branch: Tree, zone_id: str, seen: set[str]) -> None:
        if zone_id in seen:  # a loop of parents is the loader's to report; here it must not recurse forever
            return
        seen.add(zone_id)
        zone = graph.zones[zone_id]
        label = Text(visible(title_in(zone, lang) or zone.id, lines=False), style="bold")
        label.append(f"  [{vocab_label('zone_kinds', zone.kind, lang)}]", style="dim")
        sub = branch.add(label)
        for node_id in nodes_in.get(zone_id, []):
            sub.add(node_line(node_id))
        for child in children.get(zone_id, []):
            add_zone(sub, child, seen)

    root = Tree(Text(visible(graph.document.scheme.title, lines=False), style="bold"), guide_style="dim")
    seen: set[str] = set()
    for zone_id in children.get(None, []):
        add_zone(root, zone_id, seen)
    outside = nodes_in.get(None, [])
    if outside:
        branch = root.add(Text(t("outside_zone", lang), style="bold"))
        for node_id in outside:
            branch.add(node_line(node_id))
    return root


def steps_text(checked: CheckedModel, lang: str) -> Table:
    """The step table: one row per flow in step order, data items one a line, open findings counted."""
    from pia_toolkit.exports.diagram.steps import (
        ordered_flows,
        protection_text,
        step_numbers,
        title_of,
        warning_text,
    )
    from pia_toolkit.exports.diagram.texts import channel_text, step_mark, t, vocab_label

    graph = checked.graph
    numbers = step_numbers(graph)
    findings: dict[str, int] = {}
    for finding in checked.report.findings:
        if finding.open:
            for element in dict.fromkeys((*finding.elements, *finding.path_flows)):
                findings[element] = findings.get(element, 0) + 1
    table = Table(title=t("steps", lang), title_justify="left", expand=False, show_lines=True)
    for header in ("step", "from_to", "channel", "protection", "relationship", "data", "findings"):
        table.add_column(t(header, lang), overflow="fold")
    for flow in ordered_flows(graph, numbers):
        step = Text(step_mark(numbers[flow.id]), style="bold")
        title = title_of(flow, lang)
        if title:
            step.append("\n" + visible(title))
        protection = Text(protection_text(flow, lang))
        warning = warning_text(graph, flow, lang)
        if warning:
            protection.append("\n" + warning, style="bold red")
        count = findings.get(flow.id, 0)
        table.add_row(
            step,
            Text(
                visible(graph.node_label(flow.source, lang), lines=False)
                + "\n→ "
                + visible(graph.node_label(flow.target, lang), lines=False)
            ),
            Text(channel_text(flow.channel, lang)),
            protection,
            Text(vocab_label("relationships", flow.relationship, lang)),
            Text("\n".join(visible(graph.data_label(item, lang), lines=False) for item in flow.data)),
            Text(f"⚠{count}" if count else "", style="bold yellow"),
        )
    if not graph.flows:
        table.add_row(Text(t("no_flows", lang)), *[Text("")] * 6)
    return table


def diagram_text(checked: CheckedModel, lang: str) -> RenderableType:
    return Group(zones_tree(checked, lang), Text(""), steps_text(checked, lang))
