"""The threshold judgment (しきい値判断) with its reasons, beside what the model declares."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Static

from pia_toolkit.tui.screens.dialog import Dialog, closing

KEYS = closing("t")


class ThresholdScreen(Dialog[None]):
    def __init__(self) -> None:
        super().__init__(KEYS)

    def compose(self) -> ComposeResult:
        texts, lang = self.review.texts, self.review.texts.lang
        result = self.review.checked.threshold.result
        declared = self.review.checked.graph.document.scheme.declared_assessment
        with self.box("threshold", scrolls=True):
            yield Static(
                Content.from_markup(
                    "[dim]$label:[/] [b $text-primary]$level[/]",
                    label=texts("threshold_result"),
                    level=result.label(lang),
                ),
                id="threshold-level",
            )
            yield Static(Content(texts("threshold_reasons")), classes="heading")
            reasons = result.reason_texts(lang)
            yield Static(Content("\n".join(f"・{r}" for r in reasons)), id="threshold-reasons")
            yield Static(
                Content(texts("threshold_declared", declared=texts(f"declared_{declared}"))), id="threshold-declared"
            )
            if declared not in ("unknown",) and result.level not in ("unknown", declared):
                yield Static(Content(texts("threshold_mismatch")), classes="warning")
        yield Footer(compact=True, show_command_palette=False)
