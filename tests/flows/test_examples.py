"""The reference models of real schemes load without errors, as `pia validate` sees them."""

from __future__ import annotations

from tests.conftest import EXAMPLES, run_cli

EXPECTED = {
    "setagaya-999-childbirth-support",
    "setagaya-1000-fertility-consultation",
    "setagaya-1001-household-goods-support",
    "setagaya-1002-disability-consultation",
    "setagaya-1003-vaccination",
    "meguro-engagement-survey",
    "meguro-medical-aid-eligibility",
    "meguro-giga-kindergarten",
    "meguro-newsletter-delivery",
    "meguro-lgwan-asp-approval",
}


def test_every_scheme_from_the_brief_has_an_example() -> None:
    present = {p.stem for p in EXAMPLES.glob("*.yaml") if not p.stem.endswith((".assessment", ".triage"))}
    assert present >= EXPECTED


def test_pia_validate_passes_on_every_example() -> None:
    files = sorted(p for p in EXAMPLES.glob("*.yaml") if p.stem in EXPECTED)
    result = run_cli("validate", *files)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("✓") == len(EXPECTED)


def test_examples_say_unknown_rather_than_invent() -> None:
    """Where the minutes are silent the examples say unknown; every example has at least one such place."""
    for path in sorted(EXAMPLES.glob("*.yaml")):
        if path.stem in EXPECTED:
            assert "unknown" in path.read_text(encoding="utf-8"), path.name
