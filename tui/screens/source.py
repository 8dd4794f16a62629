"""The model YAML around a finding's evidence: ~15 lines with the line highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Static

from pia_toolkit.flows.errors import Position
from pia_toolkit.pia.findings import Finding
from pia_toolkit.tui.screens.dialog import Dialog, closing

KEYS = closing("y")
CONTEXT = 7


def excerpt(path: Path, line: int, theme: str = "ansi_dark") -> Syntax:
    """Lines ``line-7 … line+7`` of ``path`` with ``line`` highlighted."""
    text = path.read_text(encoding="utf-8")
    start = max(1, line - CONTEXT)
    return Syntax(
        text,
        "yaml",
        line_numbers=True,
        line_range=(start, line + CONTEXT),
        highlight_lines={line},
        theme=theme,
        word_wrap=False,
    )


def resolve(position: Position, model_path: Path) -> Path:
    """The file a position names: as shown (relative to where the model was loaded), else beside the model."""
    shown = Path(position.file)
    if shown.is_absolute() and shown.exists():
        return shown
    for base in (Path.cwd(), model_path.parent):
        candidate = base / shown
        if candidate.exists():
            return candidate
    return model_path.parent / shown.name


class SourceScreen(Dialog[None]):
    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__(KEYS)
        self.findings = list(findings)

    def compose(self) -> ComposeResult:
        texts = self.review.texts
        theme = "ansi_dark" if self.app.current_theme.dark else "ansi_light"
        with self.box("source", scrolls=True):
            shown = 0
            seen: set[tuple[str, int]] = set()
            for finding in self.findings:
                for evidence in finding.evidence:
                    position = evidence.position
                    if position is None or (position.file, position.line) in seen:
                        continue
                    seen.add((position.file, position.line))
                    yield Static(
                        Content.from_markup(
                            "[b]$element[/] [dim]($rule)[/] [u]$where[/]",
                            element=evidence.element,
                            rule=finding.rule_id,
                            where=str(position),
                        ),
                        classes="heading",
                    )
                    path = resolve(position, self.review.checked.path)
                    try:
                        yield Static(excerpt(path, position.line, theme), classes="excerpt")
                    except OSError as error:
                        yield Static(
                            Content(texts("source_unreadable", file=str(path), error=error)), classes="warning"
                        )
                    shown += 1
            if not shown:
                yield Static(Content(texts("source_none")))
        yield Footer(compact=True, show_command_palette=False)
