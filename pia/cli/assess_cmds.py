"""Assessment commands: ``pia assess init``, ``pia assess status`` and ``pia threshold``."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

import typer
from rich.markup import escape

from pia_toolkit.flows.errors import ModelLoadError
from pia_toolkit.pia.cli.common import (
    EXIT_INPUT_ERROR,
    LANG_OPTION,
    Lang,
    console,
    err_console,
    fail,
    load_graph,
    print_load_errors,
)

assess_app = typer.Typer(
    help="全項目評価書: モデルからの下書き作成と進捗。Create the assessment from the model and see where it stands.",
    no_args_is_help=True,
)

MODEL_ARGUMENT = typer.Argument(..., help="フローモデル / flow model")
ASSESSMENT_OPTION = typer.Option(
    None, "--assessment", "-a", help="評価書ファイル（既定: <model>.assessment.yaml）/ assessment file"
)

T = TypeVar("T")


class Format(StrEnum):
    text = "text"
    json = "json"


def _guarded(action: Callable[[], T]) -> T:
    """Run ``action``; a bad model or assessment stops with located errors and exit code 2."""
    try:
        return action()
    except ModelLoadError as error:
        print_load_errors(error)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    except (OSError, RecursionError) as error:
        fail(f"cannot read or write: {error}")


def _t(lang: Lang, ja: str, en: str) -> str:
    return ja if lang == Lang.ja else en


# ---- pia assess init -----------------------------------------------------------------------------------
@assess_app.command("init")
def init(file: Path = MODEL_ARGUMENT, assessment: Path | None = ASSESSMENT_OPTION, lang: Lang = LANG_OPTION) -> None:
    """評価書を作成・更新する（記入済みの回答は残す）。Create or refresh the assessment from the model."""
    from pia_toolkit.pia.assessment.init import initialise

    graph = load_graph(file)
    document, summary = _guarded(lambda: initialise(file, assessment, graph=graph))
    verb = _t(lang, "作成", "created") if summary.created else _t(lang, "更新", "refreshed")
    console.print(f"[green]✓[/] {verb}: {escape(str(summary.path))}")
    console.print(
        _t(
            lang,
            f"  モデルから記入 {summary.prefilled} 項目（うち新規・変更 {len(summary.filled)}）、"
            f"記入済みの回答を保持 {len(summary.kept)} 項目、古くなった回答 {len(summary.stale)} 項目",
            f"  pre-filled {summary.prefilled} items ({len(summary.filled)} new or changed), "
            f"kept {len(summary.kept)} entered answers, flagged {len(summary.stale)} stale",
        )
    )
    for item_id in summary.stale:
        item = document.form_item(item_id)
        label = item.text(lang.value) if item else ""
        console.print(
            f"  [yellow]![/] {escape(item_id)} {escape(label)}: "
            + _t(lang, "モデルが答えなくなった", "model no longer answers it")
        )


# ---- pia assess status ---------------------------------------------------------------------------------
@assess_app.command("status")
def status(
    file: Path = MODEL_ARGUMENT,
    assessment: Path | None = ASSESSMENT_OPTION,
    lang: Lang = LANG_OPTION,
    output_format: Format = typer.Option(Format.text, "--format", "-f", help="text または json"),
) -> None:
    """進捗・未解決の指摘・矛盾・整合性・重要な変更。Progress, open findings, contradictions, consistency."""
    from pia_toolkit.pia.assessment.session import open_session
    from pia_toolkit.pia.assessment.status import assessment_status, status_json

    load_graph(file)  # a bad model reports its located errors first
    session = _guarded(lambda: open_session(file, assessment, create=False))
    result = assessment_status(session)
    if output_format == Format.json:
        data = status_json(result, lang.value)
        data["assessment"] = str(session.assessment.path)
        data["exists"] = session.assessment.path.exists()
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from pia_toolkit.pia.cli.assess_status_view import print_status

    if not session.assessment.path.exists():
        err_console.print(
            _t(
                lang,
                "評価書ファイルがまだない（pia assess init で作成）: ",
                "no assessment file yet (pia assess init): ",
            )
            + escape(str(session.assessment.path))
        )
    print_status(result, session.assessment.form, lang, title=session.graph.document.scheme.title)


# ---- pia threshold -------------------------------------------------------------------------------------
def threshold(file: Path = MODEL_ARGUMENT, lang: Lang = LANG_OPTION) -> None:
    """しきい値判断: 義務となる評価と、その理由。Which assessment is mandatory, and why."""
    from pia_toolkit.pia.threshold_report import threshold_report

    graph = load_graph(file)
    report = threshold_report(graph)
    console.print(f"[bold]{_t(lang, 'しきい値判断', 'Threshold judgment')}[/]: {escape(graph.document.scheme.title)}")
    for reason in report.reasons(lang.value):
        console.print(f"  {escape(reason)}")
    console.print(f"{_t(lang, '結果', 'Result')}: [bold]{escape(report.result.label(lang.value))}[/]")
    console.print(f"{_t(lang, '宣言された評価', 'Declared')}: {escape(report.declared_label(lang.value))}")
    style = {True: "green", False: "red", None: "yellow"}[report.meets if report.my_number else None]
    console.print(f"[{style}]{escape(report.verdict(lang.value))}[/]")


def register(app: typer.Typer) -> None:
    """Add ``pia assess ...`` and ``pia threshold``."""
    app.add_typer(assess_app, name="assess")
    app.command("threshold")(threshold)
