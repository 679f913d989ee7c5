"""The main window on the bundled dataset: sectors, search, sorting, links and Back, opening datasets,
settings, plain text, keyboard, accessibility, extensions and the unexpected-error dialog.

Expected counts are always computed from the dataset.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import subprocess
import sys
import threading
import types

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QVBoxLayout, QWidget

from briefing_app import __version__
from briefing_app.domain import Catalogue, full_citation, load_catalogue, search_words
from briefing_app.qtmodels import FindingTableModel, Roles
from briefing_app.storage.settings import SettingsStore
from briefing_app.views import extensions
from briefing_app.views import commands, window_state
from briefing_app.views.describe import citation_text
from briefing_app.views.dialogs import DatasetProblemsDialog, ShortcutsDialog
from briefing_app.views.main_window import MainWindow


@pytest.fixture()
def window(make_window) -> MainWindow:
    return make_window(active=True)


def shown_ids(view) -> list[str]:
    model = view.model()
    return [model.index(row, 0).data(Roles.ID) for row in range(model.rowCount())]


def click_row(qtbot, view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def a_discriminating_word(catalogue: Catalogue) -> str:
    """A word of some finding's statement that matches some findings but not all (computed, not typed in)."""
    total = len(catalogue.dataset.findings)
    for finding in catalogue.dataset.findings:
        for word in finding.statement.split():
            if word.isalpha() and len(word) > 5:
                hits = sum(catalogue.matches(f.id, search_words(word)) for f in catalogue.dataset.findings)
                if 1 <= hits < total // 2:
                    return word
    raise AssertionError("no discriminating word in the dataset")


# ---- sectors ------------------------------------------------------------------------------------------------


def test_choosing_a_sector_filters_both_tables(qtbot, window, catalogue):
    sector_view = window.pane_layout.sector_view
    sector_view.setFocus()
    for row, sector in enumerate(catalogue.dataset.sectors, start=1):
        with qtbot.waitSignal(window.visibleFindingsChanged):
            click_row(qtbot, sector_view, row)
        assert window.current_sector() == sector.id
        assert window.visible_finding_ids() == [f.id for f in catalogue.findings_in(sector.id)]
        assert shown_ids(window.pane_layout.recommendations_view) == [r.id for r in catalogue.recommendations_in(sector.id)]
        assert window.pane_layout.findings_pane.count.text() == (
            f"{len(catalogue.findings_in(sector.id))} of {len(catalogue.dataset.findings)} shown"
        )
        assert window.pane_layout.recommendations_pane.count.text() == (
            f"{len(catalogue.recommendations_in(sector.id))} of {len(catalogue.dataset.recommendations)} shown"
        )
    click_row(qtbot, sector_view, 0)
    assert window.current_sector() is None
    assert len(window.visible_finding_ids()) == len(catalogue.dataset.findings)


def test_sector_list_works_with_arrow_keys(qtbot, window, catalogue):
    window.pane_layout.sector_view.setFocus()
    qtbot.keyClick(window.pane_layout.sector_view, Qt.Key.Key_Down)
    first = catalogue.dataset.sectors[0].id
    assert window.current_sector() == first
    assert len(window.visible_finding_ids()) == len(catalogue.findings_in(first))


def test_sector_with_no_recommendations_says_so(qtbot, make_window, raw_dataset, write_json):
    sector = raw_dataset["sectors"][0]
    raw_dataset["recommendations"] = [r for r in raw_dataset["recommendations"] if r["sector"] != sector["id"]]
    window = make_window(load_catalogue(write_json(raw_dataset)), active=True)
    window.filtering.set_sector(sector["id"])
    pane = window.pane_layout.recommendations_pane
    assert pane.stack.currentWidget() is pane.empty
    assert pane.empty.label.text() == f"No recommendations in {sector['name']}."
    qtbot.mouseClick(pane.empty.button, Qt.MouseButton.LeftButton)
    assert window.current_sector() is None
    assert pane.stack.currentWidget() is pane.view


# ---- search --------------------------------------------------------------------------------------------------


def test_typing_a_word_narrows_the_rows_and_clearing_restores_them(qtbot, window, catalogue):
    word = a_discriminating_word(catalogue)
    expected_findings = [f.id for f in catalogue.dataset.findings if catalogue.matches(f.id, search_words(word))]
    expected_recs = [r.id for r in catalogue.dataset.recommendations if catalogue.matches(r.id, search_words(word))]
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.filter_bar.search_edit
    qtbot.keyClicks(window.filter_bar.search_edit, word.upper())  # case does not matter
    assert window.visible_finding_ids() == expected_findings
    assert shown_ids(window.pane_layout.recommendations_view) == expected_recs
    assert window.pane_layout.findings_pane.count.text() == f"{len(expected_findings)} of {len(catalogue.dataset.findings)} shown"
    qtbot.keyClick(window.filter_bar.search_edit, Qt.Key.Key_Escape)
    assert window.filter_bar.search_edit.text() == ""
    assert window.visible_finding_ids() == [f.id for f in catalogue.dataset.findings]
    assert len(shown_ids(window.pane_layout.recommendations_view)) == len(catalogue.dataset.recommendations)


def test_search_needs_every_word(qtbot, window, catalogue):
    word = a_discriminating_word(catalogue)
    qtbot.keyClicks(window.filter_bar.search_edit, f"{word} zzqqxxnotaword")
    assert window.visible_finding_ids() == []


def test_empty_result_says_so_and_offers_to_clear(qtbot, window, catalogue):
    window.filtering.set_sector(catalogue.dataset.sectors[0].id)
    qtbot.keyClicks(window.filter_bar.search_edit, "zzqqxxnotaword")
    pane = window.pane_layout.findings_pane
    assert pane.stack.currentWidget() is pane.empty
    assert "No findings" in pane.empty.label.text() and "zzqqxxnotaword" in pane.empty.label.text()
    assert pane.empty.button.isVisible()
    assert pane.count.text() == f"0 of {len(catalogue.dataset.findings)} shown"
    qtbot.mouseClick(pane.empty.button, Qt.MouseButton.LeftButton)
    assert window.filter_bar.search_edit.text() == ""
    assert pane.stack.currentWidget() is pane.view
    assert window.visible_finding_ids() == [f.id for f in catalogue.findings_in(catalogue.dataset.sectors[0].id)]


def test_theme_and_confidence_filters(qtbot, window, catalogue):
    theme = catalogue.dataset.themes[0]
    window.filter_bar.theme_combo.setCurrentIndex(window.filter_bar.theme_combo.findData(theme.id))
    assert window.visible_finding_ids() == [f.id for f in catalogue.dataset.findings if theme.id in f.themes]
    window.filter_bar.confidence_combo.setCurrentIndex(window.filter_bar.confidence_combo.findData("primary"))
    assert window.visible_finding_ids() == [
        f.id for f in catalogue.dataset.findings if theme.id in f.themes and f.confidence == "primary"
    ]
    qtbot.mouseClick(window.filter_bar.clear_button, Qt.MouseButton.LeftButton)
    assert len(window.visible_finding_ids()) == len(catalogue.dataset.findings)


def test_the_search_index_is_built_off_the_window_thread_and_used_by_the_search(qtbot, make_window, bundled, monkeypatch):
    from briefing_app.domain import search as search_module

    built = {}  # each index built (any catalogue's), with the thread that built it
    of_parts = search_module.KeyMatcher.of_parts.__func__

    def recording(cls, rows):
        matcher = of_parts(cls, rows)
        built[id(matcher)] = (matcher, threading.current_thread())
        return matcher

    monkeypatch.setattr(search_module.KeyMatcher, "of_parts", classmethod(recording))
    fresh = Catalogue(bundled)  # not yet indexed
    window = make_window(fresh, active=True)
    window._prepare_search()
    for thread in [thread for thread in threading.enumerate() if thread.name == "search index"]:
        thread.join(timeout=60)
    indexes = (fresh.finding_search, fresh.recommendation_search)  # already built: taken, not built again
    assert all(id(index) in built for index in indexes)
    assert all(built[id(index)][1] is not threading.main_thread() for index in indexes)
    finding = fresh.dataset.findings[0]
    window.filter_bar.search_edit.setText(search_words(finding.statement)[0])
    assert finding.id in window.visible_finding_ids()
    assert (fresh.finding_search, fresh.recommendation_search) == indexes  # the search used them, not new ones


# ---- sorting ------------------------------------------------------------------------------------------------------


def test_sorting_the_value_column_orders_by_number(qtbot, window, catalogue):
    header = window.pane_layout.findings_view.horizontalHeader()
    x = header.sectionViewportPosition(FindingTableModel.VALUE) + header.sectionSize(FindingTableModel.VALUE) // 2
    with qtbot.waitSignal(window.visibleFindingsChanged):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert header.sortIndicatorSection() == FindingTableModel.VALUE
    order = header.sortIndicatorOrder()
    numbers = sorted((f.measures[0].value for f in catalogue.dataset.findings if f.measures),
                     reverse=order == Qt.SortOrder.DescendingOrder)
    shown = [catalogue.findings[fid] for fid in window.visible_finding_ids()]
    shown_numbers = [f.measures[0].value for f in shown if f.measures]
    assert shown_numbers == numbers
    assert sorted(numbers, key=lambda v: f"{v:g}") != sorted(numbers)  # text order would differ


# ---- links and Back ---------------------------------------------------------------------------------------------


def test_following_a_findings_link_selects_the_recommendation_and_back_returns(qtbot, window, catalogue):
    finding = next(f for f in catalogue.dataset.findings if catalogue.recommendations_supported_by(f))
    rec = catalogue.recommendations_supported_by(finding)[0]
    # Narrow the view (its sector, its id as the search) so that the recommendation is hidden: following the
    # link must reveal it.
    window.filtering.set_sector(finding.sector)
    query = finding.id
    window.filter_bar.search_edit.setText(query)
    window.select_finding(finding.id)
    assert window.current_item() == ("finding", finding.id)
    assert rec.id not in shown_ids(window.pane_layout.recommendations_view)
    assert window.pane_layout.detail.links()[0] == ("recommendation", rec.id)
    assert rec.title in window.pane_layout.detail.toPlainText()

    back_was_enabled = window.action("back").isEnabled()
    window.pane_layout.detail.setFocus()
    with qtbot.waitSignal(window.currentItemChanged) as changed:
        qtbot.keyClick(window.pane_layout.detail, Qt.Key.Key_Tab)  # Tab moves to the first link
        qtbot.keyClick(window.pane_layout.detail, Qt.Key.Key_Return)  # Enter follows it
    assert changed.args == ["recommendation", rec.id]
    assert window.current_item() == ("recommendation", rec.id)
    view = window.pane_layout.recommendations_view
    assert view.currentIndex().data(Roles.ID) == rec.id
    assert view.selectionModel().isRowSelected(view.currentIndex().row())
    assert not window.pane_layout.findings_view.selectionModel().hasSelection()
    assert rec.summary in window.pane_layout.detail.toPlainText()
    assert window.action("back").isEnabled()

    qtbot.keyClick(window.pane_layout.detail, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_item() == ("finding", finding.id)
    assert window.pane_layout.findings_view.currentIndex().data(Roles.ID) == finding.id
    assert window.filter_bar.search_edit.text() == query
    assert window.current_sector() == finding.sector
    assert window.action("back").isEnabled() == back_was_enabled


def test_recommendation_links_to_the_findings_it_rests_on(qtbot, window, catalogue):
    rec = next(r for r in catalogue.dataset.recommendations if r.supporting_findings)
    window.select_recommendation(rec.id)
    links = window.pane_layout.detail.links()
    assert links[: len(rec.supporting_findings)] == [("finding", fid) for fid in rec.supporting_findings]
    window.pane_layout.detail.linkActivated.emit(*links[0])  # a mouse click on the link emits the same signal
    assert window.current_item() == links[0]
    window.action("back").trigger()
    assert window.current_item() == ("recommendation", rec.id)


def test_select_finding_clears_filters_that_hide_it(window, catalogue):
    target = catalogue.dataset.findings[-1]
    other_sector = next(s.id for s in catalogue.dataset.sectors if s.id != target.sector)
    window.filtering.set_sector(other_sector)
    window.filter_bar.search_edit.setText("zzqqxxnotaword")
    window.select_finding(target.id)
    assert window.current_item() == ("finding", target.id)
    assert target.id in window.visible_finding_ids()
    assert window.pane_layout.findings_view.currentIndex().data(Roles.ID) == target.id
    with pytest.raises(KeyError):
        window.select_finding("no-such-finding")


def test_arrow_keys_move_through_a_table_and_enter_moves_to_the_detail(qtbot, window, catalogue):
    view = window.pane_layout.findings_view
    view.setFocus()  # focusing a table with no current row makes its first row current and selected
    assert window.current_item() == ("finding", catalogue.dataset.findings[0].id)
    assert view.selectionModel().isRowSelected(0)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.current_item() == ("finding", catalogue.dataset.findings[1].id)
    assert view.selectionModel().isRowSelected(1)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.pane_layout.detail


def test_detail_shows_everything_about_a_finding(window, catalogue):
    finding = max(catalogue.dataset.findings, key=lambda f: (len(f.measures), len(f.caveats)))
    window.select_finding(finding.id)
    text = window.pane_layout.detail.toPlainText()
    assert finding.statement in text
    for measure in finding.measures:
        assert measure.label in text and measure.base in text
    assert finding.period in text and str(finding.year) in text
    for ref in finding.sources:
        source = catalogue.sources[ref.source]
        for part in [source.title, *source.publishers, source.display_date, source.url, ref.location, source.method]:
            if part:
                assert part in text
        assert full_citation(source, ref.location) in text
    assert finding.confidence.explanation in text
    for caveat in finding.caveats:
        assert caveat in text


# ---- opening another dataset ---------------------------------------------------------------------------------------


def test_opening_a_broken_dataset_shows_every_problem_and_keeps_the_data(qtbot, window, catalogue, raw_dataset, write_json, monkeypatch):
    raw_dataset["findings"][0]["measures"][0]["value"] = 130
    raw_dataset["findings"][1]["statement"] = " "
    broken = write_json(raw_dataset, "broken.json")
    monkeypatch.setattr(commands.QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    shown = []
    monkeypatch.setattr(DatasetProblemsDialog, "exec", lambda self: shown.append(self) or 0)
    window.select_finding(catalogue.dataset.findings[2].id)
    title_before = window.windowTitle()

    window.action("open_dataset").trigger()

    assert len(shown) == 1
    text = shown[0].text.toPlainText()
    assert text.count(str(broken)) == 2
    assert "$.findings[0].measures[0].value" in text and "$.findings[1].statement" in text
    assert "cannot be used: 2 problems" in shown[0].accessibleDescription()
    assert window.catalogue is catalogue
    assert window.windowTitle() == title_before
    assert len(window.visible_finding_ids()) == len(catalogue.dataset.findings)
    assert window.current_item() == ("finding", catalogue.dataset.findings[2].id)


def test_opening_another_edition_replaces_the_data(qtbot, window, raw_dataset, write_json, monkeypatch):
    raw_dataset["edition"]["title"] = "A smaller test edition"
    raw_dataset["findings"] = raw_dataset["findings"][:5]
    kept = {f["id"] for f in raw_dataset["findings"]}
    for rec in raw_dataset["recommendations"]:
        for field in ("supporting_findings", "related_findings"):
            rec[field] = [fid for fid in rec.get(field, []) if fid in kept]
    path = write_json(raw_dataset, "smaller.json")
    monkeypatch.setattr(commands.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(window.datasetChanged):
        window.action("open_dataset").trigger()
    assert window.catalogue.file == str(path)
    assert len(window.visible_finding_ids()) == 5
    assert "A smaller test edition" in window.windowTitle()
    assert "5 findings" in window.windowTitle()


def test_title_and_about_show_edition_date_version_and_counts(window, catalogue, monkeypatch):
    edition = catalogue.edition
    data = catalogue.dataset
    counts = [f"{len(data.sources)} sources", f"{len(data.findings)} findings", f"{len(data.recommendations)} recommendations"]
    compiled = f"{edition.date_compiled.day} {edition.date_compiled:%B %Y}"
    for text in (window.windowTitle(), window.about_text()):
        assert edition.title in text and compiled in text and __version__ in text
        for count in counts:
            assert count in text
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self) or 0)
    window.action("about").trigger()
    assert boxes and boxes[0].text() == window.about_text()
    assert boxes[0].textFormat() == Qt.TextFormat.PlainText


# ---- settings -----------------------------------------------------------------------------------------------------------


def test_settings_survive_a_restart(qtbot, make_window, catalogue, tmp_path):
    config = tmp_path / "restart"
    first = make_window(config_dir=config, active=True)
    sector = catalogue.dataset.sectors[1]
    theme_id = catalogue.findings_in(sector.id)[0].themes[0]
    first.filtering.set_sector(sector.id)
    first.filter_bar.theme_combo.setCurrentIndex(first.filter_bar.theme_combo.findData(theme_id))
    first.pane_layout.findings_view.sortByColumn(FindingTableModel.YEAR, Qt.SortOrder.DescendingOrder)
    target = first.visible_finding_ids()[-1]
    first.select_finding(target)
    first.resize(760, 560)  # the offscreen screen is 800 x 600; restoring clamps to the screen
    first.pane_layout.main_splitter.setSizes([150, 650, 400])
    sizes = first.pane_layout.main_splitter.sizes()
    visible = first.visible_finding_ids()
    first.close()

    second = make_window(config_dir=config, active=True)
    assert second.current_sector() == sector.id
    assert second.filter_bar.theme_combo.currentData() == theme_id
    assert second.current_item() == ("finding", target)
    assert second.pane_layout.findings_view.currentIndex().data(Roles.ID) == target
    assert second.visible_finding_ids() == visible
    header = second.pane_layout.findings_view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (FindingTableModel.YEAR, Qt.SortOrder.DescendingOrder)
    assert (second.size().width(), second.size().height()) == (760, 560)
    assert second.pane_layout.main_splitter.sizes() == sizes


def test_a_corrupt_settings_file_gives_defaults_and_a_warning(qtbot, make_window, tmp_path, caplog, catalogue):
    config = tmp_path / "corrupt"
    config.mkdir()
    (config / "settings.json").write_text('{"sector": "health", oops', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        window = make_window(config_dir=config, active=True)
    assert window.current_sector() is None
    assert len(window.visible_finding_ids()) == len(catalogue.dataset.findings)
    message = window.statusBar().currentMessage()
    assert "settings.json" in message and "default settings" in message
    assert message in caplog.text
    window.close()  # closing writes good settings over the corrupt file
    assert json.loads((config / "settings.json").read_text(encoding="utf-8"))["schema_version"] == 1


def test_settings_that_name_unknown_items_are_ignored(qtbot, make_window, tmp_path, catalogue):
    config = tmp_path / "stale"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({
        "sector": "no-such-sector", "theme": "no-such-theme", "current_kind": "finding", "current_id": "gone",
        "findings_sort": [99, 1],
    }), encoding="utf-8")
    window = make_window(config_dir=config, active=True)
    assert window.current_sector() is None and window.current_item() is None
    assert len(window.visible_finding_ids()) == len(catalogue.dataset.findings)


# ---- plain text ------------------------------------------------------------------------------------------------------------


def test_markup_in_the_dataset_is_shown_literally(qtbot, make_window, raw_dataset, write_json):
    statement = 'A <b>bold</b> claim <img src="http://example.invalid/x.png"> &amp; more'
    title = "<i>Recommend</i> <a href='http://example.invalid'>this</a>"
    raw_dataset["findings"][0]["statement"] = statement
    raw_dataset["recommendations"][0]["title"] = title
    catalogue = load_catalogue(write_json(raw_dataset))
    window = make_window(catalogue, active=True)
    finding_id = raw_dataset["findings"][0]["id"]
    window.select_finding(finding_id)

    index = window.finding_proxy.index(window.finding_proxy.proxy_row_of(finding_id), FindingTableModel.STATEMENT)
    assert index.data() == statement
    tooltip = QTextDocument()
    tooltip.setHtml(index.data(Qt.ItemDataRole.ToolTipRole))
    assert tooltip.toPlainText() == statement
    assert "<img" not in index.data(Qt.ItemDataRole.ToolTipRole)

    assert statement in window.pane_layout.detail.toPlainText()
    document = window.pane_layout.detail.document()
    assert not [f for f in document.allFormats() if f.isImageFormat()]
    assert not [f for f in document.allFormats() if f.isCharFormat() and f.toCharFormat().anchorHref().startswith("http")]

    rec_id = raw_dataset["recommendations"][0]["id"]
    window.select_recommendation(rec_id)
    assert title in window.pane_layout.detail.toPlainText()
    rec_index = window.recommendation_proxy.index(window.recommendation_proxy.proxy_row_of(rec_id), 0)
    assert rec_index.data() == title
    tip = QTextDocument()
    tip.setHtml(rec_index.data(Qt.ItemDataRole.ToolTipRole))
    assert tip.toPlainText().startswith(title)


# ---- copy and export -----------------------------------------------------------------------------------------------------


def test_copy_and_copy_citation(qtbot, window, catalogue):
    finding = catalogue.dataset.findings[0]
    window.select_finding(finding.id)
    window.pane_layout.findings_view.setFocus()
    qtbot.keyClick(window.pane_layout.findings_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(finding.statement)
    for ref in finding.sources:
        assert full_citation(catalogue.sources[ref.source], ref.location) in copied
    window.action("copy_citation").trigger()
    assert QGuiApplication.clipboard().text() == citation_text(catalogue, finding)


def test_export_csv_writes_the_findings_shown(qtbot, window, catalogue, tmp_path, monkeypatch):
    sector = catalogue.dataset.sectors[0].id
    window.filtering.set_sector(sector)
    target = tmp_path / "out.csv"
    monkeypatch.setattr(commands.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.action("export_csv").trigger()
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    findings = [row["id"] for row in rows if row["kind"] == "finding"]
    assert list(dict.fromkeys(findings)) == [f.id for f in catalogue.findings_in(sector)]
    recommendations = [row["id"] for row in rows if row["kind"] == "recommendation"]
    assert recommendations == [r.id for r in catalogue.recommendations_in(sector)]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")] == []  # no temporary file left


# ---- keyboard and accessibility -----------------------------------------------------------------------------------------


def test_f6_cycles_through_the_panes(qtbot, window):
    window.filter_bar.search_edit.setFocus()
    expected = [window.pane_layout.sector_view, window.pane_layout.findings_view, window.pane_layout.recommendations_view, window.pane_layout.detail, window.pane_layout.lower_tabs, window.filter_bar.search_edit]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        focus = QApplication.focusWidget()
        assert focus is widget or widget.isAncestorOf(focus), (widget.objectName(), focus.objectName())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert window.pane_layout.lower_tabs.isAncestorOf(QApplication.focusWidget()) or QApplication.focusWidget() is window.pane_layout.lower_tabs


def test_shortcuts_dialog_lists_every_shortcut(window, monkeypatch):
    shown = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: shown.append(self) or 0)
    window.action("shortcuts").trigger()
    listed = " ".join(keys for keys, _ in shown[0].rows)
    for action in window.action_registry.actions():
        for shortcut in action.shortcuts():
            assert shortcut.toString(shortcut.SequenceFormat.NativeText) in listed, action.text()
    for keys in ("Ctrl+F", "F6", "Alt+Left", "Enter"):
        assert keys in listed
    assert shown[0].table.rowCount() == len(shown[0].rows)


def test_every_focusable_widget_has_an_accessible_name(window):
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        text = getattr(widget, "text", None)
        named = widget.accessibleName() or (callable(text) and text())
        if not named and widget.metaObject().className() not in ("QTabBar", "QToolButton"):
            unnamed.append(f"{widget.metaObject().className()} {widget.objectName()}")
    assert unnamed == []
    for pane in (window.pane_layout.sector_view, window.pane_layout.findings_view, window.pane_layout.recommendations_view, window.pane_layout.detail, window.filter_bar.search_edit,
                 window.filter_bar.theme_combo, window.filter_bar.confidence_combo, window.chart_host, window.pack_host):
        assert pane.accessibleName() and pane.accessibleDescription(), pane.objectName()


def test_style_sheet_only_for_high_contrast_and_palette_roles_only():
    from briefing_app.app import style_sheet

    # No application style sheet normally (views/look.py styles the widgets; a sheet slows start-up).
    assert style_sheet(False) == ""
    sheet = style_sheet(True)
    assert "palette(text)" in sheet and "QTableView" in sheet
    assert "#" not in sheet.replace("QToolBar#", "").replace("QListView#", "")  # no fixed colours
    assert "rgb" not in sheet and "font-size" not in sheet and "pt;" not in sheet


def test_pane_titles_are_bold_in_the_system_font_size(window):
    titles = [label for label in window.findChildren(QLabel) if label.property("role") == "paneTitle"]
    assert {label.text() for label in titles} >= {"Se&ctors", "Confidence key", "F&indings", "&Recommendations", "&Detail"}
    system = QApplication.font()
    for label in titles:
        assert label.font().bold(), label.text()
        assert label.font().pointSizeF() == system.pointSizeF() and label.font().family() == system.family()


def test_the_empty_state_panel_is_painted_in_palette_colours(qtbot, window):
    window.filter_bar.search_edit.setText("zzzz no such words anywhere qqqq")
    empty = window.pane_layout.findings_pane.empty
    qtbot.waitUntil(empty.isVisible)
    image = empty.grab().toImage()
    fill = empty.palette().color(QPalette.ColorRole.AlternateBase).rgb()
    assert QColor(image.pixel(image.width() // 2, 6)).rgb() == fill  # inside the border, above the message


# ---- the API for the extensions ---------------------------------------------------------------------------------------------


def test_extension_api_contract(window):
    assert list(window.action_registry) == [
        "open_dataset", "print_preview", "print", "export_pdf", "export_csv", "quit", "copy", "copy_citation", "find",
        "add_to_brief", "back", "next_pane", "previous_pane", "toggle_chart_table", "enlarge_tabs", "shortcuts", "about",
    ]
    for key in ("print_preview", "print", "export_pdf", "add_to_brief", "toggle_chart_table"):  # the extensions' rows
        assert not window.action(key).isEnabled(), key
    for key in ("open_dataset", "export_csv", "quit", "find", "next_pane", "shortcuts", "about"):
        assert window.action(key).isEnabled(), key
    for name in ("file", "edit", "view", "help"):
        assert window.menu(name).actions()
    file_actions = window.menu("file").actions()
    for key in ("open_dataset", "print_preview", "print", "export_pdf", "export_csv", "quit"):
        assert window.action(key) in file_actions
    window.resize(window_state.COMPACT_WIDTH + 100, window_state.COMPACT_HEIGHT + 100)  # detail above the tabs
    QApplication.processEvents()
    assert not window.is_compact()
    assert window.chart_host.isVisible() and not window.pack_host.isVisible()  # the chart's tab comes first
    for host in (window.pack_host, window.chart_host):
        assert isinstance(host.layout(), QVBoxLayout) and host.layout().count() == 0
        window.pane_layout.lower_tabs.setCurrentWidget(host.parentWidget())
        assert host.isVisible(), host.objectName()  # each host fills the page of its own tab
    assert window.settings() is window.settings()


def test_extensions_attach_once_missing_ones_are_skipped_and_errors_surface(qtbot, make_window, monkeypatch, tmp_path):
    window = make_window(show=False)
    attached = []

    def attach(win):
        attached.append(win)
        label = QWidget()
        label.setAccessibleName("fake chart")
        win.chart_host.layout().addWidget(label)
        win.action("toggle_chart_table").setEnabled(True)

    fake = types.ModuleType("briefing_fake_extension")
    fake.attach = attach
    monkeypatch.setitem(sys.modules, "briefing_fake_extension", fake)
    monkeypatch.setattr(extensions, "EXTENSIONS", ["briefing_app.not_built_yet.integration", "briefing_fake_extension"])
    assert window.attach_extensions_now() == ["briefing_fake_extension"]
    assert attached == [window]
    assert window.attach_extensions_now() == []  # only once
    assert window.findChild(QWidget, "chartHostPlaceholder").isHidden()

    (tmp_path / "briefing_broken_extension.py").write_text("import briefing_no_such_dependency\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="briefing_no_such_dependency"):
        extensions.attach_all(window, ["briefing_broken_extension"])


def test_extensions_attach_after_the_first_paint(qtbot, catalogue, monkeypatch, tmp_path):
    attached = []
    fake = types.ModuleType("briefing_fake_extension_paint")
    fake.attach = attached.append
    monkeypatch.setitem(sys.modules, "briefing_fake_extension_paint", fake)
    monkeypatch.setattr(extensions, "EXTENSIONS", ["briefing_fake_extension_paint"])
    window = MainWindow(catalogue, SettingsStore(tmp_path))
    qtbot.addWidget(window)
    assert attached == []
    window.show()
    qtbot.waitUntil(lambda: attached == [window])


def test_each_extension_waits_until_the_one_before_has_been_painted(qtbot, catalogue, monkeypatch, tmp_path):
    """The chart (first extension) is drawn before the printing modules (the next one) are imported."""
    painted_before_second: list[bool] = []

    class PaintedWidget(QWidget):
        painted = False

        def paintEvent(self, event):  # noqa: N802
            PaintedWidget.painted = True

    def first(win):
        win.chart_host.layout().addWidget(PaintedWidget())

    def second(win):
        painted_before_second.append(PaintedWidget.painted)

    for name, attach in (("briefing_fake_first", first), ("briefing_fake_second", second)):
        module = types.ModuleType(name)
        module.attach = attach
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(extensions, "EXTENSIONS", ["briefing_fake_first", "briefing_fake_second"])
    window = MainWindow(catalogue, SettingsStore(tmp_path))
    qtbot.addWidget(window)
    window.resize(window_state.COMPACT_WIDTH + 100, window_state.COMPACT_HEIGHT + 100)  # the chart tab shown
    window.show()
    qtbot.waitUntil(window.extensions_attached)
    assert painted_before_second == [True]


def test_a_build_without_extensions_counts_as_attached_after_the_first_paint(qtbot, catalogue, monkeypatch, tmp_path):
    # run_gui's --quit-after-first-paint waits for this; with nothing to attach it must still come.
    monkeypatch.setattr(extensions, "EXTENSIONS", [])
    window = MainWindow(catalogue, SettingsStore(tmp_path))
    qtbot.addWidget(window)
    assert not window.extensions_attached()
    window.show()
    qtbot.waitUntil(window.extensions_attached)


def test_main_window_imports_no_pyqtgraph_numpy_or_printing():
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from briefing_app.views.main_window import MainWindow\n"
        "import briefing_app.app, briefing_app.qtmodels\n"
        "w = MainWindow(); w.show(); app.processEvents()\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('pyqtgraph', 'numpy') or m == 'PySide6.QtPrintSupport']\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# ---- unexpected errors --------------------------------------------------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
def test_unexpected_error_is_logged_shown_and_the_app_keeps_running(qtbot, window, tmp_path):
    from briefing_app.app import ExceptionReporter

    reporter = ExceptionReporter(tmp_path / "logs").install()
    try:
        def fail():
            raise RuntimeError("something <b>broke</b>")

        QTimer.singleShot(0, fail)
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
        box = reporter.dialog
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert "RuntimeError: something <b>broke</b>" in box.text()
        assert str(reporter.log_file) in box.informativeText()
        log_text = reporter.log_file.read_text(encoding="utf-8")
        assert "Traceback" in log_text and "in fail" in log_text and "something <b>broke</b>" in log_text
        # Still running: the window answers, and a second error updates the same dialog.
        window.select_finding(window.catalogue.dataset.findings[0].id)
        assert window.current_item()[1] == window.catalogue.dataset.findings[0].id
        QTimer.singleShot(0, fail)
        qtbot.waitUntil(lambda: reporter.count == 2)
        assert "2 errors" in box.informativeText()
        box.close()
    finally:
        reporter.uninstall()
        for handler in list(logging.getLogger("briefing_app").handlers):
            if getattr(handler, "baseFilename", "").startswith(str(tmp_path)):
                logging.getLogger("briefing_app").removeHandler(handler)
                handler.close()


def test_run_gui_with_a_broken_dataset_shows_the_problems(qapp, tmp_path, monkeypatch):
    from briefing_app import app as app_module

    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    shown = []
    monkeypatch.setattr(DatasetProblemsDialog, "exec", lambda self: shown.append(self) or 0)
    monkeypatch.setenv("BRIEFING_APP_LOG_DIR", str(tmp_path / "logs"))
    sheet = qapp.styleSheet()
    hook = sys.excepthook
    try:
        assert app_module.run_gui(str(broken)) == 1
    finally:
        qapp.setStyleSheet(sheet)
        sys.excepthook = hook
    assert shown and str(broken) in shown[0].problems_text() and "invalid JSON" in shown[0].problems_text()
