"""Filtering (sector, theme, confidence, search words) and sorting (by each column's sort key)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ..domain.catalogue import search_words
from ..domain.models import Confidence, Finding, Recommendation
from .roles import Roles
from .tables import FindingTableModel, RecommendationTableModel, _ItemTableModel


@dataclass(frozen=True)
class Filters:
    """What the user asked to see. Empty values mean "no restriction"."""

    sector: str | None = None
    theme: str | None = None
    min_confidence: Confidence | None = None
    query: str = ""
    words: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def make(cls, sector=None, theme=None, min_confidence=None, query: str = "") -> Filters:
        confidence = Confidence(min_confidence) if min_confidence else None
        return cls(sector or None, theme or None, confidence, query, tuple(search_words(query)))

    @property
    def narrowing(self) -> bool:
        """True when anything other than the sector hides rows."""
        return bool(self.theme or self.min_confidence or self.words)


class _ItemFilterProxyModel(QSortFilterProxyModel):
    """Accepts the rows of an item table model that pass every filter; sorts by Roles.SORT_KEY."""

    def __init__(self, source: _ItemTableModel, parent=None):
        super().__init__(parent)
        self._filters = Filters()
        self.setSourceModel(source)
        self.setSortRole(Roles.SORT_KEY)
        # Sorting is applied on request (header clicks); rows keep the order they had when data change.
        self.setDynamicSortFilter(True)

    @property
    def filters(self) -> Filters:
        return self._filters

    def set_filters(self, filters: Filters) -> None:
        if filters == self._filters:
            return
        self.beginFilterChange()
        self._filters = filters
        self.endFilterChange()

    def item(self, proxy_row: int):
        return self.sourceModel().item(self.mapToSource(self.index(proxy_row, 0)).row())

    def proxy_row_of(self, item_id: str) -> int:
        source_row = self.sourceModel().row_of(item_id)
        if source_row < 0:
            return -1
        return self.mapFromSource(self.sourceModel().index(source_row, 0)).row()

    def accepts(self, item) -> bool:
        """Whether ``item`` passes the current filters (used to decide if a filter must be cleared)."""
        filters = self._filters
        if filters.sector and item.sector != filters.sector:
            return False
        if filters.theme and filters.theme not in self.themes_of(item):
            return False
        if filters.min_confidence and item.confidence.rank < filters.min_confidence.rank:
            return False
        return not filters.words or self.sourceModel().catalogue.matches(item.id, list(filters.words))

    def themes_of(self, item) -> set[str]:
        raise NotImplementedError

    # ---- QSortFilterProxyModel ------------------------------------------------------------------------------
    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if source_parent.isValid():
            return False
        return self.accepts(self.sourceModel().item(source_row))

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:
        # Sort keys are numbers for numeric columns and folded text for text columns, never mixed
        # within one column, so Python's own comparison orders them (numbers as numbers).
        return left.data(Roles.SORT_KEY) < right.data(Roles.SORT_KEY)


class FindingFilterProxyModel(_ItemFilterProxyModel):
    def __init__(self, source: FindingTableModel, parent=None):
        super().__init__(source, parent)

    def themes_of(self, item: Finding) -> set[str]:
        return set(item.themes)


class RecommendationFilterProxyModel(_ItemFilterProxyModel):
    def __init__(self, source: RecommendationTableModel, parent=None):
        super().__init__(source, parent)

    def themes_of(self, item: Recommendation) -> set[str]:
        """A recommendation has no themes of its own: it takes those of the findings it rests on."""
        catalogue = self.sourceModel().catalogue
        ids = [*item.supporting_findings, *item.related_findings]
        return {theme for fid in ids if fid in catalogue.findings for theme in catalogue.findings[fid].themes}


def sort_order(value: int) -> Qt.SortOrder:
    return Qt.SortOrder.DescendingOrder if value == Qt.SortOrder.DescendingOrder.value else Qt.SortOrder.AscendingOrder
