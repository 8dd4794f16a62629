"""``pia render``: draw a model as a data-flow diagram (DOT, SVG, PNG, PDF)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape

from pia_toolkit.pia.cli.common import EXIT_MISSING_TOOL, LANG_OPTION, Lang, err_console, fail, load_graph


class View(StrEnum):
    zones = "zones"
    data = "data"


def render(
    file: Path = typer.Argument(..., help="フローモデル / flow model (YAML)"),
    output: Path = typer.Option(
        ..., "-o", "--output", help="出力ファイル。拡張子で形式を決める / output file: .svg, .png, .pdf or .dot"
    ),
    lang: Lang = LANG_OPTION,
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
) -> None:
    """データフロー図を描く。Draw the data-flow diagram; the format comes from the -o suffix."""
    # Imported here so that other commands do not pay for Graphviz and the exports package.
    from pia_toolkit.exports.diagram import (
        FORMATS,
        GraphvizMissing,
        RenderError,
        UnknownFinding,
        diagram_source,
        font_warning,
        output_format,
    )
    from pia_toolkit.exports.diagram import write_diagram as write

    if output_format(output) is None:
        fail(f"{output}: unknown output format '{output.suffix}'; use one of: .{', .'.join(FORMATS)}")
    graph = load_graph(file)
    report = None
    if findings or highlight is not None:
        from pia_toolkit.pia.engine import check

        report = check(graph)
    if view == View.data and report is not None:
        err_console.print("note: --findings/--highlight apply to the zones view; the data view shows no marks")
    try:
        source = diagram_source(
            graph,
            view=view.value,
            lang=lang.value,
            findings=report.findings if report is not None else None,
            highlight=highlight if view == View.zones else None,
        )
    except UnknownFinding as error:
        fail(f"{file}: {error}")
    if output_format(output) != "dot" and (warning := font_warning()):
        err_console.print(f"[yellow]warning:[/] {escape(warning)}")
    try:
        written = write(source, output)
    except GraphvizMissing as missing:
        err_console.print(f"[yellow]{escape(str(missing))}[/]")
        err_console.print(f"wrote the DOT source instead: {escape(str(missing.dot_path))}")
        raise typer.Exit(EXIT_MISSING_TOOL) from None
    except RenderError as error:
        fail(str(error), EXIT_MISSING_TOOL)
    except OSError as error:
        fail(f"{output}: cannot write: {error}")
    err_console.print(f"wrote {escape(str(written.path))}")


def register(app: typer.Typer) -> None:
    app.command()(render)
