"""Several pictures drawn by one ``dot`` process and cut apart: each is exactly the picture its graph gives on
its own, whatever the model's texts hold (a label reading ``</svg>`` or ``IEND`` cuts nothing short)."""

from __future__ import annotations

import shutil
import struct
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pia_toolkit.exports.diagram import render
from pia_toolkit.exports.diagram.escape import html_label, text
from pia_toolkit.exports.diagram.render import (
    DOT_HAND_MIN,
    PNG_SIGNATURE,
    RenderError,
    draw_many,
    in_shares,
    split_pictures,
)
from tests.diagram.helpers import needs_dot


def _graph(label: str, n: int) -> str:
    nodes = "".join(f"n{i} [label={html_label(text(f'{label} {n}'))}];" for i in range(n))
    edges = "".join(f"n{i} -> n{i + 1};" for i in range(n - 1))
    return f"digraph g {{ {nodes} {edges} }}\n"


TRICKY = ["</svg>", "IEND", "<?xml version='1.0'?>", "個人番号〔特〕", "a\nb"]


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_each_picture_of_a_batch_is_the_picture_drawn_alone(fmt: str) -> None:
    dot = shutil.which("dot")
    assert dot is not None
    sources = [_graph(label, n) for n, label in enumerate(TRICKY, start=1)]
    alone = [draw_many(dot, fmt, [source], 96)[0] for source in sources]
    together = draw_many(dot, fmt, sources, 96)
    assert together == alone
    for picture in together:
        if fmt == "png":
            assert picture.startswith(PNG_SIGNATURE) and picture.endswith(b"IEND\xaeB`\x82")
        else:
            assert picture.count(b"</svg>") == 1
    if fmt == "svg":
        assert b"&lt;/svg&gt; 1" in together[0] and "個人番号〔特〕 4".encode() in together[3]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(payload: bytes) -> bytes:
    # Image data that itself holds the bytes of an IEND chunk: only walking the chunks finds the real end.
    return PNG_SIGNATURE + _chunk(b"IHDR", b"\0" * 13) + _chunk(b"IDAT", payload) + _chunk(b"IEND", b"")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=64).map(lambda b: b + b"\0\0\0\0IEND" + b), min_size=1, max_size=5))
def test_pngs_in_a_row_are_cut_at_their_own_ends(payloads: list[bytes]) -> None:
    pictures = [_png(payload) for payload in payloads]
    assert split_pictures("png", b"".join(pictures), len(pictures)) == pictures


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_fewer_pictures_than_graphs_is_an_error_not_a_short_list(fmt: str) -> None:
    one = _png(b"x") if fmt == "png" else b"<svg></svg>\n"
    with pytest.raises(RenderError, match="1 pictures for 2 graphs"):
        split_pictures(fmt, one, 2)
    with pytest.raises(RenderError):
        split_pictures(fmt, one[:-3], 1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(), max_size=40), st.integers(min_value=1, max_value=6))
def test_shares_come_back_in_the_order_of_the_graphs(items: list[int], workers: int) -> None:
    hands: list[list[int]] = []

    def work(hand: list[int]) -> list[str]:
        hands.append(hand)
        return [f"laid out {item}" for item in hand]

    assert in_shares(work, items, workers) == [f"laid out {item}" for item in items]
    # One dot process per worker at most, each with enough graphs to pay for its start-up, and every graph
    # given to exactly one of them.
    assert len(hands) == (max(1, min(workers, len(items) // DOT_HAND_MIN)) if items else 0)
    assert len(hands) == 1 or all(len(hand) >= DOT_HAND_MIN for hand in hands)
    assert all(hands) and sorted(x for hand in hands for x in hand) == sorted(items)


def test_a_hanging_dot_is_stopped_after_its_time_for_the_graphs_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hanging = tmp_path / "dot"
    hanging.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    hanging.chmod(0o755)
    monkeypatch.setattr(render, "DOT_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(render, "DOT_MORE_SECONDS", 0.25)
    started = time.perf_counter()
    with pytest.raises(RenderError, match=r"within 1\.0 s"):
        render.run_dot(str(hanging), ["-Tjson"], "digraph a {} digraph b {} digraph c {}", graphs=3)
    assert time.perf_counter() - started < 10
