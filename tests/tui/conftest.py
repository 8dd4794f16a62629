"""Helpers for driving the reviewer app: a writable copy of an example, and an app with a frozen clock."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from pia_toolkit.tui.app import ReviewApp
from tests.conftest import open_for_review

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = "setagaya-999-childbirth-support.yaml"
FROZEN = "12:00:00"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (Textual's ``run_test`` is async) without an asyncio plugin."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


def make_app(model: Path, lang: str = "ja") -> ReviewApp:
    """The app as ``pia review`` opens it, with the saved-time clock frozen (stable snapshots and asserts)."""
    return ReviewApp(open_for_review(model), lang, clock=lambda: FROZEN)


@asynccontextmanager
async def running(model: Path, size: tuple[int, int], lang: str = "ja") -> AsyncIterator[tuple[ReviewApp, Pilot[None]]]:
    """:func:`make_app` run in a terminal of ``size``, once its first screen is up."""
    app = make_app(model, lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


@pytest.fixture
def example(flows_copy: Path) -> Path:
    """The childbirth-support example inside a writable copy of flows/ (its include ../shared/ resolves)."""
    path = flows_copy / "examples" / EXAMPLE
    if not path.exists():
        pytest.skip(f"example {EXAMPLE} not in flows/examples yet")
    return path


@pytest.fixture
def small_model(tmp_path: Path) -> Path:
    """A small model of our own, stable for snapshots whatever happens to the examples."""
    folder = tmp_path / "project"
    folder.mkdir(exist_ok=True)
    (folder / "pia-project.yaml").write_text("# project root\n", encoding="utf-8")
    target = folder / "tui-fixture.yaml"
    shutil.copy(FIXTURES / "tui-fixture.yaml", target)
    return target


def screen_text(app: ReviewApp) -> str:
    """What the terminal shows now, as lines of text (the compositor's full frame, styles dropped)."""
    update = app.screen._compositor.render_update(full=True)
    lines = getattr(update, "strips", [])
    return "\n".join("".join(segment.text for strip in line for segment in strip) for line in lines)
