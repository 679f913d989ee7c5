"""Dialogs of the main window. Every text shown here is plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.problems import Problem
from ..domain.wording import plural


def plain_message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, informative: str = ""
) -> QMessageBox:
    """A message box whose texts are shown literally (never as rich text)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if informative:
        box.setInformativeText(informative)
        # The informative label takes the same text format as the main text from Qt 6.x; make sure of it.
        label = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if label is not None:
            label.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    return box


class DatasetProblemsDialog(QDialog):
    """Lists every problem of a dataset file that could not be opened, with file and JSON path."""

    def __init__(self, file: str, problems: list[Problem], parent: QWidget | None = None, kept_current: bool = True):
        super().__init__(parent)
        self.setWindowTitle("The dataset cannot be opened")
        self.problems = problems
        count = len(problems)
        text = f"{file} cannot be used: {plural(count, 'problem')} found."
        if kept_current:
            text += " The dataset that was open before is still open."
        summary = QLabel(text)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(self.problems_text())
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setAccessibleName("Problems")
        self.text.setAccessibleDescription("Every problem found, one a line: file, JSON path and reason")
        summary.setBuddy(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton("&Copy problems", self)
        copy.setAccessibleDescription("Copy the list of problems to the clipboard")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.problems_text()))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.setAccessibleName(self.windowTitle())
        self.setAccessibleDescription(summary.text())
        self.resize(720, 360)

    def problems_text(self) -> str:
        return "\n".join(f"{p.file}: {p.path}: {p.message}" for p in self.problems) + "\n"


class ShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: every shortcut of the window in one table."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.rows = rows
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Keys", "What they do"])
        for row, (keys, what) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(what))
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnToContents(0)
        table.setAccessibleName("Keyboard shortcuts")
        table.setAccessibleDescription("Keys in the first column, what they do in the second")
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.setAccessibleName("Keyboard shortcuts")
        self.resize(560, 520)
