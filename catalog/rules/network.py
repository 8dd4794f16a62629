"""Network and channel rules (回線・経路): NET-01 … NET-08. Texts are in ``network.yaml``."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pia_toolkit.catalog.rules import Result, not_applicable, rule, satisfied, unknown, violated
from pia_toolkit.catalog.rules._common import none_allowed
from pia_toolkit.catalog.rules.facts import FlowRef, Items, NodeRef, Route, Term, Words
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Flow, KnownSet, known_protections

_CLOSED_LINES = frozenset({"lgwan", "lgwan_asp", "dedicated"})
_MEDIA = frozenset({"media", "flash_memory"})
_PAPER = frozenset({"paper", "post"})
_MIS_SEND = frozenset({"fax", "email"})
_MIS_SEND_CHECKS = frozenset({"two_person_check", "registered_destinations"})
_ENCRYPTION = frozenset({"payload_encryption", "password_protected"})


def _general_line_flows(graph: FlowGraph, *, email: bool = False) -> list[Flow]:
    """Flows over a general line (一般回線), from the channel vocabulary; e-mail only when asked for."""
    channels = [c for c in graph.flows_by_channel if graph.channel_is_general_line(c) and (email or c != "email")]
    return graph.flows_on(*channels)


def _protection_not_stated(flow: Flow, personal: tuple[str, ...]) -> Result:
    """The question a channel rule asks when the model leaves a flow's protection unknown."""
    return unknown(
        [flow.id], "protection_not_stated", data=personal, flow=FlowRef(flow.id), channel=Term("channels", flow.channel)
    )


@rule("NET-01")
def general_line_without_encryption(graph: FlowGraph) -> Iterator[Result]:
    """A general-line hop (一般回線; e-mail has its own rules) carrying personal data needs TLS or a VPN."""
    for flow in _general_line_flows(graph):
        personal = graph.personal_on(flow)
        if not personal:
            yield not_applicable(flow.id)
            continue
        encrypted = True if flow.channel == "internet_vpn" else known_protections(flow).any_of(("tls", "vpn"))
        if encrypted:
            yield satisfied(flow.id)  # an internet VPN is a VPN by definition
            continue
        outcome, key = (unknown, "encryption_not_stated") if encrypted is None else (violated, "unencrypted")
        yield outcome(
            [flow.id],
            key,
            data=personal,
            flow=FlowRef(flow.id),
            line=Term("channels", flow.channel),
            items=Items(personal),
        )


@rule("NET-02")
def general_line_claimed_equivalent(graph: FlowGraph) -> Iterator[Result]:
    """A general line said to be "as safe as LGWAN", or chosen where LGWAN or a dedicated line already links the
    same two parties, needs a written comparison (Setagaya 999)."""
    closed_pairs = {
        pair for f in graph.flows_on(*_CLOSED_LINES) for pair in ((f.source, f.target), (f.target, f.source))
    }
    for flow in _general_line_flows(graph):
        claim = flow.equivalence_claim
        if claim is None and (flow.source, flow.target) not in closed_pairs:
            continue  # nothing claimed, nothing to compare with
        personal = graph.personal_on(flow)
        if not personal:
            yield not_applicable(flow.id)
        elif claim is None:
            yield unknown([flow.id], "closed_line_exists", data=personal, flow=FlowRef(flow.id))
        elif claim.documented is True:
            yield satisfied(flow.id)
        else:
            message = "claim_not_documented" if claim.documented is False else "claim_basis_unknown"
            yield (violated if claim.documented is False else unknown)(
                [flow.id], message, data=personal, flow=FlowRef(flow.id), to=Term("channels", claim.to)
            )


@rule("NET-03")
def my_number_over_internet(graph: FlowGraph) -> Iterator[Result]:
    """特定個人情報 must not travel over the internet (even encrypted) outside the sanctioned intake paths."""
    classes = graph.item_classes
    for flow in _general_line_flows(graph, email=True):
        my_number = tuple(i for i in flow.data if classes[i] == "my_number")
        if not my_number:
            continue
        if flow.sanctioned_intake:
            yield satisfied(flow.id)
        else:
            yield violated(
                [flow.id],
                "my_number_over_general_line",
                data=my_number,
                flow=FlowRef(flow.id),
                items=Items(my_number),
                line=Term("channels", flow.channel),
            )


@rule("NET-04")
def special_data_by_email(graph: FlowGraph) -> Iterator[Result]:
    """E-mail is easily misaddressed and cannot be recalled, so it must not carry 特定個人情報 or 要配慮個人情報."""
    for flow in graph.flows_on("email"):
        special = tuple(i for i in flow.data if graph.is_special(i))
        yield none_allowed(flow.id, special, "special_by_email", flow=FlowRef(flow.id))


def _channel_control(
    graph: FlowGraph, flows: list[Flow], control: frozenset[str], asked: str, missing: str
) -> Iterator[Result]:
    """Flows of personal data over a channel that needs one of ``control`` among its stated protections: a question
    (``asked``) when the protections are not stated, a violation (``missing``) when none of ``control`` is there."""
    for flow in flows:
        personal = graph.personal_on(flow)
        controlled = known_protections(flow).any_of(control)
        if not personal:
            yield not_applicable(flow.id)
        elif controlled:
            yield satisfied(flow.id)
        else:
            outcome, key = (unknown, asked) if controlled is None else (violated, missing)
            yield outcome([flow.id], key, data=personal, flow=FlowRef(flow.id), channel=Term("channels", flow.channel))


@rule("NET-05")
def fax_or_email_without_mis_send_check(graph: FlowGraph) -> Iterator[Result]:
    """FAX or e-mail of personal data to an outside party needs a two-person check or pre-registered destinations;
    inside the ward NET-08 asks for the protection. A mis-send is the sender's: the rule looks at what the ward or
    its contractors send, not at what a resident or another body sends them."""
    answerable = graph.contractor_side
    outside = [
        flow
        for flow in graph.flows_on(*_MIS_SEND)
        if graph.is_outside(flow.target) and (not graph.is_outside(flow.source) or flow.source in answerable)
    ]
    yield from _channel_control(graph, outside, _MIS_SEND_CHECKS, "safeguard_not_stated", "no_safeguard")


def carriages(graph: FlowGraph, flows: list[Flow]) -> list[tuple[str | None, list[Flow]]]:
    """``flows`` as hand-overs: the legs into and out of one carried medium (a ``media`` node: the USB stick
    written at one desk and read at another) are one carriage, keyed by that node; any other flow is its own."""
    media = {node.id for node in graph.nodes_of("media")}
    carried: dict[str | None, list[Flow]] = {}
    alone: list[tuple[str | None, list[Flow]]] = []
    for flow in flows:
        carrier = flow.target if flow.target in media else flow.source if flow.source in media else None
        if carrier is None:
            alone.append((None, [flow]))
        else:
            carried.setdefault(carrier, []).append(flow)
    return [*carried.items(), *alone]


def _any_leg(legs: list[Flow], check: Callable[[KnownSet], bool | None]) -> bool | None:
    """True when any leg states it (the medium is encrypted once for all its legs); False when a leg rules it
    out and none states it, whatever the legs that say nothing (a complete list without encryption on one leg
    is the medium carried unencrypted, which an unstated leg cannot undo); None when no leg says either."""
    answers = [check(known_protections(leg)) for leg in legs]
    if True in answers:
        return True
    return False if False in answers else None


@rule("NET-06")
def removable_media_unprotected(graph: FlowGraph) -> Iterator[Result]:
    """Removable media with personal data must be encrypted and logged when carried out; USB memory also needs
    an approved exception (most municipal policies forbid it otherwise). One finding per medium carried, however
    many legs the model draws for it."""
    for carrier, legs in carriages(graph, graph.flows_on(*_MEDIA)):
        personal = tuple(dict.fromkeys(i for leg in legs for i in graph.personal_on(leg)))
        if not personal:
            yield from (not_applicable(leg.id) for leg in legs)
            continue
        needed = {
            "encryption": _any_leg(legs, lambda known: known.any_of(_ENCRYPTION)),
            "carry_out_record": _any_leg(legs, lambda known: known.has("carry_out_record")),
        }
        if any(leg.channel == "flash_memory" for leg in legs):
            needed["approved_exception"] = _any_leg(legs, lambda known: known.has("approved_exception"))
        missing = [word for word, there in needed.items() if there is False]
        if not missing and None not in needed.values():
            yield from (satisfied(leg.id) for leg in legs)
            continue
        outcome, key = (violated, "missing") if missing else (unknown, "protection_not_stated")
        words = Words.of(*missing, joiner="and") if missing else Words(())
        if carrier is None:
            flow = legs[0]
            yield outcome(
                [flow.id],
                key,
                data=personal,
                missing=words,
                flow=FlowRef(flow.id),
                channel=Term("channels", flow.channel),
            )
            continue
        senders = [leg.source for leg in legs if leg.target == carrier]
        receivers = [leg.target for leg in legs if leg.source == carrier]
        yield outcome(
            [carrier],
            f"carried_{key}",
            data=personal,
            path_flows=tuple(leg.id for leg in legs),
            missing=words,
            node=NodeRef(carrier),
            route=carriage_route(senders, carrier, receivers),
        )


def carriage_route(senders: list[str], carrier: str | None, receivers: list[str]) -> Route:
    """Who writes to a carried medium, the medium, who reads it: 「A・B → USB → C」, each side once and side by
    side (a desk that both reads the stick and writes it back is on both sides; the legs are no chain)."""
    stops = (tuple(dict.fromkeys(senders)), *((carrier,) if carrier else ()), tuple(dict.fromkeys(receivers)))
    return Route(tuple(stop for stop in stops if stop))


@rule("NET-07")
def paper_without_custody_control(graph: FlowGraph) -> Iterator[Result]:
    """Paper or postal hand-over of personal data needs custody control (count check, seal, tracking, return)."""
    yield from _channel_control(
        graph, graph.flows_on(*_PAPER), frozenset({"custody_control"}), "custody_not_stated", "no_custody_control"
    )


@rule("NET-08")
def flow_without_channel_or_protection(graph: FlowGraph) -> Iterator[Result]:
    """Every hand-over of personal data must say how it travels and how it is protected (Meguro: "how is the
    roster handed over safely?" was not written). Direction is always stated: from/to are required.

    Protection is asked here only where no channel rule asks already (NET-01 general line, NET-05 FAX or e-mail
    to an outside party, NET-06 media, NET-07 paper or post) and the channel is not itself the protection
    (closed networks, screen transfer, in person): that leaves FAX and e-mail inside the ward.
    """
    for flow in graph.flows_on("unknown", *_MIS_SEND):
        if flow.channel in _MIS_SEND and graph.is_outside(flow.target):
            continue  # NET-05 asks
        personal = graph.personal_on(flow)
        if not personal:
            yield not_applicable(flow.id)
        elif flow.channel == "unknown":
            yield unknown([flow.id], "channel_not_stated", data=personal, flow=FlowRef(flow.id), items=Items(personal))
        elif not known_protections(flow).stated:
            yield _protection_not_stated(flow, personal)
        else:
            yield satisfied(flow.id)
