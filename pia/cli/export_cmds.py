"""``pia export``: the assessment as a PDF for the council and the public, and the action plan as CSV."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from pia_toolkit.pia.cli.common import (
    EXIT_INPUT_ERROR,
    LANG_OPTION,
    Lang,
    console,
    err_console,
    fail,
    print_load_errors,
)

_STAGES = {
    "cover": ("表紙", "cover"),
    "diagram": ("別添1の流れ図を描画中", "drawing the Annex 1 diagram"),
    "findings": ("指摘事項一覧", "findings register"),
    "review": ("第三者点検の結果", "review report"),
    "layout": ("ページを組版中（目次のため2回以上）", "laying out pages (twice or more, for the contents)"),
}


def export(
    file: Path = typer.Argument(..., help="フローモデル / flow model (YAML)"),
    output: Path = typer.Option(..., "-o", "--output", help="出力するPDF / the PDF to write"),
    assessment: Path | None = typer.Option(
        None,
        "--assessment",
        "-a",
        help="評価書ファイル（既定: モデルの隣の *.assessment.yaml）/ the assessment file (default: beside the model)",
    ),
    lang: Lang = LANG_OPTION,
    public: bool = typer.Option(
        False, "--public", help="公開版: 非公開の項目と所在等を省略する / public version: withhold non-public items"
    ),
    action_plan: Path | None = typer.Option(
        None, "--action-plan", help="改善計画をCSV（UTF-8 BOM付き）でも出力する / also write the action plan as CSV"
    ),
) -> None:
    """評価書をPDFに出力する。Export the assessment (form Ⅰ–Ⅵ, 別添1 diagram, findings, review) as a PDF."""
    from pia_toolkit.exports.action_plan import write_action_plan
    from pia_toolkit.exports.pdf import build_pdf
    from pia_toolkit.flows.errors import ModelLoadError
    from pia_toolkit.pia.assessment.document import assessment_path
    from pia_toolkit.pia.assessment.session import open_session

    if output.suffix.lower() != ".pdf":
        fail(f"{output}: the output must be a .pdf file")
    if action_plan is not None and action_plan.suffix.lower() != ".csv":
        fail(f"{action_plan}: the action plan must be a .csv file")
    if assessment is not None and not assessment.is_file():
        fail(f"{assessment}: no such assessment file")
    language = lang.value
    try:
        session = open_session(file, assessment, create=False)
    except ModelLoadError as error:
        print_load_errors(error)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    except (OSError, RecursionError) as error:
        fail(f"{file}: cannot load: {error}")
    if not (assessment or assessment_path(file)).exists():
        _prefill_in_memory(session)
        err_console.print(
            "note: no assessment file yet; answers are pre-filled from the model for this PDF only "
            "(run `pia assess init` to keep them)"
        )

    def stage(name: str) -> None:
        ja, en = _STAGES.get(name, (name, name))
        status.update(f"PDF: {ja if language == 'ja' else en} …")

    try:
        with err_console.status("PDF …", spinner="dots") as status:
            result = build_pdf(session, output, lang=language, public=public, progress=stage)
    except OSError as error:
        fail(f"{output}: cannot write: {error}")
    for warning in result.warnings:
        err_console.print(f"[yellow]warning:[/] {escape(warning)}")
    label = "公開版" if public and language == "ja" else ("public version" if public else "")
    suffix = f" ({label})" if label else ""
    pages = f"{result.pages}ページ" if language == "ja" else f"{result.pages} pages"
    console.print(f"[green]✓[/] {escape(str(output))}: {pages}{escape(suffix)}")
    if action_plan is not None:
        try:
            count = write_action_plan(session.assessment, action_plan, language)
        except OSError as error:
            fail(f"{action_plan}: cannot write: {error}")
        console.print(f"[green]✓[/] {escape(str(action_plan))}: {count} action(s)")


def _prefill_in_memory(session: object) -> None:
    """Fill a new, unsaved assessment from the model, as ``assess init`` would, without writing a file."""
    try:
        from pia_toolkit.pia.assessment.init import RefreshSummary, refresh
    except ImportError:
        return
    document = session.assessment  # type: ignore[attr-defined]
    refresh(document, session.graph, RefreshSummary(document.path, True))  # type: ignore[attr-defined]


def register(app: typer.Typer) -> None:
    """Add ``pia export`` to ``app``."""
    app.command()(export)
