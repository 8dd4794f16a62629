"""Small and odd models still give a valid diagram: nothing at all, a flow to itself, nodes without zones."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_toolkit.exports.diagram import diagram_source
from tests.diagram.helpers import load_graph, needs_dot, svg_of, svg_texts

EMPTY = """\
version: 1
scheme: {id: empty, title: 空のモデル, municipality: 試験区, business: 試験}
"""

SELF_LOOP = """\
version: 1
scheme: {id: loop, title: 自己ループ, municipality: 試験区, business: 試験}
data:
  - {id: d1, title: 氏名, category: identity}
nodes:
  - {id: a, title: 課A, kind: section}
  - {id: b, title: システムB, kind: system}
flows:
  - {id: f1, from: a, to: a, data: [d1], channel: internal}
  - {id: f2, from: a, to: b, data: [d1], channel: lgwan, protection: [tls]}
  - {id: f3, from: b, to: a, data: [d1], channel: lgwan, protection: [tls]}
"""


@needs_dot
@pytest.mark.parametrize("text", [EMPTY, SELF_LOOP], ids=["empty", "self-loop"])
@pytest.mark.parametrize("view", ["zones", "data"])
def test_small_models_render(tmp_path: Path, text: str, view: str) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    texts = svg_texts(svg_of(diagram_source(load_graph(path), view=view)))  # type: ignore[arg-type]
    assert any(("空のモデル" in t) or ("自己ループ" in t) for t in texts)
    if view == "zones" and text is EMPTY:
        assert "フローがありません" in texts
