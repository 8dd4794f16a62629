"""Free text in a model, and when it says nothing: the types the schema gives every text field.

A text a rule reads is an answer. Written blank (``''``, spaces, U+3000 or a zero-width character alone), or
written as not known yet (不明, 未定, 確認中...), it answers nothing: it becomes ``unknown``, so the rule asks,
exactly as when the key is left out. A text that names something (a title, a list entry) may not be blank at
all; optional text that is blank is as if left out.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from pia_toolkit.catalog.texts.visible import is_blank

UNKNOWN: Literal["unknown"] = "unknown"
Unknown = Literal["unknown"]


def _not_blank(value: str) -> str:
    if is_blank(value):  # worded by flows.messages as "write something, not only spaces"
        raise PydanticCustomError("string_too_short", "a text must show at least one character")
    return value


UNSTATED_WORDS = frozenset(
    {
        "unknown",
        "不明",
        "未定",
        "未確認",
        "確認中",
        "調査中",
        "検討中",
        "わからない",
        "分からない",
        "tbd",
        "tba",
        "?",
        "？",
    }
)
"""Words that say the answer is not known yet (不明 is the tool's own label for ``unknown``): an answer written so
is no answer, and the rule asks, as for ``unknown`` (``retention: 未定`` must not pass as a retention period)."""


def _unstated(value: object) -> bool:
    return isinstance(value, str) and (is_blank(value) or value.strip().casefold() in UNSTATED_WORDS)


def _blank_is_unknown(value: object) -> object:
    return UNKNOWN if _unstated(value) else value


def _blank_is_none(value: object) -> object:
    return None if _unstated(value) else value


Text = Annotated[str, Field(max_length=4000), AfterValidator(_not_blank)]
"""Text the model must give where it is written (a title, a list entry): blank (``''``, spaces, U+3000, a
zero-width character alone) is an error there, located, since nothing else could stand for it."""
Answer = Annotated[Text | Unknown, BeforeValidator(_blank_is_unknown)]
"""An attribute a rule reads: a blank answer, or one that says it is not known (不明, 未定, 確認中...), is no
answer, so it is ``unknown`` and the rule asks, exactly as when the key is left out."""
MaybeAnswer = Annotated[Text | Unknown | None, BeforeValidator(_blank_is_unknown)]
"""An answer that may also be absent (None: not applicable); written but blank or 不明, it is ``unknown``."""
MaybeText = Annotated[Text | None, BeforeValidator(_blank_is_none)]
"""Optional text (a note, an English title, an operator, a mitigation): blank or 不明 is the same as left out."""
