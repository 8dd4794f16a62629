"""Everything a reviewer or an export needs about one scheme, opened in one call.

    session = open_session(Path("flows/examples/x.yaml"))
    session.graph, session.report, session.assessment, session.threshold
    session.findings_for(item_id)      # findings attached to a form item

The TUI and the PDF export both start here, so they show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pia_toolkit.catalog.threshold import ThresholdResult, judge_scheme
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.loader import load
from pia_toolkit.pia.assessment.document import Assessment, assessment_path
from pia_toolkit.pia.engine import check
from pia_toolkit.pia.findings import CheckReport, Finding
from pia_toolkit.pia.policy import Policy
from pia_toolkit.pia.triage import Triage


@dataclass
class Session:
    model_path: Path
    graph: FlowGraph
    report: CheckReport
    assessment: Assessment
    threshold: ThresholdResult
    _by_item: dict[str, list[Finding]] = field(default_factory=dict)

    def findings_for(self, item_id: str) -> list[Finding]:
        if not self._by_item:
            for finding in self.report.findings:
                for form_item in finding.form_items:
                    self._by_item.setdefault(form_item, []).append(finding)
        return self._by_item.get(item_id, [])

    def items_for(self, finding: Finding) -> list[str]:
        return [i for i in finding.form_items if self.assessment.form.has(i)]


def open_session(model_path: Path, assessment: Path | None = None, *, create: bool = True) -> Session:
    """Load the model, run the checks and open (or create, pre-filled) the assessment beside it.

    Raises :class:`flows.errors.ModelLoadError` for a bad model, policy, triage or assessment file.
    """
    graph = FlowGraph.build(load(model_path))
    triage = Triage.beside(model_path)
    report = check(graph, Policy.find(model_path), triage)
    path = assessment or assessment_path(model_path)
    if path.exists():
        document = Assessment.load(path)
    elif create:
        from pia_toolkit.pia.assessment.init import init_assessment

        document = init_assessment(model_path, path, graph=graph)
    else:
        document = Assessment.new(path, model_path)
    return Session(model_path, graph, report, document, judge_scheme(graph.document.scheme))
