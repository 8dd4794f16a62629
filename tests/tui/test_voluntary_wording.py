"""The review app words the form for what the scheme handles, as the PDF does (see
tests/assessment/test_voluntary_wording.py for the form itself)."""

from __future__ import annotations

from pathlib import Path

from pia_toolkit.pia.checked import open_model
from tests.tui.conftest import running, screen_text


async def test_the_tree_of_a_scheme_without_my_number_says_personal_information_file(example: Path) -> None:
    assert not open_model(example).threshold.my_number  # the childbirth-support scheme handles no My Number
    async with running(example, (120, 40)) as (app, _pilot):
        shown = screen_text(app)
    assert "個人情報ファイル" in shown
    assert "特定個人情報ファイル" not in shown and "特定個人情報の流れ図" not in shown
