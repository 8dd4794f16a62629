"""The mutation harness: start from an example model and apply one random edit, structural or textual.

Structural edits work on the example as plain data, which is dumped again as YAML; the edited place is then
found in the new text with ruamel's composer, so the case knows the line a load error should point to.
Raw YAML that a dumper would never write (huge integers, tags, deep nesting) goes in through placeholders.
Textual edits work on the example's own text (comments and layout kept) and know their line exactly.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from tests.fuzz.case import Case
from tests.fuzz.corpus import dump, example_data, example_layout, example_names, example_text, locate
from tests.fuzz.strategies import HOSTILE

# Keys whose value must be a string in every place they occur (outside a store, where an id may be null).
STRING_KEYS = {"id", "kind", "from", "to", "category", "municipality", "business", "contractor", "text"}
TITLED = {"scheme", "data", "zones", "nodes", "files"}
REQUIRED = {"id", "title", "kind", "from", "to", "data", "category", "municipality", "business", "contractor"}


@dataclass
class Edit:
    """What a structural edit did: where (path, key or value), a label, whether the result must be refused."""

    label: str
    path: tuple[Any, ...]
    key: bool = False
    reject: bool = False
    raw: dict[str, str] | None = None
    """Placeholders in the dumped text and the raw YAML that replaces each."""


def _placeholder(rng: random.Random) -> str:
    return f"fuzzraw{rng.randrange(10**9)}x"


def _walk(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) below ``node``, containers included."""
    found = [(path, node)]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_walk(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_walk(value, (*path, index)))
    return found


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _must_be_string(path: tuple[Any, ...]) -> bool:
    if not path or not isinstance(path[-1], str):
        return False
    key = path[-1]
    if "stores" in path or "clauses" in path:
        return False
    if key == "title":
        return path[0] in TITLED and (len(path) == 2 or path[0] != "scheme")
    if key == "text":
        return path[0] == "questions"
    return key in STRING_KEYS and path[0] in {
        "scheme",
        "data",
        "zones",
        "nodes",
        "flows",
        "contracts",
        "files",
        "questions",
    }


def _required(path: tuple[Any, ...]) -> bool:
    if not path or not isinstance(path[-1], str) or "stores" in path or "clauses" in path:
        return False
    key = path[-1]
    if key == "title":
        return _must_be_string(path)
    if key == "data":
        return path[0] in {"flows", "files"} and len(path) == 3
    if key == "text":
        return path[0] == "questions"
    return key in REQUIRED and len(path) in (2, 3) and path[0] != "include"


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 2:
        return word + "x"
    i = rng.randrange(len(word) - 1)
    choice = rng.randrange(3)
    if choice == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :] if word[i] != word[i + 1] else word + "s"
    if choice == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + "x" + word[i:]


HUGE_INT = "9" * 5000
WRONG_VALUES: list[tuple[str, Any]] = [
    ("list", ["a", "b"]),
    ("mapping", {"a": 1}),
    ("empty list", []),
    ("empty mapping", {}),
    ("float", 1.5),
    ("float 1e308", 1e308),
    ("negative", -1),
    ("date", dt.date(2020, 2, 29)),
    ("null", None),
    ("true", True),
    ("empty string", ""),
    ("blank", "   "),
    ("string 5000", "長" * 5000),
    ("string 100k", "x" * 100_000),
]
RAW_VALUES: list[tuple[str, str]] = [
    ("huge int 5000 digits", HUGE_INT),
    ("huge negative int", "-" + HUGE_INT),
    ("huge float", "1" + "0" * 400 + ".5"),
    ("nan", ".nan"),
    ("inf", ".inf"),
    ("hex int", "0x" + "f" * 5000),
    ("octal", "0o777"),
    ("bad date", "2023-02-30"),
    ("tag python/object", "!!python/object:os.system echo"),
    ("tag python/name", "!!python/name:os.system"),
    ("tag binary", "!!binary aGVsbG8="),
    ("tag custom", "!custom value"),
    ("tag set", "!!set {a, b}"),
    ("tag omap", "!!omap [a: 1]"),
    ("tag str on int", "!!str 12"),
    ("tag int on word", "!!int abc"),
    ("tag float on word", "!!float abc"),
    ("tag timestamp", "!!timestamp 2001-12-14t21:59:43.10-05:00"),
    ("nested 1000 list", "[" * 1000 + "]" * 1000),
    ("nested 1000 map", "{a: " * 1000 + "1" + "}" * 1000),
    ("flow list of ids as mapping", "{id: x}"),
]
KEY_RENAMES = [None, True, False, 1, 1.5, dt.date(2020, 1, 1)]
HOSTILE_KEYS = ["\x1b[2J", ":100:", "a\u202eb", "名前", "\x07bell", "[bold]k[/]", " id", "id "]


def structural(rng: random.Random, doc: Any) -> Edit | None:
    """Apply one structural edit to ``doc`` in place."""
    places = [(p, v) for p, v in _walk(doc) if p]
    operator = rng.choice(
        [
            "delete",
            "rename",
            "capitalise",
            "nonstring_key",
            "hostile_key",
            "wrong_type",
            "wrong_type",
            "raw",
            "raw",
            "hostile_text",
            "hostile_text",
            "emoji",
            "id_container",
            "duplicate_element",
            "delete_element",
            "long_string",
        ]
    )
    keyed = [(p, v) for p, v in places if isinstance(p[-1], str)]
    if operator in ("delete", "rename", "capitalise", "nonstring_key", "hostile_key"):
        path, _ = rng.choice(keyed)
        parent = _get(doc, path[:-1])
        key = path[-1]
        if operator == "delete":
            del parent[key]
            return Edit(f"delete key {_show(path)}", path[:-1], reject=_required(path))
        if operator == "rename":
            new = _typo(rng, key)
        elif operator == "capitalise":
            new = key[:1].upper() + key[1:] if key[:1].islower() else key.lower()
        elif operator == "nonstring_key":
            new = rng.choice(KEY_RENAMES)
        else:
            new = rng.choice(HOSTILE_KEYS)
        if new == key or new in parent:
            return None
        items = list(parent.items())
        parent.clear()
        for k, v in items:
            parent[new if k == key else k] = v
        # No mapping of a flow model takes free keys except contract clauses, whose keys are a vocabulary.
        return Edit(f"{operator} {_show(path)} -> {new!r}", (*path[:-1], new), key=True, reject=True)
    if operator in ("wrong_type", "long_string"):
        path, old = rng.choice([(p, v) for p, v in places if not isinstance(v, (dict, list))] or places)
        name, new = rng.choice(WRONG_VALUES if operator == "wrong_type" else WRONG_VALUES[-2:])
        _set(doc, path, new)
        reject = (_must_be_string(path) and not isinstance(new, str)) or (isinstance(new, str) and len(new) > 4000)
        if _must_be_string(path) and isinstance(new, str) and not new.strip() and path[-1] != "title":
            reject = reject or path[-1] in {"id", "kind", "from", "to", "category", "contractor"}
        return Edit(f"wrong type {_show(path)} = {name}", path, reject=reject)
    if operator == "raw":
        path, old = rng.choice([(p, v) for p, v in places if not isinstance(v, (dict, list))] or places)
        name, raw = rng.choice(RAW_VALUES)
        token = _placeholder(rng)
        _set(doc, path, token)
        reject = name.startswith(("tag python", "tag binary", "tag custom", "tag set", "tag omap", "nested"))
        # pia reads '.nan' as text, which a text field may hold; '.inf' is a float.
        reject = reject or (_must_be_string(path) and name.startswith(("huge", "hex", "octal", "inf")))
        return Edit(f"raw {_show(path)} = {name}", path, reject=reject, raw={token: raw})
    if operator in ("hostile_text", "emoji"):
        strings = [
            (p, v)
            for p, v in places
            if isinstance(v, str)
            and isinstance(p[-1], str)
            and p[-1]
            not in {
                "id",
                "kind",
                "from",
                "to",
                "category",
                "channel",
                "relationship",
                "contractor",
                "zone",
                "parent",
                "basis",
                "country",
                "status",
                "must_match",
                "medium",
            }
            and "include" not in p
            and v != "unknown"
        ]
        if not strings:
            return None
        path, old = rng.choice(strings)
        text = ":100:" if operator == "emoji" else rng.choice(HOSTILE)
        _set(doc, path, rng.choice([text, old + text, text + old]))
        return Edit(f"{operator} {_show(path)} += {text!r}", path)
    if operator == "id_container":
        ids = [(p, v) for p, v in places if p[-1] in ("id", "zone", "parent", "from", "to") and len(p) == 3]
        if not ids:
            return None
        path, old = rng.choice(ids)
        new = rng.choice([[old], {"id": old}, [old, old], {old: None}])
        _set(doc, path, new)
        return Edit(f"id as {type(new).__name__} {_show(path)}", path, reject=True)
    lists = [(p, v) for p, v in places if isinstance(v, list) and v and len(p) == 1]
    if not lists:
        return None
    path, items = rng.choice(lists)
    index = rng.randrange(len(items))
    if operator == "duplicate_element":
        alias = rng.random() < 0.5  # the same object twice: the dumper writes an anchor and an alias
        items.insert(index + 1, items[index] if alias else _copy(items[index]))
        reject = isinstance(items[index], dict) and "id" in items[index]
        return Edit(
            f"duplicate {_show((*path, index))}{' (alias)' if alias else ''}", (*path, index + 1), reject=reject
        )
    del items[index]
    return Edit(f"delete element {_show((*path, index))}", path)


def _copy(value: Any) -> Any:
    import copy

    return copy.deepcopy(value)


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _show(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def mutate_structure(rng: random.Random, name: str | None = None) -> Case:
    name = name or rng.choice(example_names())
    for _ in range(20):
        doc = example_data(name)
        edit = structural(rng, doc)
        if edit is not None:
            break
    else:  # pragma: no cover - every example has strings and keys
        raise RuntimeError("no edit applied")
    text = dump(doc, flow=rng.random() < 0.1)
    where = locate(text, edit.path, key=edit.key)
    for token, raw in (edit.raw or {}).items():
        text = text.replace(token, raw)
    return mutated(
        name, text.encode("utf-8"), edit.label, defect_at=(where[0], where[1]) if where else None, reject=edit.reject
    )


def mutated(
    name: str, data: bytes, label: str, *, defect_at: tuple[int, int | None] | None, reject: bool, exact: bool = False
) -> Case:
    """The example ``name`` laid out as it is in the repository, with its own file replaced by ``data``."""
    files, model = example_layout(name, data)
    return Case(
        klass="mutation",
        label=f"{name}: {label}",
        files=files,
        model=model,
        fuzzed=model,
        defect_at=defect_at,
        exact_position=exact,
        expect_reject=reject,
    )


# ---- edits of the example's own text ---------------------------------------------------------------------------
RAW_CHARS = [
    ("ESC", "\x1b"),
    ("BEL", "\x07"),
    ("NUL", "\x00"),
    ("C1 CSI", "\x9b"),
    ("NEL", "\x85"),
    ("U+FFFE", "\ufffe"),
    ("U+FFFF", "\uffff"),
    ("RLO", "\u202e"),
    ("LS", "\u2028"),
    ("VT", "\x0b"),
    ("DEL", "\x7f"),
]
# Characters a YAML reader refuses in a document: the error must point at them.
REFUSED = {"ESC", "BEL", "NUL", "C1 CSI", "U+FFFE", "U+FFFF", "VT", "DEL"}
BAD_BYTES = [b"\xff", b"\x80", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80"]


def mutate_text(rng: random.Random, name: str | None = None) -> Case:
    name = name or rng.choice(example_names())
    text = example_text(name)
    lines = text.split("\n")
    operator = rng.choice(
        [
            "dup_key_line",
            "tab_indent",
            "raw_char",
            "raw_char",
            "bad_byte",
            "bad_byte",
            "truncate",
            "delete_line",
            "dedent",
            "second_document",
            "crlf",
            "bom",
            "cr_only_bad_byte",
        ]
    )
    label, data, defect, exact, reject = operator, b"", None, False, False
    content = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    if operator == "dup_key_line":
        candidates = [
            i
            for i in content
            if _key_line(lines[i]) and i + 1 < len(lines) and _indent(lines[i + 1]) <= _indent(lines[i])
        ]
        i = rng.choice(candidates)
        lines.insert(i + 1, lines[i])
        data = "\n".join(lines).encode()
        defect, exact, reject = (i + 2, _indent(lines[i]) + 1), True, True
        label = f"duplicate key line {i + 1}"
    elif operator == "tab_indent":
        indented = [i for i in content if lines[i].startswith("  ")]
        i = rng.choice(indented)
        lines[i] = "\t" + lines[i].lstrip(" ")
        data = "\n".join(lines).encode()
        defect, reject = (i + 1, None), True
        label = f"tab indentation line {i + 1}"
    elif operator == "raw_char":
        which, char = rng.choice(RAW_CHARS)
        i = rng.choice(content)
        column = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:column] + char + lines[i][column:]
        data = "\n".join(lines).encode("utf-8")
        refused = which in REFUSED
        defect, exact, reject = ((i + 1, column + 1), refused, refused)
        label = f"raw {which} at {i + 1}:{column + 1}"
    elif operator in ("bad_byte", "cr_only_bad_byte"):
        newline = "\r" if operator == "cr_only_bad_byte" else "\n"
        i = rng.choice(content)
        column = rng.randrange(len(lines[i]) + 1)
        bad = rng.choice(BAD_BYTES)
        before = newline.join([*lines[:i], lines[i][:column]]).encode()
        after = (lines[i][column:] + newline + newline.join(lines[i + 1 :])).encode()
        data = before + bad + after
        defect, exact, reject = (i + 1, column + 1), True, True
        label = f"invalid byte {bad!r} at {i + 1}:{column + 1}" + (" (CR line ends)" if newline == "\r" else "")
    elif operator == "truncate":
        raw = text.encode()
        cut = rng.randrange(1, len(raw))
        data = raw[:cut]
        try:
            data.decode("utf-8")
            label = f"truncated at byte {cut}"
        except UnicodeDecodeError as exc:
            prefix = data[: exc.start].decode()
            line = prefix.count("\n") + 1
            defect, exact, reject = (line, len(prefix) - (prefix.rfind("\n") + 1) + 1), True, True
            label = f"truncated at byte {cut} inside a character"
    elif operator == "delete_line":
        i = rng.choice(content)
        del lines[i]
        data = "\n".join(lines).encode()
        label = f"deleted line {i + 1}"
    elif operator == "dedent":
        indented = [i for i in content if lines[i].startswith("    ")]
        i = rng.choice(indented)
        lines[i] = lines[i][1:]
        data = "\n".join(lines).encode()
        defect = (i + 1, None)
        label = f"dedented line {i + 1} by one space"
    elif operator == "second_document":
        # Before the first content line, '---' only makes the first document's start explicit (valid, one
        # document): a second document begins after some content.
        i = rng.choice(content[1:])
        lines.insert(i, "---")
        data = "\n".join(lines).encode()
        defect, exact, reject = (i + 1, 1), True, True
        label = f"'---' inserted at line {i + 1}"
    elif operator == "crlf":
        data = text.replace("\n", "\r\n").encode()
        label = "CRLF line ends"
    else:
        data = "\ufeff".encode() + text.encode()
        label = "UTF-8 BOM"
    case = mutated(name, data, label, defect_at=defect, reject=reject, exact=exact)
    if operator in ("crlf", "bom"):
        case.notes["expect_valid"] = "the example loads; the same text with CRLF or a BOM must too"
    return case


def _key_line(line: str) -> bool:
    stripped = line.lstrip()
    if stripped.startswith(("- ", "#", "{", "[")):
        return False
    head, sep, rest = stripped.partition(": ")
    return (
        bool(sep)
        and head.replace("_", "").isalnum()
        and head.isascii()
        and bool(rest.strip())
        and not rest.strip().startswith(("|", ">", "&", "*", "!"))
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
