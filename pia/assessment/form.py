"""The 全項目評価書 item catalog (``catalog/form/full_item.yaml``) as typed objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pia_toolkit.catalog.data import load_yaml

ANSWER_TYPES = ("text", "textarea", "choice", "multi_choice", "number", "date", "block")


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    label_en: str

    def text(self, lang: str = "ja") -> str:
        return self.label if lang == "ja" else self.label_en


@dataclass(frozen=True)
class BlockField:
    """One column of a repeated block (systems, entrustments, recipients...)."""

    id: str
    label: str
    label_en: str
    type: str = "text"
    number: str = ""
    choices: tuple[Choice, ...] = ()
    significant: bool = False
    prefill: str | None = None

    def text(self, lang: str = "ja") -> str:
        return self.label if lang == "ja" else self.label_en


@dataclass(frozen=True)
class FormItem:
    id: str
    section: str
    number: str
    label: str
    label_en: str
    help: str
    help_en: str
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
    headings: tuple[str, ...] = ()
    """Headings printed above the item in the form, outermost first (sub-section, risk)."""
    headings_en: tuple[str, ...] = ()
    per_file: bool = False

    def text(self, lang: str = "ja") -> str:
        return self.label if lang == "ja" else self.label_en

    def heading_path(self, lang: str = "ja") -> tuple[str, ...]:
        return self.headings if lang == "ja" or not self.headings_en else self.headings_en

    def help_text(self, lang: str = "ja") -> str:
        return self.help if lang == "ja" else (self.help_en or self.help)

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class FormSection:
    id: str
    title: str
    title_en: str
    items: tuple[FormItem, ...]

    def text(self, lang: str = "ja") -> str:
        return self.title if lang == "ja" else self.title_en


@dataclass(frozen=True)
class FormCatalog:
    id: str
    title: str
    title_en: str
    version: str
    source: str
    catalog_version: str
    sections: tuple[FormSection, ...]
    choice_sets: dict[str, tuple[Choice, ...]]
    viewpoints: dict[str, tuple[str, str]]
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


def _choices(entries: list[dict[str, Any]]) -> tuple[Choice, ...]:
    return tuple(Choice(str(c["id"]), str(c["label"]), str(c.get("label_en", c["label"]))) for c in entries)


def _field(entry: dict[str, Any], choice_sets: dict[str, tuple[Choice, ...]]) -> BlockField:
    return BlockField(
        id=entry["id"],
        label=entry["label"],
        label_en=entry.get("label_en", entry["label"]),
        type=entry.get("type", "text"),
        number=str(entry.get("number", "")),
        choices=choice_sets.get(entry.get("choices") or "", ()),
        significant=bool(entry.get("significant", False)),
        prefill=entry.get("prefill"),
    )


@cache
def full_item_form() -> FormCatalog:
    """The 全項目評価書 catalog shipped in ``catalog/form/full_item.yaml``."""
    raw = load_yaml("form/full_item.yaml")
    choice_sets = {name: _choices(entries) for name, entries in (raw.get("choices") or {}).items()}
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
                    label=entry["label"],
                    label_en=entry.get("label_en", entry["label"]),
                    help=entry.get("help", ""),
                    help_en=entry.get("help_en", ""),
                    type=entry.get("type", "text"),
                    choices=choice_sets.get(choice_set, ()) if choice_set else (),
                    choice_set=choice_set,
                    fields=tuple(_field(f, choice_sets) for f in entry.get("fields") or []),
                    significant=bool(entry.get("significant", False)),
                    viewpoints=tuple(entry.get("viewpoints") or ()),
                    reconstructed=bool(entry.get("reconstructed", False)),
                    required=bool(entry.get("required", False)),
                    public=bool(entry.get("public", True)),
                    prefill=entry.get("prefill"),
                    headings=tuple(entry.get("headings") or ()),
                    headings_en=tuple(entry.get("headings_en") or ()),
                    per_file=bool(section.get("per_file", False)),
                )
            )
        sections.append(
            FormSection(section["id"], section["title"], section.get("title_en", section["title"]), tuple(items))
        )
    form = raw["form"]
    layouts = {name: tuple(ids) for name, ids in (raw.get("layouts") or {}).items() if isinstance(ids, list)}
    return FormCatalog(
        id=form["id"],
        title=form["title"],
        title_en=form.get("title_en", form["title"]),
        version=str(form.get("version", "")),
        source=str(form.get("source", "")),
        catalog_version=str(form.get("catalog_version", "")),
        sections=tuple(sections),
        choice_sets=choice_sets,
        viewpoints={v["id"]: (v["label"], v.get("label_en", v["label"])) for v in raw.get("viewpoints") or []},
        layouts=layouts,
    )
