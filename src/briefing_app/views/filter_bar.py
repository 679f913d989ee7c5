"""The search box and the theme and confidence filters, on two toolbars (the filters go on a second row in
a small window), and what they ask to see (``Filters``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMainWindow, QPushButton, QSizePolicy, QToolBar, QWidget

from ..domain.catalogue import Catalogue
from ..domain.wording import CONFIDENCE_CHOICES
from ..qtmodels import Filters
from . import look

log = logging.getLogger(__name__)

SEARCH_CHARS = 40  # the search box's width beside the filters, in average characters

class FilterBar(QObject):
    """Builds the two toolbars on ``window`` (``toolbar_actions`` first, before the search box)."""

    changed = Signal()  # the search text, the theme or the confidence changed (by the user or the window)
    searchLeft = Signal()  # Down or Enter in the search box: the focus goes to the findings

    def __init__(self, window: QMainWindow, toolbar_actions: Sequence[QAction]):
        super().__init__(window)
        self._window = window
        bar = QToolBar("Search and filters", window)
        bar.setObjectName("searchToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setAccessibleName("Search and filters")
        look.search_toolbar(bar)
        for action in toolbar_actions:
            bar.addAction(action)
        bar.addSeparator()
        self.search_edit = self._search_edit(bar)
        self.theme_combo = _combo(bar, "themeCombo", "Theme filter",
                                  "Shows only findings on this theme, and the recommendations resting on them")
        self.theme_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.theme_combo.setMaximumWidth(self._chars(36))
        self.confidence_combo = _combo(bar, "confidenceCombo", "Confidence filter", "Shows only items verified at least to this level")
        for text, value in CONFIDENCE_CHOICES:
            self.confidence_combo.addItem(text, value)
        self.clear_button = QPushButton("C&lear filters", bar)
        self.clear_button.setObjectName("clearFiltersButton")
        self.clear_button.setAccessibleName("Clear search and filters")
        self.clear_button.setAccessibleDescription("Empties the search box and resets the theme and confidence filters")

        # The filters have a toolbar of their own, which goes on a second row when the window is narrow
        # (see set_compact) rather than behind an overflow arrow.
        filters = QToolBar("Filters", window)
        filters.setObjectName("filtersToolbar")
        filters.setMovable(False)
        filters.setFloatable(False)
        filters.setAccessibleName("Filters")
        look.search_toolbar(filters)
        for text, widget, holder in (
            ("&Search:", self.search_edit, bar), ("T&heme:", self.theme_combo, filters), ("C&onfidence:", self.confidence_combo, filters),
        ):
            widget.setParent(holder)
            label = look.toolbar_label(QLabel(text, holder))
            label.setBuddy(widget)
            holder.addWidget(label)
            holder.addWidget(widget)
        self.clear_button.setParent(filters)
        filters.addWidget(self.clear_button)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, filters)
        self.toolbar = bar
        self.filters_toolbar = filters
        self.search_edit.textChanged.connect(lambda *_: self.changed.emit())
        self.theme_combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self.confidence_combo.currentIndexChanged.connect(lambda *_: self.changed.emit())

    def _chars(self, count: int) -> int:
        return self._window.fontMetrics().horizontalAdvance("x") * count

    def _search_edit(self, bar: QToolBar) -> QLineEdit:
        edit = QLineEdit(bar)
        edit.setObjectName("searchEdit")
        edit.setPlaceholderText("Search findings, recommendations and sources")
        edit.setClearButtonEnabled(True)
        edit.setAccessibleName("Search")
        edit.setAccessibleDescription(
            "Shows only items containing every word typed, in any text field, ignoring case and accents. "
            "Escape clears the search."
        )
        edit.setMinimumWidth(self._chars(SEARCH_CHARS))
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        edit.installEventFilter(self)
        clear = edit.findChild(QAction, "_q_qlineeditclearaction")  # Qt's clear button, unnamed
        if clear is not None:
            clear.setText("Clear the search")
            clear.setToolTip("Clear the search (Escape)")
            for button in edit.findChildren(QWidget):
                if clear in button.actions():
                    button.setAccessibleName("Clear the search")
        return edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.searchLeft.emit()
                return True
        return super().eventFilter(watched, event)

    # ---- what they ask to see ------------------------------------------------------------------------
    def filters(self, sector: str | None) -> Filters:
        return Filters.make(
            sector=sector,
            theme=self.theme_combo.currentData(),
            min_confidence=self.confidence_combo.currentData(),
            query=self.search_edit.text(),
        )

    def theme(self) -> str | None:
        return self.theme_combo.currentData()

    def min_confidence(self) -> str | None:
        return self.confidence_combo.currentData()

    def query(self) -> str:
        return self.search_edit.text()

    def fill_themes(self, catalogue: Catalogue, wanted: str | None) -> None:
        """The catalogue's themes, by name, after "All themes"; ``wanted`` chosen if it is one of them."""
        combo = self.theme_combo
        combo.clear()
        combo.addItem("All themes", None)
        for theme in sorted(catalogue.themes.values(), key=lambda t: t.name.casefold()):
            combo.addItem(theme.name, theme.id)
            combo.setItemData(combo.count() - 1, theme.description, Qt.ItemDataRole.AccessibleDescriptionRole)
        combo.setCurrentIndex(max(combo.findData(wanted), 0))

    def show_values(self, theme: str | None, min_confidence: str | None, query: str) -> None:
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(theme), 0))
        self.confidence_combo.setCurrentIndex(max(self.confidence_combo.findData(min_confidence), 0))
        self.search_edit.setText(query)

    def clear(self) -> None:
        """Empty the search box and reset the theme and confidence filters."""
        self.search_edit.clear()
        self.theme_combo.setCurrentIndex(0)
        self.confidence_combo.setCurrentIndex(0)

    def empty_message(self, filters: Filters, noun: str, sector_name: str) -> tuple[str, str]:
        """Why a table of ``noun`` shows no rows, and the text of the button that shows some again."""
        where = f" in {sector_name}" if sector_name else ""
        if filters.narrowing:
            what = []
            if filters.query.strip():
                what.append(f"the search “{filters.query.strip()}”")
            if filters.theme:
                what.append(f"the theme {self.theme_combo.currentText()}")
            if filters.min_confidence:
                what.append(f"the confidence filter ({self.confidence_combo.currentText()})")
            return f"No {noun}{where} match {' and '.join(what)}.", "C&lear search and filters"
        if sector_name:
            return f"No {noun} in {sector_name}.", "Show &all sectors"
        return f"This dataset has no {noun}.", ""

    def set_compact(self, compact: bool) -> None:
        """In a small window the filters take a second row, where the search box widens."""
        if compact:
            self._window.insertToolBarBreak(self.filters_toolbar)
            self.theme_combo.setMaximumWidth(self._chars(20))
            self.search_edit.setMinimumWidth(self._chars(20))  # its own row: it widens
        else:
            self._window.removeToolBarBreak(self.filters_toolbar)
            self.theme_combo.setMaximumWidth(self._chars(36))
            self.search_edit.setMinimumWidth(self._chars(SEARCH_CHARS))


def prepare_search_index(catalogue: Catalogue) -> None:
    """Build the catalogue's search index in a background thread, so the window stays responsive while a large
    dataset is indexed (it touches no Qt object; a key typed meanwhile waits for the index, see
    Catalogue.finding_search). An error is not lost: the search meets it again, in the window's thread, at its
    first use."""

    def run() -> None:
        try:
            catalogue.prepare_search()
        except Exception:
            log.warning("Preparing the search failed; it is tried again when the search is used", exc_info=True)

    threading.Thread(target=run, name="search index", daemon=True).start()


def _combo(parent: QWidget, name: str, accessible_name: str, description: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setAccessibleName(accessible_name)
    combo.setAccessibleDescription(description)
    return combo
