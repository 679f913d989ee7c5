"""The one chart builder: the on-screen chart, clicks and hover, keyboard, and painting on any device."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QVBoxLayout, QWidget

from briefing_app.charts.render import (
    ChartView,
    bar_tooltip,
    hatch_segments,
    paint_chart,
    preferred_height,
)
from briefing_app.charts.spec import comparison_spec, describe, sector_spec


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.fixture()
def health_chart(qtbot, catalogue):
    host = QWidget()
    layout = QVBoxLayout(host)
    chart = ChartView(sector_spec(catalogue, "health"))
    layout.addWidget(chart)
    qtbot.addWidget(host)
    host.resize(700, round(chart.preferred_height(700)) + 20)
    host.show()
    qtbot.waitExposed(host)
    yield chart  # (a generator fixture keeps the host alive: qtbot holds only a weak reference)
    host.close()


def test_chart_draws_one_bar_per_health_percentage(health_chart, catalogue):
    spec = health_chart.spec
    percent = [(f.id, m.value) for f, m in catalogue.percent_measures("health")]
    assert [(b.finding_id, b.value) for b in health_chart.bars_item.bars] == percent
    assert health_chart.category_axis.bars == spec.bars
    # Each bar's rectangle runs from 0 to its value on the axis.
    for i, bar in enumerate(spec.bars):
        rect = health_chart.bars_item.bar_rect(i)
        assert rect.left() == 0 and rect.width() == pytest.approx(bar.value)


def test_click_on_a_bar_reports_its_finding(qtbot, health_chart):
    spec = health_chart.spec
    index = len(spec.bars) // 2
    with qtbot.waitSignal(health_chart.barClicked, timeout=2000) as blocker:
        qtbot.mouseClick(
            health_chart.viewport(), Qt.MouseButton.LeftButton, pos=health_chart.row_centre_in_viewport(index).toPoint()
        )
    assert blocker.args == [spec.bars[index].finding_id]


def test_hover_shows_statement_value_base_and_source(qtbot, health_chart):
    spec = health_chart.spec
    index = 0
    qtbot.mouseMove(health_chart.viewport(), health_chart.row_centre_in_viewport(index).toPoint())
    qtbot.waitUntil(lambda: health_chart.bars_item.toolTip() != "", timeout=2000)
    tip = health_chart.bars_item.toolTip()
    assert tip == bar_tooltip(spec.bars[index])
    bar = spec.bars[index]
    import html

    visible = tip.replace("\u200b", "")  # break opportunities in long words (URLs) are invisible
    for text in (bar.statement, bar.display_value, bar.base, bar.source_citation):
        assert html.escape(text) in visible


def test_tooltip_escapes_dataset_text(catalogue):
    from dataclasses import replace

    bar = replace(sector_spec(catalogue, "health").bars[0], statement="<b>bold</b> & <script>")
    tip = bar_tooltip(bar)
    assert "<b>bold</b>" not in tip and "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in tip


def test_highlight_marks_the_bars_of_a_finding(health_chart):
    spec = health_chart.spec
    finding_id = spec.bars[-1].finding_id
    health_chart.highlight(finding_id)
    assert health_chart.bars_item.highlighted == finding_id
    assert health_chart.category_axis.highlighted == finding_id
    health_chart.highlight(None)
    assert health_chart.bars_item.highlighted is None


def test_keyboard_moves_between_bars_and_enter_selects(qtbot, health_chart):
    spec = health_chart.spec
    health_chart.setFocus()
    qtbot.keyClick(health_chart, Qt.Key.Key_Down)
    qtbot.keyClick(health_chart, Qt.Key.Key_Down)
    assert health_chart.highlighted == spec.bars[1].finding_id
    with qtbot.waitSignal(health_chart.barActivated, timeout=1000) as blocker:
        qtbot.keyClick(health_chart, Qt.Key.Key_Return)
    assert blocker.args == [spec.bars[1].finding_id]
    qtbot.keyClick(health_chart, Qt.Key.Key_End)
    assert health_chart.highlighted == spec.bars[-1].finding_id


def test_accessible_name_and_description_come_from_the_data(health_chart):
    spec = health_chart.spec
    assert health_chart.accessibleName() == f"Chart: {spec.title}"
    assert health_chart.accessibleDescription() == describe(spec)


def test_screen_style_follows_the_palette(qtbot, catalogue):
    from PySide6.QtGui import QPalette

    chart = ChartView(sector_spec(catalogue, "health"))
    qtbot.addWidget(chart)
    dark = QPalette(chart.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    chart.setPalette(dark)
    assert chart.chart_style.background == QColor("#202020")
    assert chart.chart_style.text == QColor("#f0f0f0")
    assert chart.bars_item.chart_style is chart.chart_style


def test_hatching_stays_inside_the_bar():
    rect = QRectF(10, 20, 57, 12)
    segments = hatch_segments(rect, 6)
    assert segments
    grown = rect.adjusted(-1e-9, -1e-9, 1e-9, 1e-9)
    assert all(grown.contains(a) and grown.contains(b) for a, b in segments)


def _image(spec, width=760.0, scale=1.0) -> QImage:
    height = preferred_height(spec, width)
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        paint_chart(painter, QRectF(0, 0, width, height), spec)
    finally:
        painter.end()
    return image


def _dark_columns(image: QImage, y: int) -> list[int]:
    return [x for x in range(image.width()) if QColor(image.pixel(x, y)).lightness() < 100]


def test_painting_at_three_times_the_scale_is_the_same_drawing(qapp, catalogue):
    spec = comparison_spec(catalogue, catalogue.comparable_themes()[0].id)
    small, large = _image(spec), _image(spec, scale=3.0)
    assert large.width() == small.width() * 3 and abs(large.height() - small.height() * 3) <= 3
    # On a row through the first bar, the right-most dark pixel (the end of its value label) lands in the
    # same place, within a pixel or two, at both scales: the painter's transform scales, nothing is re-laid out.
    row_small = round(small.height() * 0.2)
    first_small = _dark_columns(small, row_small)
    first_large = _dark_columns(large, row_small * 3)
    assert first_small and first_large
    assert abs(max(first_large) / 3 - max(first_small)) < 3


def test_paint_chart_on_pdf_writer_at_96_dpi_keeps_text_as_text(qapp, catalogue, tmp_path):
    spec = sector_spec(catalogue, "health")
    path = tmp_path / "chart.pdf"
    writer = QPdfWriter(str(path))
    writer.setResolution(96)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15)))
    area = writer.pageLayout().paintRectPixels(96)
    painter = QPainter(writer)
    try:
        height = min(preferred_height(spec, area.width()), area.height())
        paint_chart(painter, QRectF(0, 0, area.width(), height), spec)
    finally:
        painter.end()
    text = normalised(PdfReader(str(path)).pages[0].extract_text())
    assert normalised(spec.title) in text
    for bar in spec.bars:
        assert bar.display_value in text
    assert normalised(spec.edition_line) in text


def test_paint_chart_on_a_high_resolution_printer(qapp, catalogue, tmp_path):
    """QPrinter lays out at 1200 dpi: the chart is scaled by the painter, so text comes out whole."""
    spec = comparison_spec(catalogue, catalogue.comparable_themes()[0].id)
    path = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    painter = QPainter(printer)
    try:
        scale = printer.resolution() / 96
        painter.scale(scale, scale)
        width = printer.pageLayout().paintRectPixels(printer.resolution()).width() / scale
        paint_chart(painter, QRectF(0, 0, width, preferred_height(spec, width)), spec)
    finally:
        painter.end()
    text = normalised(PdfReader(str(path)).pages[0].extract_text())
    assert normalised(spec.title) in text
    assert all(bar.display_value in text for bar in spec.bars)
    assert "0%" in text and "100%" in text


def test_bar_tooltip_always_names_the_confidence_and_breaks_long_words(catalogue):
    from briefing_app.charts.render import bar_tooltip
    from briefing_app.charts.spec import sector_spec

    spec = sector_spec(catalogue, "health")
    import html

    for bar in spec.bars:
        assert f"<b>Confidence:</b> {html.escape(bar.confidence.label)}" in bar_tooltip(bar)
    import dataclasses

    long_bar = dataclasses.replace(spec.bars[0], statement="x" * 5_000)
    tip = bar_tooltip(long_bar)
    assert "x" * 41 not in tip and tip.count("\u200b") >= 100
