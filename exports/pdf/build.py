"""Putting the PDF together: page templates, the footer "3 / 24", the table of contents and the outline.

    result = build_pdf(checked, Path("report.pdf"), lang="ja", public=False)
    result.pages, result.font_embedded, result.warnings

``multiBuild`` lays the document out until the table of contents knows its page numbers (usually three
passes; paragraphs keep their line breaks between passes); the page count in the footer is drawn when the file is saved, after every page exists. Output goes to a
hidden partial file that replaces ``output`` only when complete.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.tableofcontents import TableOfContents

from pia_toolkit.exports.pdf import styles
from pia_toolkit.exports.pdf.annex import annex1
from pia_toolkit.exports.pdf.context import Ctx, Heading
from pia_toolkit.exports.pdf.cover import cover, legend
from pia_toolkit.exports.pdf.findings import findings_section
from pia_toolkit.exports.pdf.fonts import register_font
from pia_toolkit.exports.pdf.labels import t
from pia_toolkit.exports.pdf.review import review_section
from pia_toolkit.exports.pdf.sections import section_flowables
from pia_toolkit.exports.pdf.text import clean
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


def _numbered_canvas(font: str, lang: str, header_left: str, public: bool, counter: list[int]) -> type[Canvas]:
    """A canvas that holds pages back until ``save`` so each footer can say "page / pages"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            counter[0] = total
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
                right = t("public_mark", lang) if public else t("footer_form", lang)
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

    def __init__(self, path: Path, *, title: str, subject: str, **kw: Any) -> None:
        super().__init__(
            str(path),
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
        self.addPageTemplates(
            [
                PageTemplate(id="portrait", frames=[portrait], pagesize=styles.PAGE),
                PageTemplate(id="landscape", frames=[wide], pagesize=styles.PAGE_LANDSCAPE),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        heading: Heading | None = getattr(flowable, "_pia_heading", None)
        if heading is None:
            return
        outline = getattr(flowable, "_pia_outline_text", heading.text)
        self.canv.bookmarkPage(heading.key)
        self.canv.addOutlineEntry(clean(outline), heading.key, level=heading.level, closed=heading.level >= 1)
        if heading.level <= 1:
            self.notify("TOCEntry", (heading.level, heading.text, self.page, heading.key))


def _toc(ctx: Ctx) -> TableOfContents:
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = list(ctx.st.toc_levels)
    return toc


def story(ctx: Ctx, workdir: Path, today: dt.date, progress: Progress) -> list[Flowable]:
    st = ctx.st
    flow: list[Flowable] = []
    progress("cover")
    flow.extend(cover(ctx, today))
    flow.append(NextPageTemplate("portrait"))
    flow.append(PageBreak())
    toc_title = ctx.paragraph(ctx.markup(ctx.text("toc")), st.h1)
    flow.extend([toc_title, _toc(ctx), PageBreak()])
    flow.extend(legend(ctx))
    flow.append(PageBreak())
    form = ctx.checked.document.form
    for section in form.sections:
        progress(f"section {section.id}")
        if section.id == "ANNEX1":
            progress("diagram")
            flow.extend(annex1(ctx, section, workdir))
        else:
            flow.extend(section_flowables(ctx, section))
        flow.append(PageBreak())
    progress("findings")
    flow.extend(findings_section(ctx))
    flow.append(PageBreak())
    progress("review")
    flow.extend(review_section(ctx))
    return flow


def build_pdf(
    checked: CheckedModel,
    output: Path,
    *,
    lang: str = "ja",
    public: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> PdfResult:
    """Write the assessment PDF of ``checked`` to ``output``; returns what was written."""
    report = progress or (lambda _stage: None)
    font = register_font()
    ctx = Ctx(checked=checked, lang=lang, public=public, font=font, st=styles.make_styles(font.name))
    if font.warning:
        ctx.warnings.append(font.warning)
    scheme = checked.graph.document.scheme
    title = ctx.title_of(scheme)
    form_title = checked.document.form.title.get(lang)
    output.parent.mkdir(parents=True, exist_ok=True)
    counter = [0]
    partial = output.with_name(f".{output.name}.partial")
    with tempfile.TemporaryDirectory(prefix="pia-pdf-") as tmp:
        workdir = Path(tmp)
        flowables = story(ctx, workdir, today or dt.date.today(), report)
        doc = AssessmentDoc(
            partial,
            title=clean(f"{title}（{form_title}）"),
            subject=clean(scheme.business),
            initialFontName=font.name,  # no stray, unembedded Helvetica in the page resources
        )
        report("layout")
        header_left = clean(f"{scheme.municipality}　{title}", font)
        canvasmaker = _numbered_canvas(font.name, lang, header_left, public, counter)
        # Binary streams instead of ASCII85: the pure-Python encoder costs seconds on the diagram image, and
        # every PDF reader takes binary.
        saved_a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            doc.multiBuild(flowables, canvasmaker=canvasmaker)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            rl_config.useA85 = saved_a85
        diagram = (workdir / "annex1-diagram.png").exists()
    partial.replace(output)
    return PdfResult(output, counter[0], font.embedded, font.name, diagram, ctx.warnings)
