"""The risk rules: metadata in ``<group>.yaml``, logic in ``<group>.py``, one small function per rule.

A rule function receives the read-only :class:`~flows.graph.FlowGraph` and yields one :class:`Result` per
element it looked at: not applicable, satisfied, violated, or unknown (an attribute the model does not state).
It never prints and never changes the model. Register it with ``@rule("NET-01")``; its texts, default severity
and form items come from the YAML beside it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import cache
from typing import Any

from pia_toolkit.catalog.data import list_dir, load_yaml
from pia_toolkit.flows.graph import FlowGraph

GROUPS = ("network", "zones", "location", "cloud", "outsourcing", "data", "access", "model", "threshold")


class Severity(IntEnum):
    low = 1
    medium = 2
    high = 3
    critical = 4

    def raised(self) -> Severity:
        return Severity(min(self + 1, Severity.critical))

    def label(self, lang: str = "ja") -> str:
        return (_SEVERITY_JA if lang == "ja" else _SEVERITY_EN)[self]


_SEVERITY_JA = {Severity.low: "低", Severity.medium: "中", Severity.high: "高", Severity.critical: "重大"}
_SEVERITY_EN = {Severity.low: "low", Severity.medium: "medium", Severity.high: "high", Severity.critical: "critical"}


class Outcome(StrEnum):
    not_applicable = "not_applicable"
    satisfied = "satisfied"
    violated = "violated"
    unknown = "unknown"


@dataclass(frozen=True)
class Result:
    """What a rule concluded about one element (or one path)."""

    outcome: Outcome
    elements: tuple[str, ...]
    message: str = ""
    message_en: str = ""
    data: tuple[str, ...] = ()
    """Data items concerned; 特定個人情報 / 要配慮 among them raise the severity."""
    path: tuple[str, ...] = ()
    """Node ids along the path, for path rules."""
    path_flows: tuple[str, ...] = ()
    detail: str | None = None
    """Distinguishes several findings on one element (e.g. the missing clause group)."""


def violated(elements: Iterable[str], message: str, message_en: str, **kw: Any) -> Result:
    return Result(Outcome.violated, tuple(elements), message, message_en, **kw)


def unknown(elements: Iterable[str], message: str, message_en: str, **kw: Any) -> Result:
    return Result(Outcome.unknown, tuple(elements), message, message_en, **kw)


def satisfied(*elements: str) -> Result:
    return Result(Outcome.satisfied, elements)


def not_applicable(*elements: str) -> Result:
    return Result(Outcome.not_applicable, elements)


RuleFunction = Callable[[FlowGraph], Iterator[Result]]


@dataclass(frozen=True)
class RuleMeta:
    """A rule's catalog entry (``catalog/rules/<group>.yaml``)."""

    id: str
    group: str
    severity: Severity
    raise_for_special: bool
    kind: str
    form_items: tuple[str, ...]
    title: str
    title_en: str
    why: str
    why_en: str
    fix: str
    fix_en: str
    example: str = ""
    example_en: str = ""
    references: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def text(self, name: str, lang: str = "ja") -> str:
        value = getattr(self, name if lang == "ja" else f"{name}_en")
        return str(value or getattr(self, name))


_FUNCTIONS: dict[str, RuleFunction] = {}


def rule(rule_id: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register ``function`` as the logic of ``rule_id``."""

    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in _FUNCTIONS:
            raise ValueError(f"rule {rule_id} registered twice")
        _FUNCTIONS[rule_id] = function
        return function

    return register


@cache
def rule_catalog() -> dict[str, RuleMeta]:
    """Every rule's metadata, in catalog order."""
    metas: dict[str, RuleMeta] = {}
    for name in list_dir("rules"):
        for entry in load_yaml(f"rules/{name}") or []:
            metas[entry["id"]] = RuleMeta(
                id=entry["id"],
                group=entry["group"],
                severity=Severity[entry["severity"]],
                raise_for_special=bool(entry.get("raise_for_special", False)),
                kind=entry.get("kind", "auto"),
                form_items=tuple(entry.get("form_items", ())),
                title=entry["title"],
                title_en=entry.get("title_en", entry["title"]),
                why=entry.get("why", ""),
                why_en=entry.get("why_en", ""),
                fix=entry.get("fix", ""),
                fix_en=entry.get("fix_en", ""),
                example=entry.get("example", ""),
                example_en=entry.get("example_en", ""),
                references=tuple(entry.get("references", ())),
                raw=entry,
            )
    order = {group: i for i, group in enumerate(GROUPS)}
    return dict(sorted(metas.items(), key=lambda kv: (order.get(kv[1].group, 99), kv[0])))


@cache
def rule_functions() -> dict[str, RuleFunction]:
    """Every registered rule function (importing the group modules registers them)."""
    for group in GROUPS:
        try:
            importlib.import_module(f"pia_toolkit.catalog.rules.{group}")
        except ModuleNotFoundError as exc:
            if exc.name != f"pia_toolkit.catalog.rules.{group}":
                raise
    return dict(_FUNCTIONS)
