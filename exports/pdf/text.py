"""Text that goes into the PDF: made safe for Paragraph markup, and set as paragraphs broken by Japanese rules.

Everything in a model or an assessment is user text. It passes through :func:`markup` before it meets a
Paragraph, so ``<b>``, ``&amp;`` and the like print literally, characters the font cannot draw (emoji) become
``?`` instead of blank boxes, and control characters disappear. :class:`JaParagraph` breaks its lines with
:mod:`exports.pdf.kinsoku` (禁則処理) and keeps what a long document repeats.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from reportlab.platypus.paragraph import Paragraph, ParaLines, _handleBulletWidth, cleanBlockQuotedText

from pia_toolkit.exports.pdf.fonts import PdfFont
from pia_toolkit.exports.pdf.kinsoku import ID_CLOSE, ID_OPEN, copy_frag, kinsoku_split
from pia_toolkit.exports.pdf.plaindraw import draw_plain, plain_lines

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


def ident(text_markup: str) -> str:
    """An id (already escaped markup, e.g. ``DAT-01@guardian_mynumber``) that breaks only at its separators."""
    return f"{ID_OPEN}{text_markup}{ID_CLOSE}"


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


_TOKEN = re.compile(r"<[^<>]*>|&[^&;<>\s]*;?|[^<&]+")
_SIMPLE_TAG = re.compile(r'<(?:b|/b|/font|br/|font(?: (?:color|size)="[#0-9A-Za-z.]+")+)>\Z')
"""The tags this document's own markup is made of (:func:`markup`, ``grey``, severities, bold); a text with any
other tag, or an entity other than the three :func:`escape` writes, is parsed by reportlab in full."""
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}

_SKELETONS: dict[tuple[str, int], tuple[Any, Any, list[Any] | None]] = {}
"""By (skeleton, id of the style): the style (held), the style the parser returned and the frags of the skeleton,
each text run standing as ``x`` (None when the skeleton does not parse into one frag per run)."""
_RUN = "x"
_FIXED = frozenset([_RUN, *_ENTITIES.values()])


def _skeleton(text: str) -> tuple[str, list[str]] | None:
    """``text`` with each run of text between tags and entities as ``x``, and the runs; None unless every tag
    and entity is one of :data:`_SIMPLE_TAG` and :data:`_ENTITIES`. (The parser gives an entity a frag of its
    own, so entities stay in the skeleton.)"""
    parts: list[str] = []
    runs: list[str] = []
    for token in _TOKEN.findall(text):
        if token.startswith("<"):
            if not _SIMPLE_TAG.match(token):
                return None
            parts.append(token)
        elif token.startswith("&"):
            if token not in _ENTITIES:
                return None
            parts.append(token)
        elif ">" in token:
            return None
        else:
            runs.append(token)
            parts.append(_RUN)
    return "".join(parts), runs


def _skeleton_frags(skeleton: str, style: Any) -> tuple[Any, list[Any]] | None:
    key = (skeleton, id(style))
    found = _SKELETONS.get(key)
    if found is None:
        probe = Paragraph(skeleton, style)
        frags = list(probe.frags)
        # Usable when each run became exactly one frag reading "x" and every other frag is a line break or
        # an entity's character.
        usable = not probe.bulletText and all(
            getattr(f, "text", None) in _FIXED or (getattr(f, "lineBreak", False) and not f.text) for f in frags
        )
        if len(_SKELETONS) >= PARSED_MAX:
            _SKELETONS.clear()
        found = _SKELETONS[key] = (style, probe.style, frags if usable else None)
    _, parsed_style, template = found
    return None if template is None else (parsed_style, template)


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
        elif cleaner is cleanBlockQuotedText and self._setup_from_skeleton(cleaner(text), style, cleaner):
            return
        super()._setup(text, style, bulletText, frags, cleaner)
        if self.bulletText is None:
            if len(_PARSED) >= PARSED_MAX:
                _PARSED.clear()
            _PARSED[key] = (style, self.style, self.text, [copy_frag(frag) for frag in self.frags])

    def _setup_from_skeleton(self, cleaned: str, style: Any, cleaner: Any) -> bool:
        """Frags for ``cleaned`` markup copied from those of its skeleton (the same tags, each text run ``x``): a
        document's markup has few shapes (a grey note, a bold id, lines joined by breaks), and reportlab's
        parser costs about a tenth of the whole export. False when the text is not made of the simple tags."""
        shape = _skeleton(cleaned)
        if shape is None:
            return False
        skeleton, runs = shape
        found = _skeleton_frags(skeleton, style)
        if found is None or sum(1 for f in found[1] if f.text == _RUN) != len(runs):
            return False
        parsed_style, template = found
        texts = iter(runs)
        frags = []
        for frag in template:
            word = copy_frag(frag)
            if frag.text == _RUN:
                word.text = next(texts)
            frags.append(word)
        super()._setup(cleaned, parsed_style, None, frags, cleaner)
        return True

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
