"""Settings checked field by field (issue 16): a bad value falls back to its default alone, with a warning
naming it, and is repaired at the next save; a settings file that is a pipe, a device or too large is not
read; whatever the file holds, the application opens and its printing actions work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from briefing_app.storage.settings import MAX_SETTINGS_BYTES, Settings, SettingsStore

GOOD_STATE = "AAAA/wAAAAEAAAADAAABLAAAAZAAAAEsAP////8BAAAAAQA="

# Field -> a value of the right type that the window cannot use, as a hand edit or another tool could leave.
BAD_VALUES = {
    "window_geometry": "AdnQywADAAAAAAAA\u00e9AAAA",  # a non-ASCII character in base64 text
    "window_state": "\u00fc\u00f6\u00e4",
    "splitters": {"mainSplitter": "\u00df\u00df", "tablesSplitter": GOOD_STATE},
    "extensions": {"sheets": ["not", "a", "mapping"], "charts": {"kept": True}},
    "findings_sort": [2, 7],
    "recommendations_sort": "sideways",
    "lower_tab": -3,
    "sector": ["health"],
    "current_kind": "pie",
    "search": {"text": "x"},
}


def write_settings(folder: Path, data: dict) -> SettingsStore:
    store = SettingsStore(folder)
    folder.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"schema_version": 1, **data}), encoding="utf-8")
    return store


@pytest.mark.parametrize("field", sorted(BAD_VALUES))
def test_a_bad_field_falls_back_alone_with_a_warning_and_is_repaired_on_save(tmp_path, field):
    store = write_settings(tmp_path, {field: BAD_VALUES[field], "last_dataset_dir": "/kept"})
    settings = store.load()
    assert settings.last_dataset_dir == "/kept"  # the good field is kept
    assert store.warning and field in store.warning and "default" in store.warning
    # In a mapping only the bad entry falls back: its good entries are kept.
    kept = {"splitters": {"tablesSplitter": GOOD_STATE}, "extensions": {"charts": {"kept": True}}}
    assert getattr(settings, field) == kept.get(field, getattr(Settings(), field))
    store.save(settings)
    again = store.load()
    assert store.warning is None, "the next save repaired the file"
    assert again == settings


def test_good_entries_of_a_mapping_survive_a_bad_one(tmp_path):
    store = write_settings(tmp_path, {"splitters": BAD_VALUES["splitters"], "extensions": BAD_VALUES["extensions"]})
    settings = store.load()
    assert settings.splitters == {"tablesSplitter": GOOD_STATE}
    assert settings.extensions == {"charts": {"kept": True}}
    assert "splitters.mainSplitter" in store.warning and "extensions.sheets" in store.warning


@pytest.fixture()
def open_window(make_window):
    return lambda folder: make_window(extensions=["briefing_app.sheets.integration"], config_dir=folder)


def test_the_window_opens_and_prints_whatever_the_settings_hold(tmp_path, open_window):
    folder = tmp_path / "config"
    write_settings(folder, BAD_VALUES)
    window = open_window(folder)
    assert "window_geometry" in window.statusBar().currentMessage()
    # Print, Preview and Export PDF all start by reading the sheet options from the settings.
    sheet = window.sheets.current_sheet()
    assert sheet.marking == "OFFICIAL"
    assert window.sheets.paper == "a4"
    out = window.sheets.export_pdf(str(tmp_path / "sheet.pdf"))
    assert out is not None and out.read_bytes().startswith(b"%PDF-")
    window.save_settings()
    assert SettingsStore(folder).load() and SettingsStore(folder).warning is None


def test_wrong_typed_sheet_options_inside_a_good_mapping(tmp_path, open_window):
    folder = tmp_path / "config"
    write_settings(folder, {"extensions": {"sheets": {"marking": 5, "paper": ["a4"], "last_dir": 7}}})
    window = open_window(folder)
    assert window.sheets.marking == "OFFICIAL" and window.sheets.paper == "a4"
    assert window.sheets.export_pdf(str(tmp_path / "sheet.pdf")) is not None


def _load_within(store: SettingsStore, seconds: float) -> Settings:
    result: list[Settings] = []
    worker = threading.Thread(target=lambda: result.append(store.load()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"loading the settings did not finish within {seconds} s"
    return result[0]


def test_a_settings_file_that_is_a_pipe_is_not_read(tmp_path):
    store = SettingsStore(tmp_path)
    os.mkfifo(store.path)
    assert _load_within(store, 10) == Settings()
    assert "not a regular file" in store.warning and str(store.path) in store.warning


def test_a_settings_file_linked_to_dev_zero_is_not_read(tmp_path):
    store = SettingsStore(tmp_path)
    store.path.symlink_to("/dev/zero")
    assert _load_within(store, 10) == Settings()
    assert "not a regular file" in store.warning


def test_an_oversized_settings_file_is_not_read(tmp_path):
    store = SettingsStore(tmp_path)
    store.path.write_bytes(b" " * (MAX_SETTINGS_BYTES + 1) + b"{}")
    assert store.load() == Settings()
    assert "larger than" in store.warning


@pytest.mark.parametrize("kind", ["bad fields", "pipe"])
def test_the_application_always_opens(tmp_path, kind):
    folder = tmp_path / "config"
    if kind == "pipe":
        folder.mkdir()
        os.mkfifo(folder / "settings.json")
    else:
        write_settings(folder, BAD_VALUES)
    result = subprocess.run(
        [sys.executable, "-m", "briefing_app", "--quit-after-first-paint"],
        capture_output=True, text=True, timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRIEFING_APP_CONFIG_DIR": str(folder),
             "BRIEFING_APP_LOG_DIR": str(tmp_path / "log")},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
