"""The one CSV writer: UTF-8 with a BOM and CRLF rows, so Excel keeps the Japanese intact, and no cell that a
spreadsheet would run as a formula (CSV injection) or a terminal would obey (control and bidi characters)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from pia_toolkit.catalog.texts.visible import is_blank, visible

BOM = "\ufeff"
# What makes Excel or LibreOffice read a cell as a formula, in ASCII and full width (Excel takes ＝ as =);
# leading blanks (spaces, U+3000, zero-width characters) do not stop it, so they are looked past.
_FORMULA_START = frozenset("=+-@＝＋－＠")
_ACTIVE_FIRST = frozenset("\t\r\n")


def cell(value: object) -> str:
    """One cell's text, kept as text: a leading apostrophe when a spreadsheet would evaluate it, that is when
    it starts with a tab or CR, or its first character that is not blank (:func:`is_blank`) starts a formula."""
    text = "" if value is None else str(value)
    first = next((character for character in text if not is_blank(character)), "")
    if (first and first in _FORMULA_START) or (text and text[0] in _ACTIVE_FIRST):
        text = "'" + text
    return visible(text)


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """The whole table, starting with the BOM; write it out as UTF-8 bytes, unchanged."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell(name) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return BOM + buffer.getvalue()
