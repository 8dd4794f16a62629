"""Text operators for the embedded TrueType font, each distinct text encoded once per document.

reportlab writes every string in a subset font by looking each character up in the font's subset tables
(``splitString``) and escaping the bytes, every time it is drawn. A report draws the same texts again and
again: 未対応 in every card, the running header on every page, the column heads of every table. In the 100-node
report 35,000 strings are drawn, of which 6,800 are distinct. :class:`MemoTextObject` keeps, per canvas, the
encoded pieces of each text and the PDF name of each subset, and writes exactly the operators reportlab's
``_formatText`` writes (the test compares the files byte for byte). :class:`MemoCanvas` is a canvas whose
text objects, ``drawString`` included, are these.

A character's subset and code never change once assigned in a document, so the pieces stay right for the life
of the canvas; a new canvas starts with empty books.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

Pieces = list[tuple[int, str]]
"""A text as (subset, escaped bytes of its codes in that subset), in order."""


class MemoTextObject(PDFTextObject):  # type: ignore[misc]  # reportlab ships no type hints
    """A text object whose TrueType strings are encoded once per canvas (see the module's docstring)."""

    _curSubset: int

    def _formatText(self, text: Any) -> str:
        font = getFont(self._fontname)
        if not font._dynamicFont or not isinstance(text, str) or (font.shapable and isinstance(text, ShapedStr)):
            return str(super()._formatText(text))  # Type 1, CID and shaped text: reportlab's own way
        canvas = self._canvas
        books: dict[str, tuple[dict[str, Pieces], dict[int, str]]] = canvas.__dict__.setdefault("_pia_text", {})
        pieces_of, names = books.setdefault(self._fontname, ({}, {}))
        pieces = pieces_of.get(text)
        if pieces is None:
            escape = canvas._escape
            pieces = [(subset, escape(codes)) for subset, codes in font.splitString(text, canvas._doc)]
            pieces_of[text] = pieces
        out: list[str] = []
        head = None
        for subset, escaped in pieces:
            if subset != self._curSubset:
                name = names.get(subset)
                if name is None:
                    name = names[subset] = font.getSubsetInternalName(subset, canvas._doc)
                if head is None:
                    head = f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL"
                out.append(f"{name} {head}")
                self._curSubset = subset
            out.append(f"({escaped}) Tj")
        return " ".join(out)


class MemoCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """A canvas drawing its texts through :class:`MemoTextObject`."""

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> MemoTextObject:
        return MemoTextObject(self, x, y, direction=direction)
