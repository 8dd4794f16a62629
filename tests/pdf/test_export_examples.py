"""Every reference model exports to a PDF a council member can use: all form sections, the model's answers,
every finding id, bookmarks, and an embedded Japanese font."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from pia_toolkit.exports.pdf.fonts import find_font_file
from pia_toolkit.exports.pdf.kind import DocumentKind
from pia_toolkit.pia.assessment.form import full_item_form
from pia_toolkit.pia.checked import open_model
from tests.conftest import EXAMPLES, run_cli
from tests.pdf.conftest import FIXTURE_MODEL, FIXTURES, pdf_text, squash

EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".assessment.yaml"))


def _model(flows_copy: Path, name: str | None) -> Path:
    if name is None:
        target = flows_copy / "pdf-fixture" / FIXTURE_MODEL
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((FIXTURES / FIXTURE_MODEL).read_bytes())
        return target
    return flows_copy / "examples" / name


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(entries: list) -> None:  # type: ignore[type-arg]
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(str(entry.title))

    walk(reader.outline)
    return titles


def embedded_truetype(reader: PdfReader) -> bool:
    """Some page uses a TrueType font whose descriptor carries the font program (/FontFile2)."""
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            is_truetype = font.get("/Subtype") == "/TrueType" and descriptor is not None
            if is_truetype and "/FontFile2" in descriptor.get_object():
                return True
    return False


@pytest.mark.parametrize("name", EXAMPLE_NAMES or [None], ids=EXAMPLE_NAMES or ["fixture"])
def test_example_exports_with_sections_answers_and_findings(flows_copy: Path, name: str | None) -> None:
    model = _model(flows_copy, name)
    output = flows_copy.parent / "out" / "report.pdf"
    result = run_cli("export", model, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert str(output) in result.stdout.replace("\n", "")
    assert "ページ" in result.stdout

    checked = open_model(model, assessment="prefilled")
    text = squash(pdf_text(output))
    kind = DocumentKind(checked.threshold.my_number)
    for section in full_item_form().sections:
        assert squash(kind.word(section.title.ja, "ja")) in text, section.title.ja
    scheme = checked.graph.document.scheme
    assert squash(scheme.business) in text
    contractors = [n for n in checked.graph.nodes.values() if n.kind in ("contractor", "subcontractor")]
    for node in contractors:
        assert squash(node.title) in text, node.title
    for finding in checked.report.findings:
        assert squash(finding.id) in text, finding.id

    reader = PdfReader(str(output))
    titles = outline_titles(reader)
    assert "Ⅰ 基本情報" in titles
    assert any("指摘事項一覧" in t for t in titles)
    assert any("第三者点検" in t for t in titles)
    if find_font_file() is not None:
        assert embedded_truetype(reader)
    assert not list(model.parent.glob("*.assessment.yaml")), "export must not write an assessment file"
    if shutil.which("dot") is not None:
        assert_diagram_on_landscape_sheets(reader, kind.diagram_title("ja"))


def assert_diagram_on_landscape_sheets(reader: PdfReader, title: str) -> None:
    """別添1 is drawn as vector sheets (no picture) on landscape pages, the first under the diagram's heading,
    each with its legend."""
    assert not [i for i, page in enumerate(reader.pages) if page.images], "the diagram is drawn, not pasted in"
    sheets = [page for page in reader.pages if float(page.mediabox.width) > float(page.mediabox.height)]
    assert sheets
    assert squash(title) in squash(sheets[0].extract_text() or "")
    for page in sheets:
        assert "凡例" in (page.extract_text() or "")


def test_page_numbers_say_page_of_pages(project: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.pdf"
    assert run_cli("export", project, "-o", output).exit_code == 0
    reader = PdfReader(str(output))
    total = len(reader.pages)
    assert f"3 / {total}" in (reader.pages[2].extract_text() or "")
    assert f"{total} / {total}" in (reader.pages[-1].extract_text() or "")


def test_contents_page_lists_the_sections_with_pages(project: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.pdf"
    assert run_cli("export", project, "-o", output).exit_code == 0
    contents = PdfReader(str(output)).pages[1].extract_text() or ""
    assert "目次" in contents
    assert "Ⅰ 基本情報" in contents
    assert "この文書の読み方" in contents


def test_every_item_shows_its_stable_id(project: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.pdf"
    assert run_cli("export", project, "-o", output).exit_code == 0
    text = squash(pdf_text(output))
    for item in full_item_form().items:
        assert squash(item.id) in text, item.id


def test_english_export_uses_english_titles(project: Path, tmp_path: Path) -> None:
    output = tmp_path / "report-en.pdf"
    assert run_cli("export", project, "-o", output, "--lang", "en").exit_code == 0
    text = pdf_text(output)
    section_i = next(s for s in full_item_form().sections if s.id == "I")
    assert squash(section_i.title.en) in squash(text)
    assert "Findings register" in text
