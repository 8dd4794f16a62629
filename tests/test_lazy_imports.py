"""A command imports what it runs: `pia --help` and `pia kinds` start without the model machinery.

Each case runs the CLI in a fresh interpreter (a module imported by an earlier test would hide a regression) and
looks at what ended up in ``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

_PROBE = """
import contextlib, io, json, sys
from pia_toolkit.pia.cli import main
sys.argv = ["pia", *json.loads(sys.argv[1])]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit as stop:
        code = stop.code
    else:
        code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

NEVER = ("networkx", "graphviz", "reportlab", "textual", "pia_toolkit.flows.schema", "pia_toolkit.flows.graph")
"""Third-party packages and our own modules that neither the help nor the vocabulary list may load."""


def loaded_modules(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args))], capture_output=True, text=True, timeout=120, check=True
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    return set(report["modules"])


def _loaded(modules: set[str], name: str) -> bool:
    return any(module == name or module.startswith(name + ".") for module in modules)


@pytest.mark.parametrize("args", [("--help",), ("kinds",), ("check", "--help")])
def test_help_and_kinds_load_no_model_machinery(args: tuple[str, ...]) -> None:
    modules = loaded_modules(*args)
    assert "pia_toolkit.pia.cli" in modules  # the probe did run the CLI
    assert [name for name in NEVER if _loaded(modules, name)] == []


def test_help_builds_no_pydantic_model() -> None:
    modules = loaded_modules("--help")
    assert not _loaded(modules, "pydantic")
    assert not _loaded(modules, "pia_toolkit.pia.checked")
    assert not _loaded(modules, "pia_toolkit.pia.assessment")


def test_check_without_an_assessment_loads_no_assessment_document() -> None:
    from tests.conftest import EXAMPLES

    modules = loaded_modules("check", str(EXAMPLES / "setagaya-999-childbirth-support.yaml"), "--fail-on", "none")
    assert "pia_toolkit.pia.engine" in modules  # the probe did check the model
    heavy = ("document", "form", "refresh", "prefill", "yaml_text")
    assert [name for name in heavy if _loaded(modules, f"pia_toolkit.pia.assessment.{name}")] == []
