"""An assessment's answers as values: as the document keeps them (every string one a YAML file can hold), as
callers read them (plain dicts and lists, dates as ISO text), their fingerprint, and where two of them differ."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from pia_toolkit.flows.errors import short
from pia_toolkit.pia.assessment import yaml_text
from pia_toolkit.pia.assessment.merge import comparable


def plain(value: Any) -> Any:
    """ruamel's commented containers as plain Python, for callers."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in yaml_text.pairs(value)}
    if isinstance(value, list):
        return [plain(v) for v in yaml_text.elements(value)]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def kept(value: Any, replaced: list[int] | None = None) -> Any:
    """A value as the document keeps it: a copy (plain dicts and lists; the writer puts them in block style)
    in which every string is one a YAML file can hold.

    Lone surrogates (which no UTF-8 file can hold) become U+FFFD; ``replaced`` counts them.
    """
    if isinstance(value, str):
        text, count = yaml_text.clean(str(value))
        if count and replaced is not None:
            replaced[0] += count
        return text
    if isinstance(value, dict):
        return {kept(k, replaced) if isinstance(k, str) else k: kept(v, replaced) for k, v in yaml_text.pairs(value)}
    if isinstance(value, list | tuple):
        items = list(yaml_text.elements(value)) if isinstance(value, list) else list(value)
        if all(type(v) is str for v in items) and not yaml_text.has_surrogates("".join(items)):
            return items  # the common case (model_refs, choice ids), without a call per element
        return [kept(v, replaced) for v in items]
    return value


def answer_digest(value: Any) -> str:
    """A short fingerprint of an answer (the model's, recorded beside a pre-filled answer)."""
    try:
        canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    except TypeError:  # keys of mixed types cannot be sorted as they are
        canonical = json.dumps(comparable(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def first_difference(back: Any, data: Any, path: str = "") -> str:
    """Where the text read back differs from the document (for the message when a save is refused)."""
    if isinstance(data, dict) and isinstance(back, dict):
        for key in data:
            if key not in back:
                return f"{path}.{key}: missing"
            if comparable(back[key]) != comparable(data[key]):
                return first_difference(back[key], data[key], f"{path}.{key}" if path else str(key))
        return f"{path}: keys differ"
    if isinstance(data, list) and isinstance(back, list) and len(data) == len(back):
        for index, (a, b) in enumerate(zip(back, data, strict=True)):
            if comparable(a) != comparable(b):
                return first_difference(a, b, f"{path}[{index}]")
    return f"{path}: {short(data)} read back as {short(back)}"
