"""The 全項目評価書 item catalog (``catalog/form/full_item.yaml``) as typed objects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pia_toolkit.catalog.data import load_yaml
from pia_toolkit.catalog.texts import Bilingual

ANSWER_TYPES = ("text", "textarea", "choice", "multi_choice", "number", "date", "block")

# 特定個人情報 → 個人情報, except in the names of the assessment scheme itself (特定個人情報保護評価書, その計画管理書,
# 指針), which are proper nouns of the My Number Act and stay as they are.
_VOLUNTARY_JA = re.compile(r"特定個人情報(?!保護評価)")
_VOLUNTARY_EN = re.compile(r"([Ss])pecific ([Pp])ersonal ([Ii])nformation(?! [Pp]rotection [Aa]ssessment)")


def voluntary_wording(text: str, lang: str) -> str:
    """``text`` worded for a voluntary assessment of a scheme without 特定個人情報 (特定個人情報ファイル →
    個人情報ファイル): the form is written for My Number files; the same structure serves other schemes."""
    if lang != "ja":  # an English text may quote Japanese terms too
        text = _VOLUNTARY_EN.sub(lambda m: f"{'P' if m[1] == 'S' else 'p'}ersonal {m[3]}nformation", text)
    return _VOLUNTARY_JA.sub("個人情報", text)


class Labelled:
    """An entry of the catalog shown by its bilingual ``label``: a choice, a block's column, an item."""

    label: Bilingual

    def text(self, lang: str = "ja") -> str:
        return self.label.get(lang)


@dataclass(frozen=True)
class Choice(Labelled):
    id: str
    label: Bilingual
    group: Bilingual | None = None
    """The row of the form the choice sits in (識別情報, 連絡先等情報...), where the form groups its choices."""
    claims_handled: bool = False
    """The choice says the risk is handled (十分である, 特に力を入れている, 記録を残している...): beside an open high
    or critical finding on the same item it is a contradiction (``claims_handled: true`` in the catalog)."""


@dataclass(frozen=True)
class BlockField(Labelled):
    """One column of a repeated block (systems, entrustments, recipients...)."""

    id: str
    label: Bilingual
    type: str = "text"
    number: str = ""
    choices: tuple[Choice, ...] = ()
    choice_set: str | None = None
    significant: bool = False
    public: bool = True
    prefill: str | None = None


@dataclass(frozen=True)
class FormItem(Labelled):
    id: str
    section: str
    number: str
    label: Bilingual
    help: Bilingual
    type: str
    choices: tuple[Choice, ...] = ()
    choice_set: str | None = None
    fields: tuple[BlockField, ...] = ()
    significant: bool = False
    """※: a change to this item is a significant change (重要な変更) needing re-assessment."""
    viewpoints: tuple[str, ...] = ()
    reconstructed: bool = False
    required: bool = False
    public: bool = True
    prefill: str | None = None
    headings: tuple[Bilingual, ...] = ()
    """Headings printed above the item in the form, outermost first (sub-section, risk)."""
    per_file: bool = False

    def heading_path(self, lang: str = "ja") -> tuple[str, ...]:
        return tuple(heading.get(lang) for heading in self.headings)

    def help_text(self, lang: str = "ja") -> str:
        return self.help.get(lang)

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class FormSection:
    id: str
    title: Bilingual
    items: tuple[FormItem, ...]
    per_file: bool = False
    """The form repeats this section once per 特定個人情報ファイル."""

    def text(self, lang: str = "ja") -> str:
        return self.title.get(lang)


@dataclass(frozen=True)
class FormCatalog:
    id: str
    title: Bilingual
    version: str
    source: str
    catalog_version: str
    sections: tuple[FormSection, ...]
    choice_sets: dict[str, tuple[Choice, ...]]
    viewpoints: dict[str, Bilingual]
    layouts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def items(self) -> list[FormItem]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> FormItem:
        return self._index[item_id]

    def has(self, item_id: str) -> bool:
        return item_id in self._index

    @property
    def _index(self) -> dict[str, FormItem]:
        cached = self.__dict__.get("_index_cache")
        if cached is None:
            cached = {item.id: item for item in self.items}
            object.__setattr__(self, "_index_cache", cached)
        return cached


def _pair(entry: dict[str, Any], name: str, my_number: bool = True) -> Bilingual:
    ja, en = str(entry.get(name) or ""), str(entry.get(f"{name}_en") or entry.get(name) or "")
    return Bilingual(ja, en) if my_number else Bilingual(voluntary_wording(ja, "ja"), voluntary_wording(en, "en"))


def _choices(entries: list[dict[str, Any]], my_number: bool) -> tuple[Choice, ...]:
    return tuple(
        Choice(
            str(c["id"]),
            _pair(c, "label", my_number),
            group=_pair(c, "group", my_number) if c.get("group") else None,
            claims_handled=bool(c.get("claims_handled", False)),
        )
        for c in entries
    )


def _headings(entry: dict[str, Any], my_number: bool) -> tuple[Bilingual, ...]:
    ja = [str(h) for h in entry.get("headings") or ()]
    en = [str(h) for h in entry.get("headings_en") or ()]
    pairs = [{"h": h, "h_en": en[i] if i < len(en) and len(en) == len(ja) else h} for i, h in enumerate(ja)]
    return tuple(_pair(pair, "h", my_number) for pair in pairs)


def _field(entry: dict[str, Any], choice_sets: dict[str, tuple[Choice, ...]], my_number: bool) -> BlockField:
    return BlockField(
        id=entry["id"],
        label=_pair(entry, "label", my_number),
        type=entry.get("type", "text"),
        number=str(entry.get("number", "")),
        choices=choice_sets.get(entry.get("choices") or "", ()),
        choice_set=entry.get("choices"),
        significant=bool(entry.get("significant", False)),
        public=bool(entry.get("public", True)),
        prefill=entry.get("prefill"),
    )


@cache
def full_item_form(my_number: bool = True) -> FormCatalog:
    """The 全項目評価書 catalog shipped in ``catalog/form/full_item.yaml``; ``my_number=False``: the same items
    worded for a voluntary assessment of a scheme without 特定個人情報 (:func:`voluntary_wording`), so the
    review app, ``assess status`` and the PDF say 個人情報ファイル alike."""
    raw = load_yaml("form/full_item.yaml")
    choice_sets = {name: _choices(entries, my_number) for name, entries in (raw.get("choices") or {}).items()}
    sections = []
    for section in raw["sections"]:
        items = []
        for entry in section.get("items") or []:
            choice_set = entry.get("choices")
            items.append(
                FormItem(
                    id=entry["id"],
                    section=section["id"],
                    number=str(entry.get("number", "")),
                    label=_pair(entry, "label", my_number),
                    help=_pair(entry, "help", my_number),
                    type=entry.get("type", "text"),
                    choices=choice_sets.get(choice_set, ()) if choice_set else (),
                    choice_set=choice_set,
                    fields=tuple(_field(f, choice_sets, my_number) for f in entry.get("fields") or []),
                    significant=bool(entry.get("significant", False)),
                    viewpoints=tuple(entry.get("viewpoints") or ()),
                    reconstructed=bool(entry.get("reconstructed", False)),
                    required=bool(entry.get("required", False)),
                    public=bool(entry.get("public", True)),
                    prefill=entry.get("prefill"),
                    headings=_headings(entry, my_number),
                    per_file=bool(section.get("per_file", False)),
                )
            )
        sections.append(
            FormSection(
                section["id"], _pair(section, "title", my_number), tuple(items), bool(section.get("per_file", False))
            )
        )
    form = raw["form"]
    layouts = {name: tuple(ids) for name, ids in (raw.get("layouts") or {}).items() if isinstance(ids, list)}
    return FormCatalog(
        id=form["id"],
        title=_pair(form, "title"),
        version=str(form.get("version", "")),
        source=str(form.get("source", "")),
        catalog_version=str(form.get("catalog_version", "")),
        sections=tuple(sections),
        choice_sets=choice_sets,
        viewpoints={v["id"]: _pair(v, "label", my_number) for v in raw.get("viewpoints") or []},
        layouts=layouts,
    )
