"""The rooms import one way only (ARCHITECTURE: flows → catalog → pia → exports / tui), checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOWER_CATALOG = ("catalog.data", "catalog.registry", "catalog.vocabularies", "catalog.texts")

# room (a module-name prefix) → the rooms its module-level imports may name
ALLOWED: dict[str, tuple[str, ...]] = {
    "catalog": (),
    "catalog.data": (),
    "catalog.vocabularies": ("catalog.data", "catalog.texts"),
    "catalog.texts": ("catalog.data",),
    "catalog.changes": ("catalog.data", "catalog.texts"),
    "flows": (*LOWER_CATALOG, "flows"),
    "catalog.rules": (*LOWER_CATALOG, "catalog.rules", "catalog.threshold", "flows"),
    "catalog.threshold": (*LOWER_CATALOG, "flows"),
    "pia.cli": ("catalog", "flows", "pia"),
    "pia": ("catalog", "flows", "pia"),
    "exports": ("catalog", "flows", "pia", "exports"),
    "tui": ("catalog", "flows", "pia", "exports", "tui"),
}
FORBIDDEN_EVERYWHERE_BUT_CLI = ("pia.cli",)


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    return max((room for room in ALLOWED if module == room or module.startswith(room + ".")), key=len)


def _imports(path: Path, *, top_level_only: bool) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = []
    for node in nodes:
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.If) and top_level_only:  # `if TYPE_CHECKING:` blocks count too
            found.extend(
                (n.lineno, n.module.removeprefix("pia_toolkit."))
                for n in ast.walk(node)
                if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("pia_toolkit.")
            )
        for name in names:
            if name.startswith("pia_toolkit."):
                found.append((node.lineno, name.removeprefix("pia_toolkit.")))
    return found


SOURCES = sorted(p for room in ("flows", "catalog", "pia", "exports", "tui") for p in (ROOT / room).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_imports_only_the_rooms_below_it(path: Path) -> None:
    module = _module(path)
    allowed = ALLOWED[_room(module)]
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for line, name in _imports(path, top_level_only=True)
        if not any(name == room or name.startswith(room + ".") for room in allowed)
    ]
    assert not wrong, f"{module} ({_room(module)}) may import only {allowed}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_command_line_reaches_exports_and_the_app_lazily(path: Path) -> None:
    """Not even inside a function may the engine reach up into exports or the app; the CLI does, per command."""
    module = _module(path)
    if not module.startswith("pia.") or module.startswith("pia.cli"):
        return
    upward = [
        name for _, name in _imports(path, top_level_only=False) if name.startswith(("exports", "tui", "pia.cli"))
    ]
    assert not upward, module
