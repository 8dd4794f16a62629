"""The ``pia`` command. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

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


def process_app() -> typer.Typer:
    """The app as a ``pia`` process runs it: the collector set for a process (see
    :func:`~pia_toolkit.flows.collector.set_for_process`), every command registered. (Tests run :func:`build_app`
    in their own process and leave its collector be.)"""
    from pia_toolkit.flows.collector import set_for_process

    set_for_process()
    return build_app()


def main() -> None:
    process_app()()
