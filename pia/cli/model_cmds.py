"""Model commands: validate, schema, kinds, graph."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.vocabularies import all_vocabularies
from pia_toolkit.flows.errors import ModelLoadError
from pia_toolkit.flows.jsonschema import flow_json_schema
from pia_toolkit.flows.serialize import graph_to_json
from pia_toolkit.pia.checked import open_model
from pia_toolkit.pia.cli.common import (
    EXIT_INPUT_ERROR,
    LANG_OPTION,
    Lang,
    console,
    err_console,
    internal_errors,
    open_or_exit,
    print_load_errors,
)


def validate(
    files: list[Path] = typer.Argument(..., help="フローモデルのYAMLファイル / flow model files"),
    lang: Lang = LANG_OPTION,
) -> None:
    """モデルを検証する。Validate flow models (and the policy and triage files beside them); exit 2 on errors."""
    language = lang.value
    failed = 0
    with internal_errors(language):
        for path in files:
            try:
                checked = open_model(path, run_rules=False)
            except ModelLoadError as error:
                print_load_errors(error, language)
                failed += 1
                continue
            except (OSError, RecursionError) as error:
                err_console.print(escape(say("cli.cannot_load", language, path=path, reason=error)))
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
            console.print(f"[green]✓[/] {escape(checked.shown)}: {escape(counts)}")
    if failed:
        err_console.print(f"[red]{escape(say('cli.files_with_errors', language, count=failed, total=len(files)))}[/]")
        raise typer.Exit(EXIT_INPUT_ERROR)


def schema(
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file."),
    lang: Lang = LANG_OPTION,
) -> None:
    """JSON Schema of a flow model, for editor completion (yaml-language-server)."""
    text = json.dumps(flow_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        err_console.print(escape(say("cli.wrote", lang.value, path=output)))
    else:
        print(text, end="")


def kinds(lang: Lang = LANG_OPTION) -> None:
    """語彙の一覧（ノード種別・経路・ゾーン・関係・データ区分…）。The vocabularies, in Japanese and English."""
    for vocab in all_vocabularies():
        table = Table(title=vocab.title, title_justify="left", show_lines=False)
        table.add_column("id", style="bold cyan", no_wrap=True)
        table.add_column("日本語")
        table.add_column("English")
        table.add_column(say("cli.description", lang.value))
        for term in vocab.terms.values():
            table.add_row(escape(term.id), escape(term.ja), escape(term.en), escape(term.describe(lang.value)))
        console.print(table)


def graph(
    file: Path = typer.Argument(..., help="フローモデル / flow model"),
    as_json: bool = typer.Option(True, "--json/--summary", help="Print the resolved graph as JSON."),
    lang: Lang = LANG_OPTION,
) -> None:
    """解決済みのグラフ（include展開後）をJSONで出力する。The resolved graph, for other tools."""
    with internal_errors(lang.value):
        checked = open_or_exit(file, lang.value, run_rules=False)
        if as_json:
            print(json.dumps(graph_to_json(checked.graph), ensure_ascii=False, indent=2))
        else:
            flow_graph = checked.graph.graph
            counts = say(
                "cli.graph_summary", lang.value, nodes=flow_graph.number_of_nodes(), flows=flow_graph.number_of_edges()
            )
            console.print(escape(counts))


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(schema)
    app.command()(kinds)
    app.command()(graph)
