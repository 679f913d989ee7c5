"""The tables of findings and recommendations: the table view, its empty state, and the pane holding both."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..qtmodels import FindingTableModel, RecommendationTableModel
from . import look

MIN_STATEMENT_CHARS = 26  # the least width, in average characters, of the statement and title columns


class ItemTableView(QTableView):
    """A table of findings or recommendations; Enter moves to the detail pane.

    Moving the focus into it (F6, Tab, a pane's Alt+letter) never changes the selection: Qt makes the
    first row current on focus-in when none is, which the window would show in the detail pane in place
    of the item shown there. ``focus_may_select`` (set by the window) says when that is harmless."""

    enterPressed = Signal()

    def __init__(self, name: str, word_wrap: bool, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrow keys move within it
        self.setAlternatingRowColors(True)
        self.setWordWrap(word_wrap)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSortingEnabled(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setSortIndicatorClearable(True)
        self.horizontalHeader().setHighlightSections(False)
        self.focus_may_select: Callable[[], bool] = lambda: True
        # The statement (or title) column takes the spare width but never less than this: in a narrow pane
        # the table scrolls sideways rather than squeezing the statement to a word or two.
        self.stretch_column = -1
        self.min_stretch_width = 0
        self.horizontalHeader().sectionResized.connect(lambda column, *_: column != self.stretch_column and self.keep_stretch_readable())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.keep_stretch_readable()

    def keep_stretch_readable(self) -> None:
        header = self.horizontalHeader()
        column = self.stretch_column
        if column < 0 or column >= header.count():
            return
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != column and not header.isSectionHidden(c))
        stretch = self.viewport().width() - others >= self.min_stretch_width
        mode = QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.Interactive
        if header.sectionResizeMode(column) != mode:
            header.setSectionResizeMode(column, mode)
        if not stretch and header.sectionSize(column) != self.min_stretch_width:
            header.resizeSection(column, self.min_stretch_width)

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt name)
        model = self.selectionModel()
        if model is None or self.currentIndex().isValid() or self.focus_may_select():
            super().focusInEvent(event)
            return
        # Let Qt do the rest of its focus-in, then take back the current row it chose, unseen by the window;
        # the arrow keys start from the first row all the same.
        model.blockSignals(True)
        try:
            super().focusInEvent(event)
            model.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            model.blockSignals(False)
        self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit()
            return
        super().keyPressEvent(event)


class EmptyState(QFrame):
    """Shown in place of a table with no rows: says why, and offers the way out."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "emptyState")  # high-contrast.qss draws it then
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton(self)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        if not look.paint_empty_state(self):
            super().paintEvent(event)

    def set_message(self, text: str, button_text: str) -> None:
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.button.setText(button_text)
        self.button.setAccessibleName(button_text.replace("&", ""))
        self.button.setVisible(bool(button_text))


class TablePane(QWidget):
    """Title, "n of N shown" count, and the table (or its empty state)."""

    def __init__(self, title: str, name: str, model, description: str, word_wrap: bool = False, parent=None):
        super().__init__(parent)
        self.setObjectName(f"{name}Pane")
        self.title = look.pane_title(QLabel(title, self))
        self.count = QLabel(self)
        self.count.setObjectName(f"{name}Count")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.view = ItemTableView(f"{name}Table", word_wrap, self)
        self.view.setModel(model)
        self.view.setAccessibleName(title.replace("&", ""))
        self.view.setAccessibleDescription(description)
        self.title.setBuddy(self.view)
        self.empty = EmptyState(f"{name}Empty", self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

    def show_count(self, shown: int, total: int, noun: str) -> None:
        """Say how many rows of ``total`` are shown; the empty state takes the table's place when none are."""
        self.count.setText(f"{shown} of {total} shown")
        self.count.setAccessibleName(f"{shown} of {total} {noun} shown")
        self.view.setAccessibleDescription(self.view.accessibleDescription().split(" — ")[0] + f" — {shown} of {total} shown")
        self.stack.setCurrentWidget(self.view if shown > 0 else self.empty)

    def focus_target(self) -> QWidget:
        if self.stack.currentWidget() is self.view:
            return self.view
        return self.empty.button if self.empty.button.isVisible() else self.empty


def size_columns(window: QWidget, findings_view: ItemTableView, recommendations_view: ItemTableView) -> None:
    """The statement or title takes the spare width; Base and Target body start at a set width; the short
    columns fit their text (measured here once, cheaper than Qt's ResizeToContents, which asks the
    model for every role of every cell on each layout)."""
    metrics = window.fontMetrics()
    char = metrics.horizontalAdvance("x")
    for view, stretch, preset in (
        (findings_view, FindingTableModel.STATEMENT, {FindingTableModel.BASE: 16, FindingTableModel.SOURCE: 18}),
        (recommendations_view, RecommendationTableModel.TITLE, {RecommendationTableModel.TARGET: 24}),
    ):
        header = view.horizontalHeader()
        header.setMinimumSectionSize(char * 5)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        view.stretch_column, view.min_stretch_width = stretch, char * MIN_STATEMENT_CHARS
        model = view.model()
        # Room for the cell margins, and in the header for the sort arrow.
        padding = window.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) * 2 + char * 2
        for column in range(model.columnCount()):
            if column == stretch:
                continue
            if column in preset:
                header.resizeSection(column, char * preset[column])
                continue
            texts = [model.index(row, column).data() for row in range(model.rowCount())]
            cells = max((metrics.horizontalAdvance(text) for text in texts), default=0) + padding
            title = header.fontMetrics().horizontalAdvance(model.headerData(column, Qt.Orientation.Horizontal)) + padding + char * 2
            header.resizeSection(column, max(cells, title))
        view.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() + 10)
    # Statements are long sentences: two lines each show most of one without opening the detail.
    findings_view.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * 2 + 10)
    for view in (findings_view, recommendations_view):
        view.keep_stretch_readable()
