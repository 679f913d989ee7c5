"""The sector chosen and the search and filters: what the two tables show, their counts, and why one is empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.catalogue import Catalogue
from ..qtmodels import Filters
from .filter_bar import FilterBar
from .guard import Guard

if TYPE_CHECKING:
    from ..qtmodels import FindingFilterProxyModel, RecommendationFilterProxyModel, SectorListModel
    from .history import Place
    from .panes import Panes


class Filtering:
    """Sets the tables' filters from the sector list and the filter bar, and says how many rows each shows.
    ``syncing`` is up while it changes those widgets itself (their signals are then not the user's)."""

    def __init__(self, bar: FilterBar, panes: Panes, sector_model: SectorListModel,
                 proxies: tuple[FindingFilterProxyModel, RecommendationFilterProxyModel], syncing: Guard):
        self.bar = bar
        self.panes = panes
        self.sector_model = sector_model
        self.proxies = proxies
        self.syncing = syncing

    def current_sector(self) -> str | None:
        index = self.panes.sector_view.currentIndex()
        return self.sector_model.sector_id(index.row()) if index.isValid() else None

    def set_sector(self, sector_id: str | None) -> None:
        row = max(self.sector_model.row_of(sector_id), 0)
        self.panes.sector_view.setCurrentIndex(self.sector_model.index(row, 0))

    def filters(self) -> Filters:
        return self.bar.filters(self.current_sector())

    def apply(self) -> None:
        """Give both tables the sector, search and filters chosen now."""
        filters = self.filters()
        with self.syncing():
            for proxy in self.proxies:
                proxy.set_filters(filters)

    def show(self, place: Place) -> None:
        """Choose the sector, theme, confidence and search of ``place`` (the tables follow on ``apply``)."""
        with self.syncing():
            self.set_sector(place.sector)
            self.bar.show_values(place.theme, place.min_confidence, place.query)

    def clear(self) -> None:
        """Empty the search box and reset the theme and confidence filters (the sector stays)."""
        with self.syncing():
            self.bar.clear()

    def fill_themes(self, catalogue: Catalogue, wanted: str | None) -> None:
        """The catalogue's themes in the theme filter; the one chosen kept (``wanted`` when none is yet)."""
        combo = self.bar.theme_combo
        with self.syncing():
            self.bar.fill_themes(catalogue, combo.currentData() if combo.count() else wanted)

    def show_counts(self, catalogue: Catalogue) -> None:
        filters = self.filters()
        sector_name = self.sector_model.name(self.panes.sector_view.currentIndex().row()) if self.current_sector() else ""
        self.panes.show_counts(catalogue, lambda noun: self.bar.empty_message(filters, noun, sector_name))
