"""The garbage collector is the command's business: opening and checking a model leave it as they found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from pia_toolkit.pia import checked as checked_module
from pia_toolkit.pia.checked import open_model

EXAMPLE = Path(__file__).parents[2] / "flows" / "examples" / "setagaya-999-childbirth-support.yaml"


@pytest.fixture
def any_size_is_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checked_module, "FREEZE_FLOWS", 0)


@pytest.mark.usefixtures("any_size_is_large")
@pytest.mark.parametrize("enabled", [True, False])
def test_opening_and_checking_leave_the_collector_as_found(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    frozen = gc.get_freeze_count()
    try:
        open_model(EXAMPLE, assessment="prefilled")
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == frozen  # a library call never freezes the caller's objects
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.usefixtures("any_size_is_large")
def test_a_command_holding_a_large_model_freezes_it_before_the_collector_resumes() -> None:
    frozen = gc.get_freeze_count()
    try:
        open_model(EXAMPLE, held=True)
        assert gc.get_freeze_count() > frozen
        assert gc.get_count()[0] < 1_000  # nothing left for the first collection to walk
    finally:
        gc.unfreeze()
