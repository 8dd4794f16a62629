"""Tables from a key that the catalog's YAML names (a rule id, a form item's ``prefill:`` key) to the small
function that does the work, each filled by a decorator standing on the function itself.

    _FUNCTIONS: dict[str, RuleFunction] = {}
    rule = registrar(_FUNCTIONS, "rule")      # then @rule("NET-01") above the rule's function
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def registrar(table: dict[str, F], what: str) -> Callable[[str], Callable[[F], F]]:
    """The decorator that registers a function under a key in ``table``. A key registered twice is two functions
    claiming one piece of the catalog, a programming error, so it fails on import (``what`` names the key)."""

    def by_key(key: str) -> Callable[[F], F]:
        def register(function: F) -> F:
            if key in table:
                raise ValueError(f"{what} {key} registered twice")
            table[key] = function
            return function

        return register

    return by_key
