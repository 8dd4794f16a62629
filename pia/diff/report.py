"""The change review between two versions of a model, as one value every output draws from.

report = compare(old_checked, new_checked, old_label="HEAD~1:flows/x.yaml", new_label="flows/x.yaml")
report.result                  # significant, minor or none
report.threshold.changed       # the しきい値判断 level differs (reported first)
report.changes                 # ClassifiedChange per element, scheme first
report.items                   # ItemEffect per form item a change alters (what 別添3 records)
report.findings                # new, resolved, unchanged findings; stale decisions; answered questions
report.steps()                 # what follows: re-assessment, public comment... or a correction
"""

from __future__ import annotations

from dataclasses import dataclass

from pia_toolkit.catalog.changes import ClassInfo, Step, change_catalog
from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.threshold import ThresholdResult, level_info
from pia_toolkit.flows.collector import collector_paused
from pia_toolkit.pia.assessment.form import FormCatalog
from pia_toolkit.pia.checked import CheckedModel
from pia_toolkit.pia.diff.classify import RANK, ClassifiedChange, Classifier, ItemEffect
from pia_toolkit.pia.diff.conditions import Versions
from pia_toolkit.pia.diff.elements import diff_documents
from pia_toolkit.pia.diff.findings_delta import FindingsDelta, findings_delta

LEVEL_WHEN_UNKNOWN = "full"
"""A version whose threshold cannot be judged is treated as needing the full-item assessment."""


@dataclass(frozen=True)
class Version:
    label: str
    """How the user named it: ``flows/x.yaml`` or ``HEAD~1:flows/x.yaml``."""
    checked: CheckedModel


@dataclass(frozen=True)
class ThresholdChange:
    before: ThresholdResult
    after: ThresholdResult

    @property
    def changed(self) -> bool:
        return self.before.level != self.after.level


@dataclass
class ChangeReport:
    old: Version
    new: Version
    threshold: ThresholdChange
    changes: list[ClassifiedChange]
    items: list[ItemEffect]
    findings: FindingsDelta
    form: FormCatalog

    @property
    def result(self) -> str:
        """significant, minor or none: the strongest class of any change (a new threshold level is significant)."""
        if self.threshold.changed:
            return "significant"
        return max((c.verdict.cls for c in self.changes), key=RANK.__getitem__, default="none")

    @property
    def result_class(self) -> str:
        """The class whose wording applies: ``threshold`` when the threshold level alone makes it significant."""
        if self.threshold.changed and not self.of_class("significant"):
            return "threshold"
        return self.result

    def info(self) -> ClassInfo:
        return change_catalog().classes[self.result_class]

    def of_class(self, cls: str) -> list[ClassifiedChange]:
        return [c for c in self.changes if c.verdict.cls == cls]

    @property
    def substantive(self) -> list[ClassifiedChange]:
        return [c for c in self.changes if c.verdict.cls != "none"]

    @property
    def level(self) -> str:
        """The assessment level the new version calls for: the one it needs, or the one it declares if higher."""
        needed = self.threshold.after.level
        needed = LEVEL_WHEN_UNKNOWN if needed == "unknown" else needed
        declared = self.new.checked.threshold.declared
        if declared != "unknown" and int(level_info(declared)["rank"]) > int(level_info(needed)["rank"]):
            return declared
        return needed

    def steps(self) -> list[tuple[Step, bool]]:
        """What follows from the result, each step with whether the law requires it at :attr:`level`."""
        return [(step, self.level in step.levels) for step in change_catalog().steps[self.result]]

    def step_lines(self, lang: str = "ja") -> tuple[str | None, list[str]]:
        """The steps as the outputs print them: a note when the law requires none of them at this level (a
        scheme outside the assessment), else each step not required here marked voluntary."""
        steps = self.steps()
        if any(step.levels for step, _ in steps) and not any(required for _, required in steps):
            note = say("diff.none_required", lang, level=self.level_label(lang))
            return note, [step.text.get(lang) for step, _ in steps]
        voluntary = say("diff.voluntary", lang, level=self.level_label(lang))
        return None, [
            step.text.get(lang) + ("" if required or not step.levels else voluntary) for step, required in steps
        ]

    def level_label(self, lang: str = "ja") -> str:
        return level_label(self.level, lang)

    @property
    def timing(self) -> str | None:
        """before (事前) or after (事後): when the change is submitted; None when there is nothing to submit."""
        return self.info().timing


def level_label(level: str, lang: str = "ja") -> str:
    """全項目評価, 重点項目評価... and 対象外 for a scheme without 特定個人情報."""
    return say("diff.not_applicable", lang) if level == "not_applicable" else say(f"common.level.{level}", lang)


def compare(old: CheckedModel, new: CheckedModel, *, old_label: str, new_label: str) -> ChangeReport:
    """Everything that changed from ``old`` to ``new``, classified (both opened with :func:`open_model`)."""
    # Like loading and the rules: many small, short-lived objects and no cycles, beside two large models that the
    # cyclic collector would otherwise walk again and again.
    with collector_paused():
        return _compare(old, new, old_label, new_label)


def _compare(old: CheckedModel, new: CheckedModel, old_label: str, new_label: str) -> ChangeReport:
    versions = Versions(old.graph, new.graph)
    classifier = Classifier(versions)
    changes = [classifier.classify(change) for change in diff_documents(old.graph.document, new.graph.document)]
    threshold = ThresholdChange(old.threshold.result, new.threshold.result)
    if threshold.changed:
        classifier.threshold_changed()
    order = {item.id: index for index, item in enumerate(classifier.form.items)}
    items = sorted(classifier.effects.values(), key=lambda e: order[e.item.id])
    renamed = {
        str(c.change.old_id): c.change.id
        for c in changes
        if c.change.section == "questions" and c.change.old_id is not None
    }
    delta = findings_delta(old.report, new.report, old.graph.document, new.graph.document, renamed)
    delta.checked = bool(old.report.tallies or new.report.tallies)
    return ChangeReport(
        Version(old_label, old), Version(new_label, new), threshold, changes, items, delta, classifier.form
    )
