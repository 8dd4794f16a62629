"""Every rule against its two fixtures: ``fires.yaml`` gives exactly the findings its ``# expect:`` lines name,
``passes.yaml`` gives none and shows the rule found something satisfied.

A fixture is a complete flow model (``pia validate`` accepts it). Its first comment lines list the findings a user
must see for that rule: ``# expect: NET-01@f_upload``, and ``# expect: NET-01@f2 question`` for a question.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pia_toolkit.catalog.rules import rule_catalog, rule_functions
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.loader import load
from pia_toolkit.pia import engine
from pia_toolkit.pia.findings import CheckReport

FIXTURES = Path(__file__).parent / "fixtures"
CATALOG_DIR = Path(__file__).resolve().parents[2] / "catalog" / "rules"
RULE_IDS = sorted(set(rule_catalog()) | set(rule_functions()))


@pytest.fixture
def check():  # type: ignore[no-untyped-def]
    def run(path: Path) -> CheckReport:
        return engine.check(FlowGraph.build(load(path)))

    return run


def expected(path: Path) -> set[tuple[str, bool]]:
    """The ``# expect:`` lines at the top of a fixture, as (finding id, is a question)."""
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# expect:"):
            words = line.removeprefix("# expect:").split()
            found.add((words[0], words[1:] == ["question"]))
    return found


def seen(report: CheckReport, rule_id: str) -> set[tuple[str, bool]]:
    return {(f.id, f.question) for f in report.findings if f.rule_id == rule_id}


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fires_fixture_gives_exactly_the_expected_findings(check, rule_id: str) -> None:
    path = FIXTURES / rule_id / "fires.yaml"
    wanted = expected(path)
    assert wanted, f"{path} names no '# expect:' finding"
    report = check(path)
    assert seen(report, rule_id) == wanted
    for finding in report.findings:
        if finding.rule_id == rule_id:
            for lang in ("ja", "en"):
                text = finding.text(lang)
                assert text and "\n" not in text, (finding.id, lang)
            assert finding.text("ja") != finding.text("en"), finding.id


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_passes_fixture_is_clean_and_checked(check, rule_id: str) -> None:
    path = FIXTURES / rule_id / "passes.yaml"
    assert not expected(path), "a passes fixture expects nothing"
    report = check(path)
    assert seen(report, rule_id) == set()
    assert report.tallies[rule_id].satisfied >= 1, "the rule found nothing to check in passes.yaml"


def test_every_rule_function_has_both_fixtures() -> None:
    missing = [
        f"{rule_id}/{name}"
        for rule_id in rule_functions()
        for name in ("fires.yaml", "passes.yaml")
        if not (FIXTURES / rule_id / name).is_file()
    ]
    assert not missing


def test_every_fixture_folder_names_a_rule() -> None:
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} <= set(rule_functions())


def test_every_catalogued_rule_has_a_function() -> None:
    assert sorted(CATALOG_DIR.glob("*.yaml")), "the rule metadata (catalog/rules/*.yaml) is missing"
    assert set(rule_catalog()) - set(rule_functions()) == set()
    assert set(rule_functions()) - set(rule_catalog()) == set(), "a rule function without metadata"


def test_special_data_raises_the_severity_and_says_why(check, tmp_path: Path) -> None:
    """NET-01 is high; the same unencrypted hop carrying 病歴 (要配慮) is shown one step higher, with the reason."""
    model = (FIXTURES / "NET-01" / "fires.yaml").read_text(encoding="utf-8")
    model = model.replace(
        "data:\n", "data:\n  - {id: illness, title: 病歴, category: health, justification: 支援に必要}\n", 1
    )
    model = model.replace(
        "data: [name], channel: internet, protection: [none]",
        "data: [name, illness], channel: internet, protection: [none]",
    )
    path = tmp_path / "raised.yaml"
    path.write_text(model, encoding="utf-8")
    meta = rule_catalog()["NET-01"]
    finding = check(path).by_id("NET-01@f_upload")
    assert finding is not None and not finding.question
    if meta.raise_for_special:
        assert finding.severity == meta.severity.raised()
        assert (finding.note("ja") or "").endswith("(病歴)")  # by its title, not its id
    assert "病歴" in finding.text("ja")


def test_a_missing_channel_or_protection_is_asked_once(check, tmp_path: Path) -> None:
    """NET-08 asks only where no channel rule (NET-01, 05, 06, 07) already asks about the same flow."""
    path = tmp_path / "gaps.yaml"
    path.write_text(
        "version: 1\n"
        "scheme: {id: t, title: テスト事務, municipality: テスト区, business: テスト事務}\n"
        "data: [{id: name, title: 氏名, category: identity, purpose: 本人の確認}]\n"
        "nodes:\n"
        "  - {id: sec, title: 所管課, kind: section}\n"
        "  - {id: sec2, title: 福祉課, kind: section}\n"
        "  - {id: vendor, title: 委託先, kind: contractor}\n"
        "flows:\n"
        "  - {id: f_web, from: sec, to: vendor, data: [name], channel: internet}\n"
        "  - {id: f_fax, from: sec, to: vendor, data: [name], channel: fax}\n"
        "  - {id: f_usb, from: sec, to: vendor, data: [name], channel: flash_memory}\n"
        "  - {id: f_post, from: sec, to: vendor, data: [name], channel: post}\n"
        "  - {id: f_mail, from: sec, to: sec2, data: [name], channel: email}\n"
        "  - {id: f_what, from: sec, to: vendor, data: [name]}\n"
        "  - {id: f_lan, from: sec, to: sec2, data: [name], channel: internal}\n",
        encoding="utf-8",
    )
    report = check(path)
    asked = sorted((f.elements[0], f.rule_id) for f in report.findings if f.question and f.rule_id.startswith("NET-"))
    assert asked == [
        ("f_fax", "NET-05"),
        ("f_mail", "NET-08"),
        ("f_post", "NET-07"),
        ("f_usb", "NET-06"),
        ("f_web", "NET-01"),
        ("f_what", "NET-08"),
    ]


def test_unknown_approval_date_is_one_question_about_the_scheme(check, tmp_path: Path) -> None:
    model = (FIXTURES / "MOD-05" / "fires.yaml").read_text(encoding="utf-8").replace(", approval_date: 2022-12-27", "")
    path = tmp_path / "undated.yaml"
    path.write_text(model, encoding="utf-8")
    assert seen(check(path), "MOD-05") == {("MOD-05@t", True)}


def test_no_date_at_all_is_one_question_about_the_scheme(check, tmp_path: Path) -> None:
    model = (FIXTURES / "MOD-05" / "fires.yaml").read_text(encoding="utf-8")
    for date in (", approval_date: 2022-12-27", ", start_date: 2022-07-26", ", start_date: 2023-01-16"):
        model = model.replace(date, "")
    path = tmp_path / "undated.yaml"
    path.write_text(model, encoding="utf-8")
    assert seen(check(path), "MOD-05") == {("MOD-05@t#undated", True)}


def test_one_hop_that_breaks_several_rules_is_one_problem(check, tmp_path: Path) -> None:
    """E-mailing a spreadsheet with My Number to a contractor breaks NET-03, NET-04 and NET-05 on one flow: the
    reviewer reads one problem naming the three rules, and each rule's finding keeps its own id for triage."""
    path = tmp_path / "mail.yaml"
    path.write_text(
        "version: 1\n"
        "scheme: {id: t, title: テスト事務, municipality: テスト区, business: テスト事務}\n"
        "data: [{id: mn, title: 個人番号, category: my_number, purpose: 本人の特定}]\n"
        "nodes:\n"
        "  - {id: sec, title: 所管課, kind: section}\n"
        "  - {id: vendor, title: 委託先, kind: contractor}\n"
        "flows:\n"
        "  - {id: f_mail, from: sec, to: vendor, data: [mn], channel: email, protection: [none]}\n",
        encoding="utf-8",
    )
    report = check(path)
    [group] = [g for g in report.groups() if g.elements == ("f_mail",)]
    assert set(group.rules) == {"NET-03", "NET-04", "NET-05"}
    assert {f.id for f in group.findings} == {"NET-03@f_mail", "NET-04@f_mail", "NET-05@f_mail"}


def test_remarks_on_the_model_never_come_before_privacy_findings(check) -> None:
    for example in sorted((Path(__file__).resolve().parents[2] / "flows" / "examples").glob("*.yaml")):
        findings = check(example).findings
        hygiene = [f.rule.hygiene for f in findings]
        assert hygiene == sorted(hygiene), example.name
        groups = check(example).groups()
        keys = [(g.cause, g.elements) for g in groups]
        assert len(keys) == len(set(keys)), example.name


def test_a_severity_scaled_by_the_data_says_nothing_of_a_policy(tmp_path: Path) -> None:
    """ACC-04 is high for My Number data by its own table: no "changed by policy" note without a policy; with one
    that changes it, the note gives the policy's reason."""
    from tests.conftest import run_cli

    model = tmp_path / "scaled.yaml"
    model.write_text((FIXTURES / "ACC-04" / "fires.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pia-project.yaml").write_text("", encoding="utf-8")

    def acc04() -> list[tuple[str, str | None]]:
        report = json.loads(run_cli("check", model, "-f", "json", "--lang", "en").stdout)
        findings = report["files"][0]["findings"]
        return [
            (f["severity"], f.get("severity_note")) for f in findings if f["rule"] == "ACC-04" and not f["question"]
        ]

    assert acc04() and all(note is None for _, note in acc04()), acc04()
    (tmp_path / "pia-policy.yaml").write_text(
        "rules:\n  ACC-04: {severity: critical, reason: 当区では閲覧範囲を最重要とする}\n", encoding="utf-8"
    )
    assert acc04() and all(note == "changed by policy: 当区では閲覧範囲を最重要とする" for _, note in acc04()), acc04()


def test_a_node_finding_is_raised_for_the_my_number_data_handled_there(tmp_path: Path) -> None:
    """OUT-04 names a node, not data; its text says it is raised one level for My Number data, so it is."""
    from tests.conftest import run_cli

    (tmp_path / "pia-project.yaml").write_text("", encoding="utf-8")
    model = tmp_path / "access.yaml"
    body = (
        "version: 1\n"
        "scheme: {id: t, title: テスト事務, municipality: テスト区, business: テスト事務}\n"
        "data: [{id: mn, title: 個人番号, category: my_number, purpose: 本人の特定}, {id: nm, title: 氏名, category: identity, purpose: 連絡}]\n"
        "nodes:\n"
        "  - {id: vendor, title: 委託先, kind: contractor}\n"
        "  - {id: sys, title: 税務システム, kind: system, operator: vendor, collects: [ITEM], contractor_access: {possible: true, logged: false}}\n"
    )
    severities = {}
    for item in ("mn", "nm"):
        model.write_text(body.replace("ITEM", item), encoding="utf-8")
        report = json.loads(run_cli("check", model, "-f", "json", "--lang", "en").stdout)
        [finding] = [f for f in report["files"][0]["findings"] if f["rule"] == "OUT-04"]
        severities[item] = (finding["severity"], finding.get("severity_note"))
    assert severities == {"mn": ("high", "raised: My Number or sensitive data (個人番号)"), "nm": ("medium", None)}
