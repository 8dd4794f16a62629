"""The JSON Schema of a flow document, as editors consume it."""

from __future__ import annotations

from typing import Any

from pia_toolkit.flows.schema import LIST_SECTIONS, FlowDocument

SCHEMA_ID = "https://pia-toolkit.invalid/flow.schema.json"
SCHEMA_FILE = "flow.schema.json"
FRAGMENT_ID = "https://pia-toolkit.invalid/fragment.schema.json"
FRAGMENT_FILE = "fragment.schema.json"


def flow_json_schema() -> dict[str, Any]:
    schema = FlowDocument.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "pia-toolkit flow model",
        **schema,
    }


def fragment_json_schema() -> dict[str, Any]:
    """The schema of an include fragment: only the list sections (and further includes), none required, so an
    editor does not mark a shared file of zones and nodes as a model missing its scheme."""
    schema = flow_json_schema()
    properties = schema["properties"]
    kept = {name: properties[name] for name in ("include", *LIST_SECTIONS) if name in properties}
    return {
        "$schema": schema["$schema"],
        "$id": FRAGMENT_ID,
        "title": "pia-toolkit flow model fragment (include)",
        "type": "object",
        "properties": kept,
        "additionalProperties": False,
        "$defs": schema.get("$defs", {}),
    }
