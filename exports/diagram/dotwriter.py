"""Writing DOT text directly, as a list of lines joined once: linear in the size of the diagram.

The ``graphviz`` package builds the same text, but through keyword copies and regular expressions per
attribute, which costs seconds on a 10,000-node model. This writer prints what that package prints (attributes
sorted, a node's label first, names quoted when they are not plain DOT identifiers), so the output stays
deterministic and reviewable in golden files.

Labels are HTML-like labels built by :mod:`escape` from escaped text; every other value is quoted here, so no
model text can end a statement or add an attribute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

_PLAIN_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))\Z")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})


_QUOTED: dict[str, str] = {}


def quote(value: str) -> str:
    """A DOT ID: plain identifiers and numbers as they are, HTML-like labels (``<...>``) as they are, anything
    else in double quotes with its quotes and backslashes escaped."""
    if value.startswith("<") and value.endswith(">"):
        return value
    found = _QUOTED.get(value)
    if found is None:
        if _PLAIN_ID.match(value) and value.lower() not in _KEYWORDS:
            found = value
        else:
            found = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if len(_QUOTED) < 1 << 16:
            _QUOTED[value] = found
    return found


def attr_list(attrs: Mapping[str, str], label: str | None = None) -> str:
    """``label=… a=1 b=2`` (the label first, the rest sorted by name)."""
    parts = [f"label={quote(label)}"] if label is not None else []
    parts.extend(f"{key}={quote(attrs[key])}" for key in sorted(attrs))
    return " ".join(parts)


class DotWriter:
    """One directed graph, written statement by statement."""

    def __init__(self, name: str) -> None:
        self._lines: list[str] = [f"digraph {quote(name)} {{"]
        self._indent = "\t"

    def defaults(self, kind: str, attrs: Mapping[str, str]) -> None:
        """``graph [...]``, ``node [...]`` or ``edge [...]``: defaults for what follows."""
        self._lines.append(f"{self._indent}{kind} [{attr_list(attrs)}]")

    def attrs(self, **attrs: str) -> None:
        """Attributes of the current graph or subgraph, as one statement."""
        self._lines.append(f"{self._indent}{attr_list(attrs)}")

    def node(self, name: str, label: str | None = None, **attrs: str) -> None:
        if label is None and not attrs:
            self._lines.append(f"{self._indent}{quote(name)}")
        else:
            self._lines.append(f"{self._indent}{quote(name)} [{attr_list(attrs, label)}]")

    def edge(self, tail: str, head: str, **attrs: str) -> None:
        listed = f" [{attr_list(attrs)}]" if attrs else ""
        self._lines.append(f"{self._indent}{quote(tail)} -> {quote(head)}{listed}")

    def edge_text(self, tail: str, head: str, attrs: str) -> None:
        """An edge with an attribute list already written by :func:`attr_list`."""
        self._lines.append(f"{self._indent}{quote(tail)} -> {quote(head)} [{attrs}]")

    @contextmanager
    def subgraph(self, name: str | None = None) -> Iterator[DotWriter]:
        """A (named) subgraph; ``cluster_…`` names draw a box."""
        self._lines.append(f"{self._indent}subgraph {quote(name)} {{" if name else f"{self._indent}{{")
        outer = self._indent
        self._indent += "\t"
        try:
            yield self
        finally:
            self._indent = outer
            self._lines.append(f"{outer}}}")

    def source(self) -> str:
        return "\n".join([*self._lines, "}"]) + "\n"
