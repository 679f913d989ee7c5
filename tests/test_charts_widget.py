"""The chart panel on its own (in a bare QWidget): chooser, filters, table alternative, exports."""

from __future__ import annotations

from PySide6.QtCore import Qt

from briefing_app.charts.spec import comparison_spec, sector_spec
from briefing_app.charts.widget import ChartPanel, ChartTableModel
from briefing_app.domain import Unit


def table_values(panel: ChartPanel) -> list[tuple[str, str]]:
    model = panel.table_model
    finding = [c for c, col in enumerate(ChartTableModel.COLUMNS) if col[1] == "finding_id"][0]
    value = [c for c, col in enumerate(ChartTableModel.COLUMNS) if col[1] == "display_value"][0]
    return [(model.index(r, finding).data(), model.index(r, value).data()) for r in range(model.rowCount())]


def test_table_model_passes_the_model_tester(qtmodeltester, catalogue):
    model = ChartTableModel()
    model.set_spec(sector_spec(catalogue, "health"))
    qtmodeltester.check(model)
    model.set_spec(comparison_spec(catalogue, catalogue.comparable_themes()[0].id))
    qtmodeltester.check(model)
    model.set_spec(sector_spec(catalogue, "health", []))
    qtmodeltester.check(model)


def test_sector_chart_follows_sector_and_visible_findings(panel, catalogue):
    panel.set_sector("health")
    assert panel.spec.bars == sector_spec(catalogue, "health").bars
    assert panel.chart.spec is panel.spec
    visible = [f.id for f in catalogue.findings_in("health")][::2]
    panel.set_visible_findings(visible)
    expected = [(f.id, m.value) for fid in visible for f in [catalogue.findings[fid]] for m in f.measures if m.unit == Unit.PERCENT]
    assert [(b.finding_id, b.value) for b in panel.chart.bars_item.bars] == expected
    assert "Health" in panel.chooser.itemText(0)


def test_table_alternative_shows_exactly_the_values_drawn(panel):
    panel.set_sector("education")
    assert not panel.table_shown()
    panel.toggle_table()
    assert panel.table_shown() and panel.stack.currentWidget() is panel.table
    assert table_values(panel) == [(b.finding_id, b.display_value) for b in panel.chart.bars_item.bars]
    assert panel.table_button.isChecked()
    panel.toggle_table()
    assert not panel.table_shown() and not panel.table_button.isChecked()


def test_table_button_toggles(qtbot, panel):
    qtbot.mouseClick(panel.table_button, Qt.MouseButton.LeftButton)
    assert panel.table_shown()


def test_comparison_is_chosen_from_the_chooser(panel, catalogue):
    theme = catalogue.comparable_themes()[0]
    index = panel.chooser.findData(theme.id)
    assert index > 0
    panel.chooser.setCurrentIndex(index)
    assert panel.spec == comparison_spec(catalogue, theme.id)
    # The comparison ignores the sector filter: it always spans the sectors.
    panel.set_sector("health", [])
    assert panel.spec == comparison_spec(catalogue, theme.id)
    assert not panel.table.isColumnHidden(ChartTableModel.SECTOR_COLUMN)
    panel.show_sector_chart()
    assert panel.spec.kind == "sector"


def test_bar_click_and_table_click_report_the_finding(qtbot, panel):
    panel.set_sector("health")
    spec = panel.spec
    with qtbot.waitSignal(panel.findingActivated, timeout=2000) as blocker:
        qtbot.mouseClick(panel.chart.viewport(), Qt.MouseButton.LeftButton, pos=panel.chart.row_centre_in_viewport(2).toPoint())
    assert blocker.args == [spec.bars[2].finding_id]
    assert panel.highlighted() == spec.bars[2].finding_id

    panel.toggle_table()
    index = panel.table_model.index(4, 0)
    with qtbot.waitSignal(panel.findingActivated, timeout=2000) as blocker:
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=panel.table.visualRect(index).center())
    assert blocker.args == [spec.bars[4].finding_id]


def test_highlight_selects_every_row_of_the_finding(panel, catalogue):
    panel.set_sector("health")
    several = next(fid for fid in panel.spec.finding_ids if len(panel.spec.bar_indexes(fid)) > 1)
    panel.highlight(several)
    rows = sorted({i.row() for i in panel.table.selectionModel().selectedRows()})
    assert rows == panel.spec.bar_indexes(several)
    assert panel.chart.bars_item.highlighted == several
    panel.highlight(None)
    assert panel.table.selectionModel().selectedRows() == []


def test_export_from_the_panel_and_failure_message(panel, tmp_path):
    panel.set_sector("health")
    messages = []
    panel.error_handler = lambda title, text: messages.append((title, text))
    assert panel.export_to(str(tmp_path / "chart.csv"))
    assert (tmp_path / "chart.csv").exists()
    assert not panel.export_to(str(tmp_path / "nowhere" / "chart.png"))
    assert messages and "Cannot write" in messages[0][1] and "the folder does not exist" in messages[0][1]
    assert not (tmp_path / "nowhere").exists()


def test_export_menu_offers_every_format_and_copy(panel):
    texts = [a.text() for a in panel.export_menu.actions() if not a.isSeparator()]
    assert any("PNG" in t for t in texts) and any("SVG" in t for t in texts) and any("CSV" in t for t in texts)
    assert any("Copy" in t for t in texts)
    assert panel.chart.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    assert panel.default_file_name("png") == "all-sectors-chart.png"
    panel.set_sector("health")
    assert panel.default_file_name("svg") == "health-chart.svg"


def test_accessible_names(panel):
    panel.set_sector("health")
    assert panel.chart.accessibleName().startswith("Chart: Health")
    assert panel.table.accessibleName().endswith(panel.spec.title)
    assert panel.chooser.accessibleName()
    assert panel.table_button.accessibleName()


def test_context_menu_on_the_chart_offers_the_exports(qtbot, panel, monkeypatch):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    shown = []
    monkeypatch.setattr(panel.export_menu, "exec", lambda *args: shown.append(args))
    point = QPoint(20, 20)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, point, panel.chart.viewport().mapToGlobal(point))
    QApplication.sendEvent(panel.chart.viewport(), event)
    assert len(shown) == 1


def test_chart_fonts_follow_the_application_font(qtbot, panel):
    from PySide6.QtGui import QFont

    font = QFont(panel.font())
    font.setPointSizeF(15)
    panel.setFont(font)  # propagates to the chart like an application font change
    expected = round(15 * panel.chart.logicalDpiY() / 72)
    assert panel.chart.chart_style.font.pixelSize() == expected
    assert panel.chart.chart_style.font.family() == font.family()
    assert panel.chart.category_axis.chart_style.label_font.pixelSize() == expected
