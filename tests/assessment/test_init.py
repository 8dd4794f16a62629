"""`assess init`: pre-filled answers equal the model's facts; refreshing keeps what people entered; saves are
round-trip (comments survive) and atomic."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.loader import load
from pia_toolkit.pia.assessment.document import Assessment
from pia_toolkit.pia.assessment.init import init_assessment
from pia_toolkit.pia.assessment.prefill import prefill
from pia_toolkit.pia.assessment.prefill.choices import choice_band
from tests.assessment.conftest import KOKUHO
from tests.conftest import EXAMPLES

EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_init_on_each_example_answers_with_the_models_facts(flows_copy: Path, name: str) -> None:
    model = flows_copy / "examples" / name
    document, summary = init_assessment(model)
    graph = FlowGraph.build(load(model))
    scheme = graph.document.scheme
    answer = lambda item_id: document.state(item_id).answer  # noqa: E731

    # Every answer the model gives is written, and a skeleton model (infection control: the minutes say little)
    # still answers the items any model answers.
    assert summary.created and document.path.exists()
    assert summary.prefilled == len(prefill(graph, document.form)) >= 5
    assert answer("I-1-1-business-name") == scheme.business
    assert answer("COVER-5-assessing-body") == scheme.municipality
    assert document.header["scheme"] == scheme.id and document.header["title"] == scheme.title
    file_count = graph.document.files[0].people_count if graph.document.files else None
    people = next((n for n in (scheme.people_count, file_count) if isinstance(n, int)), None)
    if people is not None:
        low, high = choice_band(document.form.item("I-1-3-people-count").choices, answer("I-1-3-people-count"))
        assert low <= people < high
    else:
        assert answer("I-1-3-people-count") is None
    lines = answer("ANNEX1-1-flow-description").splitlines()
    assert len(lines) == len(graph.flows)
    for line, flow in zip(
        lines, sorted(graph.flows.values(), key=lambda f: (f.step is None, f.step or 0)), strict=False
    ):
        assert f"{graph.node_label(flow.source)} → {graph.node_label(flow.target)}: " in line
    entrusted_to = {r["contractor"] for r in answer("II-4-entrustments") or []}
    contractors = {n.title for n in graph.nodes.values() if n.kind == "contractor"}
    contracted = {graph.node_label(c.contractor) for c in graph.document.contracts}
    assert contracted <= entrusted_to <= contractors | {n.title for n in graph.nodes.values()}
    storage = answer("II-6-1-storage-place") or ""
    file_items = set(graph.document.files[0].data) if graph.document.files else None
    for node in graph.nodes.values():
        for store in node.stores:
            if file_items is None or file_items & set(store.data):
                assert node.title in storage


def test_init_with_the_kokuho_model_fills_and_records_where_answers_came_from(kokuho: Path) -> None:
    document = init_assessment(kokuho)[0]
    state = document.state("II-4-entrustments")
    assert state.source == "model"
    assert state.answer[0]["contractor"] == "株式会社テスト情報"
    assert set(state.model_refs) >= {"vendor", "f_entrust", "c_vendor"}
    assert document.state("I-1-3-people-count").answer == "from_100k_to_300k"
    assert document.path == kokuho.with_name("kokuho.assessment.yaml")


def test_running_init_twice_changes_nothing(kokuho: Path) -> None:
    _, first = init_assessment(kokuho)
    _, second = init_assessment(kokuho)
    assert not second.created
    assert second.filled == [] and second.kept == [] and second.stale == []
    assert len(second.unchanged) == first.prefilled


def _edit_model(model: Path, *replacements: tuple[str, str]) -> None:
    text = model.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    model.write_text(text, encoding="utf-8")


def test_refresh_keeps_entered_answers_and_flags_what_no_longer_follows(kokuho: Path) -> None:
    document = init_assessment(kokuho)[0]
    document.set_answer("I-1-1-business-name", "国保の資格・給付（区の正式名称）")
    document.set_answer("II-5-provisions", [{"recipient": "国保連（手入力）"}])
    document.set_answer("IV-2-training", "sufficient")
    document.set_verdict("II-4-entrustments", "needs_improvement")

    # The ward drops the contractor and renames the business.
    text = kokuho.read_text(encoding="utf-8")
    text = text.split("contracts:")[0] + "files:" + text.split("files:")[1]
    kokuho.write_text(text, encoding="utf-8")
    _edit_model(
        kokuho,
        ("  - {id: f_entrust,", "  - {id: f_entrust_gone, relationship: internal,"),
        ("channel: lgwan, protection: [tls], relationship: entrustment}", "channel: lgwan, protection: [tls]}"),
        ("business: 国民健康保険の資格及び給付に関する事務", "business: 国民健康保険事務"),
        ("relationship: provision, ", "relationship: internal, "),
    )
    refreshed, summary = init_assessment(kokuho)

    entered = refreshed.state("I-1-1-business-name")
    assert entered.answer == "国保の資格・給付（区の正式名称）" and entered.source == "entered"
    assert refreshed.model_answer("I-1-1-business-name") == "国民健康保険事務"
    assert refreshed.state("COVER-2-assessment-name").answer == "国民健康保険事務"
    assert refreshed.state("II-5-provisions").answer == [{"recipient": "国保連（手入力）"}]
    assert refreshed.state("IV-2-training").answer == "sufficient"

    gone = refreshed.state("II-4-entrustments")
    assert gone.stale and gone.answer[0]["contractor"] == "株式会社テスト情報"
    assert gone.verdict == "needs_improvement"
    assert "II-4-entrustments" in summary.stale
    assert "I-1-1-business-name" in summary.kept and "II-5-provisions" in summary.kept
    assert "II-5-provisions" not in summary.stale

    # Back again: the model answers once more, the flag clears, the entered answers still stand.
    shutil.copy(KOKUHO, kokuho)
    again = init_assessment(kokuho)[0]
    assert not again.state("II-4-entrustments").stale
    assert again.state("I-1-1-business-name").answer == "国保の資格・給付（区の正式名称）"
    assert again.state("II-5-provisions").answer == [{"recipient": "国保連（手入力）"}]


def test_comments_a_person_added_survive_saves_and_refreshes(kokuho: Path) -> None:
    document = init_assessment(kokuho)[0]
    text = document.path.read_text(encoding="utf-8")
    text = text.replace("items:\n", "items:\n  # 審議会で委託先の名称を確認すること\n", 1)
    text = text.replace("    source: model\n", "    source: model  # 区の担当者が確認済み\n", 1)
    document.path.write_text(text, encoding="utf-8")

    loaded = Assessment.load(document.path)
    loaded.set_comment("II-6-1-storage-place", "所在国の契約条項を確認")
    init_assessment(kokuho)[0]

    saved = document.path.read_text(encoding="utf-8")
    assert "# 審議会で委託先の名称を確認すること" in saved
    assert "# 区の担当者が確認済み" in saved
    assert Assessment.load(document.path).state("II-6-1-storage-place").comment == "所在国の契約条項を確認"


def test_multi_line_answers_are_written_as_readable_blocks(kokuho: Path) -> None:
    text = init_assessment(kokuho)[0].path.read_text(encoding="utf-8")
    assert "answer: |" in text
    assert "\n      ① 被保険者 → 国保年金課" in text


def test_a_crash_while_saving_leaves_the_old_file_intact(kokuho: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = init_assessment(kokuho)[0]
    before = document.path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk pulled out"):
        document.set_answer("I-7-2-section-head", "課長")
    assert document.path.read_bytes() == before
    assert [p.name for p in document.path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_model_answer_edited_by_hand_in_the_yaml_counts_as_entered(kokuho: Path) -> None:
    document = init_assessment(kokuho)[0]
    text = document.path.read_text(encoding="utf-8")
    document.path.write_text(
        text.replace("answer: 区民部国保年金課", "answer: 区民部国保年金課（手で修正）", 1), "utf-8"
    )
    _, summary = init_assessment(kokuho)
    state = Assessment.load(document.path).state("I-7-1-section")
    assert state.answer == "区民部国保年金課（手で修正）" and state.source == "entered"
    assert "I-7-1-section" in summary.kept
