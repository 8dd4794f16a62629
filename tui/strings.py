"""The reviewer app's texts: ``catalog/texts/tui.yaml`` in the message catalogue, in the app's language.

Keys are short English names (``tui.<key>`` in the catalogue); values may hold ``{placeholders}``. Texts that
come from the form catalog, the rules or the model are not here: they carry their own Japanese and English.
"""

from __future__ import annotations

from pia_toolkit.catalog.texts import LANGS, say


class Strings:
    """``texts("saved_at", time="12:03")``: the text for the app's language."""

    def __init__(self, lang: str = "ja") -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        return say(f"tui.{key}", self.lang, **values)
