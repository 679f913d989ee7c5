"""Issue 17, "the window, tried as a new user would": the window at real sizes and in real palettes, the
keyboard, the charts at every bar count, and search with punctuation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from briefing_app.views.focus_frame import follow_focus
from briefing_app.views.main_window import MainWindow


@pytest.fixture()
def window(make_window):
    return make_window(active=True)


# ---- moving the focus never changes the selection ------------------------------------------------------


def test_f6_through_every_pane_keeps_the_finding_shown_and_back(qtbot, window, catalogue):
    rec = next(r for r in catalogue.dataset.recommendations if r.supporting_findings)
    window.select_recommendation(rec.id)
    window.pane_layout.detail.linkActivated.emit("finding", rec.supporting_findings[0])  # a link followed: Back is possible
    shown = ("finding", rec.supporting_findings[0])
    assert window.current_item() == shown and window.action("back").isEnabled()
    detail_text = window.pane_layout.detail.toPlainText()

    window.filter_bar.search_edit.setFocus()
    for _ in range(2 * len(window.panes)):
        for backwards in (False, True, False):
            modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, modifier)
            assert window.current_item() == shown, QApplication.focusWidget().objectName()
    assert window.pane_layout.detail.toPlainText() == detail_text
    assert window.action("back").isEnabled()
    assert not window.pane_layout.recommendations_view.selectionModel().hasSelection()

    # In the recommendations table, the arrow keys then choose a recommendation, from the first one.
    window.pane_layout.recommendations_view.setFocus()
    qtbot.keyClick(window.pane_layout.recommendations_view, Qt.Key.Key_Down)
    first = window.pane_layout.recommendations_view.model().index(0, 0)
    assert window.current_item()[0] == "recommendation"
    assert window.pane_layout.recommendations_view.currentIndex().row() == first.row()


# ---- search with apostrophes and punctuation -------------------------------------------------------------


def count_findings(catalogue, query: str) -> int:
    from briefing_app.domain import search_words

    words = search_words(query)
    return sum(catalogue.matches(f.id, words) for f in catalogue.dataset.findings)


@pytest.mark.parametrize(
    ("typed", "bare"),
    [
        ("education leaders' workload", "education leaders workload"),
        ("education leaders’ workload", "education leaders workload"),
        ("NHS managers'", "NHS managers"),
        ("NHS managers’", "NHS managers"),
        ("“NHS managers”,", "NHS managers"),
    ],
)
def test_apostrophes_and_quotes_find_what_the_bare_words_find(catalogue, typed, bare):
    assert count_findings(catalogue, bare) > 0
    assert count_findings(catalogue, typed) == count_findings(catalogue, bare)


def test_the_window_search_box_ignores_a_curly_apostrophe(qtbot, window, catalogue):
    window.filter_bar.search_edit.setText("education leaders workload")
    bare = window.visible_finding_ids()
    window.filter_bar.search_edit.setText("education leaders’ workload")
    assert list(window.visible_finding_ids()) == list(bare) and len(bare) > 0


# ---- charts legible at every bar count, in the room the window gives them --------------------------------


def spec_with_bars(catalogue, count: int):
    """A chart of ``count`` bars from the bundled data (repeated past its 83 figures), one of them 100%."""
    from dataclasses import replace

    from briefing_app.charts.spec import sector_spec

    spec = sector_spec(catalogue, None)
    bars = list(spec.bars) * (count // len(spec.bars) + 1)
    bars = bars[:count]
    bars[-1] = replace(bars[-1], value=100.0, display_value="100%")
    return replace(spec, bars=tuple(bars))


def check_chart_legible(panel, bars: int) -> None:
    chart = panel.chart
    viewport = panel.scroll.viewport()
    rects = chart.label_rects()
    assert len(rects) == bars
    for i, (cell, text) in enumerate(rects):
        assert text.height() <= cell.height() + 0.5, (i, text, cell)  # not clipped at the top or bottom
        assert text.left() >= -0.5 and text.right() <= cell.right() + 0.5, (i, text, cell)
        if i:
            previous = rects[i - 1][1]
            assert text.top() >= previous.bottom() - 0.5, (i, previous, text)  # no overlap
    plot = chart.view_box.sceneBoundingRect()
    for i in range(bars):
        value = chart.bars_item.value_rect(i)
        assert value.right() <= plot.right() + 0.5 and value.right() <= chart.width(), (i, value, plot)
    footer = chart.footer_block.geometry()
    assert footer.bottom() <= chart.height() + 0.5
    assert chart.width() <= viewport.width()  # nothing cut off at the right by the scroll area
    # The pane shows several bars at a time (it once showed 2 of 83), every one when they fit.
    row = rects[0][0].height()
    assert row <= 100  # never a giant row (four lines of label in the narrowest pane)
    shown = viewport.height() // row
    assert shown >= min(bars, 4), (row, viewport.height())


@pytest.mark.parametrize("size", [(216, 300), (330, 230), (460, 260), (760, 560)])
@pytest.mark.parametrize("bars", [1, 2, 3, 10, 100])
def test_every_chart_is_legible_at_every_bar_count(qtbot, catalogue, size, bars):
    from briefing_app.charts.widget import ChartPanel

    from PySide6.QtWidgets import QVBoxLayout

    host = QWidget()  # a pane of the window: the panel gets the room it is given, however narrow
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    panel = ChartPanel(catalogue)
    layout.addWidget(panel)
    host.resize(*size)
    host.show()
    qtbot.waitExposed(host)
    assert panel.width() <= max(size[0], panel.minimumSizeHint().width())
    spec = spec_with_bars(catalogue, bars)
    panel._spec = spec
    panel.chart.set_spec(spec)
    panel.scroll.fit()
    qtbot.wait(20)
    check_chart_legible(panel, bars)
    panel.chart.highlight(spec.bars[0].finding_id)  # a bold label is wider: still fits
    check_chart_legible(panel, bars)


@pytest.mark.parametrize(("sector", "query"), [("education", "accountability"), (None, "darzi")])
def test_the_charts_of_the_issue_are_legible(qtbot, catalogue, sector, query):
    from briefing_app.charts.widget import ChartPanel
    from briefing_app.domain import search_words

    panel = ChartPanel(catalogue)
    qtbot.addWidget(panel)
    panel.resize(460, 270)
    panel.show()
    qtbot.waitExposed(panel)
    words = search_words(query)
    visible = [f.id for f in catalogue.dataset.findings if (sector in (None, f.sector)) and catalogue.matches(f.id, words)]
    panel.set_sector(sector, visible)
    qtbot.wait(20)
    assert len(panel.spec.bars) == 2
    check_chart_legible(panel, 2)


# ---- colours: from the palette, readable in light, dark and high-contrast palettes -----------------------


def make_palette(kind: str):
    from PySide6.QtGui import QColor, QPalette

    if kind == "light":
        return QApplication.style().standardPalette()
    palette = QPalette()  # Qt's defaults: among them the link colour, pure blue
    roles = QPalette.ColorRole
    if kind == "dark":  # as a dark desktop theme sets it, leaving the link colour at Qt's blue
        colours = {roles.Window: "#353535", roles.WindowText: "#f0f0f0", roles.Base: "#2d2d2d", roles.AlternateBase: "#383838",
                   roles.Text: "#f0f0f0", roles.Button: "#353535", roles.ButtonText: "#f0f0f0", roles.Highlight: "#3d7ab8",
                   roles.HighlightedText: "#ffffff", roles.PlaceholderText: "#5a5a5a", roles.Mid: "#555555"}
    else:  # high contrast, white on black
        colours = {roles.Window: "#000000", roles.WindowText: "#ffffff", roles.Base: "#000000", roles.AlternateBase: "#000000",
                   roles.Text: "#ffffff", roles.Button: "#000000", roles.ButtonText: "#ffffff", roles.Highlight: "#ffff00",
                   roles.HighlightedText: "#000000", roles.PlaceholderText: "#333333", roles.Link: "#0000ff"}
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


@pytest.mark.parametrize("kind", ["light", "dark", "high-contrast"])
def test_text_and_links_in_the_detail_and_chart_contrast_enough(qtbot, window, catalogue, kind):
    from PySide6.QtGui import QPalette, QTextCharFormat

    from briefing_app.charts.render import ChartStyle
    from briefing_app.views.look import contrast_ratio

    window.setPalette(make_palette(kind))
    finding = next(f for f in catalogue.dataset.findings if catalogue.recommendations_supported_by(f))
    window.select_finding(finding.id)
    detail = window.pane_layout.detail
    base = detail.palette().color(QPalette.ColorRole.Base)
    text = detail.palette().color(QPalette.ColorRole.Text)
    seen_link = False
    block = detail.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt: QTextCharFormat = fragment.charFormat()
            colour = fmt.foreground().color() if fmt.hasProperty(fmt.Property.ForegroundBrush) else text
            seen_link |= fmt.isAnchor()
            assert contrast_ratio(colour, base) >= 4.5, (kind, fragment.text(), colour.name(), base.name())
            it += 1
        block = block.next()
    assert seen_link
    detail.show_item(catalogue, None)  # the muted "choose an item" text
    fmt = detail.document().begin().begin().fragment().charFormat()
    assert contrast_ratio(fmt.foreground().color(), base) >= 4.5
    # The chart's colours, from the same palette.
    style = ChartStyle.for_screen(window.pane_layout.detail)
    assert contrast_ratio(style.text, style.background) >= 4.5
    assert contrast_ratio(style.muted, style.background) >= 4.5


# ---- the window on small and large screens -----------------------------------------------------------------


class FakeScreen:
    def __init__(self, width: int, height: int):
        from PySide6.QtCore import QRect

        self.rect = QRect(0, 0, width, height)

    def availableGeometry(self):  # noqa: N802 (Qt name)
        return self.rect


@pytest.mark.parametrize("screen", [(1024, 600), (683, 384), (1366, 768), (1920, 1080)])
def test_the_first_size_comes_from_the_screen(make_window, monkeypatch, screen):
    monkeypatch.setattr(MainWindow, "screen", lambda self: FakeScreen(*screen))
    window = make_window(show=False)
    assert window.width() <= screen[0] and window.height() <= screen[1]
    assert window.width() >= min(screen[0] * 0.8, 1300) and window.height() >= min(screen[1] * 0.8, 860)


def visible_in(widget, ancestor) -> bool:
    from PySide6.QtCore import QRect

    if not widget.isVisibleTo(ancestor) or widget.width() <= 0 or widget.height() <= 0:
        return False
    top_left = widget.mapTo(ancestor, widget.rect().topLeft())
    return QRect(0, 0, ancestor.width(), ancestor.height()).contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("size", [(1024, 600), (683, 384), (1366, 768), (1920, 1080)])  # 683×384: 1366×768 at 200%
def test_every_control_and_pane_has_room_at_every_size(qtbot, window, catalogue, size):
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size, timeout=2000)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= size[0] and window.minimumSizeHint().height() <= size[1]
    for control in (window.filter_bar.search_edit, window.filter_bar.theme_combo, window.filter_bar.confidence_combo, window.filter_bar.clear_button):
        assert visible_in(control, window), control.objectName()  # not behind a toolbar's overflow arrow
    window.select_finding(catalogue.dataset.findings[0].id)
    for pane in (window.pane_layout.sector_view, window.pane_layout.findings_view, window.pane_layout.recommendations_view, window.pane_layout.detail):
        assert visible_in(pane, window) and pane.height() >= 60, (pane.objectName(), pane.size())
    char = window.fontMetrics().horizontalAdvance("x")
    for view in (window.pane_layout.findings_view, window.pane_layout.recommendations_view):
        assert view.horizontalHeader().sectionSize(view.stretch_column) >= char * 26 - 1  # never three words
    assert window.is_compact() == (size[0] < 1100 or size[1] < 640)
    # the confidence key gives its room to the sectors in a small window (the tables say each level in words)
    assert window.pane_layout.confidence_key.isVisible() == (not window.is_compact())
    if window.is_compact():  # the chart and the pack are a tab away, the detail too once another tab is chosen
        window.pane_layout.lower_tabs.setCurrentIndex(1)
        qtbot.keyClick(window.pane_layout.findings_view, Qt.Key.Key_Return)
        assert window.pane_layout.lower_tabs.currentWidget() is window.pane_layout.detail_pane and window.pane_layout.detail.hasFocus()


def test_a_confirmation_is_always_visible(qtbot, window):
    window.resize(683, 384)
    qtbot.waitUntil(lambda: window.width() == 683, timeout=2000)
    message = "Added finding h1 to the briefing pack (3 items)."
    window.statusBar().showMessage(message, 5000)
    QApplication.processEvents()
    assert not window.dataset_label.isVisible()
    assert window.statusBar().fontMetrics().horizontalAdvance(message) < window.statusBar().width()
    window.statusBar().clearMessage()
    assert window.dataset_label.isVisible()


def test_the_chart_can_have_the_whole_window(qtbot, make_window):
    """A chart of many bars shows more of them when it is enlarged (Ctrl+Shift+M or its button), and every
    label stays legible; the other panes come back after."""
    window = make_window(extensions=None, size=(1366, 768))
    panel = window.chart_host.findChild(QWidget, "chartPanel")
    window.pane_layout.lower_tabs.setCurrentWidget(window.chart_host.parentWidget())
    qtbot.wait(50)
    before = panel.scroll.viewport().height()
    assert panel.enlarge_button.isVisible()
    qtbot.mouseClick(panel.enlarge_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert window.tabs_enlarged()
    assert not window.pane_layout.findings_view.isVisible() and not window.pane_layout.detail.isVisible()
    assert panel.scroll.viewport().height() > before * 1.5
    check_chart_legible(panel, len(panel.spec.bars))
    window.action("enlarge_tabs").trigger()
    assert not window.tabs_enlarged() and window.pane_layout.findings_view.isVisible() and window.pane_layout.detail.isVisible()


# ---- the briefing pack, as a new user meets it -------------------------------------------------------------


@pytest.fixture()
def full_window(make_window):
    """The real window with the chart and the sheets attached, large enough for the detail above the tabs."""
    return make_window(extensions=None, size=(1366, 768))


def test_ctrl_b_in_the_chart_adds_the_chart_with_a_readable_name(qtbot, full_window):
    window = full_window
    window.filtering.set_sector("health")
    panel = window.chart_host.findChild(QWidget, "chartPanel")
    window.pane_layout.lower_tabs.setCurrentWidget(window.chart_host.parentWidget())
    panel.chart.setFocus()
    qtbot.keyClick(panel.chart, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    pack = window.sheets.panel
    assert [(item.kind, item.id) for item in pack.pack.items] == [("chart", "sector:health")]
    shown = pack.model.index(0).data()
    message = window.statusBar().currentMessage()
    for text in (shown, message, pack.model.index(0).data(Qt.ItemDataRole.AccessibleDescriptionRole)):
        assert "sector:health" not in text and "Health: percentage figures" in text, text
    from briefing_app.charts.spec import available_charts

    for key, title in available_charts(window.catalogue):
        pack.add_item("chart", key)
        shown = pack.model.index(pack.model.rowCount() - 1).data()
        assert key not in shown and title in shown, (key, shown)


def test_an_item_moved_to_the_top_stays_in_view(qtbot, full_window, catalogue):
    pack = full_window.sheets.panel
    full_window.pane_layout.lower_tabs.setCurrentWidget(full_window.pack_host.parentWidget())
    for finding in catalogue.dataset.findings[:25]:
        pack.add_item("finding", finding.id)
    last = pack.model.rowCount() - 1
    pack._select_row(last)
    for _ in range(last):
        pack.move_current(-1)
    assert pack.current_row() == 0
    rect = pack.list_view.visualRect(pack.model.index(0))
    assert pack.list_view.viewport().rect().intersects(rect)


def test_export_pdf_starts_beside_the_saved_pack(qtbot, full_window, catalogue, tmp_path, monkeypatch):
    from briefing_app.sheets import integration

    pack = full_window.sheets.panel
    pack.add_item("finding", catalogue.dataset.findings[0].id)
    folder = tmp_path / "packs"
    folder.mkdir()
    assert pack.save_to(folder / "mine.brief.json")
    full_window.pane_layout.lower_tabs.setCurrentWidget(full_window.pack_host.parentWidget())
    asked = []
    monkeypatch.setattr(integration.QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a[2]) or ("", ""))
    full_window.action("export_pdf").trigger()
    assert asked and asked[0].startswith(str(folder))


def test_file_open_recognises_a_briefing_pack(qtbot, full_window, catalogue, tmp_path, monkeypatch):
    from briefing_app.views import commands

    pack = full_window.sheets.panel
    pack.add_item("finding", catalogue.dataset.findings[1].id)
    saved = tmp_path / "plain-name.json"  # not the usual .brief.json: known by its content
    assert pack.save_to(saved)
    pack.new_pack()
    monkeypatch.setattr(commands.QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    shown_problems = []
    monkeypatch.setattr(commands.DatasetProblemsDialog, "exec", lambda self: shown_problems.append(self) or 0)
    full_window.action("open_dataset").trigger()
    assert shown_problems == []
    assert [item.id for item in pack.pack.items] == [catalogue.dataset.findings[1].id]
    assert full_window.pack_host.isVisible()


def test_unsaved_pack_buttons_have_mnemonics(qtbot, catalogue, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from briefing_app.sheets.pack_panel import PackPanel

    panel = PackPanel(catalogue)
    qtbot.addWidget(panel)
    texts = []

    def look(box):
        texts.extend(button.text() for button in box.buttons())
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", look)
    panel.ask_unsaved()
    assert sorted(texts) == ["&Cancel", "&Discard", "&Save"]


# ---- accessible names, scrolling, dialogs -----------------------------------------------------------------


def test_accessible_names_a_new_user_hears(qtbot, window, catalogue):
    from PySide6.QtWidgets import QSplitter

    assert window.accessibleName() in ("", window.windowTitle())  # the title is read, not "Main window"
    clear_buttons = [w for w in window.filter_bar.search_edit.findChildren(QWidget) if w.accessibleName() == "Clear the search"]
    assert clear_buttons
    for splitter in window.findChildren(QSplitter):
        for i in range(1, splitter.count()):
            name = splitter.handle(i).accessibleName()
            assert name.startswith("Divider between ") and "Splitter" not in name, name
    assert "●" not in window.pane_layout.confidence_key.accessibleDescription() and "○" not in window.pane_layout.confidence_key.accessibleDescription()
    from briefing_app.domain.models import Confidence
    from briefing_app.domain.wording import confidence_spoken

    for level in Confidence:
        words = confidence_spoken(level).lower().replace(",", "").split()
        assert len(words) == len(set(words)), confidence_spoken(level)  # never "unverified, unverified"
        assert "●" not in confidence_spoken(level)


def test_a_new_search_shows_the_findings_from_the_top(qtbot, window, catalogue):
    view = window.pane_layout.findings_view
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: window.width() == 1024, timeout=2000)
    view.scrollToBottom()
    QApplication.processEvents()
    assert view.verticalScrollBar().value() > 0
    window.filter_bar.search_edit.setText("managers")
    assert len(window.visible_finding_ids()) > 5
    QApplication.processEvents()
    assert view.verticalScrollBar().value() == 0


def test_print_preview_opens_at_a_readable_zoom(qtbot, catalogue):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    from briefing_app.sheets import build
    from briefing_app.sheets import model as m
    from briefing_app.sheets.page import page_layout_for
    from briefing_app.sheets.printing import preview_dialog

    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1300, 760)
    sheet = build.sheet_for(catalogue, "health", m.SheetOptions(), page_layout_for("a4"))
    dialog = preview_dialog(host, sheet)
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
    assert dialog.width() >= 0.8 * host.width() and dialog.height() >= 0.8 * host.height()
    dialog.deleteLater()


def test_the_focus_is_visible_on_the_chart_its_tab_and_its_buttons(qtbot, full_window):
    window = full_window
    panel = window.chart_host.findChild(QWidget, "chartPanel")
    window.pane_layout.lower_tabs.setCurrentWidget(window.chart_host.parentWidget())
    follower = follow_focus()
    for widget, framed in (
        (panel.chart, panel.scroll),
        (window.pane_layout.lower_tabs.tabBar(), window.pane_layout.lower_tabs.tabBar()),
        (panel.table_button, panel.table_button),
        (panel.export_button, panel.export_button),
        (panel.enlarge_button, panel.enlarge_button),
    ):
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus, timeout=2000)
        assert follower.framed_widget() is framed, widget.objectName()
        assert follower.ring.isVisible()


@pytest.mark.parametrize("size", [(1024, 600), (683, 384)])
def test_the_chart_and_pack_tabs_never_make_the_window_wider_than_the_screen(qtbot, full_window, size):
    window = full_window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size, timeout=2000)
    for page in window.pane_layout.lower_pages():
        window.pane_layout.lower_tabs.setCurrentWidget(page)
        QApplication.processEvents()
        hint = window.minimumSizeHint()
        assert hint.width() <= size[0] and hint.height() <= size[1], (page.objectName(), hint)
        assert window.size().toTuple() == size
