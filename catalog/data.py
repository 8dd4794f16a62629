"""Reading the catalog's own YAML files (trusted, shipped with the package).

Parsing the catalog (35 files: rules, vocabularies, the form, the texts) costs a few tenths of a second, which
every command pays before it does anything: more than the check of a whole reference model. So each file's
data is also kept as JSON in the user's cache folder, named by a digest of the YAML text; a command reads the
JSON (a hundredth of the time) while the YAML is unchanged, and parses it again, once, when it changes. JSON,
not pickle: a cache file can only ever be data. A cache that cannot be read or written is passed over.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

CACHE_VERSION = "1"
"""Part of every cache file's name: raise it when the way a file is read changes, not only its text."""


@cache
def load_yaml(relative: str) -> Any:
    """Load a YAML file that ships inside ``catalog/`` (e.g. ``vocab/channels.yaml``)."""
    text = resources.files("pia_toolkit.catalog").joinpath(relative).read_text(encoding="utf-8")
    cached = _cache_file(text)
    if cached is not None:
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # not there yet, or damaged: parse it again
    from ruamel.yaml import YAML  # here, so that `pia --help` and a warm cache need no YAML parser

    data = YAML(typ="safe").load(text)
    if cached is not None:
        _keep(cached, data)
    return data


def cache_folder() -> Path | None:
    """Where the parsed catalog is kept: ``$PIA_CACHE_DIR``, else ``$XDG_CACHE_HOME/pia-toolkit``, else
    ``~/.cache/pia-toolkit``; ``PIA_CACHE_DIR=`` (empty) turns the cache off."""
    given = os.environ.get("PIA_CACHE_DIR")
    if given is not None:
        return Path(given) if given else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pia-toolkit"


def _cache_file(text: str) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(f"{CACHE_VERSION}\n{text}".encode()).hexdigest()[:32]
    return folder / "catalog" / f"{digest}.json"


def _keep(path: Path, data: Any) -> None:
    """Write ``data`` as ``path`` if JSON gives it back unchanged (a date or a non-text key would not)."""
    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) != data:
            return
    except (TypeError, ValueError):
        return
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)  # whole or not at all, even with two commands writing at once
    except OSError:  # a read-only home, a full disk: the catalog is parsed each time instead
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def list_dir(relative: str) -> list[str]:
    """Names of the YAML files in a catalog folder, sorted so loading order is stable."""
    folder = resources.files("pia_toolkit.catalog").joinpath(relative)
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
