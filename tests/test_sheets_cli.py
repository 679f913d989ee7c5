"""`briefing-app sheet`: every kind of sheet from the command line, with no display, and its error cases."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata

import pytest
from pypdf import PdfReader

from briefing_app.sheets.pack import new_pack

A4_PT = (595, 842)
LETTER_PT = (612, 792)


def run_sheet(*args: str, display: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [sys.executable, "-m", "briefing_app", "sheet", *args], capture_output=True, text=True, timeout=300, env=env
    )


def text_of(path) -> str:
    raw = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))


def sizes(path) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(path).pages}


@pytest.mark.slow
def test_all_writes_one_pdf_per_sector_and_the_overview_without_a_display(tmp_path, catalogue):
    out = tmp_path / "sheets"
    result = run_sheet("--all", "-o", str(out))
    assert result.returncode == 0, result.stderr
    expected = [f"sheet-{s.id}.pdf" for s in catalogue.dataset.sectors] + ["sheet-overview.pdf"]
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(expected), "one progress line per sheet"
    for number, (line, name) in enumerate(zip(lines, expected, strict=True), 1):
        assert line.startswith(f"[{number}/{len(expected)}]") and line.endswith(name)
        assert sizes(out / name) == {A4_PT}


def test_sector_sheet_with_marking_and_letter_paper(tmp_path):
    path = tmp_path / "health.pdf"
    result = run_sheet("--sector", "health", "-o", str(path), "--marking", "OFFICIAL-SENSITIVE", "--paper", "letter")
    assert result.returncode == 0, result.stderr
    assert sizes(path) == {LETTER_PT}
    for page in PdfReader(path).pages:
        assert page.extract_text().count("OFFICIAL-SENSITIVE") >= 2


def test_pack_sheet(tmp_path, catalogue):
    pack = new_pack(catalogue, "Board pack")
    pack.add("finding", catalogue.dataset.findings[0].id)
    pack.add("finding", "zz-withdrawn")
    pack_path = pack.save(tmp_path / "board.brief.json")
    out = tmp_path / "board.pdf"
    result = run_sheet("--pack", str(pack_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "zz-withdrawn" in result.stderr, "items missing from the dataset are named"
    text = text_of(out)
    assert "Board pack" in text and "Not in this dataset edition" in text


def test_unknown_sector_exits_2_and_writes_nothing(tmp_path, catalogue):
    out = tmp_path / "x.pdf"
    result = run_sheet("--sector", "defence", "-o", str(out))
    assert result.returncode == 2
    assert "Unknown sector 'defence'" in result.stderr
    for sector in catalogue.sectors:
        assert sector in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_pack_exits_1_naming_the_file(tmp_path):
    missing = tmp_path / "nowhere.brief.json"
    result = run_sheet("--pack", str(missing), "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert str(missing) in result.stderr and "no such file" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_invalid_pack_exits_1_naming_the_place(tmp_path):
    bad = tmp_path / "bad.brief.json"
    bad.write_text('{"items": [{"kind": "finding", "id": ""}]}', encoding="utf-8")
    result = run_sheet("--pack", str(bad), "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert str(bad) in result.stderr and "$.items[0].id" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.brief.json"]


def test_unwritable_output_exits_1_and_leaves_no_partial_file(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            # Running as root: permissions do not stop writes, so use a path whose folder does not exist.
            target = tmp_path / "no-such-folder" / "x.pdf"
        else:
            target = locked / "x.pdf"
        result = run_sheet("--sector", "health", "-o", str(target))
        assert result.returncode == 1
        assert f"Cannot write {target}" in result.stderr
        assert not target.exists()
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_output_that_is_a_folder_or_all_into_a_file(tmp_path):
    result = run_sheet("--overview", "-o", str(tmp_path))
    assert result.returncode == 1 and "is a folder" in result.stderr
    a_file = tmp_path / "file.pdf"
    a_file.write_bytes(b"old")
    result = run_sheet("--all", "-o", str(a_file))
    assert result.returncode == 1 and "needs a folder" in result.stderr
    assert a_file.read_bytes() == b"old"


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch, qapp, catalogue):
    """In process: the replace step fails, so the old PDF stays and no temporary file is left."""
    from briefing_app.cli import main

    target = tmp_path / "health.pdf"
    target.write_bytes(b"the old sheet")

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    assert main(["sheet", "--sector", "health", "-o", str(target)]) == 1
    assert target.read_bytes() == b"the old sheet"
    assert [p.name for p in tmp_path.iterdir()] == ["health.pdf"]


def test_a_choice_of_sheet_is_required(tmp_path):
    result = run_sheet("-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert "one of the arguments --sector --overview --pack --all --changes is required" in result.stderr
