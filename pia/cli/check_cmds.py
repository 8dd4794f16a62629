"""Risk check commands: ``pia check``, ``pia rules``, ``pia explain``. Formatting lives in ``exports/``.

Exit codes of ``pia check`` (``pia explain`` uses 0, 2 and 3):

* 0: no open violation at or above ``--fail-on`` (default ``high``)
* 1: at least one open violation at or above ``--fail-on``; questions and triaged findings never fail a run
* 2: bad input: a model, policy or triage file with errors (each shown as file:line:column), an unknown id
* 3: internal problem, a bug in pia-toolkit or in a rule (``PIA_DEBUG=1`` shows the traceback)
"""

from __future__ import annotations

import inspect
import io
import sys
from difflib import get_close_matches
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from pia_toolkit.catalog.rules import GROUPS, Severity, rule_catalog, rule_functions
from pia_toolkit.catalog.texts import say
from pia_toolkit.flows.errors import ModelLoadError
from pia_toolkit.pia.cli import common
from pia_toolkit.pia.cli.options import output_option

if TYPE_CHECKING:
    from pia_toolkit.pia.checked import CheckedModel
    from pia_toolkit.pia.policy import Policy


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    csv = "csv"


class FailOn(StrEnum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    none = "none"

    @property
    def threshold(self) -> Severity | None:
        return None if self is FailOn.none else Severity[self.value]


def _open(path: Path, lang: str, given: Policy | None, triage_file: Path | None) -> CheckedModel | None:
    """The checked model, or None after printing its located errors (the other files are still checked)."""
    checked = common.open_or_report(path, lang, policy=given, triage=triage_file)
    if checked is not None:
        _warn_unknown_rules(checked.policy, lang)
    return checked


def _say_triage_notes(items: list[CheckedModel], lang: str) -> None:
    """What wildcards and expired decisions did, on stderr, whatever the format: a CI log shows it."""
    for item in items:
        for note in item.report.triage_notes():
            common.warn(lang, note.text(lang))


def _load_policy(path: Path, lang: str) -> Policy:
    """The policy given with --policy, or exit 2 with its located errors."""
    from pia_toolkit.pia.policy import Policy

    try:
        return Policy.load(path)
    except ModelLoadError as error:
        common.print_load_errors(error, lang)
        raise typer.Exit(common.EXIT_INPUT_ERROR) from None


def _warn_unknown_rules(policy: Policy, lang: str) -> None:
    known = set(rule_catalog())
    for rule_id in policy.unknown_rules(known):
        hint = get_close_matches(rule_id, sorted(known), n=1)
        common.warn_with(lang, "cli.policy_unknown_rule", file=policy.path, rule=rule_id, hint=hint[0] if hint else "-")


def _emit(text: str, output: Path | None, lang: str) -> None:
    """Write ``text`` as UTF-8 bytes, unchanged (a CSV's BOM and CRLF rows survive), to ``output`` or stdout."""
    data = text.encode("utf-8")
    if output is not None:
        common.write_output(lang, output, data)
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def check(
    files: list[Path] = common.MODELS_ARGUMENT,
    output_format: Format = typer.Option(
        Format.text, "--format", "-f", help="出力形式 / output format: text, json, sarif, csv."
    ),
    fail_on: FailOn = typer.Option(
        FailOn.high,
        "--fail-on",
        metavar="LEVEL",
        help="この重大度以上の未対応の違反があれば終了コード1 / exit 1 when an open violation is at or above LEVEL: "
        "critical, high, medium, low, or none (never).",
    ),
    lang: common.Lang = common.LANG_OPTION,
    policy_file: Path | None = typer.Option(
        None,
        "--policy",
        help="ポリシーファイル（既定: モデルの隣か上の pia-policy.yaml、プロジェクト内）/ policy file (default: "
        "pia-policy.yaml beside the model or above it, inside the project).",
    ),
    triage_file: Path | None = typer.Option(
        None,
        "--triage",
        help="トリアージファイル（既定: <model>.triage.yaml）/ triage file (default: beside the model).",
    ),
    output: Path | None = output_option(),
) -> None:
    """リスク点検。Check models against the risk rules.

    Exit codes: 0 no open violation at/above --fail-on (default high); 1 open violations at/above it
    (questions and triaged findings never fail the run); 2 bad input (model, policy or triage file,
    shown as file:line:column); 3 internal problem.
    """
    language = lang.value
    files = common.model_files(files, language)
    if triage_file is not None and len(files) > 1:
        common.fail_with(language, "cli.triage_one_model")
    with common.internal_errors(language):
        given = _load_policy(policy_file, language) if policy_file else None
        opened = [_open(path, language, given, triage_file) for path in files]
        items = [item for item in opened if item is not None]
        if len(items) < len(opened):
            common.err_console.print(
                f"[red]{escape(say('cli.files_with_errors', language, count=len(opened) - len(items), total=len(files)))}[/]"
            )
            raise typer.Exit(common.EXIT_INPUT_ERROR)
        if output is not None:
            inputs = [file for item in items for file in item.read_files()]
            common.checked_output(language, output, [*inputs, *filter(None, (policy_file, triage_file))])
        if output_format is Format.text:
            _print_text(items, language, output)
        else:
            _emit(_formatted(items, output_format, language, fail_on.threshold), output, language)
        if output_format is not Format.text or output is not None:
            _say_triage_notes(items, language)
    if any(item.fails(fail_on.threshold) for item in items):
        raise typer.Exit(common.EXIT_FINDINGS)


def _formatted(items: list[CheckedModel], output_format: Format, lang: str, threshold: Severity | None) -> str:
    """The report as JSON, SARIF or CSV text (each exporter is imported only when asked for)."""
    if output_format is Format.json:
        from pia_toolkit.exports.findings_json import to_json

        return to_json(items, lang, threshold)
    if output_format is Format.sarif:
        from pia_toolkit.exports.sarif import to_sarif_json

        return to_sarif_json(items, rule_catalog(), lang)
    from pia_toolkit.exports.csv_export import to_csv

    return to_csv(items, lang)


def _print_text(items: list[CheckedModel], lang: str, output: Path | None) -> None:
    from pia_toolkit.exports.text_report import render_check

    if output is None:
        for item in items:
            render_check(common.console, item, lang)
        return
    buffer = io.StringIO()
    plain = common.SafeConsole(file=buffer, width=120, no_color=True, highlight=False, emoji=False)
    for item in items:
        render_check(plain, item, lang)
    text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
    common.write_output(lang, output, text)


def rules(
    lang: common.Lang = common.LANG_OPTION,
    group: str | None = typer.Option(
        None, "--group", "-g", help=f"このグループのみ / only this group: {', '.join(GROUPS)}."
    ),
) -> None:
    """ルールの一覧。The rule catalog: id, severity, kind, title, form items."""
    catalog = list(rule_catalog().values())
    if group is not None:
        if group not in GROUPS:
            hint = get_close_matches(group, GROUPS, n=1)
            common.fail_with(lang.value, "cli.unknown_group", group=group, hint=hint[0] if hint else ", ".join(GROUPS))
        catalog = [meta for meta in catalog if meta.group == group]
    from pia_toolkit.exports.text_catalog import render_rules

    render_rules(common.console, catalog, lang.value)


def explain(
    identifier: str = typer.Argument(
        ...,
        metavar="RULE-ID|FINDING-ID",
        help="ルールIDか指摘ID / a rule or finding id, e.g. NET-01 or NET-01@f_upload",
    ),
    file: Path | None = typer.Argument(None, help="指摘IDのときはそのモデル / the model, for a finding id."),
    lang: common.Lang = common.LANG_OPTION,
) -> None:
    """ルール・指摘の説明。Explain a rule (why, how to fix, example) or a finding in a model.

    Exit codes: 0 explained; 2 unknown id (with suggestions), or the model has errors; 3 internal problem.
    """
    with common.internal_errors(lang.value):
        if "@" in identifier:
            _explain_finding(identifier, file, lang.value)
        else:
            _explain_rule(identifier.strip().upper(), lang.value)


def _explain_rule(rule_id: str, lang: str) -> None:
    catalog = rule_catalog()
    meta = catalog.get(rule_id)
    if meta is None:
        hint = get_close_matches(rule_id, list(catalog), n=3)
        common.fail_with(lang, "cli.unknown_rule", rule=rule_id, hint=", ".join(hint) or "pia rules")
    function = rule_functions().get(rule_id)
    from pia_toolkit.exports.text_catalog import render_rule

    render_rule(common.console, meta, inspect.getdoc(function) if function else None, lang)


def _explain_finding(finding_id: str, file: Path | None, lang: str) -> None:
    if file is None:
        common.fail_with(lang, "cli.finding_needs_model", finding=finding_id)
    item = common.open_or_exit(file, lang)
    finding = item.report.by_id(finding_id)
    if finding is None:
        ids = [f.id for f in item.report.findings]
        hint = get_close_matches(finding_id, ids, n=3, cutoff=0.5)
        rule = finding_id.split("@", 1)[0]
        hint += [i for i in ids if i.startswith(rule + "@") and i not in hint][: max(0, 3 - len(hint))]
        common.fail_with(
            lang, "cli.no_such_finding", finding=finding_id, file=item.shown, hint=", ".join(hint) or "pia check"
        )
    from pia_toolkit.exports.text_catalog import form_item_label
    from pia_toolkit.exports.text_report import Sources, render_finding

    common.console.print(f"[dim]{escape(item.shown)}[/]")
    render_finding(common.console, finding, lang, Sources(), why=True)
    if finding.form_items:
        common.console.print(f"[bold]{escape(say('report.form_items', lang))}[/]")
        for item_id in finding.form_items:
            common.console.print(f"  - {escape(form_item_label(item_id, lang))}")


def register(app: typer.Typer) -> None:
    """Add check, rules and explain to ``app``."""
    app.command()(check)
    app.command()(rules)
    app.command()(explain)
