"""The pre-fill registry: one small function per ``prefill:`` key of the form catalog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pia_toolkit.catalog.registry import registrar
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.assessment.form import BlockField, FormItem


@dataclass(frozen=True)
class Prefill:
    """An answer the model gives for one item, and the model elements it came from."""

    value: Any
    refs: list[str] = field(default_factory=list)
    detail: str | None = None
    """Text for the item's 「その他（　）」 or 「（　）内」 companion item (e.g. "LGWAN"), when the form has one."""


Target = FormItem | BlockField
PrefillFunction = Callable[[FlowGraph, Target], Prefill | None]
PREFILLERS: dict[str, PrefillFunction] = {}

prefiller = registrar(PREFILLERS, "prefill key")
"""``@prefiller("systems")`` registers the function below it as the answer to the catalog's ``prefill: systems``."""


def answered(value: Any) -> bool:
    return value not in (None, "", [], {})
