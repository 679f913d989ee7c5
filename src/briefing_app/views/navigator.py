"""The current item (shown in the detail pane), choosing it in its table, what the tables show once the filters
change, and Back to where the user was (the places and the rules of moving between them: history.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QTableView

from ..domain.models import Finding, ItemKind, Recommendation
from ..qtmodels import Roles
from .guard import Guard
from .history import History, Place

if TYPE_CHECKING:
    from .main_window import MainWindow


class Navigator:
    """Keeps the tables' selection, the detail pane and the history in step; ``syncing`` is up while it
    changes the window's widgets itself (their signals are then not the user's)."""

    def __init__(self, window: MainWindow, syncing: Guard):
        self.window = window
        self.syncing = syncing
        self.current: tuple[ItemKind, str] | None = None
        self.history = History()

    def item(self, kind: str, item_id: str) -> Finding | Recommendation | None:
        return self.window.catalogue.item(kind, item_id)

    def current_object(self) -> Finding | Recommendation | None:
        return self.item(*self.current) if self.current else None

    def place(self) -> Place:
        bar = self.window.filter_bar
        return Place(self.window.filtering.current_sector(), bar.theme(), bar.min_confidence(), bar.query(), self.current)

    def select_row(self, view: QTableView, row: int) -> None:
        index = view.model().index(row, 0)
        with self.syncing():
            view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        view.scrollTo(index)

    def table_current_changed(self, kind: str, current: QModelIndex) -> None:
        if self.syncing.active:
            return
        if current.isValid():
            view = self.window.pane_layout.pane(kind).view
            if not view.selectionModel().isRowSelected(current.row()):
                # The table made a row current without selecting it (focus-in does): select it so the
                # highlighted row and the detail always agree.
                self.select_row(view, current.row())
            self.set_current((ItemKind(kind), current.data(Roles.ID)))
        elif self.current and self.current[0] == kind:
            self.set_current(None)

    def set_current(self, current: tuple[ItemKind, str] | None) -> None:
        """Show ``current`` in the detail pane; the other table loses its selection."""
        window = self.window
        if current is not None:
            other = window.pane_layout.pane(ItemKind.RECOMMENDATION if current[0] == ItemKind.FINDING else ItemKind.FINDING).view
            with self.syncing():
                other.selectionModel().clear()
        changed = current != self.current
        self.current = current
        item = self.item(*current) if current else None
        window.pane_layout.detail.show_item(window.catalogue, item)
        window.action("copy").setEnabled(item is not None)
        window.action("copy_citation").setEnabled(item is not None)
        if changed:
            window.currentItemChanged.emit(*(current or ("", "")))

    def keep_current_if_visible(self) -> None:
        """After a filter change: keep the current item selected if still shown, otherwise drop it."""
        if self.current is None:
            return
        kind, item_id = self.current
        view = self.window.pane_layout.pane(kind).view
        row = view.model().proxy_row_of(item_id)
        if row >= 0:
            self.select_row(view, row)
        else:
            with self.syncing():
                view.selectionModel().clear()
            self.set_current(None)

    def refilter(self) -> None:
        """After the sector, search or a filter changed: filter the tables, keep the current item if it is still
        shown, and say how many rows each table shows."""
        window = self.window
        window.filtering.apply()
        self.keep_current_if_visible()
        # A table that does not hold the current item starts again from its top (it kept the scroll position
        # of the rows shown before, part way down the new ones).
        for kind in ItemKind.FINDING, ItemKind.RECOMMENDATION:
            if not (self.current and self.current[0] == kind):
                window.pane_layout.pane(kind).view.scrollToTop()
        window.filtering.show_counts(window.catalogue)
        window.visibleFindingsChanged.emit()

    def clear_filters(self) -> None:
        """Empty the search box and reset the theme and confidence filters (the sector stays)."""
        self.window.filtering.clear()
        self.refilter()

    def restore_place(self, place: Place) -> None:
        self.window.filtering.show(place)
        self.refilter()
        if place.current and self.item(*place.current) is not None:
            self.go_to(*place.current, remember=False)

    def return_to(self, place: Place) -> None:
        """After another dataset is shown: back to ``place`` as far as it exists in it, with no history."""
        kept = place.kept_in(self.window.catalogue)
        self.current = None
        self.restore_place(kept)
        if kept.current is None:
            self.set_current(None)
        self.update_back()

    def go_to(self, kind: str, item_id: str, remember: bool) -> None:
        """Select an item in its table (clearing filters that hide it) and show it in the detail pane."""
        kind = ItemKind(kind)
        item = self.item(kind, item_id)
        if item is None:
            raise KeyError(f"no {kind} with id {item_id!r} in the dataset")
        if remember and self.current != (kind, item_id):
            self.history.push(self.place())
            self.update_back()
        view = self.window.pane_layout.pane(kind).view
        proxy = view.model()
        if not proxy.accepts(item):
            self.window.filtering.show(self.place().cleared_for(item.sector))
            self.refilter()
            self.window.statusBar().showMessage("Search and filters were cleared to show the item.", 5000)
        self.select_row(view, proxy.proxy_row_of(item_id))
        self.set_current((kind, item_id))

    def go_back(self) -> None:
        if not self.history:
            return
        place = self.history.pop()
        self.update_back()
        self.restore_place(place)
        if place.current is None:
            for kind in ItemKind.FINDING, ItemKind.RECOMMENDATION:
                self.window.pane_layout.pane(kind).view.selectionModel().clear()
            self.set_current(None)

    def update_back(self) -> None:
        self.window.action("back").setEnabled(bool(self.history))
