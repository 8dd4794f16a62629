"""Text from a model or an assessment, made safe to show: characters that act instead of printing are shown.

A model title can hold an escape sequence (``ESC ]52;c;…`` writes the reader's clipboard, ``ESC [2J`` clears the
screen) or a bidirectional control (U+202E) that reorders what the reviewer reads. Wherever such text reaches a
terminal or a report for people, each of these characters is replaced by a visible stand-in: a C0 control by its
Unicode control picture (ESC → ␛), any other by its code point (⟨U+202E⟩). Data formats keep the characters and
write them as JSON escapes instead (:func:`json_visible`), so nothing is lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

_C0 = {code: chr(0x2400 + code) for code in range(0x20)}
_OTHERS = (
    0x7F,
    *range(0x80, 0xA0),  # C1 controls (0x9B is CSI on 8-bit terminals)
    *(0x061C, 0x200E, 0x200F),  # Arabic letter mark, LRM, RLM
    *range(0x202A, 0x202F),  # LRE RLE PDF LRO RLO
    *range(0x2066, 0x206A),  # LRI RLI FSI PDI
    *(0x2028, 0x2029),  # line and paragraph separators: a break in some terminals, not in YAML positions
    *(0xFFF9, 0xFFFA, 0xFFFB, 0xFFFE, 0xFFFF),  # interlinear annotation controls, non-characters
)
_SHOWN: dict[int, str] = {**_C0, **{code: f"⟨U+{code:04X}⟩" for code in _OTHERS}}
_SHOWN[0x7F] = "␡"
_AS_JSON: dict[int, str] = {code: f"\\u{code:04x}" for code in _OTHERS}
_JSON_PATTERN = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_AS_JSON)) + "]")
_PATTERN = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_SHOWN)) + "]")


def _table(keep: str) -> dict[int, str]:
    table = dict(_SHOWN)
    for character in keep:
        table.pop(ord(character), None)
    return table


_KEEP_LINES = _table("\n\t")
_KEEP_NONE = _table("")


def visible(text: str, *, lines: bool = True) -> str:
    """``text`` with every control, bidi and separator character replaced by a visible stand-in; newlines and
    tabs are kept when ``lines`` (a report), shown too when not (one cell, one title)."""
    return text.translate(_KEEP_LINES if lines else _KEEP_NONE)


def hidden_characters(text: str, *, lines: bool = True) -> Iterator[tuple[int, str]]:
    """(index, character) of each character :func:`visible` would replace: what a loader warns about."""
    for match in _PATTERN.finditer(text):
        character = match.group()
        if lines and character in "\n\t\r":
            continue
        yield match.start(), character


def json_visible(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with the characters that survive JSON raw written as ``\\uXXXX``: the
    same data, read back unchanged, that cannot act when the file is shown in a terminal."""
    # A regular expression finds the few such characters in C; str.translate would look up every character of a
    # report that runs to tens of megabytes on a large model.
    return _JSON_PATTERN.sub(_as_json, text)


def _as_json(match: re.Match[str]) -> str:
    return _AS_JSON[ord(match.group())]


def json_text(data: object, *, indent: int | None = 2, records_at: int | None = None) -> str:
    """``data`` as JSON for a file or a terminal: UTF-8 Japanese as written, acting characters escaped.

    ``records_at`` writes every container that deep on one line (a finding, a SARIF result): the file still reads
    as an indented outline, one record per line for ``grep``, and the records are encoded by json's C encoder,
    which Python's own does not use once ``indent`` is given (an indented 40 MB report of a 10,000-node model
    costs twice as long as the records one per line).
    """
    import json  # json is light; kept local so the texts package stays import-cheap

    if indent is None or records_at is None:
        return json_visible(json.dumps(data, ensure_ascii=False, indent=indent, default=str)) + "\n"
    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
    parts: list[str] = []
    _outline(data, encode, " " * indent, 0, records_at, parts)
    return json_visible("".join(parts)) + "\n"


def _outline(
    value: object, encode: Callable[[object], str], pad: str, depth: int, records_at: int, out: list[str]
) -> None:
    """Append ``value`` to ``out`` as indented JSON down to ``records_at``, each container there on one line."""
    if depth >= records_at or not isinstance(value, (dict, list, tuple)) or not value:
        out.append(encode(value))
        return
    inner = "\n" + pad * (depth + 1)
    if isinstance(value, dict):
        out.append("{")
        for number, (key, item) in enumerate(value.items()):
            # a key as json.dumps writes it (True -> "true", 1 -> "1"): encode a one-key mapping, keep the key
            key_text = encode(key) if isinstance(key, str) else encode({key: 0})[1:-4]
            out.append(("," if number else "") + inner + key_text + ": ")
            _outline(item, encode, pad, depth + 1, records_at, out)
        out.append("\n" + pad * depth + "}")
        return
    out.append("[")
    for number, item in enumerate(value):
        out.append(("," if number else "") + inner)
        _outline(item, encode, pad, depth + 1, records_at, out)
    out.append("\n" + pad * depth + "]")


# Letters and symbols that print as nothing: Hangul fillers, the Mongolian vowel separator, the blank braille
# pattern. Everything else invisible is found by its Unicode category.
_BLANK_PRINTING = frozenset({0x115F, 0x1160, 0x180E, 0x2800, 0x3164, 0xFFA0})
# Cc controls, Cf format characters (U+200B, U+2060, U+FEFF, bidi marks), Zs/Zl/Zp separators (NBSP, U+3000),
# Mn/Me marks with nothing to sit on (U+034F, variation selectors), Cs lone surrogates.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cs"})


def is_blank(text: str) -> bool:
    """``text`` shows no character a reader could see: empty, spaces of any kind (U+3000, NBSP), zero-width
    characters (U+200B, U+2060, U+FEFF), controls or lone combining marks. A justification, a reason or a
    name made of these is not stated, however it was typed or encoded."""
    return not any(_visible_character(character) for character in text)


def _visible_character(character: str) -> bool:
    if character.isspace() or ord(character) in _BLANK_PRINTING:
        return False
    return unicodedata.category(character) not in _INVISIBLE_CATEGORIES
