"""The change classification (``changes.yaml``): which changes between two versions of a model are 重要な変更,
軽微な変更 or no change in substance, by the form items they alter, and what follows from each class.

The table is data; :mod:`pia_toolkit.pia.diff.classify` walks it. On the catalog's lower floor: imports nothing of
ours but ``data`` and ``texts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pia_toolkit.catalog.data import load_yaml
from pia_toolkit.catalog.texts import Bilingual

CHANGE_KINDS = ("added", "removed", "changed", "renamed")
CLASSES = ("significant", "minor", "none")
"""From the most to the least consequential; ``threshold`` is a significant change with its own wording."""
HANDOVER_RISK = "@handover_risk"
"""In a rule's items: the Ⅲ items for the flow's relationship (``handover_risk``)."""


@dataclass(frozen=True)
class ItemRef:
    """A form item a rule says the change is recorded in, and the pre-fill key to answer it with when the form
    item names none."""

    id: str
    prefill: str | None = None


@dataclass(frozen=True)
class ChangeRule:
    id: str
    sections: tuple[str, ...]
    changes: tuple[str, ...]
    attributes: tuple[str, ...]
    """Attribute names; a name matches itself and the names under it (``location`` ⊃ ``location.country``), and
    ``*.note`` matches a ``note`` at any depth (``certifications.isms.note``). Empty: every attribute."""
    editorial: bool
    """``class: none``: not a change of substance."""
    items: tuple[ItemRef, ...]
    when: str | None
    why: Bilingual
    reference: str

    def matches(self, section: str, change: str, attribute: str | None) -> bool:
        return self.fit(section, change, attribute) is not None

    def fit(self, section: str, change: str, attribute: str | None) -> tuple[int, int] | None:
        """How closely the row names the change (None: it does not match): the attribute by its own name (2),
        by a name above it (1) or not at all (0); then the section by name (1) or by "*" (0)."""
        if change not in self.changes or ("*" not in self.sections and section not in self.sections):
            return None
        by_section = 0 if "*" in self.sections else 1
        if change != "changed" or not self.attributes or attribute is None:
            return 0, by_section
        names = self.attributes
        if attribute in names or any(n.startswith("*.") and attribute.endswith(n[1:]) for n in names):
            return 2, by_section
        if any(attribute.startswith(name + ".") for name in names):
            return 1, by_section
        return None


@dataclass(frozen=True)
class ClassInfo:
    label: Bilingual
    timing: str | None
    """before (事前) or after (事後): when the change is submitted; None when nothing is."""
    timing_reason: Bilingual


@dataclass(frozen=True)
class Step:
    """Something that follows from a class of change: re-assessment, public comment, correction..."""

    id: str
    text: Bilingual
    levels: tuple[str, ...]
    """Assessment levels for which the law requires the step."""
    reference: str


@dataclass(frozen=True)
class ChangeCatalog:
    version: str
    rules: tuple[ChangeRule, ...]
    classes: dict[str, ClassInfo]
    steps: dict[str, tuple[Step, ...]]
    handover_risk: dict[str, tuple[str, ...]]
    threshold_why: Bilingual
    threshold_reference: str

    def rules_for(self, section: str, change: str, attribute: str | None = None) -> list[ChangeRule]:
        """The rows that decide one change: the closest fit wins (an attribute named exactly over a name above it,
        then a row naming the section over a "*" row); rows that fit equally well all count."""
        fits = [(fit, rule) for rule in self.rules if (fit := rule.fit(section, change, attribute)) is not None]
        best = max((fit for fit, _ in fits), default=None)
        return [rule for fit, rule in fits if fit == best]


def _items(entries: list[Any]) -> tuple[ItemRef, ...]:
    refs = []
    for entry in entries:
        if isinstance(entry, str):
            refs.append(ItemRef(entry))
        else:
            refs.append(ItemRef(str(entry["id"]), entry.get("prefill")))
    return tuple(refs)


def _rule(entry: dict[str, Any]) -> ChangeRule:
    where = f"changes.yaml rules.{entry['id']}"
    return ChangeRule(
        id=str(entry["id"]),
        sections=tuple(entry["sections"]),
        changes=tuple(entry.get("changes") or ("changed",)),
        attributes=tuple(entry.get("attributes") or ()),
        editorial=entry.get("class") == "none",
        items=_items(entry.get("items") or []),
        when=entry.get("when"),
        why=Bilingual.of(entry["why"], where=where),
        reference=str(entry.get("reference") or ""),
    )


@cache
def change_catalog() -> ChangeCatalog:
    """The classification shipped in ``catalog/changes.yaml``."""
    raw = load_yaml("changes.yaml")
    classes = {
        name: ClassInfo(
            Bilingual.of(entry["label"], where=f"changes.yaml classes.{name}"),
            entry.get("timing"),
            Bilingual.of(entry["timing_reason"], where=f"changes.yaml classes.{name}"),
        )
        for name, entry in raw["classes"].items()
    }
    steps = {
        name: tuple(
            Step(
                str(step["id"]),
                Bilingual.of(step["text"], where=f"changes.yaml steps.{name}"),
                tuple(step.get("levels") or ()),
                str(step.get("reference") or ""),
            )
            for step in entries
        )
        for name, entries in raw["steps"].items()
    }
    return ChangeCatalog(
        version=str(raw.get("catalog_version", "")),
        rules=tuple(_rule(entry) for entry in raw["rules"]),
        classes=classes,
        steps=steps,
        handover_risk={key: tuple(items) for key, items in raw["handover_risk"].items()},
        threshold_why=Bilingual.of(raw["threshold"]["why"], where="changes.yaml threshold"),
        threshold_reference=str(raw["threshold"].get("reference") or ""),
    )
