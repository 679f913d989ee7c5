"""The briefing-pack panel: the items the user collected, their order and notes, the pack's title and file.

:class:`PackListModel` is a thin Qt adapter over :class:`~.pack.Pack` (which knows no Qt); the panel edits
the pack only through the model, so the view always matches the pack. Every control has a keyboard path:
Ctrl+Up / Ctrl+Down move the current item, Delete removes it, and the buttons have mnemonics.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..charts.spec import available_charts
from ..domain.catalogue import Catalogue
from ..domain.models import ItemKind
from ..domain.wording import plural
from ..views import output_guard
from . import pack_figures
from .pack import (
    MAX_NOTE_CHARS,
    MAX_TITLE_CHARS,
    PACK_SUFFIX,
    Pack,
    PackChangedError,
    PackError,
    item_title,
    new_pack,
    open_pack,
)

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
NOTE_ROLE = Qt.ItemDataRole.UserRole + 3
MISSING_ROLE = Qt.ItemDataRole.UserRole + 4
KIND_WORDS = {ItemKind.FINDING: "Finding", ItemKind.RECOMMENDATION: "Recommendation", ItemKind.CHART: "Chart"}
FILE_FILTER = f"Briefing packs (*{PACK_SUFFIX} *.json);;All files (*)"


class PackListModel(QAbstractListModel):
    """The items of a pack, one row each; display text says the kind, the item and any note."""

    modifiedChanged = Signal(bool)

    def __init__(self, pack: Pack, catalogue: Catalogue, parent: QObject | None = None):
        super().__init__(parent)
        self.pack = pack
        self.catalogue = catalogue
        self._modified = pack.modified

    # ---- reading ---------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.pack.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.pack.items):
            return None
        item = self.pack.items[index.row()]
        missing = self.pack.is_missing(item, self.catalogue)
        if role == Qt.ItemDataRole.DisplayRole:
            title = item_title(self.catalogue, item.kind, item.id)
            text = title if missing else f"{item_name(item.kind, item.id)}: {_shorten(title, 110)}"
            figures = figures_line(item, self.catalogue)
            return (text + (f"\n{_shorten(figures, 160)}" if figures else "")
                    + (f"\nNote: {_shorten(item.note, 110)}" if item.note.strip() else ""))
        if role == Qt.ItemDataRole.ToolTipRole:
            # Plain dataset text in a tool tip is escaped so that it is never read as rich text.
            return "<p>" + html.escape(self._describe(index.row())) + "</p>"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self._describe(index.row())
        if role == Qt.ItemDataRole.FontRole and missing:
            font = QFont()
            font.setItalic(True)
            return font
        if role == KIND_ROLE:
            return item.kind
        if role == ID_ROLE:
            return item.id
        if role == NOTE_ROLE:
            return item.note
        if role == MISSING_ROLE:
            return missing
        return None

    def _describe(self, row: int) -> str:
        item = self.pack.items[row]
        position = f"Item {row + 1} of {len(self.pack.items)}. "
        if self.pack.is_missing(item, self.catalogue):
            return (position + f"{item_name(item.kind, item.id)} is not in this dataset edition. "
                    "It stays in the pack file and prints as a marked gap.")
        text = position + f"{item_name(item.kind, item.id)}: {item_title(self.catalogue, item.kind, item.id)}"
        figures = figures_line(item, self.catalogue)
        return text + (f" {figures}" if figures else "") + (f" Note: {item.note}" if item.note.strip() else "")

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # ---- editing (always through here, so the view stays in step) -----------------------------------
    def _changed(self) -> None:
        if self.pack.modified != self._modified:
            self._modified = self.pack.modified
            self.modifiedChanged.emit(self._modified)

    def add(self, kind: str, item_id: str) -> bool:
        if self.pack.contains(kind, item_id) or self.pack.full_for(kind):
            return False
        row = len(self.pack.items)
        self.beginInsertRows(QModelIndex(), row, row)
        self.pack.add(kind, item_id, catalogue=self.catalogue)  # a finding keeps its figures and edition
        self.endInsertRows()
        self._changed()
        return True

    def remove(self, row: int) -> None:
        if not 0 <= row < len(self.pack.items):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self.pack.remove(row)
        self.endRemoveRows()
        self._changed()

    def move(self, row: int, new_row: int) -> bool:
        """Move the item at ``row`` to ``new_row``; False if either is out of range or they are equal."""
        count = len(self.pack.items)
        if row == new_row or not (0 <= row < count and 0 <= new_row < count):
            return False
        # Qt's destination is the row *before which* the item lands, counted before the move.
        destination = new_row + 1 if new_row > row else new_row
        if not self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination):
            return False
        self.pack.move(row, new_row)
        self.endMoveRows()
        self._changed()
        return True

    def set_note(self, row: int, note: str) -> None:
        if 0 <= row < len(self.pack.items) and self.pack.items[row].note != note[:MAX_NOTE_CHARS]:
            self.pack.set_note(row, note)
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, NOTE_ROLE])
            self._changed()

    def set_title(self, title: str) -> None:
        self.pack.set_title(title)
        self._changed()

    def choose_figures(self, row: int, keep: bool) -> None:
        """Keep the figures recorded when the item was added, or take this edition's (pack_figures.py)."""
        if not 0 <= row < len(self.pack.items):
            return
        if keep:
            pack_figures.keep_old(self.pack, row)
        else:
            pack_figures.use_new(self.pack, row, self.catalogue)
        index = self.index(row)
        self.dataChanged.emit(index, index)
        self._changed()

    def replace(self, pack: Pack, catalogue: Catalogue | None = None) -> None:
        self.beginResetModel()
        self.pack = pack
        if catalogue is not None:
            self.catalogue = catalogue
        self.endResetModel()
        self._changed()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """A new dataset: the same items, re-checked (some may now be missing, or found again)."""
        self.catalogue = catalogue
        if self.pack.items:
            self.dataChanged.emit(self.index(0), self.index(len(self.pack.items) - 1))

    def mark_saved(self) -> None:
        self._changed()


class PackPanel(QWidget):
    """Title, items (reorder, remove, note), and the pack's file (new, open, save, save as)."""

    messageRequested = Signal(str)  # a short status message for the window
    modifiedChanged = Signal(bool)

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None, add_keys: str = ""):
        """``add_keys``: the shortcut of the window's Add to briefing pack, said above the list."""
        super().__init__(parent)
        self.setObjectName("packPanel")
        self.setAccessibleName("Briefing pack")
        self.setAccessibleDescription(
            "The findings, recommendations and charts collected for a printed briefing pack, in print order"
        )
        self.error_handler = self._default_error
        self._links_agreed: set[str] = set()  # files the user agreed to save through a symbolic link
        self.model = PackListModel(new_pack(catalogue), catalogue, self)
        self.model.modifiedChanged.connect(self._on_modified)

        self.title_edit = QLineEdit(self.model.pack.title, self)
        self.title_edit.setObjectName("packTitle")
        self.title_edit.setMaxLength(MAX_TITLE_CHARS)
        self.title_edit.setAccessibleName("Pack title")
        self.title_edit.setAccessibleDescription("The title printed at the top of the briefing pack")
        title_label = QLabel("Pack &title:", self)
        title_label.setBuddy(self.title_edit)
        self.title_edit.textEdited.connect(self.model.set_title)

        self.list_view = QListView(self)
        self.list_view.setObjectName("packItems")
        self.list_view.setModel(self.model)
        self.list_view.setWordWrap(True)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setMinimumHeight(90)
        self.list_view.setAccessibleName("Items in the pack")
        self.list_view.setAccessibleDescription(
            "In print order. Ctrl+Up and Ctrl+Down move the current item, Delete removes it."
        )
        items_label = QLabel(f"&Items (Add to brief: {add_keys} on any finding or recommendation):" if add_keys else "&Items:", self)
        items_label.setWordWrap(True)
        items_label.setBuddy(self.list_view)
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)

        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("packNote")
        self.note_edit.setAccessibleName("Note under the current item")
        self.note_edit.setAccessibleDescription("A short note printed under the item; plain text")
        self.note_edit.setPlaceholderText("A short note printed under the chosen item")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(52)
        self.note_edit.setEnabled(False)
        self.note_edit.textChanged.connect(self._on_note_edited)
        note_label = QLabel("&Note under the item:", self)
        note_label.setBuddy(self.note_edit)

        self.up_button = self._button("Move &up", "Move the chosen item up (Ctrl+Up)", lambda: self.move_current(-1))
        self.down_button = self._button("Move do&wn", "Move the chosen item down (Ctrl+Down)", lambda: self.move_current(1))
        self.remove_button = self._button("&Remove", "Remove the chosen item from the pack (Delete)", self.remove_current)
        self.chart_button = QToolButton(self)
        self.chart_button.setText("Add &chart")
        self.chart_button.setAccessibleName("Add chart")
        self.chart_button.setToolTip("Add one of the dataset's charts to the pack")
        self.chart_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.chart_menu = QMenu(self.chart_button)
        self.chart_button.setMenu(self.chart_menu)
        self.chart_menu.aboutToShow.connect(self._fill_chart_menu)
        # Shown only when a finding's figures changed since it was added: the user chooses which to print.
        self.update_figure_button = self._button(
            "Update fi&gure", "Print this edition's figure for the chosen item (it becomes the recorded one)",
            lambda: self.choose_figures(keep=False))
        self.keep_figure_button = self._button(
            "&Keep old figure", "Print the figure recorded when the item was added, labelled with its edition",
            lambda: self.choose_figures(keep=True))

        self.new_button = self._button("Ne&w pack", "Start an empty pack", self.new_pack)
        self.open_button = self._button("&Open pack…", "Open a pack file", self.open_dialog)
        self.save_button = self._button("&Save pack", "Save the pack to its file", self.save)
        self.save_as_button = self._button("Save pack &as…", "Save the pack to a new file", self.save_as_dialog)
        self.file_label = QLabel(self)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setObjectName("packFile")

        self.list_view.installEventFilter(self)

        title_row = QHBoxLayout()
        title_row.addWidget(title_label)
        title_row.addWidget(self.title_edit, 1)
        item_buttons = QHBoxLayout()
        for widget in (self.up_button, self.down_button, self.remove_button, self.chart_button,
                       self.update_figure_button, self.keep_figure_button):
            item_buttons.addWidget(widget)
        item_buttons.addStretch(1)
        file_buttons = QHBoxLayout()
        for widget in (self.new_button, self.open_button, self.save_button, self.save_as_button):
            file_buttons.addWidget(widget)
        file_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(items_label)
        layout.addWidget(self.list_view, 1)
        layout.addLayout(item_buttons)
        layout.addWidget(note_label)
        layout.addWidget(self.note_edit)
        layout.addLayout(file_buttons)
        layout.addWidget(self.file_label)
        self._refresh_state()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The list's own keys: Ctrl+Up / Ctrl+Down move the current item, Delete removes it.
        if watched is self.list_view and event.type() == QEvent.Type.KeyPress:
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
                return True
            if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Delete:
                self.remove_current()
                return True
        return super().eventFilter(watched, event)

    # ---- helpers ------------------------------------------------------------------------------------
    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(tip)
        button.clicked.connect(slot)
        return button

    def _default_error(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    @property
    def pack(self) -> Pack:
        return self.model.pack

    @property
    def catalogue(self) -> Catalogue:
        return self.model.catalogue

    def current_row(self) -> int:
        index = self.list_view.currentIndex()
        return index.row() if index.isValid() else -1

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.list_view.setCurrentIndex(self.model.index(row))
            self.list_view.scrollTo(self.model.index(row))  # an item just moved is current already: scroll anyway

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        with QSignalBlocker(self.note_edit):
            self.note_edit.setPlainText(current.data(NOTE_ROLE) or "" if current.isValid() else "")
        self._refresh_state()

    def _on_note_edited(self) -> None:
        row = self.current_row()
        if row >= 0:
            text = self.note_edit.toPlainText()
            if len(text) > MAX_NOTE_CHARS:
                self.note_edit.setPlainText(text[:MAX_NOTE_CHARS])
                return
            self.model.set_note(row, text)

    def _on_modified(self, modified: bool) -> None:
        self._refresh_state()
        self.modifiedChanged.emit(modified)

    def _refresh_state(self) -> None:
        row = self.current_row()
        count = self.model.rowCount()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.remove_button.setEnabled(row >= 0)
        self.note_edit.setEnabled(row >= 0)
        name = self.pack.path.name if self.pack.path else "not saved yet"
        missing = len(self.pack.missing(self.catalogue))
        parts = [f"File: {name}{' (changed)' if self.pack.modified else ''}", plural(count, "item")]
        if missing:
            parts.append(f"{missing} not in this dataset edition")
        changed = pack_figures.changed_items(self.pack, self.catalogue)
        if changed:
            parts.append(f"{len(changed)} with figures changed since added")
        self.file_label.setText(" · ".join(parts))
        current = pack_figures.check(self.pack.items[row], self.catalogue) if row >= 0 else None
        for button in (self.update_figure_button, self.keep_figure_button):
            button.setVisible(bool(changed))
        changed_here = current is not None and current.status == pack_figures.CHANGED
        # Update: take this edition's figures (also when one of the recorded figures is gone from a finding
        # still here); Keep: print the recorded ones. Until either is chosen, the sheet prints this edition's
        # figures with a line saying what they were.
        self.update_figure_button.setEnabled(changed_here or (
            current is not None and current.status == pack_figures.VANISHED
            and self.pack.items[row].id in self.catalogue.findings))
        self.keep_figure_button.setEnabled(changed_here and not current.keep)

    def _fill_chart_menu(self) -> None:
        self.chart_menu.clear()
        for key, title in available_charts(self.catalogue):
            action = self.chart_menu.addAction(title)
            action.setEnabled(not self.pack.contains(ItemKind.CHART, key))
            action.triggered.connect(lambda _checked=False, key=key: self.add_item(ItemKind.CHART, key))

    # ---- editing --------------------------------------------------------------------------------------
    def add_item(self, kind: str, item_id: str) -> bool:
        """Add an item (Add to brief); False, with a message, if the pack already holds it or is full."""
        full = self.pack.full_for(kind)
        if full and not self.pack.contains(kind, item_id):
            self.messageRequested.emit(full)
            return False
        if not self.model.add(kind, item_id):
            self._select_row(self.pack.index_of(kind, item_id))
            self.messageRequested.emit(f"{self._named(kind, item_id)} is already in the briefing pack.")
            return False
        self._select_row(self.model.rowCount() - 1)
        self.messageRequested.emit(f"Added {self._named(kind, item_id, lower=True)} to the briefing pack ({self.model.rowCount()} items).")
        return True

    def _named(self, kind: str, item_id: str, lower: bool = False) -> str:
        """"Finding h1", or a chart by its title ("Chart “Health: percentage figures”"), never its key."""
        word = KIND_WORDS[kind].lower() if lower else KIND_WORDS[kind]
        if kind == ItemKind.CHART:
            return f"{word} “{dict(available_charts(self.catalogue)).get(item_id, item_id)}”"
        return f"{word} {item_id}"

    def choose_figures(self, keep: bool) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.model.choose_figures(row, keep)
        self._refresh_state()
        item = self.pack.items[row]
        self.messageRequested.emit(
            f"{item_name(item.kind, item.id)}: printing the figure recorded from edition {item.edition}."
            if keep else f"{item_name(item.kind, item.id)}: printing this edition's figure ({item.edition}).")

    def move_current(self, step: int) -> None:
        row = self.current_row()
        if row >= 0 and self.model.move(row, row + step):
            self._select_row(row + step)
        self._refresh_state()

    def remove_current(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.model.remove(row)
        self._select_row(min(row, self.model.rowCount() - 1))
        self._refresh_state()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self.model.set_catalogue(catalogue)
        self._refresh_state()

    def set_pack(self, pack: Pack) -> None:
        self.model.replace(pack)
        self.title_edit.setText(pack.title)
        self._select_row(0)
        self._refresh_state()

    # ---- file -----------------------------------------------------------------------------------------
    def new_pack(self) -> bool:
        if not self.maybe_save():
            return False
        self.set_pack(new_pack(self.catalogue))
        return True

    def open_file(self, path: str | os.PathLike[str]) -> bool:
        try:
            pack = open_pack(path)
        except PackError as exc:
            self.error_handler("Cannot open the briefing pack", str(exc))
            return False
        self.set_pack(pack)
        missing = len(pack.missing(self.catalogue))
        note = f"; {missing} item(s) are not in this dataset edition and are marked" if missing else ""
        self.messageRequested.emit(f"Opened {Path(path).name}{note}.")
        return True

    def save_to(self, path: str | os.PathLike[str]) -> bool:
        if not self._may_write(path):
            return False
        if self.pack.edition is None:
            self.pack.edition = self.catalogue.edition.id
        try:
            try:
                saved = self.pack.save(path)
            except PackChangedError as exc:
                answer = self.ask_changed(str(exc))
                if answer == QMessageBox.StandardButton.SaveAll:  # "Save as…": keep both versions
                    return self.save_as_dialog()
                if answer != QMessageBox.StandardButton.Save:  # Cancel: nothing written
                    return False
                saved = self.pack.save(path, overwrite_changes=True)
        except PackError as exc:
            self.error_handler("Cannot save the briefing pack", str(exc))
            return False
        self.model.mark_saved()
        self._refresh_state()
        self.messageRequested.emit(f"Saved the briefing pack to {saved}.")
        return True

    def save(self) -> bool:
        if self.pack.path is None:
            return self.save_as_dialog()
        return self.save_to(self.pack.path)

    def save_as_dialog(self) -> bool:
        suggested = self.pack.path or Path.home() / f"{_file_stem(self.pack.title)}{PACK_SUFFIX}"
        path, _filter = QFileDialog.getSaveFileName(self, "Save briefing pack", str(suggested), FILE_FILTER)
        if not path:
            return False
        return self.save_to(path)

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        start = str(self.pack.path.parent) if self.pack.path else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(self, "Open briefing pack", start, FILE_FILTER)
        if not path:
            return False
        return self.open_file(path)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current pack: it is saved, or the user saved or discarded it."""
        if not self.pack.modified or (not self.pack.items and self.pack.path is None):
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _may_write(self, path: str | os.PathLike[str]) -> bool:
        """Ask once per file before saving through a symbolic link (views.output_guard)."""
        key = os.path.abspath(path)
        if key in self._links_agreed:
            return True
        if not output_guard.confirm_output(self, path):
            return False
        self._links_agreed.add(key)
        return True

    def _question_box(self, icon: QMessageBox.Icon, title: str, text: str, informative: str) -> QMessageBox:
        """A message box whose texts (which name the pack's title or file) are shown as plain text."""
        box = QMessageBox(self)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setInformativeText(informative)
        return box

    def ask_changed(self, detail: str) -> QMessageBox.StandardButton:
        """The file changed since it was opened: Save (overwrite it), SaveAll (save as another file) or Cancel.

        Tests replace this method to answer without a dialog.
        """
        box = self._question_box(
            QMessageBox.Icon.Warning, "The briefing pack's file has changed",
            f"“{self.pack.path}” was changed by another program or window since you opened or last saved it.",
            "Overwriting it discards that change. Save your pack as another file instead?",
        )
        box.setDetailedText(detail)
        box.setStandardButtons(
            QMessageBox.StandardButton.SaveAll | QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel
        )
        box.button(QMessageBox.StandardButton.SaveAll).setText("Save &as…")
        box.button(QMessageBox.StandardButton.Save).setText("&Overwrite")
        box.setDefaultButton(QMessageBox.StandardButton.SaveAll)
        return QMessageBox.StandardButton(box.exec())

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel (tests replace this method to answer without a dialog)."""
        box = self._question_box(
            QMessageBox.Icon.Question, "Unsaved briefing pack",
            f"The briefing pack “{self.pack.title}” has changes that are not saved.", "Save them before closing it?",
        )
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        # Each with its Alt+letter (Qt's own texts have none on some platforms, and follow Qt's language).
        for button, text in ((QMessageBox.StandardButton.Save, "&Save"), (QMessageBox.StandardButton.Discard, "&Discard"),
                             (QMessageBox.StandardButton.Cancel, "&Cancel")):
            box.button(button).setText(text)
        return QMessageBox.StandardButton(box.exec())


def figures_line(item, catalogue: Catalogue) -> str:
    """What became of a finding's figures since it was added, for the list and its spoken description."""
    result = pack_figures.check(item, catalogue)
    if result.status == pack_figures.CHANGED and result.keep:
        return (f"Printing the figure kept from edition {result.edition}: "
                + "; ".join(f"{line.label}: {line.old} (this edition: {line.new})" for line in result.lines) + ".")
    if result.status == pack_figures.CHANGED:
        return (f"Figure changed since added from edition {result.edition}: {result.summary}. Printing this "
                "edition's; Keep old figure prints the recorded one.")
    if result.status == pack_figures.VANISHED:
        return f"Figure recorded from edition {result.edition} is not in this edition: {result.summary}."
    return ""


def item_name(kind: str, item_id: str) -> str:
    """How a pack item is named in its list: "Finding h1", "Recommendation r2"; a chart by its kind alone,
    its title following (a chart's key, such as "comparison:senior-leadership", means nothing to a reader)."""
    return KIND_WORDS[kind] if kind == ItemKind.CHART else f"{KIND_WORDS[kind]} {item_id}"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _file_stem(title: str) -> str:
    stem = "".join(ch if ch.isalnum() or ch in " -_" else "" for ch in title).strip().replace(" ", "-")
    return stem.lower() or "briefing-pack"
