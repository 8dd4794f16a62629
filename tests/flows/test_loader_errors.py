"""Broken inputs: each gives a located, readable error, exit code 2, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.model_text import DATA, NODES, SCHEME, has_japanese, validate, write


def _bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


# (case id, file content, expected "line:column", expected words in the message)
CASES: list[tuple[str, bytes, str, str]] = [
    ("bad_yaml_syntax", (SCHEME + "nodes: [\n  {id: a\n").encode(), ":8:1", "YAML syntax error"),
    (
        "unknown_node_in_flow",
        (SCHEME + DATA + NODES + "flows:\n  - {id: f1, from: ward, to: sy, data: [name]}\n").encode(),
        ":12:30",
        "names an unknown node 'sy' (did you mean 'sys'?)",
    ),
    (
        "unknown_kind",
        (SCHEME + "nodes:\n  - {id: c, title: 委託先, kind: contracter}\n").encode(),
        ":7:31",
        "did you mean 'contractor'?",
    ),
    (
        "duplicate_id",
        (SCHEME + "nodes:\n  - {id: a, title: A, kind: ward}\n  - {id: a, title: B, kind: ward}\n").encode(),
        ":8:10",
        "duplicate id 'a'",
    ),
    ("wrong_type", (SCHEME + "  people_count: many\n").encode(), ":6:17", "expected a whole number or unknown"),
    ("negative_count", (SCHEME + "  handlers: {staff: -5}\n").encode(), ":6:21", "expected a value of at least 0"),
    (
        "missing_required_field",
        b"scheme:\n  id: s\n  municipality: x\n  business: y\n",
        ":2:3",
        "missing required field 'title'",
    ),
    ("include_outside_project", (SCHEME + "include: [../../../etc/passwd]\n").encode(), ":6:11", "leaves the project"),
    ("alias_bomb", _bomb().encode(), ":", "alias bomb"),
    ("empty_file", b"", ":1:1", "is empty"),
    ("binary_file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), ":3:1", "binary file"),  # its first NUL
    (
        "very_long_string",
        (SCHEME.replace("title: テスト", "title: " + "長" * 5000)).encode(),
        ":3:10",
        "text is too long",
    ),
    ("non_utf8", (SCHEME.replace("テスト事務", "事務")).encode("shift_jis"), ":3:10", "not UTF-8"),
    ("unknown_field_typo", (SCHEME + "  legal_bassis: 法\n").encode(), ":6:3", "did you mean 'legal_basis'?"),
    ("top_level_list", b"- a\n- b\n", ":1:1", "top level must be a mapping"),
    ("python_tag", (SCHEME + "  reference: !!python/object:os.system x\n").encode(), ":6:14", "not allowed"),
    ("duplicate_key", (SCHEME + "  business: again\n").encode(), ":6:3", "duplicate key 'business'"),
    ("include_missing", (SCHEME + "include: [nothing.yaml]\n").encode(), ":6:11", "does not exist"),
    (
        "wrong_tri_state",
        (SCHEME + "nodes:\n  - {id: t, title: 端末, kind: terminal, two_factor: maybe}\n").encode(),
        ":7:52",
        "expected true, false or unknown",
    ),
    (
        "zone_cycle",
        (
            SCHEME
            + "zones:\n  - {id: a, title: A, kind: lgwan, parent: b}\n  - {id: b, title: B, kind: lgwan, parent: a}\n"
        ).encode(),
        ":7:44",
        "nested inside itself",
    ),
    ("two_documents", (SCHEME + "---\n" + SCHEME).encode(), ":6:1", "one YAML document"),
    (
        "unknown_role_target",
        (
            SCHEME
            + "nodes:\n  - {id: sec, title: 課, kind: section, roles: [{role: witness, of: [sever]}]}\n"
            + "  - {id: server, title: サーバ, kind: system}\n"
        ).encode(),
        ":7:69",
        "unknown element 'sever' (did you mean 'server'?)",
    ),
    (
        "unknown_question_subject",
        (SCHEME + NODES + "questions:\n  - {id: q, about: [sy], text: 確認}\n").encode(),
        ":10:21",
        "unknown element 'sy' (did you mean 'sys'?)",
    ),
    (
        "unknown_data_item",
        (SCHEME + DATA + NODES + "flows:\n  - {id: f1, from: ward, to: sys, data: [nam]}\n").encode(),
        ":12:42",
        "unknown data item 'nam' (did you mean 'name'?)",
    ),
]


@pytest.mark.parametrize(("case", "content", "where", "words"), CASES, ids=[c[0] for c in CASES])
def test_broken_input_gives_located_error(project: Path, case: str, content: bytes, where: str, words: str) -> None:
    model = project / "models" / f"{case}.yaml"
    model.parent.mkdir()
    model.write_bytes(content)
    english = run_cli("validate", model, "--lang", "en")
    assert english.exit_code == 2
    assert "Traceback" not in english.stdout + english.stderr
    first = english.stderr.splitlines()[0]
    assert f"{case}.yaml{where}" in first, english.stderr
    assert words in english.stderr
    # Japanese by default: the same place, the message in Japanese.
    japanese = run_cli("validate", model)
    assert japanese.exit_code == 2
    assert japanese.stderr.splitlines()[0].split(": ", 1)[0] == first.split(": ", 1)[0]
    assert words not in japanese.stderr and has_japanese(japanese.stderr.splitlines()[0].split(": ", 1)[1])


def test_all_errors_of_a_file_are_reported_at_once(project: Path) -> None:
    model = write(
        project,
        "many.yaml",
        SCHEME
        + DATA
        + "nodes:\n  - {id: a, title: A, kind: wrd}\n  - {id: b, title: B, kind: system, zonee: x}\n"
        + "flows:\n  - {id: f, from: a, to: c, data: [name]}\n",
    )
    result = validate(model)
    assert result.exit_code == 2
    assert "did you mean 'ward'" in result.stderr
    assert "unknown field 'nodes[1].zonee' (did you mean 'zone'?)" in result.stderr
    assert "unknown node 'c'" in result.stderr
    assert "3 error(s)" in result.stderr


def test_alias_bomb_is_refused_quickly(project: Path) -> None:

    model = write(project, "bomb.yaml", _bomb())
    result = run_cli("validate", model)
    assert result.exit_code == 2
    # A billion-laughs document would take minutes and gigabytes if expanded: refused by counting, not expanding.
    assert "エイリアス爆弾" in result.stderr


def test_include_inside_project_is_merged_with_positions(project: Path) -> None:
    write(project, "shared/std.yaml", NODES)
    model = write(
        project,
        "main.yaml",
        SCHEME + "include: [shared/std.yaml]\n" + DATA + "flows:\n  - {id: f1, from: ward, to: sys, data: [name]}\n",
    )
    assert run_cli("validate", model).exit_code == 0
    write(project, "shared/std.yaml", NODES + "  - {id: x, title: X, kind: wrd}\n")
    result = run_cli("validate", model)
    assert result.exit_code == 2
    assert "std.yaml:4:29" in result.stderr


def test_unknown_counts_are_accepted(project: Path) -> None:
    model = write(
        project, "counts.yaml", SCHEME + "  people_count: unknown\n  handlers: {staff: unknown, contractor_staff: 3}\n"
    )
    result = run_cli("validate", model)
    assert result.exit_code == 0, result.stderr


def test_a_store_is_something_a_role_or_a_question_may_name(project: Path) -> None:
    """A store's id is an element a role is of or a question is about."""
    model = write(
        project,
        "stores.yaml",
        SCHEME
        + DATA
        + "nodes:\n  - {id: sec, title: 課, kind: section, roles: [{role: custodian, of: [forms]}]}\n"
        + "  - id: archive\n    title: 書庫\n    kind: paper_store\n    operator: sec\n"
        + "    stores: [{id: forms, data: [name], medium: paper}]\n"
        + "questions:\n  - {id: q, about: [forms], text: 保管期間は}\n",
    )
    result = validate(model)
    assert result.exit_code == 0, result.stderr
