"""Classifying each change by the form items it alters (``catalog/changes.yaml``): 重要な変更 when it alters an
item marked ※, 軽微な変更 when it is substantive but alters none, no change in substance for titles and notes.

An item the model pre-fills is altered when its answer differs between the versions and the changed element (or
one next to it: a node's flows, a flow's ends, a zone's nodes) is among the answer's refs; the answers are worked
out only for the items some change points at, once per version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pia_toolkit.catalog.changes import HANDOVER_RISK, ChangeCatalog, ChangeRule, ItemRef, change_catalog
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.schema import Contract, Flow, PersonalFile
from pia_toolkit.pia.assessment.form import FormCatalog, FormItem, full_item_form
from pia_toolkit.pia.assessment.prefill import PREFILLERS, Prefill
from pia_toolkit.pia.diff.conditions import CONDITIONS, Versions
from pia_toolkit.pia.diff.elements import ElementChange

RANK = {"none": 0, "minor": 1, "significant": 2}
THRESHOLD = "threshold"
"""The change key of a new しきい値判断 level."""
UNLISTED = "unlisted"
"""The rule id given to a change no row of the table matches (a minor change, to be looked at by hand)."""


@dataclass(frozen=True)
class Verdict:
    """How one change (or one changed attribute) is classified, and why."""

    cls: str
    """significant, minor or none"""
    rules: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    """Form items the change alters."""
    significant_items: tuple[str, ...] = ()
    """Those of them marked ※."""


def strongest(verdicts: list[Verdict]) -> Verdict:
    """One verdict for several: the strongest class, every rule and item once."""
    if not verdicts:
        return Verdict("none")
    cls = max((v.cls for v in verdicts), key=RANK.__getitem__)

    def merged(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(x for v in verdicts for x in getattr(v, name)))

    return Verdict(cls, merged("rules"), merged("items"), merged("significant_items"))


@dataclass
class ClassifiedChange:
    change: ElementChange
    verdict: Verdict
    attributes: dict[str, Verdict] = field(default_factory=dict)
    """For a changed element: the verdict on each changed attribute."""


@dataclass
class ItemEffect:
    """One form item a change alters: its pre-filled answer in each version (None when the model cannot
    pre-fill it) and the changes that alter it."""

    item: FormItem
    significant: bool
    prefilled: bool
    before: Prefill | None = None
    after: Prefill | None = None
    changes: list[str] = field(default_factory=list)
    """Keys of the changes (``flows/f_x``) that alter the item."""


class Answers:
    """What the model pre-fills for the items asked about, in one version, each worked out once."""

    def __init__(self, graph: FlowGraph) -> None:
        self.graph = graph
        self._cache: dict[tuple[str, str], Prefill | None] = {}

    def get(self, item: FormItem, key: str) -> Prefill | None:
        cached = (item.id, key)
        if cached not in self._cache:
            self._cache[cached] = PREFILLERS[key](self.graph, item)
        return self._cache[cached]


def answer_value(found: Prefill | None) -> Any:
    """The answer and its bracketed detail, as compared between versions."""
    return None if found is None else (found.value, found.detail)


def _field_values(found: Prefill | None, field_id: str) -> list[str]:
    rows = found.value if found is not None and isinstance(found.value, list) else []
    return sorted(str(row.get(field_id)) for row in rows if isinstance(row, dict))


def _block_significant(item: FormItem, before: Prefill | None, after: Prefill | None) -> bool:
    """A repeated block (委託事項...) is ※ where one of its ※ fields reads differently."""
    return any(_field_values(before, f.id) != _field_values(after, f.id) for f in item.fields if f.significant)


class Classifier:
    def __init__(self, versions: Versions, form: FormCatalog | None = None, catalog: ChangeCatalog | None = None):
        self.versions = versions
        self.form = form or full_item_form()
        self.catalog = catalog or change_catalog()
        self.old_answers = Answers(versions.old)
        self.new_answers = Answers(versions.new)
        self.effects: dict[str, ItemEffect] = {}

    # ---- one change ------------------------------------------------------------------------------------
    def classify(self, change: ElementChange) -> ClassifiedChange:
        if change.change != "changed":
            return ClassifiedChange(change, self._verdict(change, None))
        attributes = {a.name: self._verdict(change, a.name) for a in change.attributes}
        return ClassifiedChange(change, strongest(list(attributes.values())), attributes)

    def _verdict(self, change: ElementChange, attribute: str | None) -> Verdict:
        rules = self.catalog.rules_for(change.section, change.change, attribute)
        substantive = [rule for rule in rules if not rule.editorial]
        if not rules:
            return Verdict("minor", (UNLISTED,))
        if not substantive:
            return Verdict("none", tuple(rule.id for rule in rules))
        items: list[str] = []
        for rule in substantive:
            items += self._altered(rule, change)
        items = list(dict.fromkeys(items))
        significant = tuple(i for i in items if self.effects[i].significant)
        return Verdict(
            "significant" if significant else "minor", tuple(r.id for r in substantive), tuple(items), significant
        )

    # ---- the items one rule row points at --------------------------------------------------------------
    def _refs(self, rule: ChangeRule, change: ElementChange) -> list[ItemRef]:
        refs: list[ItemRef] = []
        for ref in rule.items:
            if ref.id != HANDOVER_RISK:
                refs.append(ref)
                continue
            relationships = {f.relationship for f in (change.old, change.new) if isinstance(f, Flow)}
            for relationship in sorted(relationships):
                refs += [ItemRef(i) for i in self.catalog.handover_risk.get(relationship, ())]
        return refs

    def _altered(self, rule: ChangeRule, change: ElementChange) -> list[str]:
        altered = []
        holds: bool | None = None
        for ref in self._refs(rule, change):
            if not self.form.has(ref.id):
                continue
            item = self.form.item(ref.id)
            key = ref.prefill or item.prefill
            if key in PREFILLERS:
                if self._answer_altered(item, str(key), change):
                    altered.append(item.id)
                continue
            if holds is None:
                holds = rule.when is None or CONDITIONS[rule.when](change, self.versions)
            if holds:
                self._effect(item, None, None, change.key, prefilled=False)
                altered.append(item.id)
        return altered

    def _answer_altered(self, item: FormItem, key: str, change: ElementChange) -> bool:
        before, after = self.old_answers.get(item, key), self.new_answers.get(item, key)
        if answer_value(before) == answer_value(after):
            return False
        refs = {r for found in (before, after) if found is not None for r in found.refs}
        if refs.isdisjoint(self._near(change)):
            return False
        self._effect(item, before, after, change.key, prefilled=True)
        return True

    def _effect(
        self, item: FormItem, before: Prefill | None, after: Prefill | None, key: str, *, prefilled: bool
    ) -> None:
        effect = self.effects.get(item.id)
        if effect is None:
            significant = item.significant or (prefilled and _block_significant(item, before, after))
            effect = self.effects[item.id] = ItemEffect(item, significant, prefilled, before, after)
        if key not in effect.changes:
            effect.changes.append(key)

    def threshold_changed(self, key: str = THRESHOLD) -> None:
        """Record the items that state the threshold result (Ⅵ1②) as altered by the new level."""
        for item in self.form.items:
            if item.prefill == "threshold_result":
                before, after = self.old_answers.get(item, item.prefill), self.new_answers.get(item, item.prefill)
                self._effect(item, before, after, key, prefilled=True)

    def _near(self, change: ElementChange) -> set[str]:
        """The element and the ones next to it whose ids a pre-filled answer may name instead."""
        near = {*change.ids, *([change.parent] if change.parent else [])}
        if change.section == "scheme":
            near.add("scheme")
        for graph, element in ((self.versions.old, change.old), (self.versions.new, change.new)):
            if element is None:
                continue
            if change.section == "nodes":
                near.update(f.id for f in graph.flows_touching([i for i in change.ids if i in graph.nodes]))
            elif isinstance(element, Flow):
                near.update((element.source, element.target, *element.data))
            elif change.section == "zones":
                near.update(n for i in change.ids for n in graph.members(i))
            elif isinstance(element, Contract):
                near.add(element.contractor)
            elif isinstance(element, PersonalFile):
                near.update((*element.data, *element.held_by))
        return near
