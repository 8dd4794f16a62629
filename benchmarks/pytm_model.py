"""The same synthetic system as an OWASP pytm model, to time pytm's threat evaluation beside ``pia check``.

Mapping (from our typed ``FlowDocument``, the loaded model's ``document``, so both tools see exactly the same system):

* every zone → ``Boundary`` (nested through ``inBoundary``, as our zones nest through ``parent``);
* node kinds → ``Actor`` (organisations and people), ``Server`` (systems, national systems, LGWAN-ASP),
  ``Lambda`` (cloud services), ``Process`` (terminals, devices), ``Datastore`` (stores, paper stores, media),
  with the attributes pytm's threats look at filled from ours (MFA, access log, encryption at rest, VPN,
  the highest classification of the data the node holds, PII / sensitive data in stores);
* every data item → one shared ``pytm.Data`` (classification from our data class, ``isPII`` for personal data);
* every flow → ``Dataflow`` with ``protocol`` = our channel, ``controls.isEncrypted`` / ``usesVPN`` /
  ``tlsVersion`` from its protection, its ``Data`` items, and query/response pairs linked with ``responseTo``.

pytm keeps its model in class-level state (``TM._elements``, ``TM._flows``...). :func:`build` calls
``TM.reset()`` first, so each size starts clean; :func:`evaluate` runs ``TM.check()`` (pytm's consistency
pass, which also fills in the flow defaults) and ``TM.resolve()`` (every threat against every element, which
produces ``tm.findings``), with stdout suppressed. ``TM.process()`` is not used: it parses ``sys.argv`` and
prints reports.
"""

from __future__ import annotations

import contextlib
import io
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.adapter import entry

FlowDocument = Any
"""pia_toolkit.flows.schema.FlowDocument (read through its attributes only, so no import here)."""

# Our data class → pytm Classification name.
CLASSIFICATION = {
    "my_number": "TOP_SECRET",
    "sensitive": "SECRET",
    "personal": "RESTRICTED",
    "pseudonymised": "RESTRICTED",
    "anonymised": "PUBLIC",
    "non_personal": "PUBLIC",
}
PERSONAL = {"my_number", "sensitive", "personal", "pseudonymised"}

ACTOR_KINDS = {
    "ward",
    "section",
    "contractor",
    "subcontractor",
    "payment_fund",
    "kokuhoren",
    "public_body",
    "medical_institution",
    "business",
    "resident",
    "staff",
}
SERVER_KINDS = {"system", "national_system", "lgwan_asp"}
LAMBDA_KINDS = {"cloud_service"}
PROCESS_KINDS = {"terminal", "device"}
DATASTORE_KINDS = {"store", "paper_store", "media"}
ENCRYPTING = {"tls", "vpn", "payload_encryption"}


@dataclass
class PytmModel:
    tm: Any
    elements: int
    flows: int
    boundaries: int
    data: int
    build_seconds: float
    build_cpu_seconds: float


def build(document: FlowDocument) -> PytmModel:
    """A fresh pytm model of ``document`` (resets pytm's class-level state first)."""
    from pytm import TM, Actor, Boundary, Classification, Data, Dataflow, Datastore, Lambda, Process, Server
    from pytm.enums import TLSVersion

    category_class = entry("category_class")

    start, cpu = time.perf_counter(), time.process_time()
    TM.reset()
    tm = TM(f"pia-benchmark {document.scheme.id}", description=document.scheme.title)

    boundaries: dict[str, Any] = {}
    pending = {z.id: z for z in document.zones}

    def boundary(zone_id: str) -> Any:
        if zone_id not in boundaries:
            zone = pending[zone_id]
            parent = boundary(zone.parent) if zone.parent else None
            boundaries[zone_id] = Boundary(zone.id, description=zone.title, inBoundary=parent)
        return boundaries[zone_id]

    for zone_id in pending:
        boundary(zone_id)

    classes = {d.id: category_class(d.category) for d in document.data}
    data = {
        d.id: Data(
            d.id,
            description=d.title,
            classification=Classification[CLASSIFICATION[classes[d.id]]],
            isPII=classes[d.id] in PERSONAL,
        )
        for d in document.data
    }

    held: dict[str, set[str]] = {n.id: set(n.uses) | set(n.collects) for n in document.nodes}
    for node in document.nodes:
        for store in node.stores:
            held[node.id].update(store.data)
    for flow in document.flows:
        held[flow.source].update(flow.data)
        held[flow.target].update(flow.data)

    def top_class(node_id: str) -> Any:
        levels = [Classification[CLASSIFICATION[classes[i]]] for i in held[node_id]]
        return max(levels, default=Classification.UNKNOWN)

    elements: dict[str, Any] = {}
    for node in document.nodes:
        common: dict[str, Any] = {
            "description": node.title,
            "inBoundary": boundaries.get(node.zone) if node.zone else None,
            "maxClassification": top_class(node.id),
        }
        stored = {i for store in node.stores for i in store.data}
        at_rest = any(store.encrypted_at_rest is True for store in node.stores)
        if node.kind in ACTOR_KINDS:
            element = Actor(node.id, **common)
        elif node.kind in DATASTORE_KINDS:
            element = Datastore(
                node.id,
                storesPII=any(classes[i] in PERSONAL for i in stored),
                storesSensitiveData=any(classes[i] in ("sensitive", "my_number") for i in stored),
                **common,
            )
        elif node.kind in LAMBDA_KINDS:
            element = Lambda(node.id, **common)
        elif node.kind in PROCESS_KINDS:
            element = Process(node.id, **common)
        else:  # SERVER_KINDS and anything new
            element = Server(node.id, **common)
        controls = element.controls
        controls.isEncryptedAtRest = at_rest
        controls.usesMFA = node.two_factor is True
        controls.hasAccessControl = node.two_factor is True
        controls.implementsAuthenticationScheme = node.two_factor is True
        if node.access_log is True:
            controls.tracksExecutionFlow = True
        if isinstance(element, Server) and node.boundary == "sanitising":
            controls.sanitizesInput = True
            controls.validatesInput = True
        elements[node.id] = element

    flows: dict[str, Any] = {}
    queries: dict[str, Any] = {}
    for flow in document.flows:
        protection = set() if flow.protection == "unknown" else set(flow.protection)
        tls = "tls" in protection
        dataflow = Dataflow(
            elements[flow.source],
            elements[flow.target],
            flow.id,
            protocol=flow.channel,
            data=[data[i] for i in flow.data],
            tlsVersion=TLSVersion.TLSv12 if tls else TLSVersion.NONE,
            usesVPN="vpn" in protection or flow.channel == "internet_vpn",
            note=flow.title or "",
        )
        dataflow.controls.isEncrypted = bool(protection & ENCRYPTING)
        dataflow.controls.authenticatesDestination = tls
        if flow.interaction is not None:
            if flow.interaction.role == "query":
                queries[flow.interaction.id] = dataflow
            elif flow.interaction.id in queries:
                dataflow.responseTo = queries[flow.interaction.id]
        flows[flow.id] = dataflow
    return PytmModel(
        tm=tm,
        elements=len(elements),
        flows=len(flows),
        boundaries=len(boundaries),
        data=len(data),
        build_seconds=time.perf_counter() - start,
        build_cpu_seconds=time.process_time() - cpu,
    )


@dataclass
class Evaluation:
    check_seconds: float
    resolve_seconds: float
    check_cpu_seconds: float
    resolve_cpu_seconds: float
    findings: int


def evaluate(model: PytmModel) -> Evaluation:
    """pytm's threat evaluation: ``TM.check()`` then ``TM.resolve()``, with stdout suppressed."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        model.tm.check()
        cpu1, wall1 = time.process_time(), time.perf_counter()
        model.tm.resolve()
        cpu2, wall2 = time.process_time(), time.perf_counter()
    return Evaluation(wall1 - wall0, wall2 - wall1, cpu1 - cpu0, cpu2 - cpu1, len(model.tm.findings))


def reset() -> None:
    """Drop pytm's class-level state so the memory of one size does not carry into the next."""
    from pytm import TM

    TM.reset()
