"""The chart panel attached to the real main window: linked selection, filters, Ctrl+T, new datasets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from briefing_app.charts.spec import sector_spec
from briefing_app.charts.widget import ChartPanel, ChartTableModel
from briefing_app.domain import Catalogue, Unit, load_dataset, search_words
from briefing_app.qtmodels import Roles


@pytest.fixture()
def window(make_window):
    return make_window(extensions=["briefing_app.charts.integration"], size=(1366, 768))


def panel_of(window) -> ChartPanel:
    panels = window.chart_host.findChildren(ChartPanel)
    assert len(panels) == 1
    return panels[0]


def percent_bars(catalogue, finding_ids) -> list[tuple[str, float]]:
    return [(fid, m.value) for fid in finding_ids for m in catalogue.findings[fid].measures if m.unit == Unit.PERCENT]


def drawn(panel: ChartPanel) -> list[tuple[str, float]]:
    return [(b.finding_id, b.value) for b in panel.chart.bars_item.bars]


def choose_sector(qtbot, window, sector_id: str | None) -> None:
    row = window.sector_model.row_of(sector_id)
    rect = window.pane_layout.sector_view.visualRect(window.sector_model.index(row, 0))
    with qtbot.waitSignal(window.visibleFindingsChanged, timeout=2000):
        qtbot.mouseClick(window.pane_layout.sector_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_sector() == sector_id


def test_attach_fills_the_host_and_enables_the_toggle(window):
    panel = panel_of(window)
    action = window.action("toggle_chart_table")
    assert action.isEnabled()
    assert action.shortcut() == QKeySequence("Ctrl+T")
    assert panel.isVisibleTo(window.chart_host)
    assert drawn(panel) == percent_bars(window.catalogue, window.visible_finding_ids())


def test_health_chart_has_one_bar_per_health_percentage(qtbot, window, catalogue):
    choose_sector(qtbot, window, "health")
    panel = panel_of(window)
    assert drawn(panel) == [(f.id, m.value) for f, m in catalogue.percent_measures("health")]
    assert panel.spec.title == sector_spec(catalogue, "health").title


def test_click_on_a_bar_selects_its_finding_row_and_detail(qtbot, window, catalogue):
    choose_sector(qtbot, window, "health")
    panel = panel_of(window)
    window.pane_layout.lower_tabs.setCurrentWidget(window.chart_host.parentWidget())
    index = len(panel.spec.bars) - 1
    wanted = panel.spec.bars[index].finding_id
    with qtbot.waitSignal(window.currentItemChanged, timeout=2000) as blocker:
        qtbot.mouseClick(panel.chart.viewport(), Qt.MouseButton.LeftButton, pos=panel.chart.row_centre_in_viewport(index).toPoint())
    assert blocker.args == ["finding", wanted]
    assert window.current_item() == ("finding", wanted)
    current = window.pane_layout.findings_view.currentIndex()
    assert current.data(Roles.ID) == wanted
    assert window.pane_layout.findings_view.selectionModel().isRowSelected(current.row())
    assert panel.chart.highlighted == wanted


def test_selecting_a_finding_highlights_its_bars(qtbot, window, catalogue):
    choose_sector(qtbot, window, "health")
    panel = panel_of(window)
    target = panel.spec.bars[3].finding_id
    row = window.visible_finding_ids().index(target)
    rect = window.pane_layout.findings_view.visualRect(window.pane_layout.findings_view.model().index(row, 0))
    qtbot.mouseClick(window.pane_layout.findings_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_item() == ("finding", target)
    assert panel.chart.highlighted == target
    assert panel.chart.bars_item.highlighted == target
    selected = sorted({i.row() for i in panel.table.selectionModel().selectedRows()})
    assert selected == panel.spec.bar_indexes(target)


def test_search_filter_removes_the_matching_bars(qtbot, window, catalogue):
    choose_sector(qtbot, window, "health")
    panel = panel_of(window)
    before = drawn(panel)
    word = next(
        w
        for f, _m in catalogue.percent_measures("health")
        for w in f.statement.split()
        if w.isalpha() and len(w) > 5
        and 0 < sum(catalogue.matches(g.id, search_words(w)) for g in catalogue.findings_in("health")) < len(catalogue.findings_in("health")) // 2
    )
    qtbot.keyClicks(window.filter_bar.search_edit, word)
    visible = window.visible_finding_ids()
    assert drawn(panel) == percent_bars(catalogue, visible)
    assert 0 < len(drawn(panel)) < len(before)
    removed = {fid for fid, _ in before} - set(visible)
    assert removed and not removed & {b.finding_id for b in panel.spec.bars}
    assert f"Showing {len(drawn(panel))} of the {len(before)}" in panel.spec.caption
    window.filter_bar.search_edit.clear()
    assert drawn(panel) == before


def test_ctrl_t_switches_to_the_table_of_values_and_back(qtbot, window):
    panel = panel_of(window)
    window.pane_layout.lower_tabs.setCurrentWidget(window.pack_host.parentWidget())  # the chart tab is behind: Ctrl+T brings it forward
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.pane_layout.findings_view.setFocus()
    qtbot.keyClick(window.pane_layout.findings_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert panel.table_shown()
    assert window.pane_layout.lower_tabs.currentWidget().isAncestorOf(window.chart_host)
    assert window.action("toggle_chart_table").isChecked()
    value_column = [c for c, col in enumerate(ChartTableModel.COLUMNS) if col[1] == "display_value"][0]
    model = panel.table_model
    assert [model.index(r, value_column).data() for r in range(model.rowCount())] == [
        b.display_value for b in panel.chart.bars_item.bars
    ]
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert not panel.table_shown()
    assert not window.action("toggle_chart_table").isChecked()


def test_panel_button_keeps_the_window_action_in_step(qtbot, window):
    panel = panel_of(window)
    qtbot.mouseClick(panel.table_button, Qt.MouseButton.LeftButton)
    assert panel.table_shown() and window.action("toggle_chart_table").isChecked()


def test_another_dataset_redraws_the_chart(qtbot, window, raw_dataset, write_json):
    index, measure = next(
        (i, m) for i, f in enumerate(raw_dataset["findings"]) if f["sector"] == "health"
        for m in f["measures"] if m["unit"] == "percent"
    )
    measure["value"] = 99 if measure["value"] != 99 else 98
    changed = Catalogue(load_dataset(write_json(raw_dataset)))
    choose_sector(qtbot, window, "health")
    window.set_catalogue(changed)
    panel = panel_of(window)
    assert panel.catalogue is changed
    fid = raw_dataset["findings"][index]["id"]
    assert (fid, measure["value"]) in drawn(panel)
    assert drawn(panel) == percent_bars(changed, window.visible_finding_ids())
