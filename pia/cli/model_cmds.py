"""Model commands: validate, schema, kinds, graph."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.texts.visible import json_text
from pia_toolkit.catalog.vocabularies import all_vocabularies
from pia_toolkit.pia.cli import common
from pia_toolkit.pia.cli.options import output_option


def validate(
    files: list[Path] = common.MODELS_ARGUMENT,
    lang: common.Lang = common.LANG_OPTION,
) -> None:
    """モデルを検証する。Validate flow models (and the policy and triage files beside them); exit 2 on errors."""
    language = lang.value
    failed = 0
    with common.internal_errors(language):
        for path in common.model_files(files, language):
            checked = common.open_or_report(path, language, run_rules=False)
            if checked is None:
                failed += 1
                continue
            doc = checked.graph.document
            counts = say(
                "cli.validated",
                language,
                nodes=len(doc.nodes),
                flows=len(doc.flows),
                data=len(doc.data),
                zones=len(doc.zones),
            )
            common.console.print(f"[green]✓[/] {escape(checked.shown)}: {escape(counts)}")
    if failed:
        common.err_console.print(
            f"[red]{escape(say('cli.files_with_errors', language, count=failed, total=len(files)))}[/]"
        )
        raise typer.Exit(common.EXIT_INPUT_ERROR)


def schema(
    output: Path | None = output_option(),
    fragment: bool = typer.Option(
        False, "--fragment", help="include される共通部分のスキーマ / the schema of an include fragment"
    ),
    lang: common.Lang = common.LANG_OPTION,
) -> None:
    """JSON Schema of a flow model (or of an include fragment), for editor completion (yaml-language-server)."""
    from pia_toolkit.flows.jsonschema import flow_json_schema, fragment_json_schema

    text = json_text(fragment_json_schema() if fragment else flow_json_schema())
    if output:
        common.write_output(lang.value, common.checked_output(lang.value, output), text)
    else:
        print(text, end="")


def kinds(lang: common.Lang = common.LANG_OPTION) -> None:
    """語彙の一覧（ノード種別・経路・ゾーン・関係・データ区分…）。The vocabularies, in Japanese and English."""
    language = lang.value
    for vocab in all_vocabularies():
        # A grid, not a boxed table: at 80 columns a boxed table would have to cut the Japanese descriptions.
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(overflow="fold")
        for term in vocab.terms.values():
            names = f"[bold]{escape(term.ja)}[/] / {escape(term.en)}"
            table.add_row(escape(term.id), f"{names}\n[dim]{escape(term.describe(language))}[/]")
        common.console.print(f"[bold]{escape(vocab.title)}[/]")
        common.console.print(Padding(table, (0, 0, 1, 2)))


def graph(
    file: Path = common.MODEL_ARGUMENT,
    as_json: bool = typer.Option(
        True,
        "--json/--summary",
        help="解決済みのグラフをJSONで / print the resolved graph as JSON (--summary: counts).",
    ),
    lang: common.Lang = common.LANG_OPTION,
) -> None:
    """解決済みのグラフ（include展開後）をJSONで出力する。The resolved graph, for other tools."""
    with common.internal_errors(lang.value):
        checked = common.open_or_exit(file, lang.value, run_rules=False)
        if as_json:
            from pia_toolkit.flows.serialize import graph_to_json

            print(json_text(graph_to_json(checked.graph)), end="")
        else:
            flow_graph = checked.graph.graph
            counts = say(
                "cli.graph_summary", lang.value, nodes=flow_graph.number_of_nodes(), flows=flow_graph.number_of_edges()
            )
            common.console.print(escape(counts))


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(schema)
    app.command()(kinds)
    app.command()(graph)
