"""Turning model text into safe DOT: every label the model supplies goes through here.

All labels in the diagram are HTML-like labels (``<...>``), built from fixed markup plus escaped text, so a
title such as ``A" -> B [color=red``, ``<b>x</b>`` or ``}`` stays text: it cannot end the label, add
attributes or markup, or break the XML that Graphviz parses the label as.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from pia_toolkit.catalog.texts.visible import visible

# A backslash is doubled: Graphviz expands its escapes (\N the node's id, \G the graph's) inside HTML-like
# labels too, after the entities are decoded, so a title "区 \N" would otherwise print the id in its place.
_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\\": "\\\\"}
_ESCAPE_TABLE = str.maketrans(_HTML_ESCAPES)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_WIDTHS: dict[str, int] = {}
_BREAK_AFTER = set("、。・，,;；:：/／)）」』】]> ")
_BREAK_BEFORE = set("(（「『【[<")
_NO_LINE_START = set("…、。・，,．.；;：:！!？?)）」』】]ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ")
"""Characters a line may not begin with (行頭禁則)."""


def text(value: object) -> str:
    """``value`` as HTML-label text: entities escaped, controls dropped, newlines turned into ``<BR/>``.

    Never empty (a blank becomes one space), because Graphviz rejects empty markup elements. (A model repeats
    its titles on every arrow and in every row of the step table, so the answers are kept.)
    """
    return _text(str(value))


@lru_cache(maxsize=1 << 16)
def _text(value: str) -> str:
    # Bidi overrides and other characters that act are shown as ⟨U+202E⟩, as in every other output: raw in
    # the SVG, a U+202E would reverse the rest of the label for whoever opens it.
    cleaned = visible(_CONTROL.sub("", value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    escaped = cleaned.translate(_ESCAPE_TABLE)
    if not escaped.strip():
        # Graphviz rejects an empty <B></B> or <FONT></FONT>: an empty title must still be some text.
        return " "
    return '<BR ALIGN="LEFT"/>'.join(escaped.split("\n")) if "\n" in escaped else escaped


def lines(parts: Iterable[str], align: str = "CENTER") -> str:
    """Already-escaped lines joined with Graphviz line breaks."""
    return f'<BR ALIGN="{align}"/>'.join(parts)


def html_label(markup: str) -> str:
    """Wrap finished markup as an HTML-like label value for the ``graphviz`` package."""
    return f"<{markup}>"


def width(value: str) -> int:
    """Display width in half-width columns: CJK and full-width characters count two."""
    if value.isascii():
        return len(value)
    total = 0
    for ch in value:
        w = _WIDTHS.get(ch)
        if w is None:
            w = _WIDTHS[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        total += w
    return total


def wrap(value: str, columns: int) -> list[str]:
    """Break ``value`` into lines of at most ``columns`` display columns, preferring natural break points.

    Japanese has no spaces, so any character boundary may break, but a break after 、・) or before （ reads
    better; explicit newlines in the model are kept.
    """
    return list(_wrap(str(value), columns))


@lru_cache(maxsize=1 << 15)
def _wrap(value: str, columns: int) -> tuple[str, ...]:
    result: list[str] = []
    for paragraph in value.replace("\r\n", "\n").split("\n"):
        result.extend(_wrap_paragraph(paragraph.strip(), columns))
    return tuple(result) or ("",)


def _wrap_paragraph(paragraph: str, columns: int) -> list[str]:
    if columns <= 0 or width(paragraph) <= columns:
        return [paragraph]
    out: list[str] = []
    rest = paragraph
    while (remaining := width(rest)) > columns:
        # Balance the lines: a 14-kanji title becomes 7 + 7, not 12 + 2.
        target = max(-(-remaining // -(-remaining // columns)), 4)
        out.append(rest[: (split := _split_at(rest, target, columns))].rstrip())
        rest = rest[split:].lstrip()
    if rest:
        out.append(rest)
    return out


def _split_at(rest: str, target: int, columns: int) -> int:
    """Where to end the next line: the natural break nearest ``target`` within the hard limit, else ``target``."""
    used, cut, natural = 0, 0, []
    for index, ch in enumerate(rest):
        if ch in _BREAK_BEFORE and index > 0:
            natural.append((index, used))
        used += width(ch)
        if used > columns:
            break
        if used <= target:
            cut = index + 1
        if ch in _BREAK_AFTER:
            natural.append((index + 1, used))
    # A natural break counts when its line is at least 60% of the target; ties go to the earlier one.
    fitting = [(abs(at_width - target), split) for split, at_width in natural if at_width * 5 >= target * 3]
    split = min(fitting)[1] if fitting else max(cut, 1)
    # Keep closing punctuation and small kana on the line before (行頭禁則).
    while split < len(rest) and rest[split] in _NO_LINE_START:
        split += 1
    return split


def shorten(value: str, columns: int) -> str:
    """``value`` cut to ``columns`` display columns, with … when something was cut.

    A parenthesised remark is dropped first when what comes before it is long enough to stand alone
    (氏名・住所等（区が把握する…） → 氏名・住所等…).
    """
    if width(value) <= columns:
        return value
    used, kept, bracket = 0, [], 0
    for index, ch in enumerate(value):
        if ch in "（(" and used * 5 >= columns * 2:
            bracket = bracket or index
        used += width(ch)
        if used > columns - 2:
            break
        kept.append(ch)
    return (value[:bracket] if bracket else "".join(kept)).rstrip() + "…"
