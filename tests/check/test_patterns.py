"""The pattern models (flows/examples/patterns/): each draws one common shape correctly, and taking its safeguard
away gives the findings the pattern's README promises, once per cause."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli

PATTERNS = EXAMPLES / "patterns"


def _open(model: Path) -> set[tuple[str, bool]]:
    result = run_cli("check", model, "--format", "json", "--fail-on", "none")
    assert result.exit_code == 0, result.stderr
    [file] = json.loads(result.stdout)["files"]
    return {(f["id"], f["question"]) for f in file["findings"] if f["open"]}


def _variant(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    text = (PATTERNS / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    (tmp_path / "pia-project.yaml").write_text("# project\n", encoding="utf-8")
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("usb-handover.yaml", set()),
        ("sanitising-gateway.yaml", set()),
        ("lgwan-asp-contractor.yaml", {("OUT-02@c_asp#unstated", True)}),
    ],
)
def test_each_pattern_as_modelled(name: str, expected: set[tuple[str, bool]]) -> None:
    assert _open(PATTERNS / name) == expected


def test_a_usb_stick_without_its_safeguards_is_asked_about_once_per_rule(tmp_path: Path) -> None:
    model = _variant(
        tmp_path,
        "usb-handover.yaml",
        ("protection: [payload_encryption, carry_out_record, approved_exception]", "protection: unknown"),
        ("protection: [payload_encryption, two_person_check]", "protection: unknown"),
    )
    assert _open(model) == {("NET-06@usb_stick", True), ("ZON-04@usb_stick", True)}


def test_a_stick_without_an_approved_exception_is_one_problem_on_the_stick(tmp_path: Path) -> None:
    model = _variant(
        tmp_path,
        "usb-handover.yaml",
        ("[payload_encryption, carry_out_record, approved_exception]", "[payload_encryption, carry_out_record]"),
    )
    assert _open(model) == {("ZON-04@usb_stick", False), ("NET-06@usb_stick", False)}
    result = run_cli("check", model, "--format", "json", "--fail-on", "none")
    groups = json.loads(result.stdout)["files"][0]["groups"]
    assert [sorted(g["findings"]) for g in groups] == [["NET-06@usb_stick", "ZON-04@usb_stick"]]


def test_mail_taken_in_without_the_gateway_is_a_zone_violation(tmp_path: Path) -> None:
    model = _variant(
        tmp_path,
        "sanitising-gateway.yaml",
        ("boundary: sanitising", "boundary: none"),
        ("protection: [sanitising]", "protection: unknown"),
    )
    assert ("ZON-05@mail_server>sanitiser", False) in _open(model)


def test_an_entrustment_without_the_contractors_contract_asks_for_it(tmp_path: Path) -> None:
    text = (PATTERNS / "lgwan-asp-contractor.yaml").read_text(encoding="utf-8")
    start, end = text.index("  - id: c_printing"), text.index("  - id: c_asp")
    model = _variant(tmp_path, "lgwan-asp-contractor.yaml", (text[start:end], ""))
    asked = {rule for rule, question in _open(model) if question and rule.endswith("@printer#no_contract")}
    assert asked == {f"{r}@printer#no_contract" for r in ("OUT-01", "OUT-02", "OUT-03", "OUT-05", "OUT-07")}
