"""Step numbers, arrow texts, general-line warnings and finding marks, from the engine's findings."""

from __future__ import annotations

import pytest

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.exports.diagram import UnknownFinding, diagram_source
from pia_toolkit.exports.diagram.arrangement import backward_flows
from pia_toolkit.exports.diagram.marks import build_marks, hop_warning
from pia_toolkit.exports.diagram.steps import abbreviated_data, step_numbers
from tests.diagram.helpers import fixture_graph, make_finding, needs_dot, svg_of, svg_texts


def test_general_line_without_tls_or_vpn_is_warned_and_closed_lines_are_not() -> None:
    graph = fixture_graph("ward-contractor-cloud")
    warnings = {f.id: hop_warning(graph, f) for f in graph.flows.values()}
    assert warnings["contractor_mail"] == "none"  # e-mail, protection [none]
    assert warnings["web_upload"] == "unknown"  # internet, protection not stated
    assert warnings["contractor_entry"] is None  # internet VPN with [vpn, tls]
    assert warnings["hand_over"] is None and warnings["apply"] is None  # LGWAN, post


def test_encrypted_attachment_over_plain_email_is_still_marked() -> None:
    graph = fixture_graph("three-layer-eligibility")
    assert hop_warning(graph, graph.flows["mail_counts"]) == "payload_only"
    assert "通信路は暗号化なし" in diagram_source(graph)


def test_flows_without_a_step_are_numbered_after_the_last_stated_step() -> None:
    graph = fixture_graph("three-layer-eligibility")
    numbers = step_numbers(graph)
    assert [numbers[f] for f in ("register", "sync", "query", "answer", "voucher_out")] == [1, 2, 3, 4, 5]
    assert [numbers[f] for f in ("voucher_copy", "counts", "backup_copy", "staff_lookup", "mail_counts")] == [
        6,
        7,
        8,
        9,
        10,
    ]


def test_arrow_names_my_number_and_sensitive_items_first_marked_then_abbreviates() -> None:
    graph = fixture_graph("ward-contractor-cloud")
    # 妊娠届出の内容 is health data (要配慮): named first, tagged 〔要〕.
    assert abbreviated_data(graph, graph.flows["health_lookup"], "ja") == "妊娠届出の内容〔要〕、氏名、生年月日"
    assert abbreviated_data(graph, graph.flows["apply"], "ja") == "妊娠届出の内容〔要〕、氏名 他4件"
    assert abbreviated_data(graph, graph.flows["apply"], "en") == "Pregnancy notification [S], Name +4 more"
    source = diagram_source(graph)
    assert "妊娠届出の内容〔要〕、" in source and "氏名 他4件" in source
    # The step table lists every item of the flow in full.
    assert "振込口座" in source and "妊娠届出の内容〔要配慮個人情報〕" in source


def test_arrow_with_my_number_and_sensitive_items_reads_as_the_brief_says() -> None:
    from pia_toolkit.flows.graph import FlowGraph
    from pia_toolkit.flows.schema import FlowDocument

    graph = FlowGraph.build(
        FlowDocument.model_validate(
            {
                "scheme": {"id": "s", "title": "試験", "municipality": "試験区", "business": "試験"},
                "data": [
                    {"id": "name", "title": "氏名", "category": "identity"},
                    {"id": "addr", "title": "住所", "category": "contact"},
                    {"id": "health", "title": "児童の健康状態", "category": "health"},
                    {"id": "tel", "title": "電話番号", "category": "contact"},
                    {"id": "mn", "title": "個人番号", "category": "my_number"},
                    {"id": "dob", "title": "生年月日", "category": "identity"},
                ],
                "nodes": [
                    {"id": "a", "title": "課", "kind": "section"},
                    {"id": "b", "title": "委託先", "kind": "contractor"},
                ],
                "flows": [
                    {
                        "id": "f",
                        "from": "a",
                        "to": "b",
                        "data": ["name", "addr", "health", "tel", "mn", "dob"],
                        "channel": "lgwan",
                    }
                ],
            }
        )
    )
    assert abbreviated_data(graph, graph.flows["f"], "ja") == "個人番号〔特〕、児童の健康状態〔要〕、氏名 他3件"
    assert abbreviated_data(graph, graph.flows["f"], "en") == "個人番号 [MN], 児童の健康状態 [S], 氏名 +3 more"


def test_returns_are_the_backward_flows_so_the_diagram_reads_in_step_order() -> None:
    assert backward_flows(fixture_graph("ward-contractor-cloud")) == {"return_results"}
    source = diagram_source(fixture_graph("ward-contractor-cloud"))
    # Written target-first with dir=back: the arrow still points from the cloud to the section.
    back = next(line for line in source.splitlines() if "section -> _flow_return_results" in line)
    assert "dir=back" in back and "arrowtail=normal" in back
    assert "_flow_return_results -> contractor_cloud" in source


def test_elements_are_marked_with_their_highest_severity() -> None:
    graph = fixture_graph("ward-contractor-cloud")
    findings = [
        make_finding("TST-01@web_upload", ("web_upload",), severity=Severity.medium),
        make_finding("TST-02@web_upload", ("web_upload",), severity=Severity.critical),
        make_finding("TST-03@contractor_cloud", ("contractor_cloud",), severity=Severity.low, question=True),
        make_finding("TST-04@main_contract", ("main_contract",), severity=Severity.high),
    ]
    marks = build_marks(graph, findings)
    assert marks.flows["web_upload"].severity is Severity.critical and marks.flows["web_upload"].count == 2
    assert not marks.nodes["contractor_cloud"].violation
    assert marks.nodes["contractor"].severity is Severity.high  # a contract marks its contractor
    source = diagram_source(graph, findings=findings)
    assert "⚠重大 ×2" in source and "?低" in source and "⚠高" in source
    assert "指摘 4件（違反 3・要確認 1）" in source
    assert "_legend_mark_critical" in source and "_legend_mark_question_text" in source


def test_highlight_emphasises_the_finding_path_and_fades_the_rest() -> None:
    graph = fixture_graph("ward-contractor-cloud")
    finding = make_finding(
        "TST-09@section>contractor_cloud",
        ("section", "contractor_cloud"),
        path=("section", "contractor_cloud"),
        path_flows=("hand_over",),
        message="区から委託先へ要配慮個人情報が渡る",
    )
    source = diagram_source(graph, findings=[finding], highlight=finding.id)
    assert "強調表示中の指摘: TST-09@section&gt;contractor_cloud" in source
    assert "区から委託先へ要配慮個人情報が渡る" in source
    lines = source.splitlines()
    hand_over = next(line for line in lines if "section -> _flow_hand_over" in line)
    assert 'color="#C62828"' in hand_over and "penwidth=4" in hand_over
    mail = next(line for line in lines if "contractor -> _flow_contractor_mail" in line)
    assert 'color="#BDBDBD"' in mail
    resident = next(line for line in lines if line.strip().startswith("resident ["))
    assert 'fillcolor="#F7F7F7"' in resident


def test_unknown_highlight_id_suggests_the_nearest_finding() -> None:
    graph = fixture_graph("ward-contractor-cloud")
    findings = [make_finding("NET-01@web_upload", ("web_upload",))]
    with pytest.raises(UnknownFinding) as caught:
        diagram_source(graph, findings=findings, highlight="NET-01@web_uplod")
    assert caught.value.suggestion == "NET-01@web_upload"
    assert "did you mean 'NET-01@web_upload'" in str(caught.value)


def test_triaged_findings_are_not_marked() -> None:
    from pia_toolkit.pia.findings import TriageDecision

    graph = fixture_graph("ward-contractor-cloud")
    finding = make_finding("TST-01@web_upload", ("web_upload",))
    finding.triage = TriageDecision("TST-01@web_upload", "accepted", "理由", "担当", "2024-01-01")
    assert build_marks(graph, [finding]).flows == {}


@needs_dot
def test_marked_and_highlighted_diagrams_are_valid_for_graphviz() -> None:
    # Every combination of marks, faded rows and empty cells must still parse as Graphviz HTML labels.
    graph = fixture_graph("three-layer-eligibility")
    findings = [
        make_finding("TST-01@query", ("query",), severity=Severity.critical),
        make_finding("TST-02@backup", ("backup",), severity=Severity.medium, question=True),
        make_finding("TST-03@abroad", ("abroad",), severity=Severity.low),
        make_finding("TST-04@name", ("name",), severity=Severity.high),
    ]
    for highlight in (None, "TST-01@query", "TST-03@abroad", "TST-04@name"):
        texts = svg_texts(svg_of(diagram_source(graph, findings=findings, highlight=highlight)))
        assert "⚠重大" in texts
        if highlight:
            assert f"強調表示中の指摘: {highlight}" in texts


def test_step_table_can_be_left_out_for_documents_that_print_it_as_text() -> None:
    graph = fixture_graph("ward-contractor-cloud")
    assert "手順一覧" in diagram_source(graph)
    without = diagram_source(graph, steps=False)
    assert "手順一覧" not in without and "_flow_apply" in without


def test_a_violation_badge_counts_violations_and_shows_the_questions_beside_them() -> None:
    """⚠ is a violation: "⚠高 ×10" over 4 violations and 6 questions would overstate the register."""
    graph = fixture_graph("ward-contractor-cloud")
    findings = [
        make_finding("TST-01@contractor_cloud", ("contractor_cloud",), severity=Severity.high),
        make_finding("TST-02@contractor_cloud", ("contractor_cloud",), severity=Severity.medium),
        *(
            make_finding(f"TST-0{n}@contractor_cloud", ("contractor_cloud",), severity=Severity.low, question=True)
            for n in (3, 4, 5)
        ),
        *(make_finding(f"TST-0{n}@section", ("section",), severity=Severity.medium, question=True) for n in (6, 7)),
    ]
    source = diagram_source(graph, findings=findings)
    assert "⚠高 ×2 ?×3" in source and "×5" not in source
    assert "?中 ×2" in source  # questions alone keep their own count
