"""``--help`` that reads whole at 80 columns.

Typer renders help text into Rich tables whose cells elide ("…") what they cannot break at a space, which is
every Japanese sentence; and it keeps the single line breaks of a docstring, so a paragraph wrapped in the source
breaks mid-sentence on screen. Both are fixed where Typer makes its help text, once, when the app is built.
"""

from __future__ import annotations

import re
from typing import Any

_SINGLE_BREAK = re.compile(r"(?<!\n)\n(?!\n)")


def install() -> None:
    """Make Typer's help text fold instead of elide and join a paragraph's source lines (a no-op if this Typer
    has no such hook: help then still works, only less tidy)."""
    try:
        from rich.text import Text
        from typer import rich_utils
    except ImportError:  # pragma: no cover - typer without rich
        return
    original = getattr(rich_utils, "_make_rich_text", None)
    if original is None or getattr(original, "_pia_folding", False):
        return

    def make_rich_text(*, text: str, style: str = "", markup_mode: Any) -> Any:
        paragraphs = [p if p.startswith("\b") else _SINGLE_BREAK.sub(" ", p) for p in text.split("\n\n")]
        made = original(text="\n\n".join(paragraphs), style=style, markup_mode=markup_mode)
        if isinstance(made, Text):
            made.overflow = "fold"
        return made

    make_rich_text._pia_folding = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = make_rich_text


def _folding(base: type[Any]) -> type[Any]:
    class Folding(base):  # type: ignore[misc]
        def format_help(self, ctx: Any, formatter: Any) -> Any:
            install()  # only when help is shown: the hook imports Typer's help renderer
            return super().format_help(ctx, formatter)

    Folding.__name__ = f"Folding{base.__name__}"
    return Folding


def use_folding_help(app: Any) -> None:
    """Give ``app``, its commands and its sub-apps help that folds (see :func:`install`)."""
    from typer.core import TyperCommand, TyperGroup
    from typer.models import DefaultPlaceholder

    def plain(cls: Any, base: type[Any]) -> bool:
        """Typer's own class (or its placeholder for it), which is safe to replace by a subclass."""
        value = cls.value if isinstance(cls, DefaultPlaceholder) else cls
        return value in (None, base)

    if plain(app.info.cls, TyperGroup):
        app.info.cls = _folding(TyperGroup)
    for command in app.registered_commands:
        if plain(command.cls, TyperCommand):
            command.cls = _folding(TyperCommand)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_folding_help(group.typer_instance)
