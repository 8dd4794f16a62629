"""Editors for an item's answer, one per answer type (the verdict's is :mod:`.verdict_editor`).

An editor commits through the Assessment API (which saves the file atomically) when its value is committed:
a choice at once, text on Enter, on leaving the field (blur) or on Ctrl+S. It commits only what the person
changed in the editor, so opening an item never rewrites a pre-filled answer the editor cannot show exactly.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from pia_toolkit.pia.assessment.form import BlockField, Choice, FormItem
from pia_toolkit.tui.widgets.committing import Committing, InvalidAnswer, as_text, parse_date, parse_number
from pia_toolkit.tui.widgets.steady import SteadySelect, SteadyTextArea
from pia_toolkit.tui.widgets.ticklist import TickList


def _choice_options(choices: tuple[Choice, ...], lang: str) -> list[tuple[Text, str]]:
    return [(Text(choice.text(lang)), choice.id) for choice in choices]


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


class LineAnswer(AnswerEditor):
    """An answer typed on one line (a text, a number, a date); ``placeholder`` shows what may be written."""

    placeholder: ClassVar[str] = ""

    def compose(self) -> ComposeResult:
        yield Input(value=as_text(self.answer), id="answer-input", placeholder=self.placeholder, compact=True)

    def editor_value(self) -> str:
        return self.query_one(Input).value


class TextAnswer(LineAnswer):
    def to_answer(self, value: str) -> str | None:
        return value.strip() or None


class TextareaAnswer(AnswerEditor):
    def compose(self) -> ComposeResult:
        yield SteadyTextArea(
            as_text(self.answer), id="answer-text", soft_wrap=True, show_line_numbers=False, compact=True
        )

    def editor_value(self) -> str:
        return self.query_one(TextArea).text

    def to_answer(self, value: str) -> str | None:
        return value.rstrip() or None


class NumberAnswer(LineAnswer):
    placeholder = "0"

    def to_answer(self, value: str) -> int | float | None:
        return parse_number(value, self.review.texts("invalid_number"))


class DateAnswer(LineAnswer):
    placeholder = "YYYY-MM-DD"

    def to_answer(self, value: str) -> str | None:
        return parse_date(value, self.review.texts("invalid_date"))


class ChoiceAnswer(AnswerEditor):
    """A fixed choice: saved as the choice id as soon as it is chosen."""

    def compose(self) -> ComposeResult:
        ids = {c.id for c in self.item.choices}
        value = self.answer if self.answer in ids else Select.NULL
        if self.answer not in (None, "") and self.answer not in ids:
            yield Static(Content(self.review.texts("unknown_choice", value=as_text(self.answer))), classes="warning")
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
        yield TickList(
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
        return TickList(
            *[(Text(c.text(lang)), c.id, c.id in chosen) for c in field.choices],
            id=widget_id,
            classes="block-multi",
            compact=True,
        )
    if field.type == "textarea":
        return SteadyTextArea(as_text(value), id=widget_id, soft_wrap=True, classes="block-text", compact=True)
    return Input(as_text(value), id=widget_id, compact=True)


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
