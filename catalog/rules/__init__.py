"""The risk rules: metadata in ``<group>.yaml``, logic in ``<group>.py``, one small function per rule.

A rule function receives the read-only :class:`~flows.graph.FlowGraph` and yields one :class:`Result` per
element it looked at: not applicable, satisfied, violated, or unknown (an attribute the model does not state).
It never prints and never changes the model. Register it with ``@rule("NET-01")``; its texts, default severity
and form items come from the YAML beside it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pia_toolkit.catalog.data import list_dir, load_yaml
from pia_toolkit.catalog.registry import registrar
from pia_toolkit.catalog.texts import Bilingual, say

if TYPE_CHECKING:
    # The graph (networkx, the pydantic schema) is imported by the rule modules and the wording by whoever words a
    # result, not by the catalog: `pia --help` and `pia rules` read the catalog without either.
    from pia_toolkit.catalog.rules.facts import Fact
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
        return say(f"common.severity.{self.name}", lang)


class Outcome(StrEnum):
    not_applicable = "not_applicable"
    satisfied = "satisfied"
    violated = "violated"
    unknown = "unknown"


@dataclass(frozen=True)
class Result:
    """What a rule concluded about one element (or one path): facts, never sentences."""

    outcome: Outcome
    elements: tuple[str, ...]
    message: str = ""
    """The key of the rule's message (``messages:`` in its YAML) that words this result."""
    facts: Mapping[str, Fact] = field(default_factory=dict)
    """What the message's placeholders are filled with."""
    data: tuple[str, ...] = ()
    """Data items concerned; 特定個人情報 / 要配慮 among them raise the severity."""
    path: tuple[str, ...] = ()
    """Node ids along the path, for path rules."""
    path_flows: tuple[str, ...] = ()
    detail: str | None = None
    """Distinguishes several findings on one element (e.g. the missing clause group)."""


_NO_FACTS: Mapping[str, Fact] = MappingProxyType({})
_new = object.__new__


def _result(
    outcome: Outcome,
    elements: tuple[str, ...],
    message: str = "",
    facts: Mapping[str, Fact] = _NO_FACTS,
    data: tuple[str, ...] = (),
    path: tuple[str, ...] = (),
    path_flows: tuple[str, ...] = (),
    detail: str | None = None,
) -> Result:
    """``Result(...)`` without the frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field): a rule
    pack yields 100,000 results on a 10,000-node model, and building them was a fifth of its time. Every field is
    set, so the result is the one ``Result(...)`` would make (``tests/rules`` compares the two)."""
    result = _new(Result)
    result.__dict__.update(
        outcome=outcome,
        elements=elements,
        message=message,
        facts=facts,
        data=data,
        path=path,
        path_flows=path_flows,
        detail=detail,
    )
    return result


class _Outcome:
    """``violated(elements, "message_key", data=..., **facts)``: a result a finding is made from."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome

    def __call__(
        self,
        elements: Iterable[str],
        message: str,
        *,
        data: Iterable[str] = (),
        path: Iterable[str] = (),
        path_flows: Iterable[str] = (),
        detail: str | None = None,
        **facts: Fact,
    ) -> Result:
        return _result(
            self.outcome, tuple(elements), message, facts, tuple(data), tuple(path), tuple(path_flows), detail
        )


violated = _Outcome(Outcome.violated)
unknown = _Outcome(Outcome.unknown)


def satisfied(*elements: str) -> Result:
    return _result(Outcome.satisfied, elements)


def not_applicable(*elements: str) -> Result:
    return _result(Outcome.not_applicable, elements)


RuleFunction = Callable[["FlowGraph"], Iterator[Result]]


@dataclass(frozen=True)
class RuleMeta:
    """A rule's catalog entry (``catalog/rules/<group>.yaml``): what it is, why, how to fix, how it words results."""

    id: str
    group: str
    severity: Severity
    raise_for_special: bool
    kind: str
    form_items: tuple[str, ...]
    title: Bilingual
    why: Bilingual
    fix: Bilingual
    example: Bilingual
    references: tuple[str, ...] = ()
    severity_by_class: Mapping[str, Severity] = field(default_factory=dict)
    """Severity by the strongest class of data a result concerns (my_number, sensitive, guarded): access rules
    weigh a system of children's records less than one of My Number data. Empty: ``severity`` for all."""
    cause: str = ""
    """Findings of rules with one cause on the same elements are one problem, shown together (default: group)."""
    hygiene: bool = False
    """A remark on the model itself (a missing arrow, an unused declaration), listed after the privacy findings."""
    messages: Mapping[str, Bilingual] = field(default_factory=dict)
    """Templates for the rule's results, by the key a result names."""
    words: Mapping[str, Bilingual] = field(default_factory=dict)
    """Short phrases that a template lists (missing clause names, reasons...)."""
    reads: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """``section.attribute`` → what an unknown value of it gives: {kind: ask} (this rule asks), {kind: asked_by,
    rule: ID} (another rule asks), {kind: ask_when_omitted} (it can only be left out), or {kind: known, why: ...}
    (it needs no question, and why). ``tests/rules/test_unknowns.py`` holds every rule to it."""

    def __post_init__(self) -> None:
        if not self.cause:
            object.__setattr__(self, "cause", self.group)

    def text(self, name: str, lang: str = "ja") -> str:
        """``title``, ``why``, ``fix`` or ``example`` in ``lang``."""
        value: Bilingual = getattr(self, name)
        return value.get(lang)

    def word(self, result: Result, graph: FlowGraph, lang: str = "ja") -> str:
        """The message of ``result`` in ``lang``."""
        template = self.messages.get(result.message)
        if template is None:
            raise KeyError(f"rule {self.id} has no message '{result.message}' (messages: in its YAML)")
        from pia_toolkit.catalog.rules.facts import Wording

        return Wording(graph, lang, self.words).message(template, result.facts)


_FUNCTIONS: dict[str, RuleFunction] = {}

rule = registrar(_FUNCTIONS, "rule")
"""``@rule("NET-01")`` registers the function below it as the logic of that rule."""


def _pair(entry: dict[str, Any], name: str) -> Bilingual:
    """``name`` and ``name_en`` of a catalog entry as one text (English falls back to Japanese)."""
    return Bilingual(str(entry.get(name) or ""), str(entry.get(f"{name}_en") or entry.get(name) or ""))


def _texts(entry: dict[str, Any], name: str) -> dict[str, Bilingual]:
    where = f"rule {entry.get('id')}: {name}"
    return {str(key): Bilingual.of(value, where=f"{where}.{key}") for key, value in (entry.get(name) or {}).items()}


def _reads(entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The ``reads:`` declarations, each as {kind, rule?, why?, for?, omitted_only?}."""
    reads: dict[str, dict[str, Any]] = {}
    for attribute, spec in (entry.get("reads") or {}).items():
        if spec in ("ask", "ask_when_omitted"):
            reads[str(attribute)] = {"kind": "ask", "omitted_only": spec == "ask_when_omitted"}
        elif isinstance(spec, dict) and "asked_by" in spec:
            reads[str(attribute)] = {
                "kind": "asked_by",
                "rule": str(spec["asked_by"]),
                "omitted_only": bool(spec.get("omitted_only")),
            }
        elif isinstance(spec, dict) and "ask" in spec:
            # asked for these node kinds only; `others` says why the rest need no question
            reads[str(attribute)] = {"kind": "ask", "for": list(spec["ask"]), "why": str(spec.get("others", ""))}
        elif isinstance(spec, dict) and "known" in spec:
            reads[str(attribute)] = {"kind": "known", "why": str(spec["known"])}
        else:
            raise ValueError(
                f"rule {entry.get('id')}: reads.{attribute} must be ask, ask_when_omitted, "
                "{asked_by: RULE}, {ask: [kinds], others: why} or {known: why}"
            )
    return reads


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
                title=_pair(entry, "title"),
                why=_pair(entry, "why"),
                fix=_pair(entry, "fix"),
                example=_pair(entry, "example"),
                references=tuple(entry.get("references", ())),
                severity_by_class={
                    str(name): Severity[str(level)] for name, level in (entry.get("severity_by_class") or {}).items()
                },
                cause=str(entry.get("cause") or ""),
                hygiene=bool(entry.get("hygiene", False)),
                messages=_texts(entry, "messages"),
                words=_texts(entry, "words"),
                reads=_reads(entry),
            )
    order = {group: i for i, group in enumerate(GROUPS)}
    return dict(sorted(metas.items(), key=lambda kv: (order.get(kv[1].group, 99), kv[0])))


@cache
def rule_functions() -> dict[str, RuleFunction]:
    """Every registered rule function (importing the group modules registers them)."""
    for group in GROUPS:
        importlib.import_module(f"{__name__}.{group}")
    return dict(_FUNCTIONS)
