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
    (
        "merge_key",
        (SCHEME + "nodes:\n  - &a {id: a, title: A, kind: ward}\n  - {<<: *a, id: b}\n").encode(),
        ":8:6",
        "the YAML merge key '<<' is not supported",
    ),
    (
        "protection_not_a_list",
        (SCHEME + DATA + NODES + "flows:\n  - {id: f1, from: ward, to: sys, data: [name], protection: tls}\n").encode(),
        ":12:61",
        "expected a list (e.g. [tls]), a mapping of what is known (e.g. {has: [tls]}), or unknown (got 'tls')",
    ),
    (
        "certification_as_a_bare_id",
        (SCHEME + "nodes:\n  - {id: c, title: C, kind: cloud_service, certifications: [isms]}\n").encode(),
        ":7:61",
        "nodes[0].certifications[0]: expected a mapping: write {id: 'isms'}",
    ),
    (
        "blank_title",
        (SCHEME + "nodes:\n  - {id: a, title: '\u3000', kind: ward}\n").encode(),
        ":7:20",
        "nodes[0].title: write something, not only spaces",
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


def test_a_file_included_twice_is_read_once(project: Path) -> None:
    """Named twice in one list: read once, with a warning at the second name. Reached by two fragments (the
    standard zones both include): read once, silently. Either way no id clashes with itself."""
    write(project, "shared/std.yaml", NODES)
    flows = "flows:\n  - {id: f1, from: ward, to: sys, data: [name]}\n"
    twice = write(project, "twice.yaml", SCHEME + "include: [shared/std.yaml, shared/std.yaml]\n" + DATA + flows)
    result = validate(twice)
    assert result.exit_code == 0, result.stderr
    assert f"{twice}:6:28: warning: include 'shared/std.yaml' is already included at {twice}:6:11" in result.stderr
    write(project, "shared/a.yaml", "include: [std.yaml]\n")
    write(project, "shared/b.yaml", "include: [std.yaml]\n")
    diamond = write(project, "diamond.yaml", SCHEME + "include: [shared/a.yaml, shared/b.yaml]\n" + DATA + flows)
    result = validate(diamond)
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr and "duplicate" not in result.stderr


def test_a_duplicate_id_names_where_the_first_is_written_in_whichever_file(project: Path) -> None:
    shared = write(project, "shared/std.yaml", NODES)
    clash = NODES.replace("nodes:\n", "")  # the same node again, in the main file
    model = write(project, "main.yaml", SCHEME + "include: [shared/std.yaml]\n" + DATA + "nodes:\n" + clash)
    result = validate(model)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if "duplicate id" in line]
    assert lines == [
        # the main file's own entries come first; the include's copy is the one to remove
        f"{shared}:2:10: duplicate id 'ward' in nodes (first defined at {model}:10:10); ids must be unique",
        f"{shared}:3:10: duplicate id 'sys' in nodes (first defined at {model}:11:10); ids must be unique",
    ], result.stderr


def test_an_included_folder_is_named_as_a_folder(project: Path) -> None:
    (project / "shared").mkdir()
    model = write(project, "main.yaml", SCHEME + "include: [shared]\n" + DATA)
    result = validate(model)
    assert result.exit_code == 2
    assert f"{model}:6:11: include 'shared' names a folder; name a file in it" in result.stderr


def test_an_include_outside_an_unmarked_folder_says_how_to_mark_the_project(tmp_path: Path) -> None:
    """No pia-project.yaml above the model: its own folder is the project, and the error says so and what to do."""
    if any((folder / ".git").exists() or (folder / "pyproject.toml").exists() for folder in tmp_path.parents):
        pytest.skip("the temporary folder sits inside a project")
    write(tmp_path, "shared/std.yaml", NODES)
    model = write(tmp_path, "scheme/main.yaml", SCHEME + "include: [../shared/std.yaml]\n" + DATA)
    result = validate(model)
    assert result.exit_code == 2
    assert f"{model}:6:11: include '../shared/std.yaml' leaves the model's folder" in result.stderr
    assert "no pia-project.yaml was found above the model" in result.stderr
    write(tmp_path, "pia-project.yaml", "")
    assert validate(model).exit_code == 0


def test_an_operator_that_names_no_node_is_warned_about_where_it_is_written(project: Path) -> None:
    nodes = (
        NODES
        + "  - {id: term, title: 端末, kind: terminal, operator: 住民課}\n  - {id: t2, title: 端末2, kind: terminal, operator: システム}\n"
    )
    model = write(project, "op.yaml", SCHEME + DATA + nodes)
    result = validate(model)
    assert result.exit_code == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "matches no node" in line]
    # by title (システム) is a node; 住民課 is none, and whose the terminal is decides which rules apply
    assert warned == [
        f"{model}:11:53: warning: operator '住民課' matches no node's id or title, so whether this is the ward's or a"
        " contractor's cannot be told (in a ward zone it is checked as the ward's); write the id of the section or"
        " contractor that runs it (ward for the ward)"
    ], result.stderr


def test_a_flow_to_itself_is_warned_about_at_its_target(project: Path) -> None:
    flows = "flows:\n  - {id: f1, from: sys, to: sys, data: [name]}\n"
    model = write(project, "loop.yaml", SCHEME + DATA + NODES + flows)
    result = validate(model)
    assert result.exit_code == 0, result.stderr
    assert f"{model}:12:29: warning: this flow goes from 'sys' to 'sys' itself" in result.stderr
