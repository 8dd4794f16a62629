"""Putting the PDF together: page templates, the footer "3 / 24", the table of contents and the outline.

    result = build_pdf(checked, Path("report.pdf"), lang="ja", public=False)
    result.pages, result.font_embedded, result.warnings

The document is laid out once: the table of contents' page numbers (:mod:`exports.pdf.toc`) and the page count
in the footer are drawn when the file is saved, after every page exists. The PDF is built in memory and written
whole with :func:`~pia_toolkit.pia.assessment.disk.write_file` (never over a device or a pipe).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from pia_toolkit.exports.diagram.paper import PAPERS
from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.annex import annex1
from pia_toolkit.exports.pdf.chart import risk_picture
from pia_toolkit.exports.pdf.context import Audience, Ctx, Heading
from pia_toolkit.exports.pdf.cover import cover, legend
from pia_toolkit.exports.pdf.findings import findings_section, findings_summary_section, where_appendix
from pia_toolkit.exports.pdf.fonts import register_font
from pia_toolkit.exports.pdf.kind import DocumentKind
from pia_toolkit.exports.pdf.review import review_section
from pia_toolkit.exports.pdf.sections import section_flowables
from pia_toolkit.exports.pdf.text import clean
from pia_toolkit.exports.pdf.textout import MemoCanvas
from pia_toolkit.exports.pdf.toc import DeferredToc, TocPages
from pia_toolkit.pia import clock
from pia_toolkit.pia.assessment.disk import write_file
from pia_toolkit.pia.assessment.review_record import ReviewRecord, review_record
from pia_toolkit.pia.checked import CheckedModel

Progress = Callable[[str], None]


@dataclass
class PdfResult:
    path: Path
    pages: int
    font_embedded: bool
    font_name: str
    diagram: bool
    warnings: list[str] = field(default_factory=list)
    diagram_sheets: int = 0
    node_pt: float | None = None
    """The smallest printed size of a node or zone text on the 別添1 sheets, in points."""
    edge_pt: float | None = None
    """The smallest printed size of an arrow text on the 別添1 sheets, in points."""


def _numbered_canvas(
    font: str, lang: str, header_left: str, mark: str, public: bool, counter: list[int], toc_pages: TocPages
) -> type[Canvas]:
    """A canvas that holds pages back until ``save`` so each footer can say "page / pages" (and the table of
    contents its page numbers)."""

    class NumberedCanvas(MemoCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            counter[0] = total
            toc_pages.define(self)
            for state in self._saved:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            number = self._pageNumber
            width, height = self._pagesize
            self.saveState()
            self.setFont(font, 8)
            self.setFillColor(styles.GREY)
            self.drawCentredString(width / 2, 10 * 2.835, f"{number} / {total}")
            if number > 1:
                self.setStrokeColor(styles.RULE)
                self.setLineWidth(0.4)
                self.line(styles.MARGIN_X, height - 12 * 2.835, width - styles.MARGIN_X, height - 12 * 2.835)
                right = mark
                room = width - 2 * styles.MARGIN_X - stringWidth(right, font, 8) - 24
                self.drawString(styles.MARGIN_X, height - 10.5 * 2.835, _fit(header_left, font, 8, room))
                if public:
                    self.setFillColor(styles.SEVERITY_COLOURS[4])
                self.drawRightString(width - styles.MARGIN_X, height - 10.5 * 2.835, right)
            self.restoreState()

    return NumberedCanvas


def _fit(text: str, font: str, size: float, room: float) -> str:
    """``text`` shortened with an ellipsis so that it fits in ``room`` points."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


class AssessmentDoc(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type hints
    """Portrait pages, plus landscape ones for a wide 別添1 diagram; headings feed the TOC and outline."""

    def __init__(
        self, into: io.BytesIO, *, title: str, subject: str, toc_pages: TocPages, paper: str = "a4", **kw: Any
    ) -> None:
        self.toc_pages = toc_pages
        super().__init__(
            into,
            pagesize=styles.PAGE,
            leftMargin=styles.MARGIN_X,
            rightMargin=styles.MARGIN_X,
            topMargin=styles.MARGIN_TOP,
            bottomMargin=styles.MARGIN_BOTTOM,
            title=title,
            subject=subject,
            author="pia-toolkit",
            creator="pia-toolkit",
            **kw,
        )
        # No frame padding: the styles' FRAME_WIDTH is exactly the width tables may use.
        unpadded = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
        portrait = Frame(
            styles.MARGIN_X, styles.MARGIN_BOTTOM, styles.FRAME_WIDTH, styles.FRAME_HEIGHT, id="portrait", **unpadded
        )
        wide = Frame(
            styles.MARGIN_X,
            styles.MARGIN_BOTTOM,
            styles.LANDSCAPE_FRAME_WIDTH,
            styles.LANDSCAPE_FRAME_HEIGHT,
            id="landscape",
            **unpadded,
        )
        sheet_page = PAPERS[paper]
        sheet = Frame(
            styles.MARGIN_X,
            styles.MARGIN_BOTTOM,
            sheet_page[0] - 2 * styles.MARGIN_X,
            sheet_page[1] - styles.MARGIN_TOP - styles.MARGIN_BOTTOM,
            id="diagram",
            **unpadded,
        )
        self.addPageTemplates(
            [
                PageTemplate(id="portrait", frames=[portrait], pagesize=styles.PAGE),
                PageTemplate(id="landscape", frames=[wide], pagesize=styles.PAGE_LANDSCAPE),
                PageTemplate(id="diagram", frames=[sheet], pagesize=sheet_page),
            ]
        )

    def build_once(self, story: list[Flowable], **buildKwds: Any) -> None:
        """Lay the story out and draw it in one pass: the table of contents knows its entries from the start
        and draws its page numbers as forms filled in on save (see :mod:`exports.pdf.toc`)."""
        self.build(story, **buildKwds)

    def afterFlowable(self, flowable: Flowable) -> None:
        heading: Heading | None = getattr(flowable, "_pia_heading", None)
        if heading is None:
            return
        outline = getattr(flowable, "_pia_outline_text", heading.text)
        self.toc_pages.found(heading.key, self.page)
        self.canv.bookmarkPage(heading.key)
        self.canv.addOutlineEntry(clean(outline), heading.key, level=heading.level, closed=heading.level >= 1)
        if heading.level <= 1:
            self.notify("TOCEntry", (heading.level, heading.text, self.page, heading.key))


def _toc_entries(story: list[Flowable]) -> list[tuple[int, str, str]]:
    """The table of contents' entries as the headings of ``story`` will give them."""
    entries: list[tuple[int, str, str]] = []
    stack = list(reversed(story))
    while stack:
        flowable = stack.pop()
        heading: Heading | None = getattr(flowable, "_pia_heading", None)
        if heading is not None and heading.level <= 1:
            entries.append((heading.level, heading.text, heading.key))
        inner = getattr(flowable, "_content", None)
        if isinstance(inner, list):
            stack.extend(reversed(inner))
    return entries


def story(ctx: Ctx, today: dt.date, progress: Progress, toc_pages: TocPages) -> list[Flowable]:
    st = ctx.st
    flow: list[Flowable] = []
    progress("cover")
    flow.extend(cover(ctx, today))
    flow.append(NextPageTemplate("portrait"))
    flow.append(PageBreak())
    toc_title = ctx.paragraph(ctx.markup(ctx.text("toc")), st.h1)
    toc_at = len(flow) + 1
    flow.extend([toc_title, PageBreak()])
    flow.extend(legend(ctx))
    flow.append(PageBreak())
    if ctx.shows_findings or ctx.with_findings:
        flow.extend(risk_picture(ctx))
        flow.append(PageBreak())
    form = ctx.checked.document.form
    for section in form.sections:
        progress(f"section {section.id}")
        if section.id == "ANNEX1":
            progress("diagram")
            flow.extend(annex1(ctx, section))
        else:
            flow.extend(section_flowables(ctx, section))
        flow.append(PageBreak())
    progress("findings")
    if ctx.shows_findings:
        flow.extend(findings_section(ctx))
        flow.append(PageBreak())
    elif ctx.with_findings:
        flow.extend(findings_summary_section(ctx))
        flow.append(PageBreak())
    progress("review")
    flow.extend(review_section(ctx, today))
    if ctx.internal:
        flow.append(PageBreak())
        flow.extend(where_appendix(ctx))
    flow.insert(toc_at, DeferredToc(toc_pages, _toc_entries(flow), st.toc_levels))
    return flow


def build_pdf(
    checked: CheckedModel,
    output: Path,
    *,
    lang: str = "ja",
    public: bool = False,
    audience: Audience = "council",
    with_findings: bool = False,
    paper: str = "a4",
    review: ReviewRecord | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> PdfResult:
    """Write the assessment PDF of ``checked`` to ``output``; returns what was written.

    ``audience`` council (no file paths or line numbers) or internal (an appendix says where each finding is
    written); ``public`` withholds non-public items, the findings register and the review's comments
    (``with_findings`` keeps a summary of the findings); ``paper`` is the paper of the 別添1 sheets; ``review`` is
    the reviewer's record (default: the one stored in the assessment).
    """
    report = progress or (lambda _stage: None)
    font = register_font()
    ctx = Ctx(
        checked=checked,
        lang=lang,
        public=public,
        font=font,
        st=styles.make_styles(font.name),
        audience=audience,
        with_findings=with_findings and public,
        paper=paper,
        review=review if review is not None else review_record(checked.document),
        kind=DocumentKind(checked.threshold.my_number),
    )
    if font.warning:
        ctx.warnings.append(font.warning)
    scheme = checked.graph.document.scheme
    title = ctx.title_of(scheme)
    doc_title = ctx.kind.title(lang)
    counter = [0]
    pdf = io.BytesIO()
    toc_pages = TocPages()
    flowables = story(ctx, today or clock.today(), report, toc_pages)
    doc = AssessmentDoc(
        pdf,
        title=clean(f"{title}　{doc_title}"),
        subject=clean(scheme.business),
        toc_pages=toc_pages,
        paper=paper,
        initialFontName=font.name,  # no stray, unembedded Helvetica in the page resources
    )
    report("layout")
    header_left = clean(f"{scheme.municipality}　{title}", font)
    mark = ctx.text(ctx.version_key)
    canvasmaker = _numbered_canvas(font.name, lang, header_left, mark, public, counter, toc_pages)
    # Binary streams instead of ASCII85: the pure-Python encoder is slow on long pages, and every reader takes
    # binary.
    saved_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        doc.build_once(flowables, canvasmaker=canvasmaker)
    finally:
        rl_config.useA85 = saved_a85
    write_file(output, pdf.getvalue())
    plan = ctx.diagram_plan
    return PdfResult(
        output,
        counter[0],
        font.embedded,
        font.name,
        plan is not None,
        ctx.warnings,
        diagram_sheets=len(plan.sheets) if plan else 0,
        node_pt=plan.smallest("node") if plan else None,
        edge_pt=plan.smallest("edge") if plan else None,
    )
