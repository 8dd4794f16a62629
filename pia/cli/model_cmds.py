"""Model commands: validate, schema, kinds, graph."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from pia_toolkit.catalog.vocabularies import all_vocabularies
from pia_toolkit.flows.errors import ModelLoadError
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.flows.jsonschema import flow_json_schema
from pia_toolkit.flows.loader import load
from pia_toolkit.flows.serialize import graph_to_json
from pia_toolkit.pia.cli.common import (
    EXIT_INPUT_ERROR,
    LANG_OPTION,
    Lang,
    console,
    err_console,
    load_graph,
    print_load_errors,
)


def validate(files: list[Path] = typer.Argument(..., help="フローモデルのYAMLファイル / flow model files")) -> None:
    """モデルを検証する。Validate flow models; exit 2 when any has errors."""
    failed = 0
    for path in files:
        try:
            graph = FlowGraph.build(load(path))
        except ModelLoadError as error:
            print_load_errors(error)
            failed += 1
            continue
        doc = graph.document
        console.print(
            f"[green]✓[/] {escape(str(path))}: {len(doc.nodes)} nodes, {len(doc.flows)} flows, "
            f"{len(doc.data)} data items, {len(doc.zones)} zones"
        )
    if failed:
        err_console.print(f"[red]{failed} of {len(files)} file(s) have errors[/]")
        raise typer.Exit(EXIT_INPUT_ERROR)


def schema(output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file.")) -> None:
    """JSON Schema of a flow model, for editor completion (yaml-language-server)."""
    text = json.dumps(flow_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {output}")
    else:
        print(text, end="")


def kinds(lang: Lang = LANG_OPTION) -> None:
    """語彙の一覧（ノード種別・経路・ゾーン・関係・データ区分…）。The vocabularies, in Japanese and English."""
    for vocab in all_vocabularies():
        table = Table(title=vocab.title, title_justify="left", show_lines=False)
        table.add_column("id", style="bold cyan", no_wrap=True)
        table.add_column("日本語")
        table.add_column("English")
        table.add_column("説明" if lang == Lang.ja else "Description")
        for term in vocab.terms.values():
            table.add_row(escape(term.id), escape(term.ja), escape(term.en), escape(term.describe(lang.value)))
        console.print(table)


def graph(
    file: Path = typer.Argument(..., help="フローモデル / flow model"),
    as_json: bool = typer.Option(True, "--json/--summary", help="Print the resolved graph as JSON."),
) -> None:
    """解決済みのグラフ（include展開後）をJSONで出力する。The resolved graph, for other tools."""
    flow_graph = load_graph(file)
    if as_json:
        print(json.dumps(graph_to_json(flow_graph), ensure_ascii=False, indent=2))
    else:
        console.print(f"{flow_graph.graph.number_of_nodes()} nodes, {flow_graph.graph.number_of_edges()} flows")


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(schema)
    app.command()(kinds)
    app.command()(graph)
