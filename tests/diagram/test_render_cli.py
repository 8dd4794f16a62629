"""`pia render` as a user runs it: formats, findings, highlight, views, a missing Graphviz, a missing font."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import pia_toolkit.exports.diagram as diagram_package
import pia_toolkit.exports.diagram.render as render_module
import pia_toolkit.pia.engine as engine_module
from pia_toolkit.exports.diagram import diagram_source
from pia_toolkit.pia.cli import build_app
from pia_toolkit.pia.findings import CheckReport
from tests.diagram.helpers import FIXTURES, fixture_graph, make_finding, needs_dot, svg_texts
from tests.model_text import write

MODEL = FIXTURES / "ward-contractor-cloud.yaml"


def run(*args: str | Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(build_app(), [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> list:  # type: ignore[type-arg]
    """Replace the rule engine with two fixed findings, so these tests do not depend on the rule catalog."""
    findings = [
        make_finding("NET-01@web_upload", ("web_upload",), question=True),
        make_finding("OUT-02@contractor_cloud", ("contractor_cloud",)),
    ]
    monkeypatch.setattr(engine_module, "check", lambda graph, *a, **k: CheckReport(list(findings)))
    return findings


def test_dot_output_is_the_diagram_source(tmp_path: Path) -> None:
    out = tmp_path / "flow.dot"
    result = run("render", MODEL, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == diagram_source(fixture_graph("ward-contractor-cloud"))


@needs_dot
@pytest.mark.parametrize("suffix, magic", [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_picture_formats_come_from_the_suffix(tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"flow.{suffix}"
    result = run("render", MODEL, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic)
    assert "を書き出した" in result.stderr


def test_unknown_suffix_is_an_input_error(tmp_path: Path) -> None:
    result = run("render", MODEL, "-o", tmp_path / "flow.jpeg")
    assert result.exit_code == 2
    assert ".svg" in result.stderr and ".dot" in result.stderr


def test_missing_graphviz_writes_the_dot_and_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_which = render_module.shutil.which
    monkeypatch.setattr(render_module.shutil, "which", lambda name: None if name == "dot" else real_which(name))
    out = tmp_path / "flow.svg"
    result = run("render", MODEL, "-o", out)
    assert result.exit_code == 3
    assert not out.exists()
    written = tmp_path / "flow.dot"
    assert written.read_text(encoding="utf-8") == diagram_source(fixture_graph("ward-contractor-cloud"))
    message = " ".join(result.stderr.split())
    assert "apt-get install graphviz" in message and "brew install graphviz" in message
    assert "https://graphviz.org/download/" in message and "flow.dot" in message


def test_missing_graphviz_on_path_is_detected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("render", MODEL, "-o", tmp_path / "flow.png")
    assert result.exit_code == 3
    assert (tmp_path / "flow.dot").exists()


def test_missing_japanese_font_warns_but_still_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module, "japanese_font_status", lambda: False)
    written: list[Path] = []
    monkeypatch.setattr(
        diagram_package, "write_diagram", lambda source, out: written.append(out) or render_module.Written(out, "svg")
    )
    result = run("render", MODEL, "-o", tmp_path / "flow.svg")
    assert result.exit_code == 0
    assert written == [tmp_path / "flow.svg"]
    assert "fonts-ipaexfont" in " ".join(result.stderr.split())


def test_findings_marks_come_from_the_engine(tmp_path: Path, fake_engine: list) -> None:  # type: ignore[type-arg]
    out = tmp_path / "flow.dot"
    assert run("render", MODEL, "-o", out, "--findings").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "?高" in text and "⚠高" in text and "指摘 2件" in text


def test_highlight_of_a_known_finding(tmp_path: Path, fake_engine: list) -> None:  # type: ignore[type-arg]
    out = tmp_path / "flow.dot"
    result = run("render", MODEL, "-o", out, "--highlight", "NET-01@web_upload")
    assert result.exit_code == 0, result.stderr
    assert "強調表示中の指摘: NET-01@web_upload" in out.read_text(encoding="utf-8")


def test_highlight_of_an_unknown_finding_exits_2_with_a_suggestion(
    tmp_path: Path,
    fake_engine: list,  # type: ignore[type-arg]
) -> None:
    out = tmp_path / "flow.svg"
    result = run("render", MODEL, "-o", out, "--highlight", "NET-01@web_uplaod")
    assert result.exit_code == 2
    assert "did you mean 'NET-01@web_upload'" in " ".join(result.stderr.split())
    assert not out.exists()


def test_bad_model_exits_2_with_located_errors(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", "version: 1\nscheme: {id: x}\n")
    result = run("render", bad, "-o", tmp_path / "bad.svg")
    assert result.exit_code == 2
    assert "bad.yaml:" in result.stderr


@needs_dot
def test_data_view_renders_item_titles(tmp_path: Path) -> None:
    out = tmp_path / "data.svg"
    result = run("render", MODEL, "-o", out, "--view", "data", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    texts = svg_texts(out.read_text(encoding="utf-8"))
    for title in ("Name", "Pregnancy notification", "Bank account", "Payment result", "Stores", "Sensitive"):
        assert title in texts, title
