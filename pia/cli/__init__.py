"""The ``pia`` command. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import gc

import typer

from pia_toolkit.pia import __version__

app = typer.Typer(
    name="pia",
    help="pia-toolkit: データフローモデルの検証・リスク点検・全項目評価書・図・PDF。"
    " Privacy impact assessment for Japanese local governments.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pia-toolkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="版を表示する / show the version."
    ),
) -> None:
    """pia-toolkit."""


_registered = False


def build_app() -> typer.Typer:
    """The app with every command group registered (once)."""
    global _registered
    if not _registered:
        from pia_toolkit.pia.cli import (
            assess_cmds,
            check_cmds,
            diff_cmds,
            export_cmds,
            model_cmds,
            render_cmds,
            review_cmds,
        )
        from pia_toolkit.pia.cli.help import use_folding_help

        for module in (model_cmds, check_cmds, render_cmds, assess_cmds, diff_cmds, export_cmds, review_cmds):
            module.register(app)
        use_folding_help(app)
        _registered = True
    return app


COLLECTOR_THRESHOLDS = (200_000, 30, 30)
"""When the cyclic collector runs in a ``pia`` process: after 200,000 new containers instead of Python's 700.
A command builds a model, findings and a document of millions of small objects that live until it ends, and at
the default the collector walks them again and again (2.8 s of a 21 s ``pia check`` of a 50,000-flow model,
1.3 s of a 100-node ``pia export``; 0.4 s and 0.1 s here). Objects are still freed by reference counting the
moment nothing holds them; only cycles wait a little longer."""


def process_app() -> typer.Typer:
    """The app as a ``pia`` process runs it: the collector set for a process (see :data:`COLLECTOR_THRESHOLDS`),
    every command registered. (Tests run :func:`build_app` in their own process and leave its collector be.)"""
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    return build_app()


def main() -> None:
    process_app()()
