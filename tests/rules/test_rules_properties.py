"""Property tests: on any small valid model the rule pack never crashes, never lets two results of one rule
collapse into one finding id, and names only elements (and paths) that exist in the model."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_toolkit.catalog.rules import Outcome, rule_catalog, rule_functions
from pia_toolkit.catalog.vocabularies import vocabulary
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import FlowDocument
from pia_toolkit.pia import engine
from pia_toolkit.pia.findings import finding_id

KINDS = vocabulary("node_kinds").ids
CHANNELS = vocabulary("channels").ids
ZONE_KINDS = vocabulary("zone_kinds").ids
CATEGORIES = vocabulary("data_categories").ids
PROTECTIONS = vocabulary("protections").ids
RELATIONSHIPS = vocabulary("relationships").ids
CLAUSES = vocabulary("clause_groups").ids
CERTIFICATIONS = vocabulary("certifications").ids
ASSURANCE = vocabulary("assurance").ids
COUNTRIES = ["JP", "Japan", "日本", "US", "SG", "unknown", "jp"]

tri = st.sampled_from([True, False, "unknown"])
text_or_unknown = st.sampled_from(["unknown", "なし", "5年", "日本法", "米国法", "東京地方裁判所", "所管課"])


OPTIONAL_NODE_PARTS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "contractor_access": {"possible": tri, "limited_to": st.sampled_from([None, "障害時のみ"]), "logged": tri},
    "availability": {"sla": text_or_unknown, "backup": tri},
    "asp": {
        "deletion": st.sampled_from(["automatic", "manual", "none", "unknown"]),
        "periodic_check": tri,
        "data_left_on_terminal": tri,
    },
    "foreign_law": {"subject": tri, "mitigation": st.sampled_from([None, "鍵を区が保持"])},
}
"""The parts a generated node has or leaves out, each with what its fields may hold."""


def _ids(draw: st.DrawFn, prefix: str, least: int, most: int) -> list[str]:
    """Between ``least`` and ``most`` ids for one section (``d0``, ``d1``...), distinct from the other sections'."""
    return [f"{prefix}{i}" for i in range(draw(st.integers(least, most)))]


@st.composite
def models(draw: st.DrawFn) -> FlowDocument:
    """A small valid flow document: ids unique per section and distinct across sections, references resolved."""
    data_ids = _ids(draw, "d", 1, 6)
    data = [
        {
            "id": d,
            "title": f"項目{i}",
            "category": draw(st.sampled_from(CATEGORIES)),
            "purpose": draw(st.sampled_from(["unknown", "給付"])),
            "justification": draw(st.sampled_from(["unknown", "なし", "支援に必要"])),
            "individual_level": draw(st.booleans()),
            "linkage_assessed": draw(tri),
        }
        for i, d in enumerate(data_ids)
    ]
    zone_ids = _ids(draw, "z", 0, 4)
    zones = [
        {
            "id": z,
            "title": f"ゾーン{i}",
            "kind": draw(st.sampled_from(ZONE_KINDS)),
            "parent": draw(st.sampled_from([None, *zone_ids[:i]])),
        }
        for i, z in enumerate(zone_ids)
    ]
    node_ids = _ids(draw, "n", 1, 8)
    items = st.lists(st.sampled_from(data_ids), max_size=3, unique=True)
    nodes: list[dict[str, Any]] = []
    for i, n in enumerate(node_ids):
        node: dict[str, Any] = {
            "id": n,
            "title": f"ノード{i}",
            "kind": draw(st.sampled_from(KINDS)),
            "zone": draw(st.sampled_from([None, *zone_ids])),
            "operator": draw(st.sampled_from([None, "ward", "テスト区", *node_ids])),
            "location": {
                "country": draw(st.sampled_from(COUNTRIES)),
                "basis": draw(st.sampled_from(ASSURANCE)),
                "backup_country": draw(st.sampled_from([None, *COUNTRIES])),
                "support_access_from": draw(st.lists(st.sampled_from(COUNTRIES), max_size=2)),
                "non_personal_country": draw(st.sampled_from([None, "JP", "unknown"])),
                "non_personal_basis": draw(st.sampled_from([None, *ASSURANCE])),
            },
            "certifications": draw(
                st.one_of(
                    st.just("unknown"),
                    st.lists(
                        st.fixed_dictionaries(
                            {
                                "id": st.sampled_from(CERTIFICATIONS),
                                "status": st.sampled_from(["valid", "pending", "expired", "unknown"]),
                            }
                        ),
                        max_size=2,
                    ),
                )
            ),
            "stores": [
                {
                    "id": draw(st.sampled_from([None, "s_a", "s_b"])),
                    "data": draw(st.lists(st.sampled_from(data_ids), min_size=1, max_size=2, unique=True)),
                    "retention": draw(text_or_unknown),
                    "deletion": draw(text_or_unknown),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
            "uses": draw(items),
            "collects": draw(items),
            "two_factor": draw(tri),
            "access_log": draw(tri),
            "shared_device": draw(tri),
            "passcode_shared": draw(tri),
            "boundary": draw(st.sampled_from(["none", "none", "sanitising", "screen_transfer"])),
            "responsibility_assigned": draw(tri),
            "selected": draw(tri),
            "vendor_policy_non_personal": draw(items),
        }
        for name, fields in OPTIONAL_NODE_PARTS.items():
            if draw(st.booleans()):
                node[name] = draw(st.fixed_dictionaries(fields))
        nodes.append(node)
    flow_ids = _ids(draw, "f", 0, 12)
    flows = []
    for f in flow_ids:
        flow: dict[str, Any] = {
            "id": f,
            "from": draw(st.sampled_from(node_ids)),
            "to": draw(st.sampled_from(node_ids)),
            "data": draw(st.lists(st.sampled_from(data_ids), min_size=1, max_size=3, unique=True)),
            "channel": draw(st.sampled_from(CHANNELS)),
            "protection": draw(st.one_of(st.just("unknown"), st.lists(st.sampled_from(PROTECTIONS), max_size=3))),
            "relationship": draw(st.sampled_from(RELATIONSHIPS)),
            "legal_basis": draw(st.sampled_from(["unknown", "なし", "番号法第9条"])),
            "sanctioned_intake": draw(st.booleans()),
            "start_date": draw(st.sampled_from([None, dt.date(2022, 1, 1), dt.date(2024, 1, 1)])),
            "must_match": draw(st.sampled_from([None, *flow_ids])),
        }
        if draw(st.booleans()):
            flow["interaction"] = {
                "id": draw(st.sampled_from(["i1", "i2"])),
                "role": draw(st.sampled_from(["query", "response"])),
            }
        if draw(st.booleans()):
            flow["equivalence_claim"] = {"to": "lgwan", "documented": draw(tri)}
        flows.append(flow)
    contracts = [
        {
            "id": f"c{i}",
            "contractor": draw(st.sampled_from(node_ids)),
            "clauses": draw(st.dictionaries(st.sampled_from(CLAUSES), tri, max_size=4)),
            "cloud_clauses": draw(st.sampled_from(["present", "conditional", "missing", "unknown"])),
            "subcontracts": [
                {"to": draw(st.sampled_from(node_ids)), "approved": draw(tri)} for _ in range(draw(st.integers(0, 2)))
            ],
            "subcontracting": draw(tri),
            "deletion_at_end": draw(tri),
            "deletion_certificate": draw(tri),
            "secondary_use_forbidden": draw(tri),
            "governing_law": draw(text_or_unknown),
            "jurisdiction": draw(text_or_unknown),
            "inspection": {"owner": draw(text_or_unknown), "frequency": draw(text_or_unknown)},
            "safeguards": [
                {"text": "安全措置", "assurance": draw(st.sampled_from(ASSURANCE))}
                for _ in range(draw(st.integers(0, 2)))
            ],
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    scheme = {
        "id": "scheme_t",
        "title": "テスト",
        "municipality": "テスト区",
        "business": "テスト事務",
        "approval_date": draw(st.sampled_from(["unknown", dt.date(2023, 1, 1)])),
        "people_count": draw(st.sampled_from(["unknown", 500, 50_000, 400_000])),
        "declared_assessment": draw(st.sampled_from(["full", "priority", "basic", "none", "unknown"])),
        "declared_anonymous": draw(st.booleans()),
        "promises": {"no_individual_results_to_organisation": draw(st.booleans())},
    }
    return FlowDocument.model_validate(
        {"scheme": scheme, "data": data, "zones": zones, "nodes": nodes, "flows": flows, "contracts": contracts}
    )


def _known_elements(doc: FlowDocument) -> set[str]:
    sections = (doc.data, doc.zones, doc.nodes, doc.flows, doc.contracts, doc.files, doc.questions)
    return {element.id for section in sections for element in section} | {doc.scheme.id}


@pytest.fixture(scope="module")
def catalog() -> Any:
    return rule_catalog()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(doc=models())
def test_the_pack_never_crashes_and_names_only_real_elements(
    doc: FlowDocument, catalog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = FlowGraph.build(doc)
    report = engine.check(graph)

    ids = [f.id for f in report.findings]
    assert len(ids) == len(set(ids))
    known = _known_elements(doc)
    for finding in report.findings:
        assert set(finding.elements) <= known, finding.id
        assert set(finding.data) <= set(graph.data), finding.id
        for lang in ("ja", "en"):  # every template's placeholders are filled by the result's facts
            assert finding.text(lang), (finding.id, lang)
        if finding.path:
            assert set(finding.path) <= set(graph.nodes), finding.id
            assert len(finding.path_flows) == len(finding.path) - 1, finding.id
            for step, flow_id in enumerate(finding.path_flows):
                flow = graph.flows[flow_id]
                assert (flow.source, flow.target) == finding.path[step : step + 2], finding.id


@settings(max_examples=100, deadline=None)
@given(doc=models())
def test_no_two_results_of_a_rule_share_a_finding_id(doc: FlowDocument) -> None:
    """The engine keeps the first of two findings with one id; a rule must never rely on that."""
    graph = FlowGraph.build(doc)
    for rule_id, function in rule_functions().items():
        reported = [finding_id(rule_id, r) for r in function(graph) if r.outcome in (Outcome.violated, Outcome.unknown)]
        assert len(reported) == len(set(reported)), rule_id
