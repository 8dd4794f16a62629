"""A department's flows: about five per node, drawn from the edge types, with query/response pairs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchmarks.synthetic.tables import (
    CHANNEL_TABLES,
    CLOSED_TABLE,
    CROSS_DEPARTMENT_SHARE,
    CROSS_LGWAN,
    CROSS_RELATIONSHIP,
    EDGE_TABLE,
    FLOW_TITLES,
    FREQUENCY,
    INTERNAL_ONLY,
    MISSING_RESPONSE_SHARE,
    PROTECTION_TABLES,
    QUERY_SHARE,
)

if TYPE_CHECKING:
    from benchmarks.synthetic.model import Generator


def flow_data(gen: Generator, d: int, my_number: bool) -> list[str]:
    table = gen.dept_items[d]
    k = gen.rng.choice((1, 1, 2, 2, 3, 4))
    items = list(dict.fromkeys(table.draw(gen.rng) for _ in range(k)))
    if my_number and gen.rng.random() < 0.7:
        items.insert(0, gen.dept_mynumber[d])
    return items


def add_flow(gen: Generator, flow: dict[str, Any]) -> dict[str, Any]:
    flow["id"] = f"f{len(gen.flows) + 1:06d}"
    gen.flows.append(flow)
    return flow


def department_flows(gen: Generator, d: int, count: int) -> None:
    rng = gen.rng
    groups = gen.dept_groups[d]
    everything = [n for members in groups.values() for n in members]
    made = 0
    step = 0
    while made < count:
        step += 1
        cross = rng.random() < CROSS_DEPARTMENT_SHARE and len(gen.dept_groups) > 1
        if cross:
            group = rng.choice(("sys_lg", "sys_mn"))
            other = gen.dept_groups[rng.randrange(len(gen.dept_groups))].get(group)
            mine = groups.get(group)
            if not other or not mine:
                continue
            source, target = rng.choice(mine), rng.choice(other)
            channel = "internal" if group == "sys_mn" else CROSS_LGWAN.draw(rng)
            relationship = CROSS_RELATIONSHIP.draw(rng)
            query_ok = False
        else:
            edge = EDGE_TABLE.draw(rng)
            src_groups, dst_groups, _w, _channels, relationship, query_ok = edge
            channel_table = CHANNEL_TABLES[id(edge)]
            sources = [n for g in src_groups for n in groups.get(g, ())]
            targets = [n for g in dst_groups for n in groups.get(g, ())]
            if not sources or not targets:
                if len(everything) < 2 or rng.random() < 0.9:
                    continue  # a truncated department lacks this kind; try another edge type
                sources = targets = everything
                channel_table = INTERNAL_ONLY
            source, target = rng.choice(sources), rng.choice(targets)
            if source.id == target.id:
                continue
            channel = channel_table.draw(rng)
        my_number = "mn" in (source.group[-2:], target.group[-2:]) or target.group in ("nat", "pub")
        flow: dict[str, Any] = {
            "id": "",
            "step": step,
            "title": FLOW_TITLES.get(relationship, "データ受渡し"),
            "from": source.id,
            "to": target.id,
            "data": flow_data(gen, d, my_number),
            "channel": channel,
        }
        protection = PROTECTION_TABLES.get(channel, CLOSED_TABLE).draw(rng)
        if protection != "unknown":
            flow["protection"] = protection
        flow["relationship"] = relationship
        if rng.random() < 0.6:
            flow["legal_basis"] = "番号法第9条第1項" if my_number else "個人情報保護法第69条"
        flow["frequency"] = FREQUENCY.draw(rng)
        if rng.random() < 0.5:
            flow["performer"] = "区職員" if not source.group.startswith(("con", "sub", "cloud")) else "委託先職員"
        if channel == "internet_vpn" and rng.random() < 0.2:
            flow["equivalence_claim"] = {"to": "lgwan", "documented": gen.tri(0.4)}
        if channel == "internet" and source.group == "res" and rng.random() < 0.4:
            flow["sanctioned_intake"] = True
        if rng.random() < 0.05:
            flow["start_date"] = "2025-04-01"
        query = add_flow(gen, flow)
        made += 1
        if query_ok and made < count and rng.random() < QUERY_SHARE:
            interaction = f"{query['id']}.x"
            query["interaction"] = {"id": interaction, "role": "query"}
            if rng.random() < MISSING_RESPONSE_SHARE:
                continue
            response = dict(query)
            response.update(
                {
                    "from": target.id,
                    "to": source.id,
                    "title": "照会への回答",
                    "relationship": "return",
                    "interaction": {"id": interaction, "role": "response"},
                }
            )
            response.pop("sanctioned_intake", None)
            if rng.random() < 0.1:
                response["must_match"] = query["id"]
            else:
                response["data"] = flow_data(gen, d, my_number)
            add_flow(gen, response)
            made += 1
