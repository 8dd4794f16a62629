"""``pia render``: draw a model as a data-flow diagram (DOT, SVG, PNG, PDF)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from pia_toolkit.catalog.texts import say
from pia_toolkit.flows.paths import os_reason
from pia_toolkit.pia.cli import common
from pia_toolkit.pia.cli.options import Paper, output_option, since_option

if TYPE_CHECKING:
    from pia_toolkit.pia.checked import CheckedModel
    from pia_toolkit.pia.diff.report import ChangeReport


class View(StrEnum):
    """What the diagram shows: the zones with the flows between them, or the table of data items by node."""

    zones = "zones"
    data = "data"


def render(
    file: Path = common.MODEL_ARGUMENT,
    output: Path = output_option(
        "出力ファイル。拡張子で形式を決める / output file: .svg, .png, .pdf or .dot", required=True
    ),
    lang: common.Lang = common.LANG_OPTION,
    findings: bool = typer.Option(
        False, "--findings", help="点検を実行し、指摘のある要素に印を付ける / mark elements that have findings."
    ),
    highlight: str | None = typer.Option(
        None,
        "--highlight",
        metavar="FINDING-ID",
        help="この指摘の要素と経路を強調し、他を灰色にする / emphasise one finding.",
    ),
    view: View = typer.Option(View.zones, "--view", help="zones: ゾーンとフローの図 / data: データ項目×ノードの表"),
    paper: Paper | None = typer.Option(
        None,
        "--paper",
        help="PDFを印刷用の横向きの用紙に（文字が読める大きさで、全体図と部分図に分けて）/ a .pdf as printable "
        "landscape sheets at legible sizes (an overview and sheets per zone when needed)",
    ),
    since: str | None = since_option(
        "変更の図: OLD（モデルのファイル、REV:path、または git のリビジョン）からの追加・削除・変更を描く / "
        "draw the change since OLD (a model file, REV:path or a git revision): added, removed (kept as ghosts) "
        "and changed elements, and moved step numbers",
    ),
) -> None:
    """データフロー図を描く。Draw the data-flow diagram; the format comes from the -o suffix.

    大きなモデル（ノードとフローが計600を超える）は1枚では読めないため、全体図 x.svg とゾーンごとの図
    x-zone-N.svg（全体図の「→ 図N」）に分けて書く（.pdf はA3横の全体図と部分図）。A model of more than 600
    nodes and flows is written as the overview x.svg plus one drawing per zone, x-zone-N.svg (N as the overview
    refers to it); a .pdf becomes A3 landscape sheets.
    """
    # Imported here so that other commands do not pay for Graphviz and the exports package.
    from pia_toolkit.exports.diagram import (
        FORMATS,
        GraphvizMissing,
        UnknownFinding,
        diagram_source,
        font_warning,
        output_format,
    )
    from pia_toolkit.exports.diagram import write_diagram as write

    language = lang.value
    if paper is not None and (output.suffix.lower() != ".pdf" or view != View.zones or highlight is not None):
        common.fail_with(language, "cli.paper_needs_pdf", path=output)
    if since is not None and (view != View.zones or findings or highlight is not None):
        common.fail_with(language, "cli.since_zones_only")
    if output_format(output) is None:
        common.fail_with(language, "cli.unknown_format", path=output, suffix=output.suffix, formats=", .".join(FORMATS))
    with common.internal_errors(language):
        marked = findings or highlight is not None
        checked = common.open_or_exit(file, language, run_rules=marked)
        common.checked_output(language, output, checked.read_files())
        if view == View.data and marked:
            common.err_console.print(escape(say("cli.data_view_no_marks", language)))
        if paper is not None:
            _paper_pdf(checked, output, paper.value, language, marked, since)
            return
        if since is None and view == View.zones and highlight is None and output_format(output) != "dot":
            from pia_toolkit.exports.diagram.large import too_large

            if too_large(checked.graph):
                _split(checked, output, language, marked)
                return
        try:
            source = (
                _change_source(checked, since, language)
                if since is not None
                else diagram_source(
                    checked.graph,
                    view=view.value,
                    lang=language,
                    findings=checked.report.findings if marked else None,
                    highlight=highlight if view == View.zones else None,
                )
            )
        except UnknownFinding as error:
            common.fail(language, f"{checked.shown}: {error}")
        if output_format(output) != "dot" and (warning := font_warning()):
            common.warn(language, warning)
        with _drawing(language, output):
            try:
                written = write(source, output)
            except GraphvizMissing as missing:  # one drawing: its DOT is written instead, for later
                common.err_console.print(f"[yellow]{escape(str(missing))}[/]")
                common.err_console.print(escape(say("cli.wrote_dot_instead", language, path=missing.dot_path)))
                raise typer.Exit(common.EXIT_MISSING_TOOL) from None
        common.err_console.print(escape(say("cli.wrote", language, path=written.path)))


def _change_report(new: CheckedModel, since: str, lang: str) -> ChangeReport:
    """``--since``: the old version read as ``pia diff --since`` reads it (a file, ``REV:path`` or a revision of
    the same file), compared with the new one."""
    from pia_toolkit.pia.cli.diff_cmds import old_side, open_version
    from pia_toolkit.pia.diff.report import compare

    with old_side(since, new.path, lang) as found:
        old = open_version(found, lang, run_rules=False)
    return compare(old, new, old_label=found.label, new_label=new.shown)


def _change_source(new: CheckedModel, since: str, lang: str) -> str:
    """``--since``: the diagram of the change, as DOT."""
    from pia_toolkit.exports.diagram.change import change_dot

    return change_dot(_change_report(new, since, lang), lang)


def _split(checked: CheckedModel, output: Path, lang: str, marked: bool) -> None:
    """A model too large for one drawing: the overview and one drawing per zone (see exports.diagram.large)."""
    from pia_toolkit.exports.diagram.large import part_path, write_split

    graph = checked.graph
    size = len(graph.nodes) + len(graph.flows)
    with _drawing(lang, output):
        written = write_split(graph, output, lang=lang, findings=checked.report.findings if marked else None)
    if written.pictures:
        pattern = part_path(output, 0).name.replace("-0", "-N", 1)
        said = say("cli.wrote_split", lang, path=output, parts=len(written.files) - 1, size=size, pattern=pattern)
    else:
        said = say("cli.wrote_split_pdf", lang, path=output, size=size, sheets=written.sheets, pages=written.pages)
    common.err_console.print(escape(said))
    if written.removed:
        names = say("common.list_separator", lang).join(path.name for path in written.removed)
        common.err_console.print(escape(say("cli.removed_stale_parts", lang, count=len(written.removed), names=names)))


def _paper_pdf(checked: CheckedModel, output: Path, paper: str, lang: str, marked: bool, since: str | None) -> None:
    """``--paper``: the sheets of the assessment's 別添1 (with ``--since``, of the change), drawn alone; says how
    many and their smallest text."""
    from pia_toolkit.exports.diagram.paper import write_paper_pdf

    graph, restyle = checked.graph, None
    if since is not None:
        from pia_toolkit.exports.diagram.change_paper import change_on_paper

        graph, restyle = change_on_paper(_change_report(checked, since, lang), lang)
    with _drawing(lang, output):
        plan = write_paper_pdf(
            graph,
            output,
            paper=paper,
            lang=lang,
            findings=checked.report.findings if marked else None,
            restyle=restyle,
        )
    for warning in plan.warnings:
        common.warn(lang, warning)
    node, edge = plan.smallest("node"), plan.smallest("edge")
    sheets = say(
        "cli.paper_sheets",
        lang,
        sheets=len(plan.sheets),
        pages=len(plan.pages),
        node=f"{node:.1f}" if node is not None else "-",
        edge=f"{edge:.1f}" if edge is not None else "-",
    )
    common.err_console.print(escape(say("cli.wrote", lang, path=output)) + " " + escape(sheets))


@contextmanager
def _drawing(lang: str, output: Path) -> Iterator[None]:
    """What drawing can meet, as the command's error: Graphviz missing or failing (exit 3), or ``output`` not
    writable (exit 2, with the system's reason in the reader's language)."""
    from pia_toolkit.exports.diagram import GraphvizMissing, RenderError

    try:
        yield
    except (GraphvizMissing, RenderError) as error:
        common.fail(lang, str(error), common.EXIT_MISSING_TOOL)
    except OSError as error:
        common.fail_with(lang, "cli.cannot_write", path=output, reason=os_reason(error))


def register(app: typer.Typer) -> None:
    app.command()(render)
