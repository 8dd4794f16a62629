"""A rule id or a pre-fill key names one function: a second function registered under it fails when its module
is imported, naming the key, and leaves the first one in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pia_toolkit.catalog.rules import rule, rule_functions
from pia_toolkit.pia.assessment.prefill import PREFILLERS
from pia_toolkit.pia.assessment.prefill.registry import prefiller


def _impostor(*_: Any) -> None:
    return None


def _rules() -> dict[str, Any]:
    rule_functions.cache_clear()  # the cached copy would hide a second registration
    return rule_functions()


@pytest.mark.parametrize(
    ("register", "table", "key", "words"),
    [
        (rule, _rules, "NET-01", "rule NET-01 registered twice"),
        (prefiller, lambda: PREFILLERS, "systems", "prefill key systems registered twice"),
    ],
    ids=["rule", "prefill"],
)
def test_a_key_registered_twice_fails_and_keeps_the_first(
    register: Callable[[str], Callable[[Any], Any]], table: Callable[[], dict[str, Any]], key: str, words: str
) -> None:
    first = table()[key]
    with pytest.raises(ValueError, match=f"^{words}$"):
        register(key)(_impostor)
    assert table()[key] is first
    assert first is not _impostor
