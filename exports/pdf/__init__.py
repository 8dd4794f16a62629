"""The assessment as a PDF for councils and the public (reportlab): cover, contents, the form Ⅰ–Ⅵ with the
owner's answers, 別添1 with the data-flow diagram, the findings register and the reviewer's report.

``build_pdf`` is loaded on first use, so that the diagram package may use this package's fonts without
importing the whole document builder (which draws diagrams itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pia_toolkit.exports.pdf.build import PdfResult, build_pdf

__all__ = ["PdfResult", "build_pdf"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from pia_toolkit.exports.pdf import build

        return getattr(build, name)
    raise AttributeError(name)
