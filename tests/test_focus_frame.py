"""The focus frame drawn around the list, table or text pane with keyboard focus (views/focus_frame.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from briefing_app.views.focus_frame import follow_focus


@pytest.fixture()
def window(make_window):
    return make_window(active=True)


def focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def highlight_at_edges(window, pane) -> list[bool]:
    """Whether the window, as painted, shows the highlight colour at the middle of each edge of ``pane``."""
    image = window.grab().toImage()
    highlight = pane.palette().color(QPalette.ColorRole.Highlight).rgb()
    top_left = pane.mapTo(window, QPoint(0, 0))
    width, height = pane.width(), pane.height()
    points = [QPoint(0, height // 2), QPoint(width - 1, height // 2), QPoint(width // 2, 0), QPoint(width // 2, height - 1)]
    return [QColor(image.pixel(top_left + point)).rgb() == highlight for point in points]


@pytest.mark.parametrize("pane", ["sector_view", "findings_view", "recommendations_view", "detail"])
def test_the_focused_pane_is_framed_in_the_highlight_colour(qtbot, window, pane):
    widget = getattr(window.pane_layout, pane)
    focus(qtbot, widget)
    assert follow_focus().framed_widget() is widget
    # Read from the painted window: all four edges of the pane show the highlight colour.
    assert highlight_at_edges(window, widget) == [True, True, True, True]


def test_the_frame_leaves_the_pane_content_visible_and_clickable(qtbot, window):
    focus(qtbot, window.pane_layout.findings_view)
    ring = follow_focus().ring
    assert not ring.mask().contains(ring.rect().center())
    assert window.pane_layout.findings_view.childAt(window.pane_layout.findings_view.rect().center()) is not ring


def test_the_frame_moves_with_focus_and_hides_outside_the_panes(qtbot, window):
    focus(qtbot, window.pane_layout.findings_view)
    focus(qtbot, window.filter_bar.search_edit)
    assert follow_focus().framed_widget() is None
    assert highlight_at_edges(window, window.pane_layout.findings_view) == [False, False, False, False]
    focus(qtbot, window.pane_layout.recommendations_view)
    assert follow_focus().framed_widget() is window.pane_layout.recommendations_view
    assert highlight_at_edges(window, window.pane_layout.recommendations_view) == [True, True, True, True]


def test_lists_in_dialogs_are_framed_too(qtbot, window):
    from briefing_app.views.dialogs import ShortcutsDialog

    dialog = ShortcutsDialog(window.shortcut_rows(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    table = next(child for child in dialog.findChildren(QWidget) if isinstance(child, QAbstractItemView))
    focus(qtbot, table)
    assert follow_focus().framed_widget() is table
    assert highlight_at_edges(dialog, table) == [True, True, True, True]
