"""A frame in the highlight colour around the list, table or text pane that has keyboard focus.

Drawn by one small widget rather than by a style-sheet rule on every QAbstractItemView: such a rule makes
Qt's style-sheet style look up rules for every cell painted, which cost about a third of the main window's
first paint (bench/run.py, start-up).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QRegion
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPlainTextEdit, QTabBar, QTextEdit, QToolButton, QWidget
from shiboken6 import isValid

# Tab bars and tool buttons too: the style's own focus mark on them is faint (a dotted line, or none).
FRAMED = (QAbstractItemView, QTextEdit, QPlainTextEdit, QTabBar, QToolButton)  # QTextBrowser is a QTextEdit
# A widget with this property set is framed when the focus is in it (the chart's scroll area: the chart
# itself is taller than what shows of it).
FRAME_PROPERTY = "focusFramed"
RING_WIDTH = 2  # pixels, drawn over the pane's own border


class FocusRing(QWidget):
    """A ring over the edge of its parent pane. Masked to the ring, so the pane's content underneath is painted
    and clicked as usual; it follows the pane's size."""

    def __init__(self, pane: QWidget):
        super().__init__(pane)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        pane.installEventFilter(self)
        self._fit()

    def pane(self) -> QWidget:
        return self.parentWidget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        outer = self.parentWidget().rect()
        self.setGeometry(outer)
        inner = outer.adjusted(RING_WIDTH, RING_WIDTH, -RING_WIDTH, -RING_WIDTH)
        self.setMask(QRegion(outer).subtracted(QRegion(inner)))
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Highlight))
        painter.end()


class FocusFrameFollower(QObject):
    """Puts a FocusRing on whichever list, table or text pane has keyboard focus, in any window of the
    application (the main window, the shortcuts list, the dataset-problems dialog...). One per application:
    use :func:`follow_focus`."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.ring: FocusRing | None = None
        app.focusChanged.connect(self._focus_changed)

    def framed_widget(self) -> QWidget | None:
        return self.ring.pane() if self.ring is not None and isValid(self.ring) else None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = None
        # Focus sits on the pane itself, or on a child of it such as an editor.
        widget = new
        while widget is not None:
            if isinstance(widget, FRAMED) or widget.property(FRAME_PROPERTY):
                target = widget
                break
            widget = None if widget.isWindow() else widget.parentWidget()
        if self.framed_widget() is target:
            return
        if self.ring is not None and isValid(self.ring):
            self.ring.hide()
            self.ring.deleteLater()
        self.ring = None
        if target is not None:
            self.ring = FocusRing(target)
            self.ring.show()


def follow_focus() -> FocusFrameFollower:
    """The application's FocusFrameFollower, made on first use."""
    app = QApplication.instance()
    follower = getattr(app, "_briefing_focus_follower", None)
    if follower is None or not isValid(follower):
        follower = FocusFrameFollower(app)
        app._briefing_focus_follower = follower  # a Python attribute on the QApplication wrapper
    return follower
