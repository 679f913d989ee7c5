"""Chart exports: PNG at print resolution, SVG vectors, CSV of the values drawn, clipboard, command line."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QGuiApplication, QImage

from briefing_app.charts.export import (
    SVG_MIME,
    ChartExportError,
    chart_size,
    copy_chart,
    export_chart,
)
from briefing_app.charts.spec import CSV_COLUMNS, DEFAULT_EXPORT_WIDTH, comparison_spec, describe, sector_spec, spec_csv
from briefing_app.storage.atomic import WriteError

SVG_NS = "{http://www.w3.org/2000/svg}"


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def svg_text(root: ET.Element) -> str:
    """All drawn text of an SVG in document order (wrapped lines rejoined with spaces)."""
    return words(" ".join("".join(node.itertext()) for node in root.iter(f"{SVG_NS}text")))


@pytest.fixture()
def health(catalogue):
    return sector_spec(catalogue, "health")


@pytest.mark.parametrize("dpi", [300, 150])
def test_png_has_the_size_of_its_dpi(qapp, health, tmp_path, dpi):
    path = tmp_path / "health.png"
    export_chart(health, path, dpi=dpi)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert not image.isNull()
    logical = chart_size(health)
    assert image.width() == round(DEFAULT_EXPORT_WIDTH * dpi / 96)
    assert image.height() == round(logical.height() * dpi / 96)
    assert round(image.dotsPerMeterX() * 0.0254) == dpi
    assert image.text("Title") == health.title
    assert image.text("Source") == health.source_line


def test_png_is_not_blank_and_draws_in_colour(qapp, health, tmp_path):
    path = tmp_path / "health.png"
    export_chart(health, path, dpi=96)
    image = QImage(str(path))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert len(colours) > 20


def test_svg_is_vector_xml_with_title_source_and_values(qapp, catalogue, tmp_path):
    spec = comparison_spec(catalogue, catalogue.comparable_themes()[0].id)
    path = tmp_path / "comparison.svg"
    export_chart(spec, path)
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.find(f"{SVG_NS}title").text == spec.title
    assert root.find(f"{SVG_NS}desc").text == describe(spec)
    drawn = svg_text(root)
    assert words(spec.title) in drawn
    assert words(spec.source_line) in drawn
    assert words(spec.edition_line) in drawn
    for bar in spec.bars:
        assert bar.display_value in drawn
    assert root.find(f".//{SVG_NS}image") is None  # vectors, not an embedded bitmap


def test_csv_rows_equal_the_bars(health, tmp_path):
    path = tmp_path / "health.csv"
    export_chart(health, path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == len(health.bars)
    assert list(rows[0]) == CSV_COLUMNS
    for row, bar in zip(rows, health.bars):
        assert (row["finding_id"], float(row["value"]), row["display_value"]) == (bar.finding_id, bar.value, bar.display_value)
        assert row["source_citation"] == bar.source_citation and row["base"] == bar.base


def test_unknown_extension_is_refused(health, tmp_path):
    with pytest.raises(ChartExportError, match=r"\.png, \.svg or \.csv"):
        export_chart(health, tmp_path / "chart.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["chart.png", "chart.svg", "chart.csv"])
def test_unwritable_path_leaves_no_file(qapp, health, tmp_path, name):
    target = tmp_path / "missing-folder" / name
    with pytest.raises(WriteError, match="Cannot write"):
        export_chart(health, target)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["chart.png", "chart.csv"])
def test_failed_export_keeps_the_old_file_and_leaves_no_partial_one(qapp, health, tmp_path, monkeypatch, name):
    import errno

    import briefing_app.storage.atomic as atomic

    path = tmp_path / name
    path.write_bytes(b"old")

    def disk_full(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with pytest.raises(WriteError, match="the disk is full"):
        export_chart(health, path, dpi=96)
    assert path.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [path]


def test_copy_puts_image_svg_and_description_on_the_clipboard(qapp, health):
    copy_chart(health)
    data = QGuiApplication.clipboard().mimeData()
    assert data.hasImage()
    assert data.text() == describe(health)
    assert bytes(data.data(SVG_MIME)).startswith(b"<?xml")


# ---- the command line -------------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing_app", *args], capture_output=True, text=True, timeout=180)


def test_command_line_writes_png_svg_and_csv(catalogue, tmp_path):
    spec = sector_spec(catalogue, "health")
    for name in ("health.png", "health.svg", "health.csv"):
        out = tmp_path / name
        result = run_cli("chart", "--sector", "health", "-o", str(out), "--dpi", "150")
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
        assert f"Wrote {out}" in result.stderr
    image = QImage(str(tmp_path / "health.png"))
    assert image.width() == round(DEFAULT_EXPORT_WIDTH * 150 / 96)
    assert svg_text(ET.parse(tmp_path / "health.svg").getroot()).startswith(words(spec.title))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "health.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert [r["finding_id"] for r in rows] == [b.finding_id for b in spec.bars]


def test_command_line_csv_is_the_file_the_window_writes(health, tmp_path):
    """`chart -o x.csv` writes the bytes the chart panel's CSV export writes: UTF-8 with a BOM, CRLF line ends."""
    from_window = tmp_path / "window.csv"
    export_chart(health, from_window)
    from_command = tmp_path / "command.csv"
    result = run_cli("chart", "--sector", "health", "-o", str(from_command))
    assert result.returncode == 0, result.stderr
    data = from_command.read_bytes()
    assert data.startswith("\ufeff".encode()), data[:20]
    assert data == from_window.read_bytes()
    assert data.decode("utf-8-sig") == spec_csv(health) and data.count(b"\r\n") == len(health.bars) + 1


def test_command_line_comparison(catalogue, tmp_path):
    theme = catalogue.comparable_themes()[0]
    out = tmp_path / "compare.csv"
    result = run_cli("chart", "--theme", theme.id, "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == len(comparison_spec(catalogue, theme.id).bars)


def test_command_line_unknown_sector(catalogue, tmp_path):
    out = tmp_path / "x.png"
    result = run_cli("chart", "--sector", "defence", "-o", str(out))
    assert result.returncode != 0
    assert "Unknown sector 'defence'" in result.stderr and "health" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_command_line_unknown_theme(tmp_path):
    result = run_cli("chart", "--theme", "no-such-theme", "-o", str(tmp_path / "x.svg"))
    assert result.returncode != 0
    assert "No cross-sector comparison for theme 'no-such-theme'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_command_line_unwritable_path(tmp_path):
    out = tmp_path / "no-such-folder" / "health.png"
    result = run_cli("chart", "--sector", "health", "-o", str(out))
    assert result.returncode != 0
    assert f"Cannot write {out}" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_command_line_needs_a_known_format_and_one_subject(tmp_path):
    result = run_cli("chart", "--sector", "health", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode != 0 and ".png, .svg or .csv" in result.stderr
    result = run_cli("chart", "-o", str(tmp_path / "x.png"))
    assert result.returncode == 2 and "--sector" in result.stderr
    assert list(tmp_path.iterdir()) == []
