"""The reviewer's terminal app (``pia review``): walk the 全項目評価書 beside the flow model and its findings.

Screens and widgets only; every change goes through :mod:`pia_toolkit.pia.assessment.document`, which saves
atomically. Imports ``flows``, ``catalog``, ``pia`` (never ``pia.cli``) and ``exports`` (to export from the app).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pia_toolkit.pia.checked import CheckedModel

EXIT_CRASHED = 3
"""The exit code when the app stopped on an error of its own (as ``pia``'s other internal errors)."""


def run_review(checked: CheckedModel, lang: str = "ja", **run: Any) -> None:
    """Run the app in the terminal until the reviewer quits.

    When the app stops on an error, Textual has printed the traceback; this adds where the reviewer's work is
    and exits with :data:`EXIT_CRASHED`, so that a script or a shell never takes a crash for a finished review.
    ``run`` goes to :meth:`App.run` (tests pass ``headless`` and ``auto_pilot``).
    """
    from pia_toolkit.catalog.texts import say
    from pia_toolkit.catalog.texts.visible import visible
    from pia_toolkit.tui.app import ReviewApp

    app = ReviewApp(checked, lang)
    app.run(**run)
    if app.return_code:
        key = "tui.crashed_saved_at" if app.saved_at else "tui.crashed"
        text = say(key, lang, path=checked.document.path, time=app.saved_at)
        print(visible(text), file=sys.stderr)
        raise SystemExit(EXIT_CRASHED)
