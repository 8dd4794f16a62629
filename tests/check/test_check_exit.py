"""`pia check` exit codes, triage files, policy files and bad input."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pia_toolkit.pia import engine


@pytest.mark.parametrize(
    "fail_on, code",
    [("critical", 1), ("high", 1), ("medium", 1), ("low", 1), ("none", 0)],
)
def test_fail_on_levels(workdir, cli, fail_on, code):
    assert cli("check", "clinic.yaml", "--fail-on", fail_on).exit_code == code


def test_fail_on_counts_only_open_violations(workdir, cli):
    # Without the critical finding, the worst open violation is medium; the question (high) never fails.
    result = cli("check", "clinic.yaml", "--triage", "triage_ok.yaml", "--fail-on", "high")
    assert result.exit_code == 0
    assert cli("check", "clinic.yaml", "--triage", "triage_ok.yaml", "--fail-on", "medium").exit_code == 1
    assert cli("check", "clean.yaml", "--fail-on", "low").exit_code == 0


def test_triage_suppresses_finding_and_reports_stale_decision(workdir, cli):
    result = cli("check", "clinic.yaml", "--triage", "triage_ok.yaml")
    out = result.stdout
    assert "■ 重大" not in out
    assert "判断済み (1)" in out
    assert "TST-01@f_export" in out and "受容" in out and "委託先との間は別途専用線に切り替え予定" in out
    assert "使われていない判断" in out
    assert "TST-09@*" in out and "triage_ok.yaml:7:5" in out
    assert "重大 0 · 高 0 · 中 2 · 低 1 （違反のある要素 3） | 確認事項 1（要素 1） | 判断済み 1" in out


def test_triage_beside_the_model_is_found(workdir, cli):
    shutil.copy(workdir / "triage_ok.yaml", workdir / "clinic.triage.yaml")
    result = cli("check", "clinic.yaml", "-f", "json")
    model = json.loads(result.stdout)["files"][0]
    assert model["triage_file"] == "clinic.triage.yaml"
    export = next(f for f in model["findings"] if f["id"] == "TST-01@f_export")
    assert export["triage"]["status"] == "accepted" and export["open"] is False
    [stale] = model["stale_decisions"]
    assert (stale["pattern"], stale["file"], stale["line"]) == ("TST-09@*", "clinic.triage.yaml", 7)


def test_in_discussion_stays_open(workdir, cli):
    text = (workdir / "triage_ok.yaml").read_text("utf-8").replace("status: accepted", "status: in_discussion")
    (workdir / "discuss.yaml").write_text(text, "utf-8")
    result = cli("check", "clinic.yaml", "--triage", "discuss.yaml")
    assert result.exit_code == 1
    assert "■ 重大 （1件の問題・1件のルール違反）" in result.stdout and "協議中" in result.stdout


def test_policy_disables_a_rule_and_changes_severity(workdir, cli):
    result = cli("check", "clinic.yaml", "--policy", "policy_ok.yaml")
    out = result.stdout
    assert "TST-02@ward_sys" not in out.split("ポリシーで無効にしたルール")[0]
    assert "ポリシーで無効にしたルール" in out and "TST-02 — アクセス記録は別の台帳で管理している" in out
    assert "■ 高 （1件の問題・1件のルール違反）" in out and "TST-03@phone" in out
    assert "連絡先の目的不明は当区では重く見る" in out


def test_policy_found_above_the_model(workdir, cli):
    (workdir / "models").mkdir()
    shutil.copy(workdir / "clinic.yaml", workdir / "models" / "clinic.yaml")
    shutil.copy(workdir / "policy_ok.yaml", workdir / "pia-policy.yaml")
    document = json.loads(cli("check", "models/clinic.yaml", "-f", "json").stdout)
    assert document["files"][0]["disabled_rules"] == {"TST-02": "アクセス記録は別の台帳で管理している"}


def test_policy_without_reason_is_a_located_error(workdir, cli):
    result = cli("check", "clinic.yaml", "--policy", "policy_no_reason.yaml")
    assert result.exit_code == 2
    assert "policy_no_reason.yaml:3:5" in result.stderr
    assert "reason" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_policy_unknown_rule_warns(workdir, cli):
    (workdir / "typo.yaml").write_text("rules:\n  TST-2: {enabled: false, reason: x}\n", "utf-8")
    result = cli("check", "clinic.yaml", "--policy", "typo.yaml")
    assert "未知のルール TST-2" in result.stderr
    assert "unknown rule TST-2" in cli("check", "clinic.yaml", "--policy", "typo.yaml", "--lang", "en").stderr


def test_broken_triage_is_a_located_error(workdir, cli):
    (workdir / "bad.triage.yaml").write_text("decisions:\n  - finding: X\n    status: maybe\n", "utf-8")
    result = cli("check", "clinic.yaml", "--triage", "bad.triage.yaml")
    assert result.exit_code == 2
    assert "bad.triage.yaml:3:13" in result.stderr


def test_broken_model_exits_2_with_position_and_no_traceback(workdir, cli):
    result = cli("check", "broken.yaml")
    assert result.exit_code == 2
    assert "broken.yaml:43:11" in result.stderr and "'system' の誤りでは" in result.stderr
    english = cli("check", "broken.yaml", "--lang", "en")
    assert "broken.yaml:43:11" in english.stderr and "did you mean 'system'" in english.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_one_broken_model_among_several_exits_2(workdir, cli):
    result = cli("check", "clinic.yaml", "broken.yaml", "-f", "json", "--lang", "en")
    assert result.exit_code == 2 and result.stdout == ""
    assert "1 of 2 file(s) have errors" in result.stderr


def test_missing_file_exits_2(workdir, cli):
    result = cli("check", "nowhere.yaml")
    assert result.exit_code == 2 and "nowhere.yaml:1:1" in result.stderr


def test_triage_option_needs_one_model(workdir, cli):
    result = cli("check", "clinic.yaml", "clean.yaml", "--triage", "triage_ok.yaml")
    assert result.exit_code == 2


def test_internal_error_exits_3(workdir, cli, monkeypatch):
    def explode(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(engine, "check", explode)
    monkeypatch.delenv("PIA_DEBUG", raising=False)
    result = cli("check", "clinic.yaml", "--lang", "en")
    assert result.exit_code == 3
    assert "internal error" in result.stderr and "ZeroDivisionError: boom" in result.stderr


def test_help_documents_exit_codes(cli):
    out = cli("check", "--help").stdout
    assert "Exit codes" in out and "internal problem" in out


def test_bad_policy_is_reported_once_for_several_models(workdir, cli):
    result = cli("check", "clinic.yaml", "clean.yaml", "--policy", "policy_no_reason.yaml")
    assert result.exit_code == 2
    assert result.stderr.count("policy_no_reason.yaml:3:5") == 1


def test_json_to_file(workdir, cli):
    result = cli("check", "clinic.yaml", "-f", "json", "-o", "out.json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "out.json を書き出した" in result.stderr
    assert json.loads((workdir / "out.json").read_text("utf-8"))["files"][0]["file"] == "clinic.yaml"


def _decisions(workdir, text: str):  # type: ignore[no-untyped-def]
    (workdir / "t.yaml").write_text("decisions:\n" + text, "utf-8")
    return "t.yaml"


DECISION = (
    "  - finding: {finding}\n    status: {status}\n    justification: {why}\n    by: {by}\n    date: 2026-01-10\n"
)


@pytest.mark.parametrize("pattern", ["'*'", "'*@*'", "'TST-*@f_export'", "'?ST-01@*'", "'@*'", "'[T]ST-01@x'"])
def test_a_wildcard_must_name_its_rule(workdir, cli, pattern):
    triage = _decisions(workdir, DECISION.format(finding=pattern, status="accepted", why="理由", by="課"))
    result = cli("check", "clinic.yaml", "--triage", triage)
    assert result.exit_code == 2
    assert "t.yaml:2:" in result.stderr and "ワイルドカードは規則ごとに書く" in result.stderr


@pytest.mark.parametrize("field", ["justification", "by"])
@pytest.mark.parametrize("blank", ["' '", "'\u3000'", "'\t'"])
def test_a_blank_justification_or_author_is_refused(workdir, cli, field, blank):
    values = {"why": "理由", "by": "課", field.replace("justification", "why"): blank}
    triage = _decisions(workdir, DECISION.format(finding="TST-01@f_export", status="accepted", **values))
    result = cli("check", "clinic.yaml", "--triage", triage, "--lang", "en")
    assert result.exit_code == 2
    assert "t.yaml:" in result.stderr and "not only spaces" in result.stderr


def test_a_blank_policy_reason_is_refused(workdir, cli):
    (workdir / "p.yaml").write_text("rules:\n  TST-02: {enabled: false, reason: ' '}\n", "utf-8")
    result = cli("check", "clinic.yaml", "--policy", "p.yaml")
    assert result.exit_code == 2 and "p.yaml:2:" in result.stderr and "空白だけにせず" in result.stderr


def test_a_wildcard_says_how_many_findings_it_closed_in_every_format(workdir, cli):
    triage = _decisions(workdir, DECISION.format(finding="'TST-03@*'", status="false_positive", why="理由", by="課"))
    text = cli("check", "clinic.yaml", "--triage", triage).stdout
    assert "ワイルドカードの判断「TST-03@*」が1件の指摘を閉じている（t.yaml:2:5）" in text
    document = json.loads(cli("check", "clinic.yaml", "--triage", triage, "-f", "json").stdout)
    assert document["files"][0]["wildcard_closed"][0]["closed"] == 1
    sarif = cli("check", "clinic.yaml", "--triage", triage, "-f", "sarif", "--lang", "en")
    notes = json.loads(sarif.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("closes 1 finding" in n["message"]["text"] for n in notes)
    csv = cli("check", "clinic.yaml", "--triage", triage, "-f", "csv")
    assert "ワイルドカードの判断「TST-03@*」が1件" in csv.stderr


def test_an_expired_decision_reopens_its_finding(workdir, cli):
    decision = DECISION.format(finding="TST-01@f_export", status="accepted", why="切替予定", by="課")
    expired = _decisions(workdir, decision + "    review_due: 2020-01-01\n")
    result = cli("check", "clinic.yaml", "--triage", expired)
    assert result.exit_code == 1, "the critical finding counts again"
    assert "■ 重大" in result.stdout and "見直し期限（2020-01-01）を過ぎた" in result.stdout
    document = json.loads(cli("check", "clinic.yaml", "--triage", expired, "-f", "json").stdout)
    finding = next(f for f in document["files"][0]["findings"] if f["id"] == "TST-01@f_export")
    assert finding["open"] is True and finding["triage"] is None
    assert finding["expired_triage"]["review_due"] == "2020-01-01"
    current = _decisions(workdir, decision + "    review_due: 2999-01-01\n")
    assert cli("check", "clinic.yaml", "--triage", current, "--fail-on", "critical").exit_code == 0


def test_a_policy_outside_the_project_is_not_applied(tmp_path, monkeypatch, fake_rules, cli):
    outside = tmp_path / "home"
    project = outside / "project"
    project.mkdir(parents=True)
    from tests.check.conftest import FIXTURES

    shutil.copy(FIXTURES / "clinic.yaml", project / "clinic.yaml")
    shutil.copy(FIXTURES / "policy_ok.yaml", outside / "pia-policy.yaml")
    (project / "pia-project.yaml").write_text("", "utf-8")
    monkeypatch.chdir(project)
    document = json.loads(cli("check", "clinic.yaml", "-f", "json").stdout)
    assert document["files"][0]["disabled_rules"] == {} and document["files"][0]["policy"] is None
    shutil.copy(FIXTURES / "policy_ok.yaml", project / "pia-policy.yaml")
    document = json.loads(cli("check", "clinic.yaml", "-f", "json").stdout)
    assert document["files"][0]["disabled_rules"] == {"TST-02": "アクセス記録は別の台帳で管理している"}


# Text with nothing a reader can see, however it is encoded: any space or format character (NBSP, U+3000,
# U+200B, U+2060, U+FEFF, bidi marks...), tabs and line breaks, lone combining marks, Hangul fillers.
INVISIBLE = st.text(
    alphabet=st.one_of(
        st.characters(categories=["Zs", "Cf", "Mn"], exclude_characters="\x85"),
        st.sampled_from("\t\n\u2028\u2029\u3164\u115f\u2800"),
    ),
    min_size=1,
    max_size=6,
)


def escaped(text: str) -> str:
    """``text`` as a YAML double-quoted string, every character written as its escape (\\UXXXXXXXX)."""
    return '"' + "".join(f"\\U{ord(c):08x}" for c in text) + '"'


BLANKS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@BLANKS
@given(blank=INVISIBLE, field=st.sampled_from(["justification", "by"]))
def test_a_justification_or_author_with_no_visible_character_is_refused(workdir, cli, blank, field):
    values = {"why": "理由", "by": "課", field.replace("justification", "why"): escaped(blank)}
    triage = _decisions(workdir, DECISION.format(finding="TST-01@f_export", status="accepted", **values))
    result = cli("check", "clinic.yaml", "--triage", triage, "--lang", "en")
    assert result.exit_code == 2, (blank, result.stderr)
    line = 4 if field == "justification" else 5
    assert f"t.yaml:{line}:" in result.stderr and "not only spaces" in result.stderr


@BLANKS
@given(blank=INVISIBLE)
def test_a_policy_reason_with_no_visible_character_is_refused(workdir, cli, blank):
    (workdir / "p.yaml").write_text(f"rules:\n  TST-02: {{enabled: false, reason: {escaped(blank)}}}\n", "utf-8")
    result = cli("check", "clinic.yaml", "--policy", "p.yaml")
    assert result.exit_code == 2 and "p.yaml:2:" in result.stderr and "空白だけにせず" in result.stderr


@BLANKS
@given(blank=INVISIBLE, said=st.text(alphabet="理由確認済みOKa1（）", min_size=1, max_size=5))
def test_visible_text_beside_blanks_is_stated(workdir, cli, blank, said):
    why = escaped(blank + said + blank)
    triage = _decisions(workdir, DECISION.format(finding="TST-01@f_export", status="accepted", why=why, by="課"))
    result = cli("check", "clinic.yaml", "--triage", triage)
    assert result.exit_code in (0, 1), result.stderr
