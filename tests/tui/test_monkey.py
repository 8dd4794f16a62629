"""A monkey at the keyboard: random keys drawn from the app's own bindings, on every screen and modal.

Each run presses keys chosen from what is bound where the focus is (``app.active_bindings``: the screen's keys,
the focused widget's, Tab…), from every screen's key table, and plain typing (text, Enter, Esc, Tab, arrows), at
120×40 and 80×24. Any exception in the app fails the test (``run_test`` raises it); after each burst the review
screen must show exactly one answer editor, for the item the tree has selected.

Short by default (a few seconds); ``PIA_FUZZ_KEYS=5000`` presses that many keys per seed and size, and
``PIA_FUZZ_SEEDS=1,2,3`` chooses the seeds (``make fuzz-tui`` runs a long one). A failing seed is printed with
the last keys pressed, so it can be replayed.
"""

from __future__ import annotations

import asyncio
import os
import random
import unicodedata
from collections import deque
from pathlib import Path

import pytest
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from pia_toolkit.tui import exporters
from pia_toolkit.tui.screens import diagram, export, findings, keys, review, source, threshold
from pia_toolkit.tui.screens.review import ReviewScreen
from pia_toolkit.tui.widgets.editors import AnswerEditor
from tests.tui.conftest import make_app

KEYS_PER_RUN = int(os.environ.get("PIA_FUZZ_KEYS", "100"))
SEEDS = [int(s) for s in os.environ.get("PIA_FUZZ_SEEDS", "1").split(",") if s.strip()]
SIZES = [(120, 40), (80, 24)]

TABLES = [review.KEYS, findings.KEYS, diagram.KEYS, export.KEYS, keys.CLOSE, source.KEYS, threshold.KEYS]
QUITTING = {"q", "ctrl+q", "ctrl+c"}
"""Keys that end the app on the review screen (``q`` closes a modal, but a burst may carry it on to the review
screen): the monkey would stop early. Quitting is tested elsewhere."""
UNWANTED = {"ctrl+p", "ctrl+z"}
"""The command palette (it can run any command, quit included) and suspend (a real terminal's job)."""
TYPING = ["enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "space", "backspace", "home", "end"]
TEXT = [*"abcxyz019-/ ", "消", "去", "区", "？"]


def _table_keys() -> list[str]:
    found: set[str] = set()
    for table in TABLES:
        for key, *_rest in table:
            found.update(k.strip() for k in key.split(","))
    return sorted(found - QUITTING - UNWANTED)


def _pick(rng: random.Random, pilot: Pilot[None], table_keys: list[str]) -> str:
    app = pilot.app
    roll = rng.random()
    if roll < 0.45:
        active = sorted(k for k in app.active_bindings if k not in UNWANTED | QUITTING)
        if active:
            return rng.choice(active)
    if roll < 0.75:
        return rng.choice(table_keys)
    if roll < 0.9:
        return rng.choice(TYPING)
    return rng.choice(TEXT)


def _send(pilot: Pilot[None], key: str) -> None:
    """Post one key as the terminal would, without waiting for the app (as Pilot.press does, less the wait)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = key if len(key) == 1 else None
    event = events.Key(key, character)
    event.set_sender(pilot.app)
    driver = pilot.app._driver
    assert driver is not None
    driver.send_message(event)


async def _check(pilot: Pilot[None]) -> None:
    """Once the panel has finished showing (a burst may leave one show under way), one editor for its item."""
    for screen in pilot.app.screen_stack:
        if isinstance(screen, ReviewScreen):
            for _ in range(500):
                if not screen.panel._showing.locked():
                    break
                await asyncio.sleep(0.01)
            await pilot.pause()
            editors = list(screen.query(AnswerEditor))
            assert len(editors) == 1, f"{len(editors)} answer editors"
            assert screen.panel.item_id == editors[0].item.id


@pytest.fixture
def no_slow_exports(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The diagram and the PDF are Graphviz's and reportlab's work (tested elsewhere); here they return at once."""

    def fake(_checked: object, _lang: str = "ja", *args: object, **kwargs: object) -> Path:
        target = tmp_path / "out" / "fake.svg"
        target.parent.mkdir(exist_ok=True)
        target.write_text("<svg/>", encoding="utf-8")
        return target

    monkeypatch.setattr(exporters, "render_diagram", fake)
    monkeypatch.setattr(diagram, "render_diagram", fake)
    monkeypatch.setattr(export, "export_pdf", fake)
    monkeypatch.setattr(diagram, "open_in_viewer", lambda _path: False)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("seed", SEEDS)
async def test_random_keys_never_crash_the_app(
    example: Path, no_slow_exports: None, seed: int, size: tuple[int, int]
) -> None:
    rng = random.Random(seed * 1000 + size[0])
    table_keys = _table_keys()
    app = make_app(example)
    pressed: deque[str] = deque(maxlen=40)
    screens: set[str] = set()
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            count = 0
            while count < KEYS_PER_RUN:
                # a burst of keys faster than the screen (a fast typist, a paste), then wait for it to settle
                for _ in range(rng.choice((1, 2, 4, 8, 16))):
                    key = _pick(rng, pilot, table_keys)
                    pressed.append(key)
                    _send(pilot, key)
                    count += 1
                await pilot.pause()
                screens.add(type(app.screen).__name__)
                await _check(pilot)
            await pilot.pause()
            await _check(pilot)
            assert app.is_running, f"the app quit by itself (code {app.return_code}, {app._exception!r})"
    except BaseException as error:
        raise AssertionError(f"seed {seed} at {size}: after keys {list(pressed)}: {error!r}") from error
    assert "ReviewScreen" in screens
