"""Texts encoded once per canvas are written with exactly the operators reportlab writes: the same page bytes for
any sequence of strings, fonts, sizes and repeats, including characters the subset font lacks and the ones PDF
strings must escape."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from pia_toolkit.exports.pdf.fonts import register_font, symbol_font
from pia_toolkit.exports.pdf.textout import MemoCanvas

# Enough distinct characters that the font needs several 256-character subsets, plus PDF's own escapes.
KANJI = [chr(c) for c in range(0x4E00, 0x4E00 + 600, 3)]
ALPHABET = st.sampled_from(
    ["(", ")", "\\", " ", "\xa0", "a", "Z", "1", "、", "。", "〔特〕", "⚠", "\U0001f600", *KANJI]
)
TEXTS = st.lists(ALPHABET, max_size=12).map("".join)
DRAWS = st.lists(
    st.tuples(TEXTS, st.sampled_from(["regular", "symbols"]), st.sampled_from([6.0, 8.0, 9.5])), min_size=1, max_size=40
)


def _page(canvas_class: type[Canvas], draws: list[tuple[str, str, float]], fonts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    canvas = canvas_class(out)
    for index, (text, which, size) in enumerate(draws):
        canvas.setFont(fonts[which], size)
        canvas.drawString(20, 20 + index * 10, text)
        # The same text again, in a text object of several lines, as paragraphs draw it.
        tx = canvas.beginText(200, 20 + index * 10)
        tx.textOut(text)
        tx.textLine(text[::-1])
        canvas.drawText(tx)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@settings(max_examples=120, deadline=None)
@given(DRAWS)
def test_memo_text_object_writes_reportlabs_bytes(draws: list[tuple[str, str, float]]) -> None:
    font = register_font()
    if not font.embedded:
        pytest.skip("no TrueType font on this machine: reportlab's CID font is written by reportlab itself")
    symbols = symbol_font()
    fonts = {"regular": font.name, "symbols": symbols.name if symbols else font.name}
    saved = rl_config.invariant
    rl_config.invariant = 1  # no creation date or random document id in either file
    try:
        assert _page(MemoCanvas, draws, fonts) == _page(Canvas, draws, fonts)
    finally:
        rl_config.invariant = saved
