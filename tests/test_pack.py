"""Briefing packs without Qt: editing, the JSON file (validated, versioned, atomic), items missing from a dataset."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from briefing_app.domain import Catalogue, load_dataset
from briefing_app.charts.spec import available_charts
from briefing_app.sheets.pack import (
    PACK_SCHEMA_VERSION,
    Pack,
    PackError,
    PackFile,
    new_pack,
    open_pack,
)


@pytest.fixture()
def some_items(catalogue):
    finding = catalogue.dataset.findings[0].id
    rec = catalogue.dataset.recommendations[0].id
    chart = available_charts(catalogue)[0][0]
    return [("finding", finding), ("recommendation", rec), ("chart", chart)]


def test_add_move_remove_note_title_mark_the_pack_modified(catalogue, some_items):
    pack = new_pack(catalogue)
    assert not pack.modified and pack.edition == catalogue.edition.id
    for kind, item_id in some_items:
        assert pack.add(kind, item_id)
    assert pack.modified
    assert not pack.add(*some_items[0]), "the same item is not added twice"
    assert [i.key for i in pack.items] == some_items
    pack.move(0, 2)
    assert [i.key for i in pack.items] == [some_items[1], some_items[2], some_items[0]]
    pack.set_note(0, "Raise at the board meeting")
    assert pack.items[0].note == "Raise at the board meeting"
    removed = pack.remove(1)
    assert removed.key == some_items[2]
    pack.set_title("Board briefing")
    assert pack.title == "Board briefing"


def test_save_and_open_round_trip(tmp_path, catalogue, some_items):
    pack = new_pack(catalogue, "Board briefing")
    for kind, item_id in some_items:
        pack.add(kind, item_id)
    pack.set_note(1, "Note with “quotes”, <b>not markup</b> & ünïcode")
    path = pack.save(tmp_path / "board.brief.json")
    assert not pack.modified and pack.path == path
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == PACK_SCHEMA_VERSION
    assert data["format"] == "briefing-app-pack"
    opened = open_pack(path)
    assert opened.title == "Board briefing"
    assert [(i.kind, i.id, i.note) for i in opened.items] == [(i.kind, i.id, i.note) for i in pack.items]
    assert opened.path == path and not opened.modified
    assert opened.missing(catalogue) == []


def test_missing_items_are_marked_and_kept_when_saved_again(tmp_path, raw_dataset, write_json, catalogue):
    """A pack made with one edition opens against an edition lacking some items: they are marked, not lost."""
    kept_finding = raw_dataset["findings"][1]["id"]
    gone_finding = raw_dataset["findings"][0]["id"]
    gone_rec = raw_dataset["recommendations"][0]["id"]
    pack = new_pack(catalogue)
    pack.add("finding", gone_finding)
    pack.add("finding", kept_finding)
    pack.add("recommendation", gone_rec)
    pack.set_note(0, "keep this note")
    path = pack.save(tmp_path / "old.brief.json")

    # Another edition: the first finding and the first recommendation are withdrawn.
    del raw_dataset["findings"][0]
    del raw_dataset["recommendations"][0]
    for rec in raw_dataset["recommendations"]:
        rec["supporting_findings"] = [f for f in rec["supporting_findings"] if f != gone_finding]
        rec["related_findings"] = [f for f in rec.get("related_findings", []) if f != gone_finding]
    other = Catalogue(load_dataset(write_json(raw_dataset)))

    opened = open_pack(path)
    assert [(i.kind, i.id) for i in opened.missing(other)] == [("finding", gone_finding), ("recommendation", gone_rec)]
    opened.set_title("Renamed")
    opened.save()
    again = json.loads(path.read_text(encoding="utf-8"))
    assert [(i["kind"], i["id"]) for i in again["items"]] == [
        ("finding", gone_finding), ("finding", kept_finding), ("recommendation", gone_rec)
    ]
    assert again["items"][0]["note"] == "keep this note"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("{not json", "invalid JSON"),
        ('{"format": "briefing-app-pack", "schema_version": 2, "items": []}', "$.schema_version"),
        ('{"items": [{"kind": "table", "id": "h1"}]}', "$.items[0].kind"),
        ('{"items": [{"kind": "finding"}]}', "$.items[0].id"),
        ('{"items": [], "colour": "red"}', "$.colour"),
        ('{"schema_version": 1, "edition": {"id": "x"}, "sources": []}', "$.edition"),
    ],
)
def test_invalid_pack_files_name_the_file_and_the_place(tmp_path, text, expected):
    path = tmp_path / "bad.brief.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as info:
        open_pack(path)
    message = str(info.value)
    assert str(path) in message
    assert expected in message


def test_missing_pack_file_is_a_clear_error(tmp_path):
    with pytest.raises(PackError, match="no such file"):
        open_pack(tmp_path / "nowhere.brief.json")


def test_failed_save_leaves_the_old_file_intact(tmp_path, catalogue, monkeypatch):
    pack = new_pack(catalogue)
    pack.add("finding", catalogue.dataset.findings[0].id)
    path = pack.save(tmp_path / "p.brief.json")
    before = path.read_bytes()
    pack.add("finding", catalogue.dataset.findings[1].id)

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PackError, match="disk is full"):
        pack.save()
    assert path.read_bytes() == before
    assert pack.modified, "a failed save keeps the pack marked unsaved"
    assert [p.name for p in tmp_path.iterdir()] == ["p.brief.json"], "no temporary file is left behind"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Pack().add("table", "x")


def test_pack_schema_is_versioned():
    schema = PackFile.model_json_schema()
    assert schema["properties"]["schema_version"]["const"] == PACK_SCHEMA_VERSION


def test_pack_module_imports_no_qt():
    code = "import sys, briefing_app.sheets.pack, briefing_app.sheets.content; print(sorted(m for m in sys.modules if 'PySide6' in m))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
