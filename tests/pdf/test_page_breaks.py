"""No section heading is the last thing on a page, and no table ends a page with nothing but its header row:
checked on the flowables as reportlab placed them, for the PDF of every example and of generated wards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Flowable, Spacer, Table

from benchmarks.synthetic import build_model, to_yaml
from pia_toolkit.exports.pdf import build_pdf
from pia_toolkit.exports.pdf.build import AssessmentDoc
from pia_toolkit.pia.checked import open_model
from tests.conftest import EXAMPLES

EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".assessment.yaml"))


@contextmanager
def last_on_each_page() -> Iterator[dict[int, Flowable]]:
    """While it lasts, the last flowable with content that each page of a built PDF received."""
    last: dict[int, Flowable] = {}
    original = AssessmentDoc.afterFlowable

    def after(self: Any, flowable: Flowable) -> None:
        if not isinstance(flowable, Spacer) and getattr(flowable, "height", 1) > 0:
            last[self.page] = flowable
        original(self, flowable)

    AssessmentDoc.afterFlowable = after
    try:
        yield last
    finally:
        AssessmentDoc.afterFlowable = original


def problems(model: Path, output: Path) -> list[str]:
    checked = open_model(model, assessment="prefilled", assessment_file=output.with_suffix(".assessment.yaml"))
    with last_on_each_page() as last:
        build_pdf(checked, output)
    found = []
    for page, flowable in sorted(last.items()):
        heading = getattr(flowable, "_pia_heading", None)
        if heading is not None:
            found.append(f"page {page}: the heading 「{heading.text}」 ends the page")
        if isinstance(flowable, Table) and flowable.repeatRows and flowable._nrows <= flowable.repeatRows:
            found.append(f"page {page}: a table's header row ends the page")
    return found


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_example_leaves_a_heading_or_a_table_header_at_a_page_foot(name: str, tmp_path: Path) -> None:
    assert problems(EXAMPLES / name, tmp_path / "report.pdf") == []


@pytest.mark.parametrize("nodes", [20, 60])
def test_no_generated_ward_leaves_a_heading_or_a_table_header_at_a_page_foot(nodes: int, tmp_path: Path) -> None:
    model = tmp_path / "ward.yaml"
    model.write_text(to_yaml(build_model(nodes)), encoding="utf-8")
    assert problems(model, tmp_path / "report.pdf") == []


def test_the_check_sees_a_heading_left_at_a_page_foot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same check on a document whose headings may be parted from what follows: it finds them."""
    from pia_toolkit.exports.pdf import context

    original = context.Ctx.heading

    def loose(self: Any, *args: Any, **kwargs: Any) -> Flowable:
        para = original(self, *args, **kwargs)
        para.keepWithNext = False
        return para

    monkeypatch.setattr(context.Ctx, "heading", loose)
    model = tmp_path / "ward.yaml"
    model.write_text(to_yaml(build_model(60)), encoding="utf-8")
    assert any("heading" in p for p in problems(model, tmp_path / "report.pdf"))
