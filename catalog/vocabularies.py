"""The controlled vocabularies of the flow model (node kinds, channels, zones...).

Each vocabulary is a YAML list in ``catalog/vocab/``; each entry carries an ``id``, a Japanese label (``ja``),
an English label (``en``) and one-line descriptions. The schema in ``flows/`` takes its allowed values from here,
so adding a channel is a data edit.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pia_toolkit.catalog.data import load_yaml
from pia_toolkit.catalog.texts import choose

VOCABULARY_FILES: dict[str, str] = {
    "node_kinds": "ノードの種類 / node kinds",
    "channels": "経路 / channels",
    "zone_kinds": "ゾーン / zone kinds",
    "relationships": "関係 / relationships",
    "data_categories": "データ区分 / data categories",
    "protections": "保護措置 / protections",
    "certifications": "認証 / certifications",
    "assurance": "根拠の強さ / assurance levels",
    "clause_groups": "契約条項群 / contract clause groups",
    "roles": "役割 / roles",
    "access_scopes": "閲覧の範囲 / access scopes",
    "phases": "段階 / phases",
}


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary."""

    id: str
    ja: str
    en: str
    description: str
    description_en: str
    extra: dict[str, Any] = field(default_factory=dict)

    def label(self, lang: str = "ja") -> str:
        return choose(lang, self.ja, self.en)

    def describe(self, lang: str = "ja") -> str:
        return choose(lang, self.description, self.description_en)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    title: str
    terms: dict[str, Term]

    @property
    def ids(self) -> list[str]:
        return list(self.terms)

    def __contains__(self, key: object) -> bool:
        return key in self.terms

    def __getitem__(self, key: str) -> Term:
        return self.terms[key]

    def label(self, key: str, lang: str = "ja") -> str:
        term = self.terms.get(key)
        return term.label(lang) if term else key

    def having(self, flag: str, value: object = True) -> frozenset[str]:
        """The ids whose entry sets ``flag`` to ``value`` (e.g. node kinds with ``side: contractor``)."""
        return frozenset(term.id for term in self.terms.values() if term.extra.get(flag) == value)

    def suggest(self, wrong: str) -> str | None:
        """The closest known id, for a "did you mean" hint."""
        return did_you_mean(wrong, self.ids)


def did_you_mean(wrong: str, known: list[str]) -> str | None:
    matches = difflib.get_close_matches(str(wrong), known, n=1, cutoff=0.6)
    return matches[0] if matches else None


_BASE_KEYS = {"id", "ja", "en", "description", "description_en"}


@cache
def vocabulary(name: str) -> Vocabulary:
    entries = load_yaml(f"vocab/{name}.yaml")
    terms = {
        e["id"]: Term(
            id=e["id"],
            ja=e["ja"],
            en=e["en"],
            description=e.get("description", ""),
            description_en=e.get("description_en", ""),
            extra={k: v for k, v in e.items() if k not in _BASE_KEYS},
        )
        for e in entries
    }
    return Vocabulary(name=name, title=VOCABULARY_FILES[name], terms=terms)


def all_vocabularies() -> list[Vocabulary]:
    return [vocabulary(name) for name in VOCABULARY_FILES]


# Legal classes of data, strongest protection first; the rule engine raises severity for the first two.
SPECIAL_CLASSES = ("my_number", "sensitive")
PERSONAL_CLASSES = ("my_number", "sensitive", "personal", "pseudonymised")


@cache
def category_class(category: str) -> str:
    """The legal class (personal, sensitive, my_number, ...) of a data category."""
    term = vocabulary("data_categories").terms[category]
    return str(term.extra["class"])


@cache
def category_ancestors(category: str) -> tuple[str, ...]:
    """The category and its parents up the hierarchy (個人情報 > 要配慮個人情報 > 健康...)."""
    terms = vocabulary("data_categories").terms
    chain: list[str] = []
    current: str | None = category
    while current is not None and current not in chain:
        chain.append(current)
        current = terms[current].extra.get("parent")
    return tuple(chain)
