"""Reading the catalog's own YAML files (trusted, shipped with the package)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def load_yaml(relative: str) -> Any:
    """Load a YAML file that ships inside ``catalog/`` (e.g. ``vocab/channels.yaml``)."""
    from ruamel.yaml import YAML  # here, so that `pia --help` and the catalog's other readers need no YAML parser

    path = resources.files("pia_toolkit.catalog").joinpath(relative)
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def list_dir(relative: str) -> list[str]:
    """Names of the YAML files in a catalog folder, sorted so loading order is stable."""
    folder = resources.files("pia_toolkit.catalog").joinpath(relative)
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
