"""What the generators start from: the example models, the vocabularies, and YAML helpers of our own.

The YAML helpers (dumping, finding the line of a path) use ruamel.yaml directly and never the product's
loader, so that the harness does not share the bugs it looks for.
"""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from pia_toolkit.pia.assessment.yaml_text import constant
from tests.fuzz.case import PROJECT

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "flows" / "examples"
SHARED = ROOT / "flows" / "shared"
VOCAB = ROOT / "catalog" / "vocab"
PRODUCT_DIRS = tuple(str(ROOT / room) + os.sep for room in ("flows", "catalog", "pia", "exports", "tui"))

VOCABULARIES = (
    "node_kinds",
    "channels",
    "zone_kinds",
    "relationships",
    "data_categories",
    "protections",
    "certifications",
    "assurance",
    "clause_groups",
)


@cache
def vocab(name: str) -> tuple[str, ...]:
    """The ids of one vocabulary in catalog/vocab/<name>.yaml."""
    data = YAML(typ="safe", pure=True).load((VOCAB / f"{name}.yaml").read_text(encoding="utf-8"))
    return tuple(str(entry["id"]) for entry in data if isinstance(entry, dict) and "id" in entry)


_ONLY: tuple[str, ...] = ()


def use_examples(names: tuple[str, ...]) -> None:
    """Draw from these examples only (the quick test keeps to a few, to save the per-example set-up)."""
    global _ONLY
    _ONLY = tuple(names)


def example_names() -> tuple[str, ...]:
    return _ONLY or _all_examples()


@cache
def _all_examples() -> tuple[str, ...]:
    return tuple(sorted(p.name for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".assessment.yaml")))


@cache
def example_text(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


@cache
def _example_data(name: str) -> Any:
    return YAML(typ="safe").load(example_text(name))


def example_data(name: str) -> Any:
    """A fresh, mutable copy of an example as plain data."""
    return copy.deepcopy(_example_data(name))


EXAMPLE_DIR = f"{PROJECT}/flows/examples"
SHARED_DIR = f"{PROJECT}/flows/shared"


@cache
def shared_files() -> dict[str, bytes]:
    return {f"{SHARED_DIR}/{p.name}": p.read_bytes() for p in sorted(SHARED.glob("*.yaml"))}


def example_layout(name: str, content: bytes | None = None) -> tuple[dict[str, bytes], str]:
    """The files of one example laid out as in the repository (so ``../shared/`` resolves), and its path."""
    model = f"{EXAMPLE_DIR}/{name}"
    files: dict[str, bytes] = {f"{PROJECT}/pia-project.yaml": b"# fuzz project root\n", **shared_files()}
    files[model] = content if content is not None else example_text(name).encode("utf-8")
    return files, model


# ---- YAML text of our own -----------------------------------------------------------------------------------
def dump(data: Any, *, flow: bool = False) -> str:
    """Block (or flow) YAML for plain data; strings with control characters come out double-quoted, escaped."""
    yaml = YAML(typ="safe")  # libyaml's emitter through ruamel: several times faster than the pure one
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.allow_unicode = True
    yaml.width = 100_000
    yaml.default_flow_style = flow
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def locate(text: str, path: tuple[Any, ...], *, key: bool = False) -> tuple[int, int] | None:
    """Line and column (from 1) of the value (or key) at ``path`` in ``text``, by ruamel's composer."""
    try:
        node = YAML(typ="safe").compose(text)
    except Exception:
        return None
    mark = None
    for index, part in enumerate(path):
        if node is None:
            return None
        last = index == len(path) - 1
        if node.id == "mapping":
            found = None
            for k, v in node.value:
                if k.id == "scalar" and k.value == _raw_key(part):
                    found = (k, v)
                    break
            if found is None:
                return None
            mark = found[0].start_mark if (last and key) else found[1].start_mark
            node = found[1]
        elif node.id == "sequence" and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            return None
    if mark is None:
        mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _raw_key(part: Any) -> str:
    return constant(part) or str(part)


# ---- facts about the examples, computed once per process through the CLI ----------------------------------
@cache
def example_findings(name: str) -> tuple[str, ...]:
    """The finding ids ``pia check`` reports for an example (triage generators aim at them)."""
    result = _run_in_scratch(name, lambda model: ["check", model, "-f", "json", "--fail-on", "none"])
    try:
        document = json.loads(result)
    except ValueError:
        return ()
    return tuple(f["id"] for entry in document.get("files", []) for f in entry.get("findings", []))


@cache
def example_assessment(name: str) -> bytes:
    """The assessment ``pia assess init`` writes for an example (assessment generators mutate it)."""
    out: dict[str, bytes] = {}

    def command(model: str) -> list[str]:
        return ["assess", "init", model, "--assessment", "a.assessment.yaml"]

    _run_in_scratch(name, command, keep=out, keep_name="a.assessment.yaml")
    return out.get("a.assessment.yaml", b"")


def _run_in_scratch(name: str, argv: Any, keep: dict[str, bytes] | None = None, keep_name: str = "") -> str:
    from typer.testing import CliRunner

    from pia_toolkit.pia.cli import build_app

    folder = Path(tempfile.mkdtemp(prefix="pia-fuzz-seed-"))
    here = os.getcwd()
    try:
        files, model = example_layout(name)
        for rel, content in files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        os.chdir(folder)
        result = CliRunner().invoke(build_app(), argv(model), env={"COLUMNS": "120"})
        if keep is not None and (folder / keep_name).exists():
            keep[keep_name] = (folder / keep_name).read_bytes()
        return result.stdout
    finally:
        os.chdir(here)
        shutil.rmtree(folder, ignore_errors=True)
