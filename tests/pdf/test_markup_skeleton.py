"""A paragraph whose markup is made of the document's own simple tags gets its frags from the parse of its
skeleton (the same tags, each text run ``x``): exactly the frags reportlab's parser gives the whole text."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus.paragraph import Paragraph

from pia_toolkit.exports.pdf.fonts import register_font
from pia_toolkit.exports.pdf.styles import make_styles
from pia_toolkit.exports.pdf.text import JaParagraph, _skeleton, ident, markup

WORDS = ["申請書", "を受け付けた", " ", "  ", "x", "DAT-01", "a < b", "R&D", "1 > 0", "「委託先」", "&amp;", "\n"]
COLOURS = ["#6b6b6b", "#b00020", "#FFFFFF"]


def _pieces() -> st.SearchStrategy[str]:
    text = st.sampled_from(WORDS).map(markup)
    return st.one_of(
        text,
        st.tuples(st.sampled_from(COLOURS), text).map(lambda p: f'<font color="{p[0]}">{p[1]}</font>'),
        st.tuples(st.sampled_from(["7", "9.5"]), text).map(
            lambda p: f'<font size="{p[0]}" color="#6b6b6b">{p[1]}</font>'
        ),
        text.map(lambda w: f"<b>{w}</b>"),
        st.just("<br/>"),
        st.just("<b></b>"),
        st.sampled_from(["DAT-01@guardian_mynumber", "flow_12>node_3#a"]).map(lambda w: ident(markup(w))),
    )


def _frags(paragraph: Any) -> list[dict[str, Any]]:
    return [{k: repr(v) for k, v in vars(frag).items()} for frag in paragraph.frags]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(_pieces(), min_size=1, max_size=12),
    style_name=st.sampled_from(["body", "cell", "cell_small", "h2"]),
)
def test_frags_from_the_skeleton_are_reportlabs_frags(pieces: list[str], style_name: str) -> None:
    style = getattr(make_styles(register_font().name), style_name)
    text = "".join(pieces)
    ours, theirs = JaParagraph(text, style), Paragraph(text, style)
    assert _frags(ours) == _frags(theirs)
    assert ours.text == theirs.text
    assert vars(ours.style) == vars(theirs.style)


def test_other_tags_and_entities_are_left_to_reportlab() -> None:
    assert _skeleton('<a href="x">y</a>') is None
    assert _skeleton("a &nbsp; b") is None
    assert _skeleton("a > b") is None
    assert _skeleton('<font face="Courier">y</font>') is None
    assert _skeleton('<b>a</b> <font color="#6b6b6b">b &amp; c</font><br/>d') == (
        '<b>x</b>x<font color="#6b6b6b">x&amp;x</font><br/>x',
        ["a", " ", "b ", " c", "d"],
    )
