"""``pia export``: the assessment as a PDF for the council and the public, and the action plan as CSV."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from pia_toolkit.catalog.texts import say
from pia_toolkit.flows.paths import os_reason
from pia_toolkit.pia import clock
from pia_toolkit.pia.cli import common
from pia_toolkit.pia.cli.options import Paper, assessment_option, output_option

if TYPE_CHECKING:
    from pia_toolkit.pia.assessment.review_record import ReviewRecord
    from pia_toolkit.pia.checked import CheckedModel


class Audience(StrEnum):
    """Who reads the PDF: the council (evidence named by model element and step), or the ward itself (with an
    appendix of file:line references)."""

    council = "council"
    internal = "internal"


def export(
    file: Path = common.MODEL_ARGUMENT,
    output: Path = output_option("出力するPDF / the PDF to write", required=True),
    assessment: Path | None = assessment_option(
        "評価書ファイル（既定: モデルの隣の *.assessment.yaml）/ the assessment file (default: beside the model)"
    ),
    lang: common.Lang = common.LANG_OPTION,
    public: bool = typer.Option(
        False, "--public", help="公開版: 非公開の項目と所在等を省略する / public version: withhold non-public items"
    ),
    action_plan: Path | None = typer.Option(
        None, "--action-plan", help="改善計画をCSV（UTF-8 BOM付き）でも出力する / also write the action plan as CSV"
    ),
    audience: Audience = typer.Option(
        Audience.council,
        "--audience",
        help="council: 審議会向け（ファイル名・行番号なし）/ internal: 記載箇所の付録付き / for the council, or internal",
    ),
    with_findings: bool = typer.Option(
        False, "--with-findings", help="公開版に指摘の概要を載せる / public version: add a summary of the findings"
    ),
    paper: Paper = typer.Option(
        Paper.a4, "--paper", help="別添1の流れ図の用紙（横）/ paper of the 別添1 diagram sheets"
    ),
    reviewer: str | None = typer.Option(None, "--reviewer", help="第三者点検の点検者名 / the reviewer's name"),
    reviewer_org: str | None = typer.Option(
        None, "--reviewer-org", help="点検者の所属・機関 / the reviewer's organisation"
    ),
    review_date: str | None = typer.Option(
        None, "--review-date", metavar="YYYY-MM-DD", help="点検日（既定: 今日）/ date of the review (default: today)"
    ),
    conclusion: str | None = typer.Option(
        None, "--conclusion", help="第三者点検の結果（結論）/ the conclusion of the third-party review"
    ),
) -> None:
    """評価書をPDFに出力する。Export the assessment (form Ⅰ–Ⅵ, 別添1 diagram, findings, review) as a PDF."""
    from pia_toolkit.exports.action_plan import write_action_plan
    from pia_toolkit.exports.pdf import build_pdf
    from pia_toolkit.pia.assessment.disk import present

    language = lang.value
    if output.suffix.lower() != ".pdf":
        common.fail_with(language, "cli.must_be_pdf", path=output)
    if action_plan is not None and action_plan.suffix.lower() != ".csv":
        common.fail_with(language, "cli.must_be_csv", path=action_plan)
    if assessment is not None and not present(assessment):
        common.fail_with(language, "cli.no_assessment_file", path=assessment)
    with common.internal_errors(language):
        checked = common.open_or_exit(file, language, assessment="prefilled", assessment_file=assessment)
        for target in filter(None, (output, action_plan)):
            common.checked_output(language, target, checked.read_files())
        if not checked.document.path.exists():
            common.err_console.print(escape(say("cli.prefilled_for_this_pdf", language)))
        review = _record_review(checked, language, reviewer, reviewer_org, review_date, conclusion)

        def stage(name: str) -> None:
            key, _, detail = name.partition(" ")  # "cover", "section II", "diagram"...
            status.update(f"PDF: {say(f'cli.pdf_stage.{key}', language, detail=detail)} …")

        try:
            with common.err_console.status("PDF …", spinner="dots") as status:
                result = build_pdf(
                    checked,
                    output,
                    lang=language,
                    public=public,
                    audience=audience.value,
                    with_findings=with_findings,
                    paper=paper.value,
                    review=review,
                    progress=stage,
                )
        except OSError as error:
            common.fail_with(language, "cli.cannot_write", path=output, reason=os_reason(error))
        for warning in result.warnings:
            common.warn(language, warning)
        pages = say("cli.pdf_written_public" if public else "cli.pdf_written", language, pages=result.pages)
        common.console.print(f"[green]✓[/] {escape(str(output))}: {escape(pages)}")
        if action_plan is not None:
            try:
                count = write_action_plan(checked.document, action_plan, language)
            except OSError as error:
                common.fail_with(language, "cli.cannot_write", path=action_plan, reason=os_reason(error))
            common.console.print(
                f"[green]✓[/] {escape(str(action_plan))}: {escape(say('cli.actions', language, count=count))}"
            )


def _record_review(
    checked: CheckedModel,
    lang: str,
    reviewer: str | None,
    organisation: str | None,
    date: str | None,
    conclusion: str | None,
) -> ReviewRecord | None:
    """The reviewer's record for this PDF: the stored one with what the options give laid over it, saved in the
    assessment file (where the review app reads it too) when that file exists."""
    from pia_toolkit.pia.assessment.disk import SaveRefused
    from pia_toolkit.pia.assessment.review_record import ReviewRecord, parse_date, review_record, set_review_record

    stored = review_record(checked.document)
    if not any((reviewer, organisation, date, conclusion)):
        return stored
    if date:
        try:
            date = parse_date(date)
        except ValueError:
            common.fail_with(lang, "cli.bad_review_date", value=date)
    elif not (stored and stored.date):
        date = clock.today().isoformat()
    given = ReviewRecord(reviewer or "", organisation or "", date or "", conclusion or "")
    record = (stored or ReviewRecord()).merged(given)
    document = checked.document
    if document.path.exists():
        try:
            set_review_record(document, record)
        except SaveRefused as refused:  # another session changed the header, or the file no longer reads
            common.fail(lang, refused.text(lang))
        common.err_console.print(escape(say("cli.review_recorded", lang, path=document.path)))
    else:
        common.err_console.print(escape(say("cli.review_not_stored", lang)))
    return record


def register(app: typer.Typer) -> None:
    """Add ``pia export`` to ``app``."""
    app.command()(export)
