"""Text that could break the layout does not: markup characters, long words, emoji, Japanese punctuation at
line ends, a missing Graphviz, a missing Japanese font."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfReader

from pia_toolkit.exports.pdf import fonts
from pia_toolkit.exports.pdf.fonts import register_font
from pia_toolkit.exports.pdf.kinsoku import CANNOT_END, CANNOT_START
from pia_toolkit.exports.pdf.styles import make_styles
from pia_toolkit.exports.pdf.text import JaParagraph, clean, markup
from pia_toolkit.pia.assessment.init import init_assessment
from tests.conftest import run_cli
from tests.pdf.conftest import body_text, layout_lines, pdf_text, squash

LONG_WORD = "Supercalifragilistic" * 15  # 300 characters, no break opportunity
HOSTILE_TITLE = f"<b>&amp; {LONG_WORD} 😀 委託先"


def _lines(text: str, width: float) -> list[str]:
    font = register_font()
    para = JaParagraph(markup(text, font), make_styles(font.name).body)
    para.wrap(width, 10_000)
    return ["".join(word.text for word in line.words) for line in para.blPara.lines]


@pytest.mark.parametrize("width", [60, 97, 120, 151, 200, 333])
@pytest.mark.parametrize("lead", range(0, 30, 3))
def test_closing_punctuation_never_starts_a_line(width: float, lead: int) -> None:
    text = "あ" * lead + "申請書を受け付けた" + "、。" * 12 + "」）。"
    lines = _lines(text, width)
    assert "".join(lines) == text, "no character is lost or duplicated"
    for line in lines[1:]:
        assert line[0] not in CANNOT_START, (width, lead, lines)
    for line in lines[:-1]:
        assert line[-1] not in CANNOT_END, (width, lead, lines)


@pytest.mark.parametrize("width", [80, 140, 250])
def test_opening_bracket_never_ends_a_line(width: float) -> None:
    text = "区の職員が受け付ける" * 3 + "（委託先を含む）「申請書」【重要】" * 4
    lines = _lines(text, width)
    assert "".join(lines) == text
    for line in lines[:-1]:
        assert line[-1] not in CANNOT_END, lines


def test_long_word_is_cut_to_fit_and_latin_breaks_at_spaces() -> None:
    font = register_font()
    style = make_styles(font.name).body
    width = 150
    para = JaParagraph(markup(LONG_WORD, font), style)
    para.wrap(width, 10_000)
    assert len(para.blPara.lines) > 3
    assert all(line.currentWidth <= width + 0.01 for line in para.blPara.lines)
    sentence = "the contractor stores the forms in a locked cabinet until deletion"
    lines = _lines(sentence, 120)
    assert all(not line.startswith(" ") for line in lines[1:])
    assert {w for line in lines for w in line.split()} <= set(sentence.split())


@pytest.mark.parametrize(
    ("text", "width"),
    # widths at which the word is at most half a line: a longer word is cut to fit (see the test above)
    [("保育所入所審査支援サービス（LGWAN-ASP）の利用", w) for w in range(150, 330, 6)]
    + [("通信の暗号化（TLS）", w) for w in range(40, 120, 4)],
)
def test_a_latin_word_before_closing_punctuation_moves_down_whole(text: str, width: float) -> None:
    """「（LGWAN-ASP）」: pulling 「）」 off the line start must not cut ASP into AS / P, nor TLS into TL / S."""
    lines = _lines(text, width)
    assert "".join(lines) == text
    for before, after in pairwise(lines):
        assert not (before[-1].isascii() and before[-1].isalpha() and after[0].isascii() and after[0].isalpha()), lines
        assert after[0] not in CANNOT_START, lines


def test_markup_escapes_and_replaces_what_the_font_cannot_draw() -> None:
    font = register_font()
    assert markup("<b>&amp;</b>", font) == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert clean("申請😀\u200d👍🏽\x07", font) == "申請??"
    assert markup("一行目\n二行目", font) == "一行目<br/>二行目"


def test_hostile_node_title_prints_literally_without_breaking_the_layout(project: Path, tmp_path: Path) -> None:
    text = project.read_text(encoding="utf-8").replace("title: 株式会社テスト委託サービス", f'title: "{HOSTILE_TITLE}"')
    project.write_text(text, encoding="utf-8")
    output = tmp_path / "hostile.pdf"

    result = run_cli("export", project, "-o", output)

    assert result.exit_code == 0, result.stderr
    extracted = squash(pdf_text(output))
    assert "<b>&amp;" in extracted, "markup in model text is printed, not interpreted"
    assert LONG_WORD in extracted
    assert "😀" not in extracted
    assert "?委託先" in extracted, "the emoji became ?"


def test_paragraph_ending_in_punctuation_runs_wraps_cleanly_in_the_pdf(project: Path, tmp_path: Path) -> None:
    answer = "".join(f"{'区' * n}手順{n}を確認した" + "、。" * 14 + "\n" for n in range(1, 20))
    init_assessment(project)[0].set_answer("I-4-1-necessity", answer)
    output = tmp_path / "punct.pdf"
    assert run_cli("export", project, "-o", output).exit_code == 0
    lines = [line.strip() for line in layout_lines(output)]
    pushed = [line for line in lines if line.startswith("た、。")]
    assert len(pushed) > 5, "the runs wrapped, and the character before each run moved down with it"
    assert not [line for line in lines if line.startswith(("。", "、", "）", "」"))]


def test_missing_graphviz_gives_a_boxed_note_and_the_step_table(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil as real_shutil

    from pia_toolkit.exports.diagram import render

    original = real_shutil.which
    monkeypatch.setattr(render.shutil, "which", lambda name, *a, **k: None if name == "dot" else original(name))
    output = tmp_path / "nodot.pdf"

    result = run_cli("export", project, "-o", output)

    assert result.exit_code == 0, result.stderr
    text = squash(pdf_text(output))
    assert "流れ図を描画できませんでした" in text
    assert "apt-getinstallgraphviz" in text
    assert "手順の一覧" in text and "対象者データの登録" in text


def test_a_diagram_graphviz_cannot_lay_out_gives_a_note_not_a_crash(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pia_toolkit.exports.diagram import RenderError
    from pia_toolkit.exports.pdf import annex

    def refuse(*args: object, **kwargs: object) -> None:
        raise RenderError("dot did not finish within 60 s")

    monkeypatch.setattr(annex, "paper_plan", refuse)
    output = tmp_path / "huge.pdf"

    result = run_cli("export", project, "-o", output)

    assert result.exit_code == 0, result.stderr
    text = squash(pdf_text(output))
    assert "piarender" in text
    assert "手順の一覧" in text and "対象者データの登録" in text


def test_without_a_japanese_truetype_font_the_cid_font_is_used_with_a_warning(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_font.cache_clear()
    monkeypatch.setattr(fonts, "find_font_file", lambda: None)
    output = tmp_path / "cid.pdf"
    try:
        result = run_cli("export", project, "-o", output)
    finally:
        register_font.cache_clear()
    assert result.exit_code == 0, result.stderr
    assert "fonts-ipaexfont" in result.stderr
    reader = PdfReader(str(output))
    names = {
        str(ref.get_object().get("/BaseFont")) for page in reader.pages for ref in page["/Resources"]["/Font"].values()
    }
    assert any("HeiseiKakuGo" in n for n in names)
    assert "基本情報" in pdf_text(output)


def test_answers_longer_than_a_page_split_across_pages(project: Path, tmp_path: Path) -> None:
    assessment = init_assessment(project)[0]
    long_answer = ("委託先は申請書を施錠できる書庫で保管する。" * 30 + "\n") * 20
    assessment.set_answer("I-4-1-necessity", long_answer)
    assessment.set_answer(
        "I-2-systems",
        [{"name": f"業務システム{i}", "function": "申請の受付と審査。" * 40} for i in range(30)],
    )
    assessment.set_comment("I-4-1-necessity", "記載が冗長。" * 800)
    output = tmp_path / "long.pdf"

    result = run_cli("export", project, "-o", output)

    assert result.exit_code == 0, result.stderr
    text = squash(body_text(output))
    assert text.count("委託先は申請書を施錠できる書庫で保管する。") == 600
    assert "業務システム29" in text


@pytest.mark.parametrize("width", [60.0, 90.0, 130.0])  # every part of the id fits a line
def test_ids_break_only_after_their_separators(width: float) -> None:
    from pia_toolkit.exports.pdf import styles
    from pia_toolkit.exports.pdf.fonts import register_font
    from pia_toolkit.exports.pdf.kinsoku import ID_BREAKS
    from pia_toolkit.exports.pdf.text import JaParagraph, ident, markup

    font = register_font()
    style = styles.make_styles(font.name).cell_small
    finding = "NET-03@flow_mail_to_contractor>contractor_cloud#attachment"
    para = JaParagraph(f"関連する指摘: {ident(markup(finding, font))} ほか", style)
    para.wrap(width, 1000)
    lines = ["".join(w.text for w in line.words) for line in para.blPara.lines]
    joined = "".join(lines)
    assert finding in joined and "\ue000" not in joined and "\ue001" not in joined
    start = joined.index(finding)
    position = 0
    for line in lines[:-1]:
        position += len(line)
        inside = start < position < start + len(finding)
        if inside:
            assert joined[position - 1] in ID_BREAKS, (width, lines)


def test_every_flow_id_in_the_step_table_is_printed_whole(tmp_path: Path) -> None:
    """Generated flow ids have no separator (f000013): the step table prints each on one line, never cut."""
    from benchmarks.synthetic import build_model, to_yaml
    from pia_toolkit.exports.pdf import build_pdf
    from pia_toolkit.pia.checked import open_model

    model = tmp_path / "ward.yaml"
    model.write_text(to_yaml(build_model(20)), encoding="utf-8")
    (tmp_path / "pia-project.yaml").write_text("", encoding="utf-8")
    checked = open_model(model, assessment="prefilled", assessment_file=tmp_path / "ward.assessment.yaml")
    build_pdf(checked, tmp_path / "report.pdf")
    pages = [page.extract_text() or "" for page in PdfReader(str(tmp_path / "report.pdf")).pages]
    steps = "\n".join(page for page in pages if "送り手 → 受け手" in page)
    cut = [flow_id for flow_id in checked.graph.flows if flow_id not in steps]
    assert steps and not cut, f"{len(cut)} of {len(checked.graph.flows)} flow ids are cut, e.g. {cut[:3]}"
