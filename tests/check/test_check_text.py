"""`pia check` text output: findings with their place, YAML and fix; questions; summary; escaping."""

from __future__ import annotations


def test_text_shows_finding_with_place_excerpt_and_remedy(workdir, cli):
    result = cli("check", "clinic.yaml")
    out = result.stdout
    assert result.exit_code == 1
    assert "健康診断予約事業" in out and "架空区" in out
    assert "TST-01@f_export" in out
    assert "暗号化せずに送っている" in out
    assert "一般回線で暗号化なし" in out
    assert "対策:" in out and "一般回線で暗号化なしを直す手順。" in out
    # raised to 重大 because the flow carries health data
    assert "■ 重大 （1件の問題・1件のルール違反）" in out
    assert "clinic.yaml:59:5" in out
    # the YAML excerpt: numbered lines, the element's line marked
    assert "❱" in out
    assert "59 " in out and "- id: f_export" in out
    assert "to: vendor" in out


def test_text_groups_by_severity_and_shows_path(workdir, cli):
    out = cli("check", "clinic.yaml").stdout
    assert out.index("■ 重大") < out.index("■ 中") < out.index("■ 低")
    assert "TST-04@resident>portal>vendor" in out
    assert "経路: resident → portal → vendor" in out


def test_questions_are_listed_apart_and_summary_counts(workdir, cli):
    out = cli("check", "clinic.yaml").stdout
    questions = out.index("確認事項（モデルに書かれていないこと）")
    assert out.index("TST-01@f_sync") > questions
    assert "暗号化の記載がない" in out
    assert "重大 1 · 高 0 · 中 2 · 低 1 （違反のある要素 4） | 確認事項 1（要素 1） | 判断済み 0" in out


def test_english_labels(workdir, cli):
    out = cli("check", "clinic.yaml", "--lang", "en").stdout
    assert "Health check booking" in out
    assert "is sent without encryption" in out
    assert "fix:" in out and "How to fix No encryption on a general line." in out
    assert "Questions (what the model does not say)" in out
    assert (
        "critical 1 · high 0 · medium 2 · low 1 (4 elements with violations) | questions 1 (1 elements) | triaged 0"
        in out
    )
    assert "重大" not in out


def test_markup_in_model_text_prints_literally(workdir, cli):
    result = cli("check", "markup.yaml")
    assert "[bold]x[/] 予約" in result.stdout
    assert "[red]区[/]" in result.stdout
    assert "「[red]基幹[/]」にアクセス記録がない" in result.stdout


def test_clean_model_has_no_findings(workdir, cli):
    result = cli("check", "clean.yaml")
    assert result.exit_code == 0
    assert "指摘はありません" in result.stdout


def test_text_to_file(workdir, cli):
    result = cli("check", "clinic.yaml", "-o", "report.txt")
    assert result.exit_code == 1
    text = (workdir / "report.txt").read_text(encoding="utf-8")
    assert "TST-01@f_export" in text and "\x1b[" not in text


def test_several_files_each_get_a_header(workdir, cli):
    out = cli("check", "clinic.yaml", "clean.yaml").stdout
    assert "clinic.yaml" in out and "clean.yaml" in out and "問題のない事業" in out
