"""The DOT a model produces is pinned by golden files and is byte-identical from run to run.

Regenerate after an intended change with ``PIA_UPDATE_GOLDEN=1 .venv/bin/pytest tests/diagram`` and review the
diff of ``tests/diagram/golden/`` like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pia_toolkit.exports.diagram import diagram_source
from tests.diagram.helpers import EXAMPLES, FIXTURES, GOLDEN, load_graph

CASES = [
    # (model, view, lang, golden file)
    (FIXTURES / "ward-contractor-cloud.yaml", "zones", "ja", "ward-contractor-cloud.dot"),
    (FIXTURES / "ward-contractor-cloud.yaml", "zones", "en", "ward-contractor-cloud.en.dot"),
    (FIXTURES / "ward-contractor-cloud.yaml", "data", "ja", "ward-contractor-cloud.data.dot"),
    (FIXTURES / "three-layer-eligibility.yaml", "zones", "ja", "three-layer-eligibility.dot"),
    (FIXTURES / "three-layer-eligibility.yaml", "data", "en", "three-layer-eligibility.data.en.dot"),
    (EXAMPLES / "meguro-medical-aid-eligibility.yaml", "zones", "ja", "meguro-medical-aid-eligibility.dot"),
    (EXAMPLES / "setagaya-999-childbirth-support.yaml", "zones", "ja", "setagaya-999-childbirth-support.dot"),
]


def _update() -> bool:
    return os.environ.get("PIA_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize(("model", "view", "lang", "golden"), CASES, ids=[c[3] for c in CASES])
def test_dot_matches_golden_file(model: Path, view: str, lang: str, golden: str) -> None:
    if not model.exists():
        pytest.skip(f"{model.name} is not written yet")
    source = diagram_source(load_graph(model), view=view, lang=lang)  # type: ignore[arg-type]
    target = GOLDEN / golden
    if _update() or not target.exists():
        if not _update():
            pytest.fail(f"no golden file {target.name}; run with PIA_UPDATE_GOLDEN=1 to create it")
        target.write_text(source, encoding="utf-8")
    assert source == target.read_text(encoding="utf-8"), (
        f"{target.name} differs; if the change is intended, regenerate with PIA_UPDATE_GOLDEN=1"
    )


@pytest.mark.parametrize("view", ["zones", "data"])
@pytest.mark.parametrize("model", ["ward-contractor-cloud", "three-layer-eligibility"])
def test_same_model_gives_byte_identical_dot(model: str, view: str) -> None:
    path = FIXTURES / f"{model}.yaml"
    first = diagram_source(load_graph(path), view=view)  # type: ignore[arg-type]
    second = diagram_source(load_graph(path), view=view)  # type: ignore[arg-type]
    assert first.encode("utf-8") == second.encode("utf-8")


def test_golden_files_name_no_temporary_or_random_ids() -> None:
    # Names in the DOT come from model ids only: no object ids, counters or hashes that change per run.
    for golden in GOLDEN.glob("*.dot"):
        text = golden.read_text(encoding="utf-8")
        assert "0x" not in text
        assert "tmp" not in text.lower()
