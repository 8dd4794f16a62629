"""Assessment commands: ``pia assess init``, ``pia assess status`` and ``pia threshold``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape

from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.texts.visible import json_text
from pia_toolkit.flows.errors import display_path
from pia_toolkit.flows.paths import os_reason
from pia_toolkit.pia.cli import common
from pia_toolkit.pia.cli.options import assessment_option, since_option

assess_app = typer.Typer(
    help="全項目評価書: モデルからの下書き作成と進捗。Create the assessment from the model and see where it stands.",
    no_args_is_help=True,
)

ASSESSMENT_OPTION = assessment_option("評価書ファイル（既定: <model>.assessment.yaml）/ assessment file")


class Format(StrEnum):
    text = "text"
    json = "json"


# ---- pia assess init -----------------------------------------------------------------------------------
@assess_app.command("init")
def init(
    file: Path = common.MODEL_ARGUMENT,
    assessment: Path | None = ASSESSMENT_OPTION,
    lang: common.Lang = common.LANG_OPTION,
    force: bool = typer.Option(
        False, "--force", help="別の事務の評価書にも書き込む / refresh an assessment that names another scheme"
    ),
    since: str | None = since_option(
        "前の版（ファイル、REV:path、git のリビジョン）からの変更を別添3に記録 / record the change since OLD"
    ),
    change_date: str | None = typer.Option(None, "--change-date", help="別添3の変更日（既定: 今日）/ date of change"),
) -> None:
    """評価書を作成・更新する（記入済みの回答は残す）。Create or refresh the assessment from the model.

    A refresh keeps the file's previous version as <assessment>.bak (the last one only).
    """
    from pia_toolkit.pia.assessment.disk import SaveRefused
    from pia_toolkit.pia.assessment.init import initialise
    from pia_toolkit.pia.cli.diff_cmds import record_since, since_change

    language = lang.value
    with common.internal_errors(language):
        checked = common.open_or_exit(
            file, language, assessment="existing", assessment_file=assessment, run_rules=False, other_scheme=force
        )
        document = checked.document
        change = since_change(checked, since, change_date, language) if since is not None else None
        try:
            summary = initialise(document, checked.graph)
        except SaveRefused as refused:
            common.fail(language, refused.text(language))
        except OSError as error:
            common.fail_with(language, "cli.cannot_write", path=document.path, reason=os_reason(error))
        verb = say("status.created" if summary.created else "status.refreshed", language)
        common.console.print(f"[green]✓[/] {escape(verb)}: {escape(str(summary.path))}")
        if summary.backup is not None:
            common.console.print(f"  {escape(say('cli.backup_kept', language, path=display_path(summary.backup)))}")
        counts = say(
            "status.init_summary",
            language,
            prefilled=summary.prefilled,
            filled=len(summary.filled),
            kept=len(summary.kept),
            stale=len(summary.stale),
        )
        common.console.print(escape(counts))
        for note in document.take_notes():
            common.warn(language, note.text(language))
        for item_id in summary.stale:
            item = document.form_item(item_id)
            label = item.text(language) if item else ""
            no_longer = say("status.model_no_longer_answers_it", language)
            common.console.print(f"  [yellow]![/] {escape(item_id)} {escape(label)}: {escape(no_longer)}")
        if change is not None:
            record_since(document, change, language)


# ---- pia assess status ---------------------------------------------------------------------------------
@assess_app.command("status")
def status(
    file: Path = common.MODEL_ARGUMENT,
    assessment: Path | None = ASSESSMENT_OPTION,
    lang: common.Lang = common.LANG_OPTION,
    output_format: Format = typer.Option(Format.text, "--format", "-f", help="text または json"),
) -> None:
    """進捗・未解決の指摘・矛盾・整合性・重要な変更。Progress, open findings, contradictions, consistency."""
    from pia_toolkit.pia.assessment.status import assessment_status, status_json

    language = lang.value
    with common.internal_errors(language):
        checked = common.open_or_exit(file, language, assessment="existing", assessment_file=assessment)
        result = assessment_status(checked)
        document = checked.document
        if output_format == Format.json:
            data = status_json(result, language)
            data["assessment"] = str(document.path)
            data["exists"] = document.path.exists()
            print(json_text(data), end="")
            return
        from pia_toolkit.pia.cli.assess_status_view import print_status

        if not document.path.exists():
            common.err_console.print(escape(say("status.no_assessment_file_yet_pia", language) + str(document.path)))
        print_status(result, document.form, lang, title=checked.graph.document.scheme.title)


# ---- pia threshold -------------------------------------------------------------------------------------
def threshold(file: Path = common.MODEL_ARGUMENT, lang: common.Lang = common.LANG_OPTION) -> None:
    """しきい値判断: 義務となる評価と、その理由。Which assessment is mandatory, and why."""
    language = lang.value
    with common.internal_errors(language):
        checked = common.open_or_exit(file, language, run_rules=False)
        report = checked.threshold
        title = checked.graph.document.scheme.title
        common.console.print(f"[bold]{escape(say('status.threshold_judgment', language))}[/]: {escape(title)}")
        common.console.print(
            f"{escape(say('status.result', language))}: [bold]{escape(report.result.label(language))}[/]"
        )
        common.console.print(f"{escape(say('status.reasons', language))}:")
        for reason in report.reasons(language):
            common.console.print(f"  ・{escape(reason)}")
        if not report.my_number:
            return  # outside the assessment: nothing to compare, nothing to ask
        common.console.print(f"{escape(say('status.declared', language))}: {escape(report.declared_label(language))}")
        style = {True: "green", False: "red", None: "yellow"}[report.meets]
        common.console.print(f"[{style}]{escape(report.verdict(language))}[/]")


def register(app: typer.Typer) -> None:
    """Add ``pia assess ...`` and ``pia threshold``."""
    app.add_typer(assess_app, name="assess")
    app.command("threshold")(threshold)
