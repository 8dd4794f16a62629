"""Network and channel rules (回線・経路): NET-01 … NET-08. Texts are in ``network.yaml``."""

from __future__ import annotations

from collections.abc import Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import flow_name, items_text, joined, term
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow

_CLOSED_LINES = frozenset({"lgwan", "lgwan_asp", "dedicated"})
_MEDIA = frozenset({"media", "flash_memory"})
_PAPER = frozenset({"paper", "post"})
_MIS_SEND = frozenset({"fax", "email"})
_ENCRYPTION = frozenset({"payload_encryption", "password_protected"})


def _general_line_flows(g: FlowGraph, *, email: bool = False) -> list[Flow]:
    """Flows over a general line (一般回線), from the channel vocabulary; e-mail only when asked for."""
    channels = [c for c in g.flows_by_channel if g.channel_is_general_line(c) and (email or c != "email")]
    return g.flows_on(*channels)


def _protections(flow: Flow) -> set[str] | None:
    """The stated protections, or None when the model leaves them unknown."""
    return None if flow.protection == "unknown" else set(flow.protection)


@rule("NET-01")
def general_line_without_encryption(g: FlowGraph) -> Iterator[Result]:
    """A general-line hop (一般回線; e-mail has its own rules) carrying personal data needs TLS or a VPN."""
    for flow in _general_line_flows(g):
        personal = g.personal_items(flow.data)
        if not personal:
            yield not_applicable(flow.id)
            continue
        protections = _protections(flow)
        line, line_en = term("channels", flow.channel), term("channels", flow.channel, "en")
        if flow.channel == "internet_vpn" or (protections is not None and {"tls", "vpn"} & protections):
            yield satisfied(flow.id)  # an internet VPN is a VPN by definition
        elif protections is None:
            yield unknown(
                [flow.id],
                f"{flow_name(g, flow)}は{line}で{items_text(g, personal)}を送るが、TLS・VPNによる暗号化の記載がない",
                f"{flow_name(g, flow, 'en')} sends {items_text(g, personal, 'en')} over a general line "
                f"({line_en}) with no stated TLS or VPN",
                data=personal,
            )
        else:
            yield violated(
                [flow.id],
                f"{flow_name(g, flow)}は{line}で{items_text(g, personal)}を暗号化せずに送っている",
                f"{flow_name(g, flow, 'en')} sends {items_text(g, personal, 'en')} over a general line "
                f"({line_en}) without TLS or VPN",
                data=personal,
            )


@rule("NET-02")
def general_line_claimed_equivalent(g: FlowGraph) -> Iterator[Result]:
    """A general line said to be "as safe as LGWAN", or chosen where LGWAN or a dedicated line already links the
    same two parties, needs a written comparison (Setagaya 999)."""
    closed_pairs = {pair for f in g.flows_on(*_CLOSED_LINES) for pair in ((f.source, f.target), (f.target, f.source))}
    for flow in _general_line_flows(g):
        claim = flow.equivalence_claim
        if claim is None and (flow.source, flow.target) not in closed_pairs:
            continue  # nothing claimed, nothing to compare with
        personal = g.personal_items(flow.data)
        if not personal:
            yield not_applicable(flow.id)
            continue
        name, name_en = flow_name(g, flow), flow_name(g, flow, "en")
        if claim is not None:
            to, to_en = term("channels", claim.to), term("channels", claim.to, "en")
            if claim.documented is True:
                yield satisfied(flow.id)
            elif claim.documented is False:
                yield violated(
                    [flow.id],
                    f"{name}の一般回線は{to}と同等に安全とされているが、比べた記録がない",
                    f"{name_en} is called as safe as {to_en}, but no comparison is documented",
                    data=personal,
                )
            else:
                yield unknown(
                    [flow.id],
                    f"{name}の一般回線を{to}と同等に安全とする根拠（比較の記録）があるか",
                    f"is there a documented comparison behind calling {name_en} as safe as {to_en}?",
                    data=personal,
                )
        elif (flow.source, flow.target) in closed_pairs:
            yield unknown(
                [flow.id],
                f"{name}は、同じ相手とLGWAN・専用線でもつながるのに一般回線を使う。安全性を比べた記録はあるか",
                f"{name_en} uses a general line although LGWAN or a dedicated line links the same parties; "
                "is the choice justified by a comparison?",
                data=personal,
            )


@rule("NET-03")
def my_number_over_internet(g: FlowGraph) -> Iterator[Result]:
    """特定個人情報 must not travel over the internet (even encrypted) outside the sanctioned intake paths."""
    classes = g.item_classes
    for flow in _general_line_flows(g, email=True):
        my_number = tuple(i for i in flow.data if classes[i] == "my_number")
        if not my_number:
            continue
        if flow.sanctioned_intake:
            yield satisfied(flow.id)
        else:
            line, line_en = term("channels", flow.channel), term("channels", flow.channel, "en")
            yield violated(
                [flow.id],
                f"{flow_name(g, flow)}は特定個人情報（{items_text(g, my_number)}）を{line}で送っている",
                f"{flow_name(g, flow, 'en')} sends My Number data ({items_text(g, my_number, 'en')}) over {line_en}",
                data=my_number,
            )


@rule("NET-04")
def special_data_by_email(g: FlowGraph) -> Iterator[Result]:
    """E-mail is easily misaddressed and cannot be recalled, so it must not carry 特定個人情報 or 要配慮個人情報."""
    for flow in g.flows_on("email"):
        special = tuple(i for i in flow.data if g.is_special(i))
        if not special:
            yield satisfied(flow.id)
            continue
        yield violated(
            [flow.id],
            f"{flow_name(g, flow)}は電子メールで{items_text(g, special)}を送っている",
            f"{flow_name(g, flow, 'en')} sends {items_text(g, special, 'en')} by e-mail",
            data=special,
        )


@rule("NET-05")
def fax_or_email_without_mis_send_check(g: FlowGraph) -> Iterator[Result]:
    """FAX or e-mail of personal data to an outside party needs a two-person check or pre-registered destinations."""
    for flow in g.flows_on(*_MIS_SEND):
        if not g.is_outside(flow.target):
            continue  # inside the ward: NET-08 asks for the protection
        personal = g.personal_items(flow.data)
        if not personal:
            yield not_applicable(flow.id)
            continue
        protections = _protections(flow)
        channel, channel_en = term("channels", flow.channel), term("channels", flow.channel, "en")
        if protections is None:
            yield unknown(
                [flow.id],
                f"{flow_name(g, flow)}（{channel}）に、誤送信を防ぐ二人確認や宛先の事前登録があるか",
                f"does {flow_name(g, flow, 'en')} ({channel_en}) have a two-person check or "
                "pre-registered destinations?",
                data=personal,
            )
        elif protections & {"two_person_check", "registered_destinations"}:
            yield satisfied(flow.id)
        else:
            yield violated(
                [flow.id],
                f"{flow_name(g, flow)}は{channel}で区の外に個人情報を送るが、二人確認も宛先の事前登録もない",
                f"{flow_name(g, flow, 'en')} sends personal data outside by {channel_en} with neither a "
                "two-person check nor pre-registered destinations",
                data=personal,
            )


@rule("NET-06")
def removable_media_unprotected(g: FlowGraph) -> Iterator[Result]:
    """Removable media with personal data must be encrypted and logged when carried out; USB memory also needs
    an approved exception (most municipal policies forbid it otherwise)."""
    for flow in g.flows_on(*_MEDIA):
        personal = g.personal_items(flow.data)
        if not personal:
            yield not_applicable(flow.id)
            continue
        protections = _protections(flow)
        medium, medium_en = term("channels", flow.channel), term("channels", flow.channel, "en")
        if protections is None:
            yield unknown(
                [flow.id],
                f"{flow_name(g, flow)}（{medium}）の暗号化・持出し記録の有無が書かれていない",
                f"{flow_name(g, flow, 'en')} ({medium_en}) states no encryption or carry-out record",
                data=personal,
            )
            continue
        missing: list[tuple[str, str]] = []
        if not protections & _ENCRYPTION:
            missing.append(("暗号化", "encryption"))
        if "carry_out_record" not in protections:
            missing.append(("持出し記録", "carry-out record"))
        if flow.channel == "flash_memory" and "approved_exception" not in protections:
            missing.append(("承認された例外", "approved exception"))
        if not missing:
            yield satisfied(flow.id)
            continue
        yield violated(
            [flow.id],
            f"{flow_name(g, flow)}（{medium}）に{joined(m for m, _ in missing)}がない",
            f"{flow_name(g, flow, 'en')} ({medium_en}) has no {joined((m for _, m in missing), 'en')}",
            data=personal,
        )


@rule("NET-07")
def paper_without_custody_control(g: FlowGraph) -> Iterator[Result]:
    """Paper or postal hand-over of personal data needs custody control (count check, seal, tracking, return)."""
    for flow in g.flows_on(*_PAPER):
        personal = g.personal_items(flow.data)
        if not personal:
            yield not_applicable(flow.id)
            continue
        protections = _protections(flow)
        channel, channel_en = term("channels", flow.channel), term("channels", flow.channel, "en")
        if protections is None:
            yield unknown(
                [flow.id],
                f"{flow_name(g, flow)}（{channel}）で件数確認・封緘・追跡・返却記録などの授受管理をしているか",
                f"is {flow_name(g, flow, 'en')} ({channel_en}) under custody control "
                "(count check, seal, tracking, return record)?",
                data=personal,
            )
        elif "custody_control" in protections:
            yield satisfied(flow.id)
        else:
            yield violated(
                [flow.id],
                f"{flow_name(g, flow)}（{channel}）で個人情報を渡すが、授受管理（件数確認・封緘・追跡等）がない",
                f"{flow_name(g, flow, 'en')} ({channel_en}) hands over personal data without custody control",
                data=personal,
            )


@rule("NET-08")
def flow_without_channel_or_protection(g: FlowGraph) -> Iterator[Result]:
    """Every hand-over of personal data must say how it travels and how it is protected (Meguro: "how is the
    roster handed over safely?" was not written). Direction is always stated: from/to are required.

    Protection is asked here only where no channel rule asks already (NET-01 general line, NET-05 FAX or e-mail
    to an outside party, NET-06 media, NET-07 paper or post) and the channel is not itself the protection
    (closed networks, screen transfer, in person): that leaves FAX and e-mail inside the ward.
    """
    for flow in g.flows_on("unknown", *_MIS_SEND):
        if flow.channel in _MIS_SEND and g.is_outside(flow.target):
            continue  # NET-05 asks
        personal = g.personal_items(flow.data)
        if not personal:
            yield not_applicable(flow.id)
        elif flow.channel == "unknown":
            yield unknown(
                [flow.id],
                f"{flow_name(g, flow)}で{items_text(g, personal)}をどの経路で渡すか書かれていない",
                f"{flow_name(g, flow, 'en')} does not say how {items_text(g, personal, 'en')} is handed over",
                data=personal,
            )
        elif flow.protection == "unknown":
            channel, channel_en = term("channels", flow.channel), term("channels", flow.channel, "en")
            yield unknown(
                [flow.id],
                f"{flow_name(g, flow)}（{channel}）の保護措置が書かれていない",
                f"{flow_name(g, flow, 'en')} ({channel_en}) states no protection",
                data=personal,
            )
        else:
            yield satisfied(flow.id)
