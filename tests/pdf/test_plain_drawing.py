"""The quick drawer of plain paragraphs writes the very operators reportlab's own drawer writes: the same page
for every text, markup, width and alignment, and reportlab still draws what the quick one does not handle."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.paragraph import Paragraph

from pia_toolkit.exports.pdf.fonts import register_font
from pia_toolkit.exports.pdf.plaindraw import plain_lines
from pia_toolkit.exports.pdf.styles import make_styles
from pia_toolkit.exports.pdf.text import JaParagraph, ident, markup

WORDS = ["申請書", "を受け付けた", "、", "。", "「委託先」", "（区）", "氏名", "the contractor", " ", "DAT-01", "12"]
PIECES = st.one_of(
    st.sampled_from(WORDS).map(lambda w: markup(w)),
    st.sampled_from(WORDS).map(lambda w: f'<font color="#6b6b6b">{markup(w)}</font>'),
    st.sampled_from(WORDS).map(lambda w: f"<b>{markup(w)}</b>"),
    st.just("<br/>"),
    st.sampled_from(["DAT-01@guardian_mynumber", "flow_12>node_3#a"]).map(lambda w: ident(markup(w))),
)


def _content(para: JaParagraph, width: float, *, general: bool) -> str:
    canvas = Canvas(io.BytesIO())
    para.wrap(width, 10_000)
    para.canv = canvas
    try:
        if general:
            Paragraph.drawPara(para)
        else:
            para.drawPara()
    finally:
        del para.canv
    return "\n".join(canvas._code)


def _style(base: ParagraphStyle, alignment: int, indent: float) -> ParagraphStyle:
    return ParagraphStyle(f"{base.name}-{alignment}-{indent}", parent=base, alignment=alignment, firstLineIndent=indent)


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(PIECES, min_size=1, max_size=14),
    width=st.floats(min_value=30, max_value=400),
    alignment=st.sampled_from([TA_LEFT, TA_CENTER, TA_RIGHT]),
    indent=st.sampled_from([0.0, 6.0]),
    style_name=st.sampled_from(["body", "cell_small", "cell_head", "item_id", "h2"]),
)
def test_plain_paragraphs_are_drawn_with_reportlabs_own_operators(
    pieces: list[str], width: float, alignment: int, indent: float, style_name: str
) -> None:
    font = register_font()
    style = _style(getattr(make_styles(font.name), style_name), alignment, indent)
    text = "".join(pieces)
    quick = _content(JaParagraph(text, style), width, general=False)
    reference = _content(JaParagraph(text, style), width, general=True)
    assert quick == reference


def _drawn_by_quick_path(text: str, style: Any) -> bool:
    para = JaParagraph(text, style)
    para.wrap(200, 10_000)
    return plain_lines(para) is not None


def test_links_underlines_and_backgrounds_are_left_to_reportlab() -> None:
    font = register_font()
    body = make_styles(font.name).body
    assert _drawn_by_quick_path("申請書を受け付けた", body)
    assert not _drawn_by_quick_path('<a href="https://example.org">申請書</a>', body)
    assert not _drawn_by_quick_path("<u>申請書</u>", body)
    assert not _drawn_by_quick_path('<font backColor="#ffff00">申請書</font>', body)
    assert not _drawn_by_quick_path("申請書", ParagraphStyle("boxed", parent=body, backColor="#eeeeee"))
    # What reportlab draws for them is still what the page gets.
    for text in ('<a href="https://example.org">申請書</a>', "<u>申請書</u>"):
        assert _content(JaParagraph(text, body), 200, general=False) == _content(
            JaParagraph(text, body), 200, general=True
        )


PLAIN_TEXT = st.text(
    alphabet=st.sampled_from(list("申請書を受け付けた、。「」（）氏名 abcXYZ-_@#>012.,;:!?'\"\n\t　")), max_size=400
)


@settings(max_examples=200, deadline=None)
@given(text=PLAIN_TEXT, style_name=st.sampled_from(["body", "cell_small", "cell_head", "item_id", "h2", "right"]))
def test_plain_text_gets_the_frags_reportlabs_parser_gives(text: str, style_name: str) -> None:
    style = getattr(make_styles(register_font().name), style_name)
    quick = JaParagraph(text, style)
    parsed = Paragraph(text, style)
    assert quick.text == parsed.text
    assert [vars(frag) for frag in quick.frags] == [vars(frag) for frag in parsed.frags]
    assert vars(quick.style) == vars(parsed.style)
