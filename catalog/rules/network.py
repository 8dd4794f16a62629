"""Network and channel rules (回線・経路): NET-01 … NET-08. Texts are in ``network.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from flows.graph import FlowGraph


@rule("NET-01")
def general_line_without_encryption(g: FlowGraph) -> Iterator[Result]:
    """A general-line hop (一般回線, internet VPN, e-mail excluded) carrying personal data needs TLS or a VPN."""
    for flow in g.flows.values():
        if flow.channel not in ("internet", "internet_vpn") or not g.carries_personal(flow):
            yield not_applicable(flow.id)
            continue
        personal = tuple(i for i in flow.data if g.is_personal(i))
        if flow.protection == "unknown":
            yield unknown(
                [flow.id],
                f"一般回線（{flow.channel}）で個人情報を送るが、通信の暗号化（TLS/VPN）の記載がない",
                f"personal data over a general line ({flow.channel}) with no stated encryption (TLS/VPN)",
                data=personal,
            )
        elif {"tls", "vpn"} & set(flow.protection):
            yield satisfied(flow.id)
        else:
            yield violated(
                [flow.id],
                "一般回線で個人情報を暗号化せずに送っている",
                "personal data sent over a general line without TLS or VPN",
                data=personal,
            )
