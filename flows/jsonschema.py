"""The JSON Schema of a flow document, as editors consume it."""

from __future__ import annotations

from typing import Any

from pia_toolkit.flows.schema import FlowDocument

SCHEMA_ID = "https://pia-toolkit.invalid/flow.schema.json"
SCHEMA_FILE = "flow.schema.json"


def flow_json_schema() -> dict[str, Any]:
    schema = FlowDocument.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "pia-toolkit flow model",
        **schema,
    }
