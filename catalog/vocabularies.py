"""The controlled vocabularies of the flow model (node kinds, channels, zones...).

Each vocabulary is a YAML list in ``catalog/vocab/``; each entry carries an ``id``, a Japanese label (``ja``),
an English label (``en``) and one-line descriptions. The schema in ``flows/`` takes its allowed values from here,
so adding a channel is a data edit.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from pia_toolkit.catalog.data import load_yaml
from pia_toolkit.catalog.texts import Bilingual, choose

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
        found = self.suggestion(wrong)
        return found.id if found else None

    def suggestion(self, wrong: object) -> Suggestion | None:
        """What the owner probably meant by ``wrong``: an id written in another case (``LGWAN``), a label or
        an alias written where the id belongs (``委託先``, ``USB``), a word the vocabulary answers with a
        hint (``gateway``), or an id a typo away. None when nothing is close."""
        text = str(wrong)
        if len(text) > _LONGEST:
            return None
        folded = _fold(text)
        term_id = self._ids(text)
        if term_id is not None and _fold(term_id) == folded:
            return Suggestion(term_id)
        words = self._words
        if folded in words:
            return words[folded]
        if term_id is not None:
            return Suggestion(term_id)
        return self._mentioned(folded)

    @cached_property
    def _ids(self) -> Suggester:
        return Suggester(self.ids)

    @cached_property
    def _words(self) -> dict[str, Suggestion]:
        """Every label, part of a label and alias, folded, with what it stands for; ambiguous words left out.

        A whole label or alias wins over a part of another label (``インターネット`` is the internet, not the
        internet VPN); two terms claiming the same word on the same footing cancel out.
        """
        tiers: tuple[dict[str, Suggestion | None], dict[str, Suggestion | None]] = ({}, {})

        def add(tier: int, word: str, found: Suggestion) -> None:
            key = _fold(word)
            if key:
                words = tiers[tier]
                words[key] = found if words.get(key, found) == found else None

        for term in self.terms.values():
            label = Bilingual(term.ja, term.en)
            for text in (term.ja, term.en):
                add(0, text, Suggestion(term.id, label))
                for part in _LABEL_PARTS.split(text):
                    add(1, part, Suggestion(term.id, label))
            for alias in term.extra.get("aliases") or ():
                if isinstance(alias, dict):
                    hint = Bilingual.of(alias.get("hint"), where=f"vocab/{self.name}.yaml: {term.id}")
                    for word in alias.get("words") or ():
                        add(0, str(word), Suggestion(term.id, hint=hint))
                else:
                    add(0, str(alias), Suggestion(term.id, label))
        whole, parts = tiers
        merged = {**parts, **whole}
        return {key: found for key, found in merged.items() if found is not None}

    def _mentioned(self, folded: str) -> Suggestion | None:
        """The one term whose label or description mentions ``folded`` (``USBメモリ`` in "USBメモリ等による...")."""
        if len(folded) < 2:
            return None
        for fields in (("ja", "en"), ("description", "description_en")):
            found = [t for t in self.terms.values() if any(folded in _fold(getattr(t, f)) for f in fields)]
            if len(found) == 1:
                return Suggestion(found[0].id, Bilingual(found[0].ja, found[0].en))
            if found:
                return None
        return None


@dataclass(frozen=True)
class Suggestion:
    """An id to suggest: with the term's label when the owner wrote a label or alias, or with a hint instead
    of an id-for-id replacement (``gateway`` → "a system with boundary: sanitising")."""

    id: str
    label: Bilingual | None = None
    hint: Bilingual | None = None


_LABEL_PARTS = re.compile(r"[・/／（）()、,，]+|\s+/\s+")
_LONGEST = 200
"""Words longer than this get no suggestion: nobody mistypes a paragraph for an id."""


def _fold(text: str) -> str:
    """``text`` as compared for suggestions: full-width letters made plain (ＬＧＷＡＮ), case and ``-``/``_``
    and spaces ignored."""
    return re.sub(r"[\s\-_]+", "_", unicodedata.normalize("NFKC", text).casefold()).strip("_")


class Suggester:
    """The known name closest to a wrong one, for "did you mean" hints; prepared once, asked many times.

    Names are compared folded (case, width, ``-``/``_``), so ``LGWAN`` finds ``lgwan`` and ``Scheme``
    ``scheme``. Up to :attr:`SMALL` names, difflib's similarity picks the closest; a larger list (the
    10,000 node ids of a big model) is searched for names one edit away through an index of deletions, so
    that reporting hundreds of unknown ids never compares each with every known one.
    """

    SMALL = 1000

    def __init__(self, known: Iterable[str]) -> None:
        self._by_fold: dict[str, str] = {}
        for name in known:
            if isinstance(name, str):
                self._by_fold.setdefault(_fold(name), name)
        self._folded = list(self._by_fold)
        self._cache: dict[str, str | None] = {}
        self._deletions: dict[str, list[str]] | None = None

    def __call__(self, wrong: object) -> str | None:
        text = str(wrong)
        if text not in self._cache:
            self._cache[text] = self._find(text) if len(text) <= _LONGEST else None
        return self._cache[text]

    def _find(self, text: str) -> str | None:
        folded = _fold(text)
        if not folded:
            return None
        if folded in self._by_fold:
            return self._by_fold[folded]
        if len(self._folded) <= self.SMALL:
            matches = difflib.get_close_matches(folded, self._folded, n=1, cutoff=0.6)
            return self._by_fold[matches[0]] if matches else None
        return self._one_edit(folded)

    def _one_edit(self, folded: str) -> str | None:
        if self._deletions is None:
            self._deletions = {}
            for name in self._folded:
                for variant in _deletions(name):
                    self._deletions.setdefault(variant, []).append(name)
        candidates: dict[str, None] = {}
        for variant in (folded, *_deletions(folded)):
            for name in self._deletions.get(variant, ()):
                candidates.setdefault(name)
            if variant in self._by_fold:
                candidates.setdefault(variant)
        if not candidates:
            return None
        best = max(candidates, key=lambda name: difflib.SequenceMatcher(None, folded, name).ratio())
        return self._by_fold[best]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def did_you_mean(wrong: str, known: list[str]) -> str | None:
    """The name in ``known`` the owner probably meant by ``wrong`` (see :class:`Suggester`)."""
    return Suggester(known)(wrong)


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
