"""The committed JSON Schema must match the models; `make schema` regenerates it."""

import json

from briefing_app.domain import data_dir
from briefing_app.domain.schema import schema_text


def test_committed_schema_is_up_to_date():
    committed = (data_dir() / "dataset.schema.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(schema_text()), "run `make schema` and commit data/dataset.schema.json"


def test_schema_describes_the_main_fields():
    schema = json.loads(schema_text())
    assert set(schema["required"]) >= {"schema_version", "edition", "sectors", "sources"}
    assert "Finding" in schema["$defs"] and "Recommendation" in schema["$defs"]
