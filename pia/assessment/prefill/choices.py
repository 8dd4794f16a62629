"""Mapping model values onto the form's fixed choices.

The form's enums are data (``catalog/form/full_item.yaml``), so nothing here hard-codes a choice id when it can
be read from the labels: count bands are parsed from labels such as 「1万人以上10万人未満」, and channels are
matched by id first and by label second. A value that fits no choice gives ``None``: the item stays open.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from pia_toolkit.catalog.vocabularies import category_ancestors, vocabulary
from pia_toolkit.pia.assessment.form import Choice

_NUMBER = r"([0-9][0-9,]*)(万|億)?"
_UNIT = r"(?:人|項目|年)"
_MULTIPLIER = {None: 1, "万": 10_000, "億": 100_000_000}


def _value(digits: str, multiplier: str | None) -> int:
    return int(digits.replace(",", "")) * _MULTIPLIER[multiplier]


def band(label: str) -> tuple[float, float] | None:
    """The half-open interval a band label covers: 「1万人以上10万人未満」 → (10000, 100000)."""
    lower = re.search(_NUMBER + _UNIT + "以上", label)
    upper = re.search(_NUMBER + _UNIT + "未満", label)
    if lower or upper:
        low = _value(*lower.groups()) if lower else 0
        high = _value(*upper.groups()) if upper else math.inf
        return float(low), float(high)
    exact = re.fullmatch(_NUMBER + _UNIT, label.strip())
    if exact:
        value = _value(*exact.groups())
        return float(value), float(value + 1)
    return None


def band_choice(choices: Sequence[Choice], value: float | None) -> str | None:
    """The id of the band choice containing ``value``."""
    if value is None:
        return None
    for choice in choices:
        interval = band(choice.label.ja)
        if interval is not None and interval[0] <= value < interval[1]:
            return choice.id
    return None


def choice_band(choices: Sequence[Choice], choice_id: object) -> tuple[float, float] | None:
    """The interval of an answered band choice (for consistency checks)."""
    choice = next((c for c in choices if c.id == choice_id), None)
    return band(choice.label.ja) if choice else None


def find_choice(choices: Sequence[Choice], *ids: str | None, labels: Iterable[str] = ()) -> str | None:
    """The first of ``ids`` the enum has, else the choice whose label equals or starts with one of ``labels``."""
    known = {c.id for c in choices}
    for choice_id in ids:
        if choice_id and choice_id in known:
            return choice_id
    wanted = [label for label in labels if label]
    for label in wanted:
        for choice in choices:
            if choice.label.ja == label or choice.label.ja.startswith(label):
                return choice.id
    return None


def other_choice(choices: Sequence[Choice]) -> str | None:
    return find_choice(choices, "other", labels=["その他"])


# ---- channels ------------------------------------------------------------------------------------------
_CHANNEL_ALIASES = {"dedicated": "dedicated_line", "internal": "internal_linkage"}
"""``form:`` keys in catalog/vocab/channels.yaml whose id differs from the form enum's id."""


def channel_choice(channel: str, choices: Sequence[Choice]) -> tuple[str, str | None] | None:
    """The form choice for a model channel, and the detail to write under 「その他（　）」.

    ``lgwan`` → (``other``, "LGWAN"); ``dedicated`` → (``dedicated_line``, None). Unknown channels give None.
    """
    if channel == "unknown":
        return None
    term = vocabulary("channels")[channel]
    key = str(term.extra.get("form") or "")
    chosen = find_choice(choices, key, _CHANNEL_ALIASES.get(key))
    if chosen is None:
        chosen = next((c.id for c in choices if c.label.ja != "その他" and c.label.ja in term.ja), None)
    other = other_choice(choices)
    if chosen is None or chosen == other:
        return (other, term.ja) if other else None
    return chosen, None


def channel_answer(channels: Iterable[str], choices: Sequence[Choice]) -> tuple[list[str], str | None]:
    """Choice ids (form order) and the 「その他」 detail for a set of model channels.

    One channel the model does not state makes the whole answer unknown (``[]``): ticking only the known
    channels would read as the complete list.
    """
    chosen: set[str] = set()
    details: list[str] = []
    wanted = list(dict.fromkeys(channels))
    if "unknown" in wanted:
        return [], None
    for channel in wanted:
        mapped = channel_choice(channel, choices)
        if mapped is None:
            continue
        chosen.add(mapped[0])
        if mapped[1] and mapped[1] not in details:
            details.append(mapped[1])
    ordered = [c.id for c in choices if c.id in chosen]
    return ordered, "、".join(details) or None


# ---- data categories → 主な記録項目 ----------------------------------------------------------------------
_RECORD_CATEGORY = {
    "my_number": "my_number",
    "my_number_data": "my_number",
    "identity": "four_basic",
    "contact": "contact",
    "household": "resident_record_other",
    "tax": "local_tax",
    "health": "health_medical",
    "disability": "disability_welfare",
    "welfare": "livelihood_welfare",
    "employment": "employment",
    "education": "school_education",
}
"""Model data category (or its nearest ancestor) → record_categories choice. Tax is 地方税 because a ward's tax
data is local tax; any other personal category falls to 「その他」."""

_NOT_RECORDED = {"anonymised", "pseudonymised", "non_personal"}


def record_category(category: str, choices: Sequence[Choice]) -> str | None:
    chain = category_ancestors(category)
    if chain[-1] in _NOT_RECORDED:
        return None
    for ancestor in chain:
        if ancestor in _RECORD_CATEGORY:
            found = find_choice(choices, _RECORD_CATEGORY[ancestor])
            if found:
                return found
    return other_choice(choices)


# ---- retention texts -----------------------------------------------------------------------------------
_UNDEFINED = re.compile(r"定め(が)?な|定められていない|無期限")
_FOREVER = re.compile(r"永年|永久")
_FOREVER_YEARS = 1e9


def retention_years(text: str) -> float | None:
    """Years in a retention text (「5年」, 「1年6か月」, 「永年」); ``-1`` for 「定めなし」; None if unreadable."""
    if _UNDEFINED.search(text):
        return -1.0
    if _FOREVER.search(text):
        return _FOREVER_YEARS
    years = re.search(r"([0-9]+(?:\.[0-9]+)?)\s*年", text)
    months = re.search(r"([0-9]+)\s*(?:か|ヶ|ケ|カ|箇|ｹ)?月", text)
    if not years and not months:
        return None
    return (float(years.group(1)) if years else 0.0) + (int(months.group(1)) / 12 if months else 0.0)


def retention_choice(years: float, choices: Sequence[Choice]) -> str | None:
    if years < 0:
        return find_choice(choices, "undefined", labels=["定められていない"])
    return band_choice(choices, years)
