"""The PDF a council reads, for every example: no blank pages, the threshold sentence of `pia threshold` on the
cover, the title that matches whether 特定個人情報 is handled, no file locations in the council version, every
contradiction flagged, and the 別添1 sheets printing their texts at 7 pt (nodes) and 6 pt (arrows) or more."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from pia_toolkit.exports.diagram.legibility import MIN_EDGE_PT, MIN_NODE_PT
from pia_toolkit.exports.pdf import build_pdf, styles
from pia_toolkit.exports.pdf.kind import DocumentKind
from pia_toolkit.pia.assessment.init import init_assessment
from pia_toolkit.pia.assessment.status import contradiction
from pia_toolkit.pia.checked import CheckedModel, open_model
from pia_toolkit.pia.findings import Finding
from tests.conftest import EXAMPLES, ROOT, run_cli
from tests.pdf.conftest import squash

EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".assessment.yaml"))
TITLE_MY_NUMBER = "特定個人情報保護評価書（全項目評価書）"
TITLE_VOLUNTARY = "個人情報保護評価書（全項目評価書の様式による任意の評価）"
FLAG = "【要確認】記載と指摘の矛盾"


@dataclass
class Exported:
    checked: CheckedModel
    path: Path
    pages: list[str]
    node_pt: float | None
    edge_pt: float | None
    contradictions: list[str]


def handled_answers(model: Path) -> list[str]:
    """Answer every item that has a 'handled' choice and an open high or critical finding as handled: the
    contradictions a careless owner could write. Returns the ids of the items that now contradict."""
    document = init_assessment(model)[0]
    checked = open_model(model, assessment="existing")
    for item in document.form.items:
        if item.type != "choice":
            continue
        handled = next((c for c in item.choices if c.claims_handled), None)
        if handled is not None and any(f.severity >= 3 and not f.question for f in checked.open_findings_for(item.id)):
            document.set_answer(item.id, handled.id, save=False)
    document.save()
    checked = open_model(model, assessment="existing")
    return [i.id for i in checked.document.form.items if contradiction(checked, i) is not None]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Exported]:
    """Every example exported once (council version), with contradicting answers written in."""
    root = tmp_path_factory.mktemp("council") / "project"
    shutil.copytree(ROOT / "flows", root / "flows", ignore=shutil.ignore_patterns("*.assessment.yaml", "__pycache__"))
    (root / "pia-project.yaml").write_text("# marks the project root\n", encoding="utf-8")
    out: dict[str, Exported] = {}
    for name in EXAMPLE_NAMES:
        model = root / "flows" / "examples" / name
        contradicting = handled_answers(model)
        checked = open_model(model, assessment="existing")
        target = root / "out" / f"{name}.pdf"
        result = build_pdf(checked, target)
        pages = [page.extract_text() or "" for page in PdfReader(str(target)).pages]
        out[name] = Exported(checked, target, pages, result.node_pt, result.edge_pt, contradicting)
    return out


def body_of(page: str, exported: Exported) -> str:
    """A page's text without its running header and its "n / N" footer."""
    scheme = exported.checked.graph.document.scheme
    text = squash(page)
    text = re.sub(r"\d+/\d+$", "", text)
    for part in (scheme.municipality + scheme.title, scheme.municipality, scheme.title, "審議会提出版"):
        text = text.replace(squash(part), "", 1)
    return text


def _grey_page(pdf: Path, page: int, dpi: int) -> tuple[int, int, bytes]:
    """Page ``page`` as the eye sees it: rasterised by poppler (width, height, one byte per pixel)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    out = pdf.with_name(f"{pdf.stem}-p{page}")
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(out)],
        check=True,
    )
    data = Path(f"{out}.pgm").read_bytes()
    magic, width, height, _maximum, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    return int(width), int(height), pixels[: int(width) * int(height)]


@pytest.mark.parametrize("name", EXAMPLE_NAMES[:2])
def test_the_table_of_contents_prints_its_page_numbers(exported: dict[str, Exported], name: str) -> None:
    """On paper, not only in the text layer: each number is ink in the column at the right margin (they were
    once clipped away by their form's box while pdftotext still found every one)."""
    item = exported[name]
    toc = next(number for number, page in enumerate(item.pages, 1) if "目次" in page)
    dpi = 50
    width, height, pixels = _grey_page(item.path, toc, dpi)
    right = int((styles.PAGE[0] - styles.MARGIN_X) * dpi / 72)
    left = right - int(14 * dpi / 72)  # the last two digits of a number, 10 pt text
    inked = {y for y in range(height) for x in range(left, right + 1) if pixels[y * width + x] < 140}
    lines = len(re.findall(r"\.\s*\d+\s*$", item.pages[toc - 1], re.M))
    assert lines >= 5 and len(inked) >= 2 * lines, (len(inked), lines)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_page_is_only_a_header_and_a_page_number(exported: dict[str, Exported], name: str) -> None:
    item = exported[name]
    blank = [number for number, page in enumerate(item.pages, 1) if len(body_of(page, item)) < 3]
    assert blank == [], f"pages with nothing but the header and the page number: {blank}"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_cover_prints_the_threshold_judgment_as_pia_threshold_does(
    exported: dict[str, Exported], name: str
) -> None:
    item = exported[name]
    printed = run_cli("threshold", item.checked.path)
    assert printed.exit_code == 0, printed.stderr
    lines = [line.strip() for line in printed.stdout.splitlines() if line.strip()]
    result = next(line for line in lines if line.startswith("結果:"))
    cover = squash(item.pages[0])
    assert squash(result) in cover
    if item.checked.threshold.my_number:
        assert squash(lines[-1]) == squash(item.checked.threshold.verdict("ja"))
        assert squash(lines[-1]) in cover


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_title_says_whether_the_scheme_handles_specific_personal_information(
    exported: dict[str, Exported], name: str
) -> None:
    item = exported[name]
    cover = squash(item.pages[0])
    text = squash("".join(item.pages))
    if item.checked.threshold.my_number:
        assert TITLE_MY_NUMBER in cover
        assert "特定個人情報の流れ図" in text
    else:
        assert TITLE_VOLUNTARY in cover and TITLE_MY_NUMBER not in cover
        assert "特定個人情報の流れ図" not in text and "個人情報の流れ図" in text
        assert "該当なし" in text  # the My-Number-only items say so, with the reason
        outline = [str(e.title) for e in _outline(PdfReader(str(item.path)))]
        assert not [t for t in outline if "特定個人情報" in t], outline


def _outline(reader: PdfReader) -> list:  # type: ignore[type-arg]
    found: list = []  # type: ignore[type-arg]

    def walk(entries: list) -> None:  # type: ignore[type-arg]
        for entry in entries:
            walk(entry) if isinstance(entry, list) else found.append(entry)

    walk(reader.outline)
    return found


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_council_version_names_no_file_and_line(exported: dict[str, Exported], name: str) -> None:
    text = squash("".join(exported[name].pages))
    assert ".yaml:" not in text


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_handled_answer_beside_an_open_serious_finding_is_flagged_and_listed(
    exported: dict[str, Exported], name: str
) -> None:
    item = exported[name]
    text = squash("".join(item.pages))
    assert text.count(FLAG) == len(item.contradictions)
    report = squash("".join(item.pages[_report_start(item) :]))
    for item_id in item.contradictions:
        assert item_id in report, item_id
    if not item.contradictions:
        assert "矛盾する記載はありません。" in report


def _report_start(item: Exported) -> int:
    return max(i for i, page in enumerate(item.pages) if "第三者点検の結果" in page and "点検の記録" in page)


def _register(item: Exported) -> str:
    """The findings register's text: from its heading's page up to the reviewer's report."""
    start = max(
        i for i, page in enumerate(item.pages) if "指摘事項一覧（リスク点検の結果）" in page and "重大度" in page
    )
    return squash("".join(item.pages[start : _report_start(item)]))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_register_says_each_rules_reason_once_above_its_findings(exported: dict[str, Exported], name: str) -> None:
    item = exported[name]
    register = _register(item)
    kind = DocumentKind(item.checked.threshold.my_number)
    groups: dict[str, list[Finding]] = {}
    for finding in item.checked.report.violations:
        groups.setdefault(finding.rule_id, []).append(finding)
    for rule_id, findings in groups.items():
        rule = findings[0].rule
        heading = squash(f"{rule_id} {kind.word(rule.text('title', 'ja'), 'ja')}（{len(findings)}件）")
        assert heading in register, heading
        assert register.count(squash(rule.text("why", "ja"))) == 1, rule_id
        below = register[register.index(heading) :]
        for finding in findings:
            assert squash(finding.id) in below, finding.id


def test_some_example_has_a_rule_with_several_findings(exported: dict[str, Exported]) -> None:
    counts = [
        sum(1 for f in e.checked.report.violations if f.rule_id == g.rule_id)
        for e in exported.values()
        for g in e.checked.report.violations
    ]
    assert max(counts) >= 2


def test_some_example_has_contradictions_to_flag(exported: dict[str, Exported]) -> None:
    assert sum(len(e.contradictions) for e in exported.values()) > 0


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_diagram_texts_print_at_legible_sizes(exported: dict[str, Exported], name: str) -> None:
    item = exported[name]
    assert item.node_pt is not None and item.node_pt >= MIN_NODE_PT - 1e-6
    assert item.edge_pt is not None and item.edge_pt >= MIN_EDGE_PT - 1e-6


def test_the_reviewer_signs_the_report_and_the_record_is_kept(flows_copy: Path) -> None:
    model = flows_copy / "examples" / "setagaya-1003-vaccination.yaml"
    assert run_cli("assess", "init", model).exit_code == 0
    output = flows_copy.parent / "out" / "signed.pdf"
    result = run_cli(
        "export",
        model,
        "-o",
        output,
        "--reviewer",
        "山田 花子",
        "--reviewer-org",
        "世田谷区個人情報保護審議会",
        "--review-date",
        "2026-11-20",
        "--conclusion",
        "評価書の記載は概ね妥当である。",
    )
    assert result.exit_code == 0, result.stderr
    text = squash("".join(p.extract_text() or "" for p in PdfReader(str(output)).pages))
    for words in (
        "山田花子",
        "世田谷区個人情報保護審議会",
        "2026年11月20日",
        "評価書の記載は概ね妥当である。",
        "署名",
        "印",
    ):
        assert words in text, words
    stored = model.with_name(model.stem + ".assessment.yaml").read_text(encoding="utf-8")
    assert "reviewer: 山田 花子" in stored and "organisation: 世田谷区個人情報保護審議会" in stored

    again = flows_copy.parent / "out" / "again.pdf"
    assert run_cli("export", model, "-o", again).exit_code == 0
    assert "山田花子" in squash("".join(p.extract_text() or "" for p in PdfReader(str(again)).pages))


def test_a_bad_review_date_is_refused(flows_copy: Path) -> None:
    model = flows_copy / "examples" / "setagaya-1003-vaccination.yaml"
    result = run_cli("export", model, "-o", flows_copy / "x.pdf", "--reviewer", "A", "--review-date", "11/20")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_internal_version_adds_the_file_locations_as_an_appendix(flows_copy: Path) -> None:
    model = flows_copy / "examples" / "setagaya-1003-vaccination.yaml"
    output = flows_copy.parent / "out" / "internal.pdf"
    assert run_cli("export", model, "-o", output, "--audience", "internal").exit_code == 0
    pages = [p.extract_text() or "" for p in PdfReader(str(output)).pages]
    assert "庁内版" in squash(pages[0])
    appendix = squash("".join(pages[-3:]))
    assert "指摘の根拠の記載箇所" in appendix and ".yaml:" in appendix


def test_public_version_leaves_out_the_register_and_the_comments(flows_copy: Path) -> None:
    model = flows_copy / "examples" / "setagaya-1003-vaccination.yaml"
    output = flows_copy.parent / "out" / "public.pdf"
    assert run_cli("export", model, "-o", output, "--public").exit_code == 0
    pages = [p.extract_text() or "" for p in PdfReader(str(output)).pages]
    text = squash("".join(pages))
    assert "公開版" in squash(pages[0])
    assert squash(open_model(model).threshold.verdict("ja")) in squash(pages[0])  # the cover stays one page
    assert squash(pages[1]).startswith("目次") or "目次" in squash(pages[1])[:40]
    assert "公開版のため、指摘事項一覧と点検者の項目ごとの意見は掲載していません。" in text
    assert "指摘事項一覧（リスク点検の結果）" not in text and "リスクの概観" not in text
    assert ".yaml:" not in text

    summary = flows_copy.parent / "out" / "public-findings.pdf"
    assert run_cli("export", model, "-o", summary, "--public", "--with-findings").exit_code == 0
    pages = [p.extract_text() or "" for p in PdfReader(str(summary)).pages]
    assert "公開版（指摘の概要付き）" in squash(pages[0])
    assert "指摘の概要" in squash("".join(pages))


def test_a3_paper_sets_the_diagram_on_a3_landscape(flows_copy: Path) -> None:
    model = flows_copy / "examples" / "setagaya-999-childbirth-support.yaml"
    output = flows_copy.parent / "out" / "a3.pdf"
    assert run_cli("export", model, "-o", output, "--paper", "a3").exit_code == 0
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(str(output)).pages}
    assert (1191, 842) in sizes and (595, 842) in sizes


def test_annex3_prints_the_changes_recorded_by_assess_init_since(flows_copy: Path) -> None:
    folder = flows_copy / "examples" / "changes" / "setagaya-999-inquiry-number"
    after = folder / "after.yaml"
    made = run_cli("assess", "init", after, "--since", folder / "before.yaml")
    assert made.exit_code == 0, made.stderr
    output = flows_copy.parent / "out" / "changed.pdf"
    assert run_cli("export", after, "-o", output).exit_code == 0
    pages = [squash(p.extract_text() or "") for p in PdfReader(str(output)).pages]
    start = next(i for i, page in enumerate(pages) if "別添3変更箇所" in page and "ANNEX3-1-changes" in page)
    annex3 = "".join(pages[start : start + 4])  # a long before/after text runs on
    for words in ("変更日", "変更前の記載", "変更後の記載", "別添1事務の内容"):
        assert words in annex3, words
