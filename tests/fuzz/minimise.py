"""Shrinking an input that triggered a defect: drop lines of the fuzzed file while the same defect remains.

Cheap on purpose: line-granular delta debugging with a budget of command runs, and only for the first input
of each place.
"""

from __future__ import annotations

import dataclasses

from tests.fuzz.case import Case, Command
from tests.fuzz.execute import Executor


def reproduces(executor: Executor, case: Case, command: Command, signature: tuple[int, str], content: bytes) -> bool:
    trial = dataclasses.replace(case, files={**case.files, case.fuzzed or "": content}, commands=[command])
    result = executor.run(trial)
    return any(d.signature == signature for d in result.defects)


def minimise(
    executor: Executor, case: Case, command: Command, signature: tuple[int, str], budget: int = 60
) -> bytes | None:
    """A smaller version of the fuzzed file that still gives ``signature`` with ``command``, or None."""
    content = case.fuzzed_bytes
    if content is None or not case.fuzzed or case.subprocess:
        return None
    lines = content.split(b"\n")
    if len(lines) < 2:
        return None
    runs = 0
    chunks = 2
    while len(lines) >= 2 and runs < budget:
        size = max(1, len(lines) // chunks)
        reduced = False
        for start in range(0, len(lines), size):
            if runs >= budget:
                break
            candidate = lines[:start] + lines[start + size :]
            if not candidate:
                continue
            runs += 1
            if reproduces(executor, case, command, signature, b"\n".join(candidate)):
                lines = candidate
                chunks = max(chunks - 1, 2)
                reduced = True
                break
        if not reduced:
            if size == 1:
                break
            chunks = min(len(lines), chunks * 2)
    smaller = b"\n".join(lines)
    return smaller if len(smaller) < len(content) else None
