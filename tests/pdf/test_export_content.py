"""What the reviewer and the public read: comments and the action plan, the public version's omissions,
choices as the form shows them, and located errors for bad input."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from pia_toolkit.exports.action_plan import action_plan_csv
from pia_toolkit.pia.assessment.document import assessment_path
from pia_toolkit.pia.assessment.form import full_item_form
from pia_toolkit.pia.assessment.init import init_assessment
from tests.conftest import run_cli
from tests.model_text import write
from tests.pdf.conftest import pdf_text, squash

COMMENT = "点検者意見：事務の名称を条例上の正式名称にそろえること"


def test_reviewer_comment_verdict_and_action_plan_are_exported(project: Path, tmp_path: Path) -> None:
    assessment = init_assessment(project)[0]
    assessment.set_verdict("I-1-1-business-name", "needs_correction")
    assessment.set_comment("I-1-1-business-name", COMMENT)
    assessment.set_action("I-1-1-business-name", "子ども家庭課", "2027-03-31")
    assessment.set_verdict("I-5-legal-basis", "adequate")
    output = tmp_path / "report.pdf"
    plan = tmp_path / "plan.csv"

    result = run_cli("export", project, "-o", output, "--action-plan", plan)

    assert result.exit_code == 0, result.stderr
    text = squash(pdf_text(output))
    assert squash(COMMENT) in text
    assert "第三者点検の結果" in text
    assert "要修正" in text and "妥当" in text
    assert "2027-03-31" in text
    raw = plan.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["項目ID", "項目", "評価", "意見", "対応者", "期限"]
    assert rows[1][0] == "I-1-1-business-name"
    assert rows[1][2:] == ["要修正", COMMENT, "子ども家庭課", "2027-03-31"]
    assert len(rows) == 2, "an item with a verdict but no action is not in the action plan"


def test_action_plan_csv_has_bom_even_when_empty(project: Path) -> None:
    text = action_plan_csv(init_assessment(project)[0])
    assert text.startswith("\ufeff項目ID")
    assert text.count("\r\n") == 1


def test_public_version_withholds_non_public_items_and_addresses(project: Path, tmp_path: Path) -> None:
    secret_item = next(i for i in full_item_form().items if not i.public and i.type in ("text", "textarea"))
    secret = "サーバ室B棟7階ラック12"
    assessment = init_assessment(project)[0]
    assessment.set_answer(secret_item.id, secret)
    internal = tmp_path / "internal.pdf"
    public = tmp_path / "public.pdf"

    assert run_cli("export", project, "-o", internal).exit_code == 0
    assert run_cli("export", project, "-o", public, "--public").exit_code == 0

    internal_text, public_text = squash(pdf_text(internal)), squash(pdf_text(public))
    assert squash(secret) in internal_text
    assert squash(secret) not in public_text
    assert "（非公開）" in public_text
    assert "公開版" in public_text
    for address in ("第二データセンター", "192.0.2.10", "10.20.30.40"):
        assert address in internal_text
        assert address not in public_text
    assert squash(secret_item.id) in public_text, "the omitted item's place is still marked"


def test_fixed_choices_list_every_choice_and_mark_the_chosen_one(project: Path, tmp_path: Path) -> None:
    item = next(i for i in full_item_form().items if i.type == "choice" and len(i.choices) >= 3)
    assessment = init_assessment(project)[0]
    assessment.set_answer(item.id, item.choices[1].id)
    output = tmp_path / "report.pdf"
    assert run_cli("export", project, "-o", output).exit_code == 0
    text = squash(pdf_text(output))
    on, off = ("☑", "☐") if "☑" in text else ("■", "□")
    assert on + squash(item.choices[1].label.ja) in text
    assert off + squash(item.choices[0].label.ja) in text
    assert off + squash(item.choices[2].label.ja) in text


def test_unanswered_items_say_so_and_model_answers_say_where_they_came_from(project: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.pdf"
    assert run_cli("export", project, "-o", output).exit_code == 0
    text = squash(pdf_text(output))
    assert "未回答" in text
    assert "モデルから自動記入" in text


def test_existing_assessment_is_used_and_left_unchanged(project: Path, tmp_path: Path) -> None:
    assessment = init_assessment(project)[0]
    assessment.set_answer("I-4-1-necessity", "給付の重複を防ぐために個人番号で照合する必要がある。")
    before = assessment_path(project).read_bytes()
    output = tmp_path / "report.pdf"
    assert run_cli("export", project, "-o", output).exit_code == 0
    assert "給付の重複を防ぐため" in squash(pdf_text(output))
    assert "入力" in pdf_text(output)
    assert assessment_path(project).read_bytes() == before


def test_bad_model_gives_located_error_and_exit_2(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.yaml", "scheme:\n  id: s\n  title: [\n")
    result = run_cli("export", broken, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "broken.yaml:" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "report.docx"], ".pdf"),
        (["-o", "report.pdf", "--action-plan", "plan.xlsx"], ".csv"),
        (["-o", "report.pdf", "--assessment", "missing.assessment.yaml"], "評価書ファイルがない"),
    ],
)
def test_bad_arguments_exit_2(project: Path, tmp_path: Path, args: list[str], message: str) -> None:
    resolved = [str(tmp_path / a) if a.endswith((".pdf", ".docx", ".xlsx", ".yaml")) else a for a in args]
    result = run_cli("export", project, *resolved)
    assert result.exit_code == 2
    assert message in result.stderr
