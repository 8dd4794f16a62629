"""The reviewer's terminal app (``pia review``): walk the 全項目評価書 beside the flow model and its findings.

Screens and widgets only; every change goes through :mod:`pia_toolkit.pia.assessment.document`, which saves
atomically. Imports ``flows``, ``catalog``, ``pia`` (never ``pia.cli``) and ``exports`` (to export from the app).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pia_toolkit.pia.checked import CheckedModel


def run_review(checked: CheckedModel, lang: str = "ja") -> None:
    """Run the app in the terminal until the reviewer quits."""
    from pia_toolkit.tui.app import ReviewApp

    ReviewApp(checked, lang).run()
