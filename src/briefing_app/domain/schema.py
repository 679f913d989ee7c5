"""The dataset's JSON Schema, generated from the pydantic models."""

from __future__ import annotations

import json

from .models import Dataset


def schema_text() -> str:
    schema = Dataset.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Briefing app dataset"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
