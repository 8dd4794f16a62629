"""The parsed catalog kept between commands: the same data as parsing the YAML, and never in the way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

_READ_ALL = """
import json
from importlib import resources
from pia_toolkit.catalog.data import load_yaml
root = resources.files("pia_toolkit.catalog")
names = sorted(str(p.relative_to(str(root))) for p in __import__("pathlib").Path(str(root)).rglob("*.yaml"))
print(json.dumps({name: load_yaml(name) for name in names}, default=str, sort_keys=True))
"""


def _read_all(cache: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _READ_ALL],
        env={"PIA_CACHE_DIR": cache, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout


def test_a_warm_cache_gives_what_parsing_gives(tmp_path: Path) -> None:
    parsed = _read_all("")  # no cache at all
    cold = _read_all(str(tmp_path))
    kept = sorted((tmp_path / "catalog").glob("*.json"))
    assert len(kept) > 20  # nearly every catalog file is plain data
    warm = _read_all(str(tmp_path))
    assert parsed == cold == warm
    assert not list((tmp_path / "catalog").glob("*.tmp"))


@pytest.mark.parametrize("damage", ["", "{not json", '{"a": 1}'[:-1]])
def test_a_damaged_cache_file_is_parsed_again(tmp_path: Path, damage: str) -> None:
    parsed = _read_all("")
    _read_all(str(tmp_path))
    for kept in (tmp_path / "catalog").glob("*.json"):
        kept.write_text(damage, encoding="utf-8")
    assert _read_all(str(tmp_path)) == parsed


def test_a_cache_that_cannot_be_written_is_passed_over(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would go", encoding="utf-8")
    assert _read_all(str(blocked)) == _read_all("")
    assert blocked.read_text(encoding="utf-8") == "a file where the folder would go"
