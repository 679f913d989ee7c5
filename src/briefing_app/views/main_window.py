"""The main window: sectors, findings, recommendations and the detail pane, with search, filters and Back.

Other features (charts, briefing sheets and packs) attach through the API documented in the team brief:
``chart_host``, ``pack_host``, ``actions``, ``menu()``, the signals and the selection methods below.
Start-up speed matters: this module imports no pyqtgraph, numpy or QtPrintSupport; extensions are
imported after the first paint (views/extensions.py).
"""

# INTEGRATION-READY: the API of the team brief (chart_host, pack_host, actions, menu(), signals, selection
# methods, attach_extensions_now) is in place and tested in tests/test_main_window.py.

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QSize,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, APP_SHORT_NAME, __version__
from ..domain.catalogue import Catalogue
from ..domain.dates import long_date
from ..domain.export import findings_csv
from ..domain.models import Confidence, Finding, Recommendation
from ..domain.problems import DatasetError
from ..qtmodels import (
    CONFIDENCE_MARKERS,
    Filters,
    FindingFilterProxyModel,
    FindingTableModel,
    RecommendationFilterProxyModel,
    RecommendationTableModel,
    Roles,
    SectorListModel,
)
from ..qtmodels.proxies import sort_order
from ..storage.atomic import WriteError
from ..storage.csv_file import write_csv_file
from ..storage.settings import Settings, SettingsStore
from . import extensions, look, output_guard
from .describe import citation_text, copy_text
from .detail import DetailBrowser
from .dialogs import DatasetProblemsDialog, ShortcutsDialog, plain_message_box
from .focus_frame import follow_focus

log = logging.getLogger(__name__)


def _quietly(work: Callable[[], object]) -> Callable[[], None]:
    """``work`` for a background thread: an exception is logged rather than printed as unhandled."""

    def run() -> None:
        try:
            work()
        except Exception:
            log.warning("Preparing the search failed; it is tried again when the search is used", exc_info=True)

    return run

ACTION_KEYS = (
    "open_dataset", "print_preview", "print", "export_pdf", "export_csv", "quit", "copy", "copy_citation",
    "find", "back", "next_pane", "shortcuts", "about", "add_to_brief", "toggle_chart_table", "enlarge_tabs",
)
# Features that live in other packages: they start disabled until their extension enables them.
EXTENSION_ACTIONS = ("print_preview", "print", "export_pdf", "add_to_brief", "toggle_chart_table")

# Below this size (logical pixels: a 1366×768 screen at 200% is 683×384) the detail pane becomes the first tab
# beside the chart and the briefing pack, so that each has the pane's whole height; above it, they are stacked.
COMPACT_WIDTH = 1100
COMPACT_HEIGHT = 640
MIN_STATEMENT_CHARS = 26  # the least width, in average characters, of the statement and title columns
SEARCH_CHARS = 40  # the search box's width beside the filters, in average characters
# The window's first size: this share of the screen's available area, at most the largest size below.
SCREEN_SHARE = 0.9
LARGEST_FIRST_SIZE = (1680, 1050)

# After the first paint and the extensions, when the user has not typed yet.
SEARCH_INDEX_DELAY_MS = 1000

CONFIDENCE_CHOICES = [
    ("Any confidence", None),
    ("●●○ Secondary or better", Confidence.SECONDARY.value),
    ("●●● Primary only", Confidence.PRIMARY.value),
]


@dataclass(frozen=True)
class Place:
    """Where the user was: what Back returns to."""

    sector: str | None
    theme: str | None
    min_confidence: str | None
    query: str
    current: tuple[str, str] | None


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

    def show_table(self, visible: bool) -> None:
        self.stack.setCurrentWidget(self.view if visible else self.empty)

    def focus_target(self) -> QWidget:
        if self.stack.currentWidget() is self.view:
            return self.view
        return self.empty.button if self.empty.button.isVisible() else self.empty


class _HidePlaceholderWhenFilled(QObject):
    """Hides a placeholder label once an extension puts a widget into its host."""

    def __init__(self, host: QWidget, placeholder: QLabel):
        super().__init__(host)
        self._placeholder = placeholder
        host.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildAdded and event.child().isWidgetType():
            self._placeholder.hide()
        return False


class _AfterRepaintsSettle(QObject):
    """Calls ``callback`` once ``window`` has repainted and then gone QUIET_MS without asking to repaint again
    (Qt repaints a window's dirty widgets on an UpdateRequest; a pyqtgraph chart asks for its own repaint
    some milliseconds after the layout's), or after a second whatever happens (a hidden window)."""

    QUIET_MS = 20

    def __init__(self, window: QWidget, callback):
        super().__init__(window)
        self._callback = callback
        self._repaints = 0  # UpdateRequests seen since the last check
        self._seen_any = False
        self._deadline = QTimer(self, singleShot=True, interval=1000)
        self._deadline.timeout.connect(self._fire)
        self._deadline.start()
        window.installEventFilter(self)
        QTimer.singleShot(self.QUIET_MS, self, self._check)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.UpdateRequest:
            self._repaints += 1
            self._seen_any = True
        return False

    def _check(self) -> None:
        if self._seen_any and self._repaints == 0:
            self._fire()
            return
        self._repaints = 0
        if self._callback is not None:
            QTimer.singleShot(self.QUIET_MS, self, self._check)

    def _fire(self) -> None:
        if self._callback is None:
            return
        callback, self._callback = self._callback, None
        self._deadline.stop()
        self.parent().removeEventFilter(self)
        callback()
        self.deleteLater()


class MainWindow(QMainWindow):
    datasetChanged = Signal()
    currentItemChanged = Signal(str, str)  # (kind, id); kind is "finding", "recommendation" or "" (none)
    visibleFindingsChanged = Signal()

    def __init__(self, catalogue: Catalogue | None = None, settings_store: SettingsStore | None = None, parent=None):
        """``settings_store`` None keeps settings in memory only (nothing read or written); run_gui passes
        the user's store."""
        super().__init__(parent)
        if catalogue is None:
            from ..domain import load_catalogue

            catalogue = load_catalogue()
        self._catalogue = catalogue
        self._store = settings_store
        self._settings = settings_store.load() if settings_store else Settings()
        self._current: tuple[str, str] | None = None
        self._history: list[Place] = []
        self._syncing = False  # True while the window itself changes selections or filter widgets
        self._extensions_scheduled = False
        self._extensions_pending: list[str] | None = None  # names still to attach; None before the first
        # Extensions append callables here; each returns False to keep the window open (e.g. an unsaved pack).
        self.close_guards: list = []
        # Extensions append callables here; each is given a file chosen in File > Open and returns True when
        # it has dealt with it (a briefing pack); otherwise the file is opened as a dataset.
        self.file_openers: list = []
        self.setObjectName("mainWindow")

        self.sector_model = SectorListModel(catalogue, self)
        self.finding_model = FindingTableModel(catalogue, self)
        self.finding_proxy = FindingFilterProxyModel(self.finding_model, self)
        self.recommendation_model = RecommendationTableModel(catalogue, self)
        self.recommendation_proxy = RecommendationFilterProxyModel(self.recommendation_model, self)

        self.actions: dict[str, QAction] = {}
        self._menus: dict[str, QMenu] = {}
        self._build_actions()
        self._build_toolbar()
        self._build_panes()
        self._build_menus()
        self._connect()
        self.focus_frame = follow_focus()  # one for the application: dialogs' lists are framed too
        self.setStatusBar(self.statusBar())
        self.dataset_label = QLabel(self)
        self.dataset_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.dataset_label)
        # A confirmation ("Added…", "Saved…", "Copied…") takes the whole status bar while it shows: the long
        # dataset line beside it left it no room in a small window.
        self.statusBar().messageChanged.connect(lambda message: self.dataset_label.setVisible(not message))
        # No accessible name of its own: screen readers then say the window title (the dataset and its counts).
        self.setAccessibleDescription(
            "Sectors, findings, recommendations and the detail of the chosen item. F6 moves between panes."
        )

        self._fill_theme_combo()
        self._update_titles()
        self._restore_settings()
        self._prepare_search_soon()
        if self._store and self._store.warning:
            self.statusBar().showMessage(self._store.warning)

    # ==== the API other features use ===================================================================
    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    def settings(self) -> Settings:
        return self._settings

    def menu(self, name: str) -> QMenu:
        return self._menus[name]

    def current_sector(self) -> str | None:
        index = self.sector_view.currentIndex()
        return self.sector_model.sector_id(index.row()) if index.isValid() else None

    def visible_finding_ids(self) -> Sequence[str]:
        return self.finding_proxy.visible_ids()

    def visible_recommendation_ids(self) -> Sequence[str]:
        return self.recommendation_proxy.visible_ids()

    def current_item(self) -> tuple[str, str] | None:
        return self._current

    def select_finding(self, finding_id: str) -> None:
        self._go_to("finding", finding_id, remember=True)

    def select_recommendation(self, rec_id: str) -> None:
        self._go_to("recommendation", rec_id, remember=True)

    def show_error(self, title: str, text: str) -> None:
        plain_message_box(self, QMessageBox.Icon.Warning, title, text).exec()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Show another dataset. Filters and the current item are kept where they still make sense."""
        place = self._place()
        self._catalogue = catalogue
        self._history.clear()
        self._syncing = True
        try:
            self.sector_model.set_catalogue(catalogue)
            self.finding_model.set_catalogue(catalogue)
            self.recommendation_model.set_catalogue(catalogue)
            self._fill_theme_combo()
            self._size_columns()
        finally:
            self._syncing = False
        sector = place.sector if place.sector in catalogue.sectors else None
        theme = place.theme if place.theme in catalogue.themes else None
        current = place.current if place.current and self._item(*place.current) is not None else None
        self._current = None
        self._restore_place(Place(sector, theme, place.min_confidence, place.query, current))
        if current is None:
            self._set_current(None)
        self._update_titles()
        self._update_back()
        self._prepare_search_soon()
        self.datasetChanged.emit()

    def extensions_attached(self) -> bool:
        return self._extensions_pending == []

    def attach_extensions_now(self) -> list[str]:
        """Import and attach the extensions (charts, sheets) not attached yet, now; returns the names attached."""
        attached = []
        while self._extensions_pending is None or self._extensions_pending:
            attached += self._attach_next_extension(schedule_rest=False)
        return attached

    def _attach_next_extension(self, schedule_rest: bool = True) -> list[str]:
        """Attach one extension; with ``schedule_rest``, the next one on a later turn of the event loop, so the
        chart (the first extension) is drawn before the printing modules are imported."""
        if self._extensions_pending is None:
            self._extensions_pending = list(extensions.EXTENSIONS)
        if not self._extensions_pending:
            return []
        name = self._extensions_pending.pop(0)
        attached = extensions.attach_all(self, [name])
        if self._extensions_pending and schedule_rest:
            _AfterRepaintsSettle(self, self._attach_next_extension)
        return attached

    # ==== building =====================================================================================
    def _action(self, key: str, text: str, shortcuts=(), tip: str = "", slot=None, menu_role=None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action_{key}")
        if shortcuts:
            # A standard key and its spelled-out form can be the same sequence on this platform: keep one,
            # or Qt reports the shortcut as ambiguous and does nothing.
            sequences = list(dict.fromkeys(QKeySequence(s).toString() for s in shortcuts))
            action.setShortcuts([QKeySequence(s) for s in sequences if s])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        if menu_role is not None:
            action.setMenuRole(menu_role)
        self.actions[key] = action
        self.addAction(action)  # shortcuts work wherever the focus is in the window
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        style = self.style()
        self._action("open_dataset", "&Open…", [key.Open], "Open another edition of the dataset, or a briefing pack", self.open_dataset)
        self.actions["open_dataset"].setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self._action("print_preview", "Print pre&view…", ["Ctrl+Shift+P"], "Preview the briefing sheet before printing")
        self._action("print", "&Print…", [key.Print], "Print the briefing sheet")
        self._action("export_pdf", "Export P&DF…", ["Ctrl+E"], "Save the briefing sheet as a PDF file")
        self._action("export_csv", "Export &CSV…", ["Ctrl+Shift+E"], "Save the findings and recommendations shown as a CSV file", self.export_csv)
        self._action("quit", "&Quit", [key.Quit, "Ctrl+Q"], "Close the application", self.close, QAction.MenuRole.QuitRole)
        self._action("copy", "&Copy", [key.Copy], "Copy the current item as plain text with its citation", self.copy_current)
        self._action("copy_citation", "Copy ci&tation", ["Ctrl+Shift+C"], "Copy the full citation of the current item", self.copy_citation)
        self._action("find", "&Find…", [key.Find], "Search findings, recommendations and sources", self.focus_search)
        self._action("add_to_brief", "&Add to briefing pack", ["Ctrl+B"], "Add the current item to the briefing pack")
        self._action("back", "&Back", [key.Back, "Alt+Left"], "Return to where you were before following a link", self.go_back)
        self.actions["back"].setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self._action("next_pane", "&Next pane", ["F6"], "Move the keyboard focus to the next pane", self.focus_next_pane)
        self.previous_pane_action = QAction("&Previous pane", self)
        self.previous_pane_action.setShortcut(QKeySequence("Shift+F6"))
        self.previous_pane_action.setStatusTip("Move the keyboard focus to the previous pane")
        self.previous_pane_action.triggered.connect(lambda: self.focus_next_pane(backwards=True))
        self.addAction(self.previous_pane_action)
        self._action("toggle_chart_table", "Show chart as &table", ["Ctrl+T"], "Switch the chart between a chart and a table")
        self._action(
            "enlarge_tabs", "&Enlarge chart and pack", ["Ctrl+Shift+M"],
            "Give the chart and the briefing pack the whole window, or give the other panes back", self.set_tabs_enlarged,
        )
        self.actions["enlarge_tabs"].setCheckable(True)
        self._action("shortcuts", "&Keyboard shortcuts", [key.HelpContents, "F1"], "List every keyboard shortcut", self.show_shortcuts)
        self._action("about", "&About", [], "Version, dataset edition and counts", self.show_about, QAction.MenuRole.AboutRole)
        for key_name in EXTENSION_ACTIONS:
            self.actions[key_name].setEnabled(False)
        self.actions["back"].setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for key in ("open_dataset", None, "print_preview", "print", "export_pdf", "export_csv", None, "quit"):
            file_menu.addSeparator() if key is None else file_menu.addAction(self.actions[key])
        edit_menu = bar.addMenu("&Edit")
        for key in ("copy", "copy_citation", None, "find", None, "add_to_brief"):
            edit_menu.addSeparator() if key is None else edit_menu.addAction(self.actions[key])
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.actions["back"])
        view_menu.addAction(self.actions["next_pane"])
        view_menu.addAction(self.previous_pane_action)
        view_menu.addSeparator()
        view_menu.addAction(self.actions["toggle_chart_table"])
        view_menu.addAction(self.actions["enlarge_tabs"])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.actions["shortcuts"])
        help_menu.addAction(self.actions["about"])
        self._menus = {"file": file_menu, "edit": edit_menu, "view": view_menu, "help": help_menu}

    def _build_toolbar(self) -> None:
        bar = QToolBar("Search and filters", self)
        bar.setObjectName("searchToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setAccessibleName("Search and filters")
        look.search_toolbar(bar)
        bar.addAction(self.actions["back"])
        bar.addSeparator()

        self.search_edit = QLineEdit(bar)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText("Search findings, recommendations and sources")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search")
        self.search_edit.setAccessibleDescription(
            "Shows only items containing every word typed, in any text field, ignoring case and accents. "
            "Escape clears the search."
        )
        self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * SEARCH_CHARS)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_edit.installEventFilter(self)
        clear = self.search_edit.findChild(QAction, "_q_qlineeditclearaction")  # Qt's clear button, unnamed
        if clear is not None:
            clear.setText("Clear the search")
            clear.setToolTip("Clear the search (Escape)")
            for button in self.search_edit.findChildren(QWidget):
                if clear in button.actions():
                    button.setAccessibleName("Clear the search")
        self.theme_combo = QComboBox(bar)
        self.theme_combo.setObjectName("themeCombo")
        self.theme_combo.setAccessibleName("Theme filter")
        self.theme_combo.setAccessibleDescription("Shows only findings on this theme, and the recommendations resting on them")
        self.theme_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.theme_combo.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 36)
        self.confidence_combo = QComboBox(bar)
        self.confidence_combo.setObjectName("confidenceCombo")
        self.confidence_combo.setAccessibleName("Confidence filter")
        self.confidence_combo.setAccessibleDescription("Shows only items verified at least to this level")
        for text, value in CONFIDENCE_CHOICES:
            self.confidence_combo.addItem(text, value)
        self.clear_filters_button = QPushButton("C&lear filters", bar)
        self.clear_filters_button.setObjectName("clearFiltersButton")
        self.clear_filters_button.setAccessibleName("Clear search and filters")
        self.clear_filters_button.setAccessibleDescription("Empties the search box and resets the theme and confidence filters")

        # The filters have a toolbar of their own, which goes on a second row when the window is narrow
        # (see _set_compact) rather than behind an overflow arrow.
        filters = QToolBar("Filters", self)
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
        self.clear_filters_button.setParent(filters)
        filters.addWidget(self.clear_filters_button)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, filters)
        self.toolbar = bar
        self.filters_toolbar = filters

    def _build_panes(self) -> None:
        # Sectors
        self.sector_view = QListView(self)
        self.sector_view.setObjectName("sectorList")
        self.sector_view.setModel(self.sector_model)
        self.sector_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sector_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sector_view.setSpacing(2)
        self.sector_view.setWordWrap(True)
        self.sector_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sector_view.setAccessibleName("Sectors")
        self.sector_view.setAccessibleDescription("Choose a sector to show its findings and recommendations")
        sectors_pane, layout = self._titled_pane("Se&ctors", self.sector_view, "sectorsPane")
        self.sectors_pane = sectors_pane
        key_title = look.pane_title(QLabel("Confidence key", self))
        self.confidence_key_title = key_title
        layout.addWidget(key_title)
        self.confidence_key = QLabel(confidence_key_text(), self)
        self.confidence_key.setObjectName("confidenceKey")
        self.confidence_key.setProperty("role", "confidenceKey")
        self.confidence_key.setContentsMargins(2, 0, 2, 4)
        self.confidence_key.setTextFormat(Qt.TextFormat.PlainText)
        self.confidence_key.setWordWrap(True)
        self.confidence_key.setAccessibleName("Confidence key")
        self.confidence_key.setAccessibleDescription(confidence_key_text(spoken=True))
        layout.addWidget(self.confidence_key)

        # Tables
        self.findings_pane = TablePane(
            "F&indings", "findings", self.finding_proxy,
            "Statement, headline value, base, year, source and confidence of each finding shown. "
            "Click a column header to sort; Enter moves to the detail.",
            word_wrap=True,
            parent=self,
        )
        self.recommendations_pane = TablePane(
            "&Recommendations", "recommendations", self.recommendation_proxy,
            "Title, target body, sector and confidence of each recommendation shown. Enter moves to the detail.",
            parent=self,
        )
        self.findings_view = self.findings_pane.view
        self.recommendations_view = self.recommendations_pane.view
        for view in (self.findings_view, self.recommendations_view):
            view.focus_may_select = lambda: self._current is None  # nothing in the detail pane to replace
        self._size_columns()
        self.tables_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.tables_splitter.setObjectName("tablesSplitter")
        self.tables_splitter.addWidget(self.findings_pane)
        self.tables_splitter.addWidget(self.recommendations_pane)
        self.tables_splitter.setChildrenCollapsible(False)
        self.tables_splitter.setAccessibleName("Findings and recommendations")

        # Detail
        self.detail = DetailBrowser(self)
        detail_pane, layout = self._titled_pane("&Detail", self.detail, "detailPane")
        self.detail_pane = detail_pane
        self._compact = False

        # Chart and briefing pack: empty hosts filled by the extensions
        self.lower_tabs = QTabWidget(self)
        self.lower_tabs.setObjectName("lowerTabs")
        self.lower_tabs.setAccessibleName("Chart and briefing pack")
        self.lower_tabs.setAccessibleDescription("Tabs: the chart of the findings shown, and the briefing pack")
        self.chart_host = self._host_page("chartHost", "Chart", "Chart of the findings shown", "Charts are not available in this build.")
        self.pack_host = self._host_page(
            "packHost", "Briefing pack", "Items collected for a printed briefing", "Briefing packs are not available in this build."
        )

        self.side_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.side_splitter.setObjectName("sideSplitter")
        self.side_splitter.addWidget(detail_pane)
        self.side_splitter.addWidget(self.lower_tabs)
        self.side_splitter.setChildrenCollapsible(False)
        self.side_splitter.setAccessibleName("Detail, chart and briefing pack")

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(sectors_pane)
        self.main_splitter.addWidget(self.tables_splitter)
        self.main_splitter.addWidget(self.side_splitter)
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 3)
        self.main_splitter.setStretchFactor(2, 2)
        self.setCentralWidget(self.main_splitter)
        self._default_sizes()
        self._name_splitter_handles()

        self.panes = [self.search_edit, self.sector_view, self.findings_pane, self.recommendations_pane, self.detail, self.lower_tabs]

    def _name_splitter_handles(self) -> None:
        """Each splitter handle says which panes it resizes (screen readers otherwise say only "splitter")."""
        for splitter in self._splitters():
            for i in range(1, splitter.count()):
                before = splitter.widget(i - 1).accessibleName() or _pane_name(splitter.widget(i - 1))
                after = splitter.widget(i).accessibleName() or _pane_name(splitter.widget(i))
                handle = splitter.handle(i)
                handle.setAccessibleName(f"Divider between {before} and {after}")
                handle.setAccessibleDescription("Drag to give one pane more room and the other less")

    def _titled_pane(self, title: str, body: QWidget, object_name: str) -> tuple[QWidget, QVBoxLayout]:
        """A pane: a title label (whose Alt+letter moves to ``body``) above ``body``; returns it and its layout."""
        label = look.pane_title(QLabel(title, self))
        label.setBuddy(body)
        pane = QWidget(self)
        pane.setObjectName(object_name)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(body, 1)
        return pane, layout

    def _host_page(self, name: str, title: str, description: str, placeholder_text: str) -> QWidget:
        page = QWidget(self.lower_tabs)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(4, 4, 4, 4)
        placeholder = QLabel(placeholder_text, page)
        placeholder.setObjectName(f"{name}Placeholder")
        placeholder.setTextFormat(Qt.TextFormat.PlainText)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setWordWrap(True)
        host = QWidget(page)
        host.setObjectName(name)
        host.setAccessibleName(title)
        host.setAccessibleDescription(description)
        host_layout = QVBoxLayout(host)
        host_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(placeholder)
        page_layout.addWidget(host, 1)
        _HidePlaceholderWhenFilled(host, placeholder)
        self.lower_tabs.addTab(page, title)
        return host

    def _size_columns(self) -> None:
        """The statement or title takes the spare width; Base and Target body start at a set width; the short
        columns fit their text (measured here once, cheaper than Qt's ResizeToContents, which asks the
        model for every role of every cell on each layout)."""
        metrics = self.fontMetrics()
        char = metrics.horizontalAdvance("x")
        for view, stretch, preset in (
            (self.findings_view, FindingTableModel.STATEMENT, {FindingTableModel.BASE: 16, FindingTableModel.SOURCE: 18}),
            (self.recommendations_view, RecommendationTableModel.TITLE, {RecommendationTableModel.TARGET: 24}),
        ):
            header = view.horizontalHeader()
            header.setMinimumSectionSize(char * 5)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
            view.stretch_column, view.min_stretch_width = stretch, char * MIN_STATEMENT_CHARS
            model = view.model()
            # Room for the cell margins, and in the header for the sort arrow.
            padding = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) * 2 + char * 2
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
        self.findings_view.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * 2 + 10)
        for view in (self.findings_view, self.recommendations_view):
            view.keep_stretch_readable()

    def _sectors_width(self) -> int:
        metrics = self.sector_view.fontMetrics()
        lines = [line for row in range(self.sector_model.rowCount()) for line in self.sector_model.index(row, 0).data().split("\n")]
        return max(metrics.horizontalAdvance(line) for line in lines) + metrics.horizontalAdvance("x") * 4

    def _default_sizes(self, width: int = 1366, height: int = 768) -> None:
        """The panes' sizes for a window ``width`` × ``height`` (when none were saved): the sector list as wide
        as its text, the detail and tabs about a third of the rest (more in a small window)."""
        sectors_width = self._sectors_width()
        side = round((width - sectors_width) * (0.42 if width < COMPACT_WIDTH else 0.37))
        self.main_splitter.setSizes([sectors_width, max(width - sectors_width - side, 1), side])
        self.tables_splitter.setSizes([round(height * 0.6), round(height * 0.4)])
        self.side_splitter.setSizes([round(height * 0.55), round(height * 0.45)])

    def _connect(self) -> None:
        self.sector_view.selectionModel().currentRowChanged.connect(lambda *_: self._filters_changed())
        self.search_edit.textChanged.connect(lambda *_: self._filters_changed())
        self.theme_combo.currentIndexChanged.connect(lambda *_: self._filters_changed())
        self.confidence_combo.currentIndexChanged.connect(lambda *_: self._filters_changed())
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.findings_pane.empty.button.clicked.connect(self._empty_state_action)
        self.recommendations_pane.empty.button.clicked.connect(self._empty_state_action)
        self.findings_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._table_current_changed("finding", current)
        )
        self.recommendations_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._table_current_changed("recommendation", current)
        )
        self.findings_view.enterPressed.connect(self.show_detail)
        self.recommendations_view.enterPressed.connect(self.show_detail)
        self.detail.linkActivated.connect(lambda kind, item_id: self._go_to(kind, item_id, remember=True))
        self.finding_proxy.layoutChanged.connect(self._rows_reordered)  # sorting changes the visible order

    # ==== filters and counts ===========================================================================
    def _fill_theme_combo(self) -> None:
        wanted = self.theme_combo.currentData() if self.theme_combo.count() else self._settings.theme
        self._syncing = True
        try:
            self.theme_combo.clear()
            self.theme_combo.addItem("All themes", None)
            for theme in sorted(self._catalogue.themes.values(), key=lambda t: t.name.casefold()):
                self.theme_combo.addItem(theme.name, theme.id)
                self.theme_combo.setItemData(self.theme_combo.count() - 1, theme.description, Qt.ItemDataRole.AccessibleDescriptionRole)
            index = self.theme_combo.findData(wanted)
            self.theme_combo.setCurrentIndex(max(index, 0))
        finally:
            self._syncing = False

    def _prepare_search_soon(self) -> None:
        """Build the dataset's search index shortly after it is shown, so that the first key typed is as
        quick as the others (about 7 s for 100,000 findings, a few milliseconds for the bundled dataset)."""
        QTimer.singleShot(SEARCH_INDEX_DELAY_MS, self, self._prepare_search)

    def _prepare_search(self) -> None:
        # The catalogue shown now: one replaced since (File > Open) is not indexed for nothing. In a
        # background thread, so the window stays responsive while a large dataset is indexed (it touches
        # no Qt object; a key typed meanwhile waits for the index, see Catalogue.finding_search). An error
        # is not lost: the search meets it again, in the window's thread, at its first use.
        threading.Thread(target=_quietly(self._catalogue.prepare_search), name="search index", daemon=True).start()

    def _filters(self) -> Filters:
        return Filters.make(
            sector=self.current_sector(),
            theme=self.theme_combo.currentData(),
            min_confidence=self.confidence_combo.currentData(),
            query=self.search_edit.text(),
        )

    def _filters_changed(self) -> None:
        if self._syncing:
            return
        self._apply_filters()

    def _apply_filters(self) -> None:
        filters = self._filters()
        self._syncing = True
        try:
            self.finding_proxy.set_filters(filters)
            self.recommendation_proxy.set_filters(filters)
        finally:
            self._syncing = False
        self._keep_current_if_visible()
        # A table that does not hold the current item starts again from its top (it kept the scroll position
        # of the rows shown before, part way down the new ones).
        for kind in ("finding", "recommendation"):
            if not (self._current and self._current[0] == kind):
                self._pane(kind).view.scrollToTop()
        self._update_counts()
        self.visibleFindingsChanged.emit()

    def _keep_current_if_visible(self) -> None:
        """After a filter change: keep the current item selected if still shown, otherwise drop it."""
        if self._current is None:
            return
        kind, item_id = self._current
        pane = self._pane(kind)
        row = pane.view.model().proxy_row_of(item_id)
        if row >= 0:
            self._select_row(pane.view, row)
        else:
            self._syncing = True
            try:
                pane.view.selectionModel().clear()
            finally:
                self._syncing = False
            self._set_current(None)

    def _update_counts(self) -> None:
        filters = self._filters()
        sector_name = self.sector_model.name(self.sector_view.currentIndex().row()) if self.current_sector() else ""
        for pane, proxy, total, noun in (
            (self.findings_pane, self.finding_proxy, len(self._catalogue.dataset.findings), "findings"),
            (self.recommendations_pane, self.recommendation_proxy, len(self._catalogue.dataset.recommendations), "recommendations"),
        ):
            shown = proxy.rowCount()
            pane.count.setText(f"{shown} of {total} shown")
            pane.count.setAccessibleName(f"{shown} of {total} {noun} shown")
            pane.view.setAccessibleDescription(pane.view.accessibleDescription().split(" — ")[0] + f" — {shown} of {total} shown")
            pane.show_table(shown > 0)
            if shown:
                continue
            where = f" in {sector_name}" if sector_name else ""
            if filters.narrowing:
                what = []
                if filters.query.strip():
                    what.append(f"the search “{filters.query.strip()}”")
                if filters.theme:
                    what.append(f"the theme {self.theme_combo.currentText()}")
                if filters.min_confidence:
                    what.append(f"the confidence filter ({self.confidence_combo.currentText()})")
                pane.empty.set_message(f"No {noun}{where} match {' and '.join(what)}.", "C&lear search and filters")
            elif sector_name:
                pane.empty.set_message(f"No {noun} in {sector_name}.", "Show &all sectors")
            else:
                pane.empty.set_message(f"This dataset has no {noun}.", "")

    def clear_filters(self) -> None:
        """Empty the search box and reset the theme and confidence filters (the sector stays)."""
        self._syncing = True
        try:
            self.search_edit.clear()
            self.theme_combo.setCurrentIndex(0)
            self.confidence_combo.setCurrentIndex(0)
        finally:
            self._syncing = False
        self._apply_filters()

    def _empty_state_action(self) -> None:
        if self._filters().narrowing:
            self.clear_filters()
        else:
            self._set_sector(None)
        self.findings_pane.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_sector(self, sector_id: str | None) -> None:
        row = max(self.sector_model.row_of(sector_id), 0)
        self.sector_view.setCurrentIndex(self.sector_model.index(row, 0))

    # ==== current item, navigation and history ===========================================================
    def _pane(self, kind: str) -> TablePane:
        return self.findings_pane if kind == "finding" else self.recommendations_pane

    def _item(self, kind: str, item_id: str) -> Finding | Recommendation | None:
        items = self._catalogue.findings if kind == "finding" else self._catalogue.recommendations
        return items.get(item_id)

    def _select_row(self, view: QTableView, row: int) -> None:
        index = view.model().index(row, 0)
        self._syncing = True
        try:
            view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        finally:
            self._syncing = False
        view.scrollTo(index)

    def _table_current_changed(self, kind: str, current: QModelIndex) -> None:
        if self._syncing:
            return
        if current.isValid():
            view = self._pane(kind).view
            if not view.selectionModel().isRowSelected(current.row()):
                # The table made a row current without selecting it (focus-in does): select it so the
                # highlighted row and the detail always agree.
                self._select_row(view, current.row())
            self._set_current((kind, current.data(Roles.ID)))
        elif self._current and self._current[0] == kind:
            self._set_current(None)

    def _set_current(self, current: tuple[str, str] | None) -> None:
        """Show ``current`` in the detail pane; the other table loses its selection."""
        if current is not None:
            other = self._pane("recommendation" if current[0] == "finding" else "finding").view
            self._syncing = True
            try:
                other.selectionModel().clear()
            finally:
                self._syncing = False
        changed = current != self._current
        self._current = current
        item = self._item(*current) if current else None
        self.detail.show_item(self._catalogue, item)
        self.actions["copy"].setEnabled(item is not None)
        self.actions["copy_citation"].setEnabled(item is not None)
        if changed:
            self.currentItemChanged.emit(*(current or ("", "")))

    def _place(self) -> Place:
        return Place(
            self.current_sector(), self.theme_combo.currentData(), self.confidence_combo.currentData(),
            self.search_edit.text(), self._current,
        )

    def _restore_place(self, place: Place) -> None:
        self._syncing = True
        try:
            self._set_sector(place.sector)
            self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(place.theme), 0))
            self.confidence_combo.setCurrentIndex(max(self.confidence_combo.findData(place.min_confidence), 0))
            self.search_edit.setText(place.query)
        finally:
            self._syncing = False
        self._apply_filters()
        if place.current and self._item(*place.current) is not None:
            self._go_to(*place.current, remember=False)

    def _go_to(self, kind: str, item_id: str, remember: bool) -> None:
        """Select an item in its table (clearing filters that hide it) and show it in the detail pane."""
        item = self._item(kind, item_id)
        if item is None:
            raise KeyError(f"no {kind} with id {item_id!r} in the dataset")
        if remember and self._current != (kind, item_id):
            self._history.append(self._place())
            self._update_back()
        pane = self._pane(kind)
        proxy = pane.view.model()
        if not proxy.accepts(item):
            self._syncing = True
            try:
                self.search_edit.clear()
                self.theme_combo.setCurrentIndex(0)
                self.confidence_combo.setCurrentIndex(0)
                if self.current_sector() not in (None, item.sector):
                    self._set_sector(None)
            finally:
                self._syncing = False
            self._apply_filters()
            self.statusBar().showMessage("Search and filters were cleared to show the item.", 5000)
        self._select_row(pane.view, proxy.proxy_row_of(item_id))
        self._set_current((kind, item_id))

    def go_back(self) -> None:
        if not self._history:
            return
        place = self._history.pop()
        self._update_back()
        self._restore_place(place)
        if place.current is None:
            for pane in (self.findings_pane, self.recommendations_pane):
                pane.view.selectionModel().clear()
            self._set_current(None)

    def _update_back(self) -> None:
        self.actions["back"].setEnabled(bool(self._history))

    def _rows_reordered(self) -> None:
        if not self._syncing:
            self.visibleFindingsChanged.emit()

    # ==== commands ===================================================================================
    def show_detail(self) -> None:
        """Move to the detail pane (bringing its tab to the front in a small window)."""
        if self._compact:
            self.lower_tabs.setCurrentWidget(self.detail_pane)
        self.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def focus_next_pane(self, backwards: bool = False) -> None:
        panes = [pane for pane in self.panes if pane.isVisible()] or self.panes
        focus = QGuiApplication.focusObject()
        index = next(
            (i for i, pane in enumerate(panes) if isinstance(focus, QWidget) and (focus is pane or pane.isAncestorOf(focus))),
            -1,
        )
        step = -1 if backwards else 1
        target = panes[(index + step) % len(panes)] if index >= 0 else panes[0 if not backwards else -1]
        if isinstance(target, TablePane):
            target = target.focus_target()
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.findings_pane.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def copy_current(self) -> None:
        focus = QGuiApplication.focusObject()
        if focus is self.detail and self.detail.textCursor().hasSelection():
            self.detail.copy()
            return
        item = self._item(*self._current) if self._current else None
        if item is None:
            self.statusBar().showMessage("Nothing to copy: choose a finding or a recommendation first.", 5000)
            return
        QGuiApplication.clipboard().setText(copy_text(self._catalogue, item))
        self.statusBar().showMessage("Copied the item with its citation.", 5000)

    def copy_citation(self) -> None:
        item = self._item(*self._current) if self._current else None
        if item is None:
            self.statusBar().showMessage("Nothing to cite: choose a finding or a recommendation first.", 5000)
            return
        QGuiApplication.clipboard().setText(citation_text(self._catalogue, item))
        self.statusBar().showMessage("Copied the citation.", 5000)

    def _start_dir(self) -> str:
        folder = self._settings.last_dataset_dir
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def open_dataset(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open dataset or briefing pack", self._start_dir(), "Datasets and briefing packs (*.json);;All files (*)"
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> bool:
        """Open a file chosen in File > Open: an extension's kind of file (a briefing pack), or a dataset."""
        for opener in self.file_openers:
            if opener(path):
                self._settings.last_dataset_dir = str(Path(path).parent)
                return True
        return self.load_dataset_file(path)

    def load_dataset_file(self, path: str) -> bool:
        """Open a dataset file; on any problem show every problem and keep the current dataset."""
        from ..domain import load_catalogue

        self._settings.last_dataset_dir = str(Path(path).parent)
        try:
            catalogue = load_catalogue(path)
        except DatasetError as error:
            log.warning("Dataset %s refused: %d problem(s)", path, len(error.problems))
            DatasetProblemsDialog(path, error.problems, self).exec()
            return False
        self.set_catalogue(catalogue)
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def export_csv(self) -> None:
        findings = [self._catalogue.findings[fid] for fid in self.visible_finding_ids()]
        if not findings:
            self.show_error("Nothing to export", "No findings are shown. Clear the search and filters, then try again.")
            return
        sector = self.current_sector() or "all"
        suggested = str(Path(self._start_dir()) / f"findings-{sector}.csv")
        path, _ = QFileDialog.getSaveFileName(self, "Export findings and recommendations shown as CSV", suggested, "CSV files (*.csv)")
        if not path or not output_guard.confirm_output(self, path):
            return
        recommendations = [self._catalogue.recommendations[rid] for rid in self.visible_recommendation_ids()]
        try:
            write_csv_file(path, findings_csv(self._catalogue, findings, recommendations))
        except WriteError as error:
            self.show_error("The CSV file was not written", str(error))
            return
        self.statusBar().showMessage(
            f"Wrote {len(findings)} findings and {len(recommendations)} recommendations to {path}", 8000
        )

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows = []
        ordered = []
        for key, action in self.actions.items():
            ordered.append(action)
            if key == "next_pane":
                ordered.append(self.previous_pane_action)
        for action in ordered:
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
            if keys:
                rows.append((keys, action.text().replace("&", "").rstrip("…")))
        rows += [
            ("Arrow keys", "Move within the sector list and the tables"),
            ("Enter (in a table)", "Move to the detail of the chosen row"),
            ("Tab / Shift+Tab (in the detail)", "Move between links"),
            ("Enter (on a link)", "Follow the link"),
            ("Escape (in the search box)", "Clear the search"),
            ("Down or Enter (in the search box)", "Move to the findings"),
            ("Alt + underlined letter", "Move to the labelled pane or field, or open a menu"),
        ]
        return rows

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self).exec()

    def about_text(self) -> str:
        edition = self._catalogue.edition
        data = self._catalogue.dataset
        from PySide6 import __version__ as pyside_version

        return (
            f"{APP_NAME}\nVersion {__version__}\n\n"
            f"Dataset edition: {edition.title} ({edition.id})\n"
            f"Publisher: {edition.publisher}\n"
            f"Published {_long_date(edition.date_published)}; compiled {_long_date(edition.date_compiled)}\n"
            f"File: {self._catalogue.file}\n"
            f"{len(data.sources)} sources, {len(data.findings)} findings, {len(data.recommendations)} recommendations "
            f"in {len(data.sectors)} sectors\n\n"
            f"PySide6 {pyside_version}. Works offline; nothing is fetched from the Internet."
        )

    def show_about(self) -> None:
        plain_message_box(self, QMessageBox.Icon.Information, f"About {APP_SHORT_NAME}", self.about_text()).exec()

    def _update_titles(self) -> None:
        edition = self._catalogue.edition
        data = self._catalogue.dataset
        counts = f"{len(data.sources)} sources, {len(data.findings)} findings, {len(data.recommendations)} recommendations"
        self.setWindowTitle(
            f"{edition.title}, compiled {_long_date(edition.date_compiled)} ({counts}) — {APP_SHORT_NAME} {__version__}"
        )
        self.dataset_label.setText(f"{edition.title} · compiled {_long_date(edition.date_compiled)} · {counts}")
        self._update_counts()

    # ==== settings and start-up ========================================================================
    def _restore_settings(self) -> None:
        s = self._settings
        if not (s.window_geometry and self.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode("ascii")))):
            self.resize(self.first_size())
        self._fit_to_screen()
        if s.window_state:
            self.restoreState(QByteArray.fromBase64(s.window_state.encode("ascii")))
        self._sizes_saved = bool(s.splitters)
        for splitter in self._splitters():
            state = s.splitters.get(splitter.objectName())
            if state:
                splitter.restoreState(QByteArray.fromBase64(state.encode("ascii")))
        for view, (column, order) in ((self.findings_view, s.findings_sort), (self.recommendations_view, s.recommendations_sort)):
            column = column if -1 <= column < view.model().columnCount() else -1
            view.sortByColumn(column, sort_order(order))
        pages = self._lower_pages()
        if not self._compact:
            self.lower_tabs.setCurrentWidget(pages[min(max(s.lower_tab, 0), len(pages) - 1)])
        current = (s.current_kind, s.current_id) if s.current_kind and s.current_id else None
        sector = s.sector if s.sector in self._catalogue.sectors else None
        theme = s.theme if s.theme in self._catalogue.themes else None
        confidence = s.min_confidence if s.min_confidence in {c.value for c in Confidence} else None
        self._restore_place(Place(sector, theme, confidence, s.search, current))

    def first_size(self) -> QSize:
        """The window's size when no size was saved: most of the screen's available area, whatever the screen."""
        available = self.screen().availableGeometry()
        return QSize(
            min(round(available.width() * SCREEN_SHARE), LARGEST_FIRST_SIZE[0]),
            min(round(available.height() * SCREEN_SHARE), LARGEST_FIRST_SIZE[1]),
        )

    def _fit_to_screen(self) -> None:
        """A size saved on a larger screen (or at a smaller scale) is cut down to this one's available area."""
        available = self.screen().availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()
        room = QSize(available.width() - frame.width(), available.height() - frame.height())
        if self.width() > room.width() or self.height() > room.height():
            self.resize(min(self.width(), room.width()), min(self.height(), room.height()))

    def _splitters(self) -> list[QSplitter]:
        return [self.main_splitter, self.tables_splitter, self.side_splitter]

    def store_settings(self) -> Settings:
        """Copy the window's state into the settings object (and return it)."""
        s = self._settings
        s.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        s.window_state = bytes(self.saveState().toBase64()).decode("ascii")
        s.splitters = {**s.splitters, **{
            sp.objectName(): bytes(sp.saveState().toBase64()).decode("ascii") for sp in self._splitters()
            if not (self._compact and sp is self.side_splitter)  # in a small window it holds only the tabs: kept as it was
        }}
        place = self._place()
        s.sector, s.theme, s.min_confidence, s.search = place.sector, place.theme, place.min_confidence, place.query
        kind, item_id = self._current or ("", "")
        s.current_kind, s.current_id = kind, item_id
        for view, field in ((self.findings_view, "findings_sort"), (self.recommendations_view, "recommendations_sort")):
            header = view.horizontalHeader()
            setattr(s, field, (header.sortIndicatorSection(), header.sortIndicatorOrder().value))
        current = self.lower_tabs.currentWidget()
        if current in self._lower_pages():
            s.lower_tab = self._lower_pages().index(current)
        return s

    def save_settings(self) -> None:
        if self._store is None:
            return
        try:
            self._store.save(self.store_settings())
        except WriteError as error:
            log.warning("Settings not saved: %s", error)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(guard() for guard in self.close_guards):
            event.ignore()
            return
        self.save_settings()
        super().closeEvent(event)

    # ==== small windows ===============================================================================
    def tabs_enlarged(self) -> bool:
        return self.actions["enlarge_tabs"].isChecked()

    def set_tabs_enlarged(self, enlarged: bool) -> None:
        """The chart and pack tabs take the whole window (the other panes hidden), or give them back."""
        if self.actions["enlarge_tabs"].isChecked() != enlarged:
            self.actions["enlarge_tabs"].setChecked(enlarged)
        self.sectors_pane.setVisible(not enlarged)
        self.tables_splitter.setVisible(not enlarged)
        if self.lower_tabs.indexOf(self.detail_pane) < 0:  # above the tabs, not one of them
            self.detail_pane.setVisible(not enlarged)
        if enlarged and self.lower_tabs.currentWidget() is self.detail_pane:
            self.lower_tabs.setCurrentIndex(1)
        self.statusBar().showMessage(
            "The chart and the briefing pack have the whole window; Ctrl+Shift+M gives the other panes back." if enlarged else "",
            6000,
        )

    def is_compact(self) -> bool:
        return self._compact

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        size = event.size()
        self._set_compact(size.width() < COMPACT_WIDTH or size.height() < COMPACT_HEIGHT)
        if not getattr(self, "_sizes_saved", True) and self.isVisible():
            self._sizes_saved = True  # the first size the window is shown at: panes in proportion to it
            self._default_sizes(size.width(), size.height())

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if not getattr(self, "_sizes_saved", True):
            self._sizes_saved = True
            self._default_sizes(self.width(), self.height())

    def _set_compact(self, compact: bool) -> None:
        """In a small window the detail pane is the first tab beside the chart and the briefing pack, and the
        filters take a second toolbar row; in a larger one the detail sits above the tabs."""
        if compact == self._compact:
            return
        self._compact = compact
        tabs = self.lower_tabs
        current = tabs.currentWidget()
        tabs.setUpdatesEnabled(False)
        try:
            if compact:
                self._side_state = self.side_splitter.saveState()
                tabs.insertTab(0, self.detail_pane, "Detail")
                tabs.setCurrentWidget(self.detail_pane)
                self.insertToolBarBreak(self.filters_toolbar)
                self.theme_combo.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 20)
                self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 20)  # its own row: it widens
            else:
                tabs.removeTab(tabs.indexOf(self.detail_pane))
                self.side_splitter.insertWidget(0, self.detail_pane)
                self.detail_pane.setVisible(not self.tabs_enlarged())
                if getattr(self, "_side_state", None) is not None:
                    self.side_splitter.restoreState(self._side_state)
                tabs.setCurrentWidget(current if current is not self.detail_pane else self._lower_pages()[0])
                self.removeToolBarBreak(self.filters_toolbar)
                self.theme_combo.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 36)
                self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * SEARCH_CHARS)
            # The confidence key (the tables and the detail say each level in words too) gives its room to the
            # sector list in a small window.
            self.confidence_key.setVisible(not compact)
            self.confidence_key_title.setVisible(not compact)
            self._name_splitter_handles()
        finally:
            tabs.setUpdatesEnabled(True)

    def _lower_pages(self) -> list[QWidget]:
        """The chart and briefing-pack pages of the tabs (not the detail pane, a tab in a small window)."""
        pages = (self.lower_tabs.widget(i) for i in range(self.lower_tabs.count()))
        return [page for page in pages if page is not self.detail_pane]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._extensions_scheduled:
            # The first paint has happened: attach the extensions on the next turn of the event loop.
            self._extensions_scheduled = True
            QTimer.singleShot(0, self, self._attach_next_extension)  # the window as context: no call once it is gone


def confidence_key_text(spoken: bool = False) -> str:
    """The key to the confidence markers; ``spoken`` leaves the circles out (a screen reader reads each one)."""
    lines = [f"{CONFIDENCE_MARKERS[level]}: {level.label.lower()}" if CONFIDENCE_MARKERS[level].split()[-1] != level.label
              else CONFIDENCE_MARKERS[level] + ": not found in any source text retrieved" for level in Confidence]
    if spoken:
        lines = [line.lstrip("●○ ") for line in lines]
    return "\n".join(lines)


def _pane_name(widget: QWidget) -> str:
    """A pane's name in words, from its title label ("Findings") or the panes it holds."""
    label = widget.findChild(QLabel)
    if isinstance(widget, QSplitter):
        return " and ".join(_pane_name(widget.widget(i)) for i in range(widget.count()))
    return label.text().replace("&", "") if label is not None else widget.objectName()


def _long_date(value) -> str:
    return long_date(value)  # en-GB whatever the system locale
