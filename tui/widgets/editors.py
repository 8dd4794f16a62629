"""Editors for an item's answer, one per answer type, and the reviewer's verdict editor.

An editor commits through the Assessment API (which saves the file atomically) when its value is committed:
a choice at once, text on Enter, on leaving the field (blur) or on Ctrl+S. It commits only what the person
changed in the editor, so opening an item never rewrites a pre-filled answer the editor cannot show exactly.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from pia_toolkit.pia.assessment.document import VERDICTS, verdict_label
from pia_toolkit.pia.assessment.form import BlockField, Choice, FormItem
from pia_toolkit.tui.context import InReviewApp
from pia_toolkit.tui.widgets.steady import SteadySelect, SteadyTextArea


class InvalidAnswer(ValueError):
    """The editor holds something that cannot be saved as this item's answer (yet)."""


def parse_date(text: str, problem: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.replace("/", "-")).isoformat()
    except ValueError:
        raise InvalidAnswer(problem) from None


def parse_number(text: str, problem: str) -> int | float | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise InvalidAnswer(problem) from None


def _choice_options(choices: tuple[Choice, ...], lang: str) -> list[tuple[Text, str]]:
    return [(Text(choice.text(lang)), choice.id) for choice in choices]


class Committing(InReviewApp, Vertical):
    """A group of fields committed together when one of them is left, submitted or saved."""

    DEFAULT_CSS = "Committing { height: auto; }"

    def commit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        self.commit()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.commit()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typing(self) -> None:
        self.review.typing = self.dirty()

    def dirty(self) -> bool:
        return False

    def warn(self, label: str, problem: str) -> None:
        self.review.notify(
            self.review.texts("not_saved_invalid", label=label, problem=problem), severity="warning", markup=False
        )


# ---- answers ---------------------------------------------------------------------------------------------
class AnswerEditor(Committing):
    """Base of the answer editors: knows its item, what it loaded, and how to save a changed value."""

    def __init__(self, item: FormItem, answer: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item = item
        self.answer = answer
        self.loaded: Any = None

    def editor_value(self) -> Any:
        """The editor's content in the editor's own terms (compared with what was loaded)."""
        raise NotImplementedError

    def to_answer(self, value: Any) -> Any:
        return value

    def on_mount(self) -> None:
        try:
            self.loaded = self.editor_value()
        except NoMatches:  # removed before it was composed
            self.loaded = None

    def dirty(self) -> bool:
        try:
            return bool(self.editor_value() != self.loaded)
        except Exception:
            return True

    def commit(self) -> None:
        try:
            value = self.editor_value()
        except NoMatches:
            # Its fields are still being mounted, or already being removed (keys faster than the screen):
            # nothing typed can be in them, and what was typed was committed before the removal began.
            return
        if value == self.loaded:
            return
        try:
            answer = self.to_answer(value)
        except InvalidAnswer as problem:
            self.warn(self.item.text(self.review.texts.lang), str(problem))
            return
        if self.review.save(self.item.id, lambda doc: doc.set_answer(self.item.id, answer)):
            self.loaded = value
        self.review.typing = False

    def focus_first(self) -> None:
        for widget in self.query("Input, TextArea, Select, SelectionList, Button"):
            if widget.focusable:
                widget.focus()
                return


class TextAnswer(AnswerEditor):
    def compose(self) -> ComposeResult:
        yield Input(value=_as_text(self.answer), id="answer-input", compact=True)

    def editor_value(self) -> str:
        return self.query_one(Input).value

    def to_answer(self, value: str) -> str | None:
        return value.strip() or None


class TextareaAnswer(AnswerEditor):
    def compose(self) -> ComposeResult:
        yield SteadyTextArea(_as_text(self.answer), id="answer-text", soft_wrap=True, show_line_numbers=False, compact=True)

    def editor_value(self) -> str:
        return self.query_one(TextArea).text

    def to_answer(self, value: str) -> str | None:
        return value.rstrip() or None


class NumberAnswer(AnswerEditor):
    def compose(self) -> ComposeResult:
        yield Input(value=_as_text(self.answer), id="answer-input", placeholder="0", compact=True)

    def editor_value(self) -> str:
        return self.query_one(Input).value

    def to_answer(self, value: str) -> int | float | None:
        return parse_number(value, self.review.texts("invalid_number"))


class DateAnswer(AnswerEditor):
    def compose(self) -> ComposeResult:
        yield Input(value=_as_text(self.answer), id="answer-input", placeholder="YYYY-MM-DD", compact=True)

    def editor_value(self) -> str:
        return self.query_one(Input).value

    def to_answer(self, value: str) -> str | None:
        return parse_date(value, self.review.texts("invalid_date"))


class ChoiceAnswer(AnswerEditor):
    """A fixed choice: saved as the choice id as soon as it is chosen."""

    def compose(self) -> ComposeResult:
        ids = {c.id for c in self.item.choices}
        value = self.answer if self.answer in ids else Select.NULL
        if self.answer not in (None, "") and self.answer not in ids:
            yield Static(Content(self.review.texts("unknown_choice", value=_as_text(self.answer))), classes="warning")
        yield SteadySelect(
            _choice_options(self.item.choices, self.review.texts.lang),
            value=value,
            prompt=self.review.texts("choice_prompt"),
            id="answer-select",
            compact=True,
        )

    def editor_value(self) -> Any:
        value = self.query_one(Select).value
        return None if value is Select.NULL else value

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        """A choice commits when chosen, not on blur."""

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        self.commit()


class MultiChoiceAnswer(AnswerEditor):
    """Checkboxes (☐): saved as the list of choice ids, in the form's order; unknown values are kept."""

    def compose(self) -> ComposeResult:
        chosen = set(self.answer) if isinstance(self.answer, list) else set()
        yield SelectionList[str](
            *[(Text(c.text(self.review.texts.lang)), c.id, c.id in chosen) for c in self.item.choices],
            id="answer-multi",
            compact=True,
        )

    def editor_value(self) -> list[str]:
        selected = set(self.query_one(SelectionList).selected)
        return [c.id for c in self.item.choices if c.id in selected]

    def to_answer(self, value: list[str]) -> list[str] | None:
        known = {c.id for c in self.item.choices}
        kept = [v for v in self.answer if v not in known] if isinstance(self.answer, list) else []
        return (value + kept) or None

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        """Each tick commits at once."""

    @on(SelectionList.SelectedChanged)
    def _ticked(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self.commit()


class BlockAnswer(AnswerEditor):
    """A repeated block (システム1, 委託事項1…): one bordered group of fields per entry, rows added with "+"."""

    def __init__(self, item: FormItem, answer: Any, **kwargs: Any) -> None:
        super().__init__(item, answer, **kwargs)
        self._bindings.bind("ctrl+n", "add_row", self.review.texts("k_add_row"), key_display="^n")
        entries = answer if isinstance(answer, list) else []
        self.entries: list[dict[str, Any]] = [dict(e) if isinstance(e, dict) else {} for e in entries]
        # Adding and removing rows recompose the editor; two at once would mount each row's fields twice.
        self._recomposing = asyncio.Lock()

    def compose(self) -> ComposeResult:
        texts = self.review.texts
        if not self.entries:
            yield Static(Content(texts("block_empty")), classes="muted")
        for index, entry in enumerate(self.entries):
            with Vertical(classes="block-entry") as group:
                group.border_title = texts("block_entry", n=index + 1)
                for field in self.item.fields:
                    yield Label(Content(field.text(texts.lang)), classes="field-label")
                    yield _field_editor(field, entry.get(field.id), index, texts.lang, texts("choice_prompt"))
                yield Button(texts("remove_row"), id=f"remove-{index}", classes="remove-row", compact=True)
        yield Button(texts("add_row"), id="add-row", compact=True)

    def editor_value(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for index, entry in enumerate(self.entries):
            row = dict(entry)
            for field in self.item.fields:
                widget = self.query(f"#f-{index}-{field.id}").first() if self.is_mounted else None
                if widget is None:
                    continue
                row[field.id] = _keep_unknown(field, entry.get(field.id), _read_field(widget))
            rows.append({k: v for k, v in row.items() if v not in (None, "", [])})
        return rows

    def to_answer(self, value: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
        for row in value:
            for field in self.item.fields:
                if field.type == "date" and isinstance(row.get(field.id), str):
                    row[field.id] = parse_date(row[field.id], self.review.texts("invalid_date"))
                elif field.type == "number" and isinstance(row.get(field.id), str):
                    row[field.id] = parse_number(row[field.id], self.review.texts("invalid_number"))
        return value or None

    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _chosen(self, event: Select.Changed | SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self.commit()

    @on(Button.Pressed, "#add-row")
    async def action_add_row(self) -> None:
        async with self._recomposing:
            if not self.is_attached:
                return
            self.commit()
            self.entries = [*self.editor_value(), {}]
            self.review.save(self.item.id, lambda doc: doc.set_answer(self.item.id, self.entries))
            await self.recompose()
            self.loaded = self.editor_value()
            inputs = self.query(f"#f-{len(self.entries) - 1}-{self.item.fields[0].id}") if self.item.fields else None
            if inputs:
                inputs.first().focus()

    @on(Button.Pressed, ".remove-row")
    async def remove_row(self, event: Button.Pressed) -> None:
        async with self._recomposing:
            index = int(str(event.button.id).removeprefix("remove-"))
            if not self.is_attached or index >= len(self.entries):
                return  # pressed twice: the row went with the first press
            rows = self.editor_value()
            del rows[index]
            self.entries = rows
            self.review.save(self.item.id, lambda doc: doc.set_answer(self.item.id, rows or None))
            await self.recompose()
            self.loaded = self.editor_value()


def _field_editor(field: BlockField, value: Any, index: int, lang: str, prompt: str) -> Widget:
    widget_id = f"f-{index}-{field.id}"
    if field.type == "choice" and field.choices:
        ids = {c.id for c in field.choices}
        return SteadySelect(
            _choice_options(field.choices, lang),
            value=value if value in ids else Select.NULL,
            prompt=prompt,
            id=widget_id,
            compact=True,
        )
    if field.type == "multi_choice" and field.choices:
        chosen = set(value) if isinstance(value, list) else set()
        return SelectionList[str](
            *[(Text(c.text(lang)), c.id, c.id in chosen) for c in field.choices],
            id=widget_id,
            classes="block-multi",
            compact=True,
        )
    if field.type == "textarea":
        return SteadyTextArea(_as_text(value), id=widget_id, soft_wrap=True, classes="block-text", compact=True)
    return Input(_as_text(value), id=widget_id, compact=True)


def _keep_unknown(field: BlockField, before: Any, now: Any) -> Any:
    """A value the choices cannot show (pre-filled text, a retired choice) survives edits to other fields."""
    known = {c.id for c in field.choices}
    if not known:
        return now
    if field.type == "choice" and now is None and before not in (None, "") and before not in known:
        return before
    if field.type == "multi_choice" and isinstance(before, list):
        return [*(now or []), *(v for v in before if v not in known)]
    return now


def _read_field(widget: Widget) -> Any:
    if isinstance(widget, Select):
        return None if widget.value is Select.NULL else widget.value
    if isinstance(widget, SelectionList):
        return list(widget.selected)
    if isinstance(widget, TextArea):
        return widget.text.rstrip()
    if isinstance(widget, Input):
        return widget.value.strip()
    return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


EDITORS: dict[str, type[AnswerEditor]] = {
    "text": TextAnswer,
    "textarea": TextareaAnswer,
    "number": NumberAnswer,
    "date": DateAnswer,
    "choice": ChoiceAnswer,
    "multi_choice": MultiChoiceAnswer,
    "block": BlockAnswer,
}


def answer_editor(item: FormItem, answer: Any) -> AnswerEditor:
    kind = item.type
    if kind == "choice" and not item.choices:
        kind = "text"
    if kind == "multi_choice" and not item.choices:
        kind = "textarea"
    return EDITORS.get(kind, TextareaAnswer)(item, answer, id="answer-editor")


# ---- the reviewer's verdict -----------------------------------------------------------------------------
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
        self.query_one("#action-due", Input).value = _as_text(state.action_due)

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
            or self.query_one("#action-due", Input).value.strip() != _as_text(state.action_due)
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
        if who != (state.action_who or "") or due_text != _as_text(state.action_due):
            try:
                due = parse_date(due_text, texts("invalid_date"))
            except InvalidAnswer as problem:
                self.warn(texts("action_due"), str(problem))
                return
            self.review.save(item_id, lambda doc: doc.set_action(item_id, who or None, due))
            if due and due != due_text:
                self.query_one("#action-due", Input).value = due
        self.review.typing = False
