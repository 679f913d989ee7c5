"""User settings: round trip, atomic writes, and defaults (with a warning) for any unusable file."""

from __future__ import annotations

import json
import logging

import pytest

from briefing_app.storage.atomic import WriteError
from briefing_app.storage.settings import (
    CONFIG_DIR_ENV,
    SETTINGS_FILE_NAME,
    Settings,
    SettingsStore,
    default_config_dir,
)


def test_missing_file_gives_defaults_without_warning(tmp_path):
    store = SettingsStore(tmp_path / "config")
    assert store.load() == Settings()
    assert store.warning is None


def test_round_trip_and_no_temporary_file_left(tmp_path):
    store = SettingsStore(tmp_path / "config")
    settings = Settings(sector="health", search="café leadership", theme="senior-leadership",
                        min_confidence="primary", findings_sort=(1, 1), current_kind="finding", current_id="h1",
                        splitters={"mainSplitter": "AAAA"}, extensions={"sheets": {"pack": "/tmp/p.json"}})
    store.save(settings)
    assert store.path == tmp_path / "config" / SETTINGS_FILE_NAME
    assert [p.name for p in store.path.parent.iterdir()] == [SETTINGS_FILE_NAME]
    assert SettingsStore(tmp_path / "config").load() == settings


@pytest.mark.parametrize(
    "content,reason",
    [
        ("{not json", "Invalid JSON"),
        ('{"schema_version": 99}', "schema_version"),
        ('{"findings_sort": "sideways"}', "findings_sort"),
        ('{"current_kind": "pie"}', "current_kind"),
        ("[1, 2, 3]", "Settings"),
        ("", "EOF"),
    ],
)
def test_corrupt_file_falls_back_to_defaults_with_a_warning(tmp_path, caplog, content, reason):
    store = SettingsStore(tmp_path)
    store.path.write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="briefing_app.storage.settings"):
        assert store.load() == Settings()
    assert store.warning and str(store.path) in store.warning and "default settings" in store.warning
    assert reason.lower() in store.warning.lower()
    assert store.warning in caplog.text


def test_binary_garbage_and_a_folder_in_place_of_the_file(tmp_path):
    store = SettingsStore(tmp_path)
    store.path.write_bytes(b"\xff\xfe\x00garbage")
    assert store.load() == Settings() and store.warning
    store.path.unlink()
    store.path.mkdir()
    assert store.load() == Settings() and store.warning


def test_unknown_keys_from_a_newer_version_are_ignored(tmp_path):
    store = SettingsStore(tmp_path)
    store.path.write_text(json.dumps({"schema_version": 1, "sector": "education", "future_option": True}), encoding="utf-8")
    assert store.load().sector == "education"
    assert store.warning is None


def test_assignment_is_validated():
    settings = Settings()
    with pytest.raises(ValueError):
        settings.current_kind = "pie"


def test_save_into_an_unwritable_place_raises_a_readable_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = SettingsStore(blocker / "config")  # a folder below a regular file cannot exist
    with pytest.raises(WriteError, match="settings folder"):
        store.save(Settings())


def test_config_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(CONFIG_DIR_ENV, str(tmp_path / "elsewhere"))
    assert default_config_dir() == tmp_path / "elsewhere"
    assert SettingsStore().path == tmp_path / "elsewhere" / SETTINGS_FILE_NAME
    monkeypatch.delenv(CONFIG_DIR_ENV)
    assert default_config_dir().name == "briefing-app"
