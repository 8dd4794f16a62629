"""``pia diff``: what changed between two versions of a model, and whether it is a 重要な変更.

    pia diff OLD.yaml NEW.yaml
    pia diff flows/x.yaml --since HEAD~1        # the same file at a git revision
    pia diff v2024:flows/x.yaml flows/x.yaml    # either side may be REV:path

Exit codes: 0 nothing at or above ``--fail-on`` (default: significant); 1 a 重要な変更 (with ``--fail-on any``: any
change of substance); 2 bad input (a model with errors, an unknown revision, a file absent at that revision);
3 internal problem, or git missing.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.texts.visible import json_text
from pia_toolkit.flows.errors import ModelLoadError
from pia_toolkit.flows.paths import os_reason
from pia_toolkit.pia.cli import common
from pia_toolkit.pia.cli.options import output_option

if TYPE_CHECKING:
    # Comparing versions means opening models (the schema, the graph, the assessment): imported by the commands
    # that compare, so that `pia --help` and the other commands do not pay for them.
    from pia_toolkit.pia.assessment.document import Assessment
    from pia_toolkit.pia.checked import CheckedModel
    from pia_toolkit.pia.diff.report import ChangeReport
    from pia_toolkit.pia.diff.sides import Side

CHANGES_SHOWN = 5
"""Changes named per altered item in ``assess init --since`` (the assessment file lists them all)."""


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class FailOn(StrEnum):
    significant = "significant"
    any = "any"
    none = "none"

    def fails(self, result: str) -> bool:
        return (self is FailOn.significant and result == "significant") or (self is FailOn.any and result != "none")


@contextmanager
def _side_or_exit(lang: str, spec: str, *, revision: str | None = None, base: Path | None = None) -> Iterator[Side]:
    from pia_toolkit.pia.diff.sides import SideError, side

    try:
        with side(spec, revision=revision, base=base) as found:
            yield found
    except SideError as error:
        code = common.EXIT_MISSING_TOOL if error.key == "diff.git_missing" else common.EXIT_INPUT_ERROR
        common.fail_with(lang, error.key, code, **error.params)


def open_version(version: Side, lang: str, *, run_rules: bool = True) -> CheckedModel:
    """The version opened as every command opens a model, or its located errors (named ``REV:path``) and exit 2."""
    from pia_toolkit.pia.checked import open_model

    try:
        return open_model(version.path, run_rules=run_rules, held=True)
    except ModelLoadError as error:
        for problem in error.errors:
            where = version.shown(str(problem.position))
            common.err_console.print(f"[bold]{escape(where)}[/]: [red]{escape(version.shown(problem.text(lang)))}[/]")
        common.err_console.print(f"[red]{escape(say('cli.error_count', lang, count=len(error.errors)))}[/]")
        raise typer.Exit(common.EXIT_INPUT_ERROR) from None
    except (OSError, RecursionError) as error:
        common.fail_with(lang, "cli.cannot_load", path=version.label, reason=os_reason(error))


@contextmanager
def old_side(since: str, new: Path | Side, lang: str) -> Iterator[Side]:
    """``--since``: a model file, a ``REV:path``, or a revision of the new version's own file."""
    from pia_toolkit.pia.diff.sides import Side, parse_spec

    if since.endswith((".yaml", ".yml")) and not Path(since).is_file() and parse_spec(since)[0] is None:
        common.fail_with(lang, "diff.no_such_file", path=since)
    if Path(since).is_file() or parse_spec(since)[0] is not None:
        spec = since
    elif isinstance(new, Side) and new.relative is not None:
        spec = f"{since}:{new.relative}"  # the new version is itself a revision: the same file, earlier
    else:
        path = new.path if isinstance(new, Side) else new
        with _side_or_exit(lang, str(path), revision=since, base=path) as found:
            yield found
        return
    with _side_or_exit(lang, spec) as found:
        yield found


@dataclass(frozen=True)
class SinceChange:
    """What ``pia assess init NEW --since OLD`` records: the change report and the date of change."""

    report: ChangeReport
    since: str
    date: str


def since_change(new: CheckedModel, since: str, date: str | None, lang: str) -> SinceChange:
    """The change from ``since`` to the opened model ``new``, or exit 2 for a bad date or version (rules not run)."""
    from pia_toolkit.pia.diff.annex3 import change_date
    from pia_toolkit.pia.diff.report import compare

    try:
        when = change_date(date)
    except ValueError:
        common.fail_with(lang, "diff.bad_change_date", value=date)
    with old_side(since, new.path, lang) as found:
        old = open_version(found, lang, run_rules=False)
    return SinceChange(compare(old, new, old_label=found.label, new_label=new.shown), since, when)


def record_since(document: Assessment, change: SinceChange, lang: str) -> None:
    """Mark the altered items and fill 別添3 in ``document``, save it, and say what was recorded."""
    from pia_toolkit.pia.assessment.disk import SaveRefused
    from pia_toolkit.pia.diff.annex3 import record_changes
    from pia_toolkit.pia.diff.wording import item_name

    summary = record_changes(document, change.report, since=change.since, date=change.date)
    try:
        document.save()
    except SaveRefused as refused:  # another session changed the same items, or the file no longer reads
        common.fail(lang, refused.text(lang))
    except OSError as error:
        common.fail_with(lang, "cli.cannot_write", path=document.path, reason=os_reason(error))
    recorded = say("diff.annex3_recorded", lang, rows=len(summary.rows), items=len(summary.marked), since=change.since)
    common.console.print(escape(recorded))
    effects = {effect.item.id: effect for effect in change.report.items}
    for item_id in summary.marked:
        effect = effects[item_id]
        keys = effect.changes[:CHANGES_SHOWN]
        more = len(effect.changes) - len(keys)
        shown = ", ".join(keys) + (" " + say("diff.more", lang, count=more) if more > 0 else "")
        what = say("diff.annex3_changed_by", lang, changes=shown)
        common.console.print(
            escape(say("diff.annex3_item", lang, item=item_name(document.form, effect.item, lang), what=what))
        )


def diff(
    first: str = typer.Argument(
        ..., metavar="OLD", help="変更前のモデル（--since のときは変更後）/ the old model, or with --since the new one"
    ),
    second: str | None = typer.Argument(None, metavar="NEW", help="変更後のモデル / the new model"),
    since: str | None = typer.Option(
        None, "--since", help="git のリビジョン（同じファイルの過去の版）/ compare with this git revision of the file"
    ),
    output_format: Format = typer.Option(
        Format.text, "--format", "-f", help="出力形式 / output format: text, json, markdown."
    ),
    fail_on: FailOn = typer.Option(
        FailOn.significant,
        "--fail-on",
        help="終了コード1とする変更: 重要な変更（既定）、実質的な変更すべて、なし / exit 1 on a significant change "
        "(default), on any change of substance, or never.",
    ),
    lang: common.Lang = common.LANG_OPTION,
    output: Path | None = output_option(),
) -> None:
    """変更の確認: 二つの版の違いと重要な変更かどうか。What changed between two versions, and whether it is significant.

    Each side is a model file or REV:path; `pia diff FILE --since REV` compares the file with itself at a git
    revision. Exit codes: 0 no significant change (see --fail-on); 1 a significant change; 2 bad input (a model with
    errors, an unknown revision, a file absent at that revision); 3 internal problem.
    """
    from pia_toolkit.pia.diff.report import compare

    language = lang.value
    with common.internal_errors(language):
        if (since is None) != (second is not None):
            common.fail_with(language, "diff.usage")
        if output is not None:  # never onto a side compared (nor a YAML name), checked before any work
            common.checked_output(language, output, [Path(side) for side in (first, second) if side is not None])
        with ExitStack() as stack:
            if since is not None:
                new_side = stack.enter_context(_side_or_exit(language, first))
                old_version = stack.enter_context(old_side(since, new_side, language))
            else:
                old_version = stack.enter_context(_side_or_exit(language, first))
                new_side = stack.enter_context(_side_or_exit(language, str(second)))
            old = open_version(old_version, language)
            new = open_version(new_side, language)
        report = compare(old, new, old_label=old_version.label, new_label=new_side.label)
        _emit(report, output_format, language, output)
        raise typer.Exit(common.EXIT_FINDINGS if fail_on.fails(report.result) else common.EXIT_OK)


def _emit(report: ChangeReport, output_format: Format, lang: str, output: Path | None) -> None:
    if output_format is Format.text and output is None:
        from pia_toolkit.pia.cli.diff_view import print_report

        print_report(report, lang)
        return
    if output_format is Format.json:
        from pia_toolkit.pia.diff.json_out import report_json

        text = json_text(report_json(report, lang))  # escaped like every JSON the toolkit writes
    elif output_format is Format.markdown:
        from pia_toolkit.pia.diff.markdown import report_markdown

        text = report_markdown(report, lang)
    else:
        from rich.console import Console

        from pia_toolkit.pia.cli import diff_view

        buffer = io.StringIO()
        diff_view.print_report(report, lang, Console(file=buffer, width=120, highlight=False, emoji=False))
        text = buffer.getvalue()
    if output is None:
        sys.stdout.write(text)
        return
    common.write_output(lang, output, text)


def register(app: typer.Typer) -> None:
    """Add ``pia diff``."""
    app.command("diff")(diff)
