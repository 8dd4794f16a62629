"""Every fixed text the PDF prints: ``catalog/texts/pdf.yaml`` in the message catalogue."""

from __future__ import annotations

from pia_toolkit.catalog.texts import say


def t(key: str, lang: str = "ja", **values: object) -> str:
    return say(f"pdf.{key}", lang, **values)
