"""Editions in the window (issue 19): the status bar says whether the open edition is verified, and why not;
the editions used are kept (capped, atomic) in the user's data folder, and File > "What changed since the
last edition I used…" compares the open edition with the one before it."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from briefing_app.domain import load_catalogue, signing
from briefing_app.domain.bundled import bundled_dataset_path
from briefing_app.storage.editions import DATA_DIR_ENV, EditionHistory

sys.path.insert(0, str(Path(__file__).parent))
import make_next_edition  # noqa: E402


@pytest.fixture()
def files(tmp_path):
    """The bundled edition (signed), an altered copy of it, and the fictional next edition, as files."""
    folder = tmp_path / "editions-on-disk"
    folder.mkdir()
    old = folder / "dataset.json"
    shutil.copyfile(bundled_dataset_path(), old)
    shutil.copyfile(signing.signature_path_for(bundled_dataset_path()), signing.signature_path_for(old))
    altered = folder / "altered.json"
    altered.write_bytes(old.read_bytes().replace(b"Just over", b"Just under", 1))
    shutil.copyfile(signing.signature_path_for(old), signing.signature_path_for(altered))
    made = make_next_edition.from_bundled()
    new = folder / "next.json"
    new.write_bytes(made.data)
    signing.signature_path_for(new).write_bytes(made.signature)
    return {"old": old, "altered": altered, "new": new, "made": made}


@pytest.fixture()
def edition_window(make_window, tmp_path, monkeypatch):
    """A window (not shown) on the edition at a path, with the editions extension, keeping its editions under
    tmp_path."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    return lambda path: make_window(load_catalogue(path), extensions=["briefing_app.sheets.edition_actions"], show=False)


def test_status_bar_says_verified_edition(edition_window, files):
    window = edition_window(files["old"])
    label = window.edition_status.label
    edition = window.catalogue.edition
    assert label.text().startswith(f"Verified edition {edition.id}, compiled ")
    assert label.text() == window.catalogue.verification.message
    assert label.styleSheet() == ""
    assert window.statusBar().isAncestorOf(label)


def test_status_bar_marks_altered_data_and_it_still_opens(edition_window, files):
    window = edition_window(files["altered"])
    label = window.edition_status.label
    assert label.text() == "Not verified: altered after signing"  # short enough for the status bar
    assert "background" in label.styleSheet()
    assert label.toolTip().startswith(window.catalogue.verification.message)  # the whole reason
    assert "do not match the signature" in label.accessibleDescription()
    assert "not the compiler's signed edition" in label.toolTip()
    assert window.catalogue.findings  # unverified data still opens


def test_status_bar_follows_the_open_dataset(edition_window, files):
    window = edition_window(files["old"])
    window.set_catalogue(load_catalogue(files["new"]))
    assert window.edition_status.label.text() == "Not verified: signed by an unknown key"


def test_what_changed_since_the_last_edition_used(edition_window, files, tmp_path):
    window = edition_window(files["old"])
    action = window.edition_status.changes_action
    assert not action.isEnabled()  # nothing used before
    assert action in window.menu("file").actions()
    window.set_catalogue(load_catalogue(files["new"]))
    assert action.isEnabled()
    assert window.edition_status.previous.edition_id == load_catalogue(files["old"]).edition.id
    sheet = window.edition_status.changes_sheet()
    made = files["made"]
    assert sheet.title == "What changed in this edition"
    assert [f.finding_id for f in sheet.findings()] == [made.corrected_finding, made.added_finding]
    assert [r.rec_id for r in sheet.recommendations()] == [made.closed_recommendation]
    # The older edition was kept with its signature: it still verifies from the copy.
    assert window.edition_status.previous_catalogue().verification.verified

    # A new session: the history is in the data folder, so the next start knows the last edition used.
    history = EditionHistory(tmp_path / "data")
    ids = [e.edition_id for e in history.entries()]
    assert ids == [made_id(files["new"]), made_id(files["old"])]


def made_id(path) -> str:
    return json.loads(Path(path).read_text(encoding="utf-8"))["edition"]["id"]


def test_history_is_capped_and_forgets_the_oldest_copies(tmp_path):
    history = EditionHistory(tmp_path, limit=3)
    shas = []
    for n in range(5):
        shas.append(history.record(f'{{"n": {n}}}'.encode(), f"e{n}").sha256)
    entries = history.entries()
    assert [e.edition_id for e in entries] == ["e4", "e3", "e2"]
    kept = {p.name for p in history.folder.iterdir()}
    assert kept == {"index.json", *(e.file_name for e in entries)}
    assert history.previous(shas[4]).edition_id == "e3"
    # Opening an edition again moves it to the front instead of adding it twice.
    history.record(b'{"n": 2}', "e2")
    assert [e.edition_id for e in history.entries()] == ["e2", "e4", "e3"]


def test_a_damaged_history_is_started_afresh(tmp_path):
    history = EditionHistory(tmp_path)
    history.folder.mkdir(parents=True)
    history.index_path.write_text("{broken", encoding="utf-8")
    assert history.entries() == [] and "damaged" in history.warning
    history.record(b"{}", "e1")
    assert [e.edition_id for e in history.entries()] == ["e1"]
