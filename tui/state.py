"""What the screens ask about a checked, without widgets: marks, progress, navigation order, search.

Kept apart from the widgets so that the rules of the review (what counts as answered, as a contradiction,
as a search match) can be read and tested in one place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pia_toolkit.pia.assessment.form import FormItem, FormSection
from pia_toolkit.pia.assessment.status import contradiction
from pia_toolkit.pia.assessment.values import plain
from pia_toolkit.pia.checked import CheckedModel
from pia_toolkit.pia.findings import Finding

FILTERS = ("all", "findings", "no_verdict", "unanswered", "changed")
"""What ``F`` cycles through; "changed" only when the assessment records a change (``pia assess init --since``)."""


@dataclass(frozen=True)
class ItemChange:
    """What ``pia assess init NEW --since OLD`` recorded on an item (``changed_since`` in the assessment file)."""

    since: str
    """The old version it was compared with (a file, REV:path or a git revision)."""
    before: Any
    """The answer the old version gave (for a pre-filled item) or the answer kept when it changed."""
    changes: tuple[str, ...]
    """The model keys whose change altered the item (``nodes.ward.zone``…)."""


@dataclass(frozen=True)
class ItemMarks:
    answered: bool
    significant: bool
    open_findings: int
    verdict: str | None
    contradiction: bool
    stale: bool


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    verdicts: int
    open_findings: int
    contradictions: int = 0


class ReviewState:
    """Questions about one checked that the screens ask again after every save (all cheap)."""

    def __init__(self, checked: CheckedModel, lang: str = "ja") -> None:
        self.checked = checked
        self.lang = lang
        self.form = checked.document.form

    # ---- single items ---------------------------------------------------------------------------------
    @property
    def items(self) -> list[FormItem]:
        return self.form.items

    @property
    def sections(self) -> tuple[FormSection, ...]:
        return self.form.sections

    def item(self, item_id: str) -> FormItem:
        return self.form.item(item_id)

    def change(self, item_id: str) -> ItemChange | None:
        """The recorded change of an item since an older version of the model, if there is one."""
        items = self.checked.document.data.get("items")
        entry = items.get(item_id) if isinstance(items, dict) else None
        marker = entry.get("changed_since") if isinstance(entry, dict) else None
        if not isinstance(marker, dict):
            return None
        changes = marker.get("changes")
        keys = tuple(str(c) for c in changes) if isinstance(changes, list) else ()
        return ItemChange(str(marker.get("ref") or ""), plain(marker.get("before")), keys)

    def change_texts(self, item_id: str) -> tuple[str, str] | None:
        """(before, after) of a changed item as one line each, in the app's language; None if unchanged."""
        change = self.change(item_id)
        if change is None:
            return None
        item = self.item(item_id)
        after = self.checked.document.state(item_id).answer
        return answer_text(item, change.before, self.lang), answer_text(item, after, self.lang)

    def has_changes(self) -> bool:
        return any(self.change(item.id) is not None for item in self.items)

    def filters(self) -> tuple[str, ...]:
        """The filters ``F`` offers for this assessment."""
        return FILTERS if self.has_changes() else tuple(f for f in FILTERS if f != "changed")

    def open_findings(self, item_id: str) -> list[Finding]:
        return self.checked.open_findings_for(item_id)

    def is_contradiction(self, item_id: str) -> bool:
        """A choice claiming the risk is handled beside an open high or critical violation on the item."""
        return contradiction(self.checked, self.item(item_id)) is not None

    def marks(self, item_id: str) -> ItemMarks:
        item = self.item(item_id)
        state = self.checked.document.state(item_id)
        return ItemMarks(
            answered=state.answered,
            significant=item.significant,
            open_findings=len(self.open_findings(item_id)),
            verdict=state.verdict,
            contradiction=self.is_contradiction(item_id),
            stale=state.stale,
        )

    # ---- totals ---------------------------------------------------------------------------------------
    def progress(self, items: Iterable[FormItem]) -> Progress:
        """Counts over ``items``; a finding that feeds several of them is counted once."""
        answered = total = verdicts = contradictions = 0
        findings: set[str] = set()
        for item in items:
            marks = self.marks(item.id)
            total += 1
            answered += marks.answered
            verdicts += marks.verdict is not None
            findings.update(f.id for f in self.open_findings(item.id))
            contradictions += marks.contradiction
        return Progress(answered, total, verdicts, len(findings), contradictions)

    def section_progress(self, section: FormSection) -> Progress:
        return self.progress(section.items)

    def overall(self) -> Progress:
        """Progress over the whole form; open findings are every open finding of the model, as ``pia check``
        and ``pia assess status`` count them (not only those attached to a form item)."""
        progress = self.progress(self.items)
        return dataclasses.replace(progress, open_findings=self.checked.summary().open_findings)

    # ---- filters, navigation, search ------------------------------------------------------------------
    def visible(self, item: FormItem, mode: str) -> bool:
        if mode == "findings":
            return bool(self.checked.findings_for(item.id))
        if mode == "no_verdict":
            return self.checked.document.state(item.id).verdict is None
        if mode == "unanswered":
            return not self.checked.document.state(item.id).answered
        if mode == "changed":
            return self.change(item.id) is not None
        return True

    def predicate(self, kind: str) -> Callable[[str], bool]:
        if kind == "unanswered":
            return lambda item_id: not self.checked.document.state(item_id).answered
        if kind == "finding":
            return lambda item_id: bool(self.open_findings(item_id))
        if kind == "contradiction":
            return self.is_contradiction
        return lambda item_id: True

    def matches(self, item_id: str, query: str) -> bool:
        needle = query.casefold().strip()
        if not needle:
            return False
        item = self.item(item_id)
        state = self.checked.document.state(item_id)
        haystack = " ".join(
            (
                item.id,
                item.number,
                item.label.ja,
                item.label.en,
                " ".join(item.heading_path(self.lang)),
                answer_text(item, state.answer, self.lang),
                state.comment or "",
            )
        )
        return needle in haystack.casefold()


def step(order: list[str], current: str | None, forward: bool, accept: Callable[[str], bool]) -> str | None:
    """The next id in ``order`` after ``current`` (wrapping round) that ``accept`` takes, or None."""
    if not order:
        return None
    start = order.index(current) if current in order else -1
    count = len(order)
    for offset in range(1, count + 1):
        index = (start + offset) % count if forward else (start - offset) % count
        if start == -1 and not forward:
            index = (count - offset) % count
        candidate = order[index]
        if accept(candidate):
            return candidate
    return None


def answer_text(item: FormItem, answer: Any, lang: str = "ja") -> str:
    """An answer as one line of text: choice labels rather than ids, block entries joined."""
    if answer in (None, "", [], {}):
        return ""
    if item.type == "choice" and isinstance(answer, str):
        choice = item.choice(answer)
        return choice.text(lang) if choice else answer
    if item.type == "multi_choice" and isinstance(answer, list):
        return "、".join(_choice_label(item.choices, value, lang) for value in answer)
    if item.type == "block" and isinstance(answer, list):
        parts = []
        fields = {f.id: f for f in item.fields}
        for entry in answer:
            if isinstance(entry, dict):
                for key, value in entry.items():
                    field = fields.get(key)
                    choices = field.choices if field else ()
                    if isinstance(value, list):
                        parts.append("、".join(_choice_label(choices, v, lang) for v in value))
                    elif value not in (None, ""):
                        parts.append(_choice_label(choices, value, lang))
            else:
                parts.append(str(entry))
        return " / ".join(parts)
    return str(answer)


def _choice_label(choices: Iterable[Any], value: Any, lang: str) -> str:
    for choice in choices:
        if choice.id == value:
            return str(choice.text(lang))
    return str(value)
