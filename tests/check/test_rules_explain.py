"""`pia rules` and `pia explain`."""

from __future__ import annotations


def test_rules_table(fake_rules, cli):
    result = cli("rules")
    assert result.exit_code == 0
    for rule_id in ("TST-01", "TST-02", "TST-03", "TST-04"):
        assert rule_id in result.stdout
    assert "一般回線で暗号化なし" in result.stdout and "自動判定" in result.stdout and "4 件" in result.stdout


def test_rules_english_and_group(fake_rules, cli):
    result = cli("rules", "--lang", "en", "--group", "access")
    assert "No access log" in result.stdout and "TST-01" not in result.stdout
    assert "1 rules" in result.stdout


def test_rules_unknown_group(fake_rules, cli):
    result = cli("rules", "--group", "acess", "--lang", "en")
    assert result.exit_code == 2 and "did you mean access" in result.stderr


def test_explain_rule(fake_rules, cli):
    result = cli("explain", "tst-01")
    out = result.stdout
    assert result.exit_code == 0
    assert "TST-01" in out and "一般回線で暗号化なし" in out
    assert "一般回線で暗号化なしの理由。" in out and "一般回線で暗号化なしを直す手順。" in out
    assert "架空区の例。" in out and "架空区 第1号" in out
    assert "高" in out and "自動判定" in out and "1段階引き上げる" in out
    assert "Personal data over the internet needs TLS or a VPN (test rule)." in out
    assert "III-7-R1-6-technical" in out


def test_explain_rule_english(fake_rules, cli):
    out = cli("explain", "TST-02", "--lang", "en").stdout
    assert "Why No access log." in out and "How to fix No access log." in out and "medium" in out


def test_explain_unknown_rule_suggests(fake_rules, cli):
    result = cli("explain", "TST-1", "--lang", "en")
    assert result.exit_code == 2 and "did you mean" in result.stderr and "TST-01" in result.stderr


def test_explain_finding(workdir, cli):
    result = cli("explain", "TST-01@f_export", "clinic.yaml")
    out = result.stdout
    assert result.exit_code == 0
    assert "暗号化せずに送っている" in out and "clinic.yaml:59:5" in out and "- id: f_export" in out
    assert "理由:" in out and "対策:" in out and "評価書の項目" in out


def test_explain_finding_shows_triage(workdir, cli):
    (workdir / "clinic.triage.yaml").write_text((workdir / "triage_ok.yaml").read_text("utf-8"), "utf-8")
    out = cli("explain", "TST-01@f_export", "clinic.yaml").stdout
    assert "判断:" in out and "受容" in out


def test_explain_unknown_finding_suggests(workdir, cli):
    result = cli("explain", "TST-01@f_exprt", "clinic.yaml", "--lang", "en")
    assert result.exit_code == 2
    assert "did you mean" in result.stderr and "TST-01@f_export" in result.stderr


def test_explain_finding_needs_file(fake_rules, cli):
    result = cli("explain", "TST-01@f_export")
    assert result.exit_code == 2 and "MODEL.yaml" in result.stderr


def test_explain_finding_in_broken_model(workdir, cli):
    result = cli("explain", "TST-01@f_export", "broken.yaml")
    assert result.exit_code == 2 and "broken.yaml:43:11" in result.stderr
