"""Every fixed text the toolkit shows, in Japanese and English, in one table.

The table is ``catalog/texts/<room>.yaml`` (cli, loader, report, diagram, pdf, tui, common): each file maps a
short key to ``{ja: ..., en: ...}``, and a key is used as ``<room>.<key>`` (``tui.saved``). Texts may hold
``{placeholders}`` that the caller fills::

    say("loader.file_too_large", lang, size=..., limit=...)      # one language, as a str
    message("loader.file_too_large", size=..., limit=...)        # both, to be shown later in either

Japanese is the default everywhere; ``--lang en`` picks English. Texts that belong to a piece of data (a rule's
title and messages, a form item's label, a vocabulary term) live beside that data and use :class:`Bilingual`
too. This module imports nothing of ours: it is on the catalog's lower floor, below ``flows``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from pia_toolkit.catalog.data import list_dir, load_yaml

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")


@dataclass(frozen=True)
class Bilingual:
    """One text in both languages; ``en`` falls back to ``ja`` when a source gives only Japanese."""

    ja: str
    en: str

    def get(self, lang: str = "ja") -> str:
        return self.en if lang == "en" and self.en else self.ja

    def format(self, **params: object) -> Bilingual:
        """Both languages with ``params`` filled in."""
        return Bilingual(fill(self.ja, params), fill(self.en or self.ja, params))

    @classmethod
    def of(cls, value: Any, *, where: str = "") -> Bilingual:
        """A ``{ja, en}`` mapping (or a plain string, the same in both) from a catalog file."""
        if isinstance(value, str):
            return cls(value, value)
        if isinstance(value, Mapping) and isinstance(value.get("ja"), str):
            en = value.get("en")
            return cls(value["ja"], en if isinstance(en, str) else value["ja"])
        raise ValueError(f"{where}: a text must be {{ja: ..., en: ...}}, not {value!r}")


@dataclass(frozen=True)
class Message:
    """A text from the table with its parameters, to be worded in whichever language the reader asked for."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "ja") -> str:
        return say(self.key, lang, **{name: worded(value, lang) for name, value in self.params.items()})

    def __str__(self) -> str:
        return self.text("ja")


def worded(value: object, lang: str) -> object:
    """A parameter in ``lang``: a nested message or text is worded in the same language as its parent."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, Bilingual):
        return value.get(lang)
    return value


def fill(template: str, params: Mapping[str, object]) -> str:
    """``template`` with each ``{name}`` filled from ``params``; ``{{`` and ``}}`` are braces.

    Only catalogue texts are templates: a value is inserted as it is and never read as a template itself.
    """
    return template.format_map(params)


def placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


@cache
def table() -> dict[str, Bilingual]:
    """The whole message catalogue, ``room.key`` → text."""
    texts: dict[str, Bilingual] = {}
    for name in list_dir("texts"):
        room = name.removesuffix(".yaml")
        for key, value in (load_yaml(f"texts/{name}") or {}).items():
            texts[f"{room}.{key}"] = Bilingual.of(value, where=f"catalog/texts/{name}: {key}")
    return texts


def text(key: str) -> Bilingual:
    """The text for ``key``; an unknown key is a bug in pia-toolkit, so it raises."""
    return table()[key]


def say(key: str, lang: str = "ja", /, **params: object) -> str:
    return fill(text(key).get(lang), params)


def message(key: str, /, **params: object) -> Message:
    text(key)  # fail at once, where the key is written, not later where it is shown
    return Message(key, params)


def choose(lang: str, ja: str, en: str | None) -> str:
    """For a text that is data (a title with an optional English title): the one for ``lang``."""
    return en if lang == "en" and en else ja
