"""The diagram's words (``catalog/texts/diagram.yaml`` in the message catalogue) and small helpers built on them."""

from __future__ import annotations

from pia_toolkit.catalog.texts import say
from pia_toolkit.catalog.vocabularies import vocabulary

_CIRCLED = (
    [chr(0x2460 + i) for i in range(20)] + [chr(0x3251 + i) for i in range(15)] + [chr(0x32B1 + i) for i in range(15)]
)
"""①–⑳, ㉑–㉟, ㊱–㊿."""


def t(key: str, lang: str, **values: object) -> str:
    """``diagram.<key>`` from the message catalogue."""
    return say(f"diagram.{key}", lang, **values)


def step_mark(number: int) -> str:
    """① for 1 … ㊿ for 50, then "51." (step 0 is shown as "0.")."""
    return _CIRCLED[number - 1] if 1 <= number <= len(_CIRCLED) else f"{number}."


def vocab_label(vocab: str, key: str, lang: str) -> str:
    return vocabulary(vocab).label(key, lang)


def data_class_label(data_class: str, lang: str) -> str:
    return say(f"common.class.{data_class}", lang)


def channel_text(channel: str, lang: str) -> str:
    """The channel's name; an unknown channel says so in words (the vocabulary's bare 不明 reads oddly alone)."""
    return t("channel_unknown", lang) if channel == "unknown" else vocab_label("channels", channel, lang)
