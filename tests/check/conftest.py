"""Fixtures for the check commands: a small rule pack of our own, fixture models in a scratch folder, the CLI.

The tests run against the TST-* rules below rather than the shipped catalog, so that they pin the commands'
behaviour, not the wording or severity of rules that change as the catalog grows.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pia_toolkit.catalog.rules as rules_module
from pia_toolkit.catalog.rules import Result, RuleMeta, Severity, not_applicable, satisfied, unknown, violated
from pia_toolkit.catalog.rules.facts import FlowRef, Items, NodeRef
from pia_toolkit.catalog.texts import Bilingual
from pia_toolkit.flows.graph import FlowGraph
from pia_toolkit.pia.cli import build_app

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _meta(rule_id: str, group: str, severity: Severity, title: str, title_en: str, **kw: object) -> RuleMeta:
    return RuleMeta(
        id=rule_id,
        group=group,
        severity=severity,
        raise_for_special=bool(kw.pop("raise_for_special", False)),
        kind=str(kw.pop("kind", "auto")),
        form_items=tuple(kw.pop("form_items", ("III-7-R1-6-technical",))),  # type: ignore[arg-type]
        title=Bilingual(title, title_en),
        why=Bilingual(f"{title}の理由。", f"Why {title_en}."),
        fix=Bilingual(f"{title}を直す手順。", f"How to fix {title_en}."),
        example=Bilingual("架空区の例。", "An example."),
        references=("架空区 第1号",),
        messages=MESSAGES,
    )


MESSAGES = {
    "no_encryption_stated": Bilingual("{flow}に暗号化の記載がない", "{flow} states no encryption"),
    "unencrypted": Bilingual("{flow}は暗号化せずに送っている", "{flow} is sent without encryption"),
    "no_access_log": Bilingual("{node}にアクセス記録がない", "{node} keeps no access log"),
    "no_purpose": Bilingual("{item}の利用目的がない", "{item} has no purpose"),
    "reaches_contractor": Bilingual("区民の情報が委託先に届く", "residents' data reaches a contractor"),
}


def tst_internet(graph: FlowGraph) -> Iterator[Result]:
    """Personal data over the internet needs TLS or a VPN (test rule)."""
    for flow in graph.flows.values():
        if flow.channel != "internet" or not graph.carries_personal(flow):
            yield not_applicable(flow.id)
        elif flow.protection == "unknown":
            yield unknown([flow.id], "no_encryption_stated", data=flow.data, flow=FlowRef(flow.id))
        elif {"tls", "vpn"} & set(flow.protection):
            yield satisfied(flow.id)
        else:
            yield violated([flow.id], "unencrypted", data=flow.data, flow=FlowRef(flow.id))


def tst_access_log(graph: FlowGraph) -> Iterator[Result]:
    """Systems must keep an access log (test rule)."""
    for node in graph.nodes.values():
        if node.kind != "system":
            yield not_applicable(node.id)
        elif node.access_log is False:
            yield violated([node.id], "no_access_log", node=NodeRef(node.id))
        else:
            yield satisfied(node.id)


def tst_purpose(graph: FlowGraph) -> Iterator[Result]:
    """Each personal data item states its purpose (test rule)."""
    for item in graph.data.values():
        if graph.is_personal(item.id) and item.purpose == "unknown":
            yield violated([item.id], "no_purpose", item=Items((item.id,)))
        else:
            yield satisfied(item.id)


def tst_path(graph: FlowGraph) -> Iterator[Result]:
    """Residents' data must not reach a contractor unnoticed (test path rule)."""
    residents = [n.id for n in graph.nodes.values() if n.kind == "resident"]
    parent = graph.reach(residents)
    for node in graph.nodes.values():
        if node.kind == "contractor" and node.id in parent:
            nodes, flows = graph.path_to(parent, node.id)
            yield violated([], "reaches_contractor", path=nodes, path_flows=flows)


FAKE_CATALOG = {
    meta.id: meta
    for meta in (
        _meta(
            "TST-01",
            "network",
            Severity.high,
            "一般回線で暗号化なし",
            "No encryption on a general line",
            raise_for_special=True,
        ),
        _meta("TST-02", "access", Severity.medium, "アクセス記録なし", "No access log"),
        _meta("TST-03", "data", Severity.low, "利用目的の記載なし", "No stated purpose", kind="ask"),
        _meta("TST-04", "outsourcing", Severity.medium, "委託先への経路", "Path to a contractor", kind="auto+ask"),
    )
}
FAKE_FUNCTIONS = {"TST-01": tst_internet, "TST-02": tst_access_log, "TST-03": tst_purpose, "TST-04": tst_path}


@pytest.fixture
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> dict[str, RuleMeta]:
    """Replace the rule catalog and functions everywhere they were imported by name."""
    # A module first imported while the fakes are in place would keep them after the test: import them all now.
    root = FIXTURES.parents[2]
    for room in ("flows", "catalog", "pia", "exports"):
        for source in sorted((root / room).rglob("*.py")):
            parts = source.relative_to(root).with_suffix("").parts
            importlib.import_module(".".join(("pia_toolkit", *parts[: -1 if parts[-1] == "__init__" else None])))
    originals = {"rule_catalog": rules_module.rule_catalog, "rule_functions": rules_module.rule_functions}
    fakes = {"rule_catalog": lambda: dict(FAKE_CATALOG), "rule_functions": lambda: dict(FAKE_FUNCTIONS)}
    for module in list(sys.modules.values()):
        for name, original in originals.items():
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, fakes[name])
    return FAKE_CATALOG


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_rules: dict[str, RuleMeta]) -> Path:
    """The fixture models copied into a scratch folder that is the working directory (no policy above it)."""
    for path in FIXTURES.iterdir():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "pia-project.yaml").write_text("# project root\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    """Run ``pia`` with a wide terminal; the result has exit_code, stdout, stderr and stdout_bytes."""
    runner = CliRunner()

    def invoke(*args: str | Path):  # type: ignore[no-untyped-def]
        return runner.invoke(build_app(), [str(a) for a in args], env={"COLUMNS": "200"}, catch_exceptions=False)

    return invoke
