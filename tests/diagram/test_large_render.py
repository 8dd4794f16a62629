"""`pia render` of a model too large for one legible drawing: the overview plus one drawing per zone, named as
the overview refers to them, that together draw every node; a model below the limit stays one picture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.synthetic import build_model, to_yaml
from pia_toolkit.exports.diagram.large import WHOLE_MAX, part_path
from tests.conftest import run_cli
from tests.diagram.helpers import EXAMPLES, needs_dot

pytestmark = needs_dot


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated ward of 150 nodes and their flows: more than one drawing holds."""
    model = build_model(150)
    assert len(model["nodes"]) + len(model["flows"]) > WHOLE_MAX
    path = tmp_path_factory.mktemp("ward") / "ward.yaml"
    path.write_text(to_yaml(model), encoding="utf-8")
    return path


def test_a_large_model_is_rendered_as_an_overview_and_zone_drawings(ward: Path, tmp_path: Path) -> None:
    output = tmp_path / "ward.svg"
    result = run_cli("render", ward, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert "全体図" in result.stderr and "ward-zone-N.svg" in result.stderr
    parts = sorted(tmp_path.glob("ward-zone-*.svg"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert len(parts) >= 2
    numbers = [int(p.stem.rsplit("-", 1)[1]) for p in parts]
    assert numbers == list(range(2, len(parts) + 2))
    overview = output.read_text(encoding="utf-8")
    referred = {int(n) for n in re.findall(r"(\d+)", " ".join(re.findall(r"→ 図([\d–,\s]+)", overview)))}
    assert referred and referred <= set(numbers)
    drawn = "".join(p.read_text(encoding="utf-8") for p in parts)
    model = build_model(150)
    # Graphviz names each drawn node's group by its id; a far end drawn as a stub has a name of its own.
    assert all(f"<title>{node['id']}</title>" in drawn for node in model["nodes"])
    assert "凡例" in drawn


def test_a_large_model_as_pdf_is_a3_sheets(ward: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    output = tmp_path / "ward.pdf"
    result = run_cli("render", ward, "-o", output, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "A3 landscape" in result.stderr
    pages = PdfReader(str(output)).pages
    assert len(pages) > 1
    assert all(round(float(p.mediabox.width)) == 1191 for p in pages)
    assert not part_path(output, 2).exists()


def test_a_model_below_the_limit_stays_one_picture(tmp_path: Path) -> None:
    output = tmp_path / "one.svg"
    result = run_cli("render", EXAMPLES / "setagaya-999-childbirth-support.yaml", "-o", output)
    assert result.exit_code == 0, result.stderr
    assert output.exists()
    assert not list(tmp_path.glob("one-zone-*"))


def test_zone_drawings_an_earlier_run_left_are_removed_and_nothing_else(ward: Path, tmp_path: Path) -> None:
    output = tmp_path / "ward.svg"
    # As if a larger version of the model had been drawn here before: more zone drawings than this run makes.
    stale = [tmp_path / "ward-zone-98.svg", tmp_path / "ward-zone-99.svg"]
    others = [
        tmp_path / n for n in ("ward-zone-notes.svg", "ward-zone-98.png", "other-zone-98.svg", "ward-zone-1a.svg")
    ]
    for path in [*stale, *others]:
        path.write_text("<svg/>", encoding="utf-8")
    result = run_cli("render", ward, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in others)
    assert "古いゾーンの図2枚を削除した" in result.stderr and "ward-zone-99.svg" in result.stderr
    kept = sorted(tmp_path.glob("ward-zone-*.svg"))
    assert part_path(output, 2) in kept
    assert all(path.exists() for path in kept)
