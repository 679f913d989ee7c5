"""The main window: sectors, findings, recommendations and the detail pane, with search, filters and Back.

The window composes its parts, each in a module of its own: the actions and menus (actions.py, declared in
window_actions.py), the search and filter toolbars (filter_bar.py), the panes (panes.py, tables.py), what
the tables show (filtering.py), the current item and Back (navigator.py; history.py keeps the places), the size and layout kept between sessions
(window_state.py), what it says about itself (window_text.py) and what its File and Edit actions do
(commands.py). Other features (charts, briefing sheets and packs) attach through the contract in
extensions.py (``ExtensionHost``). Start-up speed matters: this module imports no pyqtgraph, numpy or
QtPrintSupport; extensions are imported after the first paint.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from .. import APP_SHORT_NAME
from ..domain.catalogue import Catalogue
from ..domain.models import ItemKind
from ..qtmodels import (
    FindingFilterProxyModel,
    FindingTableModel,
    RecommendationFilterProxyModel,
    RecommendationTableModel,
    SectorListModel,
)
from ..storage.atomic import WriteError
from ..storage.settings import Settings, SettingsStore
from . import window_text
from .actions import ActionRegistry, shortcut_text
from .commands import Commands
from .dialogs import ShortcutsDialog, plain_message_box
from .extensions import Attacher, ChartsPart, SheetsPart
from .filter_bar import FilterBar, prepare_search_index
from .filtering import Filtering
from .focus_frame import follow_focus
from .guard import Guard
from .navigator import Navigator
from .panes import Panes, focus_next_pane
from .window_actions import MENUS, window_actions
from .window_state import WindowState

log = logging.getLogger(__name__)

# After the first paint and the extensions, when the user has not typed yet.
SEARCH_INDEX_DELAY_MS = 1000


class MainWindow(QMainWindow):
    datasetChanged = Signal()
    currentItemChanged = Signal(str, str)  # (kind, id); kind is an ItemKind, or "" (none)
    visibleFindingsChanged = Signal()
    hostTabChanged = Signal()  # another of the chart, pack (and, in a small window, detail) tabs is in front

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
        self._syncing = Guard()  # up while the window itself changes selections or filter widgets
        self.navigator = Navigator(self, self._syncing)
        self.commands = Commands(self)
        self.window_state = WindowState(self, self._settings)
        self.extension_attacher = Attacher(self)
        # Extensions append callables here; each returns False to keep the window open (e.g. an unsaved pack).
        self.close_guards: list = []
        # Extensions append callables here; each is given a file chosen in File > Open and returns True when
        # it has dealt with it (a briefing pack); otherwise the file is opened as a dataset.
        self.file_openers: list = []
        self.charts: ChartsPart | None = None  # the charts and sheets extensions put themselves here
        self.sheets: SheetsPart | None = None
        self.setObjectName("mainWindow")

        self.sector_model = SectorListModel(catalogue, self)
        self.finding_model = FindingTableModel(catalogue, self)
        self.finding_proxy = FindingFilterProxyModel(self.finding_model, self)
        self.recommendation_model = RecommendationTableModel(catalogue, self)
        self.recommendation_proxy = RecommendationFilterProxyModel(self.recommendation_model, self)

        self.action_registry = ActionRegistry(self, MENUS)
        self.action_registry.add_all(window_actions(self))
        self.filter_bar = FilterBar(self, self.action_registry.toolbar_actions())
        self.pane_layout = p = Panes(self, self.sector_model, self.finding_proxy, self.recommendation_proxy,
                                     lambda: self.navigator.current is None)  # nothing in the detail pane to replace
        self.chart_host, self.pack_host = p.chart_host, p.pack_host
        self.filtering = Filtering(self.filter_bar, p, self.sector_model, (self.finding_proxy, self.recommendation_proxy),
                                   self._syncing)
        self.setCentralWidget(p.main_splitter)
        p.default_sizes()
        p.name_splitter_handles()
        # F6 moves between these, in this order
        self.panes = [self.filter_bar.search_edit, p.sector_view, p.findings_pane, p.recommendations_pane, p.detail, p.lower_tabs]
        self.action_registry.fill_menus(self.menuBar())
        self._connect()
        follow_focus()  # one for the application: dialogs' lists are framed too
        self.dataset_label = window_text.status_line(self)
        # No accessible name of its own: screen readers then say the window title (the dataset and its counts).
        next_pane = shortcut_text(self.action("next_pane"))
        p.detail.set_back_keys(shortcut_text(self.action("back")))
        self.setAccessibleDescription(
            f"Sectors, findings, recommendations and the detail of the chosen item. {next_pane} moves between panes."
        )

        self.filtering.fill_themes(catalogue, self._settings.theme)
        self._update_titles()
        self.window_state.restore()
        self._prepare_search_soon()
        if self._store and self._store.warning:
            self.statusBar().showMessage(self._store.warning)

    # ==== what extensions use (the ExtensionHost of extensions.py) ======================================
    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    def settings(self) -> Settings:
        return self._settings

    def menu(self, name: str) -> QMenu:  # not an extension's: they place their actions by rows
        return self.action_registry.menu(name)

    def action(self, action_id: str) -> QAction:
        return self.action_registry.action(action_id)

    def current_sector(self) -> str | None:
        return self.filtering.current_sector()

    def visible_finding_ids(self) -> Sequence[str]:
        return self.finding_proxy.visible_ids()

    def visible_recommendation_ids(self) -> Sequence[str]:
        return self.recommendation_proxy.visible_ids()

    def current_item(self) -> tuple[str, str] | None:
        return self.navigator.current

    def select_finding(self, finding_id: str) -> None:
        self.navigator.go_to(ItemKind.FINDING, finding_id, remember=True)

    def select_recommendation(self, rec_id: str) -> None:
        self.navigator.go_to(ItemKind.RECOMMENDATION, rec_id, remember=True)

    def show_host(self, host: QWidget) -> None:
        self.pane_layout.show_host(host)

    def shown_host(self) -> QWidget | None:
        return next((host for host in (self.chart_host, self.pack_host) if host.isVisibleTo(self)), None)

    def show_error(self, title: str, text: str) -> None:
        plain_message_box(self, QMessageBox.Icon.Warning, title, text).exec()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Show another dataset. Filters and the current item are kept where they still make sense."""
        navigator = self.navigator
        place = navigator.place()
        self._catalogue = catalogue
        navigator.history.clear()
        with self._syncing():
            self.sector_model.set_catalogue(catalogue)
            self.finding_model.set_catalogue(catalogue)
            self.recommendation_model.set_catalogue(catalogue)
            self.filtering.fill_themes(catalogue, self._settings.theme)
            self.pane_layout.size_columns()
        navigator.return_to(place)
        self._update_titles()
        self._prepare_search_soon()
        self.datasetChanged.emit()

    def extensions_attached(self) -> bool:
        return self.extension_attacher.done()

    def attach_extensions_now(self) -> list[str]:
        """Import and attach the extensions (charts, sheets) not attached yet, now; returns the names attached."""
        return self.extension_attacher.attach_now()

    # ==== wiring the parts ==============================================================================
    def _connect(self) -> None:
        p = self.pane_layout
        p.sector_view.selectionModel().currentRowChanged.connect(lambda *_: self._filters_changed())
        self.filter_bar.changed.connect(self._filters_changed)
        self.filter_bar.searchLeft.connect(lambda: p.findings_pane.focus_target().setFocus(Qt.FocusReason.OtherFocusReason))
        self.filter_bar.clear_button.clicked.connect(self.navigator.clear_filters)
        for kind in ItemKind.FINDING, ItemKind.RECOMMENDATION:
            pane = p.pane(kind)
            pane.empty.button.clicked.connect(self._empty_state_action)
            pane.view.selectionModel().currentRowChanged.connect(
                lambda current, _previous, kind=kind: self.navigator.table_current_changed(kind, current)
            )
            pane.view.enterPressed.connect(self.show_detail)
        p.detail.linkActivated.connect(lambda kind, item_id: self.navigator.go_to(kind, item_id, remember=True))
        p.lower_tabs.currentChanged.connect(lambda _index: self.hostTabChanged.emit())
        self.finding_proxy.layoutChanged.connect(self._rows_reordered)  # sorting changes the visible order

    def _prepare_search_soon(self) -> None:
        """Build the dataset's search index shortly after it is shown, so that the first key typed is as
        quick as the others (about 7 s for 100,000 findings, a few milliseconds for the bundled dataset)."""
        QTimer.singleShot(SEARCH_INDEX_DELAY_MS, self, self._prepare_search)

    def _prepare_search(self) -> None:
        prepare_search_index(self._catalogue)  # the catalogue shown now: one replaced since is not indexed for nothing

    def _filters_changed(self) -> None:
        if not self._syncing.active:
            self.navigator.refilter()

    def _empty_state_action(self) -> None:
        if self.filtering.filters().narrowing:
            self.navigator.clear_filters()
        else:
            self.filtering.set_sector(None)
        self.pane_layout.findings_pane.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def _rows_reordered(self) -> None:
        if not self._syncing.active:
            self.visibleFindingsChanged.emit()

    # ==== the window's own actions (views/window_actions.py) ==========================================
    def show_detail(self) -> None:
        """Move to the detail pane (bringing its tab to the front in a small window)."""
        self.pane_layout.show_detail()
        self.pane_layout.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.filter_bar.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search_edit.selectAll()

    def focus_next_pane(self) -> None:
        focus_next_pane(self.panes)

    def focus_previous_pane(self) -> None:
        focus_next_pane(self.panes, backwards=True)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        return window_text.shortcut_rows(self.action_registry.actions())

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self).exec()

    def about_text(self) -> str:
        return window_text.about_text(self._catalogue)

    def show_about(self) -> None:
        plain_message_box(self, QMessageBox.Icon.Information, f"About {APP_SHORT_NAME}", self.about_text()).exec()

    def _update_titles(self) -> None:
        window_text.show_titles(self, self.dataset_label, self._catalogue)
        self.filtering.show_counts(self._catalogue)

    # ==== settings, size and layout (views/window_state.py) ============================================
    def save_settings(self) -> None:
        if self._store is None:
            return
        try:
            self._store.save(self.window_state.store())
        except WriteError as error:
            log.warning("Settings not saved: %s", error)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if not all(guard() for guard in self.close_guards):
            event.ignore()
            return
        self.save_settings()
        super().closeEvent(event)

    def tabs_enlarged(self) -> bool:
        return self.action("enlarge_tabs").isChecked()

    def is_compact(self) -> bool:
        return self.window_state.compact

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.window_state.resized(event.size())

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self.window_state.shown()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        self.extension_attacher.painted()
