"""``pia review``: walk the 全項目評価書 beside the model in a terminal app (tui/)."""

from __future__ import annotations

from pathlib import Path

import typer

from pia_toolkit.flows.paths import os_reason
from pia_toolkit.pia.cli import common
from pia_toolkit.pia.cli.options import assessment_option


def review(
    file: Path = common.MODEL_ARGUMENT,
    assessment: Path | None = assessment_option(
        "評価書ファイル（既定: <model>.assessment.yaml、なければ作成）/ assessment file"
    ),
    lang: common.Lang = common.LANG_OPTION,
) -> None:
    """評価書を点検・記入する端末アプリ。Review and answer the full-item assessment in the terminal.

    The assessment is created, pre-filled from the model, when it does not exist. Answers, verdicts and comments
    are saved as soon as they are committed: Enter, leaving the field, or Ctrl+S.
    """
    from pia_toolkit.pia.assessment.disk import SaveRefused

    language = lang.value
    with common.internal_errors(language):
        checked = common.open_or_exit(file, language, assessment="prefilled", assessment_file=assessment)
        if not checked.document.path.exists():
            try:
                checked.document.save()  # the reviewer works on a file from the first key on
            except SaveRefused as refused:  # created meanwhile by another session, and not mergeable
                common.fail(language, refused.text(language))
            except OSError as error:
                common.fail_with(language, "cli.cannot_write", path=checked.document.path, reason=os_reason(error))
        # Imported here so that other commands never load Textual.
        from pia_toolkit.tui import run_review

        run_review(checked, language)


def register(app: typer.Typer) -> None:
    app.command()(review)
