"""How pia uses Python's cyclic garbage collector.

pia builds models, findings and documents of millions of small objects that live until the command ends and hold
no cycles. The collector would walk them again and again as they pile up. Two settings keep it away:

- :func:`collector_paused` turns it off while a model is loaded, its graph built or its rules run;
- :func:`set_for_process` makes it run less often for the rest of a ``pia`` process.

Objects are still freed by reference counting the moment nothing holds them; only cycles wait longer. (Opening a
large model for a whole command also freezes it: see ``held`` in :func:`pia_toolkit.pia.checked.open_model`.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

PROCESS_THRESHOLDS = (200_000, 30, 30)
"""When the collector runs in a ``pia`` process: after 200,000 new containers instead of Python's 700. At the
default it was 2.8 s of a 21 s ``pia check`` of a 50,000-flow model and 1.3 s of a 100-node ``pia export``;
with these, 0.5 s and 0.1 s."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the duration, as it was afterwards.

    Loading builds hundreds of thousands of small containers and no cycles, and so do building the graph and
    running the rules on it; the collector would scan the whole model again and again as objects pile up (a
    third of the time on a 50,000-flow model). A cycle made meanwhile waits for the next collection after the
    block.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def set_for_process() -> None:
    """The collector as a ``pia`` command runs it (:data:`PROCESS_THRESHOLDS`). Only the command's own process
    calls this; a library caller, or a test run, keeps the collector it has."""
    gc.set_threshold(*PROCESS_THRESHOLDS)
