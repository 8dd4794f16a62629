"""The JSON Schema in the repo matches the models; the vocabularies are complete and bilingual."""

from __future__ import annotations

import json

import jsonschema
import pytest

from pia_toolkit.catalog.vocabularies import all_vocabularies, category_ancestors, category_class
from pia_toolkit.flows.jsonschema import flow_json_schema
from tests.conftest import ROOT, run_cli

CHECKED_IN = ROOT / "flows" / "flow.schema.json"


def test_checked_in_json_schema_matches_the_pydantic_models() -> None:
    assert json.loads(CHECKED_IN.read_text(encoding="utf-8")) == flow_json_schema(), (
        "flows/flow.schema.json is out of date: run `make schema`"
    )


def test_pia_schema_prints_the_same_schema() -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == flow_json_schema()


def test_json_schema_takes_kinds_from_the_vocabulary() -> None:
    text = CHECKED_IN.read_text(encoding="utf-8")
    for term in ("payment_fund", "internet_vpn", "my_number", "entrustment", "ismap"):
        assert f'"{term}"' in text


@pytest.mark.parametrize("vocab", all_vocabularies(), ids=lambda v: v.name)
def test_every_term_has_japanese_and_english_labels_and_descriptions(vocab) -> None:  # type: ignore[no-untyped-def]
    assert vocab.ids, vocab.name
    assert len(set(vocab.ids)) == len(vocab.ids)
    for term in vocab.terms.values():
        assert term.ja and term.en and term.description and term.description_en, term.id


def test_data_category_hierarchy() -> None:
    assert category_ancestors("health") == ("health", "sensitive", "personal")
    assert category_ancestors("my_number") == ("my_number", "my_number_data", "personal")
    assert category_class("disability") == "sensitive"
    assert category_class("anonymised") == "anonymised"


def test_pia_kinds_lists_japanese_and_english() -> None:
    result = run_cli("kinds", "--lang", "en")
    assert result.exit_code == 0
    for text in ("社会保険診療報酬支払基金", "Payment fund", "インターネットVPN", "Internet VPN", "要配慮個人情報"):
        assert text in result.stdout


def test_examples_validate_against_the_json_schema_too() -> None:
    """What an editor checks (JSON Schema) agrees with what pia checks, on every example's main file."""
    from ruamel.yaml import YAML

    schema = flow_json_schema()
    examples = sorted((ROOT / "flows" / "examples").glob("*.yaml"))
    for path in examples:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))
        jsonschema.validate(data, schema)


def test_examples_carry_the_editor_modeline() -> None:
    for path in sorted((ROOT / "flows" / "examples").glob("*.yaml")):
        first_lines = path.read_text(encoding="utf-8").splitlines()[:3]
        assert any("yaml-language-server: $schema=../flow.schema.json" in line for line in first_lines), path.name


def test_include_fragments_validate_against_the_fragment_schema() -> None:
    """An editor opening a shared fragment checks it against the fragment schema, not the model's (which would
    mark the missing scheme as an error); the checked-in file is current."""
    from ruamel.yaml import YAML

    from pia_toolkit.flows.jsonschema import fragment_json_schema

    fragment = fragment_json_schema()
    assert json.loads((ROOT / "flows" / "fragment.schema.json").read_text(encoding="utf-8")) == fragment, (
        "flows/fragment.schema.json is out of date: run `make schema`"
    )
    shared = sorted((ROOT / "flows" / "shared").glob("*.yaml"))
    assert shared
    for path in shared:
        assert "$schema=../fragment.schema.json" in path.read_text(encoding="utf-8").splitlines()[0], path.name
        data = json.loads(json.dumps(YAML(typ="safe").load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, fragment)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, flow_json_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"scheme": {"id": "x"}}, fragment)
