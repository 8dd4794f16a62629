"""A small, fast YAML writer: block style at the top, one flow mapping per element (17 MB in about a second)."""

from __future__ import annotations

import json
import re
from typing import Any

from pia_toolkit.pia.assessment.yaml_text import constant

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf"}


def _scalar(value: Any) -> str:
    word = constant(value)
    if word is not None:
        return word
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _DATE.match(text) or (_PLAIN.match(text) and text.lower() not in _WORDS):
        return text
    return json.dumps(text, ensure_ascii=False)


def _string(text: str, cache: dict[str, str] = {}) -> str:  # noqa: B006 - a deliberate memo
    out = cache.get(text)
    if out is None:
        out = cache[text] = _scalar(text)
    return out


def _flow(value: Any) -> str:
    if type(value) is str:
        return _string(value)
    if type(value) is dict:
        return "{" + ", ".join([f"{key}: {_flow(item)}" for key, item in value.items()]) + "}"
    if type(value) is list:
        return "[" + ", ".join([_flow(item) for item in value]) + "]"
    return _scalar(value)


def to_yaml(model: dict[str, Any]) -> str:
    """Block style at the top, one flow mapping per element below it."""
    out: list[str] = [f"# Synthetic benchmark model: {len(model['nodes'])} nodes, {len(model['flows'])} flows.", ""]
    for key, value in model.items():
        if isinstance(value, dict):
            out.append(f"{key}:")
            out.extend(f"  {k}: {_flow(v)}" for k, v in value.items())
        elif isinstance(value, list):
            out.append(f"{key}:")
            out.extend(f"  - {_flow(element)}" for element in value)
        else:
            out.append(f"{key}: {_scalar(value)}")
    out.append("")
    return "\n".join(out)
