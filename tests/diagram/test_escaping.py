"""Model text never breaks or injects into the DOT or the SVG: every label is escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_toolkit.exports.diagram import diagram_source
from pia_toolkit.exports.diagram.escape import text, width, wrap
from pia_toolkit.flows.errors import ModelLoadError
from tests.diagram.helpers import load_graph, needs_dot, svg_groups, svg_of, svg_texts

INJECT = 'A" -> B [color=red'
MARKUP = "<b>x</b>"
BRACE = "}"
MIXED = "back\\slash & 'quote'"
CLOSE = "]; evil [shape=box"
ITEM = '<i>item</i> & "q"'
GRAPHVIZ = r"id \N graph \G label \L"
"""Graphviz's own escapes, which it expands inside HTML-like labels too: they must print as written."""

HOSTILE_MODEL = f"""\
version: 1
scheme:
  id: hostile
  title: {INJECT!r}
  municipality: '{MARKUP}'
  business: 試験
data:
  - {{id: d1, title: {ITEM!r}, category: identity}}
  - {{id: d2, title: "{BRACE}", category: health}}
zones:
  - {{id: z1, title: "{BRACE}", kind: lgwan}}
  - {{id: z2, title: '{MARKUP}', kind: cloud}}
nodes:
  - {{id: n1, title: {INJECT!r}, kind: section, zone: z1}}
  - {{id: n2, title: '{MARKUP}', kind: cloud_service, zone: z2}}
  - {{id: n3, title: "{MIXED.replace(chr(92), chr(92) * 2)}", kind: resident}}
  - {{id: n4, title: "{CLOSE}", kind: staff}}
  - {{id: n5, title: '{GRAPHVIZ}', kind: staff}}
  - {{id: n6, title: "ab\\u202Ecd", kind: staff}}
flows:
  - id: f1
    step: 1
    title: "line1\\nline2 }}"
    from: n1
    to: n2
    data: [d1, d2]
    channel: internet
  - {{id: f2, from: n3, to: n1, data: [d1], channel: post}}
  - {{id: f3, from: n4, to: n2, data: [d2], channel: lgwan}}
  - {{id: f4, from: n5, to: n6, data: [d1], channel: lgwan}}
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE_MODEL, encoding="utf-8")
    return path


def test_text_escapes_markup_quotes_and_ampersands() -> None:
    assert text("<b>\"A\" & 'B'</b>") == "&lt;b&gt;&quot;A&quot; &amp; &#39;B&#39;&lt;/b&gt;"
    assert text("a\nb") == 'a<BR ALIGN="LEFT"/>b'
    assert text("bell\x07 and nul\x00 gone") == "bell and nul gone"


def test_wrap_counts_kanji_as_two_columns_and_balances_lines() -> None:
    assert width("資格") == 4
    assert wrap("オンライン資格確認等システム", 24) == ["オンライン資格", "確認等システム"]
    assert wrap("氏名、生年月日、妊娠届出の内容", 26) == ["氏名、生年月日、", "妊娠届出の内容"]
    assert wrap("Online eligibility system for medical aid", 24) == ["Online eligibility", "system for medical aid"]


def test_hostile_titles_stay_inside_their_labels_in_the_dot(hostile: Path) -> None:
    source = diagram_source(load_graph(hostile))
    # Nothing from the model may appear unescaped: no raw quote, angle bracket or newline from a title.
    for raw in (INJECT, MARKUP, ITEM):
        assert raw not in source
    assert "&quot; -&gt; B [color=red" in source
    assert "&lt;b&gt;x&lt;/b&gt;" in source
    # Every line is a statement, an attribute list or a brace we wrote: the model could not add a node "B".
    assert "\nB " not in source and "\tB " not in source and '"B"' not in source


@needs_dot
@pytest.mark.parametrize("view", ["zones", "data"])
def test_hostile_titles_render_as_literal_svg_text(hostile: Path, view: str) -> None:
    graph = load_graph(hostile)
    svg = svg_of(diagram_source(graph, view=view))  # type: ignore[arg-type]
    texts = svg_texts(svg)  # parsing proves the SVG is well-formed
    # Titles may wrap over several <text> lines; compare without the spaces a wrap removes.
    joined = "".join(texts).replace(" ", "")
    for literal in (INJECT, MARKUP, MIXED, CLOSE, ITEM):
        assert literal.replace(" ", "") in joined, literal
    assert "x" not in texts, "the <b> in a title became markup"
    node_names = {g.findtext("{http://www.w3.org/2000/svg}title") for g in svg_groups(svg, "node")}
    assert not node_names & {"B", "evil", "x"}
    if view == "zones":
        assert GRAPHVIZ in texts, "a backslash escape in a title was expanded by Graphviz"
        assert "\u202e" not in svg and "ab⟨U+202E⟩cd" in texts  # shown, as in every other output, not obeyed
        assert INJECT in texts and BRACE in texts
        assert "line1" in texts and "line2 }" in texts
        assert {"n1", "n2", "n3", "n4"} <= node_names
        assert not any(g.get("fill") == "red" or g.get("stroke") == "red" for g in _all(svg))


def _all(svg: str) -> list:  # type: ignore[type-arg]
    import xml.etree.ElementTree as ET

    return list(ET.fromstring(svg).iter())


def test_a_blank_title_is_refused_where_it_is_written(tmp_path: Path) -> None:
    # Only spaces (or U+3000, or a zero-width character) would give a box with nothing in it on the council's
    # paper: the loader refuses it, located, before any diagram is drawn.
    model = HOSTILE_MODEL.replace(f"{{id: n1, title: {INJECT!r},", "{id: n1, title: '\u3000 \u200b',")
    path = tmp_path / "blank.yaml"
    path.write_text(model, encoding="utf-8")
    with pytest.raises(ModelLoadError) as refused:
        load_graph(path)
    [error] = refused.value.errors
    assert str(error.position).startswith(f"{path}:")
    assert "title" in error.text("en") and "not only spaces" in error.text("en")
