"""The window's size, layout and place kept between sessions (Settings), its first size, and when its panes
take the layout of a small window (compact) or give the chart and pack the whole window (panes.py lays them out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize

from ..domain.models import Confidence
from ..qtmodels.proxies import sort_order
from ..storage.settings import Settings
from .actions import shortcut_text
from .history import Place

if TYPE_CHECKING:
    from .main_window import MainWindow

# Below this size (logical pixels: a 1366×768 screen at 200% is 683×384) the detail pane becomes the first tab
# beside the chart and the briefing pack, so that each has the pane's whole height; above it, they are stacked.
COMPACT_WIDTH = 1100
COMPACT_HEIGHT = 640
# The window's first size: this share of the screen's available area, at most the largest size below.
SCREEN_SHARE = 0.9
LARGEST_FIRST_SIZE = (1680, 1050)


def _decoded(text: str) -> QByteArray:
    return QByteArray.fromBase64(text.encode("ascii"))


def _encoded(data: QByteArray) -> str:
    return bytes(data.toBase64()).decode("ascii")


class WindowState:
    def __init__(self, window: MainWindow, settings: Settings):
        self.window = window
        self.settings = settings
        self.sizes_saved = True  # False until the panes are sized for the first size shown, when none were saved

    @property
    def compact(self) -> bool:
        return self.window.pane_layout.compact

    # ==== settings ===================================================================================
    def restore(self) -> None:
        w, s, panes = self.window, self.settings, self.window.pane_layout
        if not (s.window_geometry and w.restoreGeometry(_decoded(s.window_geometry))):
            w.resize(self.first_size())
        self._fit_to_screen()
        if s.window_state:
            w.restoreState(_decoded(s.window_state))
        self.sizes_saved = bool(s.splitters)
        for splitter in panes.splitters():
            state = s.splitters.get(splitter.objectName())
            if state:
                splitter.restoreState(_decoded(state))
        for view, (column, order) in ((panes.findings_view, s.findings_sort), (panes.recommendations_view, s.recommendations_sort)):
            column = column if -1 <= column < view.model().columnCount() else -1
            view.sortByColumn(column, sort_order(order))
        pages = panes.lower_pages()
        if not self.compact:
            panes.lower_tabs.setCurrentWidget(pages[min(max(s.lower_tab, 0), len(pages) - 1)])
        current = (s.current_kind, s.current_id) if s.current_kind and s.current_id else None
        confidence = s.min_confidence if s.min_confidence in {c.value for c in Confidence} else None
        w.navigator.restore_place(Place(s.sector, s.theme, confidence, s.search, current).kept_in(w.catalogue))

    def first_size(self) -> QSize:
        """The window's size when no size was saved: most of the screen's available area, whatever the screen."""
        available = self.window.screen().availableGeometry()
        return QSize(
            min(round(available.width() * SCREEN_SHARE), LARGEST_FIRST_SIZE[0]),
            min(round(available.height() * SCREEN_SHARE), LARGEST_FIRST_SIZE[1]),
        )

    def _fit_to_screen(self) -> None:
        """A size saved on a larger screen (or at a smaller scale) is cut down to this one's available area."""
        w = self.window
        available = w.screen().availableGeometry()
        frame = w.frameGeometry().size() - w.geometry().size()
        room = QSize(available.width() - frame.width(), available.height() - frame.height())
        if w.width() > room.width() or w.height() > room.height():
            w.resize(min(w.width(), room.width()), min(w.height(), room.height()))

    def store(self) -> Settings:
        """Copy the window's state into the settings object (and return it)."""
        w, s, panes = self.window, self.settings, self.window.pane_layout
        s.window_geometry = _encoded(w.saveGeometry())
        s.window_state = _encoded(w.saveState())
        s.splitters = {**s.splitters, **{
            sp.objectName(): _encoded(sp.saveState()) for sp in panes.splitters()
            if not (self.compact and sp is panes.side_splitter)  # in a small window it holds only the tabs: kept as it was
        }}
        place = w.navigator.place()
        s.sector, s.theme, s.min_confidence, s.search = place.sector, place.theme, place.min_confidence, place.query
        kind, item_id = place.current or ("", "")
        s.current_kind, s.current_id = kind, item_id
        for view, field in ((panes.findings_view, "findings_sort"), (panes.recommendations_view, "recommendations_sort")):
            header = view.horizontalHeader()
            setattr(s, field, (header.sortIndicatorSection(), header.sortIndicatorOrder().value))
        current = panes.lower_tabs.currentWidget()
        if current in panes.lower_pages():
            s.lower_tab = panes.lower_pages().index(current)
        return s

    # ==== small windows ===============================================================================
    def resized(self, size: QSize) -> None:
        self.set_compact(size.width() < COMPACT_WIDTH or size.height() < COMPACT_HEIGHT)
        if not self.sizes_saved and self.window.isVisible():
            self.sizes_saved = True  # the first size the window is shown at: panes in proportion to it
            self._default_sizes(size.width(), size.height())

    def shown(self) -> None:
        if not self.sizes_saved:
            self.sizes_saved = True
            self._default_sizes(self.window.width(), self.window.height())

    def _default_sizes(self, width: int, height: int) -> None:
        self.window.pane_layout.default_sizes(width, height, narrow=width < COMPACT_WIDTH)

    def set_tabs_enlarged(self, enlarged: bool) -> None:
        """The chart and pack tabs take the whole window (the other panes hidden), or give them back."""
        action = self.window.action("enlarge_tabs")
        if action.isChecked() != enlarged:
            action.setChecked(enlarged)
        self.window.pane_layout.set_enlarged(enlarged)
        shortcut = shortcut_text(action)
        self.window.statusBar().showMessage(
            f"The chart and the briefing pack have the whole window; {shortcut} gives the other panes back." if enlarged else "",
            6000,
        )

    def set_compact(self, compact: bool) -> None:
        """In a small window the detail pane is the first tab beside the chart and the briefing pack, and the
        filters take a second toolbar row; in a larger one the detail sits above the tabs."""
        if compact == self.compact:
            return
        self.window.pane_layout.set_compact(compact)
        self.window.filter_bar.set_compact(compact)
