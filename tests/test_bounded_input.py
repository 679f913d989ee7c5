"""Bounded work: an edition larger than the documented caps is refused at once with a clear message, and
running out of memory is a message, never a traceback (issue 16)."""

from __future__ import annotations

import pytest

from briefing_app import cli
from briefing_app.domain import DatasetError
from briefing_app.domain import loading
from briefing_app.domain.models import MAX_ITEMS, Dataset


def test_the_caps_are_part_of_the_schema():
    properties = Dataset.model_json_schema()["properties"]
    for kind in ("findings", "recommendations", "sources"):
        assert properties[kind]["maxItems"] == MAX_ITEMS


def test_an_edition_over_the_cap_is_refused_before_it_is_validated(dataset_path, monkeypatch):
    data = dataset_path.read_bytes()
    validated = []
    monkeypatch.setattr(loading, "MAX_ITEMS", 10)
    monkeypatch.setattr(loading.Dataset, "model_validate_json", lambda *a, **k: validated.append(1))
    with pytest.raises(DatasetError) as error:
        loading.parse_dataset(data, "big.json")
    paths = {p.path: p.message for p in error.value.problems}
    assert set(paths) == {"$.findings", "$.recommendations", "$.sources"}
    assert "at most 10 are supported" in paths["$.findings"] and "62 findings" in paths["$.findings"]
    assert not validated, "refused before pydantic spent time on it"


def test_running_out_of_memory_is_a_clear_problem_not_a_traceback(dataset_path, monkeypatch, capsys):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(loading.Dataset, "model_validate_json", exhausted)
    with pytest.raises(DatasetError) as error:
        loading.parse_dataset(dataset_path.read_bytes(), "x.json")
    assert "ran out of memory" in error.value.problems[0].message
    assert cli.main(["validate", str(dataset_path)]) == 1
    captured = capsys.readouterr()
    assert "ran out of memory" in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err


def test_a_command_that_runs_out_of_memory_says_so(monkeypatch, capsys):
    def exhausted(args):
        raise MemoryError

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    for action in parser._subparsers._group_actions[0].choices.values():
        action.set_defaults(handler=exhausted)
    assert cli.main(["schema"]) == cli.EXIT_FAILURE
    assert "ran out of memory" in capsys.readouterr().err


def test_a_pack_is_capped_where_it_is_built_and_where_it_is_read(qtbot, catalogue):
    import json as json_module

    from briefing_app.charts.spec import available_charts
    from briefing_app.sheets.pack import MAX_PACK_CHARTS, MAX_PACK_ITEMS, Pack, PackError, parse_pack
    from briefing_app.sheets.pack_panel import PackPanel

    pack = Pack()
    for i in range(MAX_PACK_ITEMS):
        assert pack.add("finding", f"f{i}")
    assert not pack.add("finding", "one-more") and len(pack.items) == MAX_PACK_ITEMS
    assert "at most 200 items" in pack.full_for("finding")

    items = [{"kind": "chart", "id": f"sector:x{i}"} for i in range(MAX_PACK_CHARTS + 1)]
    with pytest.raises(PackError) as error:
        parse_pack(json_module.dumps({"format": "briefing-app-pack", "schema_version": 1, "items": items}).encode(),
                   "many.brief.json")
    assert f"at most {MAX_PACK_CHARTS} charts" in str(error.value)

    panel = PackPanel(catalogue)
    qtbot.addWidget(panel)
    for i in range(MAX_PACK_ITEMS):
        assert panel.model.add("finding", f"g{i}")
    messages = []
    panel.messageRequested.connect(messages.append)
    key = available_charts(catalogue)[0][0]
    before = panel.model.rowCount()
    assert not panel.add_item("chart", key)
    assert panel.model.rowCount() == before and "full" in messages[-1]
