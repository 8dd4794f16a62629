"""``pia diff`` for people (text, Japanese by default, English on request), for pull requests (Markdown) and for
tools (JSON), and its exits on bad input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.diff.helpers import CHANGES, diff_json

MEGURO = CHANGES / "meguro-medical-aid-query-arrow"
INQUIRY = CHANGES / "setagaya-999-inquiry-number"


def test_text_is_japanese_by_default_and_english_on_request() -> None:
    ja = run_cli("diff", MEGURO / "before.yaml", MEGURO / "after.yaml")
    assert ja.exit_code == 1
    assert "結論: 重要な変更" in ja.stdout
    assert "→ ※ Ⅰ 1② 事務の内容" in ja.stdout
    assert "+ NET-08@f_eligibility_query" in ja.stdout and "- MOD-01@f_eligibility_response" in ja.stdout
    en = run_cli("diff", MEGURO / "before.yaml", MEGURO / "after.yaml", "--lang", "en")
    assert "Result: significant change" in en.stdout
    assert "I 1② Content of the business" in en.stdout


def test_markdown_is_a_pull_request_comment() -> None:
    result = run_cli("diff", INQUIRY / "before.yaml", INQUIRY / "after.yaml", "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("## pia diff: 軽微な変更\n")
    assert "| 区分 | 要素 | 変更 | 評価書の項目 |\n|---|---|---|---|" in text
    rows = [line for line in text.splitlines() if line.startswith("| 軽微 |")]
    assert len(rows) == 5
    assert "<details><summary>表記のみの変更（1件）</summary>" in text
    assert "`MOD-02@contractor_cloud`" in text
    assert "提出時期：事後" in text


def test_markdown_cells_keep_the_table_whole(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    before, after = kokuho_pair(("frequency: 毎月}", 'frequency: "毎月 | 随時\\n（要確認）"}'))
    text = run_cli("diff", before, after, "-f", "markdown").stdout
    row = next(line for line in text.splitlines() if "f_claims" in line)
    assert row.count(" | ") == 3 and "\\|" in row and "<br>" in row


def test_json_shape() -> None:
    code, report = diff_json(MEGURO / "before.yaml", MEGURO / "after.yaml", "--lang", "en")
    assert code == 1
    assert set(report) == {
        "tool", "format", "lang", "classification_version", "old", "new", "result", "result_label", "threshold",
        "level", "submission", "steps", "counts", "changes", "items", "findings",
    }  # fmt: skip
    assert report["result_label"] == "significant change"
    assert report["counts"] == {"significant": 2, "minor": 0, "none": 2}
    change = report["changes"][1]
    assert set(change) >= {"key", "section", "id", "change", "class", "rules", "items", "significant_items", "content"}
    item = next(i for i in report["items"] if i["id"] == "ANNEX1-1-flow-description")
    assert item["prefilled"] and item["place"] == "Annex 1" and "f_eligibility_query" in item["after"]["refs"]
    assert set(report["findings"]) == {
        "checked",
        "new",
        "resolved",
        "unchanged",
        "stale_decisions",
        "questions_answered",
    }


def test_output_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "diff.md"
    result = run_cli("diff", INQUIRY / "before.yaml", INQUIRY / "after.yaml", "-f", "markdown", "-o", target)
    assert result.exit_code == 0 and "を書き出した" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("## pia diff:")
    plain = tmp_path / "diff.txt"
    assert run_cli("diff", INQUIRY / "before.yaml", INQUIRY / "after.yaml", "-o", plain).exit_code == 0
    assert "軽微な変更（5件）" in plain.read_text(encoding="utf-8")
    as_json = tmp_path / "diff.json"
    assert run_cli("diff", INQUIRY / "before.yaml", INQUIRY / "after.yaml", "-f", "json", "-o", as_json).exit_code == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["result"] == "minor"


def test_one_model_without_since_is_a_usage_error() -> None:
    result = run_cli("diff", INQUIRY / "after.yaml")
    assert result.exit_code == 2 and "--since REV" in result.stderr
    both = run_cli("diff", INQUIRY / "before.yaml", INQUIRY / "after.yaml", "--since", "HEAD")
    assert both.exit_code == 2


def test_an_invalid_model_on_either_side_exits_2_with_located_errors(kokuho_pair) -> None:  # type: ignore[no-untyped-def]
    before, after = kokuho_pair(("kind: contractor\n", "kind: contracter\n"))
    for args in ((before, after), (after, before)):
        result = run_cli("diff", *args)
        assert result.exit_code == 2
        assert f"{after.name}:" in result.stderr or "after.yaml:" in result.stderr
    missing = run_cli("diff", before, before.with_name("nothing.yaml"))
    assert missing.exit_code == 2 and "nothing.yaml" in missing.stderr
