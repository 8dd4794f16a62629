"""One generator per class of input. Each takes a seeded ``random.Random`` and returns a :class:`Case`.

Classes: ``generated`` (hypothesis models, see ``strategies``; driven by the runner), ``mutation`` (edits of
the examples, see ``mutations``), ``yaml`` (anchors, bombs, tags, documents, flow style, nesting, positions at
line/column 100), ``encoding``, ``include``, ``path`` (what the model path is), ``triage``, ``policy``,
``assessment`` and ``output`` (where ``-o`` and ``--assessment`` point).
"""

from __future__ import annotations

import codecs
import datetime as dt
import random
from collections.abc import Callable
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from ruamel.yaml import YAML

from tests.fuzz import mutations
from tests.fuzz.case import PROJECT, Case, Command, Special
from tests.fuzz.corpus import (
    ROOT,
    dump,
    example_assessment,
    example_data,
    example_findings,
    example_layout,
    example_names,
    example_text,
    locate,
)
from tests.fuzz.strategies import HOSTILE

MARKER = {f"{PROJECT}/pia-project.yaml": b"# fuzz project root\n"}
MODEL = f"{PROJECT}/model.yaml"

SMALL = """\
scheme: {id: small, title: 小さな例, municipality: テスト区, business: テスト事務}
data:
  - {id: name, title: 氏名, category: identity}
  - {id: mynum, title: 個人番号, category: my_number}
zones:
  - {id: lg, title: LGWAN接続系, kind: lgwan}
  - {id: inet, title: インターネット接続系, kind: internet}
nodes:
  - {id: web, title: 申請サイト, kind: system, zone: inet}
  - {id: core, title: 基幹システム, kind: system, zone: lg, stores: [{data: [mynum, name]}]}
flows:
  - {id: f1, from: web, to: core, data: [name], channel: internet, protection: [tls]}
"""
SMALL_SCHEME = "scheme: {id: small, title: 小さな例, municipality: テスト区, business: テスト事務}\n"
SMALL_NODES = "nodes:\n  - {id: a, title: A, kind: ward}\n  - {id: b, title: B, kind: system}\n"


def small_case(klass: str, label: str, text: str | bytes, **kw: Any) -> Case:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    files = {**MARKER, MODEL: data, **kw.pop("files", {})}
    return Case(
        klass=klass, label=label, files=files, model=kw.pop("model", MODEL), fuzzed=kw.pop("fuzzed", MODEL), **kw
    )


def _line_of(text: str, needle: str) -> tuple[int, int]:
    index = text.index(needle)
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


# ---- yaml ---------------------------------------------------------------------------------------------------
def _bomb(levels: int, width: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return SMALL_SCHEME + "\n".join(lines) + "\n"


def gen_yaml(rng: random.Random) -> Case:
    kind = rng.choice(
        [
            "anchors",
            "bomb",
            "bomb",
            "alias_key",
            "self_alias",
            "undefined_alias",
            "merge_key",
            "tag_mapping",
            "tag_key",
            "tag_directive",
            "yaml_directive",
            "multi_doc",
            "doc_end_junk",
            "flow_style",
            "json",
            "nested",
            "nested",
            "complex_key",
            "scalar_doc",
            "position_100",
            "position_100",
            "position_1234",
            "many_keys",
            "long_line",
            "line_separator",
            "yaml11_bools",
        ]
    )
    k = "yaml"
    if kind == "anchors":
        text = (
            SMALL.replace("data: [name], channel", "data: &d [name], channel")
            + "  - {id: f2, from: core, to: web, data: *d, channel: lgwan}\n"
        )
        return small_case(k, "anchor and alias reused for a data list", text, notes={"expect_valid": "plain aliases"})
    if kind == "bomb":
        levels, width = rng.randint(3, 10), rng.choice([5, 10, 20])
        text = _bomb(levels, width)
        return small_case(k, f"alias bomb {levels} levels x {width}", text, expect_reject=True)
    if kind == "alias_key":
        text = SMALL_SCHEME + "base: &b {x: 1}\nmap:\n  *b : value\n"
        return small_case(
            k, "an alias to a mapping used as a key", text, expect_reject=True, defect_at=(4, 3), exact_position=True
        )
    if kind == "self_alias":
        text = SMALL_SCHEME + "note_list: &s [1, *s]\n"
        return small_case(k, "an alias inside its own anchor", text, expect_reject=True, defect_at=(2, None))
    if kind == "undefined_alias":
        text = SMALL + "questions:\n  - {id: q, text: *nothing}\n"
        where = _line_of(text, "*nothing")
        return small_case(
            k, "alias to an undefined anchor", text, expect_reject=True, defect_at=where, exact_position=True
        )
    if kind == "merge_key":
        text = SMALL.replace("nodes:\n", "nodes:\n  - &n {id: n0, title: N, kind: system}\n  - {<<: *n, id: n1}\n")
        return small_case(k, "merge key <<", text, expect_reject=True, defect_at=_line_of(text, "<<"))
    if kind == "tag_mapping":
        tag = rng.choice(
            ["!!python/object:os.system", "!!python/object/apply:os.system", "!!set", "!custom", "!!omap", "!!pairs"]
        )
        text = SMALL.replace("nodes:\n", f"nodes: {tag}\n")
        return small_case(
            k,
            f"tag {tag} on a mapping/sequence",
            text,
            expect_reject=True,
            defect_at=_line_of(text, tag),
            exact_position=True,
        )
    if kind == "tag_key":
        text = SMALL_SCHEME + "!!python/name:os.system : 1\n"
        return small_case(k, "tag on a key", text, expect_reject=True, defect_at=(2, 1))
    if kind == "tag_directive":
        text = "%TAG !e! tag:example.com,2000:\n---\n" + SMALL.replace("title: 小さな例", "title: !e!x 小さな例")
        return small_case(
            k,
            "%TAG directive and a custom tag",
            text,
            expect_reject=True,
            defect_at=_line_of(text, "!e!x"),
            exact_position=True,
        )
    if kind == "yaml_directive":
        version = rng.choice(["1.1", "1.2", "1.3", "2.0"])
        text = f"%YAML {version}\n---\n" + SMALL
        return small_case(k, f"%YAML {version} directive", text)
    if kind == "multi_doc":
        text = SMALL + "---\n" + SMALL
        return small_case(
            k, "two documents", text, expect_reject=True, defect_at=_line_of(text, "---"), exact_position=True
        )
    if kind == "doc_end_junk":
        text = SMALL + "...\n" + rng.choice(["junk", "- a", "%YAML 1.2\n---\nx: 1", "\x1b[2J"]) + "\n"
        return small_case(
            k, "junk after the document end marker", text, expect_reject=True, defect_at=(SMALL.count("\n") + 2, None)
        )
    if kind in ("flow_style", "json"):
        name = rng.choice(example_names())
        data = example_data(name)
        if kind == "json":
            import json

            text = json.dumps(data, ensure_ascii=rng.random() < 0.5, default=str, indent=rng.choice([None, 2]))
        else:
            text = dump(data, flow=True)
        files, model = example_layout(name, text.encode("utf-8"))
        return Case(
            klass=k,
            label=f"{name} written as {kind.replace('_', ' ')}",
            files=files,
            model=model,
            fuzzed=model,
            notes={"expect_valid": "the same model in another YAML style"},
        )
    if kind == "nested":
        depth = rng.choice([500, 999, 1000, 1001, 2000])
        shape = rng.choice(["flow list", "flow map", "block list", "block map"])
        if shape == "flow list":
            raw = "[" * depth + "]" * depth
        elif shape == "flow map":
            raw = "{a: " * depth + "1" + "}" * depth
        elif shape == "block list":
            raw = "- " * depth + "x"
        else:
            raw = "\n".join("  " * (i + 1) + "a:" for i in range(depth)) + " 1"
        field = rng.choice(["note", "reference", "people_count"])
        if shape.startswith("block"):
            text = (
                SMALL_SCHEME
                + "questions:\n  - id: q\n    text: t\n    answer:\n"
                + "\n".join("      " + line for line in raw.split("\n"))
                + "\n"
            )
            where = (5, 7)
        else:
            text = SMALL.replace("title: 小さな例", f"title: 小さな例, {field}: {raw}")
            where = _line_of(text, raw[:20])
        return small_case(k, f"{shape} nested {depth} levels", text, expect_reject=True, defect_at=where)
    if kind == "complex_key":
        text = SMALL_SCHEME + "? [a, b]\n: c\n"
        return small_case(
            k, "a complex (sequence) key", text, expect_reject=True, defect_at=(2, 3), exact_position=True
        )
    if kind == "scalar_doc":
        text = rng.choice(
            [
                "hello\n",
                "~\n",
                "- a\n- b\n",
                "",
                "---\n",
                "# only a comment\n",
                "42\n",
                "'quoted'\n",
                "[1, 2]\n",
                "!!binary aGVsbG8=\n",
                "...\n",
                "\n\n\n",
            ]
        )
        return small_case(k, f"document {text.strip()!r}", text, expect_reject=True)
    if kind in ("position_100", "position_1234"):
        line = 100 if kind == "position_100" else 1234
        column = rng.choice([31, 40, 100, 100, 1234])
        filler = "".join(f"# line {i}\n" for i in range(2, line - 1))
        row = "  - {id: bad, title: " + "x" * (column - 30) + ", kind: " + "wrd}"  # 'wrd' starts at ``column``
        text = SMALL_SCHEME + filler + "nodes:\n" + row + "\n"
        where = _line_of(text, "wrd}")
        return small_case(
            k, f"unknown kind at {where[0]}:{where[1]}", text, expect_reject=True, defect_at=where, exact_position=True
        )
    if kind == "many_keys":
        count = rng.choice([100, 1000, 3000])
        text = SMALL + "".join(f"unknown_{i}: {i}\n" for i in range(count))
        return small_case(
            k,
            f"{count} unknown top-level keys",
            text,
            expect_reject=True,
            defect_at=(SMALL.count("\n") + 1, 1),
            exact_position=True,
        )
    if kind == "long_line":
        size = rng.choice([10_000, 200_000, 1_000_000])
        text = SMALL.replace("title: 小さな例", "title: 小さな例, note: " + "x" * size)
        return small_case(k, f"a {size:,}-character line", text, expect_reject=True, defect_at=_line_of(text, "x" * 10))
    if kind == "line_separator":
        separator = rng.choice(["\u2028", "\u2029", "\x85"])
        text = SMALL.replace("title: 氏名", f"title: '氏{separator}名'").replace(
            "  - {id: core", "  - {id: bad, title: B, kind: wrd}\n  - {id: core"
        )
        where = _line_of(text, "wrd}")
        return small_case(
            k,
            f"a {separator!r} inside a quoted title, then an error lines below",
            text,
            expect_reject=True,
            defect_at=where,
            exact_position=True,
        )
    word = rng.choice(["yes", "no", "on", "off", "y", "n", "Yes", "NO"])
    text = SMALL.replace("kind: system, zone: inet}", f"kind: system, zone: inet, two_factor: {word}}}")
    # pydantic's lax booleans read these as the YAML 1.1 reader would: exercised, no expectation.
    return small_case(k, f"YAML 1.1 boolean {word!r} for a true/false field", text)


# ---- encoding ---------------------------------------------------------------------------------------------------
def _first_bad_utf8(data: bytes) -> tuple[int, int] | None:
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        start = exc.start
    prefix = data[:start]
    line_start = prefix.rfind(b"\n") + 1
    line = prefix.count(b"\n") + 1
    return line, start - line_start + 1


def gen_encoding(rng: random.Random) -> Case:
    name = rng.choice(example_names())
    text = example_text(name)
    kind = rng.choice(
        [
            "shift_jis",
            "cp932",
            "euc_jp",
            "utf-16",
            "utf-16-be",
            "utf-32",
            "bom",
            "double_bom",
            "bad_byte",
            "bad_byte",
            "latin1_mix",
            "utf-16-no-bom",
        ]
    )
    defect: tuple[int, int | None] | None = None
    exact = False
    reject = True
    notes: dict[str, str] = {}
    if kind in ("shift_jis", "cp932", "euc_jp"):
        data = text.encode(kind, errors="replace")
        bad = _first_bad_utf8(data)
        if bad:
            line, byte_column = bad
            line_bytes = data.split(b"\n")[line - 1][: byte_column - 1]
            defect, exact = (line, len(line_bytes.decode(kind, errors="replace")) + 1), True
    elif kind in ("utf-16", "utf-16-be", "utf-32", "utf-16-no-bom"):
        codec = "utf-16-le" if kind == "utf-16-no-bom" else kind
        data = text.encode(codec)
        if kind == "utf-16-be":
            data = codecs.BOM_UTF16_BE + data
    elif kind == "bom":
        data, reject = codecs.BOM_UTF8 + text.encode(), False
        notes["expect_valid"] = "a UTF-8 BOM is allowed"
    elif kind == "double_bom":
        data, reject = codecs.BOM_UTF8 * 2 + text.encode(), False
    elif kind == "latin1_mix":
        lines = text.split("\n")
        i = rng.randrange(len(lines))
        lines[i] += " # café"
        encoded = [line.encode("utf-8") for line in lines]
        encoded[i] = encoded[i].replace("café".encode(), "café".encode("latin-1"))
        data = b"\n".join(encoded)
        defect, exact = (i + 1, len(lines[i])), True  # the é, last on the line
    else:
        case = mutations.mutate_text(random.Random(rng.random()), name)
        while "invalid byte" not in case.label:
            case = mutations.mutate_text(random.Random(rng.random()), name)
        case.klass = "encoding"
        return case
    files, model = example_layout(name, data)
    return Case(
        klass="encoding",
        label=f"{name} as {kind}",
        files=files,
        model=model,
        fuzzed=model,
        defect_at=defect,
        exact_position=exact,
        expect_reject=reject,
        notes=notes,
    )


# ---- include ----------------------------------------------------------------------------------------------------
def _include_model(entries: str) -> str:
    return SMALL_SCHEME + f"include: {entries}\n" + "data:\n  - {id: name, title: 氏名, category: identity}\n"


def gen_include(rng: random.Random) -> Case:
    kind = rng.choice(
        [
            "absolute_outside",
            "absolute_inside",
            "dotdot",
            "dotdot_existing",
            "nul",
            "name_255",
            "name_256",
            "name_255_chars",
            "directory",
            "chain",
            "chain",
            "cycle2",
            "cycle3",
            "self",
            "not_list",
            "not_string",
            "nested_list",
            "empty_string",
            "string_form",
            "missing",
            "error_inside",
            "scheme_inside",
            "symlink_out",
            "symlink_loop",
            "many",
            "hostile_name",
        ]
    )
    k = "include"
    nodes = SMALL_NODES.encode()
    if kind == "absolute_outside":
        text = _include_model("[/etc/passwd]")
        return small_case(
            k,
            "include an absolute path outside the project",
            text,
            expect_reject=True,
            defect_at=(2, 11),
            exact_position=True,
        )
    if kind == "absolute_inside":
        text = _include_model("[PLACEHOLDER]")
        return small_case(
            k,
            "include an absolute path inside the project",
            text,
            files={f"{PROJECT}/n.yaml": nodes},
            notes={"absolute_include": f"{PROJECT}/n.yaml"},
        )
    if kind == "dotdot":
        text = _include_model("[../../../../../../etc/passwd]")
        return small_case(
            k, "include ../ escaping to /etc/passwd", text, expect_reject=True, defect_at=(2, 11), exact_position=True
        )
    if kind == "dotdot_existing":
        text = _include_model("[../outside.yaml]")
        return small_case(
            k,
            "include ../outside.yaml (exists, outside the project)",
            text,
            files={"outside.yaml": nodes},
            expect_reject=True,
            defect_at=(2, 11),
            exact_position=True,
        )
    if kind == "nul":
        text = _include_model('["n\\0.yaml"]')
        return small_case(
            k,
            "include path with a NUL byte",
            text,
            files={f"{PROJECT}/n.yaml": nodes},
            expect_reject=True,
            defect_at=(2, 11),
            exact_position=True,
        )
    if kind in ("name_255", "name_256", "name_255_chars"):
        stem = {"name_255": "n" * 250, "name_256": "n" * 251, "name_255_chars": "名" * 250}[kind]
        filename = stem + ".yaml"
        text = _include_model(f"[{filename}]")
        extra = {f"{PROJECT}/{filename}": nodes} if kind == "name_255" else {}
        return small_case(
            k,
            f"include a {len(filename.encode())}-byte file name",
            text,
            files=extra,
            expect_reject=kind != "name_255",
            defect_at=(2, 11),
            exact_position=kind != "name_255",
        )
    if kind == "directory":
        text = _include_model("[sub]")
        return small_case(
            k,
            "include a directory",
            text,
            files={f"{PROJECT}/sub": Special("dir")},
            expect_reject=True,
            defect_at=(2, 11),
            exact_position=True,
        )
    if kind == "chain":
        length = rng.choice([50, 200, 999, 1000, 1500])
        files: dict[str, Any] = {}
        for i in range(length):
            nxt = f"include: [c{i + 1}.yaml]\n" if i + 1 < length else ""
            files[f"{PROJECT}/c{i}.yaml"] = (nxt + f"questions:\n  - {{id: q{i}, text: t}}\n").encode()
        text = _include_model("[c0.yaml]")
        case = small_case(k, f"a chain of {length} includes", text, files=files)
        case.notes["chain"] = str(length)
        return case
    if kind in ("cycle2", "cycle3", "self"):
        if kind == "self":
            return small_case(
                k,
                "a model that includes itself",
                _include_model("[model.yaml]"),
                expect_reject=True,
                defect_at=(2, 11),
                exact_position=True,
            )
        n = 2 if kind == "cycle2" else 3
        files = {f"{PROJECT}/i{i}.yaml": f"include: [i{(i + 1) % n}.yaml]\n".encode() for i in range(n)}
        return small_case(k, f"a cycle of {n} includes", _include_model("[i0.yaml]"), files=files, expect_reject=True)
    if kind in ("not_list", "not_string", "nested_list", "empty_string"):
        value = {
            "not_list": rng.choice(["5", "{a: b}", "true", "2020-01-01"]),
            "not_string": "[5, null, 1.5]",
            "nested_list": "[[n.yaml]]",
            "empty_string": rng.choice(['[""]', "['  ']", '"   "']),
        }[kind]
        text = _include_model(value)
        return small_case(k, f"include: {value}", text, expect_reject=True, defect_at=(2, 10))
    if kind == "string_form":
        return small_case(
            k, "include: n.yaml (a string, not a list)", _include_model("n.yaml"), files={f"{PROJECT}/n.yaml": nodes}
        )
    if kind == "missing":
        return small_case(
            k,
            "include a missing file",
            _include_model("[nope.yaml]"),
            expect_reject=True,
            defect_at=(2, 11),
            exact_position=True,
        )
    if kind == "error_inside":
        bad = "nodes:\n  - {id: a, title: A, kind: ward}\n  - {id: b, title: B, kind: wrd}\n"
        case = small_case(
            k,
            "an error inside an included file",
            _include_model("[n.yaml]"),
            files={f"{PROJECT}/n.yaml": bad.encode()},
            expect_reject=True,
        )
        # the value 'wrd' is where the error is: column 29 of line 3, counted, not typed in
        column = bad.splitlines()[2].index("wrd") + 1
        case.fuzzed, case.defect_at, case.exact_position = f"{PROJECT}/n.yaml", (3, column), True
        return case
    if kind == "scheme_inside":
        case = small_case(
            k,
            "an included file with scheme:",
            _include_model("[n.yaml]"),
            files={f"{PROJECT}/n.yaml": (SMALL_SCHEME + SMALL_NODES).encode()},
            expect_reject=True,
        )
        case.fuzzed, case.defect_at, case.exact_position = f"{PROJECT}/n.yaml", (1, 1), True
        return case
    if kind == "symlink_out":
        return small_case(
            k,
            "include a symlink pointing outside the project",
            _include_model("[link.yaml]"),
            files={"outside.yaml": nodes, f"{PROJECT}/link.yaml": Special("symlink", "../outside.yaml")},
            expect_reject=True,
            defect_at=(2, 11),
            exact_position=True,
        )
    if kind == "symlink_loop":
        return small_case(
            k,
            "include a symlink loop",
            _include_model("[loop1.yaml]"),
            files={
                f"{PROJECT}/loop1.yaml": Special("symlink", "loop2.yaml"),
                f"{PROJECT}/loop2.yaml": Special("symlink", "loop1.yaml"),
            },
            expect_reject=True,
            defect_at=(2, 11),
            exact_position=True,
        )
    if kind == "many":
        count = rng.choice([100, 1000])
        text = _include_model("[" + ", ".join(["n.yaml"] * count) + "]")
        return small_case(
            k, f"the same file included {count} times", text, files={f"{PROJECT}/n.yaml": nodes}, expect_reject=True
        )
    name = rng.choice(["\x1b]2;pwned\x07.yaml", "a\u202elmay.yaml", ":100:.yaml", "new\nline.yaml", "ta\tb.yaml"])
    quoted = '"' + name.encode("unicode_escape").decode().replace('"', '\\"') + '"'
    return small_case(
        k,
        f"include a file named {name!r} (missing)",
        _include_model(f"[{quoted}]"),
        expect_reject=True,
        defect_at=(2, 11),
        exact_position=True,
    )


# ---- the model path itself --------------------------------------------------------------------------------------
def gen_path(rng: random.Random) -> Case:
    kind = rng.choice(
        [
            "directory",
            "missing",
            "empty",
            "dev_null",
            "symlink_loop",
            "dangling_symlink",
            "symlink_dir",
            "hostile_name",
            "hostile_name",
            "name_255",
            "name_256",
            "nul_in_path",
            "no_extension",
            "trailing_slash",
        ]
    )
    k = "path"
    if kind == "directory":
        return small_case(
            k,
            "the model path is a directory",
            "",
            model=f"{PROJECT}/sub",
            fuzzed=None,
            files={f"{PROJECT}/sub": Special("dir")},
            expect_reject=True,
        )
    if kind == "missing":
        return small_case(
            k, "the model does not exist", "", model=f"{PROJECT}/nope.yaml", fuzzed=None, expect_reject=True
        )
    if kind == "empty":
        return small_case(k, "an empty model", "", expect_reject=True)
    if kind == "dev_null":
        return small_case(k, "the model is /dev/null", "", model="/dev/null", fuzzed=None, expect_reject=True)
    if kind == "symlink_loop":
        return small_case(
            k,
            "the model is a symlink loop",
            "",
            model=f"{PROJECT}/loop1.yaml",
            fuzzed=None,
            files={
                f"{PROJECT}/loop1.yaml": Special("symlink", "loop2.yaml"),
                f"{PROJECT}/loop2.yaml": Special("symlink", "loop1.yaml"),
            },
            expect_reject=True,
        )
    if kind == "dangling_symlink":
        return small_case(
            k,
            "the model is a dangling symlink",
            "",
            model=f"{PROJECT}/dangling.yaml",
            fuzzed=None,
            files={f"{PROJECT}/dangling.yaml": Special("symlink", "nowhere.yaml")},
            expect_reject=True,
        )
    if kind == "symlink_dir":
        return small_case(
            k,
            "the model is a symlink to a directory",
            "",
            model=f"{PROJECT}/d.yaml",
            fuzzed=None,
            files={f"{PROJECT}/sub": Special("dir"), f"{PROJECT}/d.yaml": Special("symlink", "sub")},
            expect_reject=True,
        )
    if kind in ("name_255", "name_256"):
        name = "m" * (250 if kind == "name_255" else 251) + ".yaml"
        model = f"{PROJECT}/{name}"
        if kind == "name_255":
            return small_case(
                k, "a 255-byte model file name", SMALL, model=model, fuzzed=model, files={model: SMALL.encode()}
            )
        return small_case(k, "a 256-byte model file name", "", model=model, fuzzed=None, expect_reject=True)
    if kind == "nul_in_path":
        return small_case(
            k,
            "a NUL byte in the model path",
            SMALL,
            model=f"{PROJECT}/mo\x00del.yaml",
            fuzzed=None,
            expect_reject=True,
            notes={"usage_ok": "click refuses the argument itself"},
        )
    if kind == "no_extension":
        return small_case(
            k,
            "a model without .yaml",
            SMALL,
            model=f"{PROJECT}/model",
            fuzzed=f"{PROJECT}/model",
            files={f"{PROJECT}/model": SMALL.encode()},
        )
    if kind == "trailing_slash":
        return small_case(k, "the model path with a trailing slash", SMALL, model=f"{PROJECT}/model.yaml/", fuzzed=None)
    name = rng.choice(
        [
            "\x1b]2;pwned\x07.yaml",
            "\x1b[2J.yaml",
            "a\u202elmay.yaml",
            ":100:.yaml",
            "new\nline.yaml",
            "\x9b31m.yaml",
            "[bold]x[/].yaml",
            "受付\u2028.yaml",
        ]
    )
    model = f"{PROJECT}/{name}"
    broken = rng.random() < 0.5
    content = (SMALL.replace("kind: system, zone: inet", "kind: sistem, zone: inet") if broken else SMALL).encode()
    return small_case(
        k,
        f"a model named {name!r}{' (with an error)' if broken else ''}",
        content,
        model=model,
        fuzzed=model,
        files={model: content},
        expect_reject=broken,
    )


# ---- triage -----------------------------------------------------------------------------------------------------
def _beside(model: str, suffix: str) -> str:
    path = PurePosixPath(model)
    return str(path.with_name(path.name.removesuffix(".yaml") + suffix))


BLANKS = [" ", "  ", "\t", "\u3000", "\n", " \u200b "]
WILDCARDS = [
    "*",
    "*@*",
    "?*",
    "**",
    "[!A]*",
    "NET-*",
    "*@f_*",
    "[",
    "]",
    "*[",
    "\\*",
    "NET-0[1-9]@*",
    "*" * 60 + "a",
    "[a-",
    "[]]*",
]


def _decision(rng: random.Random, ids: tuple[str, ...]) -> dict[str, Any]:
    return {
        "finding": rng.choice(ids) if ids and rng.random() < 0.8 else rng.choice(WILDCARDS),
        "status": rng.choice(["accepted", "mitigated", "false_positive", "in_discussion"]),
        "justification": rng.choice(["区の情報セキュリティ委員会で確認済み", "委託先の報告書で確認", "中継のみ"]),
        "by": rng.choice(["情報政策課 山田", "保健福祉政策課"]),
        "date": dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(800)),
    }


def gen_triage(rng: random.Random) -> Case:
    name = rng.choice(example_names())
    files, model = example_layout(name)
    ids = example_findings(name)
    decisions = [_decision(rng, ids) for _ in range(rng.randint(1, 8))]
    kind = rng.choice(
        [
            "valid",
            "wildcards",
            "blank_justification",
            "blank_by",
            "expired",
            "wrong_type",
            "wrong_type",
            "hostile",
            "hostile",
            "emoji",
            "many",
            "duplicates",
            "empty",
            "top_list",
            "not_utf8",
            "truncated",
            "directory",
            "unknown_key",
        ]
    )
    reject, path = False, None
    document: Any = {"decisions": decisions}
    i = rng.randrange(len(decisions))
    if kind == "wildcards":
        decisions[i]["finding"] = rng.choice(WILDCARDS)
        path = ("decisions", i, "finding")
    elif kind in ("blank_justification", "blank_by"):
        field = "justification" if kind == "blank_justification" else "by"
        decisions[i][field] = rng.choice(BLANKS)
        reject, path = True, ("decisions", i, field)
    elif kind == "expired":
        decisions[i]["review_due"] = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        path = ("decisions", i, "review_due")
    elif kind == "wrong_type":
        field = rng.choice(["finding", "status", "justification", "by", "date", "review_due", "decisions", "root"])
        value = rng.choice([5, 1.5, ["a", "b"], {"a": 1}, None, True, "yesterday", "2023-02-30", ""])
        if field == "decisions":
            document = {"decisions": value}
            path = ("decisions",)
        elif field == "root":
            document = {"decision": decisions}
            path = ("decision",)
        else:
            decisions[i][field] = value
            path = ("decisions", i, field)
        reject = not (field == "review_due" and value is None)
        if field in ("justification", "by", "finding") and isinstance(value, str) and value:
            reject = False  # any text is a valid name, justification or pattern
    elif kind == "hostile":
        field = rng.choice(["justification", "by", "finding"])
        decisions[i][field] = rng.choice(HOSTILE)
        path = ("decisions", i, field)
    elif kind == "emoji":
        decisions[i]["justification"] = "確認済み :100: 件"
        path = ("decisions", i, "justification")
    elif kind == "many":
        count = rng.choice([1000, 5000])
        document = {"decisions": [_decision(rng, ids) for _ in range(count)]}
    elif kind == "duplicates":
        decisions.append(dict(decisions[i], status="in_discussion"))
    elif kind == "unknown_key":
        decisions[i]["reviewed_by"] = "x"
        reject, path = True, ("decisions", i, "reviewed_by")
    text = dump(document)
    as_key = kind == "unknown_key" or (kind == "wrong_type" and path == ("decision",))
    where = locate(text, path, key=as_key) if path else None
    place = kind if kind != "wrong_type" else f"wrong type ({path[-1] if path else '?'})"
    data = text.encode()
    if kind == "empty":
        data = b""
    elif kind == "top_list":
        data, reject, where = b"- finding: '*'\n", True, (1, 1)
    elif kind == "not_utf8":
        data, reject = text.encode("utf-8").replace(b"decisions", b"decisions\xff", 1), True
        where = (1, 10)
    elif kind == "truncated":
        data = data[: rng.randrange(1, max(2, len(data)))]
    given = rng.random() < 0.3 or kind == "directory"
    triage = f"{PROJECT}/elsewhere/decisions.yaml" if given else _beside(model, ".triage.yaml")
    files[triage] = Special("dir") if kind == "directory" else data
    if kind == "directory":
        reject = True
    commands = _check_commands(rng, model, extra=["--triage", triage] if given else [])
    return Case(
        klass="triage",
        label=f"{name}: triage {kind}" + (" (--triage)" if given else ""),
        files=files,
        notes={"place": place.replace("_", " ")},
        model=model,
        fuzzed=triage,
        defect_at=where,
        expect_reject=reject,
        commands=commands,
        exact_position=kind in ("blank_justification", "unknown_key", "not_utf8", "top_list"),
    )


def _check_commands(rng: random.Random, model: str, extra: tuple[str, ...] | list[str] = ()) -> list[Command]:
    formats = rng.sample(["text", "json", "sarif", "csv"], rng.randint(1, 2))
    commands = []
    for fmt in formats:
        argv = ["check", model, "-f", fmt, *extra]
        if rng.random() < 0.3:
            argv += ["--lang", "en"]
        writes: tuple[str, ...] = ()
        if rng.random() < 0.25:
            out = f"out/check.{fmt}"
            argv += ["-o", out]
            writes = (out,)
        commands.append(Command(argv, writes=writes))
    return commands


# ---- policy -----------------------------------------------------------------------------------------------------
@cache
def rule_ids() -> tuple[str, ...]:
    found = []
    for path in sorted((ROOT / "catalog" / "rules").glob("*.yaml")):
        for entry in YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or []:
            if isinstance(entry, dict) and "id" in entry:
                found.append(str(entry["id"]))
    return tuple(found)


def gen_policy(rng: random.Random) -> Case:
    name = rng.choice(example_names())
    files, model = example_layout(name)
    rules = rule_ids()
    entries: dict[Any, Any] = {}
    for rule in rng.sample(rules, rng.randint(1, 4)):
        entry: dict[str, Any] = {"reason": rng.choice(["当区ではFAX誤送信事故が続いたため", "別途台帳で管理"])}
        if rng.random() < 0.5:
            entry["enabled"] = False
        else:
            entry["severity"] = rng.choice(["critical", "high", "medium", "low"])
        entries[rule] = entry
    document: Any = {"rules": entries}
    kind = rng.choice(
        [
            "valid",
            "blank_reason",
            "blank_reason",
            "empty_reason",
            "no_reason",
            "unknown_rule",
            "unknown_rule",
            "wrong_type",
            "wrong_type",
            "hostile_reason",
            "disable_all",
            "above_root",
            "above_root",
            "given",
            "empty_file",
        ]
    )
    reject, path, key = False, None, False
    target = rng.choice(list(entries))
    if kind in ("blank_reason", "empty_reason", "no_reason"):
        if kind == "no_reason":
            del entries[target]["reason"]
            path = ("rules", target)
        else:
            entries[target]["reason"] = "" if kind == "empty_reason" else rng.choice(BLANKS)
            path = ("rules", target, "reason")
        reject = True
    elif kind == "unknown_rule":
        rule = rng.choice(["NET-99", "net-01", "\x1b[2J", ":100:", "NET-01 ", "ＮＥＴ-01", "a\u202eb", "*"])
        entries[rule] = {"enabled": False, "reason": "テスト"}
        path, key = ("rules", rule), True
    elif kind == "wrong_type":
        where = rng.choice(["rules", "entry", "severity", "enabled", "reason", "extra"])
        value = rng.choice([5, ["a"], {"a": 1}, "x", None, 1.5, "no", "maybe"])
        if where == "rules":
            document = {"rules": value}
            path = ("rules",)
        elif where == "entry":
            entries[target] = value
            path = ("rules", target)
        elif where == "extra":
            entries[target]["reson"] = "typo"
            path, key = ("rules", target, "reson"), True
        else:
            entries[target][where] = value
            path = ("rules", target, where)
        reject = not (where == "rules" and value is None) and not (where == "severity" and value is None)
        if where == "reason" and isinstance(value, str) and value.strip():
            reject = False
        if where == "enabled" and value == "no":
            reject = False  # pydantic's lax booleans read 'no' as false
    elif kind == "hostile_reason":
        entries[target]["reason"] = rng.choice(HOSTILE)
        path = ("rules", target, "reason")
    elif kind == "disable_all":
        document = {"rules": {rule: {"enabled": False, "reason": "全部止める"} for rule in rules}}
    text = dump(document)
    where_at = locate(text, path, key=key) if path else None
    data = b"" if kind == "empty_file" else text.encode()
    commands_extra: list[str] = []
    if kind == "above_root":
        policy = "pia-policy.yaml"  # the case folder is above proj/, the project root
    elif kind == "given":
        policy = "policies/org-policy.yaml"
        commands_extra = ["--policy", policy]
    else:
        policy = rng.choice([f"{PROJECT}/flows/examples/pia-policy.yaml", f"{PROJECT}/pia-policy.yaml"])
    files[policy] = data
    place = kind if kind != "wrong_type" else f"wrong type ({path[-1] if path else '?'})"
    case = Case(
        klass="policy",
        label=f"{name}: policy {kind} at {policy}",
        files=files,
        model=model,
        fuzzed=policy,
        notes={"place": place.replace("_", " ")},
        defect_at=where_at,
        expect_reject=reject,
        commands=_check_commands(rng, model, commands_extra),
    )
    if kind == "above_root":
        case.notes["policy_above_root"] = policy
        case.commands = [Command(["check", model, "-f", "json"]), *(case.commands or [])]
    return case


# ---- assessment -------------------------------------------------------------------------------------------------
def gen_assessment(rng: random.Random) -> Case:
    name = rng.choice(example_names())
    files, model = example_layout(name)
    original = example_assessment(name)
    text = original.decode("utf-8")
    kind = rng.choice(
        [
            "truncate",
            "truncate",
            "truncate",
            "empty",
            "header_type",
            "items_type",
            "approved_type",
            "model_refs",
            "verdict_list",
            "verdict_bogus",
            "source_bogus",
            "answer_hostile",
            "answer_hostile",
            "answer_emoji",
            "answer_deep",
            "action_type",
            "stale_type",
            "comment_type",
            "key_nonstring",
            "other_scheme",
            "model_elsewhere",
            "duplicate_key",
            "tag",
            "small_bomb",
            "bad_byte",
            "bom",
            "unchanged",
        ]
    )
    place = {"other_scheme": "the assessment of another scheme"}.get(kind, kind.replace("_", " "))
    reject, where, exact = False, None, False
    data_yaml: Any = None
    try:
        data_yaml = YAML(typ="safe", pure=True).load(text)
    except Exception:
        data_yaml = None
    items = data_yaml.get("items") if isinstance(data_yaml, dict) else None
    item = rng.choice(list(items)) if isinstance(items, dict) and items else None
    content: bytes
    if kind == "truncate":
        cut = rng.randrange(0, len(original))
        content = original[:cut]
        bad = _first_bad_utf8(content)
        if bad:
            prefix = content[: len(content) - len(content.split(b"\n")[-1])]
            tail = content.split(b"\n")[-1]
            tail_text = tail.decode("utf-8", errors="ignore")
            where, exact, reject = (prefix.count(b"\n") + 1, len(tail_text) + 1), True, True
        kind = f"truncated at byte {cut}"
    elif kind == "empty":
        content = b""
    elif kind == "bom":
        content = codecs.BOM_UTF8 + original
    elif kind == "unchanged":
        content = original
    elif kind == "bad_byte":
        lines = original.split(b"\n")
        i = rng.randrange(1, len(lines))
        lines[i] = lines[i] + b"\xff"
        content = b"\n".join(lines)
        where, exact, reject = (i + 1, len(lines[i][:-1].decode("utf-8")) + 1), True, True
    elif kind == "duplicate_key":
        lines = text.split("\n")
        candidates = [i for i, line in enumerate(lines) if line.startswith("    source: ")]
        i = rng.choice(candidates) if candidates else 1
        lines.insert(i + 1, lines[i])
        content = "\n".join(lines).encode()
        where, exact, reject = (i + 2, 5), True, True
    elif kind == "tag":
        content = text.replace("source: model", "source: !!python/object/apply:os.system [echo]", 1).encode()
        reject = True
    elif kind == "small_bomb":
        bomb = "\n".join(
            [f"  b0: &b0 [{', '.join(['x'] * 10)}]"]
            + [f"  b{j}: &b{j} [{', '.join([f'*b{j - 1}'] * 10)}]" for j in range(1, 5)]
        )
        lines = text.split("\n")
        answers = [i for i, line in enumerate(lines) if line.startswith("    answer: ")]
        if answers:
            lines[answers[0]] = "    answer: *b4"  # 100,000 values behind one answer
        content = ("bombs:\n" + bomb + "\n" + "\n".join(lines)).encode()
    elif kind == "other_scheme":
        other = rng.choice([n for n in example_names() if n != name])
        content = example_assessment(other)
        reject = True
        kind = f"the assessment of {other}"
    else:
        if not isinstance(data_yaml, dict):
            content = original
        else:
            path: tuple[Any, ...] | None = None
            header = data_yaml.get("assessment")
            if kind == "header_type":
                data_yaml["assessment"] = rng.choice([5, ["a", "b"], "x", None, 1.5])
                path, reject = ("assessment",), data_yaml["assessment"] is not None
            elif kind == "items_type":
                data_yaml["items"] = rng.choice([5, ["a", "b"], "x", 1.5, True])
                path, reject = ("items",), True
            elif kind == "approved_type":
                data_yaml["approved"] = rng.choice([5, ["a", "b"], "x", True])
                path, reject = ("approved",), True
            elif kind == "model_elsewhere" and isinstance(header, dict):
                header["model"] = rng.choice(["../../../../etc/passwd", "/etc/hostname", "", ["a"], 5, "\x1b[2J"])
                path, reject = ("assessment", "model"), True
            elif kind == "key_nonstring" and isinstance(items, dict):
                items[rng.choice([1, None, True, 1.5, dt.date(2020, 1, 1)])] = {"answer": "x", "source": "entered"}
            elif item is not None and isinstance(items, dict) and isinstance(items[item], dict):
                entry = items[item]
                field, values, must_reject = {
                    "model_refs": ("model_refs", [5, {"a": "b"}, "x", [["a"]], 1.5], True),
                    "verdict_list": ("verdict", [["a", "b"], {"a": 1}], True),
                    "verdict_bogus": ("verdict", ["bogus", 5, True, "妥当", "ADEQUATE", ""], True),
                    "source_bogus": ("source", ["bogus", ["a"], 5, None, "Model"], True),
                    "answer_hostile": ("answer", list(HOSTILE), False),
                    "answer_emoji": ("answer", [":100:", "件数 :100: 人", ":1234:"], False),
                    "answer_deep": ("answer", ["DEEP"], False),
                    "action_type": ("action", [5, ["a"], {"due": [1], "who": {"a": "b"}}, {"due": "明日"}, "x"], True),
                    "stale_type": ("stale", ["yes", [1], {"a": 1}, 5], True),
                    "comment_type": ("comment", [["a"], 5, {"a": 1}, "\x1b]52;c;aGk=\x07 :100:"], False),
                }[kind]
                value = rng.choice(values)
                if value == "DEEP":
                    value = nested = []
                    for _ in range(rng.choice([100, 900, 1000])):
                        inner: list[Any] = []
                        nested.append(inner)
                        nested = inner
                entry[field] = value
                path = ("items", item, field)
                reject = must_reject and not (field == "comment" and isinstance(value, str))
                if field == "source" and value is None:
                    reject = False
            try:
                dumped = dump(data_yaml)
            except RecursionError:
                dumped = text
            where = locate(dumped, path) if path else None
            content = dumped.encode()
    given = rng.random() < 0.3
    assessment = f"{PROJECT}/reviews/a.assessment.yaml" if given else _beside(model, ".assessment.yaml")
    files[assessment] = content
    extra = ["--assessment", assessment]
    commands = [Command(["assess", "status", model, *extra, *(["-f", "json"] if rng.random() < 0.5 else [])])]
    if rng.random() < 0.3:
        commands.append(Command(["assess", "status", model, *extra, "--lang", "en"]))
    if rng.random() < 0.6:
        commands.append(Command(["assess", "init", model, *extra], writes=(assessment,)))
    if rng.random() < 0.2:
        commands.append(Command(["check", model, "-f", "text"], loads_fuzzed=False))
    return Case(
        klass="assessment",
        label=f"{name}: assessment {kind}" + (" (--assessment)" if given else ""),
        notes={"place": place},
        files=files,
        model=model,
        fuzzed=assessment,
        defect_at=where,
        exact_position=exact,
        expect_reject=reject,
        commands=commands,
    )


# ---- output paths -----------------------------------------------------------------------------------------------
FULL = Special("chardev", "1:7")  # our own /dev/full node in the case folder: never the machine's /dev/full


def gen_output(rng: random.Random) -> Case:
    name = rng.choice(example_names())
    files, model = example_layout(name)
    triage = _beside(model, ".triage.yaml")
    ids = example_findings(name)
    files[triage] = dump({"decisions": [_decision(rng, ids)]}).encode()
    kind = rng.choice(
        [
            "check_model",
            "check_triage",
            "check_missing_dir",
            "check_full",
            "check_dir",
            "check_shared",
            "init_model",
            "init_triage",
            "init_full",
            "init_dir",
            "init_missing_dir",
            "export_missing_dir",
            "export_full",
            "export_model_named_pdf",
        ]
    )
    fmt = rng.choice(["text", "json", "sarif", "csv"])
    commands: list[Command]
    label = kind
    if kind.startswith("check_"):
        out = {
            "check_model": model,
            "check_triage": triage,
            "check_missing_dir": f"{PROJECT}/missing/dir/out.txt",
            "check_full": "full",
            "check_dir": PROJECT,
            "check_shared": f"{PROJECT}/flows/shared/setagaya-standard.yaml",
        }[kind]
        if kind == "check_full":
            files["full"] = FULL
        writes = (out,) if kind in ("check_missing_dir",) else ()
        commands = [Command(["check", model, "-f", fmt, "-o", out], writes=writes)]
        label = f"check -f {fmt} -o {out}"
    elif kind.startswith("init_"):
        out = {
            "init_model": model,
            "init_triage": triage,
            "init_full": "full",
            "init_dir": f"{PROJECT}/flows",
            "init_missing_dir": f"{PROJECT}/missing/dir/a.assessment.yaml",
        }[kind]
        if kind == "init_full":
            files["full"] = FULL
        writes = (out,) if kind == "init_missing_dir" else ()
        commands = [Command(["assess", "init", model, "--assessment", out], writes=writes)]
        label = f"assess init --assessment {out}"
    else:
        out = {
            "export_missing_dir": f"{PROJECT}/missing/x.pdf",
            "export_full": "full.pdf",
            "export_model_named_pdf": f"{PROJECT}/flows/examples/model.pdf",
        }[kind]
        if kind == "export_full":
            files["full.pdf"] = FULL
        if kind == "export_model_named_pdf":
            files[out] = files[model]
            model_pdf = out
            commands = [Command(["export", model_pdf, "-o", model_pdf])]
        else:
            commands = [Command(["export", model, "-o", out], writes=(out,) if "missing" in kind else ())]
        label = f"export -o {out}"
    case = Case(
        klass="output",
        label=f"{name}: {label}",
        files=files,
        model=model,
        fuzzed=None,
        commands=commands,
        notes={"export": "1"} if kind.startswith("export") else {},
    )
    if kind == "init_full":
        # assess init reads an existing --assessment first, and a full device reads as endless zeros: only in a
        # subprocess with a memory cap.
        case.subprocess, case.timeout, case.mem_limit_mb = True, 60, 1024
    return case


GENERATORS: dict[str, Callable[[random.Random], Case]] = {
    "mutation": lambda rng: (mutations.mutate_structure if rng.random() < 0.6 else mutations.mutate_text)(rng),
    "yaml": gen_yaml,
    "encoding": gen_encoding,
    "include": gen_include,
    "path": gen_path,
    "triage": gen_triage,
    "policy": gen_policy,
    "assessment": gen_assessment,
    "output": gen_output,
}
WEIGHTS = {
    "generated": 18,
    "mutation": 34,
    "yaml": 8,
    "encoding": 4,
    "include": 6,
    "path": 3,
    "triage": 9,
    "policy": 7,
    "assessment": 9,
    "output": 2,
}
