"""Filtering (sector, theme, confidence, search words) and sorting (by each column's sort key).

The proxies must refilter 100,000 rows within a keystroke, so nothing here runs Python code per row when
the filters change: the rows passing each filter are computed in bulk (sets and C-level loops, see
domain/search.py), the rows shown are a plain list, and a change of filters resets the model with one
signal, or with none when the same rows are shown (a letter typed that hides nothing more).
QSortFilterProxyModel, used before, called filterAcceptsRow in Python for every row and, when the rows
hidden were scattered, emitted thousands of row-removal signals: seconds for 100,000 rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.catalogue import Catalogue, search_words
from ..domain.models import Confidence, Finding, Recommendation
from ..domain.search import KeyMatcher, RowIds
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


class _RowSets:
    """For one catalogue: the source rows of each sector, theme and confidence level, found once."""

    def __init__(self, items: list, themes_of) -> None:
        self.by_sector: dict[str, set[int]] = {}
        self.by_theme: dict[str, set[int]] = {}
        self.by_rank: dict[int, set[int]] = {}
        for row, item in enumerate(items):
            self.by_sector.setdefault(str(item.sector), set()).add(row)
            for theme in themes_of(item):
                self.by_theme.setdefault(theme, set()).add(row)
            self.by_rank.setdefault(item.confidence.rank, set()).add(row)

    def at_least(self, level: Confidence) -> set[int]:
        return set().union(*(rows for rank, rows in self.by_rank.items() if rank >= level.rank))


class _ItemFilterProxyModel(QAbstractProxyModel):
    """The rows of an item table model that pass every filter, in the order of the sort column."""

    def __init__(self, source: _ItemTableModel, parent=None):
        super().__init__(parent)
        self._filters = Filters()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._rows: list[int] = []  # source rows shown, in display order
        self._proxy_rows: dict[int, int] | None = None  # source row -> proxy row, made when first asked for
        self._row_sets: _RowSets | None = None
        self._orders: dict[tuple[int, Qt.SortOrder], list[int]] = {}  # every source row, sorted, per column
        self._source = source  # the same as sourceModel(), without a call into Qt for each cell painted
        self.setSourceModel(source)
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._source_reset)
        self._refilter()

    # ---- filters ---------------------------------------------------------------------------------------------
    @property
    def filters(self) -> Filters:
        return self._filters

    def set_filters(self, filters: Filters) -> None:
        if filters == self._filters:
            return
        rows = self._rows_passing(filters)
        self._filters = filters
        if rows == self._rows:
            return  # the same rows in the same order (a letter typed that hides nothing more): nothing to redo
        self.beginResetModel()
        self._rows, self._proxy_rows = rows, None
        self.endResetModel()

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

    def matcher(self, catalogue: Catalogue) -> KeyMatcher:
        raise NotImplementedError

    def _refilter(self) -> None:
        self._rows, self._proxy_rows = self._rows_passing(self._filters), None

    def _rows_passing(self, filters: Filters) -> list[int]:
        """The source rows passing ``filters``, in display order."""
        source = self.sourceModel()
        if self._row_sets is None:
            self._row_sets = _RowSets(source.items(), self.themes_of)
        restrictions = []
        if filters.sector:
            restrictions.append(self._row_sets.by_sector.get(filters.sector, set()))
        if filters.theme:
            restrictions.append(self._row_sets.by_theme.get(filters.theme, set()))
        if filters.min_confidence:
            restrictions.append(self._row_sets.at_least(filters.min_confidence))
        found = self.matcher(source.catalogue).matching(filters.words) if filters.words else None
        if found is not None and not restrictions and self._sort_column < 0:
            return found  # already in source order
        if found is not None or restrictions:
            if found is not None:
                restrictions.append(set(found))
            shown = set.intersection(*sorted(restrictions, key=len))
            order = self._order()
            return list(compress(order, map(shown.__contains__, order)))  # a C loop keeps the sort order
        return self._order()

    def _order(self) -> list[int]:
        """Every source row in display order: source order, or sorted by the sort column (stably, like Qt)."""
        count = self.sourceModel().rowCount()
        column = self._sort_column
        if not 0 <= column < self.sourceModel().columnCount():
            return list(range(count))
        key = (column, self._sort_order)
        if key not in self._orders:
            keys = self.sourceModel().sort_keys(column)
            descending = self._sort_order == Qt.SortOrder.DescendingOrder
            self._orders[key] = sorted(range(count), key=keys.__getitem__, reverse=descending)
        return self._orders[key]  # never changed in place, so shared safely

    def _source_reset(self) -> None:
        self._row_sets = None
        self._orders.clear()
        self._refilter()
        self.endResetModel()

    # ---- rows ------------------------------------------------------------------------------------------------
    def item(self, proxy_row: int):
        return self.sourceModel().item(self._rows[proxy_row])

    def visible_ids(self) -> RowIds:
        """Ids of the items shown, in view order (a sequence equal to their list, which also carries their source rows)."""
        source = self.sourceModel()
        return RowIds.of_rows(source.ids(), self._rows, source.catalogue)  # _rows is replaced, never changed

    def proxy_row_of(self, item_id: str) -> int:
        source_row = self.sourceModel().row_of(item_id)
        if source_row < 0:
            return -1
        return self._proxy_row(source_row)

    def _proxy_row(self, source_row: int) -> int:
        if self._proxy_rows is None:
            self._proxy_rows = {source: proxy for proxy, source in enumerate(self._rows)}
        return self._proxy_rows.get(source_row, -1)

    # ---- sorting -------------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        sources = [(self._rows[index.row()], index.column()) for index in before]
        self._sort_column, self._sort_order = column, order
        self._refilter()
        after = [self._index_of_source(row, column) for row, column in sources]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _index_of_source(self, source_row: int, column: int) -> QModelIndex:
        row = self._proxy_row(source_row)
        return self.createIndex(row, column) if row >= 0 else QModelIndex()

    # ---- QAbstractProxyModel -------------------------------------------------------------------------------
    def mapToSource(self, proxy_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:
        if not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self._rows):
            return QModelIndex()
        return self.sourceModel().index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        return self._index_of_source(source_index.row(), source_index.column())

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if parent.isValid() or not 0 <= row < len(self._rows) or not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, *args):
        if not args:
            return super().parent()  # QObject.parent()
        return QModelIndex()  # a flat table: no item has a parent

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.sourceModel().columnCount()

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and bool(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # The same as QAbstractProxyModel.data, in one Python call per cell instead of three (painting asks
        # for about eight roles of every visible cell).
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._rows):
            return None
        return self._source.cell(self._rows[row], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            return self.sourceModel().headerData(section, orientation, role)
        return None


class FindingFilterProxyModel(_ItemFilterProxyModel):
    def __init__(self, source: FindingTableModel, parent=None):
        super().__init__(source, parent)

    def themes_of(self, item: Finding) -> set[str]:
        return set(item.themes)

    def matcher(self, catalogue: Catalogue) -> KeyMatcher:
        return catalogue.finding_search


class RecommendationFilterProxyModel(_ItemFilterProxyModel):
    def __init__(self, source: RecommendationTableModel, parent=None):
        super().__init__(source, parent)

    def themes_of(self, item: Recommendation) -> set[str]:
        """A recommendation has no themes of its own: it takes those of the findings it rests on."""
        catalogue = self.sourceModel().catalogue
        ids = [*item.supporting_findings, *item.related_findings]
        return {theme for fid in ids if fid in catalogue.findings for theme in catalogue.findings[fid].themes}

    def matcher(self, catalogue: Catalogue) -> KeyMatcher:
        return catalogue.recommendation_search


def sort_order(value: int) -> Qt.SortOrder:
    return Qt.SortOrder.DescendingOrder if value == Qt.SortOrder.DescendingOrder.value else Qt.SortOrder.AscendingOrder
