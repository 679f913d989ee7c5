"""The main window's look, set on the widgets themselves: bold pane titles, spacing, the empty-state frame.

These were once rules in an application-wide style sheet. Any application style sheet puts every widget
through Qt's style-sheet style, which made building and first painting the window about 50 ms slower
(bench/run.py, start-up). Colours still come only from palette roles and no font size is set, so the
system's light, dark and high-contrast palettes and its font size apply. When the system asks for more
contrast, app.py adds resources/style/high-contrast.qss on top (thicker frames in the text colour).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QToolBar

TOOLBAR_SPACING = 4
TOOLBAR_MARGIN = 3
TOOLBAR_LABEL_INDENT = 8
EMPTY_STATE_RADIUS = 4


def pane_title(label: QLabel) -> QLabel:
    """A pane's title: bold (in the system font and size), with a little room above and below."""
    label.setProperty("role", "paneTitle")
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 2, 0, 2)
    return label


def toolbar_label(label: QLabel) -> QLabel:
    """A label in the search toolbar, set apart from the widget before it."""
    label.setProperty("role", "toolbarLabel")
    label.setContentsMargins(TOOLBAR_LABEL_INDENT, 0, 0, 0)
    return label


def search_toolbar(bar: QToolBar) -> QToolBar:
    bar.layout().setSpacing(TOOLBAR_SPACING)
    bar.setContentsMargins(TOOLBAR_MARGIN, TOOLBAR_MARGIN, TOOLBAR_MARGIN, TOOLBAR_MARGIN)
    return bar


def paint_empty_state(frame: QFrame) -> bool:
    """Paint an empty state's panel (alternate-base background, dashed mid-colour border, rounded corners).

    Returns False, painting nothing, when a style sheet is in force (high contrast), which draws it instead.
    """
    if QApplication.instance().styleSheet() or frame.styleSheet():
        return False
    painter = QPainter(frame)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(frame.palette().color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(frame.palette().color(QPalette.ColorRole.AlternateBase))
    painter.drawRoundedRect(QRectF(frame.rect()).adjusted(0.5, 0.5, -0.5, -0.5), EMPTY_STATE_RADIUS, EMPTY_STATE_RADIUS)
    painter.end()
    return True
