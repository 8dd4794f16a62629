"""``pia review``: walk the 全項目評価書 beside the model in a terminal app (tui/)."""

from __future__ import annotations

from pathlib import Path

import typer

from pia_toolkit.flows.errors import ModelLoadError
from pia_toolkit.pia.cli.common import EXIT_INPUT_ERROR, LANG_OPTION, Lang, fail, print_load_errors


def review(
    file: Path = typer.Argument(..., help="フローモデル / flow model (YAML)"),
    assessment: Path | None = typer.Option(
        None,
        "--assessment",
        "-a",
        help="評価書ファイル（既定: <model>.assessment.yaml、なければ作成）/ assessment file",
    ),
    lang: Lang = LANG_OPTION,
) -> None:
    """評価書を点検・記入する端末アプリ。Review and answer the full-item assessment in the terminal.

    The assessment is created, pre-filled from the model, when it does not exist. Answers, verdicts and comments
    are saved as soon as they are committed: Enter, leaving the field, or Ctrl+S.
    """
    from pia_toolkit.pia.assessment.session import open_session

    try:
        session = open_session(file, assessment)
    except ModelLoadError as error:
        print_load_errors(error)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    except (OSError, RecursionError) as error:
        fail(f"{file}: cannot open: {error}")
    # Imported here so that other commands never load Textual.
    from pia_toolkit.tui import run_review

    run_review(session, lang.value)


def register(app: typer.Typer) -> None:
    app.command()(review)
