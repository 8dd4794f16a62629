"""Text that goes into the PDF: made safe for Paragraph markup, and broken into lines by Japanese rules.

Everything in a model or an assessment is user text. It passes through :func:`markup` before it meets a
Paragraph, so ``<b>``, ``&amp;`` and the like print literally, characters the font cannot draw (emoji) become
``?`` instead of blank boxes, and control characters disappear.

reportlab's own CJK wrapping (``wordWrap='CJK'``) keeps only one closing mark off the start of a line: a run
such as ``、。」`` at a break still leaves ``。`` first on the next line. :class:`JaParagraph` breaks lines
itself: closing punctuation never starts a line and opening brackets never end one (追い出し: the
character before the run moves down with it), Latin words break at spaces when they can, and an unbroken
word longer than a line is cut so it stays inside the frame.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from operator import mul
from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import (
    FragLine,
    Paragraph,
    ParaLines,
    _handleBulletWidth,
    cjkU,
    cleanBlockQuotedText,
    makeCJKParaLine,
)
from reportlab.rl_config import _FUZZ

from pia_toolkit.exports.pdf.fonts import PdfFont
from pia_toolkit.exports.pdf.plaindraw import draw_plain, plain_lines

CANNOT_START = frozenset(ALL_CANNOT_START + "）〉》」』】〕］｝，．：；？！‥…ー・)]}%")
"""Characters that must not begin a line (行頭禁則)."""
CANNOT_END = frozenset(ALL_CANNOT_END + "（〈《「『【〔［｛([{")
"""Characters that must not end a line (行末禁則)."""

_DROP = {"\u200d", "\ufe0e", "\ufe0f", "\u200b", "\u2060", "\ufeff"}
"""Joiners and variation selectors: meaningless once the emoji around them is replaced."""


_CLEANED: dict[tuple[str, int], str] = {}
"""Texts already cleaned, per font: labels and ids repeat on every page."""


def clean(text: Any, font: PdfFont | None = None) -> str:
    """User text as plain printable text: no control characters, nothing the font cannot draw."""
    if text is None:
        return ""
    raw = str(text)
    key = (raw, id(font))
    done = _CLEANED.get(key)
    if done is None:
        done = _clean(raw, font)
        if len(_CLEANED) < 200_000:
            _CLEANED[key] = done
    return done


def _keep(char: str, font: PdfFont | None) -> str:
    """What ``char`` becomes: itself, "?" (the font lacks it) or nothing (a control or joining character)."""
    if char == "\n":
        return char
    if char in _DROP or 0xE0020 <= ord(char) <= 0xE007F or 0x1F3FB <= ord(char) <= 0x1F3FF:
        return ""  # zero-width joiners, variation selectors, emoji tags and skin tones
    if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
        return ""
    if font is not None and not char.isspace() and not font.has(char):
        return "?"
    return char


def _clean(raw: str, font: PdfFont | None) -> str:
    value = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    changed = {char: kept for char in set(value) if (kept := _keep(char, font)) != char}
    if not changed:
        return value
    return "".join(changed.get(char, char) for char in value)


def escape(text: str) -> str:
    """Escape the three characters Paragraph markup gives meaning to."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: Any, font: PdfFont | None = None) -> str:
    """User text ready for a Paragraph: cleaned, escaped, line breaks kept."""
    return escape(clean(text, font)).replace("\n", "<br/>")


def join_markup(parts: Iterable[str], sep: str = "<br/>") -> str:
    return sep.join(p for p in parts if p)


ID_OPEN, ID_CLOSE = "\ue000", "\ue001"
"""Marks around a machine id in paragraph text (see :func:`ident`): inside them a line breaks only after one
of :data:`ID_BREAKS`, never inside a word of the id, and the marks themselves are not printed."""
ID_BREAKS = frozenset("@>#_+")


def ident(text_markup: str) -> str:
    """An id (already escaped markup, e.g. ``DAT-01@guardian_mynumber``) that breaks only at its separators."""
    return f"{ID_OPEN}{text_markup}{ID_CLOSE}"


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
    # A Latin word: break at the last space or ideograph in the second half of the line, if there is one.
    if _is_word_char(chars[end]) and _is_word_char(chars[end - 1]):
        limit = (start + end) // 2
        for j in range(end - 1, limit, -1):
            if not _is_word_char(chars[j]):
                end = j + 1
                break
    # 追い出し: pull characters down until the new line starts, and this one ends, acceptably.
    candidate = end
    while candidate > start + 1 and (chars[candidate] in CANNOT_START or chars[candidate - 1] in CANNOT_END):
        candidate -= 1
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


_PARSED: dict[tuple[str, int], tuple[Any, Any, str, list[Any]]] = {}
"""Markup already parsed, by (markup, id of the style): the style (held, so its id stays its own), the style
the parser returned, the cleaned text and the frags to copy."""
PARSED_MAX = 20000


_PLAIN: dict[int, tuple[Any, Any, Any]] = {}
"""By id of a style: the style (held, so its id stays its own), the style and the one frag the parser gives
a plain text in it (None, None when it gives anything else)."""
_PROBE = "x"


def _plain_frag(style: Any) -> tuple[Any, Any] | None:
    if id(style) not in _PLAIN:
        probe = Paragraph(_PROBE, style)
        plain = len(probe.frags) == 1 and getattr(probe.frags[0], "text", None) == _PROBE and not probe.bulletText
        _PLAIN[id(style)] = (style, probe.style, probe.frags[0]) if plain else (style, None, None)
    _, parsed_style, frag = _PLAIN[id(style)]
    return None if frag is None else (parsed_style, frag)


def copy_frag(frag: Any) -> Any:
    """A copy of a frag (reportlab's ``clone`` goes through keyword arguments, twice the work)."""
    copied = object.__new__(type(frag))
    copied.__dict__.update(frag.__dict__)
    return copied


class JaParagraph(Paragraph):  # type: ignore[misc]  # reportlab ships no type hints
    """A Paragraph that wraps Japanese (and mixed) text with proper line-break rules (禁則処理)."""

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        # A long document repeats most of its cell texts (不明, 未対応, the column heads): parsing the markup
        # is most of the cost of making a paragraph, so each distinct text is parsed once and its frags copied.
        if frags is not None or not isinstance(text, str) or bulletText:
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        key = (text, id(style))
        found = _PARSED.get(key)
        if found is not None:
            _, parsed_style, cleaned, template = found
            super()._setup(cleaned, parsed_style, None, [copy_frag(frag) for frag in template], cleaner)
            return
        if "<" not in text and "&" not in text:
            # Plain text (most cells): the parser would return its one frag in the style's font and colour,
            # which is the frag of any other plain text with this text in it.
            cleaned = cleaner(text)
            plain = _plain_frag(style) if cleaned and cleaner is cleanBlockQuotedText else None
            if plain is not None:
                parsed_style, frag = plain
                word = copy_frag(frag)
                word.text = cleaned
                super()._setup(cleaned, parsed_style, None, [word], cleaner)
                return
        super()._setup(text, style, bulletText, frags, cleaner)
        if self.bulletText is None:
            if len(_PARSED) >= PARSED_MAX:
                _PARSED.clear()
            _PARSED[key] = (style, self.style, self.text, [copy_frag(frag) for frag in self.frags])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # A table measures each cell when it lays a row out, again when it splits, and again when it draws
        # it; a paragraph's height depends only on its width (its lines are kept), so a repeat costs nothing.
        done = self.__dict__.get("_pia_wrapped")
        if done is not None and done[0] == availWidth and self.__dict__.get("blPara") is done[1]:
            self.width, self.height = availWidth, done[2]
            return availWidth, done[2]
        width, height = super().wrap(availWidth, availHeight)
        lines = self.__dict__.get("blPara")
        if lines is not None and width == availWidth:
            self._pia_wrapped = (availWidth, lines, height)
        return width, height

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        if not self.frags:
            return ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        # Tables wrap a cell several times, and multiBuild lays the document out two or three times: the
        # lines for one set of widths never change, so keep them.
        key = tuple(maxWidths)
        cache = self.__dict__.setdefault("_pia_lines", {})
        if key not in cache:
            cache[key] = kinsoku_split(self.frags, list(maxWidths), auto_leading not in ("", "off"))
        return cache[key]

    def drawPara(self, debug: int = 0) -> None:
        lines = None if debug else plain_lines(self)
        if lines is None:
            super().drawPara(debug)
            return
        draw_plain(self, lines)
