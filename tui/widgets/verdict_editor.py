"""The reviewer's verdict editor: verdict (妥当 / 要改善 / 要修正), comment, and the action (who, by when)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, TextArea

from pia_toolkit.pia.assessment.document import VERDICTS, verdict_label
from pia_toolkit.tui.widgets.committing import Committing, InvalidAnswer, as_text, parse_date
from pia_toolkit.tui.widgets.steady import SteadySelect, SteadyTextArea


class VerdictEditor(Committing):
    """Verdict (妥当 / 要改善 / 要修正), comment, and the action (who, by when) of the item :meth:`load` chose."""

    VERDICT_ORDER: ClassVar[tuple[str, ...]] = tuple(VERDICTS)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item_id: str | None = None

    def compose(self) -> ComposeResult:
        texts = self.review.texts
        yield SteadySelect(
            [(Text(verdict_label(v, texts.lang)), v) for v in self.VERDICT_ORDER],
            prompt=texts("verdict_prompt"),
            id="verdict",
            compact=True,
        )
        yield Label(Content(texts("comment")), classes="field-label")
        yield SteadyTextArea("", id="comment", soft_wrap=True, compact=True)
        with Horizontal(id="action-row"):
            with Vertical():
                yield Label(Content(texts("action_who")), classes="field-label")
                yield Input("", id="action-who", compact=True)
            with Vertical():
                yield Label(Content(texts("action_due")), classes="field-label")
                yield Input("", id="action-due", placeholder="YYYY-MM-DD", compact=True)

    def load(self, item_id: str) -> None:
        """Show another item's verdict; the previous item's edits were committed before."""
        self.item_id = item_id
        state = self.review.checked.document.state(item_id)
        self.show_verdict(state.verdict)
        self.query_one("#comment", TextArea).load_text(state.comment or "")
        self.query_one("#action-who", Input).value = state.action_who or ""
        self.query_one("#action-due", Input).value = as_text(state.action_due)

    def show_verdict(self, verdict: str | None) -> None:
        select = self.query_one("#verdict", Select)
        with select.prevent(Select.Changed):
            select.value = verdict if verdict in VERDICTS else Select.NULL

    @on(Select.Changed, "#verdict")
    def _verdict(self, event: Select.Changed) -> None:
        event.stop()
        item_id = self.item_id
        if item_id is None:
            return
        verdict = None if event.value is Select.NULL else str(event.value)
        if verdict != self.review.checked.document.state(item_id).verdict:
            self.review.save(item_id, lambda doc: doc.set_verdict(item_id, verdict))

    def dirty(self) -> bool:
        if self.item_id is None:
            return False
        state = self.review.checked.document.state(self.item_id)
        return (
            self.query_one("#comment", TextArea).text.rstrip() != (state.comment or "")
            or self.query_one("#action-who", Input).value.strip() != (state.action_who or "")
            or self.query_one("#action-due", Input).value.strip() != as_text(state.action_due)
        )

    def commit(self) -> None:
        item_id = self.item_id
        if item_id is None:
            return
        texts = self.review.texts
        state = self.review.checked.document.state(item_id)
        comment = self.query_one("#comment", TextArea).text.rstrip()
        if comment != (state.comment or ""):
            self.review.save(item_id, lambda doc: doc.set_comment(item_id, comment or None))
        who = self.query_one("#action-who", Input).value.strip()
        due_text = self.query_one("#action-due", Input).value.strip()
        if who != (state.action_who or "") or due_text != as_text(state.action_due):
            try:
                due = parse_date(due_text, texts("invalid_date"))
            except InvalidAnswer as problem:
                self.warn(texts("action_due"), str(problem))
                return
            self.review.save(item_id, lambda doc: doc.set_action(item_id, who or None, due))
            if due and due != due_text:
                self.query_one("#action-due", Input).value = due
        self.review.typing = False
