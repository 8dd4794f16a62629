"""The assessment as a PDF for councils and the public (reportlab): cover, contents, the form Ⅰ–Ⅵ with the
owner's answers, 別添1 with the data-flow diagram, the findings register and the reviewer's report."""

from __future__ import annotations

from pia_toolkit.exports.pdf.build import PdfResult, build_pdf

__all__ = ["PdfResult", "build_pdf"]
