"""Pre-filling the form from the model: the right facts, only ids of the form's own enums, nothing invented."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.loader import load
from pia_toolkit.pia.assessment.form import Choice, full_item_form
from pia_toolkit.pia.assessment.prefill import PREFILLERS, prefill, prefillable
from pia_toolkit.pia.assessment.prefill.choices import band, band_choice, channel_answer, retention_years
from tests.assessment.conftest import KOKUHO

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "flows" / "examples").glob("*.yaml"))


def kokuho() -> dict[str, object]:
    return {item_id: answer.value for item_id, answer in prefill(FlowGraph.build(load(KOKUHO))).items()}


def test_every_prefill_key_in_the_catalog_has_a_function() -> None:
    keys = {i.prefill for i in full_item_form().items if i.prefill}
    assert keys <= set(PREFILLERS), keys - set(PREFILLERS)
    assert len(prefillable()) == sum(1 for i in full_item_form().items if i.prefill)


def holds(answers: dict[str, object], expected: dict[str, object]) -> None:
    """``answers`` has each of ``expected``'s keys, with that value (every difference is shown at once)."""
    assert {key: answers.get(key, "(missing)") for key in expected} == expected


def test_scheme_facts_fill_the_names() -> None:
    expected: dict[str, object] = {
        "I-1-1-business-name": "国民健康保険の資格及び給付に関する事務",
        "COVER-5-assessing-body": "テスト区",
        "I-7-1-section": "区民部国保年金課",
        "I-5-legal-basis": "番号法第9条第1項 別表第一の30の項",
        "VI-3-1-date": "2024-03-01",
    }
    holds(kokuho(), expected)


def test_counts_follow_the_form_bands() -> None:
    expected: dict[str, object] = {
        "I-1-3-people-count": "from_100k_to_300k",  # 150,000 in 10万人以上30万人未満
        "II-2-2-subject-count": "from_100k_to_1m",  # the other band scale of Ⅱ2②
        "II-3-7-user-count": "from_100_to_500",  # 120 staff
        "II-2-4-item-count": "lt_10",
        "VI-1-2-threshold-result": "basic_and_priority_mandatory",
    }
    holds(kokuho(), expected)


def test_file_items_and_categories() -> None:
    answers = kokuho()
    assert [r["name"] for r in answers["ANNEX2-1-record-items"]] == [
        "氏名",
        "住所",
        "個人番号",
        "所得情報",
        "療養費の請求内容",
    ]
    assert answers["II-2-4-main-items"] == ["my_number", "four_basic", "local_tax", "health_medical"]
    assert answers["I-3-file-names"] == [{"name": "国民健康保険被保険者ファイル"}]


def test_acquisition_maps_channels_down_and_keeps_the_detail() -> None:
    answers = kokuho()
    assert answers["II-3-1-sources"] == ["self_or_agent", "internal_section"]
    assert answers["II-3-1-sources-detail"] == "評価実施機関内の他部署（課税課）"
    assert answers["II-3-2-acquisition-methods"] == ["internal_linkage", "other"]
    assert answers["II-3-2-acquisition-methods-other"] == "窓口・対面"


def test_entrustment_block_names_the_contractor_and_the_approved_subcontract() -> None:
    [row] = kokuho()["II-4-entrustments"]
    expected: dict[str, object] = {
        "contractor": "株式会社テスト情報",
        "title": "国保申請受付業務委託",
        "handover_methods": ["other"],
        "handover_methods_other": "LGWAN",
        "handler_count": "from_10_to_50",
        "subcontract": "subcontract",
        "subcontract_approval": "株式会社テスト印刷：区の許諾あり（2024-02-01）",
    }
    holds(row, expected)


def test_provisions_and_transfers_go_one_way() -> None:
    answers = kokuho()
    [provision] = answers["II-5-provisions"]
    assert provision["recipient"] == "東京都国民健康保険団体連合会"
    assert provision["legal_basis"] == "国民健康保険法第45条"
    assert provision["methods"] == ["dedicated_line"]
    # the income transfer *into* the section is an acquisition; only the one out of it is a transfer
    assert [t["destination"] for t in answers["II-5-transfers"]] == ["課税課"]


def test_storage_retention_and_deletion() -> None:
    answers = kokuho()
    assert (
        "国保申請受付クラウド（委託先データセンター、JP・東京都）：申請データ（電子）"
        in answers["II-6-1-storage-place"]
    )
    assert "申請書保管庫（テスト区庁舎）" in answers["II-6-1-storage-place"]
    assert answers["II-6-2-retention"] == "y5"  # the longest stated period
    assert "株式会社テスト情報：契約終了時に返却・消去、消去証明書を提出" in answers["II-6-3-deletion"]


def test_flow_description_is_one_line_per_flow_in_step_order() -> None:
    lines = str(kokuho()["ANNEX1-1-flow-description"]).splitlines()
    assert len(lines) == 9
    assert lines[0] == "① 被保険者 → 国保年金課: 氏名、住所、個人番号、療養費の請求内容（窓口・対面） — 申請書の提出"
    assert lines[5].startswith(
        "⑥ 国保総合システム → 国保申請受付クラウド: 氏名、住所、電話番号、療養費の請求内容（LGWAN、通信の暗号化（TLS））"
    )


def test_ipn_linkage_and_system_connections() -> None:
    answers = kokuho()
    assert answers["I-6-1-ipn-linkage"] == "carry_out"
    system = answers["I-2-systems"][0]
    assert system["name"] == "国保総合システム"
    assert system["connections"] == ["ipn", "address_system", "other"]


def test_unknown_model_values_leave_items_open(tmp_path: Path) -> None:
    text = KOKUHO.read_text(encoding="utf-8")
    text = text.replace("    people_count: 150000\n    held_by", "    held_by")
    for line in (
        "  legal_basis: 番号法第9条第1項 別表第一の30の項\n",
        "  people_count: 150000\n",
        "  handlers: {staff: 120, contractor_staff: 40}\n",
    ):
        text = text.replace(line, "")
    text = text.replace("retention: 5年", "retention: unknown").replace("retention: 1年", "retention: 契約期間中")
    model = tmp_path / "open.yaml"
    model.write_text(text, encoding="utf-8")
    answers = prefill(FlowGraph.build(load(model)))
    for item_id in (
        "I-5-legal-basis",
        "I-1-3-people-count",
        "II-2-2-subject-count",
        "II-3-7-user-count",
        "II-6-2-retention",
        "VI-1-2-threshold-result",
    ):
        assert item_id not in answers, item_id
    assert "handler_count" not in answers["II-4-entrustments"].value[0]


def test_an_unknown_channel_leaves_the_whole_method_open() -> None:
    choices = full_item_form().item("II-3-2-acquisition-methods").choices
    assert channel_answer(["lgwan", "unknown"], choices) == ([], None)
    assert channel_answer(["lgwan", "internet_vpn", "paper"], choices) == (
        ["paper", "other"],
        "LGWAN、インターネットVPN",
    )
    entrust = full_item_form().item("II-4-entrustments").fields
    entrust_choices = next(f for f in entrust if f.id == "handover_methods").choices
    assert channel_answer(["internal"], entrust_choices) == (["other"], "庁内連携")


def test_bands_are_read_from_the_labels() -> None:
    assert band("1,000人未満（任意実施）") == (0, 1000)
    assert band("1万人以上10万人未満") == (10_000, 100_000)
    assert band("30万人以上")[0] == 300_000
    assert band("1年") == (1, 2)
    assert retention_years("完結後5年") == 5
    assert retention_years("6か月") == 0.5
    assert retention_years("定めなし") == -1


def test_choice_ids_are_adapted_when_the_catalog_renames_them() -> None:
    item = full_item_form().item("I-1-3-people-count")
    renamed = tuple(Choice(f"c{i}", c.label) for i, c in enumerate(item.choices))
    assert band_choice(renamed, 150_000) == "c3"
    channels = full_item_form().item("II-3-2-acquisition-methods")
    renamed_channels = dataclasses.replace(
        channels, choices=tuple(Choice(f"x_{c.id}", c.label) for c in channels.choices)
    )
    assert channel_answer(["dedicated", "lgwan"], renamed_channels.choices) == (
        ["x_dedicated_line", "x_other"],
        "LGWAN",
    )


def _choice_ids_valid(item, value) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    if item.type == "choice" and item.choice(value) is None:
        problems.append(f"{item.id}: {value}")
    if item.type == "multi_choice":
        problems += [f"{item.id}: {v}" for v in value if item.choice(v) is None]
    if item.type == "block":
        fields = {f.id: f for f in item.fields}
        for row in value:
            for key, cell in row.items():
                assert key in fields, f"{item.id} has no field {key}"
                ids = {c.id for c in fields[key].choices}
                if fields[key].type == "choice" and cell not in ids:
                    problems.append(f"{item.id}.{key}: {cell}")
                if fields[key].type == "multi_choice":
                    problems += [f"{item.id}.{key}: {v}" for v in cell if v not in ids]
    return problems


@pytest.mark.parametrize("model", [KOKUHO, *EXAMPLES], ids=lambda p: p.stem)
def test_every_choice_answer_is_an_id_of_the_items_enum(model: Path) -> None:
    form = full_item_form()
    answers = prefill(FlowGraph.build(load(model)), form)
    problems = [p for item_id, answer in answers.items() for p in _choice_ids_valid(form.item(item_id), answer.value)]
    assert problems == []
    assert all(answer.refs for answer in answers.values())


def test_keys_the_catalog_has_not_named_yet_answer_once_it_does() -> None:
    form = full_item_form()
    wanted = {
        "II-4-entrustment": "entrustment",
        "II-4-entrustment-count": "entrustment_count",
        "II-5-provision-status": "provision_status",
        "II-5-provision-count": "provision_count",
        "II-5-transfer-count": "transfer_count",
        "II-3-3-timing": "acquisition_timing",
    }
    sections = tuple(
        dataclasses.replace(
            s, items=tuple(dataclasses.replace(i, prefill=wanted.get(i.id, i.prefill)) for i in s.items)
        )
        for s in form.sections
    )
    answers = prefill(FlowGraph.build(load(KOKUHO)), dataclasses.replace(form, sections=sections))
    assert answers["II-4-entrustment"].value == "entrust"
    assert answers["II-4-entrustment-count"].value == 1
    assert answers["II-5-provision-status"].value == ["providing", "transferring"]
    assert answers["II-5-provision-count"].value == 1 and answers["II-5-transfer-count"].value == 1
    assert answers["II-3-3-timing"].value == "課税課：毎年6月"


def test_what_the_model_says_of_triggers_deciders_and_access_fills_the_items(tmp_path: Path) -> None:
    """The retention trigger, who decides deletion and who may see the records reach Ⅱ6② その妥当性, Ⅱ6③ and
    Ⅲ3 リスク2; left out, those items stay open for the owner."""
    text = KOKUHO.read_text(encoding="utf-8")
    store = "{title: 国保被保険者データ, data: [name, address, mynumber, income, claims], retention: 5年,"
    assert store in text
    text = text.replace(store, store + " retention_trigger: 資格の喪失, deletion_decided_by: 国保年金課長,").replace(
        "    operator: kokuho_section\n    stores:",
        "    operator: kokuho_section\n    access_scope: role_based\n    stores:",
        1,
    )
    model = tmp_path / "kokuho.yaml"
    model.write_text(text, encoding="utf-8")
    answers = {i: a.value for i, a in prefill(FlowGraph.build(load(model))).items()}
    assert answers["II-6-2-retention-validity"] == "国保総合システム：国保被保険者データは5年（起算: 資格の喪失）"
    assert (
        "国保総合システム：専用ソフトで復元できないよう消去（消去の判断: 国保年金課長）" in answers["II-6-3-deletion"]
    )
    assert answers["III-3-R2-access-rights-method"] == "国保総合システム：記録を見られる範囲は「役割ごとに制限」"
    plain = kokuho()
    assert "II-6-2-retention-validity" not in plain and "III-3-R2-access-rights-method" not in plain
