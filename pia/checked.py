"""Opening a model, for every command: one function, one result type.

    checked = open_model(Path("flows/examples/x.yaml"), assessment="prefilled")
    checked.graph, checked.report, checked.threshold, checked.assessment
    checked.summary()                 # the counts every output shows
    checked.exit_code(Severity.high)  # what ``pia check --fail-on high`` exits with
    checked.findings_for(item_id)     # findings attached to a form item

``open_model`` loads the model with located errors, reads the policy and the triage decisions, runs the rules,
judges the threshold and, on request, opens the assessment. Every problem in any of the files the user wrote is
raised together in one :class:`~pia_toolkit.flows.errors.ModelLoadError`, so the owner fixes them in one pass.
The CLI, the exports and the review app all start here; exporters only render what it returns.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from pia_toolkit.catalog.rules import Severity
from pia_toolkit.catalog.texts import message
from pia_toolkit.flows.collector import collector_paused
from pia_toolkit.flows.errors import ModelError, ModelLoadError, display_path
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.loader import PROJECT_MARKERS, load
from pia_toolkit.pia import engine
from pia_toolkit.pia.assessment.naming import assessment_path
from pia_toolkit.pia.findings import CheckReport, Finding, fails
from pia_toolkit.pia.policy import POLICY_FILE, Policy
from pia_toolkit.pia.threshold_report import ThresholdReport, threshold_report
from pia_toolkit.pia.triage import Triage, triage_path

if TYPE_CHECKING:
    # The assessment (its document, form and writer) is imported by the commands that open one: `pia check`,
    # `render` and `diff` never do.
    from pia_toolkit.pia.assessment.document import Assessment

_T = TypeVar("_T")

AssessmentMode = Literal["none", "existing", "prefilled"]
"""none: no assessment · existing: the file as it is (an empty, unsaved one if there is none) · prefilled: the
file as it is, or, when there is none yet, one pre-filled from the model in memory (nothing is written)."""

EXIT_OK, EXIT_FINDINGS = 0, 1
SEVERITIES = (Severity.critical, Severity.high, Severity.medium, Severity.low)


@dataclass(frozen=True)
class Summary:
    """The counts every output shows, from one definition of an open finding (:attr:`Finding.open`)."""

    open_violations: Counter[Severity]
    open_questions: int
    triaged: int
    elements_with_violations: int = 0
    """Problems (findings grouped by element and cause) with an open violation: one e-mailed spreadsheet is one."""
    elements_with_questions: int = 0
    """Problems with open questions only."""

    @property
    def violations(self) -> int:
        return sum(self.open_violations.values())

    @property
    def open_findings(self) -> int:
        return self.violations + self.open_questions

    def as_dict(self) -> dict[str, int]:
        counts = {severity.name: self.open_violations[severity] for severity in SEVERITIES}
        return {
            **counts,
            "questions": self.open_questions,
            "triaged": self.triaged,
            "elements_with_violations": self.elements_with_violations,
            "elements_with_questions": self.elements_with_questions,
        }


def summarise(report: CheckReport) -> Summary:
    violations: Counter[Severity] = Counter()
    questions = triaged = 0
    for finding in report.findings:
        if not finding.open:
            triaged += 1
        elif finding.question:
            questions += 1
        else:
            violations[finding.severity] += 1
    # A problem counts by its open findings: with an open violation, or with open questions only.
    with_violations = with_questions = 0
    for group in report.groups():
        open_findings = [f for f in group.findings if f.open]
        if any(not f.question for f in open_findings):
            with_violations += 1
        elif open_findings:
            with_questions += 1
    return Summary(violations, questions, triaged, with_violations, with_questions)


_SAMPLE = Path("m.yaml")
_COMPANION_SUFFIXES = {
    "assessment": assessment_path(_SAMPLE).name.removeprefix("m"),
    "triage": triage_path(_SAMPLE).name.removeprefix("m"),
}


def companion_kind(path: Path) -> str | None:
    """What a file a glob picked up is when it is the tool's own file beside the models, not a model:
    ``assessment``, ``triage``, ``policy`` or ``project``; None for anything else."""
    for kind, suffix in _COMPANION_SUFFIXES.items():
        if path.name.endswith(suffix):
            return kind
    if path.name == POLICY_FILE:
        return "policy"
    if path.name in PROJECT_MARKERS:
        return "project"
    return None


@dataclass
class CheckedModel:
    """One model file and everything the commands show about it."""

    path: Path
    graph: FlowGraph
    report: CheckReport
    threshold: ThresholdReport
    policy: Policy
    triage_path: Path | None = None
    """The triage file the decisions came from, if one was read."""
    assessment: Assessment | None = None
    _by_item: dict[str, list[Finding]] | None = field(default=None, repr=False)

    @property
    def shown(self) -> str:
        """The model's path as the user typed it (relative to the working folder when possible)."""
        return display_path(self.path)

    @property
    def policy_path(self) -> Path | None:
        return self.policy.path

    def read_files(self) -> list[Path]:
        """Every file this model was read from (the model, its includes, the triage, policy and assessment
        files): what no output may overwrite."""
        files = [self.path, self.triage_path, self.policy_path]
        if self.assessment is not None:
            files.append(self.assessment.path)
        loaded = self.graph.loaded
        if loaded is not None:
            sources = [loaded.sources.main, *(s for spans in loaded.sources.ranges.values() for *_, s in spans)]
            files.extend(Path(source.file) for source in sources)
        return [file for file in dict.fromkeys(files) if file is not None]

    def summary(self) -> Summary:
        return summarise(self.report)

    def fails(self, threshold: Severity | None) -> bool:
        """An open violation at or above ``threshold``; questions and triaged findings never fail a run."""
        return any(fails(finding, threshold) for finding in self.report.findings)

    def exit_code(self, threshold: Severity | None) -> int:
        return EXIT_FINDINGS if self.fails(threshold) else EXIT_OK

    def findings_for(self, item_id: str) -> list[Finding]:
        """The findings that feed one form item, in report order."""
        if self._by_item is None:
            self._by_item = {}
            for finding in self.report.findings:
                for form_item in finding.form_items:
                    self._by_item.setdefault(form_item, []).append(finding)
        return self._by_item.get(item_id, [])

    def open_findings_for(self, item_id: str) -> list[Finding]:
        return [finding for finding in self.findings_for(item_id) if finding.open]

    def items_for(self, finding: Finding) -> list[str]:
        """The form items a finding feeds that the assessment's form has."""
        form = self.assessment.form if self.assessment is not None else None
        return [item for item in finding.form_items if form is None or form.has(item)]

    @property
    def document(self) -> Assessment:
        """The assessment, for callers that opened the model with one."""
        if self.assessment is None:
            raise RuntimeError("the model was opened without its assessment")
        return self.assessment


def open_model(
    path: Path,
    *,
    policy: Path | Policy | None = None,
    triage: Path | None = None,
    assessment: AssessmentMode = "none",
    assessment_file: Path | None = None,
    run_rules: bool = True,
    other_scheme: bool = False,
    held: bool = False,
) -> CheckedModel:
    """Open ``path`` as every command does; raises ModelLoadError listing every located problem.

    ``policy`` is a policy file (or one already read) instead of the ``pia-policy.yaml`` found in the project;
    ``triage`` a triage file instead of ``<model>.triage.yaml``; ``assessment_file`` an assessment instead of
    ``<model>.assessment.yaml``. ``run_rules=False`` (``pia validate``) reads and validates every file but
    runs no rule. An assessment whose header names another scheme than the model's is a located error unless
    ``other_scheme`` (``pia assess init --force``).

    ``held`` is for a caller that keeps the model until its process ends (every ``pia`` command). Loaded and
    checked with the collector paused, a large model sits whole in the collector's youngest generation, and
    the first collection after the pause (formatting 40,000 findings) would walk its millions of objects, then
    again as they age: seconds of a large ``pia check``. Frozen before the collector resumes, they are left be;
    they are still freed by reference counting. Freezing is process-wide, so it is the command's choice, never
    a library call's: without ``held`` the collector is left as it was found.
    """
    with collector_paused():  # see there: a large model would be rescanned by every collection otherwise
        checked = _open_model(path, policy, triage, assessment, assessment_file, run_rules, other_scheme)
        if held and len(checked.graph.flows) >= FREEZE_FLOWS:
            gc.freeze()
        return checked


FREEZE_FLOWS = 5_000
"""From this many flows on, a model opened ``held`` is moved out of the collector's reach."""


def _open_model(
    path: Path,
    policy: Path | Policy | None,
    triage: Path | None,
    assessment: AssessmentMode,
    assessment_file: Path | None,
    run_rules: bool,
    other_scheme: bool,
) -> CheckedModel:
    errors: list[ModelError] = []
    warnings: list[ModelError] = []
    graph = _collect(errors, lambda: FlowGraph.build(load(path)), warnings)
    opened_policy = _collect(errors, lambda: _policy(path, policy))
    decisions = _collect(errors, lambda: Triage.load(triage) if triage else Triage.beside(path))
    document = None
    if assessment != "none":
        file = assessment_file or assessment_path(path)
        from pia_toolkit.pia.assessment.document import Assessment

        document = _collect(errors, lambda: Assessment.open(file, path))
        if document is not None and graph is not None and not other_scheme:
            errors.extend(_scheme_mismatch(document, graph))
            errors.extend(_model_mismatch(document, path))
    if errors or graph is None or opened_policy is None:
        raise ModelLoadError(errors, warnings)
    report = engine.check(graph, opened_policy, decisions) if run_rules else CheckReport([])
    used_triage = triage or (triage_path(path) if decisions is not None else None)
    threshold = threshold_report(graph)
    if document is not None and not threshold.my_number:
        from pia_toolkit.pia.assessment.form import full_item_form

        document.form = full_item_form(my_number=False)  # the same items, worded for 個人情報 (see there)
    checked = CheckedModel(path, graph, report, threshold, opened_policy, used_triage, document)
    if document is not None and assessment == "prefilled" and not document.path.exists():
        from pia_toolkit.pia.assessment.refresh import RefreshSummary, refresh

        refresh(document, graph, RefreshSummary(document.path, created=True))
    return checked


def _scheme_mismatch(document: Assessment, graph: FlowGraph) -> list[ModelError]:
    """An assessment written for another scheme: refreshing or showing it with this model mixes two schemes."""
    named = document.data["assessment"].get("scheme")
    model = graph.document.scheme.id
    if named is None or named == model:
        return []
    where = document.header_position("scheme")
    return [ModelError(where, message("loader.assessment_other_scheme", assessment=named, model=model))]


def _model_mismatch(document: Assessment, model: Path) -> list[ModelError]:
    """An assessment whose header names another model file: shown or refreshed with this model, its answers
    would be compared with, and overwritten by, what another file says."""
    if document.names_model(model):
        return []
    named = document.data["assessment"].get("model")
    key = "loader.assessment_other_model" if isinstance(named, str) and named.strip() else "loader.assessment_no_model"
    where = document.header_position("model")
    return [ModelError(where, message(key, assessment=named, model=display_path(model)))]


def _policy(model: Path, given: Path | Policy | None) -> Policy:
    if isinstance(given, Policy):
        return given
    return Policy.load(given) if given is not None else Policy.find(model)


def _collect(errors: list[ModelError], step: Callable[[], _T], warnings: list[ModelError] | None = None) -> _T | None:
    """Run one reading step; its located errors (and warnings) join the others instead of stopping the rest."""
    try:
        return step()
    except ModelLoadError as error:
        errors.extend(error.errors)
        if warnings is not None:
            warnings.extend(error.warnings)
        return None
