"""The fixture models are valid models (except the one that is broken on purpose)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_fixture_models_validate(cli):
    models = [FIXTURES / name for name in ("clinic.yaml", "clean.yaml", "markup.yaml")]
    result = cli("validate", *models)
    assert result.exit_code == 0, result.stderr
