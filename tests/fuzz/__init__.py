"""The fuzzing harness of pia-toolkit (the reliability issue): generators, oracles and a runner.

Nothing here changes the product: it drives ``pia`` through its CLI (typer's CliRunner, in-process; a
subprocess only to measure time and memory or to survive a hang or a hard crash) and reports what it finds.

    python -m tests.fuzz.run --count 10000 --seed 1 --jobs 2     # long mode, prints a summary
    python -m pytest tests/fuzz/test_fuzz_quick.py               # a fixed-seed sample, a few seconds

Modules: ``case`` (what one input is), ``corpus`` (the examples and vocabularies the generators start from),
``strategies`` (hypothesis strategies for valid-ish models), ``mutations`` (random edits of the examples),
``generators`` (one generator per class of input), ``resources`` (resource-exhaustion inputs, run in
subprocesses), ``oracles`` (what counts as a defect), ``execute`` (running one input), ``minimise`` and
``run`` (the runner and its summary).
"""
