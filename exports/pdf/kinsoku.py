"""Breaking Japanese (and mixed) paragraph text into lines by the rules of 禁則処理, for :class:`JaParagraph`.

reportlab's own CJK wrapping (``wordWrap='CJK'``) keeps only one closing mark off the start of a line: a run
such as ``、。」`` at a break still leaves ``。`` first on the next line. Here closing punctuation never starts a
line and opening brackets never end one (追い出し: the character before the run moves down with it), Latin words
break at spaces when they can, an unbroken word longer than a line is cut so it stays inside the frame, and a
machine id (between :data:`ID_OPEN` and :data:`ID_CLOSE`) breaks only after one of :data:`ID_BREAKS`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import mul
from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, ParaLines, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

CANNOT_START = frozenset(ALL_CANNOT_START + "）〉》」』】〕］｝，．：；？！‥…ー・)]}%")
"""Characters that must not begin a line (行頭禁則)."""
CANNOT_END = frozenset(ALL_CANNOT_END + "（〈《「『【〔［｛([{")
"""Characters that must not end a line (行末禁則)."""

ID_OPEN, ID_CLOSE = "\ue000", "\ue001"
"""Marks around a machine id in paragraph text (see :func:`exports.pdf.text.ident`): inside them a line breaks only after one
of :data:`ID_BREAKS`, never inside a word of the id, and the marks themselves are not printed."""
ID_BREAKS = frozenset("@>#_+")


def copy_frag(frag: Any) -> Any:
    """A copy of a frag (reportlab's ``clone`` goes through keyword arguments, twice the work)."""
    copied = object.__new__(type(frag))
    copied.__dict__.update(frag.__dict__)
    return copied


def _is_word_char(char: str) -> bool:
    """Part of a Latin word that should not be cut (letters, digits, ASCII punctuation inside a word)."""
    return bool(char) and ord(char) < 0x2E80 and not char.isspace() and char not in "-/_"


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _widths_of(font_name: str, font_size: float) -> dict[str, float]:
    table = _WIDTHS.get((font_name, font_size))
    if table is None:
        table = _WIDTHS[(font_name, font_size)] = {}
    return table


def _char_widths(text: str, font_name: str, font_size: float) -> list[float]:
    table = _widths_of(font_name, font_size)
    try:
        return list(map(table.__getitem__, text))
    except KeyError:
        # Measured once per character, font and size; every later paragraph only looks them up.
        for char in set(text).difference(table):
            table[char] = 0.0 if char in (ID_OPEN, ID_CLOSE) else stringWidth(char, font_name, font_size)
        return list(map(table.__getitem__, text))


def _glyph(char: str, frag: Any) -> cjkU:
    """One character with its frag and width, like reportlab's ``cjkU`` (for the rare inline-image paragraphs)."""
    u = str.__new__(cjkU, char)
    u._frag = frag
    if hasattr(frag, "cbDefn"):
        u._width = getattr(frag.cbDefn, "width", 0)
    else:
        u._width = _char_widths(char, frag.fontName, frag.fontSize)[0] if char else 0.0
    return u


def _width(u: cjkU, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


_METRICS: dict[tuple[str, float], tuple[float, float]] = {}


def _ascent_descent(font_name: str, font_size: float) -> tuple[float, float]:
    found = _METRICS.get((font_name, font_size))
    if found is None:
        found = _METRICS[(font_name, font_size)] = getAscentDescent(font_name, font_size)
    return found


def _line(
    frags: list[Any],
    chars: list[str],
    bounds: list[int],
    start: int,
    end: int,
    max_width: float,
    used: float,
    line_break: bool,
) -> Any:
    """A laid-out line from ``chars[start:end]``: one word for each frag's part of it (frag ``k`` holds
    ``chars[bounds[k]:bounds[k + 1]]``)."""
    words = []
    k = bisect_right(bounds, start) - 1
    while start < end:
        stop = min(end, bounds[k + 1])
        words.append(_word(frags[k], "".join(chars[start:stop])))
        start = stop
        k += 1
    return _frag_line(words, max_width, used, line_break)


def _word(frag: Any, text: str) -> Any:
    """``frag`` carrying ``text``, without the marks around ids (they are never printed)."""
    word = copy_frag(frag)
    if ID_OPEN in text or ID_CLOSE in text:
        text = text.replace(ID_OPEN, "").replace(ID_CLOSE, "")
    word.text = text
    return word


def _frag_line(words: list[Any], max_width: float, used: float, line_break: bool) -> Any:
    max_size = max_ascent = min_descent = 0.0
    for word in words:
        ascent, descent = _ascent_descent(word.fontName, word.fontSize)
        max_size = max(max_size, word.fontSize)
        max_ascent = max(max_ascent, ascent)
        min_descent = min(min_descent, descent)
    return FragLine(
        kind=1,
        extraSpace=max_width - used,
        wordCount=1,
        words=words,
        fontSize=max_size,
        ascent=max_ascent,
        descent=min_descent,
        maxWidth=max_width,
        currentWidth=used,
        lineBreak=line_break,
    )


def _make_line(chars: list[cjkU], max_width: float, used: float, line_break: bool, calc_bounds: bool) -> Any:
    """A laid-out line from reportlab's per-character glyphs (inline images, bounds)."""
    return makeCJKParaLine(chars, max_width, used, max_width - used, line_break, calc_bounds)


def _before_word(chars: Sequence[str], start: int, end: int) -> int:
    """``end``, or, when it falls inside a Latin word, the start of that word (its last space, ideograph or
    hyphen), if that leaves at least a quarter of the line (a longer word is cut where it overflows)."""
    if not (_is_word_char(chars[end]) and _is_word_char(chars[end - 1])):
        return end
    limit = start + (end - start) // 4
    for j in range(end - 1, limit, -1):
        if not _is_word_char(chars[j]):
            return j + 1
    return end


def _pulled_down(chars: Sequence[str], start: int, end: int) -> int:
    """``end`` moved back until the next line may start there and this one may end there (or to the line's
    second character, when nothing earlier will do)."""
    candidate = end
    while candidate > start + 1 and (chars[candidate] in CANNOT_START or chars[candidate - 1] in CANNOT_END):
        candidate -= 1
    return candidate


def _choose_break(chars: Sequence[str], start: int, overflow: int, in_id: Sequence[bool] | None = None) -> int:
    """Index where the next line starts, given that ``chars[overflow]`` no longer fits on the line."""
    end = overflow
    if in_id is not None and in_id[end] and in_id[end - 1]:
        # Inside an id: break after its last separator on the line, or before the id when it can move down
        # whole; an id part longer than the line is cut where it overflows.
        for j in range(end - 1, start, -1):
            if not in_id[j - 1]:
                if j > start + 1:
                    end = j
                break
            if chars[j - 1] in ID_BREAKS:
                end = j
                break
        return end
    end = _before_word(chars, start, end)
    # 追い出し: pull characters down until the new line starts, and this one ends, acceptably.
    candidate = _pulled_down(chars, start, end)
    # Pulling 「）」 down may land inside a Latin word (「LGWAN-AS / P）」, 「（TL / S）」): take the word down
    # too, and whatever may not end a line before it (the 「（」 of 「（TLS）」).
    moved = _before_word(chars, start, candidate)
    if moved != candidate:
        moved = _pulled_down(chars, start, moved)
        if not (chars[moved] in CANNOT_START or chars[moved - 1] in CANNOT_END):
            candidate = moved
    if candidate > start + 1 or not (chars[candidate] in CANNOT_START or chars[candidate - 1] in CANNOT_END):
        end = candidate
    else:
        # The whole line is made of marks that may not be separated: let them hang past the margin instead.
        while end < len(chars) and chars[end] in CANNOT_START:
            end += 1
    # Spaces at a break belong to the line that ends, not to the one that starts.
    while end < len(chars) and chars[end] == " ":
        end += 1
    return end


def kinsoku_split(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """Lines of ``frags`` by Japanese rules; characters, their widths and their frags are kept in flat lists
    (one object per line, not per character), which keeps long documents fast."""
    if calc_bounds or any(hasattr(frag, "cbDefn") for frag in frags):
        return _kinsoku_split_glyphs(frags, max_widths, calc_bounds)
    texts = [(frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text) or "" for frag in frags]
    measured = [
        _char_widths(text, frag.fontName, frag.fontSize) if text else []
        for frag, text in zip(frags, texts, strict=True)
    ]
    if not any(hasattr(frag, "lineBreak") for frag in frags):
        # Most cell texts fit their first line: then there is nothing to break, and no per-character lists.
        used = 0.0
        for widths_of_frag in measured:
            used = sum(widths_of_frag, used)
        if used <= max_widths[0] + _FUZZ:
            words = [_word(frag, text) for frag, text in zip(frags, texts, strict=True)]
            return ParaLines(kind=1, lines=[_frag_line(words, max_widths[0], used, False)])
    chars: list[str] = []
    bounds: list[int] = []
    widths: list[float] = []
    breaks: set[int] = set()
    for index, (frag, text) in enumerate(zip(frags, texts, strict=True)):
        bounds.append(len(chars))
        if hasattr(frag, "lineBreak"):
            breaks.add(len(chars))
            chars.append(text)
            widths.append(0.0)
            continue
        if not text:
            chars.append("")
            widths.append(0.0)
            continue
        chars.extend(text)
        widths.extend(measured[index])
    bounds.append(len(chars))
    in_id: list[bool] | None = None
    if any(ID_OPEN in (f.text or "") for f in frags if isinstance(f.text, str)):
        in_id = []
        inside = False
        for char in chars:
            if char == ID_OPEN:
                inside = True
            elif char == ID_CLOSE:
                inside = False
            in_id.append(inside and char != ID_OPEN)
    # Running sums of the widths: where a line overflows is one binary search, not a walk over its characters.
    reach = [0.0, *accumulate(widths)]
    # Spaces at a line's end take no room; a width times False is exactly 0.0 and times True exactly itself.
    inked = [0.0, *accumulate(map(mul, widths, map(" ".__ne__, chars)))]
    forced = sorted(breaks)
    lines: list[Any] = []
    start = 0
    count = len(chars)
    while start < count:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        fits = max(start + 1, bisect_right(reach, reach[start] + max_width + _FUZZ) - 1)
        at = bisect_left(forced, start)
        line_break = at < len(forced) and forced[at] <= fits
        if line_break:
            i = forced[at] + 1
            used = reach[i] - reach[start]
        elif fits < count:
            i = _choose_break(chars, start, fits, in_id)
            used = inked[i] - inked[start]
        else:
            i = count
            used = reach[count] - reach[start]
        lines.append(_line(frags, chars, bounds, start, i, max_width, used, line_break))
        start = i
    return ParaLines(kind=1, lines=lines)


def _kinsoku_split_glyphs(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> ParaLines:
    chars: list[cjkU] = []
    for frag in frags:
        text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
        if text:
            chars.extend(_glyph(t, frag) for t in text)
        else:
            chars.append(_glyph(text, frag))
    lines: list[Any] = []
    start = 0
    count = len(chars)
    while start < count:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        line_break = False
        while i < count:
            u = chars[i]
            w = _width(u, max_width)
            if hasattr(u.frag, "lineBreak"):
                used += w
                i += 1
                line_break = True
                break
            if used + w > max_width + _FUZZ and i > start:
                break
            used += w
            i += 1
        if not line_break and i < count:
            i = _choose_break(chars, start, i)
            used = sum(_width(c, max_width) for c in chars[start:i] if c != " ")
        lines.append(_make_line(chars[start:i], max_width, used, line_break, calc_bounds))
        start = i
    return ParaLines(kind=1, lines=lines)
